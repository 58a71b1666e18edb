import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { propsHash } from './render-record';

export const RENDER_QUEUE = 'renders';
export const RENDER_JOB = 'render';

/** What a render job carries. The worker parses it again: Redis holds whatever was written to it. */
export const renderJobSchema = z.object({
  renderId: z.string().regex(/^r_[A-Za-z0-9_-]{16,64}$/),
  template: z.string().min(1).max(64),
  props: z.record(z.string(), z.unknown()),
  webhookUrl: z.url().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  form: z.string().max(64).optional(),
  createdAt: z.iso.datetime(),
});
export type RenderJobData = z.infer<typeof renderJobSchema>;

/**
 * Render ids double as BullMQ job ids (no ':' and never all digits) and as S3 key prefixes. With an Idempotency-Key the
 * id is derived from the caller and the key, so a repeated request lands on the same job.
 */
export function newRenderId(idempotency?: { apiKey: string; key: string }): string {
  if (!idempotency) return `r_${randomBytes(16).toString('base64url')}`;
  const digest = createHash('sha256').update(idempotency.apiKey).update('\0').update(idempotency.key).digest('base64url');
  return `r_${digest.slice(0, 32)}`;
}

/**
 * A batch row's render id is its content address: the same props for the same template version give the same id in
 * any batch, so a stored video is reused instead of rendered again.
 */
export function contentRenderId(template: string, version: number, props: unknown): string {
  return `r_${Buffer.from(propsHash(`${template}@${version}`, props), 'hex').toString('base64url').slice(0, 32)}`;
}

export const OUTPUT_KINDS = ['video', 'poster', 'posterPlay', 'gif'] as const;
export type OutputKind = (typeof OUTPUT_KINDS)[number];

export const OUTPUT_OBJECTS: Record<OutputKind, { file: string; contentType: string }> = {
  video: { file: 'video.mp4', contentType: 'video/mp4' },
  poster: { file: 'poster.jpg', contentType: 'image/jpeg' },
  posterPlay: { file: 'poster-play.jpg', contentType: 'image/jpeg' },
  gif: { file: 'preview.gif', contentType: 'image/gif' },
};

/** Deterministic keys: a job that runs twice overwrites the same objects. */
export const outputKey = (renderId: string, kind: OutputKind): string => `renders/${renderId}/${OUTPUT_OBJECTS[kind].file}`;
export const recordKey = (renderId: string): string => `renders/${renderId}/record.json`;
/** Written when a form asks for a render that a batch also renders: the batch's worker writes a record without `form`. */
export const formMarkKey = (renderId: string): string => `renders/${renderId}/form.json`;
