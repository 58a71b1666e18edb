import { UnrecoverableError, Worker } from 'bullmq';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordKey } from '../core/render/outputs';
import type { RenderRecord } from '../core/render/render-record';
import { startTestService, type TestService } from './helpers/service';

// A render whose worker failed it without recording the end (its bucket was down longer than it waited, or it ran out
// of stalls) must still say so, with an error, in its status and in its bucket record, and be retryable.

let service: TestService;

beforeAll(async () => {
  service = await startTestService();
});

afterAll(async () => {
  await service?.stop();
});

const api = (path: string, method = 'GET') =>
  fetch(`${service.url}${path}`, { method, headers: { authorization: `Bearer ${service.apiKey}` } });

it('records the error of a render failed without a word from its worker, and retries it with the same id', async () => {
  const submitted = await fetch(`${service.url}/v1/renders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${service.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ template: 'welcome', props: { firstName: 'Ana' } }),
  });
  const { id } = (await submitted.json()) as { id: string };
  // A bare BullMQ worker that fails the job for good, as a crashed or cut-off worker leaves it.
  const failing = new Worker(
    'renders',
    async () => {
      throw new UnrecoverableError('the worker lost its bucket');
    },
    { connection: service.runtime.redis.duplicate({ maxRetriesPerRequest: null }), prefix: service.config.queuePrefix },
  );
  try {
    for (let attempt = 0; attempt < 100; attempt++) {
      if ((await service.runtime.queues.renders.getJob(id))?.failedReason) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await failing.close();
  }
  const failed = (await (await api(`/v1/renders/${id}`)).json()) as Record<string, any>;
  expect(failed).toMatchObject({
    status: 'failed',
    error: { code: 'render_failed', message: 'The render failed after all attempts.' },
  });
  expect(await service.runtime.storage.getJson<RenderRecord>(recordKey(id))).toMatchObject({
    status: 'failed',
    error: { code: 'render_failed' },
  });

  const retried = await api(`/v1/renders/${id}/retry`, 'POST');
  expect(retried.status).toBe(202);
  expect(await retried.json()).toMatchObject({ id, status: 'queued', attempts: 0 });
  expect(await (await service.runtime.queues.renders.getJob(id))?.getState()).toMatch(/waiting|prioritized/);
  expect(await service.runtime.storage.getJson<RenderRecord>(recordKey(id))).toMatchObject({ status: 'queued' });
});
