import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKey } from '../../core/config';
import { ReelpipeError } from '../../core/errors';

declare module 'fastify' {
  interface FastifyRequest {
    /** The tenant whose key the caller authenticated with: it owns what the request makes and sees only its own. */
    tenant?: string;
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

/**
 * An onRequest hook accepting any of `keys` and handing the matching one's owner to `accept`. Every candidate is
 * compared, in constant time over fixed-length digests, so timing tells nothing about which key nearly matched.
 */
function requireKey<T>(
  keys: readonly { key: string; owner: T }[],
  realm: string,
  refusal: string,
  accept: (request: FastifyRequest, owner: T) => void,
) {
  const digests = keys.map(({ key, owner }) => ({ digest: digest(key), owner }));
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const key = presentedKey(request.headers.authorization);
    const given = key === null ? null : digest(key);
    let match: { owner: T } | undefined;
    for (const candidate of digests) if (given && timingSafeEqual(candidate.digest, given)) match = candidate;
    if (!match) {
      reply.header('www-authenticate', realm);
      throw new ReelpipeError(refusal, 'unauthorized', { status: 401 });
    }
    accept(request, match.owner);
  };
}

/** The API's key check: the request then acts for the key's tenant. */
export const requireApiKey = (keys: readonly ApiKey[]) =>
  requireKey(
    keys.map(({ key, tenant }) => ({ key, owner: tenant })),
    'Bearer realm="reelpipe"',
    'A valid API key is required: send Authorization: Bearer <key>.',
    (request, tenant) => {
      request.tenant = tenant;
    },
  );

/** The admin pages' check: admin keys only, never a tenant's. */
export const requireAdminKey = (keys: readonly string[]) =>
  requireKey(
    keys.map((key) => ({ key, owner: null })),
    'Basic realm="reelpipe admin"',
    'An admin key (ADMIN_KEYS) is required: sign in with any user name and the key as password.',
    () => undefined,
  );
