import type { CSSProperties } from 'react';
import { Easing, interpolate } from 'remotion';

/** Frames content takes to arrive after a hard cut, and to leave before the next one. */
export const ARRIVE_FRAMES = 12;
export const LEAVE_FRAMES = 9;

const CLAMP = { extrapolateLeft: 'clamp', extrapolateRight: 'clamp' } as const;

export interface PushOptions {
  /** Frames after the scene starts before this element arrives (to stagger elements). */
  delay?: number;
  /** Frames before the scene ends that this element starts to leave, beyond LEAVE_FRAMES' own. */
  lead?: number;
  /** How far it travels, in px. */
  distance?: number;
  /** false for a scene that enters by a transition, which brings it in already. */
  arrive?: boolean;
  /** false for the last scene of a video, which holds its final frame. */
  leave?: boolean;
}

/**
 * Designed hard cuts: content arrives from the right, decelerating, and leaves to the left, accelerating, over a
 * background that is the same on both sides of the cut. The first and last frames of a scene show only that
 * background, so a cut between two scenes rendered on their own reads as one continuous push to the left.
 */
export function push(frame: number, durationInFrames: number, options: PushOptions = {}): CSSProperties {
  const { delay = 0, lead = 0, distance = 120, leave = true } = options;
  const arrives = options.arrive ?? true;
  const arrive = arrives
    ? interpolate(frame, [delay, delay + ARRIVE_FRAMES], [0, 1], { ...CLAMP, easing: Easing.out(Easing.cubic) })
    : 1;
  // Ends on the scene's last frame, so that frame is background only.
  const end = durationInFrames - 1;
  const depart = leave
    ? interpolate(frame, [end - LEAVE_FRAMES - lead, end - lead], [0, 1], { ...CLAMP, easing: Easing.in(Easing.cubic) })
    : 0;
  const x = (1 - arrive) * distance - depart * distance;
  // Fully gone on the first and the last frame, whatever the easing rounds to.
  const gone = (arrives && frame <= delay) || (leave && frame >= end - lead);
  // Opaque within a few frames of arriving, and until the last few of leaving: the screen is bare only at the cut.
  const opacity = gone ? 0 : Math.min(1, 2 * arrive, 2 * (1 - depart));
  return { opacity, transform: `translateX(${x.toFixed(2)}px)` };
}

/** 0 → 1 over `frames` from `start`, eased out: for things that grow or draw in after a scene begins. */
export const easeIn = (frame: number, start: number, frames: number): number =>
  interpolate(frame, [start, start + frames], [0, 1], { ...CLAMP, easing: Easing.out(Easing.cubic) });

/** 0 → 1 over the last `frames` frames of a scene, eased in: for things that clear the screen before a cut. */
export const easeOut = (frame: number, durationInFrames: number, frames: number): number =>
  interpolate(frame, [durationInFrames - 1 - frames, durationInFrames - 1], [0, 1], {
    ...CLAMP,
    easing: Easing.in(Easing.cubic),
  });
