// Typed errors shared by the CLI, the renderer and (later) the API, so each can map them to an exit code or HTTP status.

export class ReelpipeError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class BrowserNotFoundError extends ReelpipeError {
  constructor(message: string) {
    super(message, 'browser_not_found');
  }
}

export class UnknownTemplateError extends ReelpipeError {
  constructor(readonly templateId: string, readonly known: readonly string[]) {
    super(`Unknown template "${templateId}". Known templates: ${known.join(', ')}.`, 'unknown_template');
  }
}

export interface PropIssue {
  /** Dotted path of the failing prop, e.g. "interests.2". */
  field: string;
  message: string;
}

export class InvalidPropsError extends ReelpipeError {
  constructor(readonly templateId: string, readonly issues: readonly PropIssue[]) {
    super(
      `Invalid props for template "${templateId}": ${issues.map((i) => `${i.field || '(props)'}: ${i.message}`).join('; ')}`,
      'invalid_props',
    );
  }
}

export class RenderCancelledError extends ReelpipeError {
  constructor() {
    super('The render was cancelled.', 'render_cancelled');
  }
}

export class RenderTimeoutError extends ReelpipeError {
  constructor(readonly timeoutMs: number) {
    super(`The render took longer than ${Math.round(timeoutMs / 1000)} s and was stopped.`, 'render_timeout');
  }
}
