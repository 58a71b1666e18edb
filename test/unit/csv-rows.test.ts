import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CsvFormatError,
  CsvLimitError,
  type CsvLimits,
  type CsvRow,
  inspectCsv,
  readCsvRows,
  uniqueHeaders,
} from '../../core/intake/csv-rows';

const LIMITS: CsvLimits = { maxRows: 100, maxRowBytes: 1000 };

let dir: string;
let files = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelpipe-csv-rows-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `text` to a fresh file in the temp dir and returns its path. */
async function csvFile(text: string | Buffer): Promise<string> {
  const path = join(dir, `file-${++files}.csv`);
  await writeFile(path, text);
  return path;
}

async function readAll(text: string, limits: CsvLimits = LIMITS): Promise<CsvRow[]> {
  const rows: CsvRow[] = [];
  for await (const row of readCsvRows(await csvFile(text), limits)) rows.push(row);
  return rows;
}

/** The error reading the whole file throws, or undefined. */
async function readError(text: string, limits: CsvLimits = LIMITS): Promise<unknown> {
  try {
    await readAll(text, limits);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('readCsvRows', () => {
  it('strips a UTF-8 BOM from the first header', async () => {
    const rows = await readAll('\uFEFFname,city\nAnn,Paris\n');
    expect(rows).toEqual([{ line: 2, values: { name: 'Ann', city: 'Paris' } }]);
  });

  it('strips a BOM written as bytes before a quoted header', async () => {
    const text = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('"name";"city"\r\n"Ann";"Paris, FR"\r\n'),
    ]);
    const path = await csvFile(text);
    const rows: CsvRow[] = [];
    for await (const row of readCsvRows(path, LIMITS)) rows.push(row);
    expect(rows).toEqual([{ line: 2, values: { name: 'Ann', city: 'Paris, FR' } }]);
  });

  it('reads CRLF line ends without leaving \\r in the last column', async () => {
    const rows = await readAll('name,city\r\nAnn,Paris\r\nBob,Rome\r\n');
    expect(rows).toEqual([
      { line: 2, values: { name: 'Ann', city: 'Paris' } },
      { line: 3, values: { name: 'Bob', city: 'Rome' } },
    ]);
  });

  it('reads every row of a file whose line ends are mixed (rows appended by another editor)', async () => {
    expect(await readAll('name,city\r\nAnn,Paris\r\nBob,Rome\nCid,Oslo\rDee,Bern\r\n')).toEqual([
      { line: 2, values: { name: 'Ann', city: 'Paris' } },
      { line: 3, values: { name: 'Bob', city: 'Rome' } },
      { line: 4, values: { name: 'Cid', city: 'Oslo' } },
      { line: 5, values: { name: 'Dee', city: 'Bern' } },
    ]);
  });

  it('reads quoted fields with commas, escaped quotes and line breaks, reporting where each row starts', async () => {
    const text = [
      'name,notes',
      'Ann,"Paris, France"',
      'Bob,"line one',
      'line two"',
      'Cid,"said ""hi"""',
      'Dan,"1',
      '2',
      '3"',
      'Eve,last',
      '',
    ].join('\n');
    expect(await readAll(text)).toEqual([
      { line: 2, values: { name: 'Ann', notes: 'Paris, France' } },
      { line: 3, values: { name: 'Bob', notes: 'line one\nline two' } },
      { line: 5, values: { name: 'Cid', notes: 'said "hi"' } },
      { line: 6, values: { name: 'Dan', notes: '1\n2\n3' } },
      { line: 9, values: { name: 'Eve', notes: 'last' } },
    ]);
  });

  it('counts a CRLF inside quotes as one line break', async () => {
    const text = 'name,notes\r\nAnn,"a\r\nb"\r\nBob,x\r\n\r\nCid,"1\r\n2\r\n3"\r\nDan,y\r\n';
    expect(await readAll(text)).toEqual([
      { line: 2, values: { name: 'Ann', notes: 'a\r\nb' } },
      { line: 4, values: { name: 'Bob', notes: 'x' } },
      { line: 6, values: { name: 'Cid', notes: '1\r\n2\r\n3' } },
      { line: 9, values: { name: 'Dan', notes: 'y' } },
    ]);
  });

  it('counts line breaks inside a quoted header', async () => {
    expect(await readAll('"first\nname",city\nAnn,Paris\n')).toEqual([
      { line: 3, values: { 'first\nname': 'Ann', city: 'Paris' } },
    ]);
  });

  it('sniffs the ; delimiter of European Excel, keeping commas in values', async () => {
    expect(await readAll('name;amount\nAnn;1,5\nBob;2,25\n')).toEqual([
      { line: 2, values: { name: 'Ann', amount: '1,5' } },
      { line: 3, values: { name: 'Bob', amount: '2,25' } },
    ]);
  });

  it('sniffs tabs even when the values hold commas', async () => {
    expect(await readAll('Name\tCity\nAnn\tParis, France\nBob\tRome, Italy\n')).toEqual([
      { line: 2, values: { Name: 'Ann', City: 'Paris, France' } },
      { line: 3, values: { Name: 'Bob', City: 'Rome, Italy' } },
    ]);
  });

  it('prefers the tab when the header has as many commas as tabs', async () => {
    expect(await readAll('Name\tCity, Country\nAnn\tParis, France\n')).toEqual([
      { line: 2, values: { Name: 'Ann', 'City, Country': 'Paris, France' } },
    ]);
  });

  it('keeps commas when nothing else splits the header', async () => {
    expect(await readAll('a,b,c\n1,2,3\n')).toEqual([{ line: 2, values: { a: '1', b: '2', c: '3' } }]);
  });

  it('skips blank lines and delimiter-only lines, keeping real line numbers', async () => {
    const text = 'a;b\n\n1;2\n;\n;;\n \n3;4\n\n\n';
    expect(await readAll(text)).toEqual([
      { line: 3, values: { a: '1', b: '2' } },
      { line: 7, values: { a: '3', b: '4' } },
    ]);
  });

  it('keeps three distinct columns for "Email, Email, Email (2)"', async () => {
    const rows = await readAll('Email,Email,Email (2)\na@x.io,b@x.io,c@x.io\n');
    expect(rows).toEqual([{ line: 2, values: { Email: 'a@x.io', 'Email (2)': 'b@x.io', 'Email (2) (2)': 'c@x.io' } }]);
  });

  it('accepts a stray quote inside an unquoted field', async () => {
    expect(await readAll('name,city\nO"Brien,Dublin\nSmith,Rome\n')).toEqual([
      { line: 2, values: { name: 'O"Brien', city: 'Dublin' } },
      { line: 3, values: { name: 'Smith', city: 'Rome' } },
    ]);
  });

  it('accepts a stray quote in a ; file whose values hold commas', async () => {
    expect(await readAll('name;note\nO"Brien;1,5\nSmith;2,5\n')).toEqual([
      { line: 2, values: { name: 'O"Brien', note: '1,5' } },
      { line: 3, values: { name: 'Smith', note: '2,5' } },
    ]);
  });

  // The template's schema cleans and checks props; the manifest hands each row back as it came.
  it('keeps markup, invisible characters and soft hyphens in cells exactly as the file has them', async () => {
    const name = '<b>Ann</b>\u200b\u00ad';
    const note = '<img src=x onerror=alert(1)> \ufeffa < b';
    expect(await readAll(`name,note\n${name},"${note}"\n`)).toEqual([{ line: 2, values: { name, note } }]);
  });

  it('fills missing cells with empty strings and drops cells past the header', async () => {
    expect(await readAll('a,b,c\n1\n1,2,3,4\n')).toEqual([
      { line: 2, values: { a: '1', b: '', c: '' } },
      { line: 3, values: { a: '1', b: '2', c: '3' } },
    ]);
  });

  it('reads exactly maxRows rows', async () => {
    const rows = await readAll('a\n1\n2\n3\n', { maxRows: 3, maxRowBytes: 1000 });
    expect(rows.map((row) => row.values.a)).toEqual(['1', '2', '3']);
  });

  it('refuses more rows than maxRows with a 413', async () => {
    const error = await readError('a\n1\n2\n3\n4\n', { maxRows: 3, maxRowBytes: 1000 });
    expect(error).toBeInstanceOf(CsvLimitError);
    expect(error).toMatchObject({ status: 413, code: 'csv_too_large' });
    expect((error as Error).message).toBe(
      'The file has more than 3 rows, the limit for one batch. Split it into smaller files.',
    );
  });

  it('refuses a row larger than maxRowBytes, naming its line', async () => {
    const error = await readError(`name,city\nAnn,Paris\nBob,${'x'.repeat(60)}\nCid,Oslo\n`, {
      maxRows: 100,
      maxRowBytes: 40,
    });
    expect(error).toBeInstanceOf(CsvLimitError);
    expect(error).toMatchObject({ status: 413, code: 'csv_too_large' });
    expect((error as Error).message).toBe('Row at line 3 is larger than 40 bytes, the limit for one row.');
  });

  it('refuses a header line larger than maxRowBytes as line 1', async () => {
    const error = await readError(`${'x'.repeat(60)},b\nAnn,y\n`, { maxRows: 100, maxRowBytes: 40 });
    expect(error).toBeInstanceOf(CsvLimitError);
    expect((error as Error).message).toBe('Row at line 1 is larger than 40 bytes, the limit for one row.');
  });

  // csv-parse's max_record_size counts field characters only, not the delimiters between them.
  it('refuses a row made long by its delimiters', async () => {
    const error = await readError(`a,b\n${','.repeat(100)}x\n`, { maxRows: 100, maxRowBytes: 40 });
    expect(error).toBeInstanceOf(CsvLimitError);
    expect((error as Error).message).toBe('Row at line 2 is larger than 40 bytes, the limit for one row.');
  });

  // csv-parse counts a CRLF inside quotes as two lines: errors after one used to name the wrong line.
  it('names the same line for a too-large row in a CRLF file as in its LF twin', async () => {
    const limits = { maxRows: 100, maxRowBytes: 40 };
    const lf = `name,notes\nAnn,"a\nb\nc"\nBob,${'x'.repeat(50)}\n`;
    expect((await readError(lf, limits)) as Error).toMatchObject({ message: expect.stringContaining('line 5 ') });
    const crlf = lf.replace(/\n/g, '\r\n');
    expect((await readError(crlf, limits)) as Error).toMatchObject({ message: expect.stringContaining('line 5 ') });
  });

  it('refuses an unclosed quote with a 422 naming a line', async () => {
    const error = await readError('name,city\nAnn,Paris\nBob,"Rome\n');
    expect(error).toBeInstanceOf(CsvFormatError);
    expect(error).toMatchObject({ status: 422, code: 'invalid_csv' });
    expect((error as Error).message).toBe('The file is not valid CSV (line 3): a quote opened there is never closed.');
  });

  it('names the line where an unclosed quote opens, not the end of the file it swallows', async () => {
    const error = await readError('name,city\nAnn,Paris\nBob,"Rome\nCid,Oslo\n');
    expect(error).toBeInstanceOf(CsvFormatError);
    expect((error as Error).message).toMatch(/^The file is not valid CSV \(line 3\): /);
  });

  it('names the same line for an unclosed quote in a CRLF file as in its LF twin', async () => {
    const lf = 'name,notes\nAnn,"a\nb\nc"\nBob,"x\nCid,y\n';
    expect((await readError(lf)) as Error).toMatchObject({ message: expect.stringContaining('(line 5)') });
    const crlf = lf.replace(/\n/g, '\r\n');
    expect((await readError(crlf)) as Error).toMatchObject({ message: expect.stringContaining('(line 5)') });
  });

  it.each([
    ['an empty file', ''],
    ['a BOM alone', '\uFEFF'],
    ['blank lines only', '\n\r\n\n'],
  ])('refuses %s as empty with a 422', async (_label, text) => {
    const error = await readError(text);
    expect(error).toBeInstanceOf(CsvFormatError);
    expect(error).toMatchObject({ status: 422, code: 'invalid_csv' });
    expect((error as Error).message).toBe('The file is empty: it needs a header line and at least one row.');
  });

  it('yields no rows for a header-only file', async () => {
    expect(await readAll('name,city\n')).toEqual([]);
  });
});

