import type { AnyTemplate } from '../../compositions/registry';
import type { BatchRow } from '../batch/batch-record';
import { invalidField, ReelpipeError } from '../errors';
import { mergeCallToAction } from '../render/call-to-action';
import type { CallToAction } from '../render/render-record';
import { type CsvLimits, type CsvRow, inspectCsv, readCsvRows } from './csv-rows';
import { LiquidMapping, type Mapping, type RowProblem, type RowWarning } from './liquid-mapping';

/** Where a batch's rows come from: an uploaded CSV file, or JSON rows in the request. */
export type BatchSource = { kind: 'csv'; path: string } | { kind: 'rows'; rows: Array<Record<string, unknown>> };

export interface IntakeRequest {
  mapping?: Mapping;
  recipientIdColumn?: string;
  /** The batch's landing page button; a row's `cta.*` mapping fields override it field by field. */
  cta?: CallToAction;
}

/** One input row read: kept for the manifest, with its render's props (and button) when it has any. */
export interface IntakeRow {
  row: BatchRow;
  props?: Record<string, unknown>;
  cta?: CallToAction;
}

export interface SkippedRow extends RowProblem {
  row: number;
  line: number;
}

/** One warning about an accepted row (a row may have several). */
export interface WarnedRow extends RowWarning {
  row: number;
  line: number;
}

/** A row as its source gives it; a JSON row may hold a value no cell can (an object): read, it skips the row. */
interface SourceRow extends CsvRow {
  unreadable?: { column: string; reason: string };
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
    private readonly cta: CallToAction | undefined,
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
    return new BatchIntake(template, headers, mapping, recipientIdColumn, emailColumn, source, limits, request.cta);
  }

  /**
   * Every row in input order: with its render id (`addressOf` its props and button: the content address within the
   * batch's tenant), props, button and alt text, or with the problem that skips it.
   */
  async *rows(addressOf: (props: Record<string, unknown>, cta?: CallToAction) => string): AsyncGenerator<IntakeRow> {
    const source = this.source;
    const rows: AsyncIterable<SourceRow> =
      source.kind === 'csv'
        ? readCsvRows(source.path, this.limits)
        : jsonRows(source.rows, this.headers, this.readColumns());
    let number = 0;
    for await (const { line, values, unreadable } of rows) {
      number += 1;
      const row: BatchRow = {
        row: number,
        line,
        recipientId: (this.recipientIdColumn && values[this.recipientIdColumn]?.trim()) || String(number),
        email: (this.emailColumn && values[this.emailColumn]?.trim()) || '',
        values: this.headers.map((header) => values[header] ?? ''),
      };
      if (unreadable) {
        const field = this.propReading(unreadable.column) ?? unreadable.column;
        yield { row: { ...row, problem: { column: unreadable.column, field, reason: unreadable.reason } } };
        continue;
      }
      // A contact is kept when an optional choice (industry, locale…) is unknown: the default, and a warning.
      const mapped = this.mapping.apply(values, { unknownChoices: 'default' });
      if (!mapped.ok) {
        yield { row: { ...row, problem: mapped.problem } };
        continue;
      }
      const cta = mergeCallToAction(this.cta, mapped.cta);
      const renderId = addressOf(mapped.props, cta);
      const warnings = mapped.warnings.length ? { warnings: mapped.warnings } : {};
      // The props are parsed already: the template's words need no second parse.
      const { alt } = this.template.landing(mapped.props);
      yield { row: { ...row, renderId, ...warnings, alt }, props: mapped.props, ...(cta ? { cta } : {}) };
    }
  }

  /** The columns whose values are used: the props', the recipient id's and the email's. */
  private readColumns(): Set<string> {
    const columns = new Set(Object.values(this.mapping.columnsByProp).flat());
    for (const column of [this.recipientIdColumn, this.emailColumn]) if (column) columns.add(column);
    return columns;
  }

  private propReading(column: string): string | undefined {
    return Object.entries(this.mapping.columnsByProp).find(([, columns]) => columns.includes(column))?.[0];
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

/**
 * JSON rows as cells. A list of plain values reads like a CSV list cell ("food,culture"). An object, or a list holding
 * one, has no text a video could show: in a column a prop reads it skips the row; elsewhere the manifest keeps it as
 * JSON.
 */
async function* jsonRows(
  rows: Array<Record<string, unknown>>,
  headers: string[],
  readColumns: Set<string>,
): AsyncGenerator<SourceRow> {
  for (const [index, row] of rows.entries()) {
    const values: Record<string, string> = {};
    let unreadable: SourceRow['unreadable'];
    for (const header of headers) {
      const value = row[header];
      const kind = structuredKind(value);
      values[header] = value === undefined || value === null ? '' : kind ? JSON.stringify(value) : String(value);
      if (kind && !unreadable && readColumns.has(header))
        unreadable = { column: header, reason: `must be text, a number or a boolean, not ${kind}` };
    }
    yield { line: index + 1, values, ...(unreadable ? { unreadable } : {}) };
  }
}

const isStructured = (value: unknown) => typeof value === 'object' && value !== null;

/** What a JSON value is when it is not plain text, a number, a boolean or a list of those. */
function structuredKind(value: unknown): string | undefined {
  if (!isStructured(value)) return undefined;
  if (!Array.isArray(value)) return 'an object';
  const item = value.find(isStructured);
  return item === undefined ? undefined : Array.isArray(item) ? 'a list holding a list' : 'a list holding an object';
}
