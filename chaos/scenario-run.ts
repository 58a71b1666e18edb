// What every scenario does around its fault: submit renders, wait for one to be rendering, keep a client probing the
// API through the outage, note when the fault is healed, then wait for every render to end and count.
import type { ApiClient, ApiTally } from './api-client';
import type { ChaosCluster } from './chaos-cluster';
import type { ChaosSettings } from './chaos-settings';
import { OutageProber } from './outage-prober';
import { say, seconds, sleep, waitFor } from './progress-log';
import { RenderTracker, type TrackedRender } from './render-tracker';
import type { ExtraCheck, ScenarioResult } from './report';
import type { WebhookReceiver } from './webhook-receiver';

export interface ScenarioContext {
  cluster: ChaosCluster;
  api: ApiClient;
  receiver: WebhookReceiver;
  settings: ChaosSettings;
}

let contact = 0;
/**
 * Welcome props for a new contact: a name no one had (so its two personal scenes render, a few seconds of work) and
 * English, so every other scene comes from the segment cache the warm-up filled.
 */
export const newContact = (): Record<string, unknown> => {
  contact += 1;
  return { firstName: `Chaos ${contact}`, locale: 'en', accountManager: 'Maria Silva' };
};

/** How long, after the fault is healed, the API has to answer 2xx again before the scenario stops waiting. */
const API_BACK_TIMEOUT_MS = 120_000;
/** After the last render is final, how long its webhook may still take. */
const WEBHOOK_GRACE_MS = 30_000;

export class ScenarioRun {
  readonly tracker: RenderTracker;
  readonly tally: ApiTally;
  readonly notes: string[] = [];
  readonly extras: Array<() => ExtraCheck> = [];
  /** Checks of the scenario's own (a batch) that run once the renders are final. */
  readonly afterFinish: Array<() => Promise<void>> = [];
  readonly prober: OutageProber;
  private readonly started = Date.now();
  faultAt: number | null = null;
  healedAt: number | null = null;
  recoverApiMs: number | null = null;
  lostAtDeadline: ReadonlySet<string> = new Set();
  /** The renders whose completion marks the recovery (the killed worker's render), or null for any render. */
  recoveryRenders: ReadonlySet<string> | null = null;
  finished = false;

  constructor(
    readonly name: string,
    readonly context: ScenarioContext,
  ) {
    this.tally = context.api.newTally();
    this.tracker = new RenderTracker(context.api, context.receiver);
    this.prober = new OutageProber(context.api, this.tracker, newContact);
  }

  note(line: string): void {
    this.notes.push(line);
    say(`[${this.name}] ${line}`);
  }

  /** Submits `count` renders; every 202 is followed. */
  async submit(count: number, props: () => Record<string, unknown> = newContact): Promise<void> {
    const answers = await Promise.all(
      Array.from({ length: count }, () => this.context.api.submitRender(props(), { chaos: this.name })),
    );
    const refused = new Map<string, number>();
    let accepted = 0;
    for (const answer of answers) {
      if (answer.status === 202 && answer.body?.id) {
        this.tracker.add(answer.body.id);
        accepted += 1;
      } else {
        const key = `${answer.status || answer.problem}`;
        refused.set(key, (refused.get(key) ?? 0) + 1);
      }
    }
    const notAccepted = [...refused].map(([status, n]) => `${status}×${n}`).join(', ');
    this.note(`submitted ${count} renders: ${accepted} accepted${notAccepted ? `, not: ${notAccepted}` : ''}`);
  }

  /** Waits for a render that a worker is drawing (status rendering, at least `minProgress` along). */
  async waitRendering(timeoutMs: number, minProgress = 0.05): Promise<TrackedRender | null> {
    const found = await waitFor(
      async () => {
        await this.tracker.pollOnce();
        return (
          this.tracker.pending().find((render) => render.status === 'rendering' && render.progress >= minProgress) ??
          null
        );
      },
      timeoutMs,
      250,
    );
    if (!found) this.note(`no render was seen rendering within ${timeoutMs / 1000} s (${this.tracker.describe()})`);
    return found;
  }

  /** The fault starts now; the prober keeps using the API until it is back. */
  faultNow(description: string, probe = true): void {
    this.faultAt = Date.now();
    if (probe) this.prober.start();
    this.note(`FAULT: ${description} (renders: ${this.tracker.describe()})`);
  }

  /** Waits `ms` while the fault lasts, polling the renders and printing where they are every 15 s. */
  async hold(ms: number, label: string, onPoll?: () => Promise<void>): Promise<void> {
    const until = Date.now() + ms;
    let lastLine = Date.now();
    while (Date.now() < until) {
      await this.tracker.pollOnce();
      await onPoll?.();
      if (Date.now() - lastLine >= 15_000) {
        lastLine = Date.now();
        const left = Math.round((until - Date.now()) / 1000);
        say(
          `[${this.name}] ${label}, ${left} s to go; renders: ${this.tracker.describe()}; API: ${this.tally.summary()}`,
        );
      }
      await sleep(Math.min(1_000, Math.max(0, until - Date.now())));
    }
  }

