import { Readable } from 'node:stream';
import type { Config } from '../config';
import { renderLinks } from '../links/render-links';
import type { Storage } from '../storage/storage';
import type { ViewCounter } from '../views/view-counter';
import type { BatchProgress } from './batch-progress';
import { type BatchRecord, batchRowsKey } from './batch-record';
import { manifestCsv, manifestJson, manifestRows, readBatchRows } from './manifest';

/** A batch's manifest, streamed from its stored rows and the renders' current states. */
export async function batchManifest(
  storage: Storage,
  progress: BatchProgress,
  views: ViewCounter,
  config: Config,
  record: BatchRecord,
  format: 'csv' | 'json',
): Promise<AsyncGenerator<string>> {
  const body = (await storage.getStream(batchRowsKey(record.id))) ?? Readable.from([]);
  const rows = manifestRows(record.headers, readBatchRows(body), {
    finalStates: (ids) => progress.finalStates(ids),
    links: (renderId, state) => renderLinks(config, { id: renderId, link: state.link }),
    views: (ids) => views.many(ids),
  });
  if (format === 'csv') return manifestCsv(record.headers, rows);
  const { id, template, status, rows: counts, createdAt, finishedAt, metadata } = record;
  return manifestJson({ batch: { id, template, status, rows: counts, createdAt, finishedAt, metadata } }, rows);
}
