import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKey } from '../../core/config';
import { ReelpipeError } from '../../core/errors';
import { assertCsrf, type ConsoleSessions, CSRF_HEADER, readCookie, SESSION_COOKIE } from '../console-sessions';

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
 * Finds which of `keys` was presented. Every candidate is compared, in constant time over fixed-length digests, so
 * timing tells nothing about which key nearly matched.
 */
export function keyOwner<T>(keys: readonly { key: string; owner: T }[]): (key: string | null) => { owner: T } | null {
  const digests = keys.map(({ key, owner }) => ({ digest: digest(key), owner }));
  return (key) => {
    const given = key === null ? null : digest(key);
    let match: { owner: T } | null = null;
    for (const candidate of digests) if (given && timingSafeEqual(candidate.digest, given)) match = candidate;
    return match;
  };
}

const refuse = (reply: FastifyReply, realm: string, message: string) => {
  reply.header('www-authenticate', realm);
  return new ReelpipeError(message, 'unauthorized', { status: 401 });
};

const API_REALM = 'Bearer realm="reelpipe"';
const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * The API's key check: the request then acts for the key's tenant. Without an Authorization header, a console
 * session's cookie stands for the key; a request that changes something must then carry the session's CSRF token
 * too (SameSite=Strict already keeps other sites' requests from sending the cookie: this is the second lock).
 */
export const requireApiKey = (keys: readonly ApiKey[], sessions?: ConsoleSessions) => {
  const find = keyOwner(keys.map(({ key, tenant }) => ({ key, owner: tenant })));
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (!request.headers.authorization && cookie && sessions) {
      const session = await sessions.find(cookie);
      if (!session) throw refuse(reply, API_REALM, 'The console session has ended: sign in again.');
      if (!SAFE_METHODS.has(request.method)) assertCsrf(session, request.headers[CSRF_HEADER]);
      request.tenant = session.tenant;
      return;
    }
    const match = find(presentedKey(request.headers.authorization));
    if (!match) throw refuse(reply, API_REALM, 'A valid API key is required: send Authorization: Bearer <key>.');
    request.tenant = match.owner;
  };
};

/** The admin pages' check: admin keys only, never a tenant's. */
export const requireAdminKey = (keys: readonly string[]) => {
  const find = keyOwner(keys.map((key) => ({ key, owner: null })));
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!find(presentedKey(request.headers.authorization)))
      throw refuse(
        reply,
        'Basic realm="reelpipe admin"',
        'An admin key (ADMIN_KEYS) is required: sign in with any user name and the key as password.',
      );
  };
};
