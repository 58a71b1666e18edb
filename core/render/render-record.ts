import { createHash } from 'node:crypto';
import type { TemplateMetadata } from '../../compositions/template';
import type { OutputKind } from './render-ids';

export type RenderStatus = 'queued' | 'rendering' | 'uploading' | 'done' | 'failed' | 'cancelled';
export const FINAL_STATUSES: readonly RenderStatus[] = ['done', 'failed', 'cancelled'];

/**
 * The durable truth about a render, kept in the bucket beside its outputs: the API writes it when the job is queued,
 * the worker when it ends, so a finished render survives the loss of Redis.
 */
export interface RenderRecord {
  id: string;
  template: string;
  status: RenderStatus;
  propsHash: string;
  /** Hash of the whole request (props, webhookUrl, metadata) sent with an Idempotency-Key: a repeat must match it. */
  requestHash?: string;
  /** The parsed props, so a render queued before Redis lost its data can be queued again. */
  props: Record<string, unknown>;
  webhookUrl?: string;
  metadata?: Record<string, unknown>;
  /** The public form it came from: only such renders have a public watch page (/w/<id>). */
  form?: string;
  attempts: number;
  /** host:pid of the worker that finished it. */
  worker?: string;
  error?: { code: string; message: string };
  /** Object keys in the bucket. */
  outputs?: Record<OutputKind, string>;
  video?: Pick<TemplateMetadata, 'durationInFrames' | 'fps' | 'width' | 'height'>;
  timings?: { queuedSeconds: number; renderSeconds: number; uploadSeconds: number };
  createdAt: string;
  finishedAt?: string;
}

/** Stable hash of what was rendered: key order does not matter. */
export function propsHash(template: string, props: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, canonical(v)]))
        : value;
  return createHash('sha256').update(template).update('\0').update(JSON.stringify(canonical(props))).digest('hex');
}
