import type { FastifyError, FastifyInstance } from 'fastify';
import { RateLimitedError, ReelpipeError } from '../../core/errors';

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

const body = (code: string, message: string, details?: unknown): ErrorBody => ({
  error: details === undefined ? { code, message } : { code, message, details },
});

// Fastify's own errors for malformed requests, with the status and code we answer them with.
const FASTIFY_ERRORS: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large'],
  FST_REQ_FILE_TOO_LARGE: [413, 'payload_too_large'],
  FST_FILES_LIMIT: [413, 'payload_too_large'],
  FST_FIELDS_LIMIT: [413, 'payload_too_large'],
  FST_PARTS_LIMIT: [413, 'payload_too_large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'bad_request'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'bad_request'],
};

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

/**
 * One error shape for every route: `{error: {code, message, details?}}`. Our errors carry their own status; a 5xx
 * never carries internals.
 */
export function toErrorResponse(error: FastifyError): ErrorResponse {
  const answer = (status: number, code: string, message: string, details?: unknown): ErrorResponse => ({
    status,
    body: body(code, message, details),
  });
  if (error instanceof ReelpipeError) {
    if (error.status === 500) return internalError();
    const response = answer(error.status, error.code, error.message, error.details);
    if (error instanceof RateLimitedError) response.headers = { 'retry-after': String(error.retryAfterSeconds) };
    return { ...response, internal: error.status >= 500 };
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
  const known = error.code ? FASTIFY_ERRORS[error.code] : undefined;
  if (known) return answer(known[0], known[1], error.message);
  if (error.statusCode && error.statusCode < 500) return answer(error.statusCode, 'bad_request', error.message);
  // The API's Redis connection fails fast (core/queues.ts) while Redis is down.
  if (error.name === 'MaxRetriesPerRequestError') {
    const message = 'The render queue is unreachable right now; try again shortly.';
    return { ...answer(503, 'service_unavailable', message), headers: { 'retry-after': '5' }, internal: true };
  }
  return internalError();
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const response = toErrorResponse(error);
    if (response.internal) request.log.error({ err: error }, 'request failed');
    return reply
      .status(response.status)
      .headers(response.headers ?? {})
      .send(response.body);
  });
  app.setNotFoundHandler((_request, reply) => reply.status(404).send(body('not_found', 'No such route.')));
}
