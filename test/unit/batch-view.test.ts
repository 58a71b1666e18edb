import { describe, expect, it } from 'vitest';
import type { BatchCounts } from '../../core/batch/batch-progress';
import type { BatchRecord } from '../../core/batch/batch-record';
import { batchView } from '../../core/batch/batch-view';

const CREATED = '2030-01-01T10:00:00.000Z';
const at = (seconds: number) => Date.parse(CREATED) + seconds * 1000;

const record = (extra: Partial<BatchRecord> = {}): BatchRecord => ({
  id: 'b_AAAAAAAAAAAAAAAA',
  tenant: 'acme',
  template: 'welcome',
  templateVersion: 1,
  status: 'running',
  headers: ['Email', 'First Name'],
  recipientIdColumn: 'Email',
  emailColumn: 'Email',
  columns: { firstName: ['First Name'] },
  rows: { total: 120, accepted: 110, skipped: 10, deduplicated: 10, warned: 3 },
  renders: 100,
  reused: 0,
  createdAt: CREATED,
  ...extra,
});

const counts = (extra: Partial<BatchCounts> = {}): BatchCounts => ({
  renders: 100,
  done: 0,
  failed: 0,
  cancelled: 0,
  ...extra,
});

describe('batchView', () => {
  it('computes percent, rate and ETA from the counts at a fixed time', () => {
    // 30 ended in 2 minutes: 15 a minute, 70 left → 280 s.
    const view = batchView(record(), counts({ done: 25, failed: 3, cancelled: 2 }), 4, at(120));
    expect(view).toEqual({
      id: 'b_AAAAAAAAAAAAAAAA',
      template: 'welcome',
      status: 'running',
      createdAt: CREATED,
      finishedAt: undefined,
      rows: { total: 120, accepted: 110, skipped: 10, deduplicated: 10, warned: 3 },
      renders: { total: 100, reused: 0, queued: 66, rendering: 4, done: 25, failed: 3, cancelled: 2 },
      percent: 30,
      ratePerMinute: 15,
      etaSeconds: 280,
      recipientIdColumn: 'Email',
      emailColumn: 'Email',
      columns: { firstName: ['First Name'] },
      metadata: undefined,
    });
  });

  it('rounds percent and rate to one decimal and the ETA to whole seconds', () => {
    // 1 of 3 ended in 7 s: 33.3 %, 8.571… a minute, 2 left at 1/7 a second → 14 s.
    const view = batchView(record(), counts({ renders: 3, done: 1 }), 0, at(7));
    expect([view.percent, view.ratePerMinute, view.etaSeconds]).toEqual([33.3, 8.6, 14]);
  });

  it('does not count reused renders in the rate', () => {
    // 40 were done on arrival; 10 more ended in 60 s: 10 a minute, 50 left → 300 s.
    const view = batchView(record({ reused: 40 }), counts({ done: 50 }), 2, at(60));
    expect(view.percent).toBe(50);
    expect(view.ratePerMinute).toBe(10);
    expect(view.etaSeconds).toBe(300);
    expect(view.renders).toMatchObject({ reused: 40, queued: 48, rendering: 2 });
  });

  it('has no rate or ETA while only reused renders have ended', () => {
    const view = batchView(record({ reused: 40 }), counts({ done: 40 }), 3, at(60));
    expect([view.percent, view.ratePerMinute, view.etaSeconds]).toEqual([40, null, null]);
  });

  it('has no rate at the very moment the batch came in', () => {
    const view = batchView(record(), counts({ done: 5 }), 0, at(0));
    expect([view.ratePerMinute, view.etaSeconds]).toEqual([null, null]);
  });

  it('is completed once nothing is left while running, with an ETA of 0', () => {
    const view = batchView(record(), counts({ done: 90, failed: 10 }), 0, at(600));
    expect(view.status).toBe('completed');
    expect([view.percent, view.ratePerMinute, view.etaSeconds]).toEqual([100, 10, 0]);
    expect(view.renders.queued).toBe(0);
  });

  it('stays running while renders are left', () => {
    expect(batchView(record(), counts({ done: 99 }), 1, at(60)).status).toBe('running');
  });

  it('stays cancelled, whatever is left', () => {
    expect(batchView(record({ status: 'cancelled' }), counts({ done: 10, cancelled: 90 }), 0, at(60)).status).toBe(
      'cancelled',
    );
    expect(batchView(record({ status: 'cancelled' }), counts({ done: 10 }), 0, at(60)).status).toBe('cancelled');
  });

  it('keeps a completed record completed with its finishedAt', () => {
    const finishedAt = '2030-01-01T10:05:00.000Z';
    const view = batchView(record({ status: 'completed', finishedAt }), counts({ done: 100 }), 0, at(900));
    expect(view.status).toBe('completed');
    expect(view.finishedAt).toBe(finishedAt);
  });

  it('shows an empty batch as 100 % and completed', () => {
    const view = batchView(record({ renders: 0 }), counts({ renders: 0 }), 0, at(5));
    expect(view.percent).toBe(100);
    expect(view.status).toBe('completed');
    expect([view.ratePerMinute, view.etaSeconds]).toEqual([null, 0]);
    expect(view.renders).toEqual({ total: 0, reused: 0, queued: 0, rendering: 0, done: 0, failed: 0, cancelled: 0 });
  });

  it('counts as queued what is left and not rendering, never below zero', () => {
    expect(batchView(record(), counts({ done: 90 }), 4, at(60)).renders.queued).toBe(6);
    expect(batchView(record(), counts({ done: 90 }), 10, at(60)).renders.queued).toBe(0);
    // Rendering counts come from the queue and can briefly exceed what Redis says is left.
    expect(batchView(record(), counts({ done: 90 }), 15, at(60)).renders).toMatchObject({ queued: 0, rendering: 15 });
  });

  it('passes metadata through', () => {
    const view = batchView(record({ metadata: { campaign: 'spring' } }), counts(), 0, at(1));
    expect(view.metadata).toEqual({ campaign: 'spring' });
    expect([view.percent, view.ratePerMinute, view.etaSeconds]).toEqual([0, null, null]);
  });
});
