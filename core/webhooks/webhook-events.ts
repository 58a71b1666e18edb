import type { BatchCounts } from '../batch/batch-progress';
import type { BatchRecord } from '../batch/batch-record';
import type { EndedRecord } from '../render/render-record';

/** One event for one receiver, as queued for delivery. */
export interface WebhookMessage {
  /** render.done, batch.completed… */
  type: string;
  /** Standard Webhooks message id: the same for every retry of one event, so receivers can deduplicate. */
  messageId: string;
  url: string;
  body: string;
}

/** render.done / render.failed / render.cancelled, or null when the render asked for no webhook. */
export function renderEvent(record: EndedRecord): WebhookMessage | null {
  if (!record.webhookUrl) return null;
  const type = `render.${record.status}`;
  const error = record.status === 'done' ? undefined : record.error;
  const data = { id: record.id, template: record.template, status: record.status, error, metadata: record.metadata };
  const body = JSON.stringify({ type, timestamp: new Date().toISOString(), data });
  // Per queueing of the render (a retry queues it anew): the same end twice is one event, a retry's end another.
  const queued = Date.parse(record.createdAt).toString(36);
  return { type, messageId: `msg_${record.id}_${queued}_${record.status}`, url: record.webhookUrl, body };
}

/** batch.completed or batch.cancelled, once per completion (`occurrence` is the finish job's id). */
export function batchEvent(batch: BatchRecord, counts: BatchCounts, occurrence: string): WebhookMessage | null {
  if (!batch.webhookUrl) return null;
  const type = `batch.${batch.status}`;
  const { id, template, status, rows, metadata } = batch;
  const body = JSON.stringify({
    type,
    timestamp: new Date().toISOString(),
    data: { id, template, status, rows, renders: counts, metadata },
  });
  return { type, messageId: `msg_${occurrence}`, url: batch.webhookUrl, body };
}
