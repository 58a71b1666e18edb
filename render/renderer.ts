import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type LogLevel, makeCancelSignal, openBrowser } from '@remotion/renderer';
import type { TemplateMetadata } from '../compositions/template';
import { RenderCancelledError, RenderTimeoutError, ServiceUnavailableError } from '../core/errors';
import { mapOutputs, OUTPUT_KINDS, OUTPUTS, type PerOutput } from '../core/render/outputs';
import { getTemplate, parseProps } from '../core/templates';
import { type BrowserChoice, resolveBrowser } from './browser';
import { getBundle } from './bundle';
import { planRanges } from './plan';
import { renderRange } from './render-range';
import { makeStills } from './stills';
import { type Piece, stitch } from './stitch';
import { killChildProcessesMentioning } from './stray-processes';

type Browser = Awaited<ReturnType<typeof openBrowser>>;

export interface RendererOptions {
  env?: NodeJS.ProcessEnv;
  /** Browser tabs rendering frames in parallel; 2 is fastest on a 2-core machine. */
  concurrency?: number;
  /** Replace the browser after this many renders, before it grows slow or leaky. */
  recycleAfter?: number;
  logLevel?: LogLevel;
}

export interface RenderRequest {
  template: string;
  props: unknown;
  /** Where the outputs are written under their `OUTPUTS` file names (created if missing). */
  outDir: string;
  /** First frames of the pieces after the first, rendered separately and joined without re-encoding. */
  cuts?: readonly number[];
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
  /** Seconds spent per step, for logs and benchmarks: frames to MP4 pieces, joining them, posters and GIF. */
  timings: { total: number; video: number; stitch: number; stills: number };
}

// Where the overall progress stands after each step; rendering frames dominates the time.
const PROGRESS = { prepared: 0.02, framesRendered: 0.88, stitched: 0.9 } as const;

/**
 * Turns a template and props into an MP4, two posters and a GIF, keeping one Chromium and one bundle warm across
 * renders. A render plans its frame ranges, renders each into an MP4 piece, stitches the pieces, then cuts the stills
 * from the finished video. Renders run one at a time per instance (each already uses `concurrency` tabs).
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
    });
    await renderer.openBrowser();
    return renderer;
  }

  /** How many times this renderer has started Chromium: once, plus once per recycle or failure. */
  get browserLaunches(): number {
    return this.launches;
  }

  render(request: RenderRequest, options: RenderOptions = {}): Promise<RenderResult> {
    const run = this.queue.then(() => this.renderNow(request, options));
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

  private async renderNow(request: RenderRequest, options: RenderOptions): Promise<RenderResult> {
    if (this.closed) throw new ServiceUnavailableError('The renderer is closed.');
    const started = performance.now();
    const template = getTemplate(request.template);
    const props = parseProps(template, request.props);
    const metadata = template.metadata(props);
    const ranges = planRanges(metadata.durationInFrames, request.cuts);
    if (options.signal?.aborted) throw new RenderCancelledError();
    const report = (stage: RenderStage, progress: number) => options.onProgress?.({ stage, progress });
    report('preparing', 0);

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
    const throwIfStopped = () => {
      const reason = stopped();
      if (reason) throw reason;
    };

    // Outputs are built in a private folder and moved into place at the end, so a retried or concurrent job never
    // sees half-written files under the final names.
    const workDir = join(request.outDir, `.partial-${randomUUID()}`);
    await mkdir(workDir, { recursive: true });
    const files = mapOutputs((kind) => join(workDir, OUTPUTS[kind].file));
    const encoderOutputs: string[] = [];
    try {
      const browser = await this.openBrowser();
      this.rendersOnBrowser += 1;
      report('preparing', PROGRESS.prepared);

      const videoStarted = performance.now();
      const pieces: Piece[] = ranges.map((range, index) => ({ range, file: join(workDir, `range-${index}.mp4`) }));
      let framesDone = 0;
      for (const piece of pieces) {
        throwIfStopped();
        const frames = piece.range[1] - piece.range[0] + 1;
        await renderRange({
          serveUrl: this.serveUrl,
          browser,
          chrome: this.chrome,
          template,
          props,
          metadata,
          range: piece.range,
          output: piece.file,
          concurrency: this.options.concurrency,
          logLevel: this.options.logLevel,
          cancelSignal: cancel.cancelSignal,
          onEncoderOutput: (file) => encoderOutputs.push(file),
          onProgress: (progress) => {
            const share = (framesDone + progress * frames) / metadata.durationInFrames;
            report('video', PROGRESS.prepared + share * (PROGRESS.framesRendered - PROGRESS.prepared));
          },
        });
        framesDone += frames;
      }
      const videoSeconds = (performance.now() - videoStarted) / 1000;

      throwIfStopped();
      const stitchStarted = performance.now();
      await stitch(pieces, metadata.fps, files.video, abortFfmpeg.signal);
      const stitchSeconds = (performance.now() - stitchStarted) / 1000;

      throwIfStopped();
      report('stills', PROGRESS.stitched);
      const stillsStarted = performance.now();
      await makeStills(files.video, metadata, files, abortFfmpeg.signal);
      const stillsSeconds = (performance.now() - stillsStarted) / 1000;

      throwIfStopped();
      const outputs = mapOutputs((kind) => join(request.outDir, OUTPUTS[kind].file));
      await Promise.all(OUTPUT_KINDS.map((kind) => rename(files[kind], outputs[kind])));
      report('done', 1);
      return {
        template: template.id,
        props,
        metadata,
        outputs,
        timings: {
          total: (performance.now() - started) / 1000,
          video: videoSeconds,
          stitch: stitchSeconds,
          stills: stillsSeconds,
        },
      };
    } catch (error) {
      const reason = stopped();
      // A failure or a timeout can leave the browser in a bad state: the next render starts on a fresh one. A cancel
      // is the caller's choice, not a sign of trouble, and restarting Chromium would cost the next job seconds.
      if (!(reason instanceof RenderCancelledError)) await this.closeBrowser();
      await Promise.all(encoderOutputs.map((file) => killChildProcessesMentioning(file)));
      throw reason ?? error;
    } finally {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', stop);
      await rm(workDir, { recursive: true, force: true });
    }
  }
}
