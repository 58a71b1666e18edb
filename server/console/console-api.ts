// The console's calls to the API: the session cookie goes along by itself (same origin); a call that changes
// something carries the session's CSRF token. An error answer becomes an ApiError with the API's code and details.

export interface ErrorDetail {
  field?: string;
  message?: string;
  row?: number;
  column?: string;
  reason?: string;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly details: ErrorDetail[],
  ) {
    super(message);
  }
}

let csrfToken = '';
/** Called once signed in: every later call that changes something sends it. */
export const setCsrfToken = (token: string) => {
  csrfToken = token;
};

/** Called when a call answers 401: the session has ended. */
let onSignedOut: () => void = () => undefined;
export const whenSignedOut = (handler: () => void) => {
  onSignedOut = handler;
};

export async function call<T>(
  path: string,
  {
    method = 'GET',
    json,
    form,
    signal,
  }: { method?: string; json?: unknown; form?: FormData; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  if (json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: form ?? (json === undefined ? undefined : JSON.stringify(json)),
    credentials: 'same-origin',
    signal,
  });
  if (response.status === 204) return undefined as T;
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = body?.error ?? {};
    if (response.status === 401 && path !== '/console/session') onSignedOut();
    throw new ApiError(
      error.message ?? `HTTP ${response.status}`,
      response.status,
      error.code ?? 'error',
      Array.isArray(error.details) ? error.details : [],
    );
  }
  return body as T;
}
