import { createElement } from 'react';
import { z } from 'zod';
import { FontGate } from './shared/font-gate';
import type { Locale } from './shared/locale';
import { SceneSeries } from './shared/scene-series';
import { FPS, HEIGHT, WIDTH } from './shared/theme';
import {
  type FrameRange,
  groupScenes,
  layoutScenes,
  type SceneGroup,
  type ScenePlacement,
  type SceneUse,
  totalFrames,
} from './shared/timeline';

/** What a template is: its props contract, its scenes, and the facts the renderer and API need about it. */
export interface TemplateSpec<S extends z.ZodType> {
  id: string;
  /** Bump when the video changes for the same props: stored videos and segments are reused only within one version. */
  version: number;
  title: string;
  description: string;
  schema: S;
  defaultProps: z.input<S>;
  /**
   * The scenes of the video for these props, in order, each with its entrance. Scenes are defined once (see
   * `defineScene`) and see only the props they declare; a hard cut between scenes is where the video may be split
   * into segments that are rendered, cached and reused on their own.
   */
  scenes: (props: z.output<S>) => SceneUse[];
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
  /** What the recipient's landing page and email say around the video, in the video's language. */
  landing: (props: z.output<S>) => LandingCopy;
  /**
   * Two recipients who differ in every prop. The scene-declaration test renders each scene for the first and, with
   * what the scene reads copied from the first, for the second, and expects the same frames: a new template is
   * proven without a test of its own.
   */
  samples?: readonly [z.input<S>, z.input<S>];
}

/** The words around one video: its pages' title and share cards, the greeting above it, its button, its alt text. */
export interface LandingCopy {
  locale: Locale;
  title: string;
  greeting: string;
  /** The landing page's call to action, unless the render brings its own. */
  cta: { text: string; url: string };
  /** The email image's alt text (shown where images are blocked). */
  alt: string;
}

export interface TemplateMetadata {
  durationInFrames: number;
  fps: number;
  width: number;
  height: number;
  /** Every scene on the timeline, with what it reads. */
  scenes: ScenePlacement[];
  /** The stretches between hard cuts: what the renderer renders, caches and joins. */
  groups: SceneGroup[];
  posterFrame: number;
  previewRange: FrameRange;
}

/** Props of the parts composition: some of a video's scene groups, back to back, for one render call. */
export interface PartsProps extends Record<string, unknown> {
  props: Record<string, unknown>;
  /** Indexes into the video's `groups`, in the order to play them. */
  groups: number[];
}

export interface Template<S extends z.ZodType = z.ZodType> extends TemplateSpec<S> {
  /** The whole video. */
  component: React.FC<z.output<S>>;
  /** Chosen scene groups of the video, back to back: frame for frame the same as in the whole video. */
  partsComponent: React.FC<PartsProps>;
  metadata: (props: z.output<S>) => TemplateMetadata;
}

export const partsCompositionId = (templateId: string) => `${templateId}-parts`;

/** Props whose every value is one of a few choices: the only ones a variant scene may read. */
function choiceProps(schema: z.ZodType): Set<string> {
  type Json = { type?: string; enum?: unknown[]; items?: Json; properties?: Record<string, Json> };
  const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as Json;
  const isChoice = (prop: Json): boolean =>
    Boolean(prop.enum) || prop.type === 'boolean' || (prop.type === 'array' && Boolean(prop.items?.enum));
  return new Set(Object.entries(json.properties ?? {}).flatMap(([name, prop]) => (isChoice(prop) ? [name] : [])));
}

/** A declaration that cannot be true fails loudly, the first time the template lays out a video. */
function checkDeclarations(templateId: string, uses: readonly SceneUse[], choices: Set<string>): void {
  for (const { scene } of uses) {
    const where = `template "${templateId}", scene "${scene.name}"`;
    if (scene.kind === 'static' && scene.reads.length) throw new Error(`${where}: a static scene reads no props`);
    const free = scene.reads.filter((prop) => !choices.has(prop));
    if (scene.kind === 'variant' && free.length) {
      throw new Error(`${where}: a variant scene reads only choice props, not ${free.join(', ')}`);
    }
  }
}

export function defineTemplate<S extends z.ZodType>(spec: TemplateSpec<S>): Template<S> {
  const choices = choiceProps(spec.schema);
  const uses = (props: z.output<S>): SceneUse[] => {
    const list = spec.scenes(props);
    checkDeclarations(spec.id, list, choices);
    return list;
  };
  const gate = (props: z.output<S>, children: React.ReactNode) =>
    createElement(FontGate, { text: JSON.stringify(props) + (spec.extraGlyphs?.(props) ?? '') }, children);

  const component: React.FC<z.output<S>> = (props) =>
    gate(
      props,
      createElement(SceneSeries, {
        uses: uses(props),
        props: props as Record<string, unknown>,
        background: spec.background,
      }),
    );
  component.displayName = `Template(${spec.id})`;

  const partsComponent: React.FC<PartsProps> = ({ props: raw, groups }) => {
    const props = spec.schema.parse(raw) as z.output<S>;
    const list = uses(props);
    const layout = groupScenes(layoutScenes(list));
    // Each group starts with a hard cut, so played back to back they are the same frames as in the whole video.
    const chosen = groups.flatMap((index) => layout[index]!.scenes.map((scene) => list[scene]!));
    return gate(
      props,
      createElement(SceneSeries, {
        uses: chosen,
        props: props as Record<string, unknown>,
        background: spec.background,
      }),
    );
  };
  partsComponent.displayName = `TemplateParts(${spec.id})`;

  const metadata = (props: z.output<S>): TemplateMetadata => {
    const scenes = layoutScenes(uses(props));
    return {
      durationInFrames: totalFrames(scenes),
      fps: FPS,
      width: WIDTH,
      height: HEIGHT,
      scenes,
      groups: groupScenes(scenes),
      posterFrame: spec.posterFrame(props),
      previewRange: spec.previewRange(props),
    };
  };
  return { ...spec, component, partsComponent, metadata };
}
