// The API as a client sees it, over HTTP, with a tally of every answer: a 5xx other than 503 is a bug (an outage
// must answer 503 with Retry-After), and the times of 2xx answers tell when the API came back.

export interface RenderView {
  id: string;
  status: string;
  progress?: number;
  attempts?: number;
  finishedAt?: string;
  error?: { code?: string; message?: string };
}

export interface Answer<T> {
  /** HTTP status; 0 when nothing answered (connection refused or reset), -1 on our timeout. */
  status: number;
  body: T | null;
  retryAfter: string | null;
  /** Why nothing answered. */
  problem?: string;
}

const REQUEST_TIMEOUT_MS = 15_000;
const SAMPLES = 5;

const label = (status: number) => (status === 0 ? 'no answer' : status === -1 ? 'timeout' : String(status));

export class ApiTally {
  readonly counts = new Map<string, number>();
  /** 5xx answers other than 503: each one is a bug to report. */
  bad5xx = 0;
  /** 503s without a Retry-After header (outside /readyz, whose 503 is the readiness answer itself). */
  noRetryAfter = 0;
  /** Distinct bad answers ("GET /v1/renders/:id → 500 internal_error") and how many of each. */
  readonly samples = new Map<string, number>();
  private readonly okTimes: number[] = [];

  record(method: string, path: string, answer: Answer<unknown>): void {
    const key = label(answer.status);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (answer.status >= 200 && answer.status < 300) this.okTimes.push(Date.now());
    const route = `${method} ${path.replace(/[rb]_[\w-]+/, ':id')}`;
    const sample = (what: string) => {
      const key = `${route} → ${what}`;
      if (this.samples.has(key) || this.samples.size < SAMPLES) this.samples.set(key, (this.samples.get(key) ?? 0) + 1);
    };
    const error = (answer.body as { error?: unknown } | null)?.error;
    const said =
      error && typeof error === 'object' && 'code' in error
        ? `${String(error.code)}: ${String((error as { message?: unknown }).message)}`
        : JSON.stringify(answer.body).slice(0, 120);
    if (answer.status >= 500 && answer.status !== 503) {
      this.bad5xx += 1;
      sample(`${answer.status} ${said}`);
    } else if (answer.status === 503 && !answer.retryAfter && path !== '/readyz') {
      this.noRetryAfter += 1;
      sample(`503 without Retry-After (${said})`);
    }
  }

  /** When the first 2xx answer at or after `since` came, or null. */
  firstOkAfter(since: number): number | null {
    return this.okTimes.find((at) => at >= since) ?? null;
  }

  count(status: string): number {
    return this.counts.get(status) ?? 0;
  }

  /** The distinct bad answers with their counts, for a scenario's notes. */
  describeSamples(): string[] {
    return [...this.samples].map(([sample, count]) => `${count} × ${sample}`);
  }

  /** "200×120, 503×14, no answer×3" */
  summary(): string {
    return [...this.counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, count]) => `${status}×${count}`)
      .join(', ');
  }
}

export class ApiClient {
  tally = new ApiTally();

  constructor(
    readonly baseUrl: string,
    private readonly key: string,
    readonly webhookUrl: string,
  ) {}

  /** A fresh tally for a new scenario. */
  newTally(): ApiTally {
    this.tally = new ApiTally();
    return this.tally;
  }

  async call<T>(method: string, path: string, body?: unknown, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Answer<T>> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.key}` };
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    let answer: Answer<T>;
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: payload,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      let parsed: T | null = null;
      try {
        parsed = text ? (JSON.parse(text) as T) : null;
      } catch {
        parsed = null;
      }
      answer = { status: response.status, body: parsed, retryAfter: response.headers.get('retry-after') };
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      answer = { status: timedOut ? -1 : 0, body: null, retryAfter: null, problem: cause ?? (error as Error).message };
    }
    this.tally.record(method, path, answer);
    return answer;
  }

  /** POST /v1/renders: the welcome template with `props`, its webhook pointed at the suite's receiver. */
  submitRender(props: Record<string, unknown>, metadata?: Record<string, unknown>): Promise<Answer<RenderView>> {
    return this.call<RenderView>('POST', '/v1/renders', {
      template: 'welcome',
      props,
      webhookUrl: this.webhookUrl,
      metadata,
    });
  }

  render(id: string): Promise<Answer<RenderView>> {
    return this.call<RenderView>('GET', `/v1/renders/${id}`);
  }

  cancel(id: string): Promise<Answer<RenderView>> {
    return this.call<RenderView>('DELETE', `/v1/renders/${id}`);
  }

  readyz(): Promise<Answer<unknown>> {
    return this.call('GET', '/readyz', undefined, 5_000);
  }

  /** POST /v1/batches with a CSV file (multipart), welcome's own CRM mapping, and the receiver as webhook. */
  submitCsvBatch(csv: string): Promise<Answer<{ id: string; rows?: { accepted?: number } }>> {
    const form = new FormData();
    form.append('template', 'welcome');
    form.append('webhookUrl', this.webhookUrl);
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'chaos-contacts.csv');
    return this.call('POST', '/v1/batches', form);
  }

  batch(id: string): Promise<Answer<{ status: string; renders?: Record<string, number> }>> {
    return this.call('GET', `/v1/batches/${id}`);
  }

  manifest(id: string): Promise<Answer<Array<Record<string, string>> | { rows?: Array<Record<string, string>> }>> {
    return this.call('GET', `/v1/batches/${id}/manifest.json`);
  }
}
