import { constants, openAsBlob } from 'node:fs';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import type { BatchView as CoreBatchView } from '../core/batch/batch-view';
import { type FieldProblem, ReelpipeError } from '../core/errors';
import type { SkippedRow, WarnedRow } from '../core/intake/batch-intake';
import { checkCallToAction } from '../core/render/call-to-action';
import type { CallToAction } from '../core/render/render-record';
import { getTemplate } from '../core/templates';
import type { BatchPreview } from '../server/batch-preview';
import { mappingLine, printPreview, SAMPLE_ROWS } from './batch-preview-printout';
import { startServer } from './serve-command';
import { UsageError } from './usage-error';

export interface BatchOptions {
  file: string;
  template: string;
  /** A JSON file: prop → Liquid expression. Without it the template's CRM mapping is used. */
  mapFile?: string;
  recipientIdColumn?: string;
  /** The batch's landing page button (`--cta-url`, `--cta-text`); a mapping's `cta.url`, `cta.text` override it. */
  cta?: CallToAction;
  /** An API to use; without it everything runs embedded for the length of the command. */
  server?: string;
  apiKey?: string;
  out: string;
}

/** What the API answers about a batch, as this command reads it. */
type BatchView = CoreBatchView & {
  eventsUrl: string;
  manifestUrl: string;
  skippedRows?: SkippedRow[];
  warnedRows?: WarnedRow[];
  error?: { message: string; details?: FieldProblem[] };
};

const BAR_WIDTH = 24;

const refuse = (message: string): never => {
  throw new UsageError(message, false);
};

/** fetch, with a server that does not answer said in one sentence. */
async function reach(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new ReelpipeError(`Cannot reach the server at ${new URL(url).origin} (${why}).`, 'server_unreachable');
  }
}

function progressLine(view: BatchView): string {
  const filled = Math.round((view.percent / 100) * BAR_WIDTH);
  const eta =
    view.etaSeconds === null
      ? 'ETA …'
      : view.etaSeconds === 0
        ? 'done'
        : `ETA ${Math.floor(view.etaSeconds / 60)}m${String(view.etaSeconds % 60).padStart(2, '0')}s`;
  const r = view.renders;
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
  const counts = `${r.done} done · ${r.rendering} rendering · ${r.queued} queued · ${r.failed} failed`;
  return `${bar} ${view.percent.toFixed(0).padStart(3)}%  ${counts}  ${eta}`;
}

/** The refusal an API answered, in one sentence with each field's problem under it. */
function refused(status: number, body: { error?: { message: string; details?: FieldProblem[] } }, what: string) {
  const details = body.error?.details?.map((d) => `\n  ${d.field}: ${d.message}`).join('') ?? '';
  return new UsageError(`${what} was refused (${status}): ${body.error?.message}${details}`, false);
}

/**
 * Checks what the command line names, then runs `use` against the API: the one given, or one started embedded for the
 * length of the command (with a worker only when something is to render). `use` gets the upload form.
 */
async function withBatchUpload<T>(
  options: BatchOptions,
  withWorker: boolean,
  use: (url: string, headers: Record<string, string>, form: FormData) => Promise<T>,
): Promise<T> {
  // What the command line names is checked before anything starts.
  for (const [what, path] of [
    ['CSV file', options.file],
    ['mapping file', options.mapFile],
  ] as const) {
    if (path) await access(path, constants.R_OK).catch(() => refuse(`Cannot read the ${what} ${path}.`));
  }
  // The button is checked here too (the server's own rules): a bad URL is refused before a server starts.
  const checkedCta = checkCallToAction(options.cta);
  if (!checkedCta.ok) {
    const { field, reason } = checkedCta.problem;
    refuse(`${field === 'cta.text' ? '--cta-text' : '--cta-url'} ${reason}.`);
  }
  const cta = checkedCta.ok ? checkedCta.cta : undefined;
  // Embedded, the template is known here; a server says which it has.
  if (!options.server) getTemplate(options.template);
  const embedded = options.server
    ? null
    : await startServer({
        withWorker,
        log: (line) => console.error(line),
        anyPort: true,
      });
  try {
    const url = (options.server ?? embedded!.url).replace(/\/+$/, '');
    const apiKey = options.apiKey ?? embedded?.apiKey;
    if (!apiKey) throw new UsageError('With --server, give the API key with --key or REELPIPE_API_KEY.', false);
    const form = new FormData();
    form.append('template', options.template);
    if (options.mapFile) form.append('mapping', await readFile(options.mapFile, 'utf8'));
    if (options.recipientIdColumn) form.append('recipientIdColumn', options.recipientIdColumn);
    if (cta) form.append('cta', JSON.stringify(cta));
    form.append('file', await openAsBlob(options.file, { type: 'text/csv' }), basename(options.file));
    return await use(url, { authorization: `Bearer ${apiKey}` }, form);
  } finally {
    await embedded?.stop();
  }
}

/** What a batch of this file would do, printed; nothing is queued. Exits non-zero when the mapping does not fit. */
export async function previewBatchFile(options: BatchOptions): Promise<BatchPreview> {
  return withBatchUpload(options, false, async (url, headers, form) => {
    const response = await reach(`${url}/v1/batches/preview?sample=${SAMPLE_ROWS}`, {
      method: 'POST',
      headers,
      body: form,
    });
    const preview = (await response.json()) as BatchPreview;
    if (!response.ok) throw refused(response.status, preview as never, 'The preview');
    printPreview(preview, (line) => console.log(line));
    if (preview.problems.length || !preview.rows.accepted) process.exitCode = 1;
    return preview;
  });
}

