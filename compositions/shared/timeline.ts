import type { ReactNode } from 'react';

/** Frames two neighbouring scenes overlap while one transitions into the other. */
export const TRANSITION_FRAMES = 15;

export interface Scene {
  id: string;
  durationInFrames: number;
  /**
   * True when the scene shows anything that comes from the recipient; shared scenes only see the props listed in the
   * template's `sharedSceneProps`.
   */
  personal: boolean;
  render: () => ReactNode;
}

export interface Segment {
  scene: string;
  from: number;
  durationInFrames: number;
  personal: boolean;
}

/** Inclusive [first, last] frame range, the shape Remotion's `frameRange` takes. */
export type FrameRange = [number, number];

export const layoutScenes = (scenes: readonly Scene[]): Segment[] => {
  let from = 0;
  return scenes.map((scene) => {
    const segment = { scene: scene.id, from, durationInFrames: scene.durationInFrames, personal: scene.personal };
    from += scene.durationInFrames - TRANSITION_FRAMES;
    return segment;
  });
};

export const totalFrames = (scenes: readonly Scene[]): number =>
  scenes.reduce((sum, scene) => sum + scene.durationInFrames, 0) - TRANSITION_FRAMES * Math.max(0, scenes.length - 1);

/**
 * The frames that may differ between two recipients who share the `sharedSceneProps`. A transition's frames show
 * both scenes, so a personal scene's range covers its transitions in and out.
 */
export const personalizedRanges = (scenes: readonly Scene[]): FrameRange[] => {
  const ranges: FrameRange[] = [];
  for (const segment of layoutScenes(scenes)) {
    if (!segment.personal) continue;
    const range: FrameRange = [segment.from, segment.from + segment.durationInFrames - 1];
    const last = ranges[ranges.length - 1];
    if (last && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else ranges.push(range);
  }
  return ranges;
};
