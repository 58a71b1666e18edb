import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { Readable } from 'node:stream';
import { batchManifest } from '../core/batch/batch-manifest';
import { BatchProgress } from '../core/batch/batch-progress';
import { batchManifestKey, batchRecordKey, type BatchRecord } from '../core/batch/batch-record';
import type { Config } from '../core/config';
import { BATCH_QUEUE, type Queues } from '../core/queues';
import type { Storage } from '../core/storage/storage';
import { enqueueBatchWebhook } from '../core/webhooks/webhook-events';

/**
 * Ends a batch once all its renders have: writes the manifest (CSV and JSON) and the final record to the bucket and
 * queues the batch webhook. Idempotent, so a retried or repeated job does no harm.
 */
export function startBatchFinisher(config: Config, connection: Redis, storage: Storage, queues: Queues): Worker<{ batchId: string }> {
  const progress = new BatchProgress(connection, config.queuePrefix, queues);
  const worker = new Worker<{ batchId: string }>(
    BATCH_QUEUE,
    async (job) => {
      const record = await storage.getJson<BatchRecord>(batchRecordKey(job.data.batchId));
      if (!record) return;
      const finished: BatchRecord = { ...record, status: record.status === 'cancelled' ? 'cancelled' : 'completed', finishedAt: new Date().toISOString() };
      for (const format of ['csv', 'json'] as const) {
        const contentType = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json';
        await storage.uploadStream(batchManifestKey(record.id, format), Readable.from(await batchManifest(storage, progress, config, finished, format)), contentType);
      }
      await storage.putJson(batchRecordKey(record.id), finished);
      await enqueueBatchWebhook(queues, finished, await progress.counts(record.id), `${job.id}`);
    },
    { connection, prefix: config.queuePrefix, concurrency: 2 },
  );
  worker.on('error', (error) => console.error(`batch finisher: ${error.message}`));
  return worker;
}