/** Uploads a CSV, follows the batch's events with a progress bar, prints skipped rows and writes the manifest. */
export async function runBatch(options: BatchOptions): Promise<BatchView> {
  return withBatchUpload(options, true, async (url, headers, form) => {
    const response = await reach(`${url}/v1/batches`, { method: 'POST', headers, body: form });
    const submitted = (await response.json()) as BatchView;
    if (!response.ok) throw refused(response.status, submitted, 'The batch');
    console.error(`Mapping: ${mappingLine(submitted.columns)}`);
    const { rows } = submitted;
    const rowCounts = `${rows.total} rows, ${rows.accepted} accepted (${rows.warned ?? 0} with warnings), ${rows.skipped} skipped`;
    const videos = `${submitted.renders.total} videos (${submitted.renders.reused} already rendered)`;
    console.error(`Batch ${submitted.id}: ${rowCounts}, ${rows.deduplicated} duplicates; ${videos}.`);
    for (const skipped of submitted.skippedRows ?? []) {
      const where = `row ${skipped.row} (line ${skipped.line}), column ${skipped.column}`;
      console.error(`  skipped ${where}: ${skipped.field} ${skipped.reason}`);
    }
    if (rows.skipped > (submitted.skippedRows?.length ?? 0))
      console.error(`  … the manifest lists all ${rows.skipped} skipped rows.`);
    for (const warned of submitted.warnedRows ?? []) {
      const where = `row ${warned.row} (line ${warned.line}), column ${warned.column}`;
      console.error(`  warning, ${where}: ${warned.field} ${warned.reason}`);
    }
    if ((rows.warned ?? 0) > (submitted.warnedRows?.length ?? 0))
      console.error(`  … the manifest's warnings column has them all.`);

    // Server-sent events: one status a second until the batch ends.
    let last = submitted;
    const events = await reach(submitted.eventsUrl, { headers });
    const decoder = new TextDecoder();
    let buffer = '';
    let lastPrinted = 0;
    for await (const chunk of events.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const data = buffer
          .slice(0, end)
          .split('\n')
          .find((line) => line.startsWith('data: '));
        buffer = buffer.slice(end + 2);
        if (!data) continue;
        last = JSON.parse(data.slice(6)) as BatchView;
        if (process.stderr.isTTY) process.stderr.write(`\r${progressLine(last)}`.padEnd(110));
        else if (Date.now() - lastPrinted > 10_000 || last.status !== 'running') {
          console.error(progressLine(last));
          lastPrinted = Date.now();
        }
      }
    }
    if (process.stderr.isTTY) process.stderr.write('\n');

    const manifestResponse = await reach(submitted.manifestUrl, { headers });
    if (!manifestResponse.ok) {
      const excerpt = (await manifestResponse.text()).slice(0, 300);
      throw new ReelpipeError(
        `The batch ended, but its manifest could not be fetched (${manifestResponse.status}): ${excerpt}`,
        'manifest_unavailable',
      );
    }
    const manifest = Buffer.from(await manifestResponse.arrayBuffer());
    await mkdir(dirname(resolve(options.out)), { recursive: true });
    await writeFile(options.out, manifest);
    const summary = `${last.renders.done} of ${last.renders.total} videos done, ${last.renders.failed} failed`;
    console.log(
      `${summary}. Manifest (one line per row, with links and an html_snippet column): ${resolve(options.out)}`,
    );
    printLinks(parse(manifest, { bom: true, columns: true }) as ManifestLine[]);
    if (last.renders.failed) process.exitCode = 1;
    return last;
  });
}

type ManifestLine = Record<'row' | 'recipient_id' | 'status' | 'error' | 'landing_url', string>;

const LINKS_PRINTED = 20;

/** Each contact's landing page, the link to send (the first rows only: the manifest has them all). */
function printLinks(lines: ManifestLine[]): void {
  const width = Math.min(24, Math.max(...lines.slice(0, LINKS_PRINTED).map((line) => line.recipient_id.length), 0));
  console.log('Landing pages (the links to send):');
  for (const line of lines.slice(0, LINKS_PRINTED)) {
    const outcome = line.status === 'done' ? line.landing_url : `${line.status}${line.error ? `: ${line.error}` : ''}`;
    console.log(`  ${line.recipient_id.padEnd(width)}  ${outcome}`);
  }
  if (lines.length > LINKS_PRINTED) console.log(`  … and ${lines.length - LINKS_PRINTED} more rows in the manifest.`);
}

export async function batchCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      template: { type: 'string' },
      map: { type: 'string' },
      'recipient-id-column': { type: 'string' },
      'cta-url': { type: 'string' },
      'cta-text': { type: 'string' },
      server: { type: 'string' },
      key: { type: 'string' },
      out: { type: 'string' },
      'dry-run': { type: 'boolean' },
    },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1)
    throw new UsageError('Give one CSV file: reelpipe batch contacts.csv --template welcome');
  if (!values.template) throw new UsageError('--template is required (see `reelpipe templates`).');
  await (values['dry-run'] ? previewBatchFile : runBatch)({
    file,
    template: values.template,
    mapFile: values.map,
    recipientIdColumn: values['recipient-id-column'],
    cta: { url: values['cta-url'], text: values['cta-text'] },
    server: values.server,
    apiKey: values.key ?? process.env.REELPIPE_API_KEY,
    out: values.out ?? `${basename(file, '.csv')}-manifest.csv`,
  });
}
