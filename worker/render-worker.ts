import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import type { Config } from '../core/config';
import { InvalidPropsError, RenderCancelledError, ReelpipeError, UnknownTemplateError } from '../core/errors';
import { cancelFlagKey, formWaitingKey, preemptClaimKey, type Queues } from '../core/queues';
import { OUTPUT_KINDS, OUTPUT_OBJECTS, outputKey, recordKey, renderJobSchema, RENDER_QUEUE, type RenderJobData } from '../core/render/render-ids';
import { BatchProgress } from '../core/batch/batch-progress';
import { propsHash, type RenderRecord } from '../core/render/render-record';
import { recordOutcome } from '../core/render/render-metrics';
import type { Storage } from '../core/storage/storage';
import { enqueueWebhook } from '../core/webhooks/webhook-events';
import { Renderer } from '../render/renderer';

/** What a worker reports through job.updateProgress, read back by GET /v1/renders/:id. */
export interface JobProgress {
  stage: 'preparing' | 'video' | 'poster' | 'gif' | 'uploading' | 'done';
  progress: number;
}

export interface RenderWorkerOptions {
  config: Config;
  storage: Storage;
  connection: Redis;
  queues: Queues;
  /** How long a job's lock lasts without renewal; a killed worker's job is taken over after about this plus stalledInterval. */
  lockDurationMs?: number;
}

const PROGRESS_INTERVAL_MS = 1_000;
const WORKER_NAME = `${hostname()}:${process.pid}`;

/**
 * A worker node: takes render jobs from the shared queue, renders with a warm browser, uploads the outputs under
 * deterministic keys and writes the render record. Safe to run on any number of machines at once.
 */
export class RenderWorker {
  private readonly active = new Map<string, { abort: AbortController; handBack: boolean }>();
  private closing = false;
  private readonly progress: BatchProgress;

  // One warm renderer (browser) per concurrency slot: a Renderer runs one render at a time.
  private readonly idle: Renderer[];

  private constructor(
    private readonly options: RenderWorkerOptions,
    private readonly renderers: Renderer[],
    readonly worker: Worker,
  ) {
    this.idle = [...renderers];
    this.progress = new BatchProgress(options.connection, options.config.queuePrefix, options.queues);
  }

  static async start(options: RenderWorkerOptions): Promise<RenderWorker> {
    const renderers: Renderer[] = [];
    for (let slot = 0; slot < options.config.workerConcurrency; slot++) renderers.push(await Renderer.start());
    const lockDuration = options.lockDurationMs ?? 60_000;
    let self: RenderWorker | undefined;
    const worker = new Worker<RenderJobData>(RENDER_QUEUE, (job, token) => self!.process(job, token), {
      connection: options.connection,
      prefix: options.config.queuePrefix,
      concurrency: options.config.workerConcurrency,
      lockDuration,
      stalledInterval: Math.max(1_000, Math.round(lockDuration / 2)),
      // A render that stalls twice (two workers killed under it) is failed rather than retried forever.
      maxStalledCount: 2,
      name: WORKER_NAME,
      autorun: false,
    });
    self = new RenderWorker(options, renderers, worker);
    worker.on('error', (error) => console.error(`render worker: ${error.message}`));
    void worker.run();
    await worker.waitUntilReady();
    return self;
  }

  /**
   * Stops taking jobs; a running render gets `deadlineMs` to finish, then it is cancelled and handed back to the
   * queue (without using up an attempt) for another worker.
   */
  async close(deadlineMs = 30_000): Promise<void> {
    this.closing = true;
    const closing = this.worker.close();
    const timer = setTimeout(() => {
      for (const entry of this.active.values()) {
        entry.handBack = true;
        entry.abort.abort();
      }
    }, deadlineMs);
    await closing;
    clearTimeout(timer);
    await Promise.all(this.renderers.map((renderer) => renderer.close()));
  }

