// A client that keeps using the API while a fault lasts: a status request every second, a new render and a
// readiness check every five. Its answers land in the API client's tally (5xx other than 503 are bugs); renders the
// API accepts meanwhile are followed like any other.
import type { ApiClient } from './api-client';
import { sleep } from './progress-log';
import type { RenderTracker } from './render-tracker';

const TICK_MS = 1_000;
const SUBMIT_EVERY_TICKS = 5;

export class OutageProber {
  private running = false;
  private loop: Promise<void> | null = null;
  submitted = 0;
  accepted = 0;
  readonly readyz = new Map<string, number>();

  constructor(
    private readonly api: ApiClient,
    private readonly tracker: RenderTracker,
    private readonly newProps: () => Record<string, unknown>,
    private readonly maxSubmissions = 12,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    for (let tick = 0; this.running; tick++) {
      const started = Date.now();
      const ids = this.tracker.ids();
      const work: Array<Promise<unknown>> = [];
      if (ids.length) work.push(this.api.render(ids[tick % ids.length]!));
      if (tick % SUBMIT_EVERY_TICKS === 0) {
        work.push(
          this.api.readyz().then((answer) => {
            const key = String(answer.status);
            this.readyz.set(key, (this.readyz.get(key) ?? 0) + 1);
          }),
        );
        if (this.submitted < this.maxSubmissions) {
          this.submitted += 1;
          work.push(
            this.api.submitRender(this.newProps(), { chaos: 'probe' }).then((answer) => {
              if (answer.status === 202 && answer.body?.id) {
                this.accepted += 1;
                this.tracker.add(answer.body.id);
              }
            }),
          );
        }
      }
      await Promise.all(work);
      await sleep(Math.max(0, TICK_MS - (Date.now() - started)));
    }
  }

  /** "probe: 4 submitted, 0 accepted; /readyz 503×5, 200×1" */
  describe(): string {
    const ready = [...this.readyz].map(([status, count]) => `${status}×${count}`).join(', ');
    return `probe: ${this.submitted} submitted, ${this.accepted} accepted; /readyz ${ready || '–'}`;
  }
}
