import { makeCancelSignal, openBrowser, renderMedia, renderStill, selectComposition, type LogLevel } from '@remotion/renderer';
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { getTemplate, posterStillId } from '../compositions/registry';
import type { TemplateMetadata } from '../compositions/template';
import { RenderCancelledError, RenderTimeoutError } from '../core/errors';
import { parseProps } from '../core/templates';
import { resolveBrowser, type BrowserChoice } from './browser';
import { getBundle } from './bundle';
import { gifFromVideo } from './ffmpeg';
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
  /** Where video.mp4, poster.jpg, poster-play.jpg and preview.gif are written (created if missing). */
  outDir: string;
}

export type RenderStage = 'preparing' | 'video' | 'poster' | 'gif' | 'done';

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

export interface RenderOutputs {
  video: string;
  poster: string;
  posterPlay: string;
  gif: string;
}

export interface RenderResult {
  template: string;
  props: Record<string, unknown>;
  metadata: TemplateMetadata;
  outputs: RenderOutputs;
  /** Seconds spent per stage, for logs and benchmarks. */
  timings: { total: number; video: number; poster: number; gif: number };
}

export const OUTPUT_FILES = { video: 'video.mp4', poster: 'poster.jpg', posterPlay: 'poster-play.jpg', gif: 'preview.gif' } as const;

const GIF_WIDTH = 480;
const GIF_FPS = 12;
// Share of the overall progress bar each stage ends at; the video dominates the time.
const STAGE_END = { preparing: 0.05, video: 0.88, poster: 0.94, gif: 0.99 } as const;

/**
 * Turns a template and props into an MP4, two posters and a GIF, keeping one Chromium and one bundle warm
 * across renders. Renders run one at a time per instance (each already uses `concurrency` tabs).
 */
export class Renderer {
  private browser: Browser | null = null;
  private rendersOnBrowser = 0;
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
    this.rendersOnBrowser = 0;
    return this.browser;
  }

  private async closeBrowser(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    await browser?.close({ silent: true }).catch(() => undefined);
  }

  private async renderNow(request: RenderRequest, options: RenderOptions): Promise<RenderResult> {
    if (this.closed) throw new Error('The renderer is closed.');
    const started = performance.now();
    const template = getTemplate(request.template);
    const props = parseProps(template, request.props);
    const metadata = template.metadata(props);
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
    const stopped = () => (timedOut ? new RenderTimeoutError(options.timeoutMs ?? 0) : options.signal?.aborted ? new RenderCancelledError() : null);

    // Outputs are built in a private folder and moved into place at the end, so a retried or concurrent job never
    // sees half-written files under the final names.
    const workDir = join(request.outDir, `.partial-${randomUUID()}`);
    await mkdir(workDir, { recursive: true });
    // The frame encoder's output file is unique to this render: it names the ffmpeg to reap if the render fails.
    let encoderOutput: string | null = null;
    try {
      const browser = await this.openBrowser();
      this.rendersOnBrowser += 1;
      // Remotion replaces a crashed browser using these, even when handed a warm instance.
      const common = {
        serveUrl: this.serveUrl,
        inputProps: props,
        puppeteerInstance: browser,
        browserExecutable: this.chrome.executable,
        chromeMode: this.chrome.chromeMode,
        logLevel: this.options.logLevel,
      };
      const composition = await selectComposition({ ...common, id: template.id });
      report('preparing', STAGE_END.preparing);

      const videoStarted = performance.now();
      const video = join(workDir, OUTPUT_FILES.video);
      await renderMedia({
        ...common,
        composition,
        codec: 'h264',
        pixelFormat: 'yuv420p',
        // Limited-range BT.709: without it the stream is full-range yuvj420p, which some players and email clients mis-show.
        colorSpace: 'bt709',
        imageFormat: 'jpeg',
        jpegQuality: 90,
        x264Preset: 'veryfast',
        crf: 22,
        concurrency: this.options.concurrency,
        outputLocation: video,
        cancelSignal: cancel.cancelSignal,
        ffmpegOverride: ({ type, args }) => {
          if (type === 'pre-stitcher') encoderOutput = args.at(-1) ?? null;
          return args;
        },
        onProgress: ({ progress }) => report('video', STAGE_END.preparing + progress * (STAGE_END.video - STAGE_END.preparing)),
      });
      const videoSeconds = (performance.now() - videoStarted) / 1000;

      const posterStarted = performance.now();
      const poster = join(workDir, OUTPUT_FILES.poster);
      await renderStill({ ...common, composition, frame: metadata.posterFrame, output: poster, imageFormat: 'jpeg', jpegQuality: 85, cancelSignal: cancel.cancelSignal });
      // Same props, so the same size and duration: only the id differs, which saves a second selectComposition.
      const posterComposition = { ...composition, id: posterStillId(template.id) };
      const posterPlay = join(workDir, OUTPUT_FILES.posterPlay);
      await renderStill({ ...common, composition: posterComposition, frame: metadata.posterFrame, output: posterPlay, imageFormat: 'jpeg', jpegQuality: 85, cancelSignal: cancel.cancelSignal });
      report('poster', STAGE_END.poster);
      const posterSeconds = (performance.now() - posterStarted) / 1000;

      const gifStarted = performance.now();
      const gif = join(workDir, OUTPUT_FILES.gif);
      const [first, last] = metadata.previewRange;
      await gifFromVideo(video, gif, {
        startSeconds: first / metadata.fps,
        durationSeconds: (last - first + 1) / metadata.fps,
        width: GIF_WIDTH,
        fps: GIF_FPS,
        signal: abortFfmpeg.signal,
      });
      report('gif', STAGE_END.gif);
      const gifSeconds = (performance.now() - gifStarted) / 1000;

      const outputs = {} as RenderOutputs;
      for (const [key, file] of Object.entries(OUTPUT_FILES) as Array<[keyof RenderOutputs, string]>) {
        outputs[key] = join(request.outDir, file);
        await rename(join(workDir, file), outputs[key]);
      }
      report('done', 1);
      return {
        template: template.id,
        props,
        metadata,
        outputs,
        timings: { total: (performance.now() - started) / 1000, video: videoSeconds, poster: posterSeconds, gif: gifSeconds },
      };
    } catch (error) {
      // A failed or cancelled render can leave the browser in a bad state: start the next one on a fresh browser.
      await this.closeBrowser();
      if (encoderOutput) await killChildProcessesMentioning(encoderOutput);
      throw stopped() ?? error;
    } finally {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', stop);
      await rm(workDir, { recursive: true, force: true });
    }
  }
}
