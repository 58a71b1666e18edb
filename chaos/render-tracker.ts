// Follows one scenario's renders through GET /v1/renders/:id and the webhook receiver, and says what became of each:
// done, failed, cancelled, lost (never found, or not final by the deadline), finished twice, or announced twice.
import type { ApiClient, RenderView } from './api-client';
import { say, sleep } from './progress-log';
import { forEachLimit } from './run-pool';
import type { WebhookReceiver } from './webhook-receiver';

export const FINAL = ['done', 'failed', 'cancelled'];
const isFinal = (status: string | null) => status !== null && FINAL.includes(status);

export interface TrackedRender {
  id: string;
  acceptedAt: number;
  /** The status of the last answer (null until one came). */
  status: string | null;
  progress: number;
  everFound: boolean;
  notFound: number;
  finalAt: number | null;
  /** `finishedAt` of the first `done` answer: a later, different one means the render finished twice. */
  doneFinishedAt: string | null;
  doneSeenAt: number | null;
  outputChanged: boolean;
  attempts: number;
  error: string | null;
}

export interface RenderOutcome {
  accepted: number;
  done: number;
  failed: number;
  cancelled: number;
  lost: number;
  lostIds: string[];
  /** Renders that finished twice (a changed `finishedAt`) or were announced with two different outcomes. */
  duplicatedOutputs: number;
  /** Extra deliveries of one (render, event type); the same webhook-id among them is counted too. */
  duplicatedWebhooks: number;
  sameWebhookIdRepeats: number;
  /** Renders in a final state with no webhook for it. */
  missingWebhooks: number;
  badSignatures: number;
  /** "failed: render_failed: …" → how many */
  errors: Map<string, number>;
}

const POLL_LIMIT = 8;

export class RenderTracker {
  readonly renders = new Map<string, TrackedRender>();

  constructor(
    private readonly api: ApiClient,
    private readonly receiver: WebhookReceiver,
  ) {}

  add(id: string): void {
    if (this.renders.has(id)) return;
    this.renders.set(id, {
      id,
      acceptedAt: Date.now(),
      status: null,
      progress: 0,
      everFound: false,
      notFound: 0,
      finalAt: null,
      doneFinishedAt: null,
      doneSeenAt: null,
      outputChanged: false,
      attempts: 0,
      error: null,
    });
  }

  get size(): number {
    return this.renders.size;
  }

  ids(): string[] {
    return [...this.renders.keys()];
  }

  pending(): TrackedRender[] {
    return [...this.renders.values()].filter((render) => !isFinal(render.status));
  }

  private take(render: TrackedRender, view: RenderView): void {
    render.everFound = true;
    render.status = view.status;
    render.progress = view.progress ?? 0;
    render.attempts = view.attempts ?? render.attempts;
    if (isFinal(view.status)) {
      render.finalAt ??= Date.now();
      if (view.error) render.error = `${view.error.code ?? '?'}: ${view.error.message ?? ''}`;
    }
    if (view.status === 'done') {
      if (render.doneFinishedAt === null) {
        render.doneFinishedAt = view.finishedAt ?? '';
        render.doneSeenAt = Date.now();
      } else if ((view.finishedAt ?? '') !== render.doneFinishedAt) render.outputChanged = true;
    }
  }

  /** One GET per render (all of them with `all`, else those not final yet). */
  async pollOnce(all = false): Promise<void> {
    const renders = all ? [...this.renders.values()] : this.pending();
    await forEachLimit(renders, POLL_LIMIT, async (render) => {
      const answer = await this.api.render(render.id);
      if (answer.status === 200 && answer.body) this.take(render, answer.body);
      else if (answer.status === 404) render.notFound += 1;
    });
  }

  /** Statuses at a glance: "done 3, rendering 1, queued 2". */
  describe(): string {
    const counts = new Map<string, number>();
    for (const render of this.renders.values()) {
      const status = render.status ?? (render.notFound ? 'not found' : 'unknown');
      counts.set(status, (counts.get(status) ?? 0) + 1);
    }
    return [...counts].map(([status, count]) => `${status} ${count}`).join(', ') || 'none';
  }

