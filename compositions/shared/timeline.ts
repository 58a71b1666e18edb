import type { ComponentType } from 'react';

/** Frames two neighbouring scenes overlap while one transitions into the other. */
export const TRANSITION_FRAMES = 15;

/** Inclusive [first, last] frame range, the shape Remotion's `frameRange` takes. */
export type FrameRange = [number, number];

/**
 * What a scene depends on, which decides how often it is rendered: `static` scenes are the same for everyone,
 * `variant` scenes read only small-choice props (a locale, a plan, an industry), `personal` ones read free text.
 */
export type SceneKind = 'static' | 'variant' | 'personal';
export const SCENE_KINDS: readonly SceneKind[] = ['static', 'variant', 'personal'];

/** How a scene begins: a hard cut, or a transition that overlaps the previous scene by TRANSITION_FRAMES. */
export type Entrance = 'cut' | 'slide-up' | 'slide-left' | 'fade' | 'wipe';

/** What a scene shows besides props (which interest, which step): part of its identity, like its props. */
export type SceneParams = Record<string, string | number | boolean>;

/**
 * A scene, defined once at module level. It declares the props it reads, and its component receives exactly those
 * (and its params): a prop it did not declare cannot reach it, so its frames depend on nothing else.
 */
export interface SceneDefinition {
  name: string;
  kind: SceneKind;
  reads: readonly string[];
  durationInFrames: number;
  // biome-ignore lint/suspicious/noExplicitAny: each scene's component takes its own picked props
  component: ComponentType<any>;
}

/**
 * Defines a scene for a template whose props are `P`: `defineScene<WelcomeProps>()({ reads: ['firstName'], … })`.
 * The component is typed by what it reads (and by `Params`), so a scene that uses a prop must declare it.
 */
export const defineScene =
  <P extends Record<string, unknown>>() =>
  <K extends keyof P & string, Params extends SceneParams = Record<never, never>>(definition: {
    name: string;
    kind: SceneKind;
    reads: readonly K[];
    durationInFrames: number;
    component: ComponentType<Pick<P, K> & Params>;
  }): SceneDefinition =>
    definition;

/** One scene in one video: which definition, how it enters, and its params. */
export interface SceneUse {
  scene: SceneDefinition;
  entrance: Entrance;
  params?: SceneParams;
}

export const cue = (scene: SceneDefinition, entrance: Entrance, params?: SceneParams): SceneUse => ({
  scene,
  entrance,
  params,
});

/** A scene placed on the video's timeline. */
export interface ScenePlacement {
  /** Unique in the video: the scene's name and its params. */
  id: string;
  name: string;
  kind: SceneKind;
  reads: readonly string[];
  params: SceneParams;
  entrance: Entrance;
  from: number;
  durationInFrames: number;
}

/**
 * Scenes joined by transitions, cut from their neighbours: the smallest stretch of the video that can be rendered on
 * its own, because nothing of another group is ever on screen with it.
 */
export interface SceneGroup {
  /** Indexes of its scenes in the video. */
  scenes: number[];
  kind: SceneKind;
  from: number;
  durationInFrames: number;
}

const sceneId = (use: SceneUse) =>
  [use.scene.name, ...Object.entries(use.params ?? {}).map(([key, value]) => `${key}=${value}`)].join(':');

export function layoutScenes(uses: readonly SceneUse[]): ScenePlacement[] {
  let from = 0;
  return uses.map((use, index) => {
    // The first scene starts the video: whatever its entrance says, it enters by a cut.
    const entrance = index === 0 ? 'cut' : use.entrance;
    if (index > 0 && entrance !== 'cut') from -= TRANSITION_FRAMES;
    const placement: ScenePlacement = {
      id: sceneId(use),
      name: use.scene.name,
      kind: use.scene.kind,
      reads: use.scene.reads,
      params: use.params ?? {},
      entrance,
      from,
      durationInFrames: use.scene.durationInFrames,
    };
    from += use.scene.durationInFrames;
    return placement;
  });
}

const KIND_ORDER: Record<SceneKind, number> = { static: 0, variant: 1, personal: 2 };

/** Splits the timeline at its hard cuts; a group is as personal as its most personal scene. */
export function groupScenes(placements: readonly ScenePlacement[]): SceneGroup[] {
  const groups: SceneGroup[] = [];
  for (const [index, placement] of placements.entries()) {
    const current = groups.at(-1);
    if (!current || placement.entrance === 'cut') {
      groups.push({ scenes: [index], kind: placement.kind, from: placement.from, durationInFrames: 0 });
    } else {
      current.scenes.push(index);
      if (KIND_ORDER[placement.kind] > KIND_ORDER[current.kind]) current.kind = placement.kind;
    }
    const group = groups.at(-1)!;
    group.durationInFrames = placement.from + placement.durationInFrames - group.from;
  }
  return groups;
}

export const totalFrames = (placements: readonly ScenePlacement[]): number => {
  const last = placements.at(-1);
  return last ? last.from + last.durationInFrames : 0;
};

/** The props a scene receives: those it declared, and its params. */
export const sceneInput = (use: SceneUse, props: Record<string, unknown>): Record<string, unknown> => ({
  ...Object.fromEntries(use.scene.reads.map((key) => [key, props[key]])),
  ...use.params,
});
