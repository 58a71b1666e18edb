import { Readable } from 'node:stream';
import type { BatchProgress } from './batch-progress';
import { batchRowsKey, type BatchRecord } from './batch-record';
import type { Config } from '../config';
import { permanentLink } from '../links/link-token';
import { manifestCsv, manifestJson, manifestRows, readBatchRows } from './manifest';
import type { Storage } from '../storage/storage';

/** A batch's manifest, streamed from its stored rows and the renders' current states. */
export async function batchManifest(storage: Storage, progress: BatchProgress, config: Config, record: BatchRecord, format: 'csv' | 'json'): Promise<AsyncGenerator<string>> {
  const body = (await storage.getStream(batchRowsKey(record.id))) ?? Readable.from([]);
  const rows = manifestRows(record.headers, readBatchRows(body), {
    finalStates: (ids) => progress.finalStates(ids),
    link: (renderId, kind) => permanentLink(config.publicUrl, config.linkSecret, renderId, kind),
  });
  if (format === 'csv') return manifestCsv(record.headers, rows);
  const { id, template, status, rows: counts, createdAt, finishedAt, metadata } = record;
  return manifestJson({ batch: { id, template, status, rows: counts, createdAt, finishedAt, metadata } }, rows);
}
