import type { Queues } from '../queues';
import { WEBHOOK_JOB_OPTIONS } from '../queues';
import type { BatchCounts } from '../batch/batch-progress';
import type { BatchRecord } from '../batch/batch-record';
import type { RenderRecord } from '../render/render-record';

export interface WebhookJobData {
  /** Standard Webhooks message id: the same for every retry of one event, so receivers can deduplicate. */
  messageId: string;
  url: string;
  body: string;
}

/** Queues the render.done / render.failed / render.cancelled event; the job id makes a repeated enqueue a no-op. */
export async function enqueueWebhook(queues: Queues, record: RenderRecord): Promise<void> {
  if (!record.webhookUrl) return;
  const type = `render.${record.status}`;
  const messageId = `msg_${record.id}_${record.status}`;
  const body = JSON.stringify({ type, timestamp: new Date().toISOString(), data: { id: record.id, template: record.template, status: record.status, error: record.error, metadata: record.metadata } });
  await queues.webhooks.add(type, { messageId, url: record.webhookUrl, body } satisfies WebhookJobData, { ...WEBHOOK_JOB_OPTIONS, jobId: messageId });
}

/** batch.completed or batch.cancelled, once per completion (`occurrence` is the finish job's id). */
export async function enqueueBatchWebhook(queues: Queues, batch: BatchRecord, counts: BatchCounts, occurrence: string): Promise<void> {
  if (!batch.webhookUrl) return;
  const type = `batch.${batch.status}`;
  const messageId = `msg_${occurrence}`;
  const body = JSON.stringify({
    type,
    timestamp: new Date().toISOString(),
    data: { id: batch.id, template: batch.template, status: batch.status, rows: batch.rows, renders: counts, metadata: batch.metadata },
  });
  await queues.webhooks.add(type, { messageId, url: batch.webhookUrl, body } satisfies WebhookJobData, { ...WEBHOOK_JOB_OPTIONS, jobId: messageId });
}
