import { createHash, randomBytes } from 'node:crypto';
import { propsHash } from './render-record';

/** Render ids double as BullMQ job ids (no ':' and never all digits) and as S3 key prefixes. */
export const RENDER_ID = /^r_[A-Za-z0-9_-]{16,64}$/;

/** A fresh id; with an Idempotency-Key it is derived from the caller and the key, so a repeat lands on the same job. */
export function newRenderId(idempotency?: { apiKey: string; key: string }): string {
  if (!idempotency) return `r_${randomBytes(16).toString('base64url')}`;
  const digest = createHash('sha256')
    .update(idempotency.apiKey)
    .update('\0')
    .update(idempotency.key)
    .digest('base64url');
  return `r_${digest.slice(0, 32)}`;
}

/**
 * A batch row's or form answer's render id is its content address: the same props for the same template version give
 * the same id in any batch or form, so a stored video is reused instead of rendered again.
 */
export function contentRenderId(template: string, version: number, props: unknown): string {
  return `r_${Buffer.from(propsHash(`${template}@${version}`, props), 'hex')
    .toString('base64url')
    .slice(0, 32)}`;
}
