import { randomBytes } from 'node:crypto';
import type { RowProblem, RowWarning } from '../intake/liquid-mapping';

export type BatchStatus = 'running' | 'completed' | 'cancelled';

export interface BatchRowCounts {
  /** Data rows read from the file. */
  total: number;
  /** Rows whose props are valid: each has a render (its own or one it shares). */
  accepted: number;
  /** Rows that could not become props; the manifest says why. */
  skipped: number;
  /** Accepted rows whose props another row of this batch already has: they share its video. */
  deduplicated: number;
  /** Accepted rows with a warning: an unknown optional choice gave way to the template's default. */
  warned: number;
}

/** The batch as kept in the bucket at batches/<id>/batch.json: it outlives Redis. */
export interface BatchRecord {
  id: string;
  /** The tenant that submitted it: the only one who may see, cancel or retry it. */
  tenant: string;
  template: string;
  templateVersion: number;
  status: BatchStatus;
  /** The file's columns, so the manifest can carry each row's own data next to its links. */
  headers: string[];
  recipientIdColumn: string | null;
  emailColumn: string | null;
  /** prop → the columns it reads. */
  columns: Record<string, string[]>;
  rows: BatchRowCounts;
  /** Distinct renders behind the accepted rows. */
  renders: number;
  /** Renders that were already done when the batch came in (same props, same template version). */
  reused: number;
  webhookUrl?: string;
  metadata?: Record<string, unknown>;
  /** When its videos' links stop working. */
  expiresAt?: string;
  createdAt: string;
  finishedAt?: string;
}

/** One input row as the manifest needs it, one JSON line each in batches/<id>/rows.jsonl, in input order. */
export interface BatchRow {
  /** 1-based data row number (the header is not counted). */
  row: number;
  /** Line of the file where the row starts. */
  line: number;
  recipientId: string;
  email: string;
  /** The row's cells in `headers` order. */
  values: string[];
  renderId?: string;
  /** Why the row was skipped. */
  problem?: RowProblem;
  /** What was mended in an accepted row (absent when nothing was). */
  warnings?: RowWarning[];
  /** The email image's alt text in the row's language (absent from rows read before it was kept). */
  alt?: string;
  /** Its contact was erased: the row keeps only its number, line and render id. */
  erased?: true;
}

export const newBatchId = (): string => `b_${randomBytes(12).toString('base64url')}`;
export const BATCH_ID = /^b_[A-Za-z0-9_-]{16}$/;

export const batchRecordKey = (id: string) => `batches/${id}/batch.json`;
export const batchRowsKey = (id: string) => `batches/${id}/rows.jsonl`;
export const batchManifestKey = (id: string, format: 'csv' | 'json') => `batches/${id}/manifest.${format}`;
