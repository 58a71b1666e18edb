import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ReelpipeError } from '../core/errors';
import type { RedisKeys } from '../core/redis-keys';

/** The console's session cookie: HttpOnly, SameSite=Strict, Path=/ (the console calls /v1 with it). */
export const SESSION_COOKIE = 'reelpipe_console';
/** The header every console request that changes something carries: the session's CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';
/** A session lasts this long after its last use. */
export const SESSION_SECONDS = 8 * 3600;

export interface ConsoleSession {
  tenant: string;
  /** Sent back by the console's scripts in CSRF_HEADER; a page of another site cannot read it. */
  csrfToken: string;
}

// Redis keeps a digest of the token, so whoever reads Redis (a dump, a replica) gets no cookie that signs in.
const digest = (token: string) => createHash('sha256').update(token).digest('base64url');
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Console sign-ins, in Redis so that any API process behind a balancer knows them. */
export class ConsoleSessions {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** A new session for a tenant whose API key was shown; the token goes into the cookie and nowhere else. */
  async create(tenant: string): Promise<{ token: string; session: ConsoleSession }> {
    const token = randomBytes(32).toString('base64url');
    const session = { tenant, csrfToken: randomBytes(24).toString('base64url') };
    await this.redis.set(this.keys.consoleSession(digest(token)), JSON.stringify(session), 'EX', SESSION_SECONDS);
    return { token, session };
  }

  /** The session a cookie holds, kept alive for another SESSION_SECONDS; null when it ended or never was. */
  async find(token: string): Promise<ConsoleSession | null> {
    if (!TOKEN.test(token)) return null;
    const key = this.keys.consoleSession(digest(token));
    const [[, value]] = (await this.redis.multi().get(key).expire(key, SESSION_SECONDS).exec()) as [[null, string]];
    return value ? (JSON.parse(value) as ConsoleSession) : null;
  }

  async end(token: string): Promise<void> {
    if (TOKEN.test(token)) await this.redis.del(this.keys.consoleSession(digest(token)));
  }
}

/** Refuses a request whose CSRF header is not the session's token (compared in constant time). */
export function assertCsrf(session: ConsoleSession, given: string | string[] | undefined): void {
  const [a, b] = [Buffer.from(typeof given === 'string' ? given : ''), Buffer.from(session.csrfToken)];
  if (a.length !== b.length || !timingSafeEqual(a, b))
    throw new ReelpipeError(`The console's ${CSRF_HEADER} header is missing or wrong.`, 'csrf_failed', { status: 403 });
}

/** One cookie's value from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | null {
  for (const pair of header?.split(';') ?? []) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return null;
}

/** The Set-Cookie value for a session token (an empty token with max-age 0 ends it). Secure when served over https. */
export function sessionCookie(token: string, secure: boolean, maxAgeSeconds = SESSION_SECONDS): string {
  const attributes = [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${maxAgeSeconds}`,
  ];
  if (secure) attributes.push('Secure');
  return attributes.join('; ');
}
