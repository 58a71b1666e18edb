import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type LogLevel, makeCancelSignal, openBrowser } from '@remotion/renderer';
import type { AnyTemplate } from '../compositions/registry';
import { SCENE_KINDS, type SceneKind } from '../compositions/shared/timeline';
import type { TemplateMetadata } from '../compositions/template';
import { RenderCancelledError, RenderTimeoutError, ServiceUnavailableError } from '../core/errors';
import { mapOutputs, OUTPUT_KINDS, OUTPUTS, type PerOutput } from '../core/render/outputs';
import type { KindCounts, SegmentCounts } from '../core/render/render-record';
import { pieceStarts } from '../core/stream/stream-pieces';
import { getTemplate, parseProps } from '../core/templates';
import { type BrowserChoice, resolveBrowser } from './browser';
import { getBundle } from './bundle';
import { encoderProfile } from './encoder-profile';
import { type PlannedSegment, planSegments } from './plan';
import { type FramesRender, partsComposition, renderFrames, wholeComposition } from './render-frames';
import type { SegmentCache } from './segment-cache';
import { makeStills } from './stills';
import { type Piece, splitRun, stitch } from './stitch';
import { killChildProcessesMentioning } from './stray-processes';
import { StreamPublisher, type StreamSink, type StreamTarget } from './stream-publisher';

type Browser = Awaited<ReturnType<typeof openBrowser>>;

export interface RendererOptions {
  env?: NodeJS.ProcessEnv;
  /** Browser tabs rendering frames in parallel; 2 is fastest on a 2-core machine. */
  concurrency?: number;
  /** Replace the browser after this many renders, before it grows slow or leaky. */
  recycleAfter?: number;
  logLevel?: LogLevel;
  /** Rendered segments to reuse and to keep; without one every segment is rendered each time. */
  cache?: SegmentCache | null;
  /** Told how long each segment it draws took (its share of its run, by frames): the worker's duration metrics. */
  onSegmentDrawn?: (kind: SceneKind, seconds: number) => void;
}

export interface RenderRequest {
  template: string;
  props: unknown;
  /** Where the outputs are written under their `OUTPUTS` file names (created if missing). */
  outDir: string;
  /** Render every frame in one piece, as before segments: the reference a segmented video is checked against. */
  whole?: boolean;
  /** Where the render's HLS stream goes, piece by piece as segments are found or drawn. */
  stream?: StreamSink | null;
  /**
   * Offers segments this render needs (in video order, all but the first it will draw) to other workers; returns
   * those offered. Their files then come from the shared store, rendered by whoever takes them first.
   */
  split?: (segments: PlannedSegment[]) => Promise<PlannedSegment[]>;
  /** Who may share this render's personal segments (see planSegments); everyone when not given, as on the CLI. */
  personalScope?: string;
}

export interface SegmentsRequest {
  template: string;
  props: unknown;
  /** Indexes of the segments to make, in the video's segment plan. */
  segments: number[];
  /** Where temporary files go. */
  outDir: string;
  stream?: StreamSink | null;
  /** The render's personalScope: the same segment keys as the render that offered them. */
  personalScope?: string;
}

export type RenderStage = 'preparing' | 'video' | 'stills' | 'done';

export interface RenderProgress {
  stage: RenderStage;
  /** Overall progress of the whole job, 0 to 1. */
  progress: number;
}

export interface RenderOptions {
  onProgress?: (progress: RenderProgress) => void;
  signal?: AbortSignal;
  /** Stop the render after this long; 0 or missing means no limit. */
  timeoutMs?: number;
}

export interface RenderResult {
  template: string;
  props: Record<string, unknown>;
  metadata: TemplateMetadata;
  /** Absolute paths of the files written into `outDir`. */
  outputs: PerOutput<string>;
  segments: SegmentCounts;
  /** Keys of the segments that show the recipient's own words: removing the render removes them from the bucket. */
  personalSegments: string[];
  /** Seconds spent per step: reusing and rendering segments, joining them with the music, posters and GIF. */
  timings: { total: number; video: number; stitch: number; stills: number };
}

