import { createReadStream } from 'node:fs';

export type CsvProblem = { kind: 'unclosed-quote' | 'row-too-large'; line: number };

/**
 * Finds where a file csv-parse refused goes wrong, by its real line numbers. csv-parse's own count is no help there:
 * it counts a CRLF inside a quoted field as two lines, and its error may come before the rows read with it. This walks
 * the file the way csv-parse reads it (a quote opens a field only at its start, `""` inside is a quote, a row's size is
 * the characters of its fields) and reports the first row over `maxRowChars`, or the line where a quote that is never
 * closed was opened.
 */
export async function locateCsvProblem(
  path: string,
  delimiter: string,
  maxRowChars: number,
): Promise<CsvProblem | null> {
  let line = 1;
  let rowLine = 1;
  let rowChars = 0;
  let quoted = false;
  let quoteLine = 0;
  let fieldStart = true;
  // A quote inside a quoted field either closes it or, doubled, stands for itself: decided by the next character.
  let quoteSeen = false;
  let previous = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8' }) as AsyncIterable<string>) {
    for (const char of chunk) {
      if (char === '\uFEFF' && previous === '') continue;
      const lineBreak = char === '\r' || (char === '\n' && previous !== '\r');
      if (quoteSeen) {
        quoteSeen = false;
        if (char === '"') {
          rowChars += 1;
          previous = char;
          continue;
        }
        quoted = false;
      }
      if (char === '"' && quoted) quoteSeen = true;
      else if (char === '"' && fieldStart) {
        quoted = true;
        quoteLine = line;
      } else if (quoted || (char !== delimiter && char !== '\r' && char !== '\n')) {
        rowChars += 1;
        if (rowChars > maxRowChars) return { kind: 'row-too-large', line: rowLine };
      }
      if (lineBreak) line += 1;
      const rowEnds = !quoted && (char === '\r' || char === '\n');
      if (rowEnds) {
        rowChars = 0;
        rowLine = line;
      }
      fieldStart = !quoted && (char === delimiter || rowEnds);
      previous = char;
    }
  }
  return quoted ? { kind: 'unclosed-quote', line: quoteLine } : null;
}
