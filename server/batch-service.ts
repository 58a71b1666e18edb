import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Redis } from 'ioredis';
import { batchManifest } from '../core/batch/batch-manifest';
import type { BatchCounts, BatchProgress } from '../core/batch/batch-progress';
import {
  BATCH_ID,
  type BatchRecord,
  type BatchRow,
  type BatchRowCounts,
  type BatchStatus,
  batchManifestKey,
  batchRecordKey,
  batchRowsKey,
  newBatchId,
} from '../core/batch/batch-record';
import { type BatchView, batchView, shownStatus } from '../core/batch/batch-view';
import type { Config } from '../core/config';
import { notFound, ReelpipeError } from '../core/errors';
import {
  BatchIntake,
  type BatchSource,
  type IntakeRequest,
  type SkippedRow,
  type WarnedRow,
} from '../core/intake/batch-intake';
import { MappingError } from '../core/intake/liquid-mapping';
import { contactDigest } from '../core/lifecycle/contact-digest';
import { checkExpiresAt } from '../core/lifecycle/link-expiry';
import { type Page, pageNewestFirst } from '../core/lifecycle/newest-first';
import { type IndexedRender, RenderIndex } from '../core/lifecycle/render-index';
import type { Queues } from '../core/queues';
import { redisKeys } from '../core/redis-keys';
import { requestCallToAction } from '../core/render/call-to-action';
import { recordKey } from '../core/render/outputs';
import { contentRenderId } from '../core/render/render-ids';
import {
  type CallToAction,
  endedRecord,
  type QueuedRecord,
  queuedRecord,
  type RenderRecord,
} from '../core/render/render-record';
import { assertMetadataSize } from '../core/request-metadata';
import { endFile, writeJsonLine } from '../core/storage/json-lines';
import type { Storage } from '../core/storage/storage';
import { getTemplate } from '../core/templates';
import { admitSubmission } from '../core/tenant-limits';
import { ViewCounter } from '../core/views/view-counter';
import { assertWebhookTarget } from '../core/webhooks/webhook-target';
import { endRender } from '../jobs/end-render';
import { batchProgress } from '../jobs/finish-batch';
import type { JobContext } from '../jobs/job-definition';
import { queueRender, queueRenders, recordOfJob, removeEndedJob } from '../jobs/queue-render';
import type { RenderPayload } from '../jobs/render';
import { findBrowser } from '../render/browser';
import { type BatchPreview, previewBatch, unfitPreview } from './batch-preview';

export interface BatchRequest extends IntakeRequest {
  template: string;
  webhookUrl?: string;
  metadata?: Record<string, unknown>;
  /** When the batch's links stop working and its videos are removed. */
  expiresAt?: string;
}

/** What a list of batches shows of each, and filters on. */
export interface BatchSummary {
  id: string;
  template: string;
  status: BatchStatus;
  rows: BatchRowCounts;
  renders: BatchCounts;
  createdAt: string;
  finishedAt?: string;
}

export interface BatchListQuery {
  cursor?: string;
  limit: number;
  status?: BatchStatus;
  template?: string;
  since?: string;
}

const CHUNK = 500;
/** Longest recipient label a render list keeps. */
const MAX_RECIPIENT = 300;
const recipientLabel = ({ recipientId, email }: BatchRow): string =>
  [...new Set([recipientId, email].filter(Boolean))].join(' · ').slice(0, MAX_RECIPIENT);
/** How many skipped rows, and how many warnings, the submit response lists; the manifest has them all. */
const SKIPPED_SAMPLE = 100;
const WARNED_SAMPLE = 100;

/** The API's side of CRM batches: read the rows, validate each, queue one render per distinct contact, report. */
export class BatchService {
  readonly progress: BatchProgress;
  private readonly context: JobContext;
  private readonly views: ViewCounter;

  constructor(
    private readonly config: Config,
    private readonly storage: Storage,
    private readonly queues: Queues,
    private readonly redis: Redis,
  ) {
    this.context = { config, storage, queues, redis };
    this.progress = batchProgress(this.context);
    this.views = new ViewCounter(redis, redisKeys(config.queuePrefix));
  }