describe('inspectCsv', () => {
  it('returns the unique headers of a file', async () => {
    const path = await csvFile('\uFEFFFirst Name;Email;Email\r\nAnn;a@x.io;b@x.io\r\n');
    expect(await inspectCsv(path, LIMITS)).toEqual(['First Name', 'Email', 'Email (2)']);
  });

  it('refuses a header-only file with a clear 422', async () => {
    const path = await csvFile('name,city\r\n\r\n');
    const error = await inspectCsv(path, LIMITS).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CsvFormatError);
    expect(error).toMatchObject({ status: 422, code: 'invalid_csv' });
    expect((error as Error).message).toBe(
      'The file has no rows: it needs a header line and at least one row below it.',
    );
  });

  it('refuses an empty file', async () => {
    const error = await inspectCsv(await csvFile(''), LIMITS).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CsvFormatError);
    expect((error as Error).message).toMatch(/^The file is empty/);
  });

  it('reads the whole file, so a broken limit far down is refused up front', async () => {
    const rows = Array.from({ length: 50 }, (_, index) => `r${index}`).join('\n');
    const error = await inspectCsv(await csvFile(`a\n${rows}\n`), { maxRows: 49, maxRowBytes: 1000 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(CsvLimitError);
    expect((error as Error).message).toMatch(/more than 49 rows/);
  });
});

describe('uniqueHeaders', () => {
  it('counts past names the file already has', () => {
    expect(uniqueHeaders(['Email', 'Email', 'Email (2)'])).toEqual(['Email', 'Email (2)', 'Email (2) (2)']);
    expect(uniqueHeaders(['Email', 'Email (2)', 'Email'])).toEqual(['Email', 'Email (2)', 'Email (3)']);
  });

  it('compares names ignoring case and surrounding spaces', () => {
    expect(uniqueHeaders(['email', ' EMAIL ', 'Email'])).toEqual(['email', 'EMAIL (2)', 'Email (3)']);
  });

  it('names blank headers after their position', () => {
    expect(uniqueHeaders(['', 'a', '  ', 'Column 1'])).toEqual(['Column 1', 'a', 'Column 3', 'Column 1 (2)']);
  });

  it('leaves distinct names alone', () => {
    expect(uniqueHeaders(['First Name', 'Имя', 'E-mail'])).toEqual(['First Name', 'Имя', 'E-mail']);
  });
});
