import { randomBytes } from 'node:crypto';
import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type {
  ConnectionError,
  FastifyBaseLogger,
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
} from 'fastify';
import {
  DEFAULT_RETRY_AFTER_SECONDS,
  NO_ANSWER_CODES,
  RateLimitedError,
  ReelpipeError,
  ServiceUnavailableError,
} from '../../core/errors';

interface ErrorBody {
  /** `requestId` only on a 5xx: the id to quote when reporting it, the same as in the logs and `x-request-id`. */
  error: { code: string; message: string; details?: unknown; requestId?: string };
}

const body = (code: string, message: string, details?: unknown): ErrorBody => ({
  error: details === undefined ? { code, message } : { code, message, details },
});

/** Longest URL (path and query) we read; longer ones get 414. Node's parser stops any request line over 16 KB. */
export const MAX_URL_LENGTH = 8 * 1024;
const URL_TOO_LONG = `The URL is too long (at most ${MAX_URL_LENGTH} characters).`;

const MULTIPART_ERRORS =
  /^(Unexpected end of (multipart|form) data|Multipart: Boundary not found|Malformed part header)/;

// Fastify's own errors for malformed requests, with what we answer; a fixed message never echoes the request.
const FASTIFY_ERRORS: Record<string, [number, string, string?]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large'],
  FST_REQ_FILE_TOO_LARGE: [413, 'payload_too_large'],
  FST_FILES_LIMIT: [413, 'payload_too_large'],
  FST_FIELDS_LIMIT: [413, 'payload_too_large'],
  FST_PARTS_LIMIT: [413, 'payload_too_large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_BAD_URL: [400, 'bad_request', 'The URL is malformed.'],
  // A multipart field sent as application/json that does not parse (or was cut at the field size limit).
  FST_INVALID_JSON_FIELD_ERROR: [400, 'bad_request', 'A multipart JSON field is not valid JSON (or over 64 KB).'],
  // A path parameter (an id, a token) over Fastify's maxParamLength (100 characters).
  FST_ERR_MAX_PARAM_LENGTH: [414, 'uri_too_long', 'A part of the URL is too long.'],
};

/** Replies of a Redis that is starting, busy or failing over: it answers, but cannot serve yet. */
const REDIS_NOT_SERVING = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|READONLY)\b/;

/**
 * What ioredis and BullMQ throw while Redis is down. The API's connection gives up on a command after one retry
 * (core/queues.ts), so a request fails fast rather than hanging until Redis is back. Bucket failures come already
 * classified from Storage.
 */
function isRedisOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { name, message, code } = error as Error & { code?: string };
  return (
    name === 'MaxRetriesPerRequestError' ||
    name === 'ConnectionClosedError' ||
    message === 'Connection is closed.' ||
    message.startsWith("Stream isn't writeable") ||
    (code !== undefined && NO_ANSWER_CODES.has(code)) ||
    REDIS_NOT_SERVING.test(message) ||
    isRedisOutage(error.cause)
  );
}

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
  /** Ours to look at (a 5xx): logged with the error, while the client gets a sentence without internals. */
  internal?: boolean;
}

const internalError = (): ErrorResponse => ({
  status: 500,
  body: body('internal_error', 'Something went wrong on our side; the error has been logged.'),
  internal: true,
});

/** A service we need is down: every 503 says when to come back. */
const unavailable = (retryAfterSeconds: number, code: string, message: string, details?: unknown): ErrorResponse => ({
  status: 503,
  body: body(code, message, details),
  headers: { 'retry-after': String(retryAfterSeconds) },
  internal: true,
});

/**
 * One error shape for every route: `{error: {code, message, details?}}`. Our errors carry their own status; a 5xx
 * never carries internals, and every 503 says when to come back (Retry-After).
 */
