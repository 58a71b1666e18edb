import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DelayedError, type Job, Worker } from 'bullmq';
import { redisKeys } from '../core/redis-keys';
import type { JobContext } from '../jobs/job-definition';
import { parsePayload } from '../jobs/job-definition';
import { type JobProgress, renderJob } from '../jobs/render';
import { renderSegmentJob } from '../jobs/render-segment';
import { announce, PRESENCE_INTERVAL_MS, withdraw } from '../jobs/worker-presence';
import { Renderer } from '../render/renderer';
import { SegmentCache } from '../render/segment-cache';
import { BucketSegmentStore } from '../render/segment-store';
import { freeDiskBytes, isDiskFull } from './disk-space';

export interface RenderWorkerOptions extends JobContext {
  /**
   * How long a job's lock lasts without renewal; a killed worker's job is taken over after about this plus
   * stalledInterval.
   */
  lockDurationMs?: number;
}

type StopReason = 'cancel' | 'hand-back';

const WATCH_INTERVAL_MS = 1_000;
const DISK_CHECK_INTERVAL_MS = 5_000;
const WORKER_NAME = `${hostname()}:${process.pid}`;

/**
 * The render worker process's side of render jobs: takes them from the shared queue, lends each a warm renderer, and
 * stops one when asked: a cancel (the API's flag), a waiting form render (preemption) or shutdown (hand-back). Safe to
 * run on any number of machines at once.
 */
export class RenderWorker {
  private readonly active = new Map<string, { abort: AbortController; reason: StopReason | null }>();
  private closing = false;
  private waitingForRoom = false;
  private presence: NodeJS.Timeout | null = null;
  private readonly keys: ReturnType<typeof redisKeys>;
  // One warm renderer (browser) per concurrency slot: a Renderer runs one render at a time.
  private readonly idle: Renderer[];

  private constructor(
    private readonly options: RenderWorkerOptions,
    private readonly renderers: Renderer[],
    readonly worker: Worker,
  ) {
    this.idle = [...renderers];
    this.keys = redisKeys(options.config.queuePrefix);
  }

