import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { getTemplate } from '../compositions/registry';
import type { Config } from '../core/config';
import { permanentLink } from '../core/links/link-token';
import { cancelFlagKey, formWaitingKey, idempotencyClaimKey, RENDER_JOB_OPTIONS, RENDER_PRIORITY, type Queues } from '../core/queues';
import { contentRenderId, formMarkKey, newRenderId, OUTPUT_KINDS, recordKey, RENDER_JOB, type OutputKind, type RenderJobData } from '../core/render/render-ids';
import { FINAL_STATUSES, propsHash, type RenderRecord, type RenderStatus } from '../core/render/render-record';
import { recordOutcome } from '../core/render/render-metrics';
import { BatchProgress } from '../core/batch/batch-progress';
import type { SignedUrl, Storage } from '../core/storage/storage';
import { parseProps } from '../core/templates';
import { assertWebhookTarget } from '../core/webhooks/webhook-target';
import { enqueueWebhook } from '../core/webhooks/webhook-events';
import type { JobProgress } from '../worker/render-worker';
import { HttpError, notFound } from './errors';

export interface SubmitRequest {
  template: string;
  props?: Record<string, unknown>;
  webhookUrl?: string;
  metadata?: Record<string, unknown>;
}

export interface RenderView {
  id: string;
  template: string;
  status: RenderStatus;
  progress: number;
  attempts: number;
  createdAt: string;
  finishedAt?: string;
  metadata?: Record<string, unknown>;
  error?: { code: string; message: string };
  timings?: RenderRecord['timings'];
  outputs?: Record<OutputKind, SignedUrl>;
  /** Permanent link to the video; `links` has the same for each output. */
  link?: string;
  links?: Record<OutputKind, string>;
}

const MAX_METADATA_BYTES = 4096;
const IDEMPOTENCY_CLAIM_SECONDS = 24 * 3600;
const RENDER_ID = /^r_[A-Za-z0-9_-]{16,64}$/;

/** The API's side of renders: validate and queue, report status from the queue or the bucket, cancel. */
export class RenderService {
  constructor(
    private readonly config: Config,
    private readonly storage: Storage,
    private readonly queues: Queues,
    private readonly redis: Redis,
  ) {}

