import { isIP } from 'node:net';
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
  const [[, count]] = (await redis
    .multi()
    .incr(counterKey)
    .expire(counterKey, windowSeconds + 1)
    .exec()) as [[null, number], [null, number]];
  const retryAfterSeconds = (window + 1) * windowSeconds - Math.floor(Date.now() / 1000);
  return { allowed: count <= limit, retryAfterSeconds: Math.max(1, retryAfterSeconds) };
}

/**
 * The part of a client address a per-client limit counts: an IPv6 host usually has a whole /64 to pick addresses
 * from, so its /64 counts as one client. IPv4 (also IPv4-mapped IPv6) counts per address.
 */
export function clientKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIP(ip) !== 6) return ip;
  const [head = '', tail] = ip.toLowerCase().split('::');
  const groups = (part: string | undefined) =>
    part ? part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group])) : [];
  const before = groups(head);
  const after = tail === undefined ? [] : groups(tail);
  const all = [...before, ...Array<string>(8 - before.length - after.length).fill('0'), ...after];
  return `${all
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
