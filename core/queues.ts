import { Queue, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { RENDER_QUEUE } from './render/render-ids';

export const WEBHOOK_QUEUE = 'webhooks';
export const BATCH_QUEUE = 'batches';

/**
 * Workers wait out a Redis outage (BullMQ needs maxRetriesPerRequest: null on connections that block). The API fails
 * fast instead, so a request answers 503 rather than hanging until Redis is back.
 */
export const redisConnection = (url: string, role: 'api' | 'worker'): Redis =>
  new Redis(url, { maxRetriesPerRequest: role === 'worker' ? null : 1, enableReadyCheck: true, lazyConnect: false });

export const RENDER_JOB_OPTIONS: JobsOptions = {
  // Transient failures (a browser crash, an S3 hiccup) retry with backoff; invalid props fail at once (UnrecoverableError).
  attempts: 3,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

/**
 * BullMQ takes lower numbers first. A visitor waiting on a form's video goes before API renders, and both before CRM
 * batches, so a form render starts on the next free worker slot even behind thousands of batch renders.
 */
export const RENDER_PRIORITY = { form: 1, api: 5, batch: 10 } as const;

export const WEBHOOK_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

/** Finishing a batch (manifest, record, webhook) is idempotent, so it simply retries. */
export const BATCH_JOB_OPTIONS: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export interface Queues {
  renders: Queue;
  webhooks: Queue;
  batches: Queue;
  close(): Promise<void>;
}

export function createQueues(connection: Redis, prefix: string): Queues {
  const renders = new Queue(RENDER_QUEUE, { connection, prefix });
  const webhooks = new Queue(WEBHOOK_QUEUE, { connection, prefix });
  const batches = new Queue(BATCH_QUEUE, { connection, prefix });
  return {
    renders,
    webhooks,
    batches,
    close: async () => {
      await Promise.all([renders.close(), webhooks.close(), batches.close()]);
    },
  };
}

// Flags and counters live beside the queues, under the same prefix, so every process sees them.
export const cancelFlagKey = (prefix: string, renderId: string) => `${prefix}:cancel:${renderId}`;
export const metricsKey = (prefix: string) => `${prefix}:metrics`;
/** Form renders not started yet: a worker busy with a lower-priority render hands it back for one of them. */
export const formWaitingKey = (prefix: string) => `${prefix}:form-waiting`;
/** Claimed by the one worker that makes room for a waiting form render, so one visitor stops one render, not all. */
export const preemptClaimKey = (prefix: string, renderId: string) => `${prefix}:preempt:${renderId}`;
/** Holds the hash of the first request sent with an Idempotency-Key, so a concurrent repeat is compared, not raced. */
export const idempotencyClaimKey = (prefix: string, renderId: string) => `${prefix}:idempotency:${renderId}`;
