import { type CancelSignal, type LogLevel, type RenderMediaOptions, renderMedia } from '@remotion/renderer';
import type { AnyTemplate } from '../compositions/registry';
import { partsCompositionId, type TemplateMetadata } from '../compositions/template';
import type { BrowserChoice } from './browser';
import { ENCODER, FRAGMENTED } from './encoder-profile';

type Browser = NonNullable<RenderMediaOptions['puppeteerInstance']>;
type Composition = RenderMediaOptions['composition'];

export interface FramesRender {
  serveUrl: string;
  browser: Browser;
  chrome: BrowserChoice;
  composition: Composition;
  output: string;
  /** Frames (counted from the first one rendered) that must start a new GOP: where the file will be split. */
  keyframesAt: readonly number[];
  concurrency: number;
  logLevel: LogLevel;
  cancelSignal: CancelSignal;
  /** Share of the work done, 0 to 1, and how many frames the browser has drawn. */
  onProgress: (progress: number, drawnFrames: number) => void;
  /** The frame encoder's output file: unique to this call, it names the ffmpeg to reap if the render fails. */
  onEncoderOutput: (file: string) => void;
}

const compositionOf = (id: string, props: Record<string, unknown>, metadata: TemplateMetadata, frames: number) => ({
  id,
  durationInFrames: frames,
  fps: metadata.fps,
  width: metadata.width,
  height: metadata.height,
  // Rendering reads only `props`; the defaults matter to the Studio, which gets them from the Remotion root.
  defaultProps: props,
  props,
  defaultCodec: null,
  defaultOutName: null,
  defaultVideoImageFormat: null,
  defaultPixelFormat: null,
  defaultProResProfile: null,
  defaultSampleRate: null,
});

/** The whole video, built from the template's metadata: no selectComposition tab needed. */
export const wholeComposition = (template: AnyTemplate, props: Record<string, unknown>, metadata: TemplateMetadata) =>
  compositionOf(template.id, props, metadata, metadata.durationInFrames);

/** Some scene groups of the video back to back (the parts composition): all a recipient's missing segments at once. */
export function partsComposition(
  template: AnyTemplate,
  props: Record<string, unknown>,
  metadata: TemplateMetadata,
  groups: readonly number[],
): Composition {
  const frames = groups.reduce((sum, group) => sum + metadata.groups[group]!.durationInFrames, 0);
  return compositionOf(partsCompositionId(template.id), { props, groups: [...groups] }, metadata, frames);
}

/**
 * Renders a composition's frames into one H.264 MP4 on the warm browser, in one renderMedia call (each call costs
 * about a second of set-up). IDR frames are forced where the file will be cut, so every piece starts a closed GOP.
 * The encoder writes fragmented MP4 (`onEncoderOutput` names the file), readable while it grows.
 */
export async function renderFrames(job: FramesRender): Promise<void> {
  const keyframes = job.keyframesAt.length
    ? ['-force_key_frames', `expr:${job.keyframesAt.map((frame) => `eq(n,${frame})`).join('+')}`, '-forced-idr', '1']
    : [];
  await renderMedia({
    serveUrl: job.serveUrl,
    composition: job.composition,
    inputProps: job.composition.props,
    puppeteerInstance: job.browser,
    // Remotion replaces a crashed browser using these, even when handed a warm instance.
    browserExecutable: job.chrome.executable,
    chromeMode: job.chrome.chromeMode,
    logLevel: job.logLevel,
    codec: ENCODER.codec,
    pixelFormat: ENCODER.pixelFormat,
    colorSpace: ENCODER.colorSpace,
    imageFormat: ENCODER.imageFormat,
    jpegQuality: ENCODER.jpegQuality,
    x264Preset: ENCODER.x264Preset,
    crf: ENCODER.crf,
    concurrency: job.concurrency,
    outputLocation: job.output,
    cancelSignal: job.cancelSignal,
    ffmpegOverride: ({ type, args }) => {
      // The pre-stitcher's arguments end with its output path.
      const output = args.at(-1);
      const input = args.indexOf('-i');
      if (type !== 'pre-stitcher' || !output || input < 0) return args;
      job.onEncoderOutput(output);
      return [
        // Left to itself, ffmpeg reads 5 MB of JPEG frames (about 4 s of drawing) to probe its input before encoding.
        ...args.slice(0, input),
        ...['-probesize', '32', '-analyzeduration', '0', '-fpsprobesize', '0'],
        ...args.slice(input, -1),
        ...['-x264-params', ENCODER.x264Params, ...keyframes],
        // A fragment per GOP, written as soon as it is encoded: the stream reads them while the render goes on.
        ...['-movflags', FRAGMENTED, '-flush_packets', '1'],
        output,
      ];
    },
    onProgress: ({ progress, renderedFrames }) => job.onProgress(progress, renderedFrames),
  });
}
