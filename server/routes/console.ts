import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import type { ApiKey } from '../../core/config';
import { RateLimitedError, ReelpipeError } from '../../core/errors';
import { clientKey, takeToken } from '../../core/rate-limit';
import type { RedisKeys } from '../../core/redis-keys';
import { browserBundle } from '../browser-bundle';
import {
  assertCsrf,
  type ConsoleSessions,
  CSRF_HEADER,
  readCookie,
  SESSION_COOKIE,
  sessionCookie,
} from '../console-sessions';
import { consolePage } from '../pages/console-page';
import { keyOwner } from '../plugins/auth';
import { errors, html, noContent, PUBLIC } from './api-schemas';

const TAGS = ['console'];
const sessionView = {
  type: 'object',
  properties: { tenant: { type: 'string' }, csrfToken: { type: 'string' } },
};
/** Sign-in attempts a client may make a minute: enough for typos, far too few to guess a key. */
const SIGN_INS_PER_MINUTE = 10;

/**
 * The marketers' console: one page (its script does the rest through /v1, signed in by a session cookie) and the
 * session itself: sign in with an API key, ask who is signed in, sign out.
 */
export async function consoleRoutes(
  app: FastifyInstance,
  {
    apiKeys,
    sessions,
    redis,
    keys,
    publicUrl,
  }: { apiKeys: readonly ApiKey[]; sessions: ConsoleSessions; redis: Redis; keys: RedisKeys; publicUrl: string },
) {
  const tenantOf = keyOwner(apiKeys.map(({ key, tenant }) => ({ key, owner: tenant })));
  const secure = publicUrl.startsWith('https:');
  const ownOrigin = new URL(publicUrl).origin;
  const signedOut = 'Not signed in: sign in with an API key.';
  const currentSession = async (cookieHeader: string | undefined) => {
    const token = readCookie(cookieHeader, SESSION_COOKIE);
    return token ? { token, session: await sessions.find(token) } : null;
  };
  const unauthorized = (reply: FastifyReply, message: string) => {
    reply.header('www-authenticate', 'Bearer realm="reelpipe"');
    return new ReelpipeError(message, 'unauthorized', { status: 401 });
  };
  void browserBundle().catch((error: Error) => app.log.error({ err: error }, 'could not bundle the console'));

  app.get(
    '/console',
    {
      schema: {
        summary: 'The console: upload a CRM export, follow batches',
        tags: TAGS,
        security: PUBLIC,
        response: { 200: html('The page') },
      },
    },
    async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(consolePage({ nonce: reply.cspNonce.script })),
  );

  app.post<{ Body: { key: string } }>(
    '/console/session',
    {
      schema: {
        summary: 'Sign in to the console with an API key',
        description:
          'Answers the tenant and a CSRF token, and sets an HttpOnly, SameSite=Strict session cookie that the ' +
          `console sends to /v1 instead of the key; a request that changes something also sends \`${CSRF_HEADER}\`.`,
        tags: TAGS,
        security: PUBLIC,
        body: {
          type: 'object',
          required: ['key'],
          additionalProperties: false,
          properties: { key: { type: 'string', minLength: 1, maxLength: 512 } },
        },
        response: { 200: sessionView, ...errors(400, 401, 403, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      // A page of another site must not sign a visitor in to somebody else's tenant (login CSRF).
      const origin = request.headers.origin;
      if (origin && origin !== ownOrigin)
        throw new ReelpipeError('Sign in from the console itself.', 'cross_site_request', { status: 403 });
      const rate = await takeToken(redis, keys.signInRate(clientKey(request.ip)), SIGN_INS_PER_MINUTE);
      if (!rate.allowed)
        throw new RateLimitedError('Too many sign-in attempts: wait a minute and try again.', rate.retryAfterSeconds);
      const match = tenantOf(request.body.key.trim());
      if (!match) throw unauthorized(reply, 'That API key is not valid.');
      const { token, session } = await sessions.create(match.owner);
      return reply.header('set-cookie', sessionCookie(token, secure)).send(session);
    },
  );

  app.get(
    '/console/session',
    {
      schema: {
        summary: 'Who is signed in to the console',
        tags: TAGS,
        security: PUBLIC,
        response: { 200: sessionView, ...errors(401, 503) },
      },
    },
    async (request, reply) => {
      const current = await currentSession(request.headers.cookie);
      if (!current?.session) throw unauthorized(reply, signedOut);
      return current.session;
    },
  );

  app.delete(
    '/console/session',
    {
      schema: {
        summary: 'Sign out of the console',
        tags: TAGS,
        security: PUBLIC,
        response: { 204: noContent('Signed out'), ...errors(403, 503) },
      },
    },
    async (request, reply) => {
      const current = await currentSession(request.headers.cookie);
      if (current?.session) {
        assertCsrf(current.session, request.headers[CSRF_HEADER]);
        await sessions.end(current.token);
      }
      return reply
        .header('set-cookie', sessionCookie('', secure, 0))
        .status(204)
        .send();
    },
  );
}