// Where the overall progress stands after each step; rendering frames dominates the time.
const PROGRESS = { prepared: 0.02, framesRendered: 0.88, stitched: 0.9 } as const;
// How often a worker looks whether a segment another worker claimed has arrived.
const CLAIM_POLL_MS = 500;
// How often the claims of segments being rendered are renewed: well within their expiry (segment-store.ts).
const CLAIM_RENEW_MS = 3_000;

/** Renders a composition's frames into one MP4, with IDRs where it will be cut. */
type Draw = (
  composition: FramesRender['composition'],
  keyframesAt: number[],
  output: string,
  onProgress: (progress: number, drawnFrames: number) => void,
  onEncoderOutput?: (file: string) => void,
) => Promise<void>;

// How often the drawing speed is reported to the stream (it decides when a viewer can start safely).
const SPEED_REPORT_MS = 1_000;

/** Waits for the stream's last pieces; a stream that could not be published costs the viewer it, not the render. */
async function flushStream(publisher: StreamPublisher | null, template: string): Promise<void> {
  const failure = await publisher?.flush();
  if (failure) console.error(`${template} render: its stream stopped early (the MP4 is not affected):`, failure);
}

/** Reports to the stream when drawing started and how many frames a second it runs at, at most once a second. */
function drawingSpeed(publisher: StreamPublisher | null): (drawn: number) => void {
  let since: number | null = null;
  let reported = 0;
  return (drawn) => {
    if (!publisher || drawn === 0) return;
    const now = Date.now();
    if (since === null) {
      // The first frame took one frame's time to draw; count from just before it.
      since = now;
      publisher.drawing(since, null);
      reported = now;
    }
    if (now - reported < SPEED_REPORT_MS || drawn < 10) return;
    reported = now;
    publisher.drawing(since, (drawn - 1) / ((now - since) / 1000));
  };
}

const perKind = (): KindCounts => Object.fromEntries(SCENE_KINDS.map((kind) => [kind, 0])) as KindCounts;
const segmentCounts = (framesDelivered: number): SegmentCounts => ({
  reused: perKind(),
  rendered: perKind(),
  helped: perKind(),
  framesRendered: 0,
  framesDelivered,
});

/** What a job on the renderer works with; see `Renderer.run`. */
interface Run {
  workDir: string;
  draw: Draw;
  claimed: Set<string>;
  throwIfStopped: () => void;
  ffmpegSignal: AbortSignal;
}

/**
 * Turns a template and props into an MP4 with music, two posters and a GIF, keeping one Chromium and one bundle warm
 * across renders. A video is planned as segments between hard cuts; segments already rendered (for anyone) come from
 * the cache, and all the missing ones are rendered in one call, cut apart, kept, then everything is joined by stream
 * copy. Renders run one at a time per instance (each already uses `concurrency` tabs).
 */
