import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse';
import { ReelpipeError } from '../errors';
import { locateCsvProblem } from './csv-lines';

export interface CsvLimits {
  maxRows: number;
  maxRowBytes: number;
}

/** One data row: `line` is where it starts in the file (1-based, header is line 1), for error messages. */
export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

/** The file breaks a configured limit: the API answers 413. */
export class CsvLimitError extends ReelpipeError {
  constructor(message: string) {
    super(message, 'csv_too_large', { status: 413 });
  }
}

/** The file is not CSV we can read (unterminated quote, no header…): the API answers 422. */
export class CsvFormatError extends ReelpipeError {
  constructor(message: string) {
    super(message, 'invalid_csv', { status: 422 });
  }
}

// On a tie, the rarer delimiter wins: a tab or `;` file may well have commas in its values, the reverse is rare.
const DELIMITERS = ['\t', ';', ','] as const;
const SNIFF_LINES = 20;

/**
 * Picks the delimiter from the first lines: European Excel writes `;`, some exports use tabs. The right one splits
 * every line into the same number of fields (counted outside quotes), so that one wins over one that merely appears.
 */
async function sniffDelimiter(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const lines: Array<Map<string, number>> = [];
    let counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
    let blank = true;
    let quoted = false;
    for (const char of buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '')) {
      if (char === '"') quoted = !quoted;
      else if (!quoted && (char === '\n' || char === '\r')) {
        if (!blank) lines.push(counts);
        if (lines.length >= SNIFF_LINES) break;
        counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
        blank = true;
        continue;
      } else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
      blank = false;
    }
    if (!blank && lines.length < SNIFF_LINES) lines.push(counts);
    const header = lines[0];
    if (!header) return ',';
    const consistent = (d: string) => Number(lines.every((line) => line.get(d) === header.get(d)));
    const found = DELIMITERS.filter((d) => header.get(d)! > 0);
    found.sort((a, b) => consistent(b) - consistent(a) || header.get(b)! - header.get(a)!);
    return found[0] ?? ',';
  } finally {
    await handle.close();
  }
}

/** Header names made unique the way spreadsheets show them: a second "Email" becomes "Email (2)". */
export function uniqueHeaders(raw: string[]): string[] {
  const used = new Set<string>();
  return raw.map((name, index) => {
    const base = name.trim() || `Column ${index + 1}`;
    let header = base;
    // Keep counting past names the file already has: "Email, Email, Email (2)" must not lose a column.
    for (let n = 2; used.has(header.toLowerCase()); n++) header = `${base} (${n})`;
    used.add(header.toLowerCase());
    return header;
  });
}

/**
 * Streams the rows of a CRM or Excel export: UTF-8 with or without BOM, CRLF or LF, quoted fields with commas and
 * line breaks, `,` `;` or tab delimiters, blank lines skipped. Memory stays flat whatever the file size.
 */
export async function* readCsvRows(path: string, limits: CsvLimits): AsyncGenerator<CsvRow, void, undefined> {
  const delimiter = await sniffDelimiter(path);
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      delimiter,
      // Every line end, even mixed in one file (rows appended by another editor): with only the first one's kind, a
      // bare LF after CRLF lines would join two rows into one.
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      // A stray quote inside an unquoted field (O"Brien) is part of the value, not a broken file.
      relax_quotes: true,
      skip_empty_lines: true,
      // Lines made only of delimiters (Excel's trailing blank rows) are blank too.
      skip_records_with_empty_values: true,
      max_record_size: limits.maxRowBytes,
      info: true,
    }),
  );
  let headers: string[] | null = null;
  let rows = 0;
  // csv-parse counts a CRLF inside a quoted field as two lines: keep the surplus to report real line numbers.
  let surplus = 0;
  let lastBytes = 0;
  try {
    type Parsed = { record: string[]; info: { lines: number; bytes: number } };
    for await (const { record, info } of parser as AsyncIterable<Parsed>) {
      surplus += record.reduce((sum, value) => sum + (value.match(/\r\n/g)?.length ?? 0), 0);
      const line = info.lines - surplus - countLineBreaks(record);
      // max_record_size counts field characters only: a row made long by its delimiters is caught here (the 2 bytes
      // allow for the line ending).
      if (info.bytes - lastBytes > limits.maxRowBytes + 2) throw tooLarge(line, limits);
      lastBytes = info.bytes;
      if (!headers) {
        headers = uniqueHeaders(record);
        continue;
      }
      rows += 1;
      if (rows > limits.maxRows) {
        throw new CsvLimitError(
          `The file has more than ${limits.maxRows} rows, the limit for one batch. Split it into smaller files.`,
        );
      }
      const values: Record<string, string> = {};
      for (const [index, header] of headers.entries()) values[header] = record[index] ?? '';
      yield { line, values };
    }
  } catch (error) {
    if (error instanceof CsvLimitError) throw error;
    const code = (error as { code?: string }).code;
    // csv-parse's line numbers are off after a quoted CRLF, and its error may come before the rows read with it: find
    // the problem in the file itself.
    const problem = await locateCsvProblem(path, delimiter, limits.maxRowBytes);
    if (code === 'CSV_MAX_RECORD_SIZE') throw tooLarge(problem?.line ?? 0, limits);
    if (problem?.kind === 'unclosed-quote') {
      throw new CsvFormatError(
        `The file is not valid CSV (line ${problem.line}): a quote opened there is never closed.`,
      );
    }
    const line = (error as { lines?: number }).lines;
    throw new CsvFormatError(`The file is not valid CSV${line ? ` (line ${line})` : ''}: ${(error as Error).message}`);
  } finally {
    parser.destroy();
  }
  if (!headers) throw new CsvFormatError('The file is empty: it needs a header line and at least one row.');
}

const tooLarge = (line: number, limits: CsvLimits) =>
  new CsvLimitError(`Row at line ${line} is larger than ${limits.maxRowBytes} bytes, the limit for one row.`);

/** csv-parse reports the line a record ends on; quoted line breaks inside it move its start up. */
const countLineBreaks = (record: string[]): number =>
  record.reduce((sum, value) => sum + (value.match(/\r\n|\r|\n/g)?.length ?? 0), 0);

/**
 * Reads the whole file once, before anything is queued: the header, and any broken limit or CSV syntax error, so a
 * file that will be refused is refused before its first render is queued.
 */
export async function inspectCsv(path: string, limits: CsvLimits): Promise<string[]> {
  let headers: string[] | null = null;
  for await (const row of readCsvRows(path, limits)) headers ??= Object.keys(row.values);
  if (!headers) throw new CsvFormatError('The file has no rows: it needs a header line and at least one row below it.');
  return headers;
}
