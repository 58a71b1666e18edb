import type { FinalState } from '../core/batch/batch-progress';
import { RenderIndex } from '../core/lifecycle/render-index';
import { redisKeys } from '../core/redis-keys';
import { type GoneReason, type GoneRecord, goneKey, recordKey } from '../core/render/outputs';
import type { RenderRecord } from '../core/render/render-record';
import { segmentObjectKey } from '../render/segment-store';
import type { JobContext } from './job-definition';
import { removeEndedJob } from './queue-render';

/**
 * Removes an ended render for good (deleted through the API, expired, or erased with its contact): its outputs, its
 * stream, the personal segments that show its words, its record, its views and its place in every list. What stays is
 * a tombstone without props, so its links answer 410, and its final state marked gone, so a batch's manifest says why
 * the row has no video. Every step is idempotent: a removal cut short runs again from the start.
 */
export async function removeRender(context: JobContext, id: string, tenant: string, reason: GoneReason): Promise<void> {
  const { storage, redis, config, queues } = context;
  const keys = redisKeys(config.queuePrefix);
  const record = await storage.getJson<RenderRecord>(recordKey(id));
  // The tombstone first: from here on its links say "gone", not "still being made".
  const tombstone: GoneRecord = { id, tenant, reason, at: new Date().toISOString() };
  await storage.putJson(goneKey(id), tombstone);
  await removeEndedJob(await queues.renders.getJob(id));
  await storage.deletePrefix(`streams/${id}/`);
  // Other renders of the tenant with the same words share these segments: they are drawn again when next needed.
  if (record?.status === 'done')
    for (const key of record.personalSegments ?? []) await storage.delete(segmentObjectKey(key));
  // The record last: until it goes, a removal cut short is found and finished by the next attempt.
  await storage.deletePrefix(`renders/${id}/`, (key) => key === recordKey(id));
  await storage.delete(recordKey(id));
  const final = await redis.hget(keys.renderFinal(), id);
  const status = final ? (JSON.parse(final) as FinalState).status : 'cancelled';
  await redis
    .multi()
    .hset(keys.renderFinal(), id, JSON.stringify({ status, gone: reason } satisfies FinalState))
    .del(keys.views(id), keys.stream(id), keys.cancelFlag(id))
    .srem(keys.tenantActive(tenant), id)
    .exec();
  await new RenderIndex(redis, keys).removeRender(id);
}
