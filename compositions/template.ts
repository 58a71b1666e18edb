import { createElement } from 'react';
import type { z } from 'zod';
import { FontGate } from './shared/font-gate';
import { SceneSeries } from './shared/scene-series';
import { FPS, HEIGHT, WIDTH } from './shared/theme';
import {
  type FrameRange,
  layoutScenes,
  personalizedRanges,
  type Scene,
  type Segment,
  totalFrames,
} from './shared/timeline';

/** What a template is: its props contract, its scenes, and the facts the renderer and API need about it. */
export interface TemplateSpec<S extends z.ZodType> {
  id: string;
  /** Bump when the video changes for the same props: stored videos are reused only within one version. */
  version: number;
  title: string;
  description: string;
  schema: S;
  defaultProps: z.input<S>;
  /** Scene list for these props: drives the video, its duration and its personalised ranges alike. */
  scenes: (props: z.output<S>) => Scene[];
  /**
   * The only props shared scenes may read: two recipients equal in these share every frame outside
   * `personalizedRanges`.
   */
  sharedSceneProps: readonly (keyof z.output<S> & string)[];
  background: string;
  /** The frame used for the poster. */
  posterFrame: (props: z.output<S>) => number;
  /** Frames the email GIF preview loops over (about 3 s). */
  previewRange: (props: z.output<S>) => FrameRange;
  /**
   * Liquid expressions a CRM batch uses for each prop when it brings no mapping of its own, tried in order: the first
   * whose columns the file has wins. Column names are matched ignoring case, spaces, dashes and underscores.
   */
  crmMapping?: Partial<Record<keyof z.input<S> & string, readonly string[]>>;
  /** Text the video shows besides the props (emoji icons), so its glyphs are loaded before the first frame. */
  extraGlyphs?: (props: z.output<S>) => string;
  /** The title of a recipient's watch page and its share cards; the template's title when missing. */
  watchTitle?: (props: z.output<S>) => string;
}

export interface TemplateMetadata {
  durationInFrames: number;
  fps: number;
  width: number;
  height: number;
  segments: Segment[];
  personalizedRanges: FrameRange[];
  sharedSceneProps: readonly string[];
  posterFrame: number;
  previewRange: FrameRange;
}

export interface Template<S extends z.ZodType = z.ZodType> extends TemplateSpec<S> {
  component: React.FC<z.output<S>>;
  metadata: (props: z.output<S>) => TemplateMetadata;
}

export function defineTemplate<S extends z.ZodType>(spec: TemplateSpec<S>): Template<S> {
  const component: React.FC<z.output<S>> = (props) =>
    createElement(
      FontGate,
      { text: JSON.stringify(props) + (spec.extraGlyphs?.(props) ?? '') },
      createElement(SceneSeries, { scenes: spec.scenes(props), background: spec.background }),
    );
  component.displayName = `Template(${spec.id})`;
  const metadata = (props: z.output<S>): TemplateMetadata => {
    const scenes = spec.scenes(props);
    return {
      durationInFrames: totalFrames(scenes),
      fps: FPS,
      width: WIDTH,
      height: HEIGHT,
      segments: layoutScenes(scenes),
      personalizedRanges: personalizedRanges(scenes),
      sharedSceneProps: spec.sharedSceneProps,
      posterFrame: spec.posterFrame(props),
      previewRange: spec.previewRange(props),
    };
  };
  return { ...spec, component, metadata };
}
