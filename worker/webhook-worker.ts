import { UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../core/config';
import { WEBHOOK_QUEUE } from '../core/queues';
import { assertWebhookTarget, signWebhook, WebhookTargetError } from '../core/webhooks/webhook-target';
import type { WebhookJobData } from '../core/webhooks/webhook-events';
import { postWebhook } from '../core/webhooks/post-webhook';

const DELIVERY_TIMEOUT_MS = 10_000;

/** Delivers queued webhooks with Standard Webhooks headers; non-2xx answers are retried with backoff by BullMQ. */
export function startWebhookWorker(config: Config, connection: Redis): Worker<WebhookJobData> {
  const worker = new Worker<WebhookJobData>(
    WEBHOOK_QUEUE,
    async (job) => {
      const refuse = (error: unknown): never => {
        if (error instanceof WebhookTargetError && !error.transient) throw new UnrecoverableError(error.message);
        throw error;
      };
      await assertWebhookTarget(job.data.url, config.webhookAllowPrivate).catch(refuse);
      const timestamp = Math.floor(Date.now() / 1000);
      const headers = {
        'content-type': 'application/json',
        'webhook-id': job.data.messageId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(config.webhookSecret, job.data.messageId, timestamp, job.data.body),
      };
      // Redirects are not followed: the status of the first answer decides.
      const status = await postWebhook(job.data.url, headers, job.data.body, { allowPrivate: config.webhookAllowPrivate, timeoutMs: DELIVERY_TIMEOUT_MS }).catch(refuse);
      if (status < 200 || status > 299) throw new Error(`webhook answered ${status}`);
    },
    { connection, prefix: config.queuePrefix, concurrency: 8 },
  );
  worker.on('error', (error) => console.error(`webhook worker: ${error.message}`));
  return worker;
}