  async submit(request: SubmitRequest, idempotency?: { apiKey: string; key: string }): Promise<RenderView> {
    const template = getTemplate(request.template);
    const props = parseProps(template, request.props ?? {});
    if (request.metadata && Buffer.byteLength(JSON.stringify(request.metadata)) > MAX_METADATA_BYTES) {
      throw new HttpError(422, 'invalid_metadata', `metadata must be at most ${MAX_METADATA_BYTES} bytes of JSON`, [{ field: 'metadata', message: 'too large' }]);
    }
    if (request.webhookUrl) await assertWebhookTarget(request.webhookUrl, this.config.webhookAllowPrivate);

    const id = newRenderId(idempotency);
    const hash = propsHash(template.id, props);
    const record: RenderRecord = { id, template: template.id, status: 'queued', propsHash: hash, props, webhookUrl: request.webhookUrl, metadata: request.metadata, attempts: 0, createdAt: new Date().toISOString() };
    if (!idempotency) return this.queueNew(record);
    record.requestHash = propsHash(template.id, { props, webhookUrl: request.webhookUrl ?? null, metadata: request.metadata ?? null });
    // SET NX picks one of two concurrent requests with the same key; the bucket record answers once the claim expires.
    const claim = idempotencyClaimKey(this.config.queuePrefix, id);
    const claimed = await this.redis.set(claim, record.requestHash, 'EX', IDEMPOTENCY_CLAIM_SECONDS, 'NX');
    const firstHash = claimed ? (await this.storage.getJson<RenderRecord>(recordKey(id)))?.requestHash : await this.redis.get(claim);
    if (firstHash === undefined || firstHash === null) {
      return this.queueNew(record).catch(async (error: unknown) => {
        await this.redis.del(claim);
        throw error;
      });
    }
    if (firstHash !== record.requestHash) throw new HttpError(409, 'idempotency_conflict', 'This Idempotency-Key was already used for a different request.');
    // The first request may still be writing its record.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.status(id);
      } catch (error) {
        if (attempt >= 50 || !(error instanceof HttpError && error.statusCode === 404)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  private async queueNew(record: RenderRecord): Promise<RenderView> {
    // The record first: if Redis is lost, the bucket still knows this render was asked for and can queue it again.
    await this.storage.putJson(recordKey(record.id), record);
    await this.enqueue(record);
    return this.view(record, 'queued', 0);
  }

  /**
   * A render asked for by a visitor through a public form. Its id is the content address of the props, so the same
   * answers share one video, with each other and with a batch row that has the same props. A failed or cancelled one
   * is queued again; one still in the queue moves to the form lane; anything else is returned as it is.
   */
  async submitFromForm(formId: string, templateId: string, props: Record<string, unknown>): Promise<RenderView> {
    const template = getTemplate(templateId);
    const parsed = parseProps(template, props);
    const id = contentRenderId(template.id, template.version, parsed);
    const [existing, job] = await Promise.all([this.storage.getJson<RenderRecord>(recordKey(id)), this.queues.renders.getJob(id)]);
    // A batch's render: its worker will write a record without `form`, so the mark keeps the watch page open.
    if (!existing?.form && (existing || job)) await this.storage.putJson(formMarkKey(id), { form: formId });
    if (existing && existing.status !== 'failed' && existing.status !== 'cancelled') return this.status(id);
    const record: RenderRecord = { id, template: template.id, status: 'queued', propsHash: propsHash(template.id, parsed), props: parsed, form: formId, attempts: 0, createdAt: new Date().toISOString() };
    await this.storage.putJson(recordKey(id), record);
    const state = await job?.getState();
    if (state === 'waiting' || state === 'prioritized' || state === 'delayed') {
      await job!.changePriority({ priority: RENDER_PRIORITY.form });
    } else if (state !== 'active') {
      await job?.remove();
      await this.redis.del(cancelFlagKey(this.config.queuePrefix, id));
      await this.enqueue(record);
    }
    if (state !== 'active') await this.redis.sadd(formWaitingKey(this.config.queuePrefix), id);
    return this.status(id);
  }

  /** The record of a render that came from a public form (the only ones with a watch page), or null. */
  async formRecord(id: string): Promise<(RenderRecord & { form: string }) | null> {
    const record = await this.record(id);
    if (!record) return null;
    const form = record.form ?? (await this.storage.getJson<{ form: string }>(formMarkKey(id)))?.form;
    return form ? { ...record, form } : null;
  }

  /** The stored record of a render, or null. */
  record(id: string): Promise<RenderRecord | null> {
    return RENDER_ID.test(id) ? this.storage.getJson<RenderRecord>(recordKey(id)) : Promise.resolve(null);
  }

  async status(id: string): Promise<RenderView> {
    if (!RENDER_ID.test(id)) throw notFound('No such render.');
    const [job, record] = await Promise.all([this.queues.renders.getJob(id) as Promise<Job<RenderJobData> | undefined>, this.storage.getJson<RenderRecord>(recordKey(id))]);
    if (record && FINAL_STATUSES.includes(record.status)) return this.view(record, record.status, record.status === 'done' ? 1 : 0);
    if (!record && !job) throw notFound('No such render.');
    if (!record) return this.jobView(job!);
    if (!job) {
      // Queued before Redis lost its data: queue it again (same job id, so this is a no-op if it is there after all).
      await this.enqueue(record);
      return this.view(record, 'queued', 0);
    }
    return this.fromJob(record, job);
  }

  private async fromJob(record: RenderRecord, job: Job<RenderJobData>): Promise<RenderView> {
    const state = await job.getState();
    const progress = (job.progress && typeof job.progress === 'object' ? job.progress : { stage: 'preparing', progress: 0 }) as JobProgress;
    const status: RenderStatus = state === 'active' ? (progress.stage === 'uploading' || progress.stage === 'done' ? 'uploading' : 'rendering') : state === 'failed' ? 'failed' : state === 'completed' ? 'uploading' : 'queued';
    return this.view({ ...record, attempts: job.attemptsMade + (state === 'active' ? 1 : 0) }, status, state === 'active' ? progress.progress : 0);
  }

  /** Cancels a queued render at once; a running one is flagged and stops at its next progress report. */
  async cancel(id: string): Promise<RenderView> {
    const current = await this.status(id);
    if (FINAL_STATUSES.includes(current.status)) throw new HttpError(409, 'already_finished', `The render is already ${current.status}.`);
    const job = await this.queues.renders.getJob(id);
    await this.redis.set(cancelFlagKey(this.config.queuePrefix, id), '1', 'EX', 24 * 3600);
    if (job && current.status === 'queued') {
      try {
        await job.remove();
        const record = (await this.storage.getJson<RenderRecord>(recordKey(id)))!;
        const cancelled: RenderRecord = { ...record, status: 'cancelled', error: { code: 'render_cancelled', message: 'The render was cancelled.' }, finishedAt: new Date().toISOString() };
        await this.storage.putJson(recordKey(id), cancelled);
        await recordOutcome(this.redis, this.config.queuePrefix, 'cancelled', 0);
        await new BatchProgress(this.redis, this.config.queuePrefix, this.queues).renderEnded(id, { status: 'cancelled', error: cancelled.error });
        await enqueueWebhook(this.queues, cancelled);
        return this.view(cancelled, 'cancelled', 0);
      } catch {
        // A worker took it in the meantime: the flag stops it.
      }
    }
    return this.status(id);
  }

  /** A batch render has no record in the bucket until it ends: its job tells the rest. */
  private async jobView(job: Job<RenderJobData>): Promise<RenderView> {
    const { renderId, template, props, createdAt } = job.data;
    return this.fromJob({ id: renderId, template, status: 'queued', propsHash: propsHash(template, props), props, attempts: 0, createdAt }, job);
  }

  linkFor(id: string, kind: OutputKind): string {
    return permanentLink(this.config.publicUrl, this.config.linkSecret, id, kind);
  }

  private async enqueue(record: RenderRecord): Promise<void> {
    const data: RenderJobData = { renderId: record.id, template: record.template, props: record.props, webhookUrl: record.webhookUrl, metadata: record.metadata, form: record.form, createdAt: record.createdAt };
    await this.queues.renders.add(RENDER_JOB, data, { ...RENDER_JOB_OPTIONS, jobId: record.id, priority: record.form ? RENDER_PRIORITY.form : RENDER_PRIORITY.api });
  }

  private async view(record: RenderRecord, status: RenderStatus, progress: number): Promise<RenderView> {
    const view: RenderView = {
      id: record.id,
      template: record.template,
      status,
      progress: Math.round(progress * 1000) / 1000,
      attempts: record.attempts,
      createdAt: record.createdAt,
      finishedAt: record.finishedAt,
      metadata: record.metadata,
      error: record.error,
      timings: record.timings,
    };
    if (status === 'done' && record.outputs) {
      const ttl = this.config.linkTtlSeconds;
      const outputs = {} as Record<OutputKind, SignedUrl>;
      for (const kind of OUTPUT_KINDS) outputs[kind] = await this.storage.presign(record.outputs[kind], ttl);
      view.outputs = outputs;
      view.links = Object.fromEntries(OUTPUT_KINDS.map((kind) => [kind, this.linkFor(record.id, kind)])) as Record<OutputKind, string>;
      view.link = view.links.video;
    }
    return view;
  }
}
