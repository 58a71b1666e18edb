import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis-keys';
import { SEGMENT_RESULTS, type SegmentCounts } from '../render/render-record';
import type { FinalStatus } from '../render/statuses';

/**
 * Fleet totals that must survive any one process: how renders ended, and the segments and frames behind them. They
 * live in Redis, counted where each render ends; durations are each process's own (process-metrics.ts).
 */
export async function recordOutcome(
  redis: Redis,
  keys: RedisKeys,
  outcome: FinalStatus,
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
  await multi.exec();
}

export async function readOutcomes(redis: Redis, keys: RedisKeys): Promise<Record<string, number>> {
  const raw = await redis.hgetall(keys.metrics());
  return Object.fromEntries(Object.entries(raw).map(([field, value]) => [field, Number(value)]));
}
