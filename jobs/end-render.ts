import type { FinalState } from '../core/batch/batch-progress';
import { linkCode } from '../core/links/link-token';
import { recordOutcome } from '../core/metrics/render-outcomes';
import { redisKeys } from '../core/redis-keys';
import { linkKey, recordKey } from '../core/render/outputs';
import type { EndedRecord } from '../core/render/render-record';
import { renderEvent } from '../core/webhooks/webhook-events';
import { batchProgress } from './finish-batch';
import type { JobContext } from './job-definition';
import { enqueueWebhook } from './webhook';

/**
 * The one way a render ends, whoever ends it (its worker, a cancel through the API, a batch cancel): the record in the
 * bucket, the outcome in /metrics, the count in every batch that holds it, then the webhook. Each step is idempotent
 * or keyed, so a repeat after a crash half-way does no harm.
 */
export async function endRender(context: JobContext, ended: EndedRecord): Promise<void> {
  const { storage, redis, config, queues } = context;
  let record = ended;
  let state: FinalState = { status: ended.status, error: ended.status === 'done' ? undefined : ended.error };
  if (ended.status === 'done') {
    // Its short link works before anyone is told it is done.
    const link = linkCode(config.linkSecret, ended.id);
    await storage.putJson(linkKey(link), { id: ended.id });
    record = { ...ended, link };
    state = { status: 'done', link };
  }
  await storage.putJson(recordKey(record.id), record);
  await redis.srem(redisKeys(config.queuePrefix).tenantActive(record.tenant), record.id);
  const segments = record.status === 'done' ? record.segments : undefined;
  await recordOutcome(redis, redisKeys(config.queuePrefix), record.status, segments);
  await batchProgress(context).renderEnded(record.id, state);
  await enqueueWebhook(queues, renderEvent(record, config));
}
