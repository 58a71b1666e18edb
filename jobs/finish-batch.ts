import { Readable } from 'node:stream';
import { z } from 'zod';
import { batchManifest } from '../core/batch/batch-manifest';
import { BatchProgress } from '../core/batch/batch-progress';
import { BATCH_ID, type BatchRecord, batchManifestKey, batchRecordKey } from '../core/batch/batch-record';
import { redisKeys } from '../core/redis-keys';
import { ViewCounter } from '../core/views/view-counter';
import { batchEvent } from '../core/webhooks/webhook-events';
import { addJob, defineJob, type JobContext } from './job-definition';
import { enqueueWebhook } from './webhook';

/**
 * Ends a batch once all its renders have: writes the manifest (CSV and JSON, a snapshot for when Redis has lost the
 * renders' states; downloads are made afresh, with the latest views) and the final record to the bucket and queues
 * the batch webhook. Idempotent, so a retried or repeated job does no harm.
 */
export const finishBatchJob = defineJob({
  queue: 'batches',
  name: 'finish',
  schema: z.object({ batchId: z.string().regex(BATCH_ID) }),
  options: {
    attempts: 10,
    backoff: { type: 'exponential', delay: 2_000 },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 30 * 24 * 3600 },
  },
  concurrency: 2,
  async handle({ batchId }, job, context) {
    const { storage, config, queues, redis } = context;
    const record = await storage.getJson<BatchRecord>(batchRecordKey(batchId));
    if (!record) return;
    const progress = batchProgress(context);
    const views = new ViewCounter(redis, redisKeys(config.queuePrefix));
    const status = record.status === 'cancelled' ? 'cancelled' : 'completed';
    const finished: BatchRecord = { ...record, status, finishedAt: new Date().toISOString() };
    for (const format of ['csv', 'json'] as const) {
      const contentType = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json';
      const body = Readable.from(await batchManifest(storage, progress, views, config, finished, format));
      await storage.uploadStream(batchManifestKey(record.id, format), body, contentType);
    }
    await storage.putJson(batchRecordKey(record.id), finished);
    await enqueueWebhook(queues, batchEvent(finished, await progress.counts(record.id), `${job.id}`));
  },
});

/** Batch progress whose completions queue the finish job, once per completion (the occurrence is the job id). */
export const batchProgress = ({ redis, config, queues }: JobContext): BatchProgress =>
  new BatchProgress(redis, redisKeys(config.queuePrefix), (batchId, occurrence) =>
    addJob(queues, finishBatchJob, { batchId }, { jobId: occurrence }),
  );
