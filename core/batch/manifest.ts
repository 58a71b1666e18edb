import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { htmlBlock, htmlSnippet } from '../email/email-snippet';
import type { RowProblem } from '../intake/liquid-mapping';
import type { RenderLinks } from '../links/render-links';
import type { GoneReason } from '../render/outputs';
import type { FinalStatus } from '../render/statuses';
import type { ViewCounts } from '../views/view-counter';
import type { FinalState } from './batch-progress';
import type { BatchRow } from './batch-record';

export type ManifestStatus = 'skipped' | 'pending' | FinalStatus | GoneReason;

/** One manifest line per input row, in input order: what an email tool imports as merge fields. */
export interface ManifestRow {
  row: number;
  recipient_id: string;
  email: string;
  status: ManifestStatus;
  error: string;
  render_id: string;
  /** The recipient's landing page: the link to put in the email. */
  landing_url: string;
  video_url: string;
  poster_url: string;
  poster_play_url: string;
  gif_url: string;
  gif_play_url: string;
  /** The email image's alt text, in the row's language. */
  alt_text: string;
  /** At most 255 characters, for merge fields with that limit. */
  html_snippet: string;
  /** The same, fuller, for tools without a limit. */
  html_block: string;
  /** Times its landing page was opened (seen for 2 s), by people (see core/views). */
  opened: number | '';
  /** Times the video was played on its landing page, by people (see core/views). */
  views: number | '';
  /** The furthest quarter of the video anyone watched: 0, 25, 50, 75 or 100. */
  watched_pct: number | '';
  /** Clicks on the landing page's call to action. */
  clicked: number | '';
  /** What was mended in the row (an unknown optional choice replaced by the template's default), joined by `; `. */
  warnings: string;
  /** The input row's own cells, so the manifest imports into an email tool with every merge field. */
  input: Record<string, string>;
}

export const MANIFEST_COLUMNS: readonly Exclude<keyof ManifestRow, 'input'>[] = [
  'row',
  'recipient_id',
  'email',
  'status',
  'error',
  'render_id',
  'landing_url',
  'video_url',
  'poster_url',
  'poster_play_url',
  'gif_url',
  'gif_play_url',
  'alt_text',
  'html_snippet',
  'html_block',
  'opened',
  'views',
  'watched_pct',
  'clicked',
  'warnings',
];

export interface ManifestSources {
  finalStates(renderIds: string[]): Promise<Array<FinalState | null>>;
  links(renderId: string, state: FinalState): RenderLinks;
  views(renderIds: string[]): Promise<ViewCounts[]>;
}

const CHUNK = 500;

/** Reads batches/<id>/rows.jsonl line by line. */
export async function* readBatchRows(body: Readable): AsyncGenerator<BatchRow> {
  for await (const line of createInterface({ input: body, crlfDelay: Infinity }))
    if (line) yield JSON.parse(line) as BatchRow;
}

/** A row problem or warning as one line of text. */
const problemText = ({ column, field, reason }: RowProblem) => `column ${column} (${field}): ${reason}`;

/** The columns of a row without a finished video: empty. */
export const UNLINKED = {
  landing_url: '',
  video_url: '',
  poster_url: '',
  poster_play_url: '',
  gif_url: '',
  gif_play_url: '',
  alt_text: '',
  html_snippet: '',
  html_block: '',
  opened: '',
  views: '',
  watched_pct: '',
  clicked: '',
} as const satisfies Partial<ManifestRow>;

// Rows read before alt text was kept with them.
const DEFAULT_ALT = '▶ Watch your video';

/** Joins each input row with its render's state and permanent links, in chunks so memory stays flat. */
export async function* manifestRows(
  headers: string[],
  rows: AsyncIterable<BatchRow>,
  sources: ManifestSources,
): AsyncGenerator<ManifestRow> {
  let chunk: BatchRow[] = [];
  const flush = async function* () {
    const ids = chunk.flatMap((row) => (row.renderId ? [row.renderId] : []));
    const [states, views] = await Promise.all([sources.finalStates(ids), sources.views(ids)]);
    let next = 0;
    for (const row of chunk) {
      const input = Object.fromEntries(headers.map((header, index) => [header, row.values[index] ?? '']));
      const base = {
        row: row.row,
        recipient_id: row.recipientId,
        email: row.email,
        render_id: row.renderId ?? '',
        warnings: (row.warnings ?? []).map(problemText).join('; '),
        input,
      };

      if (row.erased) {
        if (row.renderId) next++;
        yield { ...base, ...UNLINKED, status: 'erased', error: '' } satisfies ManifestRow;
        continue;
      }
      if (!row.renderId) {
        const problem = row.problem!;
        yield {
          ...base,
          ...UNLINKED,
          status: 'skipped',
          error: problemText(problem),
        } satisfies ManifestRow;
        continue;
      }
      const seen = views[next]!;
      const state = states[next++];
      if (state?.status !== 'done' || state.gone) {
        yield {
          ...base,
          ...UNLINKED,
          status: state?.gone ?? state?.status ?? 'pending',
          error: state?.gone ? `The video was ${state.gone}.` : (state?.error?.message ?? ''),
        } satisfies ManifestRow;
        continue;
      }
      const links = sources.links(row.renderId, state);
      const image = { href: links.landing, src: links.gifPlay, alt: row.alt ?? DEFAULT_ALT };
      yield {
        ...base,
        status: 'done',
        error: '',
        landing_url: links.landing,
        video_url: links.video,
        poster_url: links.poster,
        poster_play_url: links.posterPlay,
        gif_url: links.gif,
        gif_play_url: links.gifPlay,
        alt_text: image.alt,
        html_snippet: htmlSnippet(image),
        html_block: htmlBlock(image, image.alt.replace(/^▶\s*/, '')),
        opened: seen.opened,
        views: seen.played,
        watched_pct: seen.watchedPct,
        clicked: seen.clicked,
      } satisfies ManifestRow;
    }
    chunk = [];
  };
  for await (const row of rows) {
    chunk.push(row);
    if (chunk.length >= CHUNK) yield* flush();
  }
  if (chunk.length) yield* flush();
}

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe, the escape OWASP
 * recommends against CSV injection; then standard CSV quoting.
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n;\t]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The manifest as CSV: our columns, then the input's (renamed "<name> (input)" where they clash with ours). UTF-8 with
 * a BOM so Excel shows accents and Cyrillic right, CRLF line ends.
 */
export async function* manifestCsv(headers: string[], rows: AsyncIterable<ManifestRow>): AsyncGenerator<string> {
  const ours = new Set<string>(MANIFEST_COLUMNS);
  const inputNames = headers.map((header) => (ours.has(header.toLowerCase()) ? `${header} (input)` : header));
  yield `\uFEFF${[...MANIFEST_COLUMNS, ...inputNames].map(csvCell).join(',')}\r\n`;
  for await (const row of rows) {
    const ourCells = MANIFEST_COLUMNS.map((column) => csvCell(row[column]));
    const inputCells = headers.map((header) => csvCell(row.input[header] ?? ''));
    yield `${[...ourCells, ...inputCells].join(',')}\r\n`;
  }
}

/** The manifest as one JSON document, written piece by piece. */
export async function* manifestJson(
  head: Record<string, unknown>,
  rows: AsyncIterable<ManifestRow>,
): AsyncGenerator<string> {
  const open = JSON.stringify(head).slice(0, -1);
  yield `${open}${open === '{' ? '' : ','}"rows":[`;
  let first = true;
  for await (const row of rows) {
    yield `${first ? '' : ','}${JSON.stringify(row)}`;
    first = false;
  }
  yield ']}';
}
