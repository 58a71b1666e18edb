import { createHash } from 'node:crypto';
import type { SceneKind } from '../../compositions/shared/timeline';
import type { TemplateMetadata } from '../../compositions/template';
import { ReelpipeError } from '../errors';
import type { PerOutput } from './outputs';

/** What was asked for: the same in the job, the record and every copy of either. */
export interface RenderRequestFields {
  /** The tenant that asked for it (FORM_TENANT for a public form's): the only one who may see or change it. */
  tenant: string;
  template: string;
  /** The parsed props, so a render queued before Redis lost its data can be queued again. */
  props: Record<string, unknown>;
  webhookUrl?: string;
  metadata?: Record<string, unknown>;
  /** The public form it came from: only such renders have a public watch page (/w/<id>). */
  form?: string;
  /** The landing page's call to action, where it differs from the template's (per API render, batch or row). */
  cta?: CallToAction;
  /** When its links stop working (answer 410) and its outputs are removed; absent means kept. */
  expiresAt?: string;
}

/** A landing page's button: its text and where it goes. Either may be left to the template. */
export interface CallToAction {
  text?: string;
  url?: string;
}

interface RecordBase extends RenderRequestFields {
  id: string;
  propsHash: string;
  /** Hash of the whole request (props, webhookUrl, metadata) sent with an Idempotency-Key: a repeat must match it. */
  requestHash?: string;
  attempts: number;
  /** host:pid of the worker that finished it. */
  worker?: string;
  createdAt: string;
}

export interface QueuedRecord extends RecordBase {
  status: 'queued';
}

export interface DoneRecord extends RecordBase {
  status: 'done';
  /** Object keys in the bucket. */
  outputs: PerOutput<string>;
  video: Pick<TemplateMetadata, 'durationInFrames' | 'fps' | 'width' | 'height'>;
  timings: { queuedSeconds: number; renderSeconds: number; uploadSeconds: number };
  /** Frames this render drew itself, out of the video's, and its segments reused and rendered by kind. */
  segments?: SegmentCounts;
  /** The MP4's size in bytes (absent from records made before it was kept). */
  videoBytes?: number;
  /** Keys of its segments that show the recipient's words (absent from records made before they were kept). */
  personalSegments?: string[];
  /** Its short link code (core/links/link-token.ts), set when it ends; absent from renders that ended before. */
  link?: string;
  finishedAt: string;
}

/** What a render reused and what it had to render: the numbers behind the batch benchmark and /metrics. */
export type KindCounts = Record<SceneKind, number>;
export interface SegmentCounts {
  reused: KindCounts;
  /** Drawn by the render's own worker. */
  rendered: KindCounts;
  /** Drawn for it by other workers (a split render); absent from records made before splitting. */
  helped?: KindCounts;
  /** Frames drawn for this video, by its worker and its helpers. */
  framesRendered: number;
  framesDelivered: number;
}

/** The kinds of segment counts a render reports, as /metrics labels them. */
export const SEGMENT_RESULTS = ['reused', 'rendered', 'helped'] as const;

export interface StoppedRecord extends RecordBase {
  status: 'failed' | 'cancelled';
  error: { code: string; message: string };
  finishedAt: string;
}

export type EndedRecord = DoneRecord | StoppedRecord;

/**
 * The durable truth about a render, kept in the bucket beside its outputs: written when an API render is queued and by
 * whoever ends it (jobs/queue-render.ts, jobs/end-render.ts), so a finished render survives the loss of Redis.
 */
export type RenderRecord = QueuedRecord | EndedRecord;

/** The same value with object keys sorted at every depth: equal data gives equal JSON, whatever the key order. */
export const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value as Record<string, unknown>)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([k, v]) => [k, canonical(v)]),
        )
      : value;

/** Stable hash of what was rendered: key order does not matter. */
export function propsHash(template: string, props: unknown): string {
  return createHash('sha256')
    .update(template)
    .update('\0')
    .update(JSON.stringify(canonical(props)))
    .digest('hex');
}

export function queuedRecord(
  id: string,
  request: RenderRequestFields,
  extra: { createdAt?: string; requestHash?: string } = {},
): QueuedRecord {
  return {
    id,
    tenant: request.tenant,
    template: request.template,
    status: 'queued',
    propsHash: propsHash(request.template, request.props),
    requestHash: extra.requestHash,
    props: request.props,
    webhookUrl: request.webhookUrl,
    metadata: request.metadata,
    form: request.form,
    cta: request.cta,
    expiresAt: request.expiresAt,
    attempts: 0,
    createdAt: extra.createdAt ?? new Date().toISOString(),
  };
}

export type Outcome =
  | Pick<DoneRecord, 'status' | 'outputs' | 'video' | 'timings' | 'segments' | 'videoBytes' | 'personalSegments'>
  | Pick<StoppedRecord, 'status' | 'error'>;

/** The record of a render that has ended, from the one it had (or the job it was). */
export function endedRecord(
  from: RenderRecord,
  outcome: Outcome,
  by: { attempts?: number; worker?: string } = {},
): EndedRecord {
  // Only the fields of the new status: a retried render's old error does not stick to its success.
  const { status, error, outputs, video, timings, finishedAt, ...base } = from as QueuedRecord &
    Partial<Omit<DoneRecord, 'status'> & Omit<StoppedRecord, 'status'>>;
  const kept = { ...base, attempts: by.attempts ?? from.attempts, worker: by.worker ?? from.worker };
  return { ...kept, ...outcome, finishedAt: new Date().toISOString() } as EndedRecord;
}

/** What a record says about an error: our own errors as they are; anything else stays in the worker's log. */
/** What a failed render says when its own error is not ours to show (it stays in the worker's log). */
export const RENDER_FAILED = { code: 'render_failed', message: 'The render failed after all attempts.' } as const;

export const recordError = (error: unknown): StoppedRecord['error'] =>
  error instanceof ReelpipeError ? { code: error.code, message: error.message } : RENDER_FAILED;

export const CANCELLED = { code: 'render_cancelled', message: 'The render was cancelled.' } as const;
