/**
 * The one table of a render's outputs: what each is called on disk and in the bucket, its content type, and its path
 * under a permanent link (`/v/<handle>` itself is the landing page). The renderer writes these files, the worker
 * uploads them, the API links to them. The two an email embeds most are one suffix away (`.mp4`, `.gif`): short links
 * keep the email snippet within a merge field's 255 characters.
 */
export const OUTPUTS = {
  video: { file: 'video.mp4', contentType: 'video/mp4', linkPath: '.mp4' },
  poster: { file: 'poster.jpg', contentType: 'image/jpeg', linkPath: '/poster.jpg' },
  posterPlay: { file: 'poster-play.jpg', contentType: 'image/jpeg', linkPath: '/poster-play.jpg' },
  gif: { file: 'preview.gif', contentType: 'image/gif', linkPath: '/preview.gif' },
  /** The email GIF with the play button on every frame, so it reads as a video wherever it is shown. */
  gifPlay: { file: 'preview-play.gif', contentType: 'image/gif', linkPath: '.gif' },
} as const;

export type OutputKind = keyof typeof OUTPUTS;
export const OUTPUT_KINDS = Object.keys(OUTPUTS) as OutputKind[];

/** Something per output: local file paths, bucket keys, links. */
export type PerOutput<T> = Record<OutputKind, T>;

export const mapOutputs = <T>(each: (kind: OutputKind) => T): PerOutput<T> =>
  Object.fromEntries(OUTPUT_KINDS.map((kind) => [kind, each(kind)])) as PerOutput<T>;

/** Deterministic keys: a job that runs twice overwrites the same objects. */
export const outputKey = (renderId: string, kind: OutputKind): string => `renders/${renderId}/${OUTPUTS[kind].file}`;
export const recordKey = (renderId: string): string => `renders/${renderId}/record.json`;
/** Where a short link code (core/links/link-token.ts `linkCode`) finds its render: `{ id }`. */
export const linkKey = (code: string): string => `links/${code}.json`;

/** Why a render's outputs are gone; its links answer 410 with it. */
export type GoneReason = 'deleted' | 'expired' | 'erased';
/** What is left of a removed render: who owned it, why and when it went (no props, nothing personal). */
export interface GoneRecord {
  id: string;
  tenant: string;
  reason: GoneReason;
  at: string;
}
export const goneKey = (renderId: string): string => `gone/${renderId}.json`;