export class Renderer {
  private browser: Browser | null = null;
  private rendersOnBrowser = 0;
  private launches = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly serveUrl: string,
    private readonly chrome: BrowserChoice,
    private readonly options: Required<Omit<RendererOptions, 'env'>>,
  ) {}

  /** Finds Chromium (failing with one sentence on how to install it), bundles the templates and opens the browser. */
  static async start(options: RendererOptions = {}): Promise<Renderer> {
    const chrome = resolveBrowser(options.env ?? process.env);
    const renderer = new Renderer(await getBundle(), chrome, {
      concurrency: options.concurrency ?? 2,
      recycleAfter: options.recycleAfter ?? 50,
      logLevel: options.logLevel ?? 'error',
      cache: options.cache ?? null,
      onSegmentDrawn: options.onSegmentDrawn ?? (() => undefined),
    });
    await renderer.openBrowser();
    return renderer;
  }

  /** How many times this renderer has started Chromium: once, plus once per recycle or failure. */
  get browserLaunches(): number {
    return this.launches;
  }

  render(request: RenderRequest, options: RenderOptions = {}): Promise<RenderResult> {
    return this.serially(() => this.renderNow(request, options));
  }

  /** Jobs on one renderer run one after another: each already keeps every core busy. */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    await this.closeBrowser();
  }

  private async openBrowser(): Promise<Browser> {
    if (this.browser && this.rendersOnBrowser < this.options.recycleAfter) return this.browser;
    await this.closeBrowser();
    this.browser = await openBrowser('chrome', {
      browserExecutable: this.chrome.executable,
      chromeMode: this.chrome.chromeMode,
      logLevel: this.options.logLevel,
    });
    this.launches += 1;
    this.rendersOnBrowser = 0;
    return this.browser;
  }

  private async closeBrowser(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    await browser?.close({ silent: true }).catch(() => undefined);
  }

  /**
   * Runs one job on this renderer with what every job needs: cancel and timeout, a private work folder, the draw
   * function on the warm browser, claims of the segments it renders (kept alive while it runs, let go at the end).
   */
  private async run<T>(outDir: string, options: RenderOptions, work: (run: Run) => Promise<T>): Promise<T> {
    if (this.closed) throw new ServiceUnavailableError('The renderer is closed.');
    if (options.signal?.aborted) throw new RenderCancelledError();
    const cancel = makeCancelSignal();
    const abortFfmpeg = new AbortController();
    let timedOut = false;
    const stop = () => {
      cancel.cancel();
      abortFfmpeg.abort();
    };
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          stop();
        }, options.timeoutMs)
      : null;
    options.signal?.addEventListener('abort', stop, { once: true });
    const stopped = () => {
      if (timedOut) return new RenderTimeoutError(options.timeoutMs ?? 0);
      return options.signal?.aborted ? new RenderCancelledError() : null;
    };
    // Outputs are built in a private folder and moved into place at the end, so a retried or concurrent job never
    // sees half-written files under the final names.
    const workDir = join(outDir, `.partial-${randomUUID()}`);
    await mkdir(workDir, { recursive: true });
    const encoderOutputs: string[] = [];
    const claimed = new Set<string>();
    const cache = this.options.cache;
    // A claim expires soon unless renewed: a worker killed while rendering a segment frees it within seconds.
    const renewal = setInterval(() => {
      for (const key of claimed) void cache?.renew(key).catch(() => undefined);
    }, CLAIM_RENEW_MS);
    // Frames are drawn by the browser; jobs that reuse every segment never open it.
    const draw: Draw = async (composition, keyframesAt, output, onProgress, onEncoderOutput) => {
      const browser = await this.openBrowser();
      this.rendersOnBrowser += 1;
      await renderFrames({
        serveUrl: this.serveUrl,
        browser,
        chrome: this.chrome,
        composition,
        output,
        keyframesAt,
        concurrency: this.options.concurrency,
        logLevel: this.options.logLevel,
        cancelSignal: cancel.cancelSignal,
        onEncoderOutput: (file) => {
          encoderOutputs.push(file);
          onEncoderOutput?.(file);
        },
        onProgress,
      });
    };
    const throwIfStopped = () => {
      const reason = stopped();
      if (reason) throw reason;
    };
    try {
      return await work({ workDir, draw, claimed, throwIfStopped, ffmpegSignal: abortFfmpeg.signal });
    } catch (error) {
      const reason = stopped();
      // A failure or a timeout can leave the browser in a bad state: the next render starts on a fresh one. A cancel
      // is the caller's choice, not a sign of trouble, and restarting Chromium would cost the next job seconds.
      if (!(reason instanceof RenderCancelledError)) await this.closeBrowser();
      await Promise.all(encoderOutputs.map((file) => killChildProcessesMentioning(file)));
      throw reason ?? error;
    } finally {
      clearInterval(renewal);
      // Claims of segments this job did not finish are let go at once, not after they expire.
      await Promise.all([...claimed].map((key) => cache?.release(key).catch(() => undefined)));
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', stop);
      await rm(workDir, { recursive: true, force: true });
    }
  }

  private async renderNow(request: RenderRequest, options: RenderOptions): Promise<RenderResult> {
    const started = performance.now();
    const template = getTemplate(request.template);
    const props = parseProps(template, request.props);
    const metadata = template.metadata(props);
    const report = (stage: RenderStage, progress: number) => options.onProgress?.({ stage, progress });
    report('preparing', 0);
    return this.run(request.outDir, options, async ({ workDir, draw, claimed, throwIfStopped, ffmpegSignal }) => {
      const files = mapOutputs((kind) => join(workDir, OUTPUTS[kind].file));
      report('preparing', PROGRESS.prepared);
      const videoStarted = performance.now();
      const onFrames = (progress: number) =>
        report('video', PROGRESS.prepared + progress * (PROGRESS.framesRendered - PROGRESS.prepared));

      let pieces: Piece[];
      let personalSegments: string[] = [];
      let publisher: StreamPublisher | null = null;
      const stats = segmentCounts(metadata.durationInFrames);
      if (request.whole) {
        const file = join(workDir, 'whole.mp4');
        await draw(wholeComposition(template, props, metadata), [], file, onFrames);
        pieces = [{ frames: metadata.durationInFrames, file }];
        stats.framesRendered = metadata.durationInFrames;
      } else {
        const profile = encoderProfile(this.chrome, metadata);
        const segments = planSegments(template, props, metadata, profile, request.personalScope);
        personalSegments = segments.filter((segment) => segment.kind === 'personal').map((segment) => segment.key);
        publisher = request.stream ? new StreamPublisher(request.stream, metadata.fps) : null;
        const found = await this.segmentFiles(
          { template, props, metadata, segments, workDir, stats, claimed, throwIfStopped, publisher },
          { split: request.split },
          draw,
          onFrames,
        );
        pieces = segments.map((segment) => ({ frames: segment.durationInFrames, file: found.get(segment.key)! }));
      }
      const videoSeconds = (performance.now() - videoStarted) / 1000;

      throwIfStopped();
      const stitchStarted = performance.now();
      await stitch(pieces, metadata.fps, files.video, ffmpegSignal);
      const stitchSeconds = (performance.now() - stitchStarted) / 1000;

      throwIfStopped();
      report('stills', PROGRESS.stitched);
      const stillsStarted = performance.now();
      await makeStills(files.video, metadata, files, ffmpegSignal);
      const stillsSeconds = (performance.now() - stillsStarted) / 1000;

      throwIfStopped();
      // The stream is complete (its playlist ended) before the render is done, or it could not be and says so.
      await flushStream(publisher, request.template);
      const outputs = mapOutputs((kind) => join(request.outDir, OUTPUTS[kind].file));
      await Promise.all(OUTPUT_KINDS.map((kind) => rename(files[kind], outputs[kind])));
      report('done', 1);
      return {
        template: template.id,
        props,
        metadata,
        outputs,
        segments: stats,
        personalSegments,
        timings: {
          total: (performance.now() - started) / 1000,
          video: videoSeconds,
          stitch: stitchSeconds,
          stills: stillsSeconds,
        },
      };
    });
  }

  /**
   * Renders some segments of a video for the render that split it (another worker, which stitches): each goes to the
   * shared store, personal ones included, and into the render's stream. A segment already stored, or claimed by a
   * worker rendering it now, is left to that; so a repeated or late job costs nothing.
   */
  renderSegments(request: SegmentsRequest, options: RenderOptions = {}): Promise<SegmentCounts> {
    return this.serially(() => this.renderSegmentsNow(request, options));
  }

  private async renderSegmentsNow(request: SegmentsRequest, options: RenderOptions): Promise<SegmentCounts> {
    const template = getTemplate(request.template);
    const props = parseProps(template, request.props);
    const metadata = template.metadata(props);
    const profile = encoderProfile(this.chrome, metadata);
    const segments = planSegments(template, props, metadata, profile, request.personalScope);
    const wanted = new Set(request.segments.map((index) => segments[index]?.key).filter((key) => key !== undefined));
    return this.run(request.outDir, options, async ({ workDir, draw, claimed, throwIfStopped }) => {
      const stats = segmentCounts(0);
      const publisher = request.stream ? new StreamPublisher(request.stream, metadata.fps) : null;
      await this.segmentFiles(
        { template, props, metadata, segments, workDir, stats, claimed, throwIfStopped, publisher },
        { only: wanted },
        draw,
        () => undefined,
      );
      await flushStream(publisher, request.template);
      return stats;
    });
  }

  /**
   * A file for every segment: from the cache where anyone rendered it already, else rendered here. All the segments
   * this worker claims are rendered in one call and cut apart; a segment another worker is rendering at the same
   * moment is waited for, and rendered here only if that worker gives up. A split render offers all but its first
   * missing segment to idle workers and renders the first itself; an offered segment nobody has started by then is
   * rendered here too. With `only`, just those segments are made, and one another worker is rendering is left to it.
   */
  private async segmentFiles(
    job: {
      template: AnyTemplate;
      props: Record<string, unknown>;
      metadata: TemplateMetadata;
      segments: PlannedSegment[];
      workDir: string;
      stats: SegmentCounts;
      claimed: Set<string>;
      throwIfStopped: () => void;
      publisher: StreamPublisher | null;
    },
    mode: { split?: RenderRequest['split']; only?: Set<string> },
    draw: Draw,
    onFrames: (progress: number) => void,
  ): Promise<Map<string, string>> {
    const { template, props, metadata, segments, workDir, stats, claimed, publisher } = job;
    const { only } = mode;
    const found = new Map<string, string>();
    const distinct = [...new Map(segments.map((segment) => [segment.key, segment])).values()].filter(
      (segment) => !only || only.has(segment.key),
    );
    const shared = new Set(only);
    // A personal segment is one recipient's own (a repeat of the same props reuses the whole video instead), so it is
    // neither looked up, claimed nor kept: that would cost an upload per recipient for nothing. Unless the render is
    // split: then the worker that stitches takes it from the store.
    const cacheOf = (segment: PlannedSegment) =>
      segment.kind === 'personal' && !shared.has(segment.key) ? null : this.options.cache;
    const lookUp = async (segment: PlannedSegment) => {
      const file = await cacheOf(segment)?.get(segment.key);
      if (file) found.set(segment.key, file);
      return Boolean(file);
    };
    const reused = await Promise.all(distinct.map(lookUp));
    for (const [index, segment] of distinct.entries()) if (reused[index]) stats.reused[segment.kind] += 1;
    // Where each segment plays in the stream; what is cached goes out at once, the rest as it is drawn or arrives.
    const target = (segment: PlannedSegment): StreamTarget => {
      const at = segments.flatMap((other, index) => (other.key === segment.key ? [index] : []));
      return { segments: at, froms: at.map((index) => segments[index]!.from), frames: segment.durationInFrames };
    };
    const publishing: Promise<void>[] = [];
    const publish = (segment: PlannedSegment) => {
      if (publisher) publishing.push(publisher.publishFile(target(segment), found.get(segment.key)!));
    };
    if (publisher && !only) {
      const plan = segments.map((segment) => ({ frames: segment.durationInFrames, cached: found.has(segment.key) }));
      await publisher.plan({ fps: metadata.fps, segments: plan });
      distinct.filter((segment) => found.has(segment.key)).forEach(publish);
    }
    let missing = distinct.filter((segment) => !found.has(segment.key));
    // Offered to other workers: left alone on the first pass, so this worker starts with the first segment.
    const offered = new Set(
      mode.split && missing.length > 1 ? (await mode.split(missing.slice(1))).map((segment) => segment.key) : [],
    );
    for (const key of offered) shared.add(key);
    // What this worker expects to draw; should it draw an offered segment after all, progress just stays near 1.
    const toRender = missing
      .filter((segment) => !offered.has(segment.key))
      .reduce((sum, segment) => sum + segment.durationInFrames, 0);
    let framesDone = 0;
    let pass = 0;
    while (missing.length) {
      job.throwIfStopped();
      const mine: PlannedSegment[] = [];
      for (const segment of missing) {
        if (pass === 0 && offered.has(segment.key)) continue;
        if (await (cacheOf(segment)?.claim(segment.key) ?? true)) {
          claimed.add(segment.key);
          mine.push(segment);
        }
      }
      if (mine.length) {
        const run = join(workDir, `run-${framesDone}.mp4`);
        const frames = mine.map((segment) => segment.durationInFrames);
        const starts = frames.map((_, index) => frames.slice(0, index).reduce((sum, count) => sum + count, 0));
        const composition = partsComposition(
          template,
          props,
          metadata,
          mine.map((segment) => segment.group),
        );
        const done = framesDone;
        // An IDR where each segment starts (to split the run) and where each of its stream pieces starts.
        const keyframes = mine.flatMap((segment, index) => [
          ...(index ? [starts[index]!] : []),
          ...pieceStarts(segment.durationInFrames, metadata.fps).map((frame) => starts[index]! + frame),
        ]);
        // Stops following the encoder's file (it runs while the frames are drawn).
        const unfollow: Array<() => Promise<void>> = [];
        const speed = drawingSpeed(publisher);
        const runFrames = frames.reduce((sum, count) => sum + count, 0);
        const runStarted = performance.now();
        try {
          await draw(
            composition,
            keyframes,
            run,
            (progress, drawn) => {
              onFrames(Math.min(1, (done + progress * runFrames) / toRender));
              speed(drawn);
            },
            (encoding) => {
              if (publisher) unfollow.push(publisher.follow(encoding, mine.map(target)));
            },
          );
        } finally {
          await Promise.all(unfollow.map((stop) => stop()));
        }
        const pieces = mine.map((segment) => ({
          frames: segment.durationInFrames,
          file: join(workDir, `${segment.key}.mp4`),
        }));
        await splitRun(run, pieces, metadata.fps);
        await rm(run, { force: true });
        const runSeconds = (performance.now() - runStarted) / 1000;
        for (const segment of mine)
          this.options.onSegmentDrawn(segment.kind, (runSeconds * segment.durationInFrames) / runFrames);
        for (const [index, segment] of mine.entries()) {
          const file = pieces[index]!.file;
          const cache = cacheOf(segment);
          found.set(segment.key, cache ? await cache.put(segment.key, file) : file);
          publish(segment);
          await cache?.release(segment.key);
          claimed.delete(segment.key);
          stats.rendered[segment.kind] += 1;
          stats.framesRendered += segment.durationInFrames;
          framesDone += segment.durationInFrames;
        }
      }
      pass += 1;
      missing = missing.filter((segment) => !found.has(segment.key));
      // What another worker is rendering for this split render's stitcher is theirs to finish.
      if (!missing.length || only) break;
      // Another worker is rendering the rest: take each as it arrives, or claim it once that worker lets it go (a
      // claim expires if its worker dies).
      await new Promise((resolve) => setTimeout(resolve, CLAIM_POLL_MS));
      const arrived = await Promise.all(missing.map(lookUp));
      for (const [index, segment] of missing.entries()) {
        if (!arrived[index]) continue;
        // An offered segment was drawn for this render by a helper; anything else is another render's, reused.
        if (offered.has(segment.key)) {
          stats.helped![segment.kind] += 1;
          stats.framesRendered += segment.durationInFrames;
        } else stats.reused[segment.kind] += 1;
        publish(segment);
      }
      missing = missing.filter((segment) => !found.has(segment.key));
    }
    await Promise.all(publishing);
    return found;
  }
}
