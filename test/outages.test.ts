import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageUnavailableError } from '../core/errors';
import { mapOutputs, OUTPUTS } from '../core/render/outputs';
import { type EmbeddedS3, startEmbeddedS3 } from '../core/storage/embedded-s3';
import { uploadOutputs } from '../render/upload';
import { freePort, startTestService, type TestService } from './helpers/service';

// The API (no worker) on a bucket of its own, on a fixed port, that the test can stop and start again on the same
// port and folder, so the behaviour during a bucket outage is seen for real.
const BUCKET = 'reelpipe-test';
let bucketDir: string;
let bucketPort: number;
let bucket: EmbeddedS3 | null = null;
let service: TestService;

const startBucket = async () => {
  bucket = await startEmbeddedS3(bucketDir, BUCKET, bucketPort);
};
const stopBucket = async () => {
  await bucket?.close();
  bucket = null;
};

beforeAll(async () => {
  bucketDir = await mkdtemp(join(tmpdir(), 'reelpipe-outage-bucket-'));
  bucketPort = await freePort();
  await startBucket();
  service = await startTestService({ S3_ENDPOINT: `http://127.0.0.1:${bucketPort}` });
});

afterAll(async () => {
  // The service clears its queues and keys in Redis and needs nothing from the bucket for that.
  await startBucket().catch(() => undefined);
  await service?.stop();
  await stopBucket();
  await rm(bucketDir, { recursive: true, force: true });
});

const request = (path: string, init: RequestInit = {}) =>
  fetch(`${service.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${service.apiKey}`, 'content-type': 'application/json', ...init.headers },
    signal: AbortSignal.timeout(30_000),
  });
const submit = () =>
  request('/v1/renders', {
    method: 'POST',
    body: JSON.stringify({ template: 'welcome', props: { firstName: 'Ana' } }),
  });

async function waitUntilReady(): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await fetch(`${service.url}/readyz`)).status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('/readyz did not come back');
}

/** A 503 in the one error shape, with Retry-After and the request id to quote. */
async function expectUnavailable(response: Response): Promise<void> {
  expect(response.status).toBe(503);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  const requestId = response.headers.get('x-request-id');
  expect(requestId).toMatch(/^[\w-]+$/);
  expect(await response.json()).toEqual({
    error: { code: 'service_unavailable', message: expect.stringMatching(/bucket.*try again/), requestId },
  });
}

describe('while the bucket is down', () => {
  it('answers 503 with Retry-After, says so on /readyz, and works again once it is back', async () => {
    const first = await submit();
    expect(first.status).toBe(202);
    const { id } = (await first.json()) as { id: string };
    await stopBucket();

    await expectUnavailable(await submit());
    await expectUnavailable(await request(`/v1/renders/${id}`));
    const ready = await fetch(`${service.url}/readyz`, { signal: AbortSignal.timeout(30_000) });
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).not.toBeNull();
    expect(((await ready.json()) as { error: { details: { failing: string[] } } }).error.details.failing).toEqual([
      's3',
    ]);
    // The API's storage is quick: it fails at once, with the error the handler answers 503 for.
    await expect(service.runtime.storage.putJson('outage/probe.json', {})).rejects.toBeInstanceOf(
      StorageUnavailableError,
    );

    await startBucket();
    await waitUntilReady();
    expect((await request(`/v1/renders/${id}`)).status).toBe(200);
    expect((await submit()).status).toBe(202);
  });

  it("waits out an outage in a worker's patient storage: the outputs upload once the bucket is back", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reelpipe-outage-files-'));
    try {
      const files = mapOutputs((kind) => join(dir, OUTPUTS[kind].file));
      await Promise.all(Object.values(files).map((file) => writeFile(file, `bytes of ${file}`)));
      const lines: string[] = [];
      const patient = service.runtime.storage.patient({ seconds: 120, log: (line) => lines.push(line) });
      await stopBucket();
      const uploading = uploadOutputs(patient, 'r_outage_upload', files);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await startBucket();
      const keys = await uploading;
      for (const key of Object.values(keys)) expect(await service.runtime.storage.exists(key)).toBe(true);
      expect(lines.some((line) => line.startsWith('bucket unreachable'))).toBe(true);
      expect(lines.some((line) => line.startsWith('bucket answers again'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('gives up at once when the wait is cut short (a worker shutting down)', async () => {
    const shutdown = new AbortController();
    const patient = service.runtime.storage.patient({ seconds: 600, log: () => undefined, signal: shutdown.signal });
    await stopBucket();
    try {
      const writing = patient.putJson('outage/cut-short.json', {});
      setTimeout(() => shutdown.abort(), 500);
      await expect(writing).rejects.toBeInstanceOf(StorageUnavailableError);
    } finally {
      await startBucket();
    }
  });
});

describe('requests the API refuses before any route', () => {
  it('answers 400 for JSON nested too deeply, in the one error shape', async () => {
    const metadata = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
    const response = await request('/v1/renders', {
      method: 'POST',
      body: `{"template":"welcome","props":{"firstName":"Ana"},"metadata":{"deep":${metadata}}}`,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'bad_request', message: 'The JSON body is nested too deeply (at most 32 levels).' },
    });
  });

  it('answers 400 for a malformed URL without echoing it', async () => {
    const response = await request('/v1/renders/%E0%A4%A');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'bad_request', message: 'The URL is malformed.' } });
  });

  it('answers 414 for a URL too long, whether Fastify or the HTTP parser sees it first', async () => {
    for (const length of [10_000, 20_000, 70_000]) {
      const response = await request(`/v1/renders?filler=${'a'.repeat(length)}`);
      expect(response.status).toBe(414);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('uri_too_long');
      expect(body.error.message).not.toContain('aaaa');
    }
    const longParam = await request(`/v1/renders/${'a'.repeat(300)}`);
    expect(longParam.status).toBe(414);
    expect(((await longParam.json()) as { error: { code: string } }).error.code).toBe('uri_too_long');
  });

  it('names every answer with a request id, taking a well-formed one from the caller', async () => {
    const given = await fetch(`${service.url}/healthz`, { headers: { 'x-request-id': 'trace_42-a' } });
    expect(given.headers.get('x-request-id')).toBe('trace_42-a');
    const refused = await fetch(`${service.url}/healthz`, { headers: { 'x-request-id': 'not ok!' } });
    expect(refused.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
  });
});
