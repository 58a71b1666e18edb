import { recordKey } from '../core/render/outputs';
import { type QueuedRecord, queuedRecord } from '../core/render/render-record';
import type { JobContext } from './job-definition';
import { addJob } from './job-definition';
import { RENDER_PRIORITY, type RenderLane, type RenderPayload, renderJob } from './render';

const payloadOf = (record: QueuedRecord): RenderPayload => ({
  renderId: record.id,
  template: record.template,
  props: record.props,
  webhookUrl: record.webhookUrl,
  metadata: record.metadata,
  form: record.form,
  createdAt: record.createdAt,
});

/** What a render's job knows of it, as a record (a batch render has no other until it ends). */
export const recordOfJob = ({ renderId, createdAt, ...request }: RenderPayload): QueuedRecord =>
  queuedRecord(renderId, request, { createdAt });

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
  await addJob(context.queues, renderJob, payloadOf(record), { jobId: record.id, priority: RENDER_PRIORITY[lane] });
}

/** Many renders at once (a batch's chunk), without bucket records: one round trip to Redis. */
export async function queueRenders(context: JobContext, records: QueuedRecord[], lane: RenderLane): Promise<void> {
  if (!records.length) return;
  const jobs = records.map((record) => ({
    name: renderJob.name,
    data: renderJob.schema.parse(payloadOf(record)),
    opts: { ...renderJob.options, jobId: record.id, priority: RENDER_PRIORITY[lane] },
  }));
  await context.queues.renders.addBulk(jobs);
}
