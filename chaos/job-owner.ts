// Which worker process holds a render's job right now: BullMQ keeps it in the job hash's `pb` field (`processedBy`)
// ("<host>:<pid>", the worker's name). The only thing the suite reads from Redis directly.
import { Redis } from 'ioredis';

/** The pid of the worker that took render `id` last, or null (no job, no owner yet, or Redis not answering). */
export async function jobOwnerPid(redisUrl: string, queuePrefix: string, id: string): Promise<number | null> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const owner = await redis.hget(`${queuePrefix}:renders:${id}`, 'pb');
    const pid = Number(owner?.split(':').pop());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  } finally {
    redis.disconnect();
  }
}
