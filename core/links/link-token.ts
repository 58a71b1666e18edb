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

/** The permanent link to one output of a render: valid for as long as LINK_SECRET is. */
export const permanentLink = (publicUrl: string, secret: string, renderId: string, kind: OutputKind): string =>
  `${publicUrl}/v/${linkToken(secret, renderId)}${OUTPUTS[kind].linkPath}`;

/** The render's HLS stream, playable while it renders: behind the same token as its permanent links. */
export const streamLink = (publicUrl: string, secret: string, renderId: string): string =>
  `${publicUrl}/v/${linkToken(secret, renderId)}/stream.m3u8`;
