import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReelpipeError } from '../../core/errors';

declare module 'fastify' {
  interface FastifyRequest {
    /** The API key the caller authenticated with (scopes Idempotency-Keys). */
    apiKey?: string;
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Key from `Authorization: Bearer <key>`, or from Basic auth's password so a browser can open the admin pages. */
const presentedKey = (header: string | undefined): string | null => {
  if (!header) return null;
  const [scheme, value] = header.split(' ', 2);
  if (scheme?.toLowerCase() === 'bearer' && value) return value.trim();
  if (scheme?.toLowerCase() === 'basic' && value)
    return Buffer.from(value, 'base64').toString().split(':').slice(1).join(':') || null;
  return null;
};

/** An onRequest hook accepting any of the configured keys; comparisons are constant-time over fixed-length digests. */
export function requireApiKey(keys: readonly string[], realm: 'api' | 'admin') {
  const digests = keys.map(digest);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const key = presentedKey(request.headers.authorization);
    const given = key === null ? null : digest(key);
    if (!given || !digests.some((candidate) => timingSafeEqual(candidate, given))) {
      reply.header('www-authenticate', realm === 'admin' ? 'Basic realm="reelpipe admin"' : 'Bearer realm="reelpipe"');
      throw new ReelpipeError('A valid API key is required: send Authorization: Bearer <key>.', 'unauthorized', {
        status: 401,
      });
    }
    request.apiKey = key!;
  };
}
