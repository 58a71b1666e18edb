import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../core/config';
import { htmlSnippet } from '../core/email/email-snippet';
import { gone, notFound, ReelpipeError } from '../core/errors';
import { checkExpiresAt, hasExpired } from '../core/lifecycle/link-expiry';
import { type Page, pageNewestFirst } from '../core/lifecycle/newest-first';
import { RenderIndex } from '../core/lifecycle/render-index';
import { streamLink } from '../core/links/link-token';
import { type RenderLinks, renderLinks } from '../core/links/render-links';
import type { Queues } from '../core/queues';
import { redisKeys } from '../core/redis-keys';
import { requestCallToAction } from '../core/render/call-to-action';
import { landingCopy } from '../core/render/landing-copy';
import { type GoneRecord, goneKey, type PerOutput, recordKey } from '../core/render/outputs';
import { newRenderId, RENDER_ID } from '../core/render/render-ids';
import {
  CANCELLED,
  type DoneRecord,
  endedRecord,
  propsHash,
  type QueuedRecord,
  queuedRecord,
  RENDER_FAILED,
  type RenderRecord,
} from '../core/render/render-record';
import { isFinal, type RenderStatus } from '../core/render/statuses';
import { assertMetadataSize } from '../core/request-metadata';
import type { SignedUrl, Storage } from '../core/storage/storage';
import { safeToStart } from '../core/stream/stream-schedule';
import { readStream } from '../core/stream/stream-state';
import { getTemplate, parseProps } from '../core/templates';
import { admitSubmission } from '../core/tenant-limits';
import { ViewCounter, type ViewCounts } from '../core/views/view-counter';
import { videoFacts } from '../core/webhooks/webhook-events';
import { assertWebhookTarget } from '../core/webhooks/webhook-target';
import { endRender } from '../jobs/end-render';
import { batchProgress } from '../jobs/finish-batch';
import type { JobContext } from '../jobs/job-definition';
import { queueRender, recordOfJob, removeEndedJob } from '../jobs/queue-render';
import { removeRender } from '../jobs/remove-render';
import type { JobProgress, RenderPayload } from '../jobs/render';

export interface SubmitRequest {
  template: string;
  props?: Record<string, unknown>;
  webhookUrl?: string;
  metadata?: Record<string, unknown>;
  /** The landing page's button, where it differs from the template's. */
  cta?: unknown;
  /** When its links stop working and its outputs are removed. */
  expiresAt?: string;
}

/** What a list of renders shows of each, and filters on. */
export interface RenderSummary {
  id: string;
  template: string;
  status: RenderStatus;
  createdAt: string;
  /** Who a batch made it for (recipient id · email). */
  recipient?: string;
}

export interface RenderListQuery {
  cursor?: string;
  limit: number;
  status?: RenderStatus;
  template?: string;
  since?: string;
  /** Text the render's id or recipient contains, ignoring case. */
  q?: string;
}

export interface RenderView {
  id: string;
  template: string;
  status: RenderStatus;
  progress: number;
  attempts: number;
  createdAt: string;
  finishedAt?: string;
  expiresAt?: string;
  metadata?: Record<string, unknown>;
  error?: { code: string; message: string };
  timings?: { queuedSeconds: number; renderSeconds: number; uploadSeconds: number };
  outputs?: PerOutput<SignedUrl>;
  /** The finished video's size, frame rate and length in frames. */
  video?: DoneRecord['video'];
  /** The HLS stream: plays while the video renders, from the moment it is queued. */
  stream: string;
  /** The MP4's length and size in bytes (size absent for renders finished before it was kept). */
  durationSeconds?: number;
  sizeBytes?: number;
  /** The recipient's landing page (the link to send); `links` has it and each output's permanent link. */
  link?: string;
  links?: RenderLinks;
  /** HTML for an email merge field: the play-button GIF, linked to the landing page, with its alt text. */
  snippet?: string;
  /** What its landing page saw: page loads that opened, played, completed and clicked, and the furthest share watched. */
  views?: ViewCounts;
}

const IDEMPOTENCY_CLAIM_SECONDS = 24 * 3600;

/** The API's side of renders: validate and queue, report status from the queue or the bucket, cancel. */
export class RenderService {
  private readonly context: JobContext;
  private readonly keys: ReturnType<typeof redisKeys>;
  private readonly views: ViewCounter;

  constructor(
    private readonly config: Config,
    private readonly storage: Storage,
    private readonly queues: Queues,
    private readonly redis: Redis,
  ) {
    this.context = { config, storage, queues, redis };
    this.keys = redisKeys(config.queuePrefix);
    this.views = new ViewCounter(redis, this.keys);
  }

