import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_BROWSER } from '../cli/setup-command';
import { CHROMIUM_ARGS } from './helpers/media';
import { startTestService, type TestService, type WorkerProcess } from './helpers/service';

// The console as a marketer uses it, in Debian's Chromium against the real API, Redis, s3rver and a worker: sign in,
// upload a dirty export, fix the mapping, watch the preview change, submit, follow the batch to its end, download the
// manifest. A screenshot of each step goes to out/screenshots/.

const SCREENSHOTS = join(import.meta.dirname, '..', 'out', 'screenshots');
const KEY_A = 'console-acme-key-0123456789';
const KEY_B = 'console-globex-key-0123456789';
// Excel's "CSV (semicolon)" export: a BOM, semicolons, CRLF, a quoted cell with a semicolon, a first name column the
// template does not know by name (German), and a row whose company is longer than the video can show.
const DIRTY_CSV = [
  '\uFEFFCustomer ID;Vorname;Company;Email;Language;Plan',
  'K-1001;Ana;Acme Logistics;ana@example.com;pt;growth',
  'K-1002;Björn;"Nord; Söhne";bjorn@example.com;de;gold',
  `K-1003;Chiara;${'Very Long Company Name '.repeat(4)};chiara@example.com;es;starter`,
  'K-1004;Dmitri;Volga Trade;dmitri@example.com;ru;enterprise',
].join('\r\n');

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `console-${name}.png`), fullPage: true });