  static async start(options: RenderWorkerOptions): Promise<RenderWorker> {
    const renderers: Renderer[] = [];
    const { config, storage, redis } = options;
    // One cache for all this process's renderers: the bucket is shared by every worker, the disk by this machine's.
    const store = new BucketSegmentStore(storage, redis, redisKeys(config.queuePrefix));
    const cache = new SegmentCache(join(config.dataDir, 'segment-cache'), config.segmentCacheBytes, store);
    const metrics = options.metrics;
    const onSegmentDrawn =
      metrics && ((kind: string, seconds: number) => metrics.segmentSeconds.observe({ kind }, seconds));
    for (let slot = 0; slot < config.workerConcurrency; slot++)
      renderers.push(await Renderer.start({ cache, onSegmentDrawn }));
    const lockDuration = options.lockDurationMs ?? 60_000;
    let self: RenderWorker | undefined;
    const worker = new Worker(renderJob.queue, (job, token) => self!.process(job, token), {
      connection: options.redis,
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
    await self.announce();
    self.presence = setInterval(() => void self?.announce(), PRESENCE_INTERVAL_MS);
    return self;
  }

  /**
   * Stops taking jobs; a running render gets `deadlineMs` to finish, then it is cancelled and handed back to the
   * queue (without using up an attempt) for another worker.
   */
  async close(deadlineMs = 30_000): Promise<void> {
    this.closing = true;
    if (this.presence) clearInterval(this.presence);
    await withdraw(this.options.redis, this.keys, WORKER_NAME).catch(() => undefined);
    const closing = this.worker.close();
    const timer = setTimeout(() => {
      for (const entry of this.active.values()) this.stop(entry, 'hand-back');
    }, deadlineMs);
    await closing;
    clearTimeout(timer);
    await Promise.all(this.renderers.map((renderer) => renderer.close()));
  }

  private stop(entry: { abort: AbortController; reason: StopReason | null }, reason: StopReason): void {
    entry.reason ??= reason;
    entry.abort.abort();
  }

  private async process(job: Job, token?: string): Promise<void> {
    // Segment jobs of a split render share the queue (and its priorities) with whole renders.
    const segments = job.name === renderSegmentJob.name ? parsePayload(renderSegmentJob, job.data) : null;
    const payload = segments ?? parsePayload(renderJob, job.data);
    const form = segments !== null || ('form' in payload && Boolean(payload.form));
    const entry = { abort: new AbortController(), reason: null as StopReason | null };
    this.active.set(job.id!, entry);
    void this.announce();
    const renderer = this.idle.pop()!;
    const watch = setInterval(() => {
      this.checkForStop(job, payload.renderId, !form).then(
        (reason) => reason && this.stop(entry, reason),
        () => undefined,
      );
    }, WATCH_INTERVAL_MS);
    // Shutting down fails the render too (Remotion kills Chromium on SIGTERM): that job goes back as well, and so
    // does one this machine's full disk failed, for a worker with room.
    const stopReason = (error?: unknown) =>
      entry.reason === 'hand-back' || this.closing || isDiskFull(error) ? 'hand-back' : entry.reason;
    const context = { ...this.options, renderer, signal: entry.abort.signal, stopReason, worker: WORKER_NAME };
    try {
      if (await this.lowOnDisk()) throw Object.assign(new Error('No space left on device'), { code: 'ENOSPC' });
      if (segments) await renderSegmentJob.handle(segments, job, context);
      else {
        const render = parsePayload(renderJob, job.data);
        if (render.form) await this.options.redis.srem(this.keys.formWaiting(), render.renderId);
        await renderJob.handle(render, job, context);
      }
    } catch (error) {
      // Give the job back untouched, without using an attempt, to be started again from the queue.
      if (stopReason(error) === 'hand-back' && token) {
        if (entry.reason === 'hand-back')
          console.error(`render ${payload.renderId} handed back to make room for a form render`);
        if (isDiskFull(error)) this.pauseForRoom(payload.renderId);
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
      throw error;
    } finally {
      clearInterval(watch);
      this.idle.push(renderer);
      this.active.delete(job.id!);
      void this.announce();
    }
  }

  /** Whether this machine's disk is too full to render on (a render's files go to the temp and data folders). */
  private async lowOnDisk(): Promise<boolean> {
    const { config } = this.options;
    const free = await freeDiskBytes([tmpdir(), config.dataDir]).catch(() => Number.POSITIVE_INFINITY);
    return free < config.minFreeDiskBytes;
  }

  /**
   * Stops taking renders while the disk is full (each would fail, and a failure uses one of its attempts) and takes
   * them again once there is room; other workers render them meanwhile.
   */
  private pauseForRoom(renderId: string): void {
    if (this.waitingForRoom || this.closing) return;
    this.waitingForRoom = true;
    const needed = Math.round(this.options.config.minFreeDiskBytes / 1024 / 1024);
    console.error(
      `worker ${WORKER_NAME}: the disk is full (render ${renderId} handed back); taking no render until ` +
        `${needed} MB are free (MIN_FREE_DISK_MB)`,
    );
    this.worker.pause(true);
    const check = setInterval(() => {
      void this.lowOnDisk().then((low) => {
        if (low && !this.closing) return;
        clearInterval(check);
        this.waitingForRoom = false;
        if (this.closing) return;
        console.error(`worker ${WORKER_NAME}: there is room on the disk again; taking renders`);
        this.worker.resume();
      });
    }, DISK_CHECK_INTERVAL_MS);
  }

  /** Tells the other workers how busy this one is: a split render offers segments only to idle ones. */
  private async announce(): Promise<void> {
    // A worker shutting down is no helper, however idle it looks.
    if (this.closing) return;
    const { redis, config } = this.options;
    return announce(redis, this.keys, WORKER_NAME, config.workerConcurrency, this.active.size).catch(() => undefined);
  }

  /** Whether a running render should stop: cancelled through the API, or (batch and API renders) a form is waiting. */
  private async checkForStop(job: Job, renderId: string, mayYield: boolean): Promise<StopReason | null> {
    if (await this.options.redis.exists(this.keys.cancelFlag(renderId))) return 'cancel';
    const stage = (job.progress as Partial<JobProgress> | undefined)?.stage;
    if (mayYield && stage !== 'uploading' && stage !== 'done' && (await this.formIsWaiting())) return 'hand-back';
    return null;
  }

  /**
   * A visitor is waiting for a form render that no worker has started: this worker may stop its own (lower-priority)
   * render and hand it back. Only the worker that claims that form render does, and only while it is really queued.
   */
  private async formIsWaiting(): Promise<boolean> {
    const { redis, queues } = this.options;
    const renderId = await redis.srandmember(this.keys.formWaiting());
    if (!renderId) return false;
    const state = await (await queues.renders.getJob(renderId))?.getState();
    if (state !== 'prioritized' && state !== 'waiting' && state !== 'delayed') {
      await redis.srem(this.keys.formWaiting(), renderId);
      return false;
    }
    return (await redis.set(this.keys.preemptClaim(renderId), WORKER_NAME, 'EX', 120, 'NX')) === 'OK';
  }
}
