import type { AnyTemplate } from '../../compositions/registry';
import type { BatchRow } from '../batch/batch-record';
import { invalidField, ReelpipeError } from '../errors';
import { contentRenderId } from '../render/render-ids';
import { type CsvLimits, type CsvRow, inspectCsv, readCsvRows } from './csv-rows';
import { LiquidMapping, type Mapping, type RowProblem } from './liquid-mapping';

/** Where a batch's rows come from: an uploaded CSV file, or JSON rows in the request. */
export type BatchSource = { kind: 'csv'; path: string } | { kind: 'rows'; rows: Array<Record<string, unknown>> };

export interface IntakeRequest {
  mapping?: Mapping;
  recipientIdColumn?: string;
}

/** One input row read: kept for the manifest, with its render's props when it has any. */
export interface IntakeRow {
  row: BatchRow;
  props?: Record<string, unknown>;
}

export interface SkippedRow extends RowProblem {
  row: number;
  line: number;
}

const RECIPIENT_ID_COLUMNS = new RegExp(
  [
    '^(id|contact[ _-]?id|record[ _-]?id|customer[ _-]?id|lead[ _-]?id|',
    'hs_object_id|external[ _-]?id|recipient[ _-]?id)$',
  ].join(''),
  'i',
);
const EMAIL_COLUMNS = /^(e-?mail|e-?mail[ _-]?address|email[ _-]?1)$/i;

/**
 * A batch's rows checked up front, before anything is queued: the file is read through once (a file over a limit or
 * with broken syntax is refused whole), the mapping is compiled against its columns (unknown columns or props are
 * refused), and the recipient id and email columns are found.
 */
export class BatchIntake {
  private constructor(
    readonly template: AnyTemplate,
    readonly headers: string[],
    readonly mapping: LiquidMapping,
    readonly recipientIdColumn: string | null,
    readonly emailColumn: string | null,
    private readonly source: BatchSource,
    private readonly limits: CsvLimits,
  ) {}

  static async open(
    template: AnyTemplate,
    source: BatchSource,
    request: IntakeRequest,
    limits: CsvLimits,
  ): Promise<BatchIntake> {
    const headers =
      source.kind === 'csv' ? await inspectCsv(source.path, limits) : rowHeaders(source.rows, limits.maxRows);
    const mapping = LiquidMapping.compile(template, headers, request.mapping);
    const recipientIdColumn =
      request.recipientIdColumn ??
      headers.find((h) => RECIPIENT_ID_COLUMNS.test(h)) ??
      headers.find((h) => EMAIL_COLUMNS.test(h)) ??
      null;
    if (recipientIdColumn && !headers.includes(recipientIdColumn)) {
      const message = `recipientIdColumn "${recipientIdColumn}" is not a column of the file (${headers.join(', ')})`;
      throw invalidField('invalid_batch', 'recipientIdColumn', message, 'unknown column');
    }
    const emailColumn = headers.find((h) => EMAIL_COLUMNS.test(h)) ?? null;
    return new BatchIntake(template, headers, mapping, recipientIdColumn, emailColumn, source, limits);
  }

  /** Every row in input order: with its render id and props, or with the problem that skips it. */
  async *rows(): AsyncGenerator<IntakeRow> {
    const source = this.source;
    const rows = source.kind === 'csv' ? readCsvRows(source.path, this.limits) : jsonRows(source.rows, this.headers);
    let number = 0;
    for await (const { line, values } of rows) {
      number += 1;
      const row: BatchRow = {
        row: number,
        line,
        recipientId: (this.recipientIdColumn && values[this.recipientIdColumn]?.trim()) || String(number),
        email: (this.emailColumn && values[this.emailColumn]?.trim()) || '',
        values: this.headers.map((header) => values[header] ?? ''),
      };
      const mapped = this.mapping.apply(values);
      if (!mapped.ok) {
        yield { row: { ...row, problem: mapped.problem } };
        continue;
      }
      const renderId = contentRenderId(this.template.id, this.template.version, mapped.props);
      yield { row: { ...row, renderId }, props: mapped.props };
    }
  }
}

/** JSON rows have no header line: the columns are every key any row uses. */
function rowHeaders(rows: Array<Record<string, unknown>>, maxRows: number): string[] {
  if (rows.length > maxRows) {
    throw new ReelpipeError(`The batch has ${rows.length} rows; the limit is ${maxRows}.`, 'batch_too_large', {
      status: 413,
    });
  }
  const headers = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) headers.add(key);
  return [...headers];
}

async function* jsonRows(rows: Array<Record<string, unknown>>, headers: string[]): AsyncGenerator<CsvRow> {
  for (const [index, row] of rows.entries()) {
    const values: Record<string, string> = {};
    for (const header of headers)
      values[header] = row[header] === undefined || row[header] === null ? '' : String(row[header]);
    yield { line: index + 1, values };
  }
}