export function toErrorResponse(error: FastifyError): ErrorResponse {
  const answer = (status: number, code: string, message: string, details?: unknown): ErrorResponse => ({
    status,
    body: body(code, message, details),
  });
  if (error instanceof ReelpipeError) {
    if (error.status === 500) return internalError();
    if (error.status === 503) {
      const retryAfter =
        error instanceof ServiceUnavailableError ? error.retryAfterSeconds : DEFAULT_RETRY_AFTER_SECONDS;
      return unavailable(retryAfter, error.code, error.message, error.details);
    }
    const response = answer(error.status, error.code, error.message, error.details);
    if (error instanceof RateLimitedError) response.headers = { 'retry-after': String(error.retryAfterSeconds) };
    return response;
  }
  if (error.validation) {
    const details = error.validation.map((issue) => ({
      field:
        issue.instancePath.replace(/^\//, '').replaceAll('/', '.') ||
        (issue.params as { missingProperty?: string }).missingProperty ||
        '',
      message: issue.message ?? 'is invalid',
    }));
    return answer(400, 'bad_request', `Invalid request: ${error.message}`, details);
  }
  // busboy's own parse errors are plain Errors: a body cut short or without its boundary is the client's doing.
  if (MULTIPART_ERRORS.test(error.message ?? '')) return answer(400, 'bad_request', 'The multipart body is malformed.');
  const known = error.code ? FASTIFY_ERRORS[error.code] : undefined;
  if (known) return answer(known[0], known[1], known[2] ?? error.message);
  if (error.statusCode && error.statusCode < 500) return answer(error.statusCode, 'bad_request', error.message);
  if (isRedisOutage(error)) {
    const message = 'The render queue is unreachable right now; try again shortly.';
    return unavailable(DEFAULT_RETRY_AFTER_SECONDS, 'service_unavailable', message);
  }
  return internalError();
}

/** Sends an error response; a 5xx is logged with its error and its body carries the request id. */
function sendError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const response = toErrorResponse(error);
  if (response.internal) request.log.error({ err: error }, 'request failed');
  const sent = response.status >= 500 ? { error: { ...response.body.error, requestId: request.id } } : response.body;
  return reply
    .status(response.status)
    .header('x-request-id', request.id)
    .headers(response.headers ?? {})
    .send(sent);
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(sendError);
  app.setNotFoundHandler((_request, reply) => reply.status(404).send(body('not_found', 'No such route.')));
}

/** Fastify's `frameworkErrors`: a URL it cannot route (malformed, or a parameter too long) answered in our shape. */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void sendError(error, request, reply);
}

/** onRequest: a URL over MAX_URL_LENGTH that Node's parser let through (it stops at 16 KB of request line). */
export async function refuseLongUrls(request: FastifyRequest): Promise<void> {
  if (request.raw.url && request.raw.url.length > MAX_URL_LENGTH) {
    throw new ReelpipeError(URL_TOO_LONG, 'uri_too_long', { status: 414 });
  }
}

const REQUEST_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Fastify's `genReqId`: the caller's `x-request-id` when well-formed (a proxy's or a client's), else a random one. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomBytes(12).toString('base64url');
}

/** The status, code and message for a request Node's HTTP parser refused before Fastify saw it. */
function clientErrorResponse(error: ConnectionError): [number, string, string] {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return [408, 'request_timeout', 'The request came in too slowly.'];
  if (error.code !== 'HPE_HEADER_OVERFLOW') return [400, 'bad_request', 'The request is malformed.'];
  // Node reports a long request line and long headers alike: the bytes it read tell them apart. They begin with the
  // request line unless a client sent it in small pieces (its long URL then gets 431).
  const raw = Buffer.isBuffer(error.rawPacket) ? error.rawPacket : Buffer.alloc(0);
  const lineEnd = raw.indexOf('\n');
  const requestLine = lineEnd === -1 ? raw.length : lineEnd;
  if (/^[A-Z]+ /.test(raw.subarray(0, 16).toString('latin1')) && requestLine > MAX_URL_LENGTH) {
    return [414, 'uri_too_long', URL_TOO_LONG];
  }
  return [431, 'headers_too_large', 'The request headers are too large.'];
}

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser refused (a request line or headers over 16 KB, bad
 * syntax, too slow) is answered in our shape, then the connection closed, as Node does.
 */
export function answerClientError(error: ConnectionError, socket: Socket, log: FastifyBaseLogger): void {
  // A reset connection has no one left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] = clientErrorResponse(error);
  const id = randomBytes(12).toString('base64url');
  log.info({ reqId: id, code: error.code, status }, 'request refused by the HTTP parser');
  const json = JSON.stringify(body(code, message));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(json)}\r\nx-request-id: ${id}\r\nConnection: close\r\n\r\n${json}`,
    );
  }
  socket.destroy(error);
}
