import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { type BatchRecord, batchRecordKey } from '../core/batch/batch-record';
import type { Config } from '../core/config';
import { gone } from '../core/errors';
import { hasExpired } from '../core/lifecycle/link-expiry';
import { LINK_CODE, linkCode, verifyLinkToken } from '../core/links/link-token';
import type { Queues } from '../core/queues';
import { redisKeys } from '../core/redis-keys';
import { type GoneRecord, goneKey, linkKey, recordKey } from '../core/render/outputs';
import type { RenderRecord } from '../core/render/render-record';
import type { Storage } from '../core/storage/storage';
import { automatedClient, type ClientHeaders } from '../core/views/automated-client';
import type { ViewCounter, ViewEvent } from '../core/views/view-counter';
import { checkViewToken } from '../core/views/view-token';
import { type ViewEventType, viewEvent } from '../core/webhooks/webhook-events';
import { enqueueWebhook } from '../jobs/webhook';

/** Why a beacon was not counted (logged, never told to the sender), or null when it was. */
export type Ignored = 'automated user agent' | 'no user agent' | 'prefetch' | 'foreign origin' | 'bad token' | 'repeat';

const WEBHOOK_OF: Partial<Record<ViewEvent, ViewEventType>> = { played: 'video.viewed', clicked: 'video.cta_clicked' };
const WEBHOOK_INTERVAL_SECONDS = 3600;

/**
 * The public side of a finished render: its link handle (short code or long token) resolved to its record, and what
 * its landing page reports counted once per page load, with the webhooks that tell the marketer.
 */
export class LandingService {
  private readonly keys;

  constructor(
    private readonly config: Config,
    private readonly storage: Storage,
    private readonly queues: Queues,
    private readonly redis: Redis,
    readonly views: ViewCounter,
  ) {
    this.keys = redisKeys(config.queuePrefix);
  }

  /**
   * The render behind a link handle; null for anything unknown, tampered with or malformed (one answer for all). A
   * render that was deleted, erased or has expired throws 410 with the reason.
   */
  async resolve(handle: string): Promise<RenderRecord | null> {
    let id: string | null;
    if (LINK_CODE.test(handle)) {
      id = (await this.storage.getJson<{ id: string }>(linkKey(handle)))?.id ?? null;
      // The object is ours, but a code is only good for the render it was made from.
      if (id && linkCode(this.config.linkSecret, id) !== handle) id = null;
    } else {
      id = verifyLinkToken(this.config.linkSecret, handle);
    }
    if (!id) return null;
    const record = await this.storage.getJson<RenderRecord>(recordKey(id));
    if (record && hasExpired(record)) throw gone('expired');
    if (record) return record;
    const tombstone = await this.storage.getJson<GoneRecord>(goneKey(id));
    if (tombstone) throw gone(tombstone.reason);
    return null;
  }

  /**
   * Counts one beacon from a landing page of `record`, unless it comes from a machine, from another site, without a
   * token of a page load we served at least a moment ago, or repeats what that page load reported already.
   */
  async report(
    record: RenderRecord,
    beacon: { token: string; event: ViewEvent },
    client: ClientHeaders & { origin?: string; host?: string; protocol: string },
  ): Promise<Ignored | null> {
    const automated = automatedClient(client);
    if (automated) return automated as Ignored;
    const origins = [new URL(this.config.publicUrl).origin, `${client.protocol}://${client.host}`];
    if (!client.origin || !origins.includes(client.origin)) return 'foreign origin';
    const token = checkViewToken(this.config.linkSecret, record.id, beacon.token);
    if (!token.ok) return 'bad token';
    if (!(await this.views.record(record.id, token.nonce, beacon.event))) return 'repeat';
    const type = WEBHOOK_OF[beacon.event];
    if (type) await this.notify(record, type);
    return null;
  }

  /** One webhook of a kind per render an hour, to the render's own receiver and to those of the batches holding it. */
  private async notify(record: RenderRecord, type: ViewEventType): Promise<void> {
    const claimed = await this.redis.set(
      this.keys.viewWebhook(record.id, type),
      '1',
      'EX',
      WEBHOOK_INTERVAL_SECONDS,
      'NX',
    );
    if (!claimed) return;
    const batchIds = await this.redis.smembers(this.keys.renderBatches(record.id));
    const batches = await Promise.all(batchIds.map((id) => this.storage.getJson<BatchRecord>(batchRecordKey(id))));
    const urls = new Set<string>();
    if (record.webhookUrl) urls.add(record.webhookUrl);
    for (const batch of batches) if (batch?.webhookUrl && batch.tenant === record.tenant) urls.add(batch.webhookUrl);
    if (!urls.size) return;
    const counts = await this.views.counts(record.id);
    for (const url of urls) {
      const message = viewEvent(record, type, counts, url, this.config, batchIds);
      // One event, several receivers: each gets its own message id.
      await enqueueWebhook(
        this.queues,
        urls.size > 1 ? { ...message, messageId: `${message.messageId}_${hashUrl(url)}` } : message,
      );
    }
  }
}

const hashUrl = (url: string) => createHash('sha256').update(url).digest('base64url').slice(0, 12);
