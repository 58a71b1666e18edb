import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import type { Config } from '../core/config';
import type { Queues } from '../core/queues';
import { postWebhook } from '../core/webhooks/post-webhook';
import type { WebhookMessage } from '../core/webhooks/webhook-events';
import { assertWebhookTarget, signWebhook, WebhookTargetError } from '../core/webhooks/webhook-target';
import { addJob, defineJob } from './job-definition';

const DELIVERY_TIMEOUT_MS = 10_000;

/** Delivers one event with Standard Webhooks headers; a non-2xx answer is retried with backoff. */
export const webhookJob = defineJob({
  queue: 'webhooks',
  name: 'webhook',
  schema: z.object({ messageId: z.string().min(1).max(200), url: z.url().max(2048), body: z.string().max(64 * 1024) }),
  options: {
    attempts: 8,
    backoff: { type: 'exponential', delay: 2_000 },
    removeOnComplete: { age: 24 * 3600 },
    removeOnFail: { age: 30 * 24 * 3600 },
  },
  concurrency: 8,
  async handle(payload, job, context) {
    try {
      await deliver(payload, context.config);
      await context.metrics?.observeWebhook('delivered');
    } catch (error) {
      const last = error instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await context.metrics?.observeWebhook(last ? 'gave_up' : 'failed');
      throw error;
    }
  },
});

/** One delivery attempt: throws on a refused target (for good) or an answer other than 2xx (retried). */
async function deliver({ messageId, url, body }: z.output<typeof webhookJob.schema>, config: Config): Promise<void> {
  const refuse = (error: unknown): never => {
    if (error instanceof WebhookTargetError && !error.transient) throw new UnrecoverableError(error.message);
    throw error;
  };
  // Checked again at delivery: DNS may answer differently than when the render was submitted.
  await assertWebhookTarget(url, config.webhookAllowPrivate).catch(refuse);
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    'content-type': 'application/json',
    'webhook-id': messageId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(config.webhookSecret, messageId, timestamp, body),
  };
  // Redirects are not followed: the status of the first answer decides.
  const options = { allowPrivate: config.webhookAllowPrivate, timeoutMs: DELIVERY_TIMEOUT_MS };
  const status = await postWebhook(url, headers, body, options).catch(refuse);
  if (status < 200 || status > 299) throw new Error(`webhook answered ${status}`);
}

/** Queues an event for delivery (nothing when there is no receiver); the message id makes a repeat a no-op. */
export async function enqueueWebhook(queues: Queues, message: WebhookMessage | null): Promise<void> {
  if (!message) return;
  const { type, messageId, url, body } = message;
  await addJob(queues, { ...webhookJob, name: type }, { messageId, url, body }, { jobId: messageId });
}