  private async process(job: Job<RenderJobData>, token?: string): Promise<void> {
    const { storage, config, connection, queues } = this.options;
    const parsed = renderJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`Malformed job data: ${parsed.error.issues[0]?.message}`);
    const data = parsed.data;
    const started = Date.now();
    const entry = { abort: new AbortController(), handBack: false };
    this.active.set(job.id!, entry);
    const renderer = this.idle.pop()!;
    const workDir = await mkdtemp(join(tmpdir(), `reelpipe-${data.renderId}-`));
    let lastReport = 0;
    const report = async (progress: JobProgress, force = false) => {
      if (!force && Date.now() - lastReport < PROGRESS_INTERVAL_MS) return;
      lastReport = Date.now();
      await job.updateProgress(progress);
      if (await connection.exists(cancelFlagKey(config.queuePrefix, data.renderId))) entry.abort.abort();
      else if (!data.form && progress.stage !== 'uploading' && (await this.formIsWaiting())) {
        console.error(`render ${data.renderId} handed back to make room for a form render`);
        entry.handBack = true;
        entry.abort.abort();
      }
    };
    if (data.form) await connection.srem(formWaitingKey(config.queuePrefix), data.renderId);
    try {
      await report({ stage: 'preparing', progress: 0 }, true);
      const result = await renderer.render(
        { template: data.template, props: data.props, outDir: workDir },
        {
          signal: entry.abort.signal,
          timeoutMs: config.renderTimeoutSeconds * 1000,
          onProgress: ({ stage, progress }) => void report({ stage: stage === 'done' ? 'gif' : stage, progress: progress * 0.95 }).catch(() => undefined),
        },
      );
      const renderSeconds = result.timings.total;
      await report({ stage: 'uploading', progress: 0.95 }, true);
      const uploadStarted = Date.now();
      const outputs = {} as Record<(typeof OUTPUT_KINDS)[number], string>;
      for (const kind of OUTPUT_KINDS) {
        outputs[kind] = outputKey(data.renderId, kind);
        await storage.uploadFile(outputs[kind], result.outputs[kind], OUTPUT_OBJECTS[kind].contentType);
      }
      const record: RenderRecord = {
        ...this.baseRecord(data, job),
        status: 'done',
        outputs,
        video: { durationInFrames: result.metadata.durationInFrames, fps: result.metadata.fps, width: result.metadata.width, height: result.metadata.height },
        timings: { queuedSeconds: (started - Date.parse(data.createdAt)) / 1000, renderSeconds, uploadSeconds: (Date.now() - uploadStarted) / 1000 },
        finishedAt: new Date().toISOString(),
      };
      await storage.putJson(recordKey(data.renderId), record);
      await report({ stage: 'done', progress: 1 }, true);
      await recordOutcome(connection, config.queuePrefix, 'done', renderSeconds);
      await this.progress.renderEnded(data.renderId, { status: 'done' });
      await enqueueWebhook(queues, record);
    } catch (error) {
      // Shutting down (Remotion also kills Chromium on SIGTERM, failing the render) or making room for a form render:
      // give the job back untouched, without using an attempt, to be started again from the queue.
      if ((entry.handBack || this.closing) && token) {
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
      const cancelled = error instanceof RenderCancelledError;
      const permanent = cancelled || error instanceof InvalidPropsError || error instanceof UnknownTemplateError;
      const last = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (last) await this.finishUnsuccessfully(job, data, cancelled ? 'cancelled' : 'failed', error);
      throw permanent ? new UnrecoverableError((error as Error).message) : error;
    } finally {
      this.idle.push(renderer);
      this.active.delete(job.id!);
      await rm(workDir, { recursive: true, force: true });
    }
  }

  /**
   * A visitor is waiting for a form render that no worker has started: this worker may stop its own (lower-priority)
   * render and hand it back. Only the worker that claims that form render does, and only while it is really queued.
   */
  private async formIsWaiting(): Promise<boolean> {
    const { connection, config, queues } = this.options;
    const renderId = await connection.srandmember(formWaitingKey(config.queuePrefix));
    if (!renderId) return false;
    const state = await (await queues.renders.getJob(renderId))?.getState();
    if (state !== 'prioritized' && state !== 'waiting' && state !== 'delayed') {
      await connection.srem(formWaitingKey(config.queuePrefix), renderId);
      return false;
    }
    return (await connection.set(preemptClaimKey(config.queuePrefix, renderId), WORKER_NAME, 'EX', 120, 'NX')) === 'OK';
  }

  private baseRecord(data: RenderJobData, job: Job): Omit<RenderRecord, 'status'> {
    return {
      id: data.renderId,
      template: data.template,
      propsHash: propsHash(data.template, data.props),
      props: data.props,
      webhookUrl: data.webhookUrl,
      metadata: data.metadata,
      form: data.form,
      attempts: job.attemptsMade + 1,
      worker: WORKER_NAME,
      createdAt: data.createdAt,
    };
  }

  private async finishUnsuccessfully(job: Job, data: RenderJobData, status: 'failed' | 'cancelled', error: unknown): Promise<void> {
    const { storage, connection, config, queues } = this.options;
    const record: RenderRecord = {
      ...this.baseRecord(data, job),
      status,
      // Internal details stay in the worker's log; the record says what a client can act on.
      error: error instanceof ReelpipeError ? { code: error.code, message: error.message } : { code: 'render_failed', message: 'The render failed after all attempts.' },
      finishedAt: new Date().toISOString(),
    };
    if (!(error instanceof ReelpipeError)) console.error(`render ${data.renderId} failed:`, error);
    await storage.putJson(recordKey(data.renderId), record).catch(() => undefined);
    await recordOutcome(connection, config.queuePrefix, status, 0);
    await this.progress.renderEnded(data.renderId, { status, error: record.error });
    await enqueueWebhook(queues, record);
  }
}
