import { UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../core/config';
import { WEBHOOK_QUEUE } from '../core/queues';
import { assertWebhookTarget, signWebhook, WebhookTargetError } from '../core/webhook';
import type { WebhookJobData } from '../core/webhook-events';

const DELIVERY_TIMEOUT_MS = 10_000;

/** Delivers queued webhooks with Standard Webhooks headers; non-2xx answers are retried with backoff by BullMQ. */
export function startWebhookWorker(config: Config, connection: Redis): Worker<WebhookJobData> {
  const worker = new Worker<WebhookJobData>(
    WEBHOOK_QUEUE,
    async (job) => {
      try {
        await assertWebhookTarget(job.data.url, config.webhookAllowPrivate);
      } catch (error) {
        if (error instanceof WebhookTargetError) throw new UnrecoverableError(error.message);
        throw error;
      }
      const timestamp = Math.floor(Date.now() / 1000);
      const response = await fetch(job.data.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': job.data.messageId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(config.webhookSecret, job.data.messageId, timestamp, job.data.body),
        },
        body: job.data.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      if (response.status < 200 || response.status > 299) throw new Error(`webhook answered ${response.status}`);
    },
    { connection, prefix: config.queuePrefix, concurrency: 8 },
  );
  worker.on('error', (error) => console.error(`webhook worker: ${error.message}`));
  return worker;
}
