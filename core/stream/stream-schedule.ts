import { type StreamState, timelinePieces } from './stream-state';

// From a piece's last frame drawn to a player having it: the encoder's lookahead (about 15 frames), the upload, the
// player's blocking playlist request and its fetch of the piece. Measured here at about 0.9 s.
const DELIVERY_SECONDS = 1.3;
// Drawing speed varies with the machine's load: plan as if the rest draws this much slower than measured so far.
const SPEED_MARGIN = 0.85;
// Before the worker draws its first frame: the browser tabs open and load the bundle.
const SETUP_SECONDS = 1.2;
// When no worker has measured its speed yet: a cautious guess for this kind of machine.
const DEFAULT_DRAW_FPS = 15;

/**
 * Whether a player that starts the stream now will reach every piece only after it is there: the pieces still to be
 * drawn are drawn in timeline order at the measured speed, cached ones arrive at once. Pessimistic for a video split
 * across several workers, which draw in parallel.
 */
export function safeToStart(state: StreamState): boolean {
  const pieces = timelinePieces(state);
  if (!state.plan || !pieces[0]?.published) return false;
  const fps = state.plan.fps;
  const drawFps = (state.renderFps ?? DEFAULT_DRAW_FPS) * SPEED_MARGIN;
  const setup = state.drawingSince === null ? SETUP_SECONDS : 0;
  let toDraw = 0;
  for (const piece of pieces) {
    if (piece.published) continue;
    if (!piece.cached) toDraw += piece.frames;
    const arrives = (piece.cached ? 0 : setup + toDraw / drawFps) + DELIVERY_SECONDS;
    if (arrives > piece.from / fps) return false;
  }
  return true;
}