  /** Queues a tenant's render; with an Idempotency-Key, a repeat of the same request answers the first one's render. */
  async submit(tenant: string, request: SubmitRequest, idempotencyKey?: string): Promise<RenderView> {
    const template = getTemplate(request.template);
    const props = parseProps(template, request.props ?? {});
    assertMetadataSize(request.metadata);
    if (request.webhookUrl) await assertWebhookTarget(request.webhookUrl, this.config.webhookAllowPrivate);
    const cta = requestCallToAction(request.cta, 'invalid_cta');
    const expiresAt = checkExpiresAt(request.expiresAt, 'invalid_expiry');

    const secret = this.config.linkSecret;
    const id = newRenderId(idempotencyKey === undefined ? undefined : { secret, tenant, key: idempotencyKey });
    const fields = {
      tenant,
      template: template.id,
      props,
      webhookUrl: request.webhookUrl,
      metadata: request.metadata,
      ...(cta ? { cta } : {}),
      ...(expiresAt ? { expiresAt } : {}),
    };
    if (idempotencyKey === undefined) {
      await admitSubmission(this.queues, this.redis, this.keys, tenant, this.config.tenantLimits);
      return this.queueNew(queuedRecord(id, fields));
    }
    const requestHash = propsHash(template.id, {
      props,
      webhookUrl: request.webhookUrl ?? null,
      metadata: request.metadata ?? null,
      // Only when given, so a request without them hashes as it always did.
      ...(cta ? { cta } : {}),
      ...(expiresAt ? { expiresAt } : {}),
    });
    const record = queuedRecord(id, fields, { requestHash });
    // SET NX picks one of two concurrent requests with the same key; the bucket record answers once the claim expires.
    const claim = this.keys.idempotencyClaim(id);
    const claimed = await this.redis.set(claim, requestHash, 'EX', IDEMPOTENCY_CLAIM_SECONDS, 'NX');
    const firstHash = claimed ? (await this.record(id))?.requestHash : await this.redis.get(claim);
    if (firstHash === undefined || firstHash === null) {
      const queued = async () => {
        await admitSubmission(this.queues, this.redis, this.keys, tenant, this.config.tenantLimits);
        return this.queueNew(record);
      };
      return queued().catch(async (error: unknown) => {
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
        return await this.status(id, tenant);
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
   * A render asked for by a visitor through a public form, with props its form already parsed. Every submission is a
   * render of its own with a random id, owned by the forms' tenant and never shared with another visitor's render or a
   * batch's: an id in a public URL cannot be computed from guessed answers, and no answer reaches anyone's video.
   */
  async submitFromForm(formId: string, templateId: string, props: Record<string, unknown>): Promise<RenderView> {
    const template = getTemplate(templateId);
    const tenant = this.config.forms.tenant;
    const record = queuedRecord(newRenderId(), { tenant, template: template.id, props, form: formId });
    await queueRender(this.context, record, { lane: 'form' });
    await this.redis.sadd(this.keys.formWaiting(), record.id);
    return this.view(record, 'queued', 0);
  }

  /** The record of a render that came from a public form (the only ones with a watch page), or null. */
  async formRecord(id: string): Promise<(RenderRecord & { form: string }) | null> {
    const record = await this.record(id);
    return record?.form ? { ...record, tenant: record.tenant ?? this.config.defaultTenant, form: record.form } : null;
  }

  /** The stored record of a render, or null. */
  record(id: string): Promise<RenderRecord | null> {
    return RENDER_ID.test(id) ? this.storage.getJson<RenderRecord>(recordKey(id)) : Promise.resolve(null);
  }

  /**
   * A render's record and job as `tenant` sees them: another tenant's render is answered as if it did not exist. One
   * stored before renders had tenants is the default tenant's.
   */
  private async find(id: string, tenant: string): Promise<{ record: RenderRecord | null; job?: Job<RenderPayload> }> {
    if (!RENDER_ID.test(id)) throw notFound('No such render.');
    const [job, stored] = await Promise.all([
      this.queues.renders.getJob(id) as Promise<Job<RenderPayload> | undefined>,
      this.record(id),
    ]);
    if (!stored && !job) {
      const tombstone = await this.storage.getJson<GoneRecord>(goneKey(id));
      if (tombstone && (tombstone.tenant ?? this.config.defaultTenant) === tenant) throw gone(tombstone.reason);
      throw notFound('No such render.');
    }
    const owner = stored?.tenant ?? job?.data.tenant ?? this.config.defaultTenant;
    if (owner !== tenant) throw notFound('No such render.');
    return { record: stored && { ...stored, tenant: owner }, job };
  }

  async status(id: string, tenant: string): Promise<RenderView> {
    const { record, job } = await this.find(id, tenant);
    if (record && hasExpired(record)) throw gone('expired');
    if (record && isFinal(record.status)) return this.view(record, record.status, record.status === 'done' ? 1 : 0);
    // A batch render has no record in the bucket until it ends: its job tells the rest.
    if (!record) return this.fromJob(recordOfJob(job!.data, this.config.defaultTenant), job!);
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
    if (state === 'failed') {
      // Its worker could not record the end (the bucket was down for longer than it waited): record it now, once.
      const failed = endedRecord({ ...record, attempts }, { status: 'failed', error: RENDER_FAILED });
      await endRender(this.context, failed);
      return this.view(failed, 'failed', 0);
    }
    return this.view({ ...record, attempts }, status, state === 'active' ? progress.progress : 0);
  }

  /** Cancels a queued render at once; a running one is flagged and stops within a second. */
  async cancel(id: string, tenant: string): Promise<RenderView> {
    const current = await this.status(id, tenant);
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
        const cancelled = endedRecord(
          (await this.record(id)) ?? recordOfJob(job.data as RenderPayload, this.config.defaultTenant),
          {
            status: 'cancelled',
            error: CANCELLED,
          },
        );
        await endRender(this.context, cancelled);
        return this.view(cancelled, 'cancelled', 0);
      }
    }
    return this.status(id, tenant);
  }

  /**
   * DELETE: a render still queued or running is cancelled (as `cancel`); an ended one is removed, outputs and record,
   * and its links answer 410 from then on.
   */
  async remove(id: string, tenant: string): Promise<RenderView | { id: string; status: 'deleted' }> {
    const { record } = await this.find(id, tenant);
    // An expired render is removed even before the sweeper comes by.
    const ended = record && (isFinal(record.status) || hasExpired(record));
    if (!ended) return this.cancel(id, tenant);
    await removeRender(this.context, id, tenant, 'deleted');
    return { id, status: 'deleted' };
  }

  /** A page of the tenant's renders, newest first. */
  async list(tenant: string, query: RenderListQuery): Promise<Page<RenderSummary>> {
    const index = new RenderIndex(this.redis, this.keys);
    const progress = batchProgress(this.context);
    const needle = query.q?.trim().toLowerCase();
    return pageNewestFirst(this.redis, this.keys.tenantRenders(tenant), query, async (ids) => {
      const [entries, finals] = await Promise.all([index.entries(ids), progress.finalStates(ids)]);
      return Promise.all(
        ids.map(async (id, at): Promise<RenderSummary | null> => {
          const entry = entries[at];
          if (!entry || (query.template && entry.template !== query.template)) return null;
          if (needle && !`${id} ${entry.recipient ?? ''}`.toLowerCase().includes(needle)) return null;
          const final = finals[at];
          const status = final && !final.gone ? final.status : await this.liveStatus(id);
          if (query.status && status !== query.status) return null;
          const { template, createdAt, recipient } = entry;
          return { id, template, status, createdAt, ...(recipient ? { recipient } : {}) };
        }),
      );
    });
  }

  /** Queued or rendering, from the job, for a render without a final state. */
  private async liveStatus(id: string): Promise<RenderStatus> {
    const state = await this.queues.renders.getJobState(id);
    return state === 'active' ? 'rendering' : state === 'failed' ? 'failed' : 'queued';
  }

  /**
   * Queues a failed or cancelled render again, with fresh attempts and the same id, so its links stay the same. A
   * batch's render is retried with its batch, which keeps the batch's counts right.
   */
  async retry(id: string, tenant: string): Promise<RenderView> {
    const current = await this.status(id, tenant);
    if (current.status !== 'failed' && current.status !== 'cancelled') {
      throw new ReelpipeError(
        `Only a failed or cancelled render can be retried; this one is ${current.status}.`,
        'not_retryable',
        { status: 409 },
      );
    }
    if ((await batchProgress(this.context).batchesOf(id)) > 0) {
      throw new ReelpipeError(
        'This render belongs to a batch: retry the batch (POST /v1/batches/<id>/retry).',
        'retry_with_batch',
        { status: 409 },
      );
    }
    const { record, job } = await this.find(id, tenant);
    const from = record ?? recordOfJob(job!.data, this.config.defaultTenant);
    await removeEndedJob(job);
    await this.redis.del(this.keys.cancelFlag(id));
    const again = queuedRecord(id, from, { requestHash: from.requestHash });
    // A form's renders are limited per visitor and per form instead (its watch page retries through here too).
    if (!from.form) await admitSubmission(this.queues, this.redis, this.keys, tenant, this.config.tenantLimits);
    await queueRender(this.context, again, { lane: from.form ? 'form' : 'api' });
    if (from.form) await this.redis.sadd(this.keys.formWaiting(), id);
    return this.view(again, 'queued', 0);
  }

  /** Whether a viewer who starts the render's stream now plays it through without waiting for a piece. */
  async streamStartable(id: string): Promise<boolean> {
    return safeToStart(await readStream(this.redis, this.keys, id));
  }

  /** A render's public links (by its short code once it has one). */
  linksOf(record: RenderRecord): RenderLinks {
    return renderLinks(this.config, record);
  }

  private async view(record: RenderRecord, status: RenderStatus, progress: number): Promise<RenderView> {
    const view: RenderView = {
      id: record.id,
      template: record.template,
      status,
      progress: Math.round(progress * 1000) / 1000,
      attempts: record.attempts,
      createdAt: record.createdAt,
      ...(record.expiresAt ? { expiresAt: record.expiresAt } : {}),
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
      Object.assign(view, videoFacts(record));
      view.links = this.linksOf(record);
      view.link = view.links.landing;
      view.snippet = htmlSnippet({ href: view.link, src: view.links.gifPlay, alt: landingCopy(record).alt });
      view.views = await this.views.counts(record.id);
    }
    return view;
  }
}
