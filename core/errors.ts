import type { GoneReason } from './render/outputs';

// Typed errors shared by the CLI, the renderer, the workers and the API. Each carries the HTTP status it stands for, so
// services throw what went wrong and only the API's error handler turns it into a response.

/** The statuses an error may ask for; anything else is an internal error (500). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 414 | 415 | 422 | 429 | 500 | 503;

export interface ErrorOptions {
  /** The HTTP status the API answers with; 400 when not given. */
  status?: ErrorStatus;
  /** Machine-readable details for the client, such as the failing fields. */
  details?: unknown;
}

export class ReelpipeError extends Error {
  readonly status: ErrorStatus;
  readonly details?: unknown;

  constructor(
    message: string,
    readonly code: string,
    options: ErrorOptions = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.status = options.status ?? 400;
    this.details = options.details;
  }
}

export const notFound = (message = 'Not found.') => new ReelpipeError(message, 'not_found', { status: 404 });
/** A render that was deleted, erased or whose links expired: its links say so rather than "not found". */
const GONE_BECAUSE: Record<GoneReason, string> = {
  deleted: 'it was deleted',
  expired: 'its link has expired',
  erased: 'it was erased at its recipient’s request',
};
export const gone = (reason: GoneReason) =>
  new ReelpipeError(`This video is no longer available: ${GONE_BECAUSE[reason]}.`, 'gone', {
    status: 410,
    details: { reason },
  });

/** A field-level problem: the field's dotted path and what is wrong with it. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** Bad input in one named field: 422 with that field in the details. */
export const invalidField = (code: string, field: string, message: string, problem = message) =>
  new ReelpipeError(message, code, { status: 422, details: [{ field, message: problem }] });

export class BrowserNotFoundError extends ReelpipeError {
  constructor(message: string) {
    super(message, 'browser_not_found', { status: 503 });
  }
}

/** Seconds a client is told to wait (Retry-After) before trying again when a service we need is down. */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

export class ServiceUnavailableError extends ReelpipeError {
  constructor(
    message: string,
    readonly retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS,
  ) {
    super(message, 'service_unavailable', { status: 503 });
  }
}

/**
 * The bucket gave no usable answer (down, unreachable, timing out, or a 5xx such as 503 SlowDown). The message is for
 * clients and names nothing of the installation; `reason` (and `cause`) is for the logs.
 */
export class StorageUnavailableError extends ServiceUnavailableError {
  constructor(
    readonly reason: string,
    override readonly cause: unknown,
  ) {
    super('The storage bucket is unreachable right now; try again shortly.');
  }
}

export class UnknownTemplateError extends ReelpipeError {
  constructor(
    readonly templateId: string,
    readonly known: readonly string[],
  ) {
    super(`Unknown template "${templateId}". Known templates: ${known.join(', ')}.`, 'unknown_template', {
      status: 404,
      details: { known },
    });
  }
}

export class UnknownFormError extends ReelpipeError {
  constructor(id: string) {
    super(`No form "${id}".`, 'unknown_form', { status: 404 });
  }
}

export type PropIssue = FieldProblem;

const issueText = (i: PropIssue) => `${i.field || '(props)'}: ${i.message}`;

export class InvalidPropsError extends ReelpipeError {
  constructor(
    readonly templateId: string,
    readonly issues: readonly PropIssue[],
  ) {
    super(`Invalid props for template "${templateId}": ${issues.map(issueText).join('; ')}`, 'invalid_props', {
      status: 422,
      details: issues,
    });
  }
}

/** Too many requests: the API adds Retry-After. */
export class RateLimitedError extends ReelpipeError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, 'rate_limited', { status: 429, details: { retryAfterSeconds } });
  }
}

export class RenderCancelledError extends ReelpipeError {
  constructor() {
    super('The render was cancelled.', 'render_cancelled', { status: 409 });
  }
}

export class RenderTimeoutError extends ReelpipeError {
  constructor(readonly timeoutMs: number) {
    super(`The render took longer than ${Math.round(timeoutMs / 1000)} s and was stopped.`, 'render_timeout', {
      status: 500,
    });
  }
}

/** A render no retry can mend: cancelled on purpose, or asked for with props or a template that will never render. */
export const endsRenderForGood = (error: unknown): boolean =>
  error instanceof RenderCancelledError || error instanceof InvalidPropsError || error instanceof UnknownTemplateError;

/** Error codes of a request that got no answer at all: nothing listens, the connection broke, or it timed out. */
export const NO_ANSWER_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
