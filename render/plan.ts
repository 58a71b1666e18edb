import type { FrameRange } from '../compositions/shared/timeline';
import { invalidField } from '../core/errors';

/** What is wrong with a cut that follows `previous` (0 for the first cut), or null when it is fine. */
function cutProblem(cut: number, previous: number, durationInFrames: number): string | null {
  if (!Number.isInteger(cut)) return 'is not a whole frame number';
  if (cut <= 0 || cut >= durationInFrames) return `is not strictly inside the video's frames (0, ${durationInFrames})`;
  if (cut <= previous) return `does not come after the previous cut (${previous})`;
  return null;
}

/**
 * Splits a video into the frame ranges rendered as separate pieces: each cut is the first frame of a new piece.
 * No cuts means one piece, the whole video. A cut must fall strictly inside the video and cuts must increase
 * strictly: an empty or reversed piece cannot be encoded, and the joined video must have every frame exactly once.
 */
export function planRanges(durationInFrames: number, cuts: readonly number[] = []): FrameRange[] {
  if (!Number.isInteger(durationInFrames) || durationInFrames < 1) {
    const message = `A video needs a whole, positive number of frames, not ${durationInFrames}.`;
    throw invalidField('invalid_duration', 'durationInFrames', message);
  }
  const ranges: FrameRange[] = [];
  let first = 0;
  for (const [index, cut] of cuts.entries()) {
    const problem = cutProblem(cut, first, durationInFrames);
    if (problem) throw invalidField('invalid_cut', `cuts.${index}`, `Cut ${cut} ${problem}.`, problem);
    ranges.push([first, cut - 1]);
    first = cut;
  }
  ranges.push([first, durationInFrames - 1]);
  return ranges;
}
