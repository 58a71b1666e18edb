import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { redisAnswers } from '../core/runtime';
import { freePort, startTestService, type TestService } from './helpers/service';

// A private redis-server that the test can stop, so the API's behaviour during an outage is seen for real.
let redisPort: number;
let redis: ChildProcess;
let service: TestService;

async function startRedis(): Promise<void> {
  redis = spawn(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  for (let attempt = 0; attempt < 50 && !(await redisAnswers(`redis://127.0.0.1:${redisPort}`)); attempt++)
    await new Promise((resolve) => setTimeout(resolve, 100));
}

async function stopRedis(): Promise<void> {
  const exited = new Promise((resolve) => redis.once('exit', resolve));
  redis.kill('SIGKILL');
  await exited;
}

beforeAll(async () => {
  redisPort = await freePort();
  await startRedis();
  service = await startTestService({ REDIS_URL: `redis://127.0.0.1:${redisPort}` });
});

afterAll(async () => {
  await service?.stop();
  await stopRedis();
});

/** A 503 in the one error shape, with Retry-After and the request id to quote. */
async function expectUnavailable(response: Response): Promise<void> {
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe('5');
  expect(await response.json()).toEqual({
    error: {
      code: 'service_unavailable',
      message: expect.stringContaining('try again'),
      requestId: response.headers.get('x-request-id'),
    },
  });
}

it('answers 503 at once while Redis is down, and recovers when it is back', async () => {
  const auth = { authorization: `Bearer ${service.apiKey}`, 'content-type': 'application/json' };
  expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
  const queued = await fetch(`${service.url}/v1/renders`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ template: 'welcome', props: { firstName: 'Ana' } }),
  });
  expect(queued.status).toBe(202);
  const { id } = (await queued.json()) as { id: string };
  await stopRedis();

  const ready = await fetch(`${service.url}/readyz`, { signal: AbortSignal.timeout(10_000) });
  expect(ready.status).toBe(503);
  expect(((await ready.json()) as { error: { details: { failing: string[] } } }).error.details.failing).toEqual([
    'redis',
  ]);

  const submit = await fetch(`${service.url}/v1/renders`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ template: 'welcome', props: { firstName: 'Ana' } }),
    signal: AbortSignal.timeout(10_000),
  });
  await expectUnavailable(submit);
  // Reads that start in the bucket and go on to Redis (the render's job), and reads of Redis alone.
  const timeout = () => AbortSignal.timeout(10_000);
  await expectUnavailable(await fetch(`${service.url}/v1/renders/${id}`, { headers: auth, signal: timeout() }));
  await expectUnavailable(await fetch(`${service.url}/metrics`, { signal: timeout() }));
  const bearer = { authorization: auth.authorization };
  const cancel = await fetch(`${service.url}/v1/renders/${id}`, {
    method: 'DELETE',
    headers: bearer,
    signal: timeout(),
  });
  await expectUnavailable(cancel);

  await startRedis();
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await fetch(`${service.url}/readyz`)).status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
});
