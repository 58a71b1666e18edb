import type { Renderer } from '../render/renderer';
import type { JobContext } from './job-definition';

/** What the worker process lends the handler: a warm renderer, and the signal that stops it. */
export interface RenderJobContext extends JobContext {
  renderer: Pick<Renderer, 'render' | 'renderSegments'>;
  signal: AbortSignal;
  /** Why the signal fired: a cancel ends the render for good; a hand-back gives the job back to the queue untouched. */
  stopReason(): 'cancel' | 'hand-back' | null;
  /** host:pid, for the record. */
  worker: string;
}
