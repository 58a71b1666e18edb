import type { Redis } from 'ioredis';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { getTemplate } from '../compositions/registry';
import { BatchProgress } from '../core/batch/batch-progress';
import { batchManifest } from '../core/batch/batch-manifest';
import { BATCH_ID, batchManifestKey, batchRecordKey, batchRowsKey, newBatchId, type BatchRecord, type BatchRow, type BatchStatus } from '../core/batch/batch-record';
import type { Config } from '../core/config';
import { inspectCsv, readCsvRows, type CsvRow } from '../core/intake/csv-rows';
import { cancelFlagKey, RENDER_JOB_OPTIONS, RENDER_PRIORITY, type Queues } from '../core/queues';
import { contentRenderId, recordKey, RENDER_JOB, type RenderJobData } from '../core/render/render-ids';
import { propsHash, type RenderRecord } from '../core/render/render-record';
import { RowMapper, type Mapping, type RowProblem } from '../core/intake/liquid-mapping';
import type { Storage } from '../core/storage/storage';
import { assertWebhookTarget } from '../core/webhooks/webhook-target';
import { HttpError, notFound } from './errors';

export interface BatchRequest {
  template: string;
  mapping?: Mapping;
  recipientIdColumn?: string;
  webhookUrl?: string;
  metadata?: Record<string, unknown>;
}

export type BatchSource = { kind: 'csv'; path: string } | { kind: 'rows'; rows: Array<Record<string, unknown>> };

export interface SkippedRow extends RowProblem {
  row: number;
  line: number;
}

export interface BatchView {
  id: string;
  template: string;
  status: BatchStatus;
  createdAt: string;
  finishedAt?: string;
  rows: BatchRecord['rows'];
  renders: { total: number; reused: number; queued: number; rendering: number; done: number; failed: number; cancelled: number };
  /** Share of renders that have ended, 0–100. */
  percent: number;
  /** Renders finished per minute since the batch came in (reused ones not counted), and the time left at that rate. */
  ratePerMinute: number | null;
  etaSeconds: number | null;
  recipientIdColumn: string | null;
  emailColumn: string | null;
  columns: Record<string, string[]>;
  metadata?: Record<string, unknown>;
}

const CHUNK = 500;
/** How many skipped rows the submit response lists; the manifest has them all. */
const SKIPPED_SAMPLE = 100;
const RECIPIENT_ID_COLUMNS = /^(id|contact[ _-]?id|record[ _-]?id|customer[ _-]?id|lead[ _-]?id|hs_object_id|external[ _-]?id|recipient[ _-]?id)$/i;
const EMAIL_COLUMNS = /^(e-?mail|e-?mail[ _-]?address|email[ _-]?1)$/i;

/** The API's side of CRM batches: read the rows, validate each, queue one render per distinct contact, report. */
export class BatchService {
  readonly progress: BatchProgress;

  constructor(
    private readonly config: Config,
    private readonly storage: Storage,
    private readonly queues: Queues,
    private readonly redis: Redis,
  ) {
    this.progress = new BatchProgress(redis, config.queuePrefix, queues);
  }

