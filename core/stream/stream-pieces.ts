/**
 * How a segment is cut into HLS pieces: one second each, so the first frames of a video can play as soon as its first
 * second is encoded, and a stream grows in small steps while the rest renders (with a one-second target duration,
 * players look for new pieces every second). A tail under 0.4 s joins the piece before it, which stays under 1.5 s.
 * Every encode has an IDR frame, and a fragment, where each piece starts.
 */
export function pieceFrames(segmentFrames: number, fps: number): number[] {
  const pieces: number[] = [];
  let left = segmentFrames;
  while (left > 0) {
    const take = left < fps * 1.4 ? left : fps;
    pieces.push(take);
    left -= take;
  }
  return pieces;
}

/** Frames (counted from the segment's first) where a piece starts, besides the first. */
export function pieceStarts(segmentFrames: number, fps: number): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const frames of pieceFrames(segmentFrames, fps).slice(0, -1)) {
    at += frames;
    starts.push(at);
  }
  return starts;
}
