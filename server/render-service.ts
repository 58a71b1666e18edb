import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../core/config';
import { invalidField, notFound, ReelpipeError } from '../core/errors';
import { permanentLink, streamLink } from '../core/links/link-token';
import type { Queues } from '../core/queues';
import { redisKeys } from '../core/redis-keys';
import { formMarkKey, mapOutputs, type OutputKind, type PerOutput, recordKey } from '../core/render/outputs';
import { contentRenderId, newRenderId, RENDER_ID } from '../core/render/render-ids';
import {
  CANCELLED,
  type DoneRecord,
  endedRecord,
  propsHash,
  type QueuedRecord,
  queuedRecord,
  type RenderRecord,
} from '../core/render/render-record';
import { isFinal, type RenderStatus } from '../core/render/statuses';
import type { SignedUrl, Storage } from '../core/storage/storage';
import { safeToStart } from '../core/stream/stream-schedule';
import { readStream } from '../core/stream/stream-state';
import { getTemplate, parseProps } from '../core/templates';
import { assertWebhookTarget } from '../core/webhooks/webhook-target';
import { endRender } from '../jobs/end-render';
import type { JobContext } from '../jobs/job-definition';
import { queueRender, recordOfJob } from '../jobs/queue-render';
import { type JobProgress, RENDER_PRIORITY, type RenderPayload } from '../jobs/render';

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
  timings?: { queuedSeconds: number; renderSeconds: number; uploadSeconds: number };
  outputs?: PerOutput<SignedUrl>;
  /** The finished video's size, frame rate and length in frames. */
  video?: DoneRecord['video'];
  /** The HLS stream: plays while the video renders, from the moment it is queued. */
  stream: string;
  /** Permanent link to the video; `links` has the same for each output. */
  link?: string;
  links?: PerOutput<string>;
}

const MAX_METADATA_BYTES = 4096;
const IDEMPOTENCY_CLAIM_SECONDS = 24 * 3600;
const QUEUED_STATES = ['waiting', 'prioritized', 'delayed'];

/** The API's side of renders: validate and queue, report status from the queue or the bucket, cancel. */
export class RenderService {
  private readonly context: JobContext;
  private readonly keys: ReturnType<typeof redisKeys>;

  constructor(
    private readonly config: Config,
    private readonly storage: Storage,
    private readonly queues: Queues,
    private readonly redis: Redis,
  ) {
    this.context = { config, storage, queues, redis };
    this.keys = redisKeys(config.queuePrefix);
  }

