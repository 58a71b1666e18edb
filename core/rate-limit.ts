import type { Redis } from 'ioredis';

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the current window ends (for Retry-After). */
  retryAfterSeconds: number;
}

/**
 * Fixed-window counter in Redis: every API process sees the same counts. One INCR and one EXPIRE per check; the
 * window's key expires by itself.
 */
export async function takeToken(redis: Redis, key: string, limit: number, windowSeconds = 60): Promise<RateDecision> {
  const window = Math.floor(Date.now() / 1000 / windowSeconds);
  const counterKey = `${key}:${window}`;
  const [[, count]] = (await redis.multi().incr(counterKey).expire(counterKey, windowSeconds + 1).exec()) as [[null, number], [null, number]];
  const retryAfterSeconds = (window + 1) * windowSeconds - Math.floor(Date.now() / 1000);
  return { allowed: count <= limit, retryAfterSeconds: Math.max(1, retryAfterSeconds) };
}
