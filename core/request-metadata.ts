import { invalidField } from './errors';

/** A caller's own metadata is echoed in every status answer and webhook: it stays small. */
export const MAX_METADATA_BYTES = 4096;

/** 422 naming `metadata` when a render's or batch's metadata is over MAX_METADATA_BYTES of JSON. */
export function assertMetadataSize(metadata: Record<string, unknown> | undefined): void {
  if (metadata && Buffer.byteLength(JSON.stringify(metadata)) > MAX_METADATA_BYTES) {
    const message = `metadata must be at most ${MAX_METADATA_BYTES} bytes of JSON`;
    throw invalidField('invalid_metadata', 'metadata', message, 'too large');
  }
}
