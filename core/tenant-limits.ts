import type { Redis } from 'ioredis';
import type { Config } from './config';
import { RateLimitedError } from './errors';
import type { Queues } from './queues';
import { takeToken } from './rate-limit';
import type { RedisKeys } from './redis-keys';

/** How long a tenant at its queued-renders limit is told to wait: renders end every few seconds on a busy cluster. */
const FULL_QUEUE_RETRY_SECONDS = 30;

/** Job states of a render that is still queued or rendering. */
const LIVE_STATES = new Set(['waiting', 'prioritized', 'delayed', 'active', 'waiting-children']);
/** How often a tenant at its limit has its set of queued renders checked against the queue. */
const FORGET_ENDED_EVERY_SECONDS = 60;

/**
 * Drops the renders from a tenant's queued set whose job ended without `endRender` (failed after too many stalls, or
 * removed): otherwise the count would only grow and the tenant stay at its limit. At most once a minute per tenant.
 */
async function forgetEnded(redis: Redis, keys: RedisKeys, queues: Queues, tenant: string): Promise<void> {
  const claimed = await redis.set(keys.tenantPrune(tenant), '1', 'EX', FORGET_ENDED_EVERY_SECONDS, 'NX');
  if (claimed !== 'OK') return;
  let cursor = '0';
  do {
    const [next, ids] = await redis.sscan(keys.tenantActive(tenant), cursor, 'COUNT', 500);
    cursor = next;
    const states = await Promise.all(ids.map((id) => queues.renders.getJobState(id)));
    const ended = ids.filter((_, index) => !LIVE_STATES.has(states[index]!));
    if (ended.length) await redis.srem(keys.tenantActive(tenant), ...ended);
  } while (cursor !== '0');
}

/**
 * Lets a tenant's submission in, or answers 429 with the wait: at most `perMinute` submissions (a render or a batch)
 * and `maxQueued` renders queued or rendering at once. A batch is let in while the tenant is under the limit; its
 * rows count from then on. Counted in Redis, so every API process applies the same limits.
 */
export async function admitSubmission(
  queues: Queues,
  redis: Redis,
  keys: RedisKeys,
  tenant: string,
  limits: Config['tenantLimits'],
): Promise<void> {
  const rate = await takeToken(redis, keys.tenantRate(tenant), limits.perMinute);
  if (!rate.allowed) {
    const wait = rate.retryAfterSeconds;
    throw new RateLimitedError(`At most ${limits.perMinute} submissions a minute; try again in ${wait} s.`, wait);
  }
  const active = keys.tenantActive(tenant);
  let queued = await redis.scard(active);
  if (queued >= limits.maxQueued) {
    await forgetEnded(redis, keys, queues, tenant);
    queued = await redis.scard(active);
  }
  if (queued >= limits.maxQueued) {
    throw new RateLimitedError(
      `${limits.maxQueued} renders are already queued or rendering; try again when some have finished.`,
      FULL_QUEUE_RETRY_SECONDS,
    );
  }
}
