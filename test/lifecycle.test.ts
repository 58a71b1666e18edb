import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RenderIndex } from '../core/lifecycle/render-index';
import { redisKeys } from '../core/redis-keys';
import type { DoneRecord } from '../core/render/render-record';
import { sweepRetentionJob } from '../jobs/sweep-retention';
import { segmentObjectKey } from '../render/segment-store';
import { startTestService, type TestService, type WorkerProcess, waitForRender } from './helpers/service';

// What happens to a video after it is made, on real parts (Redis, s3rver, a worker rendering real videos): lists with
// cursors and filters, deletion with its links answering 410, erasure of one contact across batches and renders,
// link expiry and retention through the sweeper job.

const TRIP = { interests: ['food'], locale: 'pt' };

let service: TestService;
let worker: WorkerProcess;

const api = (path: string, init: RequestInit & { json?: unknown } = {}) =>
  fetch(`${service.url}${path}`, {
    ...init,
    redirect: 'manual',
    headers: {
      authorization: `Bearer ${service.apiKey}`,
      ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });
const json = async (response: Response) => (await response.json()) as Record<string, any>;
const render = async (body: Record<string, unknown>) => {
  const response = await api('/v1/renders', { method: 'POST', json: { template: 'trip', ...body } });
  expect(response.status).toBe(202);
  const { id } = await json(response);
  return waitForRender(service, id, (view) => view.status === 'done' || view.status === 'failed');
};
const keysUnder = async (prefix: string) => {
  const keys: string[] = [];
  for await (const key of service.runtime.storage.keys(prefix)) keys.push(key);
  return keys;
};
const record = (id: string) => service.runtime.storage.getJson<DoneRecord>(`renders/${id}/record.json`);
const sweep = (retentionDays = 0) =>
  sweepRetentionJob.handle({}, {} as never, {
    ...service.runtime,
    config: { ...service.runtime.config, retentionDays },
  });

beforeAll(async () => {
  service = await startTestService();
  worker = await service.startWorker();
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await service?.stop();
});

describe('lists', () => {
  it('pages through the renders newest first with a cursor, and filters by status, template and time', async () => {
    const first = await render({ props: { ...TRIP, firstName: 'Lia' } });
    const queued = await json(await api('/v1/renders', { method: 'POST', json: { template: 'welcome', props: {} } }));
    const all = await json(await api('/v1/renders?limit=100'));
    expect(all.items.map((item: { id: string }) => item.id).slice(0, 2)).toEqual([queued.id, first.id]);
    expect(all.items[1]).toMatchObject({ id: first.id, template: 'trip', status: 'done' });
    expect(all.items[1].statusUrl).toBe(`${service.url}/v1/renders/${first.id}`);

    const one = await json(await api('/v1/renders?limit=1'));
    expect(one.items.map((item: { id: string }) => item.id)).toEqual([queued.id]);
    expect(one.nextCursor).toEqual(expect.any(String));
    const two = await json(await api(`/v1/renders?limit=1&cursor=${one.nextCursor}`));
    expect(two.items[0].id).toBe(first.id);

    const done = await json(await api('/v1/renders?status=done&template=trip'));
    expect(done.items.map((item: { id: string }) => item.id)).toContain(first.id);
    expect(done.items.every((item: { status: string }) => item.status === 'done')).toBe(true);
    expect(
      (await json(await api('/v1/renders?template=welcome'))).items.map((item: { id: string }) => item.id),
    ).toEqual([queued.id]);
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect(await json(await api(`/v1/renders?since=${encodeURIComponent(future)}`))).toEqual({
      items: [],
      nextCursor: null,
    });
    expect((await api('/v1/renders?cursor=not-a-cursor')).status).toBe(400);
    expect((await api('/v1/renders?status=exploded')).status).toBe(400);
    expect((await api('/v1/renders?limit=1000')).status).toBe(400);
    // Cancelled, whether still queued (200) or just taken by the worker (202).
    expect([200, 202]).toContain((await api(`/v1/renders/${queued.id}`, { method: 'DELETE' })).status);
  }, 180_000);
});

describe('deleting a render', () => {
  it('removes its outputs, stream, personal segments and record; its links and status answer 410', async () => {
    const done = await render({ props: { ...TRIP, firstName: 'Rui' } });
    const id = done.id as string;
    const stored = (await record(id))!;
    expect(stored.personalSegments?.length).toBeGreaterThan(0);
    expect(await keysUnder(`renders/${id}/`)).not.toHaveLength(0);
    const landing = done.link as string;
    expect((await fetch(landing)).status).toBe(200);

    const deleted = await api(`/v1/renders/${id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(await json(deleted)).toEqual({ id, status: 'deleted' });

    expect(await keysUnder(`renders/${id}/`)).toEqual([]);
    expect(await keysUnder(`streams/${id}/`)).toEqual([]);
    for (const key of stored.personalSegments!)
      expect(await service.runtime.storage.exists(segmentObjectKey(key))).toBe(false);
    const page = await fetch(landing);
    expect(page.status).toBe(410);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('it was deleted');
    expect((await fetch(`${landing}.mp4`, { redirect: 'manual' })).status).toBe(410);
    const status = await api(`/v1/renders/${id}`);
    expect(status.status).toBe(410);
    expect((await json(status)).error).toMatchObject({ code: 'gone', details: { reason: 'deleted' } });
    expect((await api(`/v1/renders/${id}`, { method: 'DELETE' })).status).toBe(410);
    const listed = await json(await api('/v1/renders?limit=100'));
    expect(listed.items.map((item: { id: string }) => item.id)).not.toContain(id);
  }, 180_000);
});

describe('erasure of one contact', () => {
  it("blanks the contact's batch rows, removes its renders and leaves an audit entry without the identifier", async () => {
    const submitted = await api('/v1/batches', {
      method: 'POST',
      json: {
        template: 'trip',
        recipientIdColumn: 'id',
        mapping: { firstName: '{{ name }}', interests: '{{ likes }}', locale: '{{ lang }}' },
        rows: [
          { id: 'crm-1', name: 'Ines', email: 'Ines.Costa@example.pt', likes: 'food', lang: 'pt' },
          { id: 'crm-2', name: 'Tiago', email: 'tiago@example.pt', likes: 'food', lang: 'pt' },
        ],
      },
    });
    const batch = await json(submitted);
    expect(submitted.status, JSON.stringify(batch)).toBe(202);
    const deadline = Date.now() + 240_000;
    while ((await json(await api(`/v1/batches/${batch.id}`))).status === 'running') {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const before = await json(await api(`/v1/batches/${batch.id}/manifest.json`));
    const [ines, tiago] = before.rows as [Record<string, any>, Record<string, any>];
    expect(ines).toMatchObject({ status: 'done', email: 'Ines.Costa@example.pt' });
    // An API render for the same contact, named in its metadata.
    const apiRender = await render({
      props: { ...TRIP, firstName: 'Inês' },
      metadata: { email: 'ines.costa@EXAMPLE.pt' },
    });

    const erased = await api('/v1/erasures', { method: 'POST', json: { identifier: ' INES.COSTA@example.pt ' } });
    const audit = await json(erased);
    expect(erased.status, JSON.stringify(audit)).toBe(200);
    expect(audit).toMatchObject({ renders: 2, batches: [{ id: batch.id, rows: [1] }] });
    expect(JSON.stringify(audit).toLowerCase()).not.toContain('ines');
    expect(await json(await api(`/v1/erasures/${audit.id}`))).toEqual(audit);

    const after = await json(await api(`/v1/batches/${batch.id}/manifest.json`));
    const [gone, kept] = after.rows as [Record<string, any>, Record<string, any>];
    expect(gone).toMatchObject({ row: 1, status: 'erased', email: '', recipient_id: '', landing_url: '' });
    expect(Object.values(gone.input).every((value) => value === '')).toBe(true);
    expect(kept).toMatchObject({ status: 'done', email: 'tiago@example.pt', landing_url: tiago.landing_url });
    const csv = await (await api(`/v1/batches/${batch.id}/manifest.csv`)).text();
    expect(csv).not.toContain('Ines');
    expect((await fetch(ines.landing_url)).status).toBe(410);
    expect((await fetch(apiRender.link as string)).status).toBe(410);
    expect((await fetch(tiago.landing_url)).status).toBe(200);
    expect(await record(ines.render_id)).toBeNull();
    // A second erasure finds nothing more.
    expect(await json(await api('/v1/erasures', { method: 'POST', json: { identifier: 'crm-1' } }))).toMatchObject({
      renders: 0,
      batches: [],
    });
    expect((await api('/v1/erasures', { method: 'POST', json: { identifier: '' } })).status).toBe(400);
  }, 300_000);
});

describe('expiry and retention', () => {
  it('answers 410 once the links have expired, and the sweeper removes the outputs', async () => {
    expect(
      (
        await json(
          await api('/v1/renders', {
            method: 'POST',
            json: { template: 'trip', props: TRIP, expiresAt: '2020-01-01T00:00:00Z' },
          }),
        )
      ).error,
    ).toMatchObject({ code: 'invalid_expiry', details: [{ field: 'expiresAt', message: 'must be in the future' }] });
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    const done = await render({ props: { ...TRIP, firstName: 'Eva' }, expiresAt });
    expect(done.expiresAt).toBe(expiresAt);
    const id = done.id as string;
    // Make it expire now rather than in a minute.
    await service.runtime.storage.putJson(`renders/${id}/record.json`, {
      ...(await record(id)),
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    await service.runtime.redis.zadd(redisKeys(service.config.queuePrefix).expiries(), Date.now() - 1000, id);
    expect((await fetch(done.link as string)).status).toBe(410);
    expect(await json(await api(`/v1/renders/${id}`))).toMatchObject({ error: { details: { reason: 'expired' } } });
    await sweep();
    expect(await keysUnder(`renders/${id}/`)).toEqual([]);
    expect(await (await fetch(done.link as string)).text()).toContain('its link has expired');
  }, 180_000);

  it('removes renders and finished batches older than RETENTION_DAYS', async () => {
    const old = await render({ props: { ...TRIP, firstName: 'Ana' } });
    const recent = await render({ props: { ...TRIP, firstName: 'Bia' } });
    const keys = redisKeys(service.config.queuePrefix);
    // The index knows when each render was made: move one back three days.
    const index = new RenderIndex(service.runtime.redis, keys);
    const tenant = service.config.defaultTenant;
    await index.removeRender(old.id as string);
    const threeDaysAgo = new Date(Date.now() - 3 * 24 * 3600_000).toISOString();
    await index.addRenders([{ id: old.id as string, tenant, template: 'trip', createdAt: threeDaysAgo }]);
    await sweep(2);
    expect(await record(old.id as string)).toBeNull();
    expect((await fetch(old.link as string)).status).toBe(410);
    expect(await record(recent.id as string)).not.toBeNull();
    expect((await fetch(recent.link as string)).status).toBe(200);
  }, 180_000);
});
