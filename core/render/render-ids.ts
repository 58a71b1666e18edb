import { createHmac, randomBytes } from 'node:crypto';
import { type CallToAction, canonical } from './render-record';

/** Render ids double as BullMQ job ids (no ':' and never all digits) and as S3 key prefixes. */
export const RENDER_ID = /^r_[A-Za-z0-9_-]{16,64}$/;

/**
 * A keyed digest of what an id stands for: the server's secret and the tenant go in first, so nobody without the
 * secret can compute an id from guessed props, and equal props give different ids for different tenants.
 */
const keyedId = (secret: string, tenant: string, purpose: string, parts: unknown[]): string =>
  `r_${createHmac('sha256', secret)
    .update(`reelpipe render id\0${purpose}\0${tenant}\0`)
    .update(JSON.stringify(canonical(parts)))
    .digest('base64url')
    .slice(0, 32)}`;

/** A fresh id; with an Idempotency-Key it is derived from the tenant and the key, so a repeat lands on the same job. */
export function newRenderId(idempotency?: { secret: string; tenant: string; key: string }): string {
  if (!idempotency) return `r_${randomBytes(16).toString('base64url')}`;
  return keyedId(idempotency.secret, idempotency.tenant, 'idempotency', [idempotency.key]);
}

/**
 * A batch row's render id is its content address within its tenant: the same props for the same template version give
 * the same id in any of the tenant's batches, so a stored video is reused instead of rendered again. A row with its
 * own landing page button, or with links that expire, is another render (its segments still come from the cache);
 * without them the id is what it always was.
 */
export function contentRenderId(
  secret: string,
  tenant: string,
  template: { id: string; version: number },
  props: unknown,
  cta?: CallToAction,
  expiresAt?: string,
): string {
  // Only a button with something in it: an empty one must not change the address of a stored video.
  const button = cta?.text || cta?.url ? [{ cta }] : [];
  // A video whose links expire is another than the one kept: one batch's expiry must not cut another's links.
  const expiry = expiresAt ? [{ expiresAt }] : [];
  return keyedId(secret, tenant, 'content', [template.id, template.version, props, ...button, ...expiry]);
}
