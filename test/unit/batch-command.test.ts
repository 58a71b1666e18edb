import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatch } from '../../cli/batch-command';
import { UsageError } from '../../cli/usage-error';

let dir: string;
let csv: string;
let server: Server;
let url: string;
const received: string[] = [];

const bodyOf = async (request: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelpipe-batch-command-'));
  csv = join(dir, 'contacts.csv');
  await writeFile(csv, 'email,first_name\nann@x.io,Ann\n');
  // Stands in for the API: keeps what it was sent and refuses it, so the command stops there.
  server = createServer(async (request, response) => {
    received.push(await bodyOf(request));
    response.writeHead(422, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: { message: 'Refused for the test.', details: [] } }));
  }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const run = (cta: { url?: string; text?: string }) =>
  runBatch({ file: csv, template: 'welcome', server: url, apiKey: 'k', out: join(dir, 'm.csv'), cta }).then(
    () => undefined,
    (error: unknown) => error,
  );

describe('reelpipe batch --cta-url, --cta-text', () => {
  it('sends the batch button as the JSON field "cta", cleaned, and nothing when none is given', async () => {
    received.length = 0;
    expect(await run({ url: ' https://shop.example.com/?c=1 ', text: ' Book  now ' })).toBeInstanceOf(UsageError);
    expect(await run({ url: '', text: undefined })).toBeInstanceOf(UsageError);
    const [withButton, without] = received;
    expect(withButton).toMatch(
      /name="cta"\r\n\r\n\{"text":"Book now","url":"https:\/\/shop\.example\.com\/\?c=1"\}\r\n/,
    );
    expect(without).toContain('name="template"');
    expect(without).not.toContain('name="cta"');
  });

  it('refuses a bad button before sending anything, naming the option', async () => {
    received.length = 0;
    const badUrl = await run({ url: 'javascript:alert(1)' });
    expect(badUrl).toBeInstanceOf(UsageError);
    expect((badUrl as Error).message).toBe(
      '--cta-url must be an absolute http(s) URL without a user name or password.',
    );
    const text = await run({ text: '<b>Go</b>' });
    expect((text as Error).message).toBe('--cta-text must not contain markup (HTML tags).');
    expect(received).toEqual([]);
  });
});
