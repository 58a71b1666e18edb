import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Job, UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { endsRenderForGood, ReelpipeError, RenderCancelledError } from '../core/errors';
import { redisKeys } from '../core/redis-keys';
import { RENDER_ID } from '../core/render/render-ids';
import { endedRecord, type Outcome, queuedRecord, recordError } from '../core/render/render-record';
import { StreamWriter } from '../core/stream/stream-state';
import type { PlannedSegment } from '../render/plan';
import { BucketStream } from '../render/stream-publisher';
import { uploadOutputs } from '../render/upload';
import { endRender } from './end-render';
import { addJob, defineJob } from './job-definition';
import type { RenderJobContext } from './render-job-context';
import { renderSegmentJob } from './render-segment';
import { idleHelpers } from './worker-presence';

/**
 * BullMQ takes lower numbers first. A visitor waiting on a form's video goes before API renders, and both before CRM
 * batches, so a form render starts on the next free worker slot even behind thousands of batch renders.
 */
export const RENDER_PRIORITY = { form: 1, api: 5, batch: 10 } as const;
export type RenderLane = keyof typeof RENDER_PRIORITY;

/** What a worker reports through job.updateProgress, read back by GET /v1/renders/:id. */
export interface JobProgress {
  stage: 'preparing' | 'video' | 'stills' | 'uploading' | 'done';
  progress: number;
}

const PROGRESS_INTERVAL_MS = 1_000;