  /**
   * Polls until every render is final or `deadlineAt` passes, with a progress line now and then; `onPoll` runs after
   * each round (a scenario's own checks).
   */
  async waitFinal(deadlineAt: number, label: string, onPoll?: () => Promise<void> | void): Promise<boolean> {
    const every = this.renders.size > 50 ? 2_000 : 1_000;
    let lastLine = 0;
    for (;;) {
      await this.pollOnce();
      await onPoll?.();
      const left = this.pending().length;
      if (!left) return true;
      if (Date.now() >= deadlineAt) {
        say(`${label}: deadline reached with ${left} render(s) not final (${this.describe()})`);
        return false;
      }
      if (Date.now() - lastLine >= 15_000) {
        lastLine = Date.now();
        say(`${label}: ${this.describe()}; ${Math.round((deadlineAt - Date.now()) / 1000)} s to the deadline`);
      }
      await sleep(every);
    }
  }

  /** Waits (up to `graceMs`) until every final render has had its webhook. */
  async waitWebhooks(graceMs: number): Promise<void> {
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline) {
      const missing = [...this.renders.values()].filter(
        (render) =>
          isFinal(render.status) &&
          !this.receiver.about(render.id).some((delivery) => delivery.type === `render.${render.status}`),
      );
      if (!missing.length) return;
      await sleep(500);
    }
  }

  /** The first time, at or after `since`, that a render (of `only`, if given) was seen done (by a GET or webhook). */
  firstDoneAfter(since: number, only?: ReadonlySet<string>): number | null {
    const counted = (id: string) => this.renders.has(id) && (!only || only.has(id));
    const times: number[] = [];
    for (const render of this.renders.values())
      if (render.doneSeenAt !== null && counted(render.id)) times.push(render.doneSeenAt);
    for (const delivery of this.receiver.deliveries)
      if (delivery.type === 'render.done' && counted(delivery.subjectId)) times.push(delivery.at);
    const after = times.filter((at) => at >= since);
    return after.length ? Math.min(...after) : null;
  }

  /**
   * What became of the renders. `lostIds` are the ones not final (or never found) when the scenario's deadline
   * passed: pass `lostAtDeadline` to keep that verdict when counting again later.
   */
  outcome(lostAtDeadline?: ReadonlySet<string>): RenderOutcome {
    const outcome: RenderOutcome = {
      accepted: this.renders.size,
      done: 0,
      failed: 0,
      cancelled: 0,
      lost: 0,
      lostIds: [],
      duplicatedOutputs: 0,
      duplicatedWebhooks: 0,
      sameWebhookIdRepeats: 0,
      missingWebhooks: 0,
      badSignatures: 0,
      errors: new Map(),
    };
    const deliveries = this.receiver.bySubject();
    for (const render of this.renders.values()) {
      const lost = lostAtDeadline ? lostAtDeadline.has(render.id) : !isFinal(render.status);
      if (lost) {
        outcome.lost += 1;
        outcome.lostIds.push(render.id);
      } else if (render.status === 'done') outcome.done += 1;
      else if (render.status === 'failed') outcome.failed += 1;
      else if (render.status === 'cancelled') outcome.cancelled += 1;
      if (render.error && render.status !== 'done') {
        const key = `${render.status}: ${render.error.slice(0, 160)}`;
        outcome.errors.set(key, (outcome.errors.get(key) ?? 0) + 1);
      }
      const mine = (deliveries.get(render.id) ?? []).filter((delivery) => delivery.type.startsWith('render.'));
      const byType = new Map<string, Set<string>>();
      for (const delivery of mine) {
        if (!delivery.signatureOk) outcome.badSignatures += 1;
        const ids = byType.get(delivery.type) ?? new Set<string>();
        if (ids.has(delivery.webhookId)) outcome.sameWebhookIdRepeats += 1;
        ids.add(delivery.webhookId);
        byType.set(delivery.type, ids);
      }
      const perType = new Map<string, number>();
      for (const delivery of mine) perType.set(delivery.type, (perType.get(delivery.type) ?? 0) + 1);
      for (const count of perType.values()) outcome.duplicatedWebhooks += count - 1;
      // Two different outcomes announced (done and failed), or the stored result replaced after it was done.
      if (render.outputChanged || perType.size > 1) outcome.duplicatedOutputs += 1;
      if (isFinal(render.status) && !perType.has(`render.${render.status}`)) outcome.missingWebhooks += 1;
    }
    return outcome;
  }
}