describe('the console in a real browser', () => {
  let service: TestService;
  let worker: WorkerProcess;
  let browser: Browser;
  let acme: BrowserContext;
  let csvPath: string;
  let batchId = '';
  const refusedByCsp: string[] = [];

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    csvPath = join(tmpdir(), `reelpipe-console-${process.pid}.csv`);
    await writeFile(csvPath, DIRTY_CSV);
    service = await startTestService({ API_KEYS: `acme:${KEY_A},globex:${KEY_B}`, FORM_TENANT: 'acme' });
    worker = await service.startWorker();
    browser = await chromium.launch({ executablePath: TEST_BROWSER, args: CHROMIUM_ARGS });
    acme = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    // The console runs under the same strict Content-Security-Policy as every page: nothing it does may be refused.
    acme.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) refusedByCsp.push(message.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await service?.stop();
  });

  const signIn = async (page: Page, key: string) => {
    await page.goto(`${service.url}/console`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  it('refuses a wrong key, then signs in with a session cookie a script cannot read', async () => {
    const page = await acme.newPage();
    await signIn(page, 'not-a-key');
    await expect(page.getByRole('alert').textContent()).resolves.toBe('That API key is not valid.');
    await shot(page, '1-sign-in-refused');

    await page.getByLabel('API key').fill(KEY_A);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as acme').waitFor();
    const [cookie] = await acme.cookies();
    expect(cookie).toMatchObject({ name: 'reelpipe_console', httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(await page.evaluate(() => document.cookie)).toBe('');
    // The cookie alone changes nothing: a request without the CSRF token is refused, as is a sign-in from elsewhere.
    const forged = await page.evaluate(async () => {
      const response = await fetch('/v1/batches', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ template: 'welcome', rows: [{ first_name: 'X' }] }),
      });
      return response.status;
    });
    expect(forged).toBe(403);
    const crossSite = await fetch(`${service.url}/console/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ key: KEY_A }),
    });
    expect(crossSite.status).toBe(403);
    await page.close();
  });

  it('shows each template with its props, and its video follows the sample props', async () => {
    const page = await acme.newPage();
    await page.goto(`${service.url}/console#/templates`);
    await page.getByRole('link', { name: 'Welcome / renewal' }).waitFor();
    await shot(page, '2-templates');
    await page.getByRole('link', { name: 'Welcome / renewal' }).click();
    const props = page.locator('table').first();
    await expect(props.getByRole('rowheader', { name: /firstName/ }).count()).resolves.toBe(1);
    await expect(props.getByRole('row', { name: /plan/ }).textContent()).resolves.toContain('growth');
    await page.getByLabel('firstName').fill('Zoë');
    // The player draws the composition in the page: the greeting is text in it.
    await page.locator('.player').getByText('Zoë').first().waitFor();
    await shot(page, '3-template-preview');
    // Its scripts travel compressed: brotli to a browser that takes it, the same bytes once decoded.
    const plain = await service.app.inject({ url: '/assets/console.js' });
    const br = await service.app.inject({ url: '/assets/console.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect([plain.headers['content-encoding'], br.headers['content-encoding'], br.headers.vary]).toEqual([
      undefined,
      'br',
      'accept-encoding',
    ]);
    expect(brotliDecompressSync(br.rawPayload).equals(plain.rawPayload)).toBe(true);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    // The preview's images come from the templates' folders, and nothing else does.
    expect((await fetch(`${service.url}/static/welcome/backdrop.png`)).status).toBe(200);
    for (const path of ['/static/..%2Fpackage.json', '/static/welcome/..%2F..%2Fpackage.json', '/static/music/bed.m4a'])
      expect((await fetch(`${service.url}${path}`)).status).toBe(404);
    await page.close();
  });

  it('takes pasted JSON rows, and says so when the paste is not rows', async () => {
    const page = await acme.newPage();
    await page.goto(`${service.url}/console#/batches/new`);
    await page.getByText('Or paste JSON rows').first().click();
    const paste = page.getByLabel('Or paste JSON rows');
    await paste.fill('{"first_name": "Ana"}');
    await page.getByRole('button', { name: 'Use these rows' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe(
      'The pasted text is not a JSON array of objects.',
    );
    await paste.fill(JSON.stringify([{ first_name: 'Ana', locale: 'pt' }, { first_name: 'Bob' }]));
    await page.getByRole('button', { name: 'Use these rows' }).click();
    const rows = page.locator('#preview-rows tbody tr');
    await rows.nth(1).waitFor();
    await expect(rows.first().textContent()).resolves.toMatch(/firstName: Ana.*locale: pt/);
    await page.close();
  });

  it('previews a dirty export, takes a fixed mapping, and follows the batch to its end', async () => {
    const page = await acme.newPage();
    await page.goto(`${service.url}/console#/batches/new`);
    await page.getByLabel('Template').selectOption('welcome');
    await page.setInputFiles('#csv-file', csvPath);
    const rows = page.locator('#preview-rows tbody tr');
    await rows.first().waitFor();
    // Semicolons, BOM and the quoted cell are read right; the long company skips its row, naming row and column.
    await expect(rows.count()).resolves.toBe(4);
    await expect(page.locator('#columns').textContent()).resolves.toBe(
      'Columns: Customer ID · Vorname · Company · Email · Language · Plan',
    );
    await expect(rows.nth(1).textContent()).resolves.toContain('Nord; Söhne');
    const bad = await rows.nth(2).textContent();
    expect(bad).toContain('skipped');
    expect(bad).toMatch(/column Company \(company\):/);
    // Björn's language and plan are not options: the defaults, with a warning naming the column.
    expect(await rows.nth(1).textContent()).toMatch(/column Plan \(plan\): "gold" is not an option/);
    // "Vorname" is no name the template knows: the first name is not mapped yet.
    expect(await rows.first().textContent()).not.toContain('Ana');
    await shot(page, '4-preview-unmapped');

    await page.getByLabel('firstName: Filled from').selectOption('column');
    await page.getByLabel('firstName: Value').selectOption('Vorname');
    await page.waitForFunction(() => document.querySelector('#preview-rows tbody tr')?.textContent?.includes('Ana'));
    await page.locator('.player').getByText('Ana').first().waitFor();
    await expect(page.locator('#renders-to-make b').textContent()).resolves.toBe('3');
    await expect(page.locator('#segments-cached b').textContent()).resolves.toBe('0');
    await shot(page, '5-preview-mapped');

    await page.getByRole('button', { name: 'Submit the batch' }).click();
    await page.waitForURL(/#\/batches\/b_/);
    batchId = new URL(page.url()).hash.split('/').pop()!;
    await page.locator('#batch-status').waitFor();
    await shot(page, '6-batch-running');
    await page.waitForFunction(() => document.querySelector('#batch-status')?.textContent === 'Completed', null, {
      timeout: 200_000,
    });
    await expect(page.locator('[data-count="done"] b').textContent()).resolves.toBe('3');
    await expect(page.locator('[data-count="skipped"] b').textContent()).resolves.toBe('1');
    await expect(page.locator('#problem-rows').textContent()).resolves.toMatch(/K-1003.*skipped.*Company/);
    await shot(page, '7-batch-completed');

    // The manifest the button downloads is the API's, byte for byte.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#manifest-csv').click()]);
    const downloaded = await readFile((await download.path())!);
    const fromApi = await fetch(`${service.url}/v1/batches/${batchId}/manifest.csv`, {
      headers: { authorization: `Bearer ${KEY_A}` },
    });
    expect(downloaded.equals(Buffer.from(await fromApi.arrayBuffer()))).toBe(true);
    expect(downloaded.toString().split('\r\n').filter(Boolean)).toHaveLength(5);
    // The batch's rows with what their recipients did, sortable.
    await expect(page.locator('#viewing tbody tr').count()).resolves.toBe(4);
    await page.getByRole('button', { name: 'Recipient' }).click();
    await expect(page.locator('#viewing tbody tr').first().textContent()).resolves.toContain('K-1001');
    await page.getByRole('button', { name: 'Recipient' }).click();
    await expect(page.locator('#viewing tbody tr').first().textContent()).resolves.toContain('K-1004');
    await page.close();

    // Previewed again with one name changed, the file needs one new video, and the cache holds the rest's segments.
    const preview = async (mapping?: Record<string, string>) => {
      const form = new FormData();
      form.append('template', 'welcome');
      if (mapping) form.append('mapping', JSON.stringify(mapping));
      form.append('file', new Blob([DIRTY_CSV.replace('Dmitri;', 'Dmitrij;')]), 'again.csv');
      const response = await fetch(`${service.url}/v1/batches/preview`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY_A}` },
        body: form,
      });
      expect(response.status).toBe(200);
      return (await response.json()) as {
        renders: Record<string, number>;
        segments: { distinct: number; cached: number; toRender: number };
        mapping: Record<string, string>;
        problems: unknown[];
      };
    };
    const proposed = await preview();
    expect(proposed.mapping.firstName).toBeUndefined();
    const mapping = { ...proposed.mapping, firstName: '{{ row["Vorname"] | strip }}' };
    const again = await preview(mapping);
    expect(again.mapping).toEqual(mapping);
    expect(again.renders).toEqual({ distinct: 3, stored: 2, toRender: 1 });
    const { distinct, cached, toRender } = again.segments;
    expect(toRender).toBeGreaterThan(0);
    expect(cached).toBeGreaterThan(toRender);
    expect(cached + toRender).toBe(distinct);
    // A mapping that does not fit the file: its problems, with the columns to fix it by.
    const unfit = await preview({ firstName: '{{ Vornahme }}' });
    expect(unfit.problems).toEqual([{ field: 'mapping.firstName', message: expect.stringContaining('"Vornahme"') }]);
  });

  it('finds a render by its recipient and hands out its links and snippet', async () => {
    const page = await acme.newPage();
    await page.goto(`${service.url}/console#/renders`);
    await page.getByLabel('Search by recipient or id').fill('dmitri@');
    await expect.poll(async () => page.locator('#renders tbody tr').count(), { timeout: 10_000 }).toBe(1);
    await page.getByRole('button', { name: 'Details' }).click();
    const snippet = page.getByLabel('Email snippet');
    await snippet.waitFor();
    expect(await snippet.inputValue()).toMatch(/^<table><tr><td><a href="http:\/\/127\.0\.0\.1:\d+\/v\//);
    await shot(page, '8-renders');
    await page.close();
  });

  it("shows one tenant nothing of another's, in the tenant's own language, and signs out", async () => {
    const globex = await browser.newContext({ locale: 'hu-HU', viewport: { width: 390, height: 844 } });
    const page = await globex.newPage();
    await page.goto(`${service.url}/console`);
    await page.getByRole('heading', { name: 'Bejelentkezés a konzolba' }).waitFor();
    await page.getByLabel('API-kulcs').fill(KEY_B);
    await page.getByRole('button', { name: 'Bejelentkezés' }).click();
    await page.getByText('Bejelentkezve: globex').waitFor();
    await page.goto(`${service.url}/console#/batches`);
    await page.getByText('Még nincs köteg.').waitFor();
    await page.goto(`${service.url}/console#/batches/${batchId}`);
    await page.getByRole('alert').waitFor();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('No such batch.');
    const status = await page.evaluate(async (id) => (await fetch(`/v1/batches/${id}`)).status, batchId);
    expect(status).toBe(404);
    await shot(page, '9-other-tenant-phone');

    await page.getByRole('button', { name: 'Kijelentkezés' }).click();
    await page.getByLabel('API-kulcs').waitFor();
    expect(await page.evaluate(async () => (await fetch('/v1/batches')).status)).toBe(401);
    await globex.close();
    expect(refusedByCsp).toEqual([]);
  });
});
