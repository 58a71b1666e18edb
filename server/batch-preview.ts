import type { AnyTemplate } from '../compositions/registry';
import type { BatchRow, BatchRowCounts } from '../core/batch/batch-record';
import type { BatchIntake, SkippedRow, WarnedRow } from '../core/intake/batch-intake';
import type { MappingError, MappingProblem } from '../core/intake/liquid-mapping';
import type { CallToAction } from '../core/render/render-record';
import type { BrowserChoice } from '../render/browser';
import { encoderProfile } from '../render/encoder-profile';
import { planSegments } from '../render/plan';
import { segmentObjectKey } from '../render/segment-store';

/** One of the first rows as the batch would take it: its cells, and its props or the problem that skips it. */
export interface PreviewRow extends Omit<BatchRow, 'values' | 'renderId'> {
  values: Record<string, string>;
  props?: Record<string, unknown>;
  cta?: CallToAction;
}

/** What a batch would do, found without queueing anything. */
export interface BatchPreview {
  template: string;
  headers: string[];
  /** prop → expression: the mapping in effect (the template's proposal for props the request did not map). */
  mapping: Record<string, string>;
  /** prop → the columns its expression reads. */
  columns: Record<string, string[]>;
  recipientIdColumn: string | null;
  emailColumn: string | null;
  rows: BatchRowCounts;
  /** Distinct videos behind the accepted rows: how many are stored already and how many would render. */
  renders: { distinct: number; stored: number; toRender: number };
  /**
   * The segments those renders are cut into, and how many the cache holds already. Null where this host has no
   * browser to tell which segments its workers would draw.
   */
  segments: { distinct: number; cached: number; toRender: number } | null;
  sample: PreviewRow[];
  skippedRows: SkippedRow[];
  warnedRows: WarnedRow[];
  /** Why the mapping cannot be used with this file (then nothing else was read): each names its field. */
  problems: MappingProblem[];
}

export interface PreviewSources {
  /** Whether each render is done and stored already. */
  stored(renderIds: string[]): Promise<boolean[]>;
  /** Whether the bucket holds an object. */
  exists(key: string): Promise<boolean>;
  browser: BrowserChoice | null;
  /** Who personal segments are shared within: the batch's tenant. */
  personalScope: string;
}

const CHUNK = 500;
const LISTED = 100;
/** Bucket lookups at a time for the segment count. */
const LOOKUPS = 32;

/**
 * Reads every row the way a submit would (same mapping, same checks, same content addresses), keeps the first
 * `sampleSize` whole and counts the rest: rows, distinct renders, stored renders, and the segments still to draw.
 */
export async function previewBatch(
  template: AnyTemplate,
  intake: BatchIntake,
  addressOf: (props: Record<string, unknown>, cta?: CallToAction) => string,
  sources: PreviewSources,
  sampleSize: number,
): Promise<BatchPreview> {
  const rows: BatchRowCounts = { total: 0, accepted: 0, skipped: 0, deduplicated: 0, warned: 0 };
  const sample: PreviewRow[] = [];
  const skippedRows: SkippedRow[] = [];
  const warnedRows: WarnedRow[] = [];
  const renders = new Set<string>();
  let stored = 0;
  const segmentKeys = new Set<string>();
  const profiles = new Map<string, string>();
  let pending: Array<{ id: string; props: Record<string, unknown> }> = [];

  const flush = async () => {
    const done = await sources.stored(pending.map((render) => render.id));
    for (const [index, { props }] of pending.entries()) {
      if (done[index]) {
        stored += 1;
        continue;
      }
      if (!sources.browser) continue;
      const metadata = template.metadata(props);
      const size = `${metadata.width}x${metadata.height}@${metadata.fps}`;
      const profile = profiles.get(size) ?? encoderProfile(sources.browser, metadata);
      profiles.set(size, profile);
      for (const { key } of planSegments(template, props, metadata, profile, sources.personalScope))
        segmentKeys.add(key);
    }
    pending = [];
  };

  for await (const { row, props, cta } of intake.rows(addressOf)) {
    rows.total += 1;
    if (sample.length < sampleSize) {
      const { values, renderId: _renderId, ...rest } = row;
      const cells = Object.fromEntries(intake.headers.map((header, index) => [header, values[index] ?? '']));
      sample.push({ ...rest, values: cells, ...(props ? { props } : {}), ...(cta ? { cta } : {}) });
    }
    if (row.problem) {
      rows.skipped += 1;
      if (skippedRows.length < LISTED) skippedRows.push({ row: row.row, line: row.line, ...row.problem });
    } else if (props && row.renderId) {
      rows.accepted += 1;
      if (renders.has(row.renderId)) rows.deduplicated += 1;
      else {
        renders.add(row.renderId);
        pending.push({ id: row.renderId, props });
      }
    }
    if (row.warnings) {
      rows.warned += 1;
      for (const warning of row.warnings.slice(0, LISTED - warnedRows.length))
        warnedRows.push({ row: row.row, line: row.line, ...warning });
    }
    if (pending.length >= CHUNK) await flush();
  }
  await flush();

  let segments: BatchPreview['segments'] = null;
  if (sources.browser) {
    const keys = [...segmentKeys];
    let cached = 0;
    for (let at = 0; at < keys.length; at += LOOKUPS) {
      const found = await Promise.all(keys.slice(at, at + LOOKUPS).map((key) => sources.exists(segmentObjectKey(key))));
      cached += found.filter(Boolean).length;
    }
    segments = { distinct: keys.length, cached, toRender: keys.length - cached };
  }
  return {
    template: template.id,
    headers: intake.headers,
    mapping: intake.mapping.expressions,
    columns: intake.mapping.columnsByProp,
    recipientIdColumn: intake.recipientIdColumn,
    emailColumn: intake.emailColumn,
    rows,
    renders: { distinct: renders.size, stored, toRender: renders.size - stored },
    segments,
    sample,
    skippedRows,
    warnedRows,
    problems: [],
  };
}

/** A preview of a mapping that does not fit the file: its columns and the problems, to fix it by. */
export function unfitPreview(
  template: AnyTemplate,
  error: MappingError,
  mapping: Record<string, string>,
): BatchPreview {
  return {
    template: template.id,
    headers: error.headers,
    mapping,
    columns: {},
    recipientIdColumn: null,
    emailColumn: null,
    rows: { total: 0, accepted: 0, skipped: 0, deduplicated: 0, warned: 0 },
    renders: { distinct: 0, stored: 0, toRender: 0 },
    segments: null,
    sample: [],
    skippedRows: [],
    warnedRows: [],
    problems: error.problems,
  };
}
