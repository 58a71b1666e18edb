import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Each landing page load carries a token the server signed for that render at that moment. Its beacons send it back:
 * an event without one was not sent by a page we served, an event too soon after the page was served was not sent by
 * someone who looked at it (an email scanner that runs the page's script fires at once), and its nonce lets each load
 * count each kind of event once, with no cookie.
 */
const MIN_AGE_MS = 1_500;
const MAX_AGE_MS = 12 * 3600 * 1000;

const mac = (secret: string, renderId: string, issued: string, nonce: string) =>
  createHmac('sha256', secret).update(`view:${renderId}:${issued}:${nonce}`).digest().subarray(0, 12);

export function viewToken(secret: string, renderId: string, now = Date.now()): string {
  const issued = now.toString(36);
  const nonce = randomBytes(12).toString('base64url');
  return `${issued}.${nonce}.${mac(secret, renderId, issued, nonce).toString('base64url')}`;
}

export type ViewTokenCheck = { ok: true; nonce: string } | { ok: false; reason: 'invalid' | 'too-soon' | 'expired' };

export function checkViewToken(secret: string, renderId: string, token: string, now = Date.now()): ViewTokenCheck {
  const [issued, nonce, given, extra] = token.split('.');
  if (!issued || !nonce || !given || extra !== undefined || !/^[a-z0-9]{1,12}$/.test(issued)) {
    return { ok: false, reason: 'invalid' };
  }
  const expected = mac(secret, renderId, issued, nonce);
  const actual = Buffer.from(given, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return { ok: false, reason: 'invalid' };
  const age = now - Number.parseInt(issued, 36);
  if (age < MIN_AGE_MS) return { ok: false, reason: 'too-soon' };
  if (age > MAX_AGE_MS) return { ok: false, reason: 'expired' };
  return { ok: true, nonce };
}
