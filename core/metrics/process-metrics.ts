import { Counter, Histogram, Registry } from 'prom-client';

const STAGE_BUCKETS = [0.5, 1, 2, 5, 10, 20, 30, 45, 60, 90, 120, 300, 600];
const SEGMENT_BUCKETS = [0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60];

/**
 * What one process measures itself, in prom-client's registry: the stages of the renders it ran, the segments it drew,
 * the webhooks it sent. Each process publishes its registry to Redis (metrics-snapshots.ts) and the API's /metrics
 * adds them all up, so one scrape covers every worker on every machine.
 */
export class ProcessMetrics {
  readonly registry = new Registry();

  /** Seconds per stage of a finished render: waiting in the queue, drawing, joining, stills, upload, and in all. */
  readonly renderStageSeconds = new Histogram({
    name: 'reelpipe_render_stage_seconds',
    help: 'Seconds each stage of a finished render took: queued, video (segments), stitch, stills, upload.',
    labelNames: ['stage'] as const,
    buckets: STAGE_BUCKETS,
    registers: [this.registry],
  });

  readonly renderSeconds = new Histogram({
    name: 'reelpipe_render_seconds',
    help: 'Seconds a successful render took in the worker (video, posters and GIF).',
    buckets: STAGE_BUCKETS,
    registers: [this.registry],
  });

  readonly segmentSeconds = new Histogram({
    name: 'reelpipe_segment_seconds',
    help: 'Seconds a drawn segment took (its share of the run it was drawn in), by kind.',
    labelNames: ['kind'] as const,
    buckets: SEGMENT_BUCKETS,
    registers: [this.registry],
  });

  /** Called after a render's figures are in: the publisher sends them at once. */
  onObserved: () => Promise<void> = async () => undefined;

  async observeRender(seconds: {
    queued: number;
    video: number;
    stitch: number;
    stills: number;
    upload: number;
    total: number;
  }): Promise<void> {
    for (const [stage, value] of Object.entries(seconds)) this.renderStageSeconds.observe({ stage }, value);
    this.renderSeconds.observe(seconds.total);
    await this.onObserved();
  }

  async observeWebhook(outcome: 'delivered' | 'failed' | 'gave_up'): Promise<void> {
    this.webhookDeliveries.inc({ outcome });
    await this.onObserved();
  }

  private readonly webhookDeliveries = new Counter({
    name: 'reelpipe_webhook_deliveries_total',
    help: 'Webhook delivery attempts: delivered, failed (retried later) or given up after the last attempt.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
}
