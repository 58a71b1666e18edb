import { createHmac } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { ReelpipeError } from '../errors';

export class WebhookTargetError extends ReelpipeError {
  /** `transient`: the host did not resolve, which may pass; a delivery retries it rather than giving up. */
  constructor(
    message: string,
    readonly transient = false,
  ) {
    super(message, 'webhook_target_refused', { status: 422, details: [{ field: 'webhookUrl', message }] });
  }
}

// Loopback, private, link-local, CGNAT and other non-public ranges: a webhook must not reach into our own network.
const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
] as const) {
  blocked.addSubnet(net, bits, 'ipv4');
}
// IPv6, including the forms that embed an IPv4 address (IPv4-compatible, NAT64, 6to4, Teredo) and site-local.
for (const [net, bits] of [
  ['::', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 32],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, bits, 'ipv6');
}

export const isBlockedAddress = (address: string): boolean => {
  const mapped = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i)?.[1];
  if (mapped) return blocked.check(mapped, 'ipv4');
  return blocked.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
};

export const PRIVATE_TARGET_MESSAGE =
  'webhookUrl points to a loopback or private address; set WEBHOOK_ALLOW_PRIVATE=true to allow it';

/**
 * Refuses webhook targets that are not http(s) or that resolve to a loopback or private address, unless allowed.
 * Checked when the render is submitted and again before each delivery; the delivery also checks the address it
 * actually connects to (worker/webhook-post.ts), as DNS may answer differently the second time.
 */
export async function assertWebhookTarget(target: string, allowPrivate: boolean): Promise<void> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new WebhookTargetError('webhookUrl is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new WebhookTargetError('webhookUrl must use http or https');
  if (url.username || url.password) throw new WebhookTargetError('webhookUrl must not contain credentials');
  if (allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host)
    ? [host]
    : (await lookup(host, { all: true }).catch(() => [])).map((entry) => entry.address);
  if (!addresses.length) throw new WebhookTargetError(`webhookUrl host ${host} does not resolve`, true);
  if (addresses.some(isBlockedAddress)) throw new WebhookTargetError(PRIVATE_TARGET_MESSAGE);
}

/** Standard Webhooks signature: base64 HMAC-SHA256 of "id.timestamp.body" with the secret's base64 part as key. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}
