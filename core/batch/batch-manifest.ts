import { Readable } from 'node:stream';
import type { Config } from '../config';
import { permanentLink } from '../links/link-token';
import type { Storage } from '../storage/storage';
import type { BatchProgress } from './batch-progress';
import { type BatchRecord, batchRowsKey } from './batch-record';
import { manifestCsv, manifestJson, manifestRows, readBatchRows } from './manifest';

/** A batch's manifest, streamed from its stored rows and the renders' current states. */
export async function batchManifest(
  storage: Storage,
  progress: BatchProgress,
  config: Config,
  record: BatchRecord,
  format: 'csv' | 'json',
): Promise<AsyncGenerator<string>> {
  const body = (await storage.getStream(batchRowsKey(record.id))) ?? Readable.from([]);
  const rows = manifestRows(record.headers, readBatchRows(body), {
    finalStates: (ids) => progress.finalStates(ids),
    link: (renderId, kind) => permanentLink(config.publicUrl, config.linkSecret, renderId, kind),
  });
  if (format === 'csv') return manifestCsv(record.headers, rows);
  const { id, template, status, rows: counts, createdAt, finishedAt, metadata } = record;
  return manifestJson({ batch: { id, template, status, rows: counts, createdAt, finishedAt, metadata } }, rows);
}