export const renderJob = defineJob({
  queue: 'renders',
  name: 'render',
  schema: z.object({
    renderId: z.string().regex(RENDER_ID),
    // Optional only for jobs queued before renders had tenants: those are the default tenant's.
    tenant: z.string().min(1).max(80).optional(),
    template: z.string().min(1).max(64),
    props: z.record(z.string(), z.unknown()),
    webhookUrl: z.url().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    form: z.string().max(64).optional(),
    // Checked when it was asked for (core/render/call-to-action.ts); the worker only carries it to the record.
    cta: z.object({ text: z.string().max(200).optional(), url: z.string().max(2048).optional() }).optional(),
    expiresAt: z.iso.datetime().optional(),
    createdAt: z.iso.datetime(),
  }),
  options: {
    // Transient failures (a browser crash, an S3 hiccup) retry with backoff; invalid props fail at once.
    attempts: 3,
    backoff: { type: 'exponential', delay: 5_000 },
    removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  },
  // One per render slot: the worker process sets its own concurrency from WORKER_CONCURRENCY.
  concurrency: 1,
  /** Renders the video and its stills, uploads them under deterministic keys and ends the render. */
  async handle(payload, job, context: RenderJobContext) {
    const started = Date.now();
    const { renderId, createdAt, ...fields } = payload;
    const request = { ...fields, tenant: fields.tenant ?? context.config.defaultTenant };
    // Who may share the render's personal segments: its tenant; a public form's visitors share nothing with each other.
    const personalScope = request.form ? renderId : request.tenant;
    const base = queuedRecord(renderId, request, { createdAt });
    const by = { attempts: job.attemptsMade + 1, worker: context.worker };
    let lastReport = 0;
    const report = async (progress: JobProgress, force = false) => {
      if (!force && Date.now() - lastReport < PROGRESS_INTERVAL_MS) return;
      lastReport = Date.now();
      await job.updateProgress(progress);
    };
    const keys = redisKeys(context.config.queuePrefix);
    const workDir = await mkdtemp(join(tmpdir(), `reelpipe-${renderId}-`));
    try {
      await report({ stage: 'preparing', progress: 0 }, true);
      const result = await context.renderer.render(
        {
          template: request.template,
          props: request.props,
          outDir: workDir,
          stream: new BucketStream(context.storage.quick, new StreamWriter(context.redis, keys, renderId)),
          // A visitor is waiting: idle workers may draw some of the segments at the same time.
          split: request.form
            ? (segments) => offerSegments(context, { ...payload, personalScope }, by.attempts, segments)
            : undefined,
          personalScope,
        },
        {
          signal: context.signal,
          timeoutMs: context.config.renderTimeoutSeconds * 1000,
          onProgress: ({ stage, progress }) => {
            void report({ stage: stage === 'done' ? 'stills' : stage, progress: progress * 0.95 }).catch(
              () => undefined,
            );
          },
        },
      );
      await report({ stage: 'uploading', progress: 0.95 }, true);
      const uploadStarted = Date.now();
      const outputs = await uploadOutputs(context.storage, renderId, result.outputs);
      const { durationInFrames, fps, width, height } = result.metadata;
      const outcome: Outcome = {
        status: 'done',
        outputs,
        video: { durationInFrames, fps, width, height },
        segments: result.segments,
        personalSegments: result.personalSegments,
        videoBytes: (await stat(result.outputs.video)).size,
        timings: {
          queuedSeconds: (started - Date.parse(createdAt)) / 1000,
          renderSeconds: result.timings.total,
          uploadSeconds: (Date.now() - uploadStarted) / 1000,
        },
      };
      // Published before the record says done, so a scrape that follows the render sees its figures.
      const { video, stitch, stills, total } = result.timings;
      await context.metrics?.observeRender({
        queued: outcome.timings.queuedSeconds,
        video,
        stitch,
        stills,
        upload: outcome.timings.uploadSeconds,
        total,
      });
      await endRender(context, endedRecord(base, outcome, by));
      await report({ stage: 'done', progress: 1 }, true);
    } catch (error) {
      if (context.stopReason(error) === 'hand-back') throw error;
      await failRender(job, context, base, by, error);
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  },
});

export type RenderPayload = z.input<typeof renderJob.schema>;

/**
 * Queues the last of `segments` (in video order) as segment jobs on the form lane, one per idle helper; the render's
 * own worker draws the first ones. Returns the segments offered: none when no worker is idle, or when offering
 * fails (splitting only saves time; the render's own worker can draw everything).
 */
async function offerSegments(
  context: RenderJobContext,
  render: Pick<z.output<typeof renderJob.schema>, 'renderId' | 'template' | 'props'> & { personalScope: string },
  attempt: number,
  segments: PlannedSegment[],
): Promise<PlannedSegment[]> {
  try {
    const keys = redisKeys(context.config.queuePrefix);
    const helpers = await idleHelpers(context.redis, keys, context.worker, context.config.splitRenders);
    const offered = helpers > 0 ? segments.slice(-helpers) : [];
    for (const segment of offered) {
      const { renderId, template, props, personalScope } = render;
      await addJob(
        context.queues,
        renderSegmentJob,
        { renderId, template, props, segments: [segment.group], personalScope },
        // Per attempt: a retried render offers its segments again, whatever became of the first offers.
        { jobId: `${renderId}-segment-${segment.group}-attempt-${attempt}`, priority: RENDER_PRIORITY.form },
      );
    }
    return offered;
  } catch (error) {
    console.error(`render ${render.renderId}: could not offer segments to other workers:`, error);
    return [];
  }
}

/**
 * Ends the render as failed or cancelled on its last attempt; throws so BullMQ retries or fails the job. A cancelled
 * render's job completes instead: nothing failed, and the queue pages would otherwise list it among the failures.
 */
async function failRender(
  job: Job,
  context: RenderJobContext,
  base: ReturnType<typeof queuedRecord>,
  by: { attempts: number; worker: string },
  error: unknown,
): Promise<void> {
  const cancelled = error instanceof RenderCancelledError;
  const permanent = endsRenderForGood(error);
  if (permanent || by.attempts >= (job.opts.attempts ?? 1)) {
    if (!(error instanceof ReelpipeError)) console.error(`render ${base.id} failed:`, error);
    const outcome: Outcome = { status: cancelled ? 'cancelled' : 'failed', error: recordError(error) };
    const recorded = await endRender(context, endedRecord(base, outcome, by)).then(
      () => true,
      (endError: unknown) => {
        console.error(`render ${base.id}: could not record its end:`, endError);
        return false;
      },
    );
    // Unrecorded, the job must fail, so the API records the end when it is next asked.
    if (cancelled && recorded) return;
  }
  throw permanent ? new UnrecoverableError((error as Error).message) : error;
}