  /** The fault is healed now: wait for the API to answer 2xx again (that time is the API's recovery). */
  async healedNow(description: string): Promise<void> {
    this.healedAt = Date.now();
    this.note(`HEALED: ${description}`);
    const probeId = this.tracker.ids()[0];
    const back = await waitFor(
      async () => {
        const answer = probeId ? await this.context.api.render(probeId) : await this.context.api.readyz();
        return answer.status >= 200 && answer.status < 300;
      },
      API_BACK_TIMEOUT_MS,
      250,
    );
    const firstOk = this.tally.firstOkAfter(this.healedAt);
    this.recoverApiMs = back && firstOk !== null ? firstOk - this.healedAt : null;
    this.note(
      back
        ? `API answers 2xx again ${seconds(this.recoverApiMs)} after the heal`
        : `API did not answer 2xx within ${API_BACK_TIMEOUT_MS / 1000} s of the heal`,
    );
    await this.prober.stop();
    if (this.prober.submitted) this.note(this.prober.describe());
  }

  /** Waits for every render to end (deadline counted from the heal), then for their webhooks, then looks again. */
  async finish(): Promise<void> {
    this.finished = true;
    await this.prober.stop();
    const from = this.healedAt ?? Date.now();
    await this.tracker.waitFinal(from + this.context.settings.deadlineSeconds * 1000, this.name);
    this.lostAtDeadline = new Set(this.tracker.pending().map((render) => render.id));
    for (const render of this.tracker.pending().slice(0, 5)) {
      const where = render.everFound ? `last seen ${render.status} (attempts ${render.attempts})` : 'never found';
      this.note(`LOST ${render.id}: ${where}, ${render.notFound} × 404`);
    }
    for (const check of this.afterFinish) await check();
    await this.tracker.waitWebhooks(WEBHOOK_GRACE_MS);
    // Once more for every render: a `done` one whose finishedAt changed since was finished twice.
    await this.tracker.pollOnce(true);
  }

  result(error: string | null): ScenarioResult {
    const outcome = this.tracker.outcome(this.lostAtDeadline);
    for (const [message, count] of outcome.errors) this.note(`${count} × ${message}`);
    if (outcome.missingWebhooks) this.note(`${outcome.missingWebhooks} final render(s) without their webhook`);
    if (outcome.sameWebhookIdRepeats)
      this.note(`${outcome.sameWebhookIdRepeats} repeated delivery(ies) with the same webhook-id (retries)`);
    if (outcome.badSignatures) this.note(`${outcome.badSignatures} webhook(s) with a bad signature`);
    for (const sample of this.tally.describeSamples()) this.note(`bad answer: ${sample}`);
    this.note(`API answers during the scenario: ${this.tally.summary()}`);
    const recoverRender =
      this.healedAt === null ? null : this.tracker.firstDoneAfter(this.healedAt, this.recoveryRenders ?? undefined);
    return {
      name: this.name,
      skipped: null,
      error,
      tracker: this.tracker,
      lostAtDeadline: this.lostAtDeadline,
      tally: this.tally,
      recoverApiMs: this.recoverApiMs,
      recoverRenderMs: recoverRender === null || this.healedAt === null ? null : recoverRender - this.healedAt,
      extras: this.extras,
      notes: this.notes,
      unexpectedExits: 0,
      durationMs: Date.now() - this.started,
    };
  }
}

/** Runs one scenario's body; an exception is the scenario's error (reported), and the renders are still counted. */
export async function runScenario(
  name: string,
  context: ScenarioContext,
  body: (run: ScenarioRun) => Promise<void>,
): Promise<ScenarioResult> {
  say(`===== ${name} =====`);
  const run = new ScenarioRun(name, context);
  let error: string | null = null;
  try {
    await body(run);
  } catch (caught) {
    error = (caught as Error).message.split('\n')[0] ?? String(caught);
    say(`[${name}] scenario error: ${(caught as Error).stack ?? caught}`);
    await run.prober.stop();
    // The renders still get their chance: bring the cluster back, then wait for them as usual.
    try {
      await context.cluster.ensureUp();
      if (!run.finished) await run.finish();
    } catch (again) {
      say(`[${name}] could not wait for the renders: ${(again as Error).message}`);
      run.lostAtDeadline = new Set(run.tracker.pending().map((render) => render.id));
    }
  }
  const incidents = context.cluster.takeIncidents();
  for (const incident of incidents) run.note(`incident: ${incident}`);
  return { ...run.result(error), unexpectedExits: incidents.length };
}

export function skipped(name: string, reason: string): ScenarioResult {
  say(`===== ${name} ===== skipped: ${reason}`);
  return {
    name,
    skipped: reason,
    error: null,
    tracker: null,
    lostAtDeadline: new Set(),
    tally: null,
    recoverApiMs: null,
    recoverRenderMs: null,
    extras: [],
    notes: [],
    unexpectedExits: 0,
    durationMs: 0,
  };
}
