import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentRenderId } from '../core/render/render-ids';
import { getTemplate } from '../core/templates';
import { startTestService, type TestService } from './helpers/service';

// Two tenants on one API (real Redis, s3rver, no worker: nothing here needs a video): neither sees, cancels or retries
// what the other made, on any route, and neither can compute the other's ids.

const key = () => `key-${randomBytes(12).toString('hex')}`;
const keys = { acme: key(), acmeSecond: key(), globex: key(), admin: key() };
const ANSWERS = { destination: 'rio', startDate: '2027-10-01', endDate: '2027-10-05', travellers: 2 };

let service: TestService;

const call = (as: string, path: string, init: RequestInit & { json?: unknown } = {}) =>
  fetch(`${service.url}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${as}`,
      ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });
const json = async (response: Response) => (await response.json()) as Record<string, any>;

beforeAll(async () => {
  service = await startTestService({
    API_KEYS: `acme:${keys.acme}, acme:${keys.acmeSecond}, globex:${keys.globex}`,
    ADMIN_KEYS: keys.admin,
    FORM_TENANT: 'acme',
  });
});

afterAll(async () => {
  await service?.stop();
});

describe('two tenants', () => {
  it("answers 404 for the other tenant's render on every route, and shares within a tenant's keys", async () => {
    const submitted = await call(keys.acme, '/v1/renders', {
      method: 'POST',
      json: { template: 'trip', props: { ...ANSWERS, firstName: 'Ana' } },
    });
    expect(submitted.status).toBe(202);
    const { id } = await json(submitted);

    expect((await call(keys.acmeSecond, `/v1/renders/${id}`)).status).toBe(200);
    for (const [method, path] of [
      ['GET', `/v1/renders/${id}`],
      ['DELETE', `/v1/renders/${id}`],
      ['POST', `/v1/renders/${id}/retry`],
    ] as const) {
      const response = await call(keys.globex, path, { method });
      expect([method, path, response.status]).toEqual([method, path, 404]);
      expect(await json(response)).toEqual({ error: { code: 'not_found', message: 'No such render.' } });
    }
    expect(await json(await call(keys.acme, `/v1/renders/${id}`))).toMatchObject({ status: 'queued' });

    // Its own tenant cancels and retries it.
    expect(await json(await call(keys.acmeSecond, `/v1/renders/${id}`, { method: 'DELETE' }))).toMatchObject({
      status: 'cancelled',
    });
    const retried = await call(keys.acme, `/v1/renders/${id}/retry`, { method: 'POST' });
    expect([retried.status, (await json(retried)).status]).toEqual([202, 'queued']);
    const again = await call(keys.acme, `/v1/renders/${id}/retry`, { method: 'POST' });
    expect([again.status, (await json(again)).error.code]).toEqual([409, 'not_retryable']);
  });

  it('gives the same Idempotency-Key of two tenants two renders', async () => {
    const body = { template: 'trip', props: ANSWERS };
    const send = (as: string) =>
      fetch(`${service.url}/v1/renders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${as}`, 'content-type': 'application/json', 'idempotency-key': 'order-1' },
        body: JSON.stringify(body),
      }).then(json);
    const [acme, acmeAgain, globex] = [await send(keys.acme), await send(keys.acmeSecond), await send(keys.globex)];
    expect(acmeAgain.id).toBe(acme.id);
    expect(globex.id).not.toBe(acme.id);
    expect((await call(keys.globex, `/v1/renders/${acme.id}`)).status).toBe(404);
  });

  it('keeps batches, their manifests, events, retries and cancels, and their renders, to their tenant', async () => {
    const rows = [{ email: 'ana@acme.test', first_name: 'Ana', company: 'Acme' }];
    const submit = (as: string) =>
      call(as, '/v1/batches', { method: 'POST', json: { template: 'welcome', rows } }).then(json);
    const [acme, globex] = [await submit(keys.acme), await submit(keys.globex)];
    for (const path of [
      `/v1/batches/${acme.id}`,
      `/v1/batches/${acme.id}/manifest.csv`,
      `/v1/batches/${acme.id}/manifest.json`,
      `/v1/batches/${acme.id}/events`,
    ]) {
      expect([path, (await call(keys.globex, path)).status]).toEqual([path, 404]);
      const own = await call(keys.acmeSecond, path);
      expect([path, own.status]).toEqual([path, 200]);
      await own.body?.cancel();
    }
    for (const [method, path] of [
      ['POST', `/v1/batches/${acme.id}/retry`],
      ['DELETE', `/v1/batches/${acme.id}`],
    ] as const) {
      expect([path, (await call(keys.globex, path, { method })).status]).toEqual([path, 404]);
    }

    // The same contact in both tenants' files: two renders, each its tenant's own.
    const renderOf = async (as: string, batch: string) =>
      (await json(await call(as, `/v1/batches/${batch}/manifest.json`))).rows[0].render_id as string;
    const [acmeRender, globexRender] = [await renderOf(keys.acme, acme.id), await renderOf(keys.globex, globex.id)];
    expect(acmeRender).not.toBe(globexRender);
    expect((await call(keys.globex, `/v1/renders/${acmeRender}`)).status).toBe(404);
    expect((await call(keys.acme, `/v1/renders/${acmeRender}`)).status).toBe(200);

    // The id is keyed with the server's secret and the tenant: the props alone do not give it.
    const props = (await service.runtime.queues.renders.getJob(acmeRender))!.data.props;
    const welcome = getTemplate('welcome');
    expect(contentRenderId(service.config.linkSecret, 'acme', welcome, props)).toBe(acmeRender);
    expect(contentRenderId(service.config.linkSecret, 'globex', welcome, props)).toBe(globexRender);
    expect(contentRenderId('a-guess-at-the-secret-of-this-server', 'acme', welcome, props)).not.toBe(acmeRender);
  });

  it('opens the queue dashboard to the admin key only', async () => {
    for (const tenantKey of [keys.acme, keys.globex]) expect((await call(tenantKey, '/admin/queues')).status).toBe(401);
    expect((await call(keys.admin, '/admin/queues')).status).toBe(200);
    expect((await call(keys.admin, '/v1/templates')).status).toBe(401);
  });
});

