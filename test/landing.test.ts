import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_BROWSER } from '../cli/setup-command';
import { SNIPPET_LIMIT } from '../core/email/email-snippet';
import { signWebhook } from '../core/webhooks/webhook-target';
import { CHROMIUM_ARGS } from './helpers/media';
import {
  type ReceivedHook,
  startHookReceiver,
  startTestService,
  type TestService,
  type WorkerProcess,
} from './helpers/service';

// A batch recipient's landing page in Debian's Chromium: real Redis, s3rver, a real worker. What a person does there
// is counted once and told to the batch's webhook once; what scanners, prefetchers and image proxies do is not.

const SCREENSHOTS = join(import.meta.dirname, '..', 'out', 'screenshots');
// A person's browser: the headless browser's own user agent says HeadlessChrome, which is (rightly) not counted.
const PERSON =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
const SAFE_LINKS = 'Mozilla/5.0 (compatible; MSOffice 16; Microsoft Office Protection; safelinks)';
const CTA_URL = 'https://shop.example.com/offer?c=hu-1';

/** Plays the landing page's video, muted and `rate` times as fast, to its end. */
const playToEnd = (page: Page, rate: number) =>
  page.evaluate(async (playbackRate) => {
    const video = document.getElementById('video') as HTMLVideoElement;
    video.muted = true;
    video.playbackRate = playbackRate;
    await video.play();
    await new Promise((resolve) => video.addEventListener('ended', resolve));
  }, rate);

