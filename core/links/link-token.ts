import { createHmac, timingSafeEqual } from 'node:crypto';
import { OUTPUTS, type OutputKind } from '../render/outputs';

// A permanent link is the render id and a MAC over it: unguessable without LINK_SECRET, and checkable without storage.
const mac = (secret: string, renderId: string): Buffer =>
  createHmac('sha256', secret).update(`link:${renderId}`).digest().subarray(0, 18);

export function linkToken(secret: string, renderId: string): string {
  return `${Buffer.from(renderId).toString('base64url')}.${mac(secret, renderId).toString('base64url')}`;
}

/** The render id a token stands for, or null for anything tampered with or malformed. */
export function verifyLinkToken(secret: string, token: string): string | null {
  const [idPart, macPart, extra] = token.split('.');
  if (!idPart || !macPart || extra !== undefined) return null;
  const renderId = Buffer.from(idPart, 'base64url').toString();
  const given = Buffer.from(macPart, 'base64url');
  const expected = mac(secret, renderId);
  // base64url decoding skips stray characters: only the exact token linkToken makes is accepted.
  const canonical = Buffer.from(renderId).toString('base64url') === idPart && given.toString('base64url') === macPart;
  return canonical && given.length === expected.length && timingSafeEqual(given, expected) ? renderId : null;
}

/**
 * A finished render's short link code: 96 bits of an HMAC of its id, 16 characters. The token above spells the id out
 * and is 71 characters; an email merge field holds 255 and the snippet needs two links, so finished renders get this
 * code, written to the bucket beside them (`linkKey`) when they end. Unguessable without LINK_SECRET, like the token.
 */
export const linkCode = (secret: string, renderId: string): string =>
  createHmac('sha256', secret).update(`link-code:${renderId}`).digest().subarray(0, 12).toString('base64url');

export const LINK_CODE = /^[A-Za-z0-9_-]{16}$/;

/**
 * What stands for a render in its public links: its short code once it has one, else the long token (renders that
 * ended before codes existed, and a render's stream while it is made).
 */
export const linkHandle = (secret: string, render: { id: string; link?: string }): string =>
  render.link ?? linkToken(secret, render.id);

/** The permanent link to one output of a render (`handle` from linkHandle): valid for as long as LINK_SECRET is. */
export const permanentLink = (publicUrl: string, handle: string, kind: OutputKind): string =>
  `${publicUrl}/v/${handle}${OUTPUTS[kind].linkPath}`;

/** The recipient's landing page: the player, the greeting and the call to action. */
export const landingLink = (publicUrl: string, handle: string): string => `${publicUrl}/v/${handle}`;

/** The render's HLS stream, playable while it renders: behind the same token as its permanent links. */
export const streamLink = (publicUrl: string, secret: string, renderId: string): string =>
  `${publicUrl}/v/${linkToken(secret, renderId)}/stream.m3u8`;
