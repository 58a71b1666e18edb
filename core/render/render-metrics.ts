import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis-keys';
import { SEGMENT_RESULTS, type SegmentCounts } from './render-record';
import type { FinalStatus } from './statuses';

export const RENDER_SECONDS_BUCKETS = [5, 10, 20, 30, 45, 60, 90, 120, 300, 600];

/**
 * Counters live in Redis rather than in one process's memory: renders finish in worker processes on many machines,
 * while /metrics is answered by whichever API process is scraped.
 */
export async function recordOutcome(
  redis: Redis,
  keys: RedisKeys,
  outcome: FinalStatus,
  renderSeconds: number,
  segments?: SegmentCounts,
): Promise<void> {
  const key = keys.metrics();
  const multi = redis.multi().hincrby(key, `outcome:${outcome}`, 1);
  if (segments) {
    for (const result of SEGMENT_RESULTS) {
      for (const [kind, count] of Object.entries(segments[result] ?? {}))
        multi.hincrby(key, `segments:${result}:${kind}`, count);
    }
    multi.hincrby(key, 'frames:rendered', segments.framesRendered);
    multi.hincrby(key, 'frames:delivered', segments.framesDelivered);
  }
  if (outcome === 'done') {
    for (const bucket of RENDER_SECONDS_BUCKETS) if (renderSeconds <= bucket) multi.hincrby(key, `bucket:${bucket}`, 1);
    multi.hincrbyfloat(key, 'seconds:sum', renderSeconds).hincrby(key, 'seconds:count', 1);
  }
  await multi.exec();
}

export async function readOutcomes(redis: Redis, keys: RedisKeys): Promise<Record<string, number>> {
  const raw = await redis.hgetall(keys.metrics());
  return Object.fromEntries(Object.entries(raw).map(([field, value]) => [field, Number(value)]));
}
