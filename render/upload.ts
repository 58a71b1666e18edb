import { mapOutputs, OUTPUT_KINDS, OUTPUTS, outputKey, type PerOutput } from '../core/render/outputs';
import type { Storage } from '../core/storage/storage';

/**
 * Uploads a render's files in parallel under their deterministic keys; answers the keys. With a worker's patient
 * storage each file waits out a bucket outage (read again from disk on every try), so the video is not drawn again.
 */
export async function uploadOutputs(
  storage: Storage,
  renderId: string,
  files: PerOutput<string>,
): Promise<PerOutput<string>> {
  const keys = mapOutputs((kind) => outputKey(renderId, kind));
  await Promise.all(OUTPUT_KINDS.map((kind) => storage.uploadFile(keys[kind], files[kind], OUTPUTS[kind].contentType)));
  return keys;
}
