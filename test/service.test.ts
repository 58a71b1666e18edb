import { createHmac } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateIds } from '../compositions/registry';
import { linkToken } from '../core/links/link-token';
import { recordKey } from '../core/render/outputs';
import type { RenderRecord } from '../core/render/render-record';
import { ffprobeJson } from '../render/ffmpeg';
import { buildApp } from '../server/app';
import {
  type ReceivedHook,
  startHookReceiver,
  startTestService,
  type TestService,
  type WorkerProcess,
  waitForRender,
} from './helpers/service';

// Real Redis (random queue prefix), s3rver over HTTP, real workers with Debian Chromium as child processes.

let service: TestService;
let receiver: Awaited<ReturnType<typeof startHookReceiver>>;
let hookUrl: string;
let hooks: ReceivedHook[];
let scratch: string;

const SHORT_TRIP = { interests: ['food'], firstName: 'João', locale: 'pt' };

const api = (path: string, init: RequestInit & { json?: unknown } = {}) =>
  fetch(`${service.url}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${service.apiKey}`,
      ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(init.headers as Record<string, string>),
    },
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });

const submit = async (body: unknown, headers: Record<string, string> = {}) => {
  const response = await api('/v1/renders', { method: 'POST', json: body, headers });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

beforeAll(async () => {
  service = await startTestService({ MAX_BODY_BYTES: '8192' });
  scratch = await mkdtemp(join(tmpdir(), 'reelpipe-service-files-'));
  receiver = await startHookReceiver();
  ({ url: hookUrl, hooks } = receiver);
});

afterAll(async () => {
  await service?.stop();
  receiver?.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('API without workers', () => {
  it('answers 401 without a valid key, with the one error shape', async () => {
    const none = await fetch(`${service.url}/v1/templates`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: { code: 'unauthorized', message: expect.stringContaining('Bearer') } });
    const wrong = await fetch(`${service.url}/v1/templates`, {
      headers: { authorization: 'Bearer not-the-key-at-all' },
    });
    expect(wrong.status).toBe(401);
    const admin = await fetch(`${service.url}/admin/queues`);
    expect(admin.status).toBe(401);
    expect(await admin.json()).toEqual({
      error: { code: 'unauthorized', message: expect.stringContaining('admin key') },
    });
  });

  it('lists templates with their JSON Schema', async () => {
    const response = await api('/v1/templates/trip');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: 'trip', propsSchema: { type: 'object' }, defaults: { fps: 30 } });
    expect((await api('/v1/templates/nope')).status).toBe(404);
  });

  it('refuses bad submissions with 404, 422, 400, 413 and 415 before queueing anything', async () => {
    const unknown = await submit({ template: 'nope' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.details.known).toEqual(templateIds());

    const invalid = await submit({
      template: 'trip',
      props: { travellers: 99, interests: ['food', 'food'], logo: 'https://x.example/a.png' },
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.details).toEqual([
      { field: 'travellers', message: 'must be at most 12' },
      { field: 'interests', message: 'must not repeat an interest' },
      { field: 'logo', message: 'is not a prop of this template' },
    ]);

    expect((await submit({ props: {} })).status).toBe(400);
    const tooBig = await submit({ template: 'trip', props: { firstName: 'x'.repeat(10_000) } });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('payload_too_large');
    const text = await api('/v1/renders', {
      method: 'POST',
      body: 'template=trip',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    expect(await service.runtime.queues.renders.getJobCountByTypes('waiting', 'prioritized')).toBe(0);
  });

  it('refuses webhook targets on loopback or private ranges unless allowed', async () => {
    const strict = await buildApp({
      ...service.runtime,
      config: { ...service.config, webhookAllowPrivate: false },
      logger: false,
    });
    for (const webhookUrl of [
      'http://127.0.0.1:9/x',
      'http://10.1.2.3/x',
      'http://[::1]/x',
      'http://localhost/x',
      'ftp://example.com/x',
    ]) {
      const response = await strict.inject({
        method: 'POST',
        url: '/v1/renders',
        headers: { authorization: `Bearer ${service.apiKey}` },
        payload: { template: 'trip', webhookUrl },
      });
      expect(response.statusCode, webhookUrl).toBe(422);
      expect(response.json().error.code).toBe('webhook_target_refused');
    }
    await strict.close();
  });

  it('refuses a landing page button that is not a web page or plain words, naming the field, and queues nothing', async () => {
    const before = await service.runtime.queues.renders.count();
    for (const [cta, field] of [
      [{ url: 'javascript:alert(1)' }, 'cta.url'],
      [{ url: 'https://user:secret@example.com/' }, 'cta.url'],
      [{ text: '<img src=x onerror=alert(1)>' }, 'cta.text'],
      [{ text: 'x'.repeat(61) }, 'cta.text'],
    ] as const) {
      const { status, body } = await submit({ template: 'trip', props: SHORT_TRIP, cta });
      expect(status, JSON.stringify(cta)).toBe(422);
      expect(body.error).toMatchObject({ code: 'invalid_cta', details: [{ field }] });
    }
    expect(await service.runtime.queues.renders.count()).toBe(before);
  });

  it('cancels a queued render', async () => {
    const queued = await submit({ template: 'trip', props: SHORT_TRIP });
    const cancelled = await api(`/v1/renders/${queued.body.id}`, { method: 'DELETE' });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ id: queued.body.id, status: 'cancelled' });
    // Cancelled, it has ended: a second DELETE removes it, and then it is gone.
    const deleted = await api(`/v1/renders/${queued.body.id}`, { method: 'DELETE' });
    expect(await deleted.json()).toEqual({ id: queued.body.id, status: 'deleted' });
    expect((await api(`/v1/renders/${queued.body.id}`, { method: 'DELETE' })).status).toBe(410);
    expect((await api('/v1/renders/r_doesnotexist123456', { method: 'DELETE' })).status).toBe(404);
  });

  it('answers concurrent repeats of an Idempotency-Key with one render, and a different body with 409', async () => {
    const request = { template: 'trip', props: SHORT_TRIP, metadata: { order: 7 } };
    const key = { 'idempotency-key': 'order-7' };
    const same = await Promise.all([submit(request, key), submit(request, key), submit(request, key)]);
    expect(same.map((answer) => answer.status)).toEqual([202, 202, 202]);
    expect(new Set(same.map((answer) => answer.body.id)).size).toBe(1);

    const raced = await Promise.all([
      submit({ ...request, metadata: { order: 8 } }, { 'idempotency-key': 'order-8' }),
      submit({ ...request, metadata: { order: 9 } }, { 'idempotency-key': 'order-8' }),
    ]);
    expect(raced.map((answer) => answer.status).sort()).toEqual([202, 409]);
    expect((await submit({ ...request, webhookUrl: hookUrl }, key)).status).toBe(409);

    for (const answer of [same[0]!, raced.find((r) => r.status === 202)!])
      expect((await api(`/v1/renders/${answer.body.id}`, { method: 'DELETE' })).status).toBe(200);
  });
});

describe('render end to end', () => {
  let worker: WorkerProcess;
  beforeAll(async () => {
    worker = await service.startWorker();
  });
  afterAll(async () => {
    await worker?.stop();
  });

  it('renders, serves presigned and permanent links, and delivers a signed webhook', async () => {
    const request = { template: 'trip', props: SHORT_TRIP, webhookUrl: hookUrl, metadata: { crmId: 'c-42' } };
    const first = await submit(request, { 'idempotency-key': 'order-42' });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ status: 'queued', statusUrl: `${service.url}/v1/renders/${first.body.id}` });
    const again = await submit(request, { 'idempotency-key': 'order-42' });
    expect(again.body.id).toBe(first.body.id);
    expect(
      (await submit({ ...request, props: { interests: ['nature'] } }, { 'idempotency-key': 'order-42' })).status,
    ).toBe(409);

    const seen = new Set<string>();
    const done = await waitForRender(service, first.body.id, (body) => {
      seen.add(String(body.status));
      return body.status === 'done' || body.status === 'failed';
    });
    expect(done).toMatchObject({ status: 'done', progress: 1, attempts: 1, metadata: { crmId: 'c-42' } });
    expect(seen.has('rendering')).toBe(true);

    // Presigned URL straight from the bucket.
    const outputs = done.outputs as Record<string, { url: string; expiresAt: string }>;
    const direct = await fetch(outputs.video!.url);
    expect(direct.headers.get('content-type')).toBe('video/mp4');
    const videoBytes = Buffer.from(await direct.arrayBuffer());
    await writeFile(join(scratch, 'video.mp4'), videoBytes);
    const probe = await ffprobeJson(join(scratch, 'video.mp4'));
    expect(probe.streams[0]).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p', nb_frames: '330' });
    expect(Date.parse(outputs.video!.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);

    // Permanent links: the short one is the landing page (HTML); the files a 302 to a fresh presigned URL each.
    const link = String(done.link);
    const links = done.links as Record<string, string>;
    expect(links.landing).toBe(link);
    expect(link).toMatch(/\/v\/[A-Za-z0-9_-]{16}$/);
    const landing = await fetch(link);
    expect(landing.status).toBe(200);
    expect(landing.headers.get('content-type')).toContain('text/html');
    expect(await landing.text()).toContain(`src="${links.video}"`);
    expect(links.video).toBe(`${link}.mp4`);
    const redirect = await fetch(links.video!, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(Buffer.from(await (await fetch(redirect.headers.get('location')!)).arrayBuffer()).equals(videoBytes)).toBe(
      true,
    );
    expect(done).toMatchObject({ durationSeconds: 11, sizeBytes: videoBytes.length });
    for (const [suffix, type] of [
      ['/poster.jpg', 'image/jpeg'],
      ['/poster-play.jpg', 'image/jpeg'],
      ['/preview.gif', 'image/gif'],
      ['.gif', 'image/gif'],
    ]) {
      const image = await fetch(`${link}${suffix}`);
      expect(image.status, suffix).toBe(200);
      expect(image.headers.get('content-type')).toBe(type);
    }
    // Links made before short codes (the long token) still work, and open the landing page too.
    const token = linkToken(service.config.linkSecret, first.body.id);
    expect((await fetch(`${service.url}/v/${token}`)).headers.get('content-type')).toContain('text/html');
    expect((await fetch(`${service.url}/v/${token}/poster.jpg`)).status).toBe(200);
    // Tampered or unknown tokens and codes: the same 404.
    const [idPart, macPart] = token.split('.');
    const flipped = `${macPart!.slice(0, -1)}${macPart!.endsWith('A') ? 'B' : 'A'}`;
    const code = link.split('/v/')[1]!;
    for (const handle of [
      `${idPart}.${flipped}`,
      `${Buffer.from('r_someoneelsesrender00').toString('base64url')}.${macPart}`,
      'garbage',
      `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`,
      `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}.mp4`,
    ]) {
      const response = await fetch(`${service.url}/v/${handle}`, { redirect: 'manual' });
      expect(response.status, handle).toBe(404);
    }

    // The record in the bucket is the durable copy.
    const record = await service.runtime.storage.getJson<RenderRecord>(recordKey(first.body.id));
    expect(record).toMatchObject({ status: 'done', video: { durationInFrames: 330 } });

    // Webhook: delivered once, verifiable with the Standard Webhooks recipe.
    const deadline = Date.now() + 20_000;
    while (!hooks.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(hooks).toHaveLength(1);
    const hook = hooks[0]!;
    const id = String(hook.headers['webhook-id']);
    const timestamp = String(hook.headers['webhook-timestamp']);
    const key = Buffer.from(service.env.WEBHOOK_SECRET!.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${hook.body}`).digest('base64');
    expect(hook.headers['webhook-signature']).toBe(`v1,${expected}`);
    expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(60);
    expect(JSON.parse(hook.body)).toMatchObject({
      type: 'render.done',
      data: {
        id: first.body.id,
        status: 'done',
        metadata: { crmId: 'c-42' },
        links,
        durationSeconds: 11,
        sizeBytes: videoBytes.length,
      },
    });

    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/^reelpipe_renders_total\{outcome="done"\} 1$/m);
    expect(metrics).toMatch(/^reelpipe_render_seconds_count 1$/m);
    // The worker's own histograms, published through Redis and added up by the API.
    for (const stage of ['queued', 'video', 'stitch', 'stills', 'upload', 'total'])
      expect(metrics).toMatch(new RegExp(`^reelpipe_render_stage_seconds_count\\{stage="${stage}"\\} 1$`, 'm'));
    expect(metrics).toMatch(/^reelpipe_segment_seconds_count\{kind="personal"\} [1-9]/m);
    for (const lane of ['form', 'api', 'batch'])
      expect(metrics).toMatch(new RegExp(`^reelpipe_queue_waiting\\{lane="${lane}"\\} 0$`, 'm'));
    expect(metrics).toMatch(/^reelpipe_segment_cache_hit_ratio [0-9.]+$/m);
    expect(metrics).toMatch(/^reelpipe_worker_slots\{state="idle"\} 1$/m);
    expect(metrics).toMatch(/^reelpipe_worker_busy_ratio 0$/m);
    // Counted by the webhook worker once the receiver answered, and published right after.
    await expect
      .poll(async () => (await fetch(`${service.url}/metrics`)).text(), { timeout: 15_000 })
      .toMatch(/^reelpipe_webhook_deliveries_total\{outcome="delivered"\} 1$/m);
    expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
  });

  it('cancels a running render', async () => {
    const { body } = await submit({ template: 'trip', props: SHORT_TRIP });
    await waitForRender(service, body.id, (view) => view.status === 'rendering' && Number(view.progress) > 0.1);
    expect((await api(`/v1/renders/${body.id}`, { method: 'DELETE' })).status).toBe(202);
    const final = await waitForRender(
      service,
      body.id,
      (view) => ['cancelled', 'done', 'failed'].includes(String(view.status)),
      60_000,
    );
    expect(final).toMatchObject({ status: 'cancelled', error: { code: 'render_cancelled' } });
    // Nothing failed: the queue pages list its job as completed, not among the failures.
    await expect.poll(() => service.runtime.queues.renders.getJobState(body.id), { timeout: 10_000 }).toBe('completed');
  });
});

describe('workers', () => {
  it('finishes a render exactly once when its worker is killed with SIGKILL mid-render', async () => {
    const doomed = await service.startWorker();
    const { body } = await submit({ template: 'trip', props: { ...SHORT_TRIP, firstName: 'Sigkill' } });
    await waitForRender(service, body.id, (view) => view.status === 'rendering' && Number(view.progress) > 0.2);
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    const doneBefore = Number(
      (await service.runtime.redis.hget(`${service.config.queuePrefix}:metrics`, 'outcome:done')) ?? 0,
    );
    const rescuer = await service.startWorker();
    const final = await waitForRender(
      service,
      body.id,
      (view) => view.status === 'done' || view.status === 'failed',
      120_000,
    );
    expect(final.status).toBe('done');
    // Give a duplicate a moment to show itself, then check there was exactly one completion.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(Number(await service.runtime.redis.hget(`${service.config.queuePrefix}:metrics`, 'outcome:done'))).toBe(
      doneBefore + 1,
    );
    const record = await service.runtime.storage.getJson<RenderRecord>(recordKey(body.id));
    expect(record?.worker?.endsWith(`:${rescuer.child.pid}`)).toBe(true);
    await rescuer.stop();
  });

  it('hands a running render back on SIGTERM, without using an attempt, for another worker to finish', async () => {
    const leaving = await service.startWorker();
    const { body } = await submit({ template: 'trip', props: { ...SHORT_TRIP, firstName: 'Sigterm' } });
    await waitForRender(service, body.id, (view) => view.status === 'rendering' && Number(view.progress) > 0.2);
    leaving.child.kill('SIGTERM');
    const code = await Promise.race([
      leaving.exited,
      new Promise((resolve) => setTimeout(() => resolve('still running'), 60_000)),
    ]);
    expect(code, leaving.log()).toBe(0);
    expect((await waitForRender(service, body.id, () => true)).status).toBe('queued');
    const taker = await service.startWorker();
    const final = await waitForRender(
      service,
      body.id,
      (view) => view.status === 'done' || view.status === 'failed',
      120_000,
    );
    expect(final).toMatchObject({ status: 'done', attempts: 1 });
    const record = await service.runtime.storage.getJson<RenderRecord>(recordKey(body.id));
    expect(record?.worker?.endsWith(`:${taker.child.pid}`)).toBe(true);
    await taker.stop();
  });

  it('lets two workers drain one queue together', async () => {
    const workers = [await service.startWorker(), await service.startWorker()];
    const ids: string[] = [];
    for (const firstName of ['Ana', 'Анна', 'Íñigo'])
      ids.push((await submit({ template: 'trip', props: { ...SHORT_TRIP, firstName } })).body.id);
    for (const id of ids)
      expect(
        (await waitForRender(service, id, (view) => view.status === 'done' || view.status === 'failed', 240_000))
          .status,
      ).toBe('done');
    const records = await Promise.all(ids.map((id) => service.runtime.storage.getJson<RenderRecord>(recordKey(id))));
    const pids = new Set(records.map((record) => record!.worker!.split(':')[1]));
    expect(pids).toEqual(new Set(workers.map((worker) => String(worker.child.pid))));
    await Promise.all(workers.map((worker) => worker.stop()));
  });
});
