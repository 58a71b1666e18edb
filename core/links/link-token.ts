import { createHmac, timingSafeEqual } from 'node:crypto';
import type { OutputKind } from '../render/render-ids';

// A permanent link is the render id and a MAC over it: unguessable without LINK_SECRET, and checkable without storage.
const mac = (secret: string, renderId: string): Buffer => createHmac('sha256', secret).update(`link:${renderId}`).digest().subarray(0, 18);

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
  return given.length === expected.length && timingSafeEqual(given, expected) ? renderId : null;
}

/** Path of each output under a permanent link /v/<token>. */
export const LINK_PATHS: Record<OutputKind, string> = { video: '', poster: '/poster.jpg', posterPlay: '/poster-play.jpg', gif: '/preview.gif' };

/** The permanent link to one output of a render: valid for as long as LINK_SECRET is. */
export const permanentLink = (publicUrl: string, secret: string, renderId: string, kind: OutputKind): string =>
  `${publicUrl}/v/${linkToken(secret, renderId)}${LINK_PATHS[kind]}`;
