import type { BatchViewTotals } from '../views/view-counter';
import type { BatchCounts } from './batch-progress';
import type { BatchRecord, BatchStatus } from './batch-record';

/** A batch as GET /v1/batches/:id and its events show it. */
export interface BatchView {
  id: string;
  template: string;
  status: BatchStatus;
  createdAt: string;
  finishedAt?: string;
  rows: BatchRecord['rows'];
  renders: {
    total: number;
    reused: number;
    queued: number;
    rendering: number;
    done: number;
    failed: number;
    cancelled: number;
  };
  /** Share of renders that have ended, 0–100. */
  percent: number;
  /** Renders finished per minute since the batch came in (reused ones not counted), and the time left at that rate. */
  ratePerMinute: number | null;
  etaSeconds: number | null;
  recipientIdColumn: string | null;
  emailColumn: string | null;
  columns: Record<string, string[]>;
  metadata?: Record<string, unknown>;
  /** The batch's recipients who opened their landing page, played, completed and clicked, each at least once. */
  views?: BatchViewTotals;
}

/**
 * A batch whose renders have all ended is completed, even in the moment before its finish job writes the record: every
 * answer about it (view, list, manifest) says the same.
 */
export const shownStatus = (record: BatchRecord, counts: BatchCounts): BatchStatus =>
  record.status === 'running' && counts.done + counts.failed + counts.cancelled >= counts.renders
    ? 'completed'
    : record.status;

/** Percent, rate and ETA from the counts: pure, so it is checked without Redis. */
export function batchView(record: BatchRecord, counts: BatchCounts, rendering: number, now = Date.now()): BatchView {
  const ended = counts.done + counts.failed + counts.cancelled;
  const seconds = (now - Date.parse(record.createdAt)) / 1000;
  const rendered = Math.max(0, ended - record.reused);
  const ratePerSecond = rendered > 0 && seconds > 0 ? rendered / seconds : null;
  const left = counts.renders - ended;
  return {
    id: record.id,
    template: record.template,
    status: shownStatus(record, counts),
    createdAt: record.createdAt,
    finishedAt: record.finishedAt,
    rows: record.rows,
    renders: {
      total: counts.renders,
      reused: record.reused,
      queued: Math.max(0, left - rendering),
      rendering,
      done: counts.done,
      failed: counts.failed,
      cancelled: counts.cancelled,
    },
    percent: counts.renders ? Math.round((ended / counts.renders) * 1000) / 10 : 100,
    ratePerMinute: ratePerSecond === null ? null : Math.round(ratePerSecond * 600) / 10,
    etaSeconds: left === 0 ? 0 : ratePerSecond ? Math.round(left / ratePerSecond) : null,
    recipientIdColumn: record.recipientIdColumn,
    emailColumn: record.emailColumn,
    columns: record.columns,
    metadata: record.metadata,
  };
}
