import type { Job } from 'bullmq';
import { ReelpipeError } from '../core/errors';
import { contactDigest, metadataContacts } from '../core/lifecycle/contact-digest';
import { RenderIndex } from '../core/lifecycle/render-index';
import { redisKeys } from '../core/redis-keys';
import { recordKey } from '../core/render/outputs';
import { type QueuedRecord, queuedRecord } from '../core/render/render-record';
import type { JobContext } from './job-definition';
import { addJob } from './job-definition';
import { RENDER_PRIORITY, type RenderLane, type RenderPayload, renderJob } from './render';

const payloadOf = (record: QueuedRecord): RenderPayload => ({
  renderId: record.id,
  tenant: record.tenant,
  template: record.template,
  props: record.props,
  webhookUrl: record.webhookUrl,
  metadata: record.metadata,
  form: record.form,
  cta: record.cta,
  expiresAt: record.expiresAt,
  createdAt: record.createdAt,
});

/**
 * What a render's job knows of it, as a record (a batch render has no other until it ends). A job queued before
 * renders had tenants is `defaultTenant`'s.
 */
export const recordOfJob = (
  { renderId, createdAt, tenant, ...request }: RenderPayload,
  defaultTenant: string,
): QueuedRecord => queuedRecord(renderId, { ...request, tenant: tenant ?? defaultTenant }, { createdAt });

/**
 * The one way a render is queued. The record goes to the bucket first (unless `storeRecord` is false, as for batch
 * rows, whose batch keeps their props), so if Redis loses the job the bucket still knows it was asked for. The job id
 * is the render id: queueing a render that is already queued or running changes nothing.
 */
export async function queueRender(
  context: JobContext,
  record: QueuedRecord,
  { lane, storeRecord = true }: { lane: RenderLane; storeRecord?: boolean },
): Promise<void> {
  if (storeRecord) await context.storage.putJson(recordKey(record.id), record);
  const { config, redis } = context;
  const contacts = metadataContacts(record.metadata)
    .map((identifier) => contactDigest(config.linkSecret, record.tenant, identifier))
    .filter((digest) => digest !== null);
  await new RenderIndex(redis, redisKeys(config.queuePrefix)).addRenders([{ ...record, contacts }]);
  // A public form's renders are limited per visitor and per form instead: strangers must not fill a tenant's queue.
  if (lane !== 'form')
    await context.redis.sadd(redisKeys(context.config.queuePrefix).tenantActive(record.tenant), record.id);
  await addJob(context.queues, renderJob, payloadOf(record), { jobId: record.id, priority: RENDER_PRIORITY[lane] });
}

/**
 * Removes the job of a render that ended, before it is queued again. A job still locked by a worker (which is writing
 * its end) is a 409: the caller tries again in a moment.
 */
export async function removeEndedJob(job: Job | undefined): Promise<void> {
  await job?.remove().catch(() => {
    throw new ReelpipeError('The render is still ending; try again in a moment.', 'still_ending', { status: 409 });
  });
}

/** Many renders at once (a batch's chunk), without bucket records: one round trip to Redis. */
export async function queueRenders(context: JobContext, records: QueuedRecord[], lane: RenderLane): Promise<void> {
  if (!records.length) return;
  const keys = redisKeys(context.config.queuePrefix);
  // A batch is one tenant's, but the set per record keeps this right for any list.
  const pipeline = context.redis.pipeline();
  for (const record of records) pipeline.sadd(keys.tenantActive(record.tenant), record.id);
  await pipeline.exec();
  const jobs = records.map((record) => ({
    name: renderJob.name,
    data: renderJob.schema.parse(payloadOf(record)),
    opts: { ...renderJob.options, jobId: record.id, priority: RENDER_PRIORITY[lane] },
  }));
  await context.queues.renders.addBulk(jobs);
}
