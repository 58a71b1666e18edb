import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

/** The BullMQ queues; each job that runs on one is defined in jobs/ (payload schema, options, handler). */
export const QUEUE_NAMES = ['renders', 'webhooks', 'batches', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/**
 * Workers wait out a Redis outage (BullMQ needs maxRetriesPerRequest: null on connections that block). The API fails
 * fast instead, so a request answers 503 rather than hanging until Redis is back.
 */
export const redisConnection = (url: string, role: 'api' | 'worker'): Redis =>
  new Redis(url, { maxRetriesPerRequest: role === 'worker' ? null : 1, enableReadyCheck: true, lazyConnect: false });

export type Queues = Record<QueueName, Queue> & { close(): Promise<void> };

export function createQueues(connection: Redis, prefix: string): Queues {
  const queues = Object.fromEntries(QUEUE_NAMES.map((name) => [name, new Queue(name, { connection, prefix })]));
  return {
    ...(queues as Record<QueueName, Queue>),
    close: async () => {
      await Promise.all(Object.values(queues).map((queue) => queue.close()));
    },
  };
}
