import type { FastifyError, FastifyInstance } from 'fastify';
import { InvalidPropsError, ReelpipeError, UnknownTemplateError } from '../../core/errors';
import { CsvFormatError, CsvLimitError } from '../../core/intake/csv-rows';
import { UnknownFormError } from '../../core/intake/form-answers';
import { MappingError } from '../../core/intake/liquid-mapping';
import { WebhookTargetError } from '../../core/webhooks/webhook-target';
import { HttpError } from '../errors';

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

const body = (code: string, message: string, details?: unknown): ErrorBody => ({ error: details === undefined ? { code, message } : { code, message, details } });

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

/** One error shape for every route: `{error: {code, message, details?}}`; a 5xx never carries internals. */
export function toErrorResponse(error: FastifyError): ErrorResponse {
  const answer = (status: number, code: string, message: string, details?: unknown): ErrorResponse => ({ status, body: body(code, message, details) });
  if (error instanceof HttpError) return answer(error.statusCode, error.code, error.message, error.details);
  if (error instanceof InvalidPropsError) return answer(422, error.code, error.message, error.issues);
  if (error instanceof UnknownTemplateError) return answer(404, error.code, error.message, { known: error.known });
  if (error instanceof UnknownFormError) return answer(404, error.code, error.message);
  if (error instanceof MappingError) return answer(422, error.code, error.message, error.problems);
  if (error instanceof CsvLimitError) return answer(413, error.code, error.message);
  if (error instanceof CsvFormatError) return answer(422, error.code, error.message);
  if (error instanceof WebhookTargetError) return answer(422, error.code, error.message, [{ field: 'webhookUrl', message: error.message }]);
  if (error.validation) {
    const details = error.validation.map((issue) => ({ field: issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || (issue.params as { missingProperty?: string }).missingProperty || '', message: issue.message ?? 'is invalid' }));
    return answer(400, 'bad_request', `Invalid request: ${error.message}`, details);
  }
  const known = error.code ? FASTIFY_ERRORS[error.code] : undefined;
  if (known) return answer(known[0], known[1], error.message);
  if (error instanceof ReelpipeError) return answer(400, error.code, error.message);
  if (error.statusCode && error.statusCode < 500) return answer(error.statusCode, 'bad_request', error.message);
  // The API's Redis connection fails fast (core/queues.ts) while Redis is down.
  if (error.name === 'MaxRetriesPerRequestError') {
    return { ...answer(503, 'service_unavailable', 'The render queue is unreachable right now; try again shortly.'), headers: { 'retry-after': '5' }, internal: true };
  }
  return { ...answer(500, 'internal_error', 'Something went wrong on our side; the error has been logged.'), internal: true };
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const response = toErrorResponse(error);
    if (response.internal) request.log.error({ err: error }, 'request failed');
    return reply.status(response.status).headers(response.headers ?? {}).send(response.body);
  });
  app.setNotFoundHandler((_request, reply) => reply.status(404).send(body('not_found', 'No such route.')));
}
