import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell } from '../core/batch/manifest';
import { batchProgress } from '../jobs/finish-batch';
import { startTestService, type TestService } from './helpers/service';

// Real Redis (random queue prefix), s3rver over HTTP, and for the end-to-end case a real worker with Debian Chromium.

const FIXTURE = join(import.meta.dirname, 'fixtures', 'crm-export.csv');
const WELCOME_MAPPING = {
  firstName: "{{ First Name | strip | default: '' }}",
  company: '{{ Company Name | url_decode }}',
  locale: "{{ Preferred language | downcase | slice: 0, 2 | default: 'en' }}",
  industry: '{{ Industry | downcase }}',
};

let service: TestService;

const auth = () => ({ authorization: `Bearer ${service.apiKey}` });

async function upload(
  target: TestService,
  file: Buffer | string,
  fields: Record<string, string>,
  name = 'contacts.csv',
) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append(
    'file',
    new Blob([new Uint8Array(typeof file === 'string' ? Buffer.from(file) : file)], { type: 'text/csv' }),
    name,
  );
  const response = await fetch(`${target.url}/v1/batches`, {
    method: 'POST',
    headers: { authorization: `Bearer ${target.apiKey}` },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function manifest(id: string, target = service): Promise<Array<Record<string, string>>> {
  const response = await fetch(`${target.url}/v1/batches/${id}/manifest.csv`, {
    headers: { authorization: `Bearer ${target.apiKey}` },
  });
  expect(response.headers.get('content-type')).toContain('text/csv');
  return parse(Buffer.from(await response.arrayBuffer()), { bom: true, columns: true }) as Array<
    Record<string, string>
  >;
}

beforeAll(async () => {
  service = await startTestService();
});

afterAll(async () => {
  await service?.stop();
});

describe('CSV batches (no worker: rows are queued, not rendered)', () => {
  it('accounts for every row of a realistic CRM export in the manifest, in input order', async () => {
    const { status, body } = await upload(service, readFileSync(FIXTURE), {
      template: 'welcome',
      mapping: JSON.stringify(WELCOME_MAPPING),
    });
    expect(status, JSON.stringify(body)).toBe(202);
    expect(body.rows).toEqual({ total: 11, accepted: 9, skipped: 2, deduplicated: 1, warned: 1 });
    expect(body.renders).toMatchObject({ total: 8, reused: 0, done: 0 });
    expect(body.recipientIdColumn).toBe('Record ID');
    expect(body.emailColumn).toBe('Email');
    // Row 9's name is markup; row 11's company breaks the url_decode filter (a Liquid error, per row). Row 10 has an
    // unsupported language: the template's default with a warning, not a lost contact.
    expect(body.skippedRows).toEqual([
      {
        row: 9,
        line: 12,
        column: 'First Name',
        field: 'firstName',
        reason: 'must not contain markup (HTML tags)',
      },
      {
        row: 11,
        line: 14,
        column: 'Company Name',
        field: 'company',
        reason: expect.stringContaining('Liquid error: URI malformed'),
      },
    ]);
    expect(body.warnedRows).toEqual([
      {
        row: 10,
        line: 13,
        column: 'Preferred language',
        field: 'locale',
        reason: expect.stringMatching(/^"de" is not an option, so the default "en" is used/),
      },
    ]);

    const rows = await manifest(body.id);
    expect(rows.map((row) => row.row)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11']);
    expect(rows.map((row) => row.status)).toEqual([
      ...Array<string>(8).fill('pending'),
      'skipped',
      'pending',
      'skipped',
    ]);
    // The duplicate contact shares the first one's render.
    expect(rows[6]!.render_id).toBe(rows[0]!.render_id);
    expect(new Set(rows.filter((row) => row.status === 'pending').map((row) => row.render_id)).size).toBe(8);
    // Names and notes survive the round trip byte for byte, quoted line breaks included; the duplicate header is kept
    // apart.
    expect(rows.map((row) => row['First Name'])).toEqual([
      'Árpád',
      'Анна',
      'João',
      'Íñigo',
      'Maria Clara',
      '',
      'Árpád',
      "'@SUM(1+1)",
      '<b>Bold</b> <img src=x onerror=alert(1)>',
      'Zoë',
      'Bad',
    ]);
    expect(rows[1]!['Company Name']).toBe('ООО "Ромашка"');
    expect(rows[1]!.Notes).toBe('Line one\r\nline two');
    expect(rows[0]!['Email (2)']).toBe('arpad.private@example.hu');
    expect(rows[8]!.error).toContain('column First Name (firstName)');
    expect(rows[9]!.warnings).toContain('column Preferred language (locale)');
    // Formula-like cells are escaped against CSV injection.
    expect(rows[7]).toMatchObject({
      recipient_id: "'=cmd|' /C calc'!A0",
      email: "'+36301234567",
      'Last Name': "'-Minus",
      'Company Name': '\'=HYPERLINK("x")',
      Notes: "'\ttab",
    });

    const status2 = await (await fetch(`${service.url}/v1/batches/${body.id}`, { headers: auth() })).json();
    expect(status2).toMatchObject({ status: 'running', percent: 0, renders: { total: 8, queued: 8, done: 0 } });
  });

  it('reads semicolon-delimited exports and does not queue a resubmitted file again', async () => {
    const semicolons =
      'Contact ID;First name;Email;Language\r\n7;Ana;ana@example.com;pt\r\n8;Ivan;ivan@example.com;ru\r\n';
    const first = await upload(service, semicolons, { template: 'welcome' });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    expect(first.body.columns).toMatchObject({ firstName: ['First name'], locale: ['Language'] });
    const before = await service.runtime.queues.renders.getJobCountByTypes('waiting', 'prioritized');
    expect(before).toBeGreaterThanOrEqual(2);
    const again = await upload(service, semicolons, { template: 'welcome' });
    expect(again.status).toBe(202);
    expect(again.body.id).not.toBe(first.body.id);
    expect(await service.runtime.queues.renders.getJobCountByTypes('waiting', 'prioritized')).toBe(before);
    const [a, b] = [await manifest(first.body.id), await manifest(again.body.id)];
    expect(b.map((row) => row.render_id)).toEqual(a.map((row) => row.render_id));
  });

  const readsOtherToolsExports =
    'reads what other tools export: Cyrillic headers, repeated headers, blank first lines, tabs and stray quotes';
  it(readsOtherToolsExports, async () => {
    const cyrillic = await upload(service, 'Имя,Компания,Язык\nАнна,Ромашка,ru\n', {
      template: 'welcome',
      mapping: JSON.stringify({ firstName: '{{ Имя }}', company: '{{ Компания }}', locale: '{{ Язык }}' }),
    });
    expect(cyrillic.status, JSON.stringify(cyrillic.body)).toBe(202);
    expect(cyrillic.body.rows).toMatchObject({ accepted: 1, skipped: 0 });
    const cyrillicRow = (await manifest(cyrillic.body.id))[0]!;
    expect([cyrillicRow.Имя, cyrillicRow.Компания]).toEqual(['Анна', 'Ромашка']);
    const unknown = await upload(service, 'Имя,Компания\nАнна,Ромашка\n', {
      template: 'welcome',
      mapping: JSON.stringify({ firstName: '{{ Фамилия }}' }),
    });
    expect([unknown.status, unknown.body.error.details[0].message]).toEqual([
      422,
      expect.stringContaining('unknown column "Фамилия"'),
    ]);

    // A third column already called "Email (2)" must not swallow the second "Email".
    const repeated = await upload(
      service,
      'First Name,Email,Email,Email (2)\nAna,a@x.example,b@x.example,c@x.example\n',
      { template: 'welcome' },
    );
    expect(repeated.status, JSON.stringify(repeated.body)).toBe(202);
    expect((await manifest(repeated.body.id))[0]).toMatchObject({
      'Email (input)': 'a@x.example',
      'Email (2)': 'b@x.example',
      'Email (2) (2)': 'c@x.example',
    });

    const blankFirst = await upload(service, '\r\nFirst Name;Company;Language\r\nÍñigo;Muñoz, S.L.;es\r\n', {
      template: 'welcome',
    });
    expect(blankFirst.status, JSON.stringify(blankFirst.body)).toBe(202);
    expect((await manifest(blankFirst.body.id))[0]).toMatchObject({
      'First Name': 'Íñigo',
      Company: 'Muñoz, S.L.',
      status: 'pending',
    });

    const tabs = await upload(service, 'First Name\tCompany, legal name\tLanguage\nO"Brien\tAcme, Inc.\ten\n', {
      template: 'welcome',
    });
    expect(tabs.status, JSON.stringify(tabs.body)).toBe(202);
    expect((await manifest(tabs.body.id))[0]).toMatchObject({
      'First Name': 'O"Brien',
      'Company, legal name': 'Acme, Inc.',
      Language: 'en',
    });
  });

  it('renders again a video that Redis remembers as done but the bucket no longer has', async () => {
    const file = 'first_name,locale\nBucket Lost,pt\n';
    const first = await upload(service, file, { template: 'welcome' });
    const [row] = await manifest(first.body.id);
    // What a worker records when it finishes, without the video reaching this bucket (a bucket emptied or replaced).
    await batchProgress(service.runtime).renderEnded(row!.render_id!, { status: 'done' });
    const again = await upload(service, file, { template: 'welcome' });
    expect(again.status, JSON.stringify(again.body)).toBe(202);
    expect(again.body.renders).toMatchObject({ total: 1, reused: 0, queued: 1, done: 0 });
    expect((await manifest(again.body.id))[0]).toMatchObject({
      render_id: row!.render_id,
      status: 'pending',
      video_url: '',
    });
  });

  it('reports unknown columns, unknown props and bad Liquid up front (422) without queueing anything', async () => {
    const { status, body } = await upload(service, readFileSync(FIXTURE), {
      template: 'welcome',
      mapping: JSON.stringify({
        firstName: '{{ Given Name }}',
        shoeSize: '{{ Email }}',
        company: '{{ Company Name | no_such_filter }}',
        industry: "{{ row['Sector'] | default: row['Industry'] }}",
      }),
    });
    expect(status).toBe(422);
    expect(body.error.code).toBe('invalid_mapping');
    expect(body.error.details.map((d: { field: string }) => d.field)).toEqual([
      'mapping.firstName',
      'mapping.shoeSize',
      'mapping.company',
      'mapping.industry',
    ]);
    expect(body.error.details[0].message).toContain('unknown column "Given", "Name"');
    expect(body.error.details[3].message).toMatch(/^unknown column "Sector" \(the file has: /);
  });

  it('refuses mappings that would read files on the server', async () => {
    const { status, body } = await upload(service, readFileSync(FIXTURE), {
      template: 'welcome',
      mapping: JSON.stringify({
        firstName: "{% capture s %}{% include 'package.json' %}{% endcapture %}{{ s }}",
        company: "{% render 'README.md' %}",
        plan: "{% layout 'data/secrets.json' %}x",
      }),
    });
    expect(status).toBe(422);
    expect(body.error.details.map((d: { message: string }) => d.message)).toEqual([
      expect.stringContaining('{% include %} is not allowed'),
      expect.stringContaining('{% render %} is not allowed'),
      expect.stringContaining('{% layout %} is not allowed'),
    ]);
  });

  it('takes JSON rows, cancels what has not rendered and retries it', async () => {
    const response = await fetch(`${service.url}/v1/batches`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({
        template: 'trip',
        mapping: { firstName: '{{ name }}', destination: '{{ to }}', interests: '{{ likes }}' },
        rows: [
          { name: 'Kai', to: 'kyoto', likes: 'food; culture' },
          { name: '<i>Lea</i>', to: 'rio', likes: 'food' },
          { name: 'Max', to: 'mars', likes: 'food' },
        ],
      }),
    });
    const body = (await response.json()) as Record<string, any>;
    expect(response.status, JSON.stringify(body)).toBe(202);
    expect(body.rows).toMatchObject({ accepted: 2, skipped: 1, warned: 1 });
    expect(body.skippedRows[0]).toMatchObject({ row: 2, column: 'name', field: 'firstName' });
    expect(body.warnedRows[0]).toMatchObject({ row: 3, column: 'to', field: 'destination' });

    const cancelledTotal = async () =>
      Number(
        /reelpipe_renders_total\{outcome="cancelled"\} (\d+)/.exec(
          await (await fetch(`${service.url}/metrics`)).text(),
        )?.[1],
      );
    const before = await cancelledTotal();
    const cancelled = await (
      await fetch(`${service.url}/v1/batches/${body.id}`, { method: 'DELETE', headers: auth() })
    ).json();
    expect(cancelled).toMatchObject({ status: 'cancelled', renders: { cancelled: 2 } });
    // A batch cancel ends its renders like any other end: /metrics counts them.
    expect(await cancelledTotal()).toBe(before + 2);
    expect((await manifest(body.id)).map((row) => row.status)).toEqual(['cancelled', 'skipped', 'cancelled']);

    const retried = await (
      await fetch(`${service.url}/v1/batches/${body.id}/retry`, { method: 'POST', headers: auth() })
    ).json();
    expect(retried).toMatchObject({ status: 'running', requeued: 2, renders: { cancelled: 0, queued: 2 } });
  });

  it('accepts a 10,000-row file with bounded memory', async () => {
    const lines = ['id,first_name,email,language,company'];
    for (let i = 0; i < 10_000; i++)
      lines.push(`${i},Name${i},n${i}@example.com,${['en', 'pt', 'es', 'hu', 'ru', 'tl'][i % 6]},"Company ${i}, Inc."`);
    const file = Buffer.from(lines.join('\r\n'));
    global.gc?.();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 10);
    const started = performance.now();
    const { status, body } = await upload(service, file, { template: 'welcome' });
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    expect(status, JSON.stringify(body)).toBe(202);
    expect(body.rows).toEqual({ total: 10_000, accepted: 10_000, skipped: 0, deduplicated: 0, warned: 0 });
    const growthMb = (peak - baseline) / 1024 / 1024;
    const accepted = `accepted in ${seconds.toFixed(1)} s`;
    const fileMb = (file.length / 1024 / 1024).toFixed(2);
    console.log(`10,000-row batch: ${accepted}, heap growth at peak ${growthMb.toFixed(1)} MB (file ${fileMb} MB)`);
    // Rows are streamed and queued in chunks of 500: the heap must not hold the file's rows all at once.
    expect(growthMb).toBeLessThan(120);
    // Batch renders wait at batch priority, behind form and API renders.
    expect(await service.runtime.queues.renders.getJobCountByTypes('prioritized')).toBeGreaterThanOrEqual(10_000);
  });

  it('escapes every formula-like cell start', () => {
    expect(['=1', '+1', '-1', '@x', '\tx', '\rx', 'ok'].map(csvCell)).toEqual([
      "'=1",
      "'+1",
      "'-1",
      "'@x",
      '"\'\tx"',
      '"\'\rx"',
      'ok',
    ]);
  });
});

describe('batch limits', () => {
  let limited: TestService;
  beforeAll(async () => {
    limited = await startTestService({
      BATCH_MAX_ROWS: '600',
      BATCH_MAX_ROW_BYTES: '256',
      BATCH_MAX_FILE_BYTES: '16384',
    });
  });
  afterAll(async () => {
    await limited?.stop();
  });

  it('answers 413 with a message for too many rows, a row too large and a file too large', async () => {
    // More rows than one queueing chunk (500): the file is refused before its first chunk is queued.
    const names = Array.from({ length: 601 }, (_, i) => `Name${i}`).join('\n');
    const rows = await upload(limited, `first_name\n${names}\n`, { template: 'welcome' });
    expect([rows.status, rows.body.error.message]).toEqual([413, expect.stringContaining('more than 600 rows')]);
    const row = await upload(limited, `first_name\n${'x'.repeat(400)}\n`, { template: 'welcome' });
    expect([row.status, row.body.error.message]).toEqual([413, expect.stringContaining('larger than 256 bytes')]);
    const file = await upload(limited, `first_name\n${'Ana\n'.repeat(5000)}`, { template: 'welcome' });
    expect(file.status).toBe(413);
    expect(await limited.runtime.queues.renders.getJobCountByTypes('waiting', 'prioritized', 'delayed')).toBe(0);
  });
});

describe('a batch end to end with a real worker', () => {
  // A queue of its own: the batches above left thousands of renders waiting.
  let e2e: TestService;
  let hookServer: Server;
  const hooks: Array<Record<string, any>> = [];

  beforeAll(async () => {
    e2e = await startTestService();
    hookServer = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        hooks.push(JSON.parse(body) as Record<string, any>);
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    hookServer?.close();
    await e2e?.stop();
  });

  it('renders each distinct contact once, streams progress, writes the manifest and calls the webhook', async () => {
    const csv =
      'email,name,destination,interests\r\nana@example.com,Ana,lisbon,food\r\n' +
      'anna@example.ru,Анна,kyoto,culture\r\nana@example.com,Ana,lisbon,food\r\n';
    const webhookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/batch`;
    const mapping = { firstName: '{{ name }}', destination: '{{ destination }}', interests: '{{ interests }}' };
    const { status, body } = await upload(e2e, csv, { template: 'trip', mapping: JSON.stringify(mapping), webhookUrl });
    expect(status, JSON.stringify(body)).toBe(202);
    expect(body.recipientIdColumn).toBe('email');
    const worker = await e2e.startWorker();

    // Server-sent events until the batch ends.
    const events = await fetch(body.eventsUrl, { headers: { authorization: `Bearer ${e2e.apiKey}` } });
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    const text = await events.text();
    const last = JSON.parse(
      text
        .trim()
        .split('\n')
        .at(-1)!
        .replace(/^data: /, ''),
    );
    expect(text).toContain('event: progress');
    expect(text).toContain('event: end');
    expect(last).toMatchObject({ status: 'completed', percent: 100, renders: { total: 2, done: 2, failed: 0 } });

    const rows = await manifest(body.id, e2e);
    expect(rows.map((row) => [row.recipient_id, row.status])).toEqual([
      ['ana@example.com', 'done'],
      ['anna@example.ru', 'done'],
      ['ana@example.com', 'done'],
    ]);
    expect(rows[1]!.name).toBe('Анна');
    expect(rows[0]!.html_snippet).toContain(`<a href="${rows[0]!.landing_url}"><img src="${rows[0]!.gif_play_url}"`);
    const video = await fetch(rows[0]!.video_url!, { redirect: 'manual' });
    expect(video.status).toBe(302);
    const mp4 = await fetch(video.headers.get('location')!);
    expect(mp4.headers.get('content-type')).toBe('video/mp4');
    const json = await (
      await fetch(`${e2e.url}/v1/batches/${body.id}/manifest.json`, {
        headers: { authorization: `Bearer ${e2e.apiKey}` },
      })
    ).json();
    expect(json.batch).toMatchObject({ id: body.id, status: 'completed' });
    expect(json.rows).toHaveLength(3);

    for (let i = 0; i < 50 && !hooks.length; i++) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(hooks[0]).toMatchObject({
      type: 'batch.completed',
      data: { id: body.id, renders: { renders: 2, done: 2 } },
    });

    // The same contacts in a new batch reuse the stored videos: nothing renders, the batch is complete at once.
    const again = await upload(e2e, csv, { template: 'trip', mapping: JSON.stringify(mapping) });
    expect(again.body).toMatchObject({ status: 'completed', renders: { total: 2, reused: 2, done: 2 } });
    await worker.stop();
  });
});