describe('per-tenant limits', () => {
  let limited: TestService;
  beforeAll(async () => {
    limited = await startTestService({
      API_KEYS: `acme:${keys.acme},globex:${keys.globex}`,
      FORM_TENANT: 'acme',
      TENANT_MAX_QUEUED: '2',
      TENANT_RATE_PER_MINUTE: '4',
    });
  });
  afterAll(async () => {
    await limited?.stop();
  });

  const submit = (as: string, travellers: number) =>
    fetch(`${limited.url}/v1/renders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${as}`, 'content-type': 'application/json' },
      body: JSON.stringify({ template: 'trip', props: { ...ANSWERS, travellers } }),
    });

  it('answers 429 with Retry-After past a tenant’s queued renders or submissions a minute, and only for it', async () => {
    // The rate is counted in whole-minute windows: start early in one, so the submissions below share it.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
    expect((await submit(keys.acme, 1)).status).toBe(202);
    expect((await submit(keys.acme, 2)).status).toBe(202);
    const full = await submit(keys.acme, 3);
    expect(full.status).toBe(429);
    expect(Number(full.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await json(full)).error.message).toContain('2 renders are already queued');
    const globexFirst = await submit(keys.globex, 1);
    expect(globexFirst.status).toBe(202);

    // Refused ones count as submissions too: the fifth in the minute is over the rate.
    expect((await submit(keys.acme, 4)).status).toBe(429);
    const fast = await submit(keys.acme, 5);
    expect(fast.status).toBe(429);
    expect((await json(fast)).error.message).toContain('At most 4 submissions a minute');

    // A render whose job went away without ending through the service (removed, or failed after too many stalls)
    // stops counting once the tenant reaches its limit.
    expect((await submit(keys.globex, 2)).status).toBe(202);
    await (await limited.runtime.queues.renders.getJob((await json(globexFirst)).id))!.remove();
    expect((await submit(keys.globex, 3)).status).toBe(202);
    expect((await submit(keys.globex, 4)).status).toBe(429);
  });
});
