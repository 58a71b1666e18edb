import { type CancelSignal, type LogLevel, type RenderMediaOptions, renderMedia } from '@remotion/renderer';
import type { AnyTemplate } from '../compositions/registry';
import type { FrameRange } from '../compositions/shared/timeline';
import type { TemplateMetadata } from '../compositions/template';
import type { BrowserChoice } from './browser';

type Browser = NonNullable<RenderMediaOptions['puppeteerInstance']>;

export interface RangeRender {
  serveUrl: string;
  browser: Browser;
  chrome: BrowserChoice;
  template: AnyTemplate;
  props: Record<string, unknown>;
  metadata: TemplateMetadata;
  range: FrameRange;
  output: string;
  concurrency: number;
  logLevel: LogLevel;
  cancelSignal: CancelSignal;
  /** Share of this range's frames done, 0 to 1. */
  onProgress: (progress: number) => void;
  /** The frame encoder's output file: unique to this call, it names the ffmpeg to reap if the render fails. */
  onEncoderOutput: (file: string) => void;
}

/**
 * Every piece is its own encode, so it starts on a keyframe; closed GOPs and identical stream headers (stitchable=1)
 * let pieces join by stream copy. The keyframe interval stays x264's default: a one-second GOP made videos ~46% larger.
 */
const STITCHABLE_X264 = 'stitchable=1:open-gop=0';

/** Remotion's composition for these props, built from the template's own metadata: no selectComposition tab needed. */
export function videoConfig(
  template: AnyTemplate,
  props: Record<string, unknown>,
  metadata: TemplateMetadata,
): RenderMediaOptions['composition'] {
  const { durationInFrames, fps, width, height } = metadata;
  return {
    id: template.id,
    durationInFrames,
    fps,
    width,
    height,
    // Rendering reads only `props`; the defaults matter to the Studio, which gets them from the Remotion root.
    defaultProps: props,
    props,
    defaultCodec: null,
    defaultOutName: null,
    defaultVideoImageFormat: null,
    defaultPixelFormat: null,
    defaultProResProfile: null,
    defaultSampleRate: null,
  };
}

/** Renders the frames of one range into an H.264 MP4 on the warm browser. */
export async function renderRange(job: RangeRender): Promise<void> {
  const { metadata } = job;
  await renderMedia({
    serveUrl: job.serveUrl,
    composition: videoConfig(job.template, job.props, metadata),
    inputProps: job.props,
    frameRange: job.range,
    puppeteerInstance: job.browser,
    // Remotion replaces a crashed browser using these, even when handed a warm instance.
    browserExecutable: job.chrome.executable,
    chromeMode: job.chrome.chromeMode,
    logLevel: job.logLevel,
    codec: 'h264',
    pixelFormat: 'yuv420p',
    // Limited-range BT.709: without it the stream is full-range yuvj420p, which some players and email clients
    // mis-show.
    colorSpace: 'bt709',
    imageFormat: 'jpeg',
    jpegQuality: 90,
    x264Preset: 'veryfast',
    crf: 22,
    concurrency: job.concurrency,
    outputLocation: job.output,
    cancelSignal: job.cancelSignal,
    ffmpegOverride: ({ type, args }) => {
      // The pre-stitcher's arguments end with its output path.
      const output = args.at(-1);
      if (type !== 'pre-stitcher' || !output) return args;
      job.onEncoderOutput(output);
      return [...args.slice(0, -1), '-x264-params', STITCHABLE_X264, output];
    },
    onProgress: ({ progress }) => job.onProgress(progress),
  });
}
