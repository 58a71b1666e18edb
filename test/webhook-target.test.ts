import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook } from '../core/webhooks/post-webhook';
import { assertWebhookTarget, isBlockedAddress, WebhookTargetError } from '../core/webhooks/webhook-target';

let server: Server;
let port: number;
const received: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push(body);
      response.statusCode = 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('webhook targets', () => {
  it('blocks private addresses, including IPv6 forms that embed an IPv4 one', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '169.254.169.254',
      '::1',
      '::127.0.0.1',
      '::ffff:192.168.1.1',
      '64:ff9b::7f00:1',
      '2002:7f00:1::',
      'fec0::1',
      'fd00::1',
    ]) {
      expect(isBlockedAddress(address), address).toBe(true);
    }
    for (const address of ['8.8.8.8', '93.184.215.14', '2606:4700::1111'])
      expect(isBlockedAddress(address), address).toBe(false);
  });

  it('refuses loopback names and literals, and tells an unresolvable host (retryable) from a refused one', async () => {
    await expect(assertWebhookTarget(`http://127.0.0.1:${port}/`, false)).rejects.toMatchObject({ transient: false });
    await expect(assertWebhookTarget('http://[::127.0.0.1]/', false)).rejects.toBeInstanceOf(WebhookTargetError);
    await expect(assertWebhookTarget('http://no-such-host.invalid/', false)).rejects.toMatchObject({ transient: true });
  });

  it('checks the address it connects to, on every delivery, and posts when private targets are allowed', async () => {
    // The same name twice: the first (allowed) delivery must not leave a pooled socket that the second reuses.
    expect(
      await postWebhook(`http://localhost:${port}/hook`, { 'content-type': 'application/json' }, '{"name":"Árpád"}', {
        allowPrivate: true,
        timeoutMs: 5000,
      }),
    ).toBe(204);
    await expect(
      postWebhook(`http://localhost:${port}/hook`, {}, '{"leak":true}', { allowPrivate: false, timeoutMs: 5000 }),
    ).rejects.toBeInstanceOf(WebhookTargetError);
    expect(received).toEqual(['{"name":"Árpád"}']);
  });
});
