import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_BROWSER } from '../cli/setup-command';
import { recordKey } from '../core/render/outputs';
import { CHROMIUM_ARGS } from './helpers/media';
import { freePort, startTestService, type TestService, type WorkerProcess, waitForRender } from './helpers/service';

// Real Redis, s3rver, a real worker with Debian's headless shell, and Debian's full Chromium driven by playwright-core.

const SCREENSHOTS = join(import.meta.dirname, '..', 'out', 'screenshots');
// The flags env's notes give for Chromium on these machines (no background networking against a closed network).
const TRIP_SECONDS = 11; // trip with one interest: 330 frames at 30 fps

async function fillTrip(page: Page, destination: string, interest: string) {
  await page.selectOption('#field-destination', destination);
  await page.fill('#field-startDate', '2099-06-01');
  await page.fill('#field-endDate', '2099-06-08');
  await page.fill('#field-travellers', '3');
  await page.check(`input[name=interests][value=${interest}]`);
}

describe('public forms in a real browser', () => {
  let service: TestService;
  let worker: WorkerProcess;
  let browser: Browser;
  // The shop that embeds the form: the one site FORM_ORIGINS lets frame it.
  let shopPort: number;

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    shopPort = await freePort();
    service = await startTestService({ FORM_ORIGINS: `http://localhost:${shopPort}` });
    browser = await chromium.launch({ executablePath: TEST_BROWSER, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await service?.stop();
  });

  const streamsThenMp4 =
    'fills the hosted form, plays the preview within a second, streams the video while it renders, then plays the ' +
    'rendered MP4';
  it(streamsThenMp4, async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.goto(`${service.url}/forms/trip`);
    await fillTrip(page, 'kyoto', 'culture');
    await page.screenshot({ path: join(SCREENSHOTS, '1-form.png'), fullPage: true });
    await Promise.all([page.waitForURL(/\/w\/r_/), page.click('button[type=submit]')]);
    const landed = Date.now();
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const watchState = () => page.evaluate(() => ({ ...window.reelpipeWatch! }));
    await page.waitForFunction(
      () => (window.reelpipePlayer?.getCurrentFrame() ?? 0) > 3 && window.reelpipePlayer?.isPlaying(),
      null,
      { timeout: 5_000 },
    );
    const previewMs = Date.now() - landed;
    console.log(`preview playing ${previewMs} ms after the watch page loaded`);
    expect(previewMs).toBeLessThan(1_000);
    await page.screenshot({ path: join(SCREENSHOTS, '2-preview.png'), fullPage: true });
    expect(await page.getAttribute('meta[property="og:image"]', 'content')).toMatch(/\/v\/.+\/poster-play\.jpg$/);

    // No worker yet, so the render waits; once one starts, the stream takes over from the preview while it renders.
    worker = await service.startWorker();
    const workerStarted = Date.now();
    // Also stops on the MP4 or an error, so a stream that never plays fails on the expectations below, not a timeout.
    await page
      .waitForFunction(
        () => {
          const watch = window.reelpipeWatch;
          return watch && (watch.streamPlayingAt !== null || watch.phase === 'video' || watch.streamError !== null);
        },
        null,
        { timeout: 180_000, polling: 50 },
      )
      .catch(async (error: Error) => {
        const render = await waitForRender(service, id, () => true);
        throw new Error(
          `${error.message}\npage: ${JSON.stringify(await watchState())}, render: ${JSON.stringify(render)}`,
        );
      });
    // Read right away: a render not yet done when the stream already plays proves it played before the MP4 existed.
    const [atStart, render] = await Promise.all([watchState(), waitForRender(service, id, () => true)]);
    console.log(
      `stream playing ${((atStart.streamPlayingAt! - workerStarted) / 1000).toFixed(1)} s after the worker started, ` +
        `render ${render.status} at ${Math.round(Number(render.progress ?? 0) * 100)}%`,
    );
    expect([atStart.phase, atStart.streamError]).toEqual(['stream', null]);
    expect(atStart.streamPlayingAt).toBeGreaterThan(0);
    expect(render.status).not.toBe('done');
    expect(await page.locator('#stage video').count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, '3-stream.png'), fullPage: true });

    // It plays to its end without an error and without waiting for a piece.
    await page.waitForFunction(
      () => window.reelpipeWatch?.streamEnded || window.reelpipeWatch?.streamError !== null,
      null,
      { timeout: 120_000 },
    );
    const streamed = await watchState();
    const streamedSeconds = ((Date.now() - streamed.streamPlayingAt!) / 1000).toFixed(1);
    console.log(`stream ended ${streamedSeconds} s after it started playing, ${streamed.stalls} stall(s)`);
    expect([streamed.streamEnded, streamed.streamError]).toEqual([true, null]);
    expect(streamed.stalls).toBe(0);

    // Then the page offers the MP4 (with music) in its place.
    await page.waitForFunction(() => window.reelpipeWatch?.phase === 'video', null, { timeout: 120_000 });
    const video = await page.evaluate(async () => {
      const element = document.querySelector<HTMLVideoElement>('#stage video')!;
      if (element.readyState < 1)
        await new Promise((resolve) => element.addEventListener('loadedmetadata', resolve, { once: true }));
      await element.play();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      return {
        videos: document.querySelectorAll('#stage video').length,
        src: element.src,
        readyState: element.readyState,
        duration: element.duration,
        currentTime: element.currentTime,
        paused: element.paused,
      };
    });
    expect(video.videos).toBe(1);
    expect(video.src).toMatch(/\/v\/[^/]+$/);
    expect(video.readyState).toBeGreaterThanOrEqual(2);
    expect(video.duration).toBeCloseTo(TRIP_SECONDS, 1);
    expect(video.currentTime).toBeGreaterThan(0.3);
    expect(video.paused).toBe(false);
    expect(await page.locator('#download').isVisible()).toBe(true);
    // The button saves the file rather than opening it: the presigned URL asks for an attachment.
    const download = await fetch(new URL((await page.getAttribute('#download', 'href'))!, page.url()));
    expect([
      download.status,
      download.headers.get('content-type'),
      download.headers.get('content-disposition'),
    ]).toEqual([200, 'video/mp4', expect.stringMatching(/^attachment; filename="trip-r_[\w-]+-video\.mp4"$/)]);
    expect(await page.inputValue('#share')).toBe(page.url());
    await page.screenshot({ path: join(SCREENSHOTS, '4-video.png'), fullPage: true });
    await page.close();
  });

  it('embeds the form on a site FORM_ORIGINS names with the embed script, and on no other', async () => {
    const shop = (port: number) =>
      new Promise<ReturnType<typeof createServer>>((resolve) => {
        const site = createServer((_request, response) => {
          response
            .writeHead(200, { 'content-type': 'text/html' })
            .end(
              '<!doctype html><h1>Travel shop</h1><script>document.addEventListener("reelpipe:video-ready", ' +
                '(event) => { window.videoReady = event.detail; });</script>' +
                `<script src="${service.url}/embed.js" data-form="trip"></script>`,
            );
        });
        site.listen(port, '127.0.0.1', () => resolve(site));
      });
    const allowed = await shop(shopPort);
    const page = await browser.newPage();
    await page.goto(`http://localhost:${shopPort}/`);
    const frame = page.frameLocator('iframe');
    await frame.locator('#field-destination').waitFor();
    expect(await frame.locator('h1').textContent()).toBe('Plan your trip');
    await page.screenshot({ path: join(SCREENSHOTS, '7-embedded.png'), fullPage: true });
    // The visitor's name and language go into the video; the shop hears when it is ready.
    const form = frame.locator('form');
    await form.locator('#field-destination').selectOption('kyoto');
    await form.locator('#field-startDate').fill('2099-06-01');
    await form.locator('#field-endDate').fill('2099-06-08');
    await form.locator('input[name=interests][value=culture]').check();
    await form.locator('#field-firstName').fill('Zoë');
    await form.locator('#field-locale').selectOption('hu');
    await form.locator('button[type=submit]').click();
    worker ??= await service.startWorker();
    await page.waitForFunction(() => (window as { videoReady?: unknown }).videoReady, null, { timeout: 180_000 });
    const ready = (await page.evaluate(() => (window as { videoReady?: unknown }).videoReady)) as Record<
      string,
      string
    >;
    expect(ready).toMatchObject({ reelpipe: 'video-ready', watchUrl: `${service.url}/w/${ready.id}` });
    await waitForRender(service, ready.id!, (body) => body.status === 'done');
    const record = await service.runtime.storage.getJson<{ props: Record<string, unknown> }>(recordKey(ready.id!));
    expect(record?.props).toMatchObject({ firstName: 'Zoë', locale: 'hu', destination: 'kyoto' });
    // Another site gets an empty frame: the form's frame-ancestors do not name it.
    const other = await shop(0);
    await page.goto(`http://localhost:${(other.address() as AddressInfo).port}/`);
    await page.waitForTimeout(2_000);
    expect(await page.frameLocator('iframe').locator('#field-destination').count()).toBe(0);
    await page.close();
    allowed.close();
    other.close();
  });

  const worksWithoutJavaScript =
    'works without JavaScript: the plain form posts, and the watch page refreshes until the video is there';
  it(worksWithoutJavaScript, async () => {
    // The first test starts the worker; start one here too if it stopped early.
    worker ??= await service.startWorker();
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 420, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${service.url}/forms/trip`);
    await page.click('button[type=submit]');
    // Nothing filled in: the same page comes back with the problems listed.
    expect(await page.locator('.summary').textContent()).toContain('Destination is required');
    await page.screenshot({ path: join(SCREENSHOTS, '5-nojs-problems.png'), fullPage: true });
    await fillTrip(page, 'budapest', 'food');
    await Promise.all([page.waitForURL(/\/w\/r_/), page.click('button[type=submit]')]);
    expect(await page.locator('noscript').count()).toBe(2);
    const deadline = Date.now() + 180_000;
    while (!(await page.locator('#stage video').count()) && Date.now() < deadline) {
      await page.waitForTimeout(2_000);
      await page.reload();
    }
    expect(await page.getAttribute('#stage video', 'src')).toMatch(/\/v\//);
    await page.screenshot({ path: join(SCREENSHOTS, '6-nojs-video.png'), fullPage: true });
    await context.close();
  });
});

describe('the priority lane', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('hands a running lower-priority render back so a form render starts at once, then finishes both', async () => {
    const worker = await service.startWorker();
    const headers = { authorization: `Bearer ${service.apiKey}`, 'content-type': 'application/json' };
    const api = await (
      await fetch(`${service.url}/v1/renders`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ template: 'welcome', props: { firstName: 'Busy' } }),
      })
    ).json();
    await waitForRender(service, api.id, (view) => view.status === 'rendering' && Number(view.progress) > 0.1);
    const form = await (
      await fetch(`${service.url}/f/trip`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          destination: 'reykjavik',
          startDate: '2099-09-01',
          endDate: '2099-09-04',
          travellers: 1,
          interests: ['nature'],
        }),
      })
    ).json();
    const submitted = Date.now();
    const formView = await waitForRender(service, form.id, (view) => ['done', 'failed'].includes(String(view.status)));
    const afterPost = `${((Date.now() - submitted) / 1000).toFixed(1)} s after its POST`;
    console.log(`form render done ${afterPost}, with a welcome render running when it came in`);
    expect(formView.status).toBe('done');
    expect((await waitForRender(service, api.id, () => true)).status).not.toBe('done');
    expect(await waitForRender(service, api.id, (view) => view.status === 'done', 240_000)).toMatchObject({
      status: 'done',
      attempts: 1,
    });
    expect(worker.log()).toContain(`render ${api.id} handed back to make room for a form render`);
    await worker.stop();
  });

  it("gives every form submission a render of its own: never another visitor's or a batch row's", async () => {
    const headers = { authorization: `Bearer ${service.apiKey}`, 'content-type': 'application/json' };
    const answer = { destination: 'lisbon', startDate: '2099-10-01', endDate: '2099-10-04', travellers: 2 };
    const mapping = {
      destination: '{{ destination }}',
      startDate: '{{ startDate }}',
      endDate: '{{ endDate }}',
      travellers: '{{ travellers }}',
      interests: '{{ interests }}',
    };
    const rows = [{ ...answer, travellers: '2', interests: 'food' }];
    const batch = await (
      await fetch(`${service.url}/v1/batches`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ template: 'trip', mapping, rows }),
      })
    ).json();
    const manifest = (await (
      await fetch(`${service.url}/v1/batches/${batch.id}/manifest.json`, { headers })
    ).json()) as { rows: Array<{ render_id: string }> };
    const rowRender = manifest.rows[0]!.render_id;
    const submit = async () => {
      const response = await fetch(`${service.url}/f/trip`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...answer, interests: ['food'] }),
      });
      expect(response.status).toBe(202);
      return ((await response.json()) as { id: string }).id;
    };
    const [first, second] = [await submit(), await submit()];
    expect(new Set([rowRender, first, second]).size).toBe(3);
    // The batch's render stays behind the API key; each visitor's has its own watch page.
    expect((await fetch(`${service.url}/w/${rowRender}`)).status).toBe(404);
    expect((await fetch(`${service.url}/w/${first}`)).status).toBe(200);
    // The forms' tenant (FORM_TENANT, by default the first key's) sees its form renders through the API.
    expect((await fetch(`${service.url}/v1/renders/${first}`, { headers })).status).toBe(200);
  });
});

describe('per-client limits behind a proxy', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ TRUST_PROXY: 'true', FORM_RATE_PER_IP: '2' });
  });
  afterAll(async () => {
    await service?.stop();
  });
  // The test talks over loopback, so it is the trusted proxy: X-Forwarded-For's last entry is the address it saw.
  const post = (forwardedFor: string, destination: string) =>
    fetch(`${service.url}/f/trip`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
      body: JSON.stringify({
        destination,
        startDate: '2099-03-01',
        endDate: '2099-03-02',
        travellers: 1,
        interests: ['food'],
      }),
    });

  it('counts the address the proxy saw, not one the client wrote, and a whole IPv6 /64 as one client', async () => {
    const forged = await Promise.all([1, 2, 3].map((i) => post(`198.51.100.${i}, 203.0.113.7`, 'rio')));
    expect(forged.map((response) => response.status).sort()).toEqual([202, 202, 429]);
    const sameSubnet = [];
    for (const host of ['a', 'b', 'c']) sameSubnet.push((await post(`2001:db8:1:2::${host}`, 'lisbon')).status);
    expect(sameSubnet).toEqual([202, 202, 429]);
    expect((await post('2001:db8:1:3::a', 'lisbon')).status).toBe(202);
  });
});

describe('form abuse', () => {
  let service: TestService;
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${service.url}/f/trip`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  const answers = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      destination: 'rio',
      startDate: '2099-02-01',
      endDate: '2099-02-05',
      travellers: 2,
      interests: ['beaches'],
      ...extra,
    });

  beforeAll(async () => {
    service = await startTestService({ FORM_RATE_PER_IP: '4', FORM_ORIGINS: 'https://shop.example.com' });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('rejects bad answers, bots, big or malformed bodies and other sites, without queueing anything', async () => {
    const invalid = await post(
      answers({ destination: 'mars', interests: ['food', 'http://spam.example'], extra: 'x' }),
    );
    expect(invalid.status).toBe(422);
    expect(
      ((await invalid.json()) as { error: { details: Array<{ field: string }> } }).error.details
        .map((d) => d.field)
        .sort(),
    ).toEqual(['destination', 'extra', 'interests']);
    expect((await post(answers({ website: 'http://bot.example' }))).status).toBe(422);
    expect((await post(answers({ endDate: `2099-02-05${' '.repeat(20_000)}` }))).status).toBe(413);
    expect((await post('{"destination": ')).status).toBe(400);
    expect((await post(answers(), { origin: 'https://evil.example' })).status).toBe(403);
    const preflight = await fetch(`${service.url}/f/trip`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(await service.runtime.queues.renders.getJobCountByTypes('waiting', 'prioritized', 'delayed')).toBe(0);
  });

  it('says so in a sentence when a video fails, and its retry button queues it again', async () => {
    const submitted = await fetch(`${service.url}/f/trip`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: answers({ destination: 'palawan' }),
    });
    const { id } = (await submitted.json()) as { id: string };
    await fetch(`${service.url}/v1/renders/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${service.apiKey}` },
    });
    const failed = await (await fetch(`${service.url}/w/${id}`)).text();
    expect(failed).toContain('Sorry, we could not finish your video');
    expect(failed).toMatch(/<div id="failed">/);
    const retry = await fetch(`${service.url}/w/${id}/retry`, { method: 'POST', redirect: 'manual' });
    expect([retry.status, retry.headers.get('location')]).toEqual([303, `/w/${id}`]);
    const status = (await (
      await fetch(`${service.url}/v1/renders/${id}`, { headers: { authorization: `Bearer ${service.apiKey}` } })
    ).json()) as { status: string };
    expect(status.status).toBe('queued');
  });

  it('accepts an allowed origin with CORS, then limits submissions per IP with 429 and Retry-After', async () => {
    const preflight = await fetch(`${service.url}/f/trip`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    const accepted = await post(answers(), { origin: 'https://shop.example.com' });
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    const body = (await accepted.json()) as { watchUrl: string };
    expect(body.watchUrl).toMatch(/\/w\/r_/);
    // The limit counts the submissions from this IP accepted in the minute: the refused ones above cost nothing.
    let limited: Response | undefined;
    for (let i = 0; i < 6 && !limited; i++) {
      const response = await post(answers({ travellers: 3 + i }));
      if (response.status === 429) limited = response;
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    // Over the limit, an answer to fix is still named (422), not hidden behind the wait.
    expect((await post(answers({ destination: 'mars' }))).status).toBe(422);
    // A plain HTML form gets a page back, not JSON.
    const html = await fetch(`${service.url}/f/trip`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'destination=rio&startDate=2099-02-01&endDate=2099-02-05&travellers=2&interests=beaches',
    });
    expect(html.status).toBe(429);
    expect(await html.text()).toContain('Too many videos');
  });

  it('answers 404 for watch pages of renders that did not come from a form', async () => {
    const response = await fetch(`${service.url}/v1/renders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${service.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ template: 'trip', props: {} }),
    });
    const { id } = (await response.json()) as { id: string };
    expect((await fetch(`${service.url}/w/${id}`)).status).toBe(404);
  });
});
