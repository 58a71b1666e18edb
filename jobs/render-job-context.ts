import type { Renderer } from '../render/renderer';
import type { JobContext } from './job-definition';

/** What the worker process lends the handler: a warm renderer, and the signal that stops it. */
export interface RenderJobContext extends JobContext {
  renderer: Pick<Renderer, 'render' | 'renderSegments'>;
  signal: AbortSignal;
  /**
   * Why the render stopped, given the error it stopped with: a cancel ends it for good; a hand-back gives the job back
   * to the queue untouched, without using an attempt.
   */
  stopReason(error?: unknown): 'cancel' | 'hand-back' | null;
  /** host:pid, for the record. */
  worker: string;
}
