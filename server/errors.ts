import { ReelpipeError } from '../core/errors';

/** Errors the API answers with a status of their own; core errors are mapped in the error handler. */
export class HttpError extends ReelpipeError {
  constructor(
    readonly statusCode: number,
    code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message, code);
  }
}

export const notFound = (what = 'Not found.') => new HttpError(404, 'not_found', what);
