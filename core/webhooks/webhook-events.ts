import type { BatchCounts } from '../batch/batch-progress';
import type { BatchRecord } from '../batch/batch-record';
import { type LinkSite, renderLinks } from '../links/render-links';
import type { DoneRecord, EndedRecord, RenderRecord } from '../render/render-record';
import type { ViewCounts } from '../views/view-counter';

/** One event for one receiver, as queued for delivery. */
export interface WebhookMessage {
  /** render.done, batch.completed… */
  type: string;
  /** Standard Webhooks message id: the same for every retry of one event, so receivers can deduplicate. */
  messageId: string;
  url: string;
  body: string;
}

/**
 * render.done / render.failed / render.cancelled, or null when the render asked for no webhook. A finished render's
 * event carries what a receiver needs to send it on: its landing page and permanent links, its length and size.
 */
export function renderEvent(record: EndedRecord, site: LinkSite): WebhookMessage | null {
  if (!record.webhookUrl) return null;
  const type = `render.${record.status}`;
  const { id, template, status, metadata } = record;
  const data =
    record.status === 'done'
      ? { id, template, status, metadata, links: renderLinks(site, record), ...videoFacts(record) }
      : { id, template, status, metadata, error: record.error };
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

/** A finished video's length and size, as its webhooks and API view give them. */
export const videoFacts = (record: DoneRecord) => ({
  durationSeconds: Math.round((record.video.durationInFrames / record.video.fps) * 1000) / 1000,
  sizeBytes: record.videoBytes,
});

/** What a recipient did on the landing page that a receiver hears of (at most once an hour per render and kind). */
export type ViewEventType = 'video.viewed' | 'video.cta_clicked';

/** video.viewed or video.cta_clicked for one receiver; the hour it happened in names the message. */
export function viewEvent(
  record: RenderRecord,
  type: ViewEventType,
  views: ViewCounts,
  url: string,
  site: LinkSite,
  batches: string[],
  now = new Date(),
): WebhookMessage {
  const { id, template, metadata } = record;
  const data = { id, template, metadata, batches, views, landing: renderLinks(site, record).landing };
  const body = JSON.stringify({ type, timestamp: now.toISOString(), data });
  const hour = Math.floor(now.getTime() / 3_600_000).toString(36);
  return { type, messageId: `msg_${id}_${type.replace('.', '-')}_${hour}`, url, body };
}