  async submit(
    tenant: string,
    request: BatchRequest,
    source: BatchSource,
  ): Promise<{ view: BatchView; skipped: SkippedRow[]; warned: WarnedRow[] }> {
    const { template, expiresAt, intake, addressOf } = await this.open(tenant, request, source);
    assertMetadataSize(request.metadata);
    if (request.webhookUrl) await assertWebhookTarget(request.webhookUrl, this.config.webhookAllowPrivate);
    await admitSubmission(
      this.queues,
      this.redis,
      redisKeys(this.config.queuePrefix),
      tenant,
      this.config.tenantLimits,
    );
    const digestOf = (identifier: string) => contactDigest(this.config.linkSecret, tenant, identifier);
    const index = new RenderIndex(this.redis, redisKeys(this.config.queuePrefix));

    const id = newBatchId();
    const createdAt = new Date().toISOString();
    const work = await mkdtemp(join(tmpdir(), `reelpipe-${id}-`));
    try {
      // Rows go to a local file first, then to the bucket in one streamed upload: memory stays flat.
      const rowsFile = join(work, 'rows.jsonl');
      const out = createWriteStream(rowsFile);
      const counts: BatchRowCounts = { total: 0, accepted: 0, skipped: 0, deduplicated: 0, warned: 0 };
      const skipped: SkippedRow[] = [];
      const warned: WarnedRow[] = [];
      let reused = 0;
      let pending: QueuedRecord[] = [];
      let indexed: IndexedRender[] = [];
      let contactsOfChunk: string[] = [];
      const flush = async () => {
        await index.addRenders(indexed, id);
        // A skipped row's contact is in the batch too (its row holds the data), without a render.
        await index.addBatchContacts(tenant, id, contactsOfChunk);
        indexed = [];
        contactsOfChunk = [];
        const queued = await this.queueChunk(id, pending);
        counts.deduplicated += queued.deduplicated;
        reused += queued.reused;
        pending = [];
      };
      for await (const { row, props, cta: rowCta } of intake.rows(addressOf)) {
        counts.total += 1;
        const contacts = [row.recipientId, row.email].map(digestOf).filter((digest) => digest !== null);
        if (props && row.renderId) {
          counts.accepted += 1;
          const fields = {
            tenant,
            template: template.id,
            props,
            ...(rowCta ? { cta: rowCta } : {}),
            ...(expiresAt ? { expiresAt } : {}),
          };
          pending.push(queuedRecord(row.renderId, fields, { createdAt }));
          indexed.push({ ...fields, id: row.renderId, createdAt, contacts, recipient: recipientLabel(row) });
        } else if (row.problem) {
          contactsOfChunk.push(...contacts);
          counts.skipped += 1;
          if (skipped.length < SKIPPED_SAMPLE) skipped.push({ row: row.row, line: row.line, ...row.problem });
        }
        if (row.warnings) {
          counts.warned += 1;
          for (const warning of row.warnings.slice(0, WARNED_SAMPLE - warned.length))
            warned.push({ row: row.row, line: row.line, ...warning });
        }
        await writeJsonLine(out, row);
        if (pending.length >= CHUNK || contactsOfChunk.length >= 2 * CHUNK) await flush();
      }
      await flush();
      await endFile(out);

      await this.storage.uploadStream(batchRowsKey(id), createReadStream(rowsFile), 'application/x-ndjson');
      const record: BatchRecord = {
        id,
        tenant,
        template: template.id,
        templateVersion: template.version,
        status: 'running',
        headers: intake.headers,
        recipientIdColumn: intake.recipientIdColumn,
        emailColumn: intake.emailColumn,
        columns: intake.mapping.columnsByProp,
        rows: counts,
        renders: (await this.progress.counts(id)).renders,
        reused,
        webhookUrl: request.webhookUrl,
        metadata: request.metadata,
        ...(expiresAt ? { expiresAt } : {}),
        createdAt,
      };
      await this.storage.putJson(batchRecordKey(id), record);
      await index.addBatch(tenant, id, createdAt);
      await this.progress.seal(id);
      return { view: await this.view(record), skipped, warned };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  /** A batch request checked and its rows opened, with the content address each row's render gets. */
  private async open(tenant: string, request: BatchRequest, source: BatchSource) {
    const template = getTemplate(request.template);
    const cta = requestCallToAction(request.cta, 'invalid_batch');
    const expiresAt = checkExpiresAt(request.expiresAt, 'invalid_batch');
    const intake = await BatchIntake.open(template, source, { ...request, cta }, this.config.batchLimits);
    const addressOf = (props: Record<string, unknown>, rowCta?: CallToAction) =>
      contentRenderId(this.config.linkSecret, tenant, template, props, rowCta, expiresAt);
    return { template, expiresAt, intake, addressOf };
  }

  /** What a submit of this request would do (rows, renders, cached segments, the first rows' props); queues nothing. */
  async preview(tenant: string, request: BatchRequest, source: BatchSource, sampleSize: number): Promise<BatchPreview> {
    let opened: Awaited<ReturnType<BatchService['open']>>;
    try {
      opened = await this.open(tenant, request, source);
    } catch (error) {
      // A preview is where a mapping gets fixed: its problems come with the file's columns, not as a refusal.
      if (error instanceof MappingError)
        return unfitPreview(getTemplate(request.template), error, request.mapping ?? {});
      throw error;
    }
    const { template, intake, addressOf } = opened;
    return previewBatch(
      template,
      intake,
      addressOf,
      {
        stored: async (ids) =>
          (await this.progress.finalStates(ids)).map((state) => state?.status === 'done' && !state.gone),
        exists: (key) => this.storage.exists(key),
        browser: findBrowser(),
        personalScope: tenant,
      },
      sampleSize,
    );
  }

  /**
   * Adds a chunk of rows' renders to the batch and queues those that need rendering. A render another row of this batch
   * already has is a duplicate; one stored from an earlier batch is reused; one already queued or running (another
   * batch's) is left as it is: that render serves both.
   */
  private async queueChunk(
    batchId: string,
    records: QueuedRecord[],
  ): Promise<{ deduplicated: number; reused: number }> {
    const states = await this.progress.addRenders(
      batchId,
      records.map((record) => record.id),
    );
    // Redis remembers which renders are done; the bucket is the truth. One emptied or replaced under the same Redis
    // would otherwise hand out links to videos that are gone.
    const stored = await Promise.all(
      records.map((record, index) => {
        const { isNew, final } = states[index]!;
        return isNew && final?.status === 'done' ? this.storage.exists(recordKey(record.id)) : false;
      }),
    );
    const toQueue: QueuedRecord[] = [];
    let deduplicated = 0;
    let reused = 0;
    for (const [index, record] of records.entries()) {
      const { isNew, final } = states[index]!;
      if (!isNew) {
        deduplicated += 1;
      } else if (final?.status === 'done' && stored[index]) {
        await this.progress.markInBatch(batchId, record.id, 'done');
        reused += 1;
      } else {
        if (final) {
          // It failed or was cancelled in an earlier batch, or its outputs are gone: this batch asks for it again.
          await this.progress.renderRequeued(batchId, record.id);
          await (await this.queues.renders.getJob(record.id))?.remove();
        }
        toQueue.push(record);
      }
    }
    await queueRenders(this.context, toQueue, 'batch');
    return { deduplicated, reused };
  }

  /** The tenant's batch: another tenant's is answered as if it did not exist. */
  async record(id: string, tenant: string): Promise<BatchRecord> {
    const record = BATCH_ID.test(id) ? await this.storage.getJson<BatchRecord>(batchRecordKey(id)) : null;
    // A batch stored before batches had tenants is the default tenant's.
    if (!record || (record.tenant ?? this.config.defaultTenant) !== tenant) throw notFound('No such batch.');
    return record;
  }

  async status(id: string, tenant: string): Promise<BatchView> {
    return this.view(await this.record(id, tenant));
  }

  /** A page of the tenant's batches, newest first, as their records and render counts say. */
  async list(tenant: string, query: BatchListQuery): Promise<Page<BatchSummary>> {
    const keys = redisKeys(this.config.queuePrefix);
    return pageNewestFirst(this.redis, keys.tenantBatches(tenant), query, async (ids) =>
      Promise.all(
        ids.map(async (id): Promise<BatchSummary | null> => {
          const record = await this.storage.getJson<BatchRecord>(batchRecordKey(id));
          if (!record || (query.template && record.template !== query.template)) return null;
          const renders = await this.progress.counts(id);
          const status = shownStatus(record, renders);
          if (query.status && status !== query.status) return null;
          const { template, rows, createdAt, finishedAt } = record;
          return { id, template, status, rows, renders, createdAt, ...(finishedAt ? { finishedAt } : {}) };
        }),
      ),
    );
  }

  /**
   * The manifest, built now from the rows, the renders' states and their views, so a download after the send brings
   * the figures back. The snapshot stored when the batch ended stands in when Redis has lost the renders' states.
   */
  async manifest(id: string, tenant: string, format: 'csv' | 'json'): Promise<Readable> {
    const record = await this.record(id, tenant);
    const counts = await this.progress.counts(id);
    if (record.status !== 'running' && !counts.renders) {
      const stored = await this.storage.getStream(batchManifestKey(id, format));
      if (stored) return stored;
    }
    const shown = { ...record, status: shownStatus(record, counts) };
    return Readable.from(await batchManifest(this.storage, this.progress, this.views, this.config, shown, format));
  }

  /** Queues the batch's failed and cancelled renders again (each with fresh attempts). */
  async retry(id: string, tenant: string): Promise<{ view: BatchView; requeued: number }> {
    const record = await this.record(id, tenant);
    await this.progress.reopen(id);
    let requeued = 0;
    for (const status of ['failed', 'cancelled'] as const) {
      for await (const renderIds of this.progress.renderIds(id, status)) {
        for (const renderId of renderIds) {
          const job = await this.queues.renders.getJob(renderId);
          if (job && (await job.getState()) === 'active') {
            // Running again already (another batch retried it): its end counts in this batch too.
            await this.progress.renderRequeued(id, renderId);
            requeued += 1;
            continue;
          }
          const again = job
            ? recordOfJob(job.data as RenderPayload, this.config.defaultTenant)
            : await this.storage.getJson<RenderRecord>(recordKey(renderId));
          if (!again) continue;
          await removeEndedJob(job);
          await this.progress.renderRequeued(id, renderId);
          const fields = { tenant, template: again.template, props: again.props };
          await queueRender(this.context, queuedRecord(renderId, fields, { createdAt: again.createdAt }), {
            lane: 'batch',
            storeRecord: false,
          });
          requeued += 1;
        }
      }
    }
    const running: BatchRecord = { ...record, status: 'running', finishedAt: undefined };
    await this.storage.putJson(batchRecordKey(id), running);
    await this.progress.finishIfComplete(id);
    return { view: await this.view(running), requeued };
  }

  /** Cancels what has not rendered yet. Renders another batch also waits for are left to finish for that batch. */
  async cancel(id: string, tenant: string): Promise<BatchView> {
    const record = await this.record(id, tenant);
    if (record.status !== 'running') {
      throw new ReelpipeError(`The batch is already ${record.status}.`, 'already_finished', { status: 409 });
    }
    const cancelled: BatchRecord = { ...record, status: 'cancelled' };
    await this.storage.putJson(batchRecordKey(id), cancelled);
    const keys = redisKeys(this.config.queuePrefix);
    for await (const renderIds of this.progress.renderIds(id)) {
      const states = await this.progress.finalStates(renderIds);
      for (const [index, renderId] of renderIds.entries()) {
        if (states[index] || (await this.progress.batchesOf(renderId)) > 1) continue;
        await this.redis.set(keys.cancelFlag(renderId), '1', 'EX', 24 * 3600);
        const job = await this.queues.renders.getJob(renderId);
        if (!job || (await job.getState()) === 'active') continue;
        // A worker may take it in between: then the flag stops it and its worker ends the render.
        const removed = await job.remove().then(
          () => true,
          () => false,
        );
        if (!removed) continue;
        // The record keeps the props, so a retry can queue the render again.
        const error = { code: 'render_cancelled', message: 'The batch was cancelled.' };
        await endRender(
          this.context,
          endedRecord(recordOfJob(job.data as RenderPayload, this.config.defaultTenant), {
            status: 'cancelled',
            error,
          }),
        );
      }
    }
    return this.view(cancelled);
  }

  private async view(record: BatchRecord): Promise<BatchView> {
    const counts = await this.progress.counts(record.id);
    const active = await this.queues.renders.getActive();
    const rendering = await this.progress.countMembers(
      record.id,
      active.map((job) => job.id!),
    );
    return { ...batchView(record, counts, rendering), views: await this.views.batchTotals(record.id) };
  }
}
