import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { ReelpipeError } from './errors';

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
    super(message, 'csv_too_large');
  }
}

/** The file is not CSV we can read (unterminated quote, no header…): the API answers 422. */
export class CsvFormatError extends ReelpipeError {
  constructor(message: string) {
    super(message, 'invalid_csv');
  }
}

const DELIMITERS = [',', ';', '\t'] as const;

/**
 * Picks the delimiter from the header line: European Excel writes `;`, some exports use tabs. Counting outside
 * quotes on the first line is enough, since headers rarely contain delimiters.
 */
async function sniffDelimiter(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
    let quoted = false;
    for (const char of text) {
      if (char === '"') quoted = !quoted;
      else if (!quoted && (char === '\n' || char === '\r')) break;
      else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  } finally {
    await handle.close();
  }
}

/** Header names made unique the way spreadsheets show them: a second "Email" becomes "Email (2)". */
export function uniqueHeaders(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((name, index) => {
    const base = name.trim() || `Column ${index + 1}`;
    const count = (seen.get(base.toLowerCase()) ?? 0) + 1;
    seen.set(base.toLowerCase(), count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

/**
 * Streams the rows of a CRM or Excel export: UTF-8 with or without BOM, CRLF or LF, quoted fields with commas and
 * line breaks, `,` `;` or tab delimiters, blank lines skipped. Memory stays flat whatever the file size.
 */
export async function* readCsvRows(path: string, limits: CsvLimits): AsyncGenerator<CsvRow, void, undefined> {
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      delimiter: await sniffDelimiter(path),
      relax_column_count: true,
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
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      surplus += record.reduce((sum, value) => sum + (value.match(/\r\n/g)?.length ?? 0), 0);
      if (!headers) {
        headers = uniqueHeaders(record);
        continue;
      }
      rows += 1;
      if (rows > limits.maxRows) throw new CsvLimitError(`The file has more than ${limits.maxRows} rows, the limit for one batch. Split it into smaller files.`);
      const values: Record<string, string> = {};
      headers.forEach((header, index) => (values[header] = record[index] ?? ''));
      yield { line: info.lines - surplus - countLineBreaks(record), values };
    }
  } catch (error) {
    if (error instanceof CsvLimitError) throw error;
    const code = (error as { code?: string }).code;
    const line = (error as { lines?: number }).lines;
    if (code === 'CSV_MAX_RECORD_SIZE') throw new CsvLimitError(`Row at line ${line} is larger than ${limits.maxRowBytes} bytes, the limit for one row.`);
    throw new CsvFormatError(`The file is not valid CSV${line ? ` (line ${line})` : ''}: ${(error as Error).message}`);
  } finally {
    parser.destroy();
  }
  if (!headers) throw new CsvFormatError('The file is empty: it needs a header line and at least one row.');
}

/** csv-parse reports the line a record ends on; quoted line breaks inside it move its start up. */
const countLineBreaks = (record: string[]): number => record.reduce((sum, value) => sum + (value.match(/\r\n|\r|\n/g)?.length ?? 0), 0);

/** The header line alone, to check a mapping against the columns before any row is read. */
export async function readCsvHeaders(path: string, limits: CsvLimits): Promise<string[]> {
  const parser = createReadStream(path).pipe(parse({ bom: true, delimiter: await sniffDelimiter(path), max_record_size: limits.maxRowBytes, to_line: 1 }));
  try {
    for await (const record of parser as AsyncIterable<string[]>) return uniqueHeaders(record);
  } catch (error) {
    throw new CsvFormatError(`The header line is not valid CSV: ${(error as Error).message}`);
  } finally {
    parser.destroy();
  }
  throw new CsvFormatError('The file is empty: it needs a header line and at least one row.');
}