  async submit(request: BatchRequest, source: BatchSource): Promise<{ view: BatchView; skipped: SkippedRow[] }> {
    const template = getTemplate(request.template);
    // A CSV is read through once first: a file over a limit or with broken syntax is refused before anything is queued.
    const headers = source.kind === 'csv' ? await inspectCsv(source.path, this.config.batchLimits) : rowHeaders(source.rows);
    const mapper = RowMapper.compile(template, headers, request.mapping);
    const recipientIdColumn = request.recipientIdColumn ?? headers.find((h) => RECIPIENT_ID_COLUMNS.test(h)) ?? headers.find((h) => EMAIL_COLUMNS.test(h)) ?? null;
    if (recipientIdColumn && !headers.includes(recipientIdColumn)) {
      throw new HttpError(422, 'invalid_batch', `recipientIdColumn "${recipientIdColumn}" is not a column of the file (${headers.join(', ')})`, [{ field: 'recipientIdColumn', message: 'unknown column' }]);
    }
    const emailColumn = headers.find((h) => EMAIL_COLUMNS.test(h)) ?? null;
    if (request.webhookUrl) await assertWebhookTarget(request.webhookUrl, this.config.webhookAllowPrivate);

    const id = newBatchId();
    const createdAt = new Date().toISOString();
    const work = await mkdtemp(join(tmpdir(), `reelpipe-${id}-`));
    try {
      const rowsFile = join(work, 'rows.jsonl');
      const out = createWriteStream(rowsFile);
      const counts = { total: 0, accepted: 0, skipped: 0, deduplicated: 0 };
      let reused = 0;
      const skipped: SkippedRow[] = [];
      let pending: Array<{ renderId: string; props: Record<string, unknown> }> = [];

      const flush = async () => {
        const states = await this.progress.addRenders(id, pending.map((entry) => entry.renderId));
        // Redis remembers which renders are done; the bucket is the truth. One emptied or replaced under the same Redis
        // would otherwise hand out links to videos that are gone.
        const stored = await Promise.all(pending.map((entry, index) => (states[index]!.isNew && states[index]!.final?.status === 'done' ? this.storage.exists(recordKey(entry.renderId)) : false)));
        const jobs: Array<{ name: string; data: RenderJobData; opts: typeof RENDER_JOB_OPTIONS }> = [];
        for (const [index, entry] of pending.entries()) {
          const { isNew, final } = states[index]!;
          if (!isNew) {
            counts.deduplicated += 1;
            continue;
          }
          if (final?.status === 'done' && stored[index]) {
            await this.progress.markInBatch(id, entry.renderId, 'done');
            reused += 1;
            continue;
          }
          if (final) {
            // It failed or was cancelled in an earlier batch, or its outputs are gone: this batch asks for it again.
            await this.progress.renderRequeued(id, entry.renderId);
            await (await this.queues.renders.getJob(entry.renderId))?.remove();
          }
          jobs.push({ name: RENDER_JOB, data: { renderId: entry.renderId, template: template.id, props: entry.props, createdAt }, opts: { ...RENDER_JOB_OPTIONS, jobId: entry.renderId, priority: RENDER_PRIORITY.batch } });
        }
        // A job id that is already queued or running (another batch's) is left as it is: that render serves both.
        if (jobs.length) await this.queues.renders.addBulk(jobs);
        pending = [];
      };

      const rows = source.kind === 'csv' ? readCsvRows(source.path, this.config.batchLimits) : jsonRows(source.rows, headers, this.config.batchLimits.maxRows);
      for await (const { line, values } of rows) {
        counts.total += 1;
        const row: BatchRow = { row: counts.total, line, recipientId: (recipientIdColumn && values[recipientIdColumn]?.trim()) || String(counts.total), email: (emailColumn && values[emailColumn]?.trim()) || '', values: headers.map((header) => values[header] ?? '') };
        const mapped = mapper.map(values);
        if (mapped.ok) {
          counts.accepted += 1;
          row.renderId = contentRenderId(template.id, template.version, mapped.props);
          pending.push({ renderId: row.renderId, props: mapped.props });
        } else {
          counts.skipped += 1;
          row.problem = mapped.problem;
          if (skipped.length < SKIPPED_SAMPLE) skipped.push({ row: row.row, line, ...mapped.problem });
        }
        if (!out.write(`${JSON.stringify(row)}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        if (pending.length >= CHUNK) await flush();
      }
      await flush();
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));

      await this.storage.uploadStream(batchRowsKey(id), createReadStream(rowsFile), 'application/x-ndjson');
      const record: BatchRecord = {
        id,
        template: template.id,
        templateVersion: template.version,
        status: 'running',
        headers,
        recipientIdColumn,
        emailColumn,
        columns: mapper.columnsByProp,
        rows: counts,
        renders: (await this.progress.counts(id)).renders,
        reused,
        webhookUrl: request.webhookUrl,
        metadata: request.metadata,
        createdAt,
      };
      await this.storage.putJson(batchRecordKey(id), record);
      await this.progress.seal(id);
      return { view: await this.view(record), skipped };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  async record(id: string): Promise<BatchRecord> {
    const record = BATCH_ID.test(id) ? await this.storage.getJson<BatchRecord>(batchRecordKey(id)) : null;
    if (!record) throw notFound('No such batch.');
    return record;
  }

  async status(id: string): Promise<BatchView> {
    return this.view(await this.record(id));
  }

  /** The manifest: the stored one once the batch has ended, else built now from the rows and the renders' states. */
  async manifest(id: string, format: 'csv' | 'json'): Promise<Readable> {
    const record = await this.record(id);
    if (record.status !== 'running') {
      const stored = await this.storage.getStream(batchManifestKey(id, format));
      if (stored) return stored;
    }
    return Readable.from(await batchManifest(this.storage, this.progress, this.config, record, format));
  }

  /** Queues the batch's failed and cancelled renders again (each with fresh attempts). */
  async retry(id: string): Promise<{ view: BatchView; requeued: number }> {
    const record = await this.record(id);
    await this.progress.reopen(id);
    let requeued = 0;
    for (const status of ['failed', 'cancelled'] as const) for await (const renderIds of this.progress.renderIds(id, status)) {
      for (const renderId of renderIds) {
        const stored = await this.storage.getJson<RenderRecord>(recordKey(renderId));
        const job = await this.queues.renders.getJob(renderId);
        const data = (job?.data as RenderJobData | undefined) ?? (stored && { renderId, template: stored.template, props: stored.props, createdAt: stored.createdAt });
        if (!data) continue;
        await job?.remove();
        await this.progress.renderRequeued(id, renderId);
        await this.queues.renders.add(RENDER_JOB, data, { ...RENDER_JOB_OPTIONS, jobId: renderId, priority: RENDER_PRIORITY.batch });
        requeued += 1;
      }
    }
    const running: BatchRecord = { ...record, status: 'running', finishedAt: undefined };
    await this.storage.putJson(batchRecordKey(id), running);
    await this.progress.finishIfComplete(id);
    return { view: await this.view(running), requeued };
  }

  /** Cancels what has not rendered yet. Renders another batch also waits for are left to finish for that batch. */
  async cancel(id: string): Promise<BatchView> {
    const record = await this.record(id);
    if (record.status !== 'running') throw new HttpError(409, 'already_finished', `The batch is already ${record.status}.`);
    const cancelled: BatchRecord = { ...record, status: 'cancelled' };
    await this.storage.putJson(batchRecordKey(id), cancelled);
    for await (const renderIds of this.progress.renderIds(id)) {
      const states = await this.progress.finalStates(renderIds);
      for (const [index, renderId] of renderIds.entries()) {
        if (states[index] || (await this.progress.batchesOf(renderId)) > 1) continue;
        await this.redis.set(cancelFlagKey(this.config.queuePrefix, renderId), '1', 'EX', 24 * 3600);
        const job = await this.queues.renders.getJob(renderId);
        const state = await job?.getState();
        if (job && state !== 'active') {
          // A worker may take it in between: then the flag stops it and its worker records the end.
          const removed = await job.remove().then(() => true, () => false);
          if (!removed) continue;
          const error = { code: 'render_cancelled', message: 'The batch was cancelled.' };
          const data = job.data as RenderJobData;
          // The record keeps the props, so a retry can queue the render again.
          await this.storage.putJson(recordKey(renderId), {
            id: renderId,
            template: data.template,
            status: 'cancelled',
            propsHash: propsHash(data.template, data.props),
            props: data.props,
            attempts: 0,
            error,
            createdAt: data.createdAt,
            finishedAt: new Date().toISOString(),
          } satisfies RenderRecord);
          await this.progress.renderEnded(renderId, { status: 'cancelled', error });
        }
      }
    }
    return this.view(cancelled);
  }

  private async view(record: BatchRecord): Promise<BatchView> {
    const counts = await this.progress.counts(record.id);
    const ended = counts.done + counts.failed + counts.cancelled;
    const active = await this.queues.renders.getActive();
    const members = active.length ? await this.redis.smismember(`${this.config.queuePrefix}:batch:${record.id}:renders`, ...active.map((job) => job.id!)) : [];
    const rendering = members.filter(Boolean).length;
    const seconds = (Date.now() - Date.parse(record.createdAt)) / 1000;
    const rendered = Math.max(0, ended - record.reused);
    const ratePerSecond = rendered > 0 && seconds > 0 ? rendered / seconds : null;
    const left = counts.renders - ended;
    const status: BatchStatus = record.status === 'running' && left === 0 ? 'completed' : record.status;
    return {
      id: record.id,
      template: record.template,
      status,
      createdAt: record.createdAt,
      finishedAt: record.finishedAt,
      rows: record.rows,
      renders: { total: counts.renders, reused: record.reused, queued: Math.max(0, left - rendering), rendering, done: counts.done, failed: counts.failed, cancelled: counts.cancelled },
      percent: counts.renders ? Math.round((ended / counts.renders) * 1000) / 10 : 100,
      ratePerMinute: ratePerSecond === null ? null : Math.round(ratePerSecond * 600) / 10,
      etaSeconds: left === 0 ? 0 : ratePerSecond ? Math.round(left / ratePerSecond) : null,
      recipientIdColumn: record.recipientIdColumn,
      emailColumn: record.emailColumn,
      columns: record.columns,
      metadata: record.metadata,
    };
  }
}

/** JSON rows have no header line: the columns are every key any row uses. */
function rowHeaders(rows: Array<Record<string, unknown>>): string[] {
  const headers = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) headers.add(key);
  return [...headers];
}

async function* jsonRows(rows: Array<Record<string, unknown>>, headers: string[], maxRows: number): AsyncGenerator<CsvRow> {
  if (rows.length > maxRows) throw new HttpError(413, 'batch_too_large', `The batch has ${rows.length} rows; the limit is ${maxRows}.`);
  for (const [index, row] of rows.entries()) {
    const values: Record<string, string> = {};
    for (const header of headers) values[header] = row[header] === undefined || row[header] === null ? '' : String(row[header]);
    yield { line: index + 1, values };
  }
}