  async submit(request: SubmitRequest, idempotency?: { apiKey: string; key: string }): Promise<RenderView> {
    const template = getTemplate(request.template);
    const props = parseProps(template, request.props ?? {});
    if (request.metadata && Buffer.byteLength(JSON.stringify(request.metadata)) > MAX_METADATA_BYTES) {
      throw invalidField(
        'invalid_metadata',
        'metadata',
        `metadata must be at most ${MAX_METADATA_BYTES} bytes of JSON`,
        'too large',
      );
    }
    if (request.webhookUrl) await assertWebhookTarget(request.webhookUrl, this.config.webhookAllowPrivate);

    const id = newRenderId(idempotency);
    const fields = { template: template.id, props, webhookUrl: request.webhookUrl, metadata: request.metadata };
    if (!idempotency) return this.queueNew(queuedRecord(id, fields));
    const requestHash = propsHash(template.id, {
      props,
      webhookUrl: request.webhookUrl ?? null,
      metadata: request.metadata ?? null,
    });
    const record = queuedRecord(id, fields, { requestHash });
    // SET NX picks one of two concurrent requests with the same key; the bucket record answers once the claim expires.
    const claim = this.keys.idempotencyClaim(id);
    const claimed = await this.redis.set(claim, requestHash, 'EX', IDEMPOTENCY_CLAIM_SECONDS, 'NX');
    const firstHash = claimed ? (await this.record(id))?.requestHash : await this.redis.get(claim);
    if (firstHash === undefined || firstHash === null) {
      return this.queueNew(record).catch(async (error: unknown) => {
        await this.redis.del(claim);
        throw error;
      });
    }
    if (firstHash !== requestHash) {
      throw new ReelpipeError(
        'This Idempotency-Key was already used for a different request.',
        'idempotency_conflict',
        { status: 409 },
      );
    }
    // The first request may still be writing its record.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.status(id);
      } catch (error) {
        if (attempt >= 50 || !(error instanceof ReelpipeError && error.status === 404)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  private async queueNew(record: QueuedRecord): Promise<RenderView> {
    await queueRender(this.context, record, { lane: 'api' });
    return this.view(record, 'queued', 0);
  }

  /**
   * A render asked for by a visitor through a public form, with props its form already parsed. Its id is the content
   * address of the props, so the same answers share one video, with each other and with a batch row that has the same
   * props. A failed or cancelled one is queued again; one still in the queue moves to the form lane; anything else is
   * returned as it is.
   */
  async submitFromForm(formId: string, templateId: string, props: Record<string, unknown>): Promise<RenderView> {
    const template = getTemplate(templateId);
    const id = contentRenderId(template.id, template.version, props);
    const [existing, job] = await Promise.all([this.record(id), this.queues.renders.getJob(id)]);
    // A batch's render: its worker will write a record without `form`, so the mark keeps the watch page open.
    if (!existing?.form && (existing || job)) await this.storage.putJson(formMarkKey(id), { form: formId });
    if (existing && existing.status !== 'failed' && existing.status !== 'cancelled') return this.status(id);
    const record = queuedRecord(id, { template: template.id, props, form: formId });
    const state = await job?.getState();
    if (state !== undefined && QUEUED_STATES.includes(state)) {
      await this.storage.putJson(recordKey(id), record);
      await job!.changePriority({ priority: RENDER_PRIORITY.form });
    } else if (state !== 'active') {
      await job?.remove();
      await this.redis.del(this.keys.cancelFlag(id));
      await queueRender(this.context, record, { lane: 'form' });
    } else {
      await this.storage.putJson(recordKey(id), record);
    }
    if (state !== 'active') await this.redis.sadd(this.keys.formWaiting(), id);
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
    const [job, record] = await Promise.all([
      this.queues.renders.getJob(id) as Promise<Job<RenderPayload> | undefined>,
      this.record(id),
    ]);
    if (record && isFinal(record.status)) return this.view(record, record.status, record.status === 'done' ? 1 : 0);
    if (!record && !job) throw notFound('No such render.');
    // A batch render has no record in the bucket until it ends: its job tells the rest.
    if (!record) return this.fromJob(recordOfJob(job!.data), job!);
    if (!job) {
      // Queued before Redis lost its data: queue it again (same job id, so this is a no-op if it is there after all).
      await queueRender(this.context, record as QueuedRecord, {
        lane: record.form ? 'form' : 'api',
        storeRecord: false,
      });
      return this.view(record, 'queued', 0);
    }
    return this.fromJob(record, job);
  }

  private async fromJob(record: RenderRecord, job: Job<RenderPayload>): Promise<RenderView> {
    const state = await job.getState();
    const progress = (
      job.progress && typeof job.progress === 'object' ? job.progress : { stage: 'preparing', progress: 0 }
    ) as JobProgress;
    const uploading = progress.stage === 'uploading' || progress.stage === 'done';
    const status: RenderStatus =
      state === 'active'
        ? uploading
          ? 'uploading'
          : 'rendering'
        : state === 'failed'
          ? 'failed'
          : state === 'completed'
            ? 'uploading'
            : 'queued';
    const attempts = job.attemptsMade + (state === 'active' ? 1 : 0);
    return this.view({ ...record, attempts }, status, state === 'active' ? progress.progress : 0);
  }

  /** Cancels a queued render at once; a running one is flagged and stops within a second. */
  async cancel(id: string): Promise<RenderView> {
    const current = await this.status(id);
    if (isFinal(current.status)) {
      throw new ReelpipeError(`The render is already ${current.status}.`, 'already_finished', { status: 409 });
    }
    const job = await this.queues.renders.getJob(id);
    await this.redis.set(this.keys.cancelFlag(id), '1', 'EX', 24 * 3600);
    if (job && current.status === 'queued') {
      const removed = await job.remove().then(
        () => true,
        // A worker took it in the meantime: the flag stops it, and its worker ends the render.
        () => false,
      );
      if (removed) {
        const cancelled = endedRecord((await this.record(id)) ?? recordOfJob(job.data as RenderPayload), {
          status: 'cancelled',
          error: CANCELLED,
        });
        await endRender(this.context, cancelled);
        return this.view(cancelled, 'cancelled', 0);
      }
    }
    return this.status(id);
  }

  /** Whether a viewer who starts the render's stream now plays it through without waiting for a piece. */
  async streamStartable(id: string): Promise<boolean> {
    return safeToStart(await readStream(this.redis, this.keys, id));
  }

  linkFor(id: string, kind: OutputKind): string {
    return permanentLink(this.config.publicUrl, this.config.linkSecret, id, kind);
  }

  private async view(record: RenderRecord, status: RenderStatus, progress: number): Promise<RenderView> {
    const view: RenderView = {
      id: record.id,
      template: record.template,
      status,
      progress: Math.round(progress * 1000) / 1000,
      attempts: record.attempts,
      createdAt: record.createdAt,
      metadata: record.metadata,
      stream: streamLink(this.config.publicUrl, this.config.linkSecret, record.id),
    };
    if (record.status === 'queued') return view;
    view.finishedAt = record.finishedAt;
    if (record.status !== 'done') return { ...view, error: record.error };
    view.timings = record.timings;
    view.video = record.video;
    if (status === 'done') {
      const ttl = this.config.linkTtlSeconds;
      const signed = await Promise.all(
        Object.entries(record.outputs).map(
          async ([kind, key]) => [kind, await this.storage.presign(key, ttl)] as const,
        ),
      );
      view.outputs = Object.fromEntries(signed) as PerOutput<SignedUrl>;
      view.links = mapOutputs((kind) => this.linkFor(record.id, kind));
      view.link = view.links.video;
    }
    return view;
  }
}