describe('a recipient landing page in a real browser', () => {
  let service: TestService;
  let worker: WorkerProcess;
  let browser: Browser;
  let receiver: Awaited<ReturnType<typeof startHookReceiver>>;
  let hooks: ReceivedHook[];
  const auth = () => ({ authorization: `Bearer ${service.apiKey}` });
  const api = async (path: string) => (await fetch(`${service.url}${path}`, { headers: auth() })).json();

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    receiver = await startHookReceiver();
    hooks = receiver.hooks;
    service = await startTestService();
    worker = await service.startWorker();
    browser = await chromium.launch({ executablePath: TEST_BROWSER, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await service?.stop();
    receiver?.close();
  });

  /** Waits until `check` passes (counts and webhooks arrive a moment after the beacons). */
  const eventually = async <T>(read: () => Promise<T>, check: (value: T) => boolean, ms = 15_000): Promise<T> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await read();
      if (check(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };

  it('plays, counts once, calls the webhook once, and ignores scanners, HEAD and image proxies', async () => {
    const webhookUrl = receiver.url;
    const submitted = await fetch(`${service.url}/v1/batches`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({
        template: 'trip',
        webhookUrl,
        mapping: {
          firstName: '{{ name }}',
          destination: '{{ destination }}',
          interests: '{{ interests }}',
          locale: '{{ language }}',
          'cta.url': 'https://shop.example.com/offer?c={{ id }}',
        },
        rows: [
          {
            id: 'hu-1',
            email: 'zsofia@example.hu',
            name: 'Zsófia',
            destination: 'lisbon',
            interests: 'food',
            language: 'hu',
          },
        ],
      }),
    });
    const batch = (await submitted.json()) as Record<string, any>;
    expect(submitted.status, JSON.stringify(batch)).toBe(202);
    const finished = await eventually(
      () => api(`/v1/batches/${batch.id}`),
      (body) => body.status === 'completed',
      240_000,
    );
    expect(finished.status, JSON.stringify(finished)).toBe('completed');
    const [row] = (await api(`/v1/batches/${batch.id}/manifest.json`)).rows;
    expect(row.status).toBe('done');
    expect(row.alt_text).toBe('▶ Nézze meg utazását: Lisboa');
    expect(row.html_snippet.length).toBeLessThanOrEqual(SNIPPET_LIMIT);
    expect(row.html_snippet).toContain(`href="${row.landing_url}"`);
    expect(row.html_snippet).toContain(`src="${row.gif_play_url}"`);
    expect([row.views, row.watched_pct, row.clicked]).toEqual([0, 0, 0]);
    const render = await api(`/v1/renders/${row.render_id}`);
    expect(render.link).toBe(row.landing_url);
    expect(render.views).toEqual({ opened: 0, played: 0, completed: 0, clicked: 0, watchedPct: 0 });

    // Scanners: an unfurler's GET, a HEAD, Gmail's image proxy fetching the GIF, a prefetch, and Safe Links running the
    // page's script to the end. The page unfurls (its share tags are there) and the files are served; nothing counts.
    const unfurl = await fetch(row.landing_url, { headers: { 'user-agent': 'Slackbot-LinkExpanding 1.0' } });
    const html = await unfurl.text();
    expect(unfurl.status).toBe(200);
    expect(html).toContain('<html lang="hu">');
    expect(html).toContain(`<meta property="og:image" content="${row.poster_play_url}">`);
    expect(html).toContain(`<meta property="og:video" content="${row.video_url}">`);
    expect((await fetch(row.landing_url, { method: 'HEAD' })).status).toBe(200);
    const proxied = await fetch(row.gif_play_url, {
      redirect: 'manual',
      headers: {
        'user-agent': 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)',
      },
    });
    expect(proxied.status).toBe(302);
    await fetch(row.landing_url, { headers: { 'user-agent': PERSON, 'sec-purpose': 'prefetch' } });
    const scanner = await browser.newContext({ userAgent: SAFE_LINKS });
    const scanned = await scanner.newPage();
    await scanned.goto(row.landing_url);
    await playToEnd(scanned, 8);
    await scanned.evaluate(() =>
      document.getElementById('cta')!.dispatchEvent(new MouseEvent('click', { cancelable: true })),
    );
    await scanned.waitForTimeout(2_500);
    await scanner.close();
    // A beacon forged without a page load's token counts nothing either.
    const forged = await fetch(`${row.landing_url}/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': PERSON, origin: service.url },
      body: JSON.stringify({ token: 'x.y.z', event: 'played' }),
    });
    expect(forged.status).toBe(204);
    expect((await api(`/v1/renders/${row.render_id}`)).views).toEqual({
      opened: 0,
      played: 0,
      completed: 0,
      clicked: 0,
      watchedPct: 0,
    });
    expect(hooks.filter((hook) => JSON.parse(hook.body).type.startsWith('video.'))).toEqual([]);

    // A person on a phone: opens the page, plays to the end, clicks the call to action.
    const person = await browser.newContext({ userAgent: PERSON, viewport: { width: 390, height: 844 } });
    await person.route('https://shop.example.com/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Shop</h1>' }),
    );
    const page = await person.newPage();
    await page.goto(row.landing_url);
    await page.waitForFunction(() => (document.getElementById('video') as HTMLVideoElement).readyState >= 2);
    await page.screenshot({ path: join(SCREENSHOTS, 'landing-390.png'), fullPage: true });
    expect(await page.textContent('h1')).toBe('Az Ön utazása: Lisboa');
    expect(await page.textContent('.greeting')).toBe('Zsófia, íme az Ön utazása: Lisboa.');
    expect(await page.getAttribute('#cta', 'href')).toBe(CTA_URL);
    expect(await page.textContent('#cta')).toBe('Foglalja le az utat');
    await page.waitForTimeout(2_500);
    await playToEnd(page, 4);
    await Promise.all([page.waitForURL(CTA_URL), page.click('#cta')]);
    const counted = await eventually(
      async () => (await api(`/v1/renders/${row.render_id}`)).views,
      (views) => views.clicked === 1 && views.completed === 1,
    );
    expect(counted).toEqual({ opened: 1, played: 1, completed: 1, clicked: 1, watchedPct: 100 });

    // The same person comes back and plays again: counted again, but no second webhook within the hour.
    const again = await person.newPage();
    await again.goto(row.landing_url);
    await again.waitForTimeout(2_000);
    await again.evaluate(async () => {
      const video = document.getElementById('video') as HTMLVideoElement;
      video.muted = true;
      await video.play();
    });
    await eventually(
      async () => (await api(`/v1/renders/${row.render_id}`)).views,
      (views) => views.played === 2,
    );
    await person.close();

    const views = (
      await eventually(
        () => api(`/v1/renders/${row.render_id}`),
        (body) => body.views.played === 2,
      )
    ).views;
    expect(views).toEqual({ opened: 2, played: 2, completed: 1, clicked: 1, watchedPct: 100 });
    expect((await api(`/v1/batches/${batch.id}`)).views).toEqual({ opened: 1, played: 1, completed: 1, clicked: 1 });
    const [taken] = (await api(`/v1/batches/${batch.id}/manifest.json`)).rows;
    expect([taken.views, taken.watched_pct, taken.clicked]).toEqual([2, 100, 1]);

    const viewHooks = await eventually(
      async () => hooks.filter((hook) => JSON.parse(hook.body).type.startsWith('video.')),
      (list) => list.length >= 2,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(viewHooks.map((hook) => JSON.parse(hook.body).type).sort()).toEqual(['video.cta_clicked', 'video.viewed']);
    for (const hook of viewHooks) {
      const id = String(hook.headers['webhook-id']);
      const timestamp = Number(hook.headers['webhook-timestamp']);
      expect(hook.headers['webhook-signature']).toBe(
        signWebhook(service.env.WEBHOOK_SECRET!, id, timestamp, hook.body),
      );
      expect(JSON.parse(hook.body).data).toMatchObject({
        id: row.render_id,
        batches: [batch.id],
        landing: row.landing_url,
      });
    }

    // The desktop layout, and the email a marketer sends, at 600 px as most email clients show it.
    const desktop = await browser.newPage({ viewport: { width: 1280, height: 900 }, userAgent: PERSON });
    await desktop.goto(row.landing_url);
    await desktop.waitForFunction(() => (document.getElementById('video') as HTMLVideoElement).readyState >= 2);
    await desktop.screenshot({ path: join(SCREENSHOTS, 'landing-1280.png'), fullPage: true });
    await desktop.close();
    const email = await browser.newPage({ viewport: { width: 600, height: 700 }, userAgent: PERSON });
    await email.setContent(
      `<body style="margin:0;background:#f2f2f2;font-family:Arial,sans-serif"><table width="600" cellpadding="24" style="background:#fff">` +
        `<tr><td><p>Szia Zsófia,</p><p>elkészítettük az utazásodat bemutató videót:</p>${row.html_snippet}` +
        '<p>Üdv,<br>Wanderly</p></td></tr></table></body>',
    );
    await email.waitForFunction(() => [...document.images].every((image) => image.complete && image.naturalWidth > 0));
    expect(await email.evaluate(() => document.images[0]!.getBoundingClientRect().width)).toBe(480);
    await email.screenshot({ path: join(SCREENSHOTS, 'email-600.png'), fullPage: true });
    await email.close();
  });
});
