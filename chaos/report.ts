// What one scenario found, as one line while the suite runs and as a table row at the end, and the suite's last line.
import type { ApiTally } from './api-client';
import { seconds } from './progress-log';
import type { RenderOutcome, RenderTracker } from './render-tracker';

/** Something followed apart from the renders (a batch): its own accepted, lost and duplicated counts. */
export interface ExtraCheck {
  accepted: number;
  done: number;
  lost: number;
  duplicatedWebhooks: number;
  duplicatedOutputs: number;
}

export interface ScenarioResult {
  name: string;
  /** Why it did not run (tmpfs not mountable…), or null. */
  skipped: string | null;
  /** What broke the scenario itself (not a finding about the service), or null. */
  error: string | null;
  tracker: RenderTracker | null;
  /** Renders not final (or never found) when the deadline passed. */
  lostAtDeadline: ReadonlySet<string>;
  tally: ApiTally | null;
  recoverApiMs: number | null;
  recoverRenderMs: number | null;
  extras: Array<() => ExtraCheck>;
  notes: string[];
  /** Service processes that exited without being told to (crashes). */
  unexpectedExits: number;
  durationMs: number;
}

export interface Figures {
  accepted: number;
  done: number;
  failed: number;
  cancelled: number;
  lost: number;
  duplicatedOutputs: number;
  duplicatedWebhooks: number;
  missingWebhooks: number;
  bad5xx: number;
  noRetryAfter: number;
}

/** The result's figures, counted now (so duplicates that arrived late are in). */
export function figures(result: ScenarioResult): Figures & { outcome: RenderOutcome | null } {
  const outcome = result.tracker?.outcome(result.lostAtDeadline) ?? null;
  const total: Figures = {
    accepted: outcome?.accepted ?? 0,
    done: outcome?.done ?? 0,
    failed: outcome?.failed ?? 0,
    cancelled: outcome?.cancelled ?? 0,
    lost: outcome?.lost ?? 0,
    duplicatedOutputs: outcome?.duplicatedOutputs ?? 0,
    duplicatedWebhooks: outcome?.duplicatedWebhooks ?? 0,
    missingWebhooks: outcome?.missingWebhooks ?? 0,
    bad5xx: result.tally?.bad5xx ?? 0,
    noRetryAfter: result.tally?.noRetryAfter ?? 0,
  };
  for (const extra of result.extras) {
    const check = extra();
    total.accepted += check.accepted;
    total.done += check.done;
    total.lost += check.lost;
    total.duplicatedWebhooks += check.duplicatedWebhooks;
    total.duplicatedOutputs += check.duplicatedOutputs;
  }
  return { ...total, outcome };
}

/** One line per scenario, as it ends. */
export function scenarioLine(result: ScenarioResult): string {
  if (result.skipped) return `[${result.name}] skipped: ${result.skipped}`;
  const f = figures(result);
  return (
    `[${result.name}] accepted ${f.accepted}, completed ${f.done}, failed ${f.failed}, cancelled ${f.cancelled}, ` +
    `lost ${f.lost}, duplicated outputs ${f.duplicatedOutputs}, duplicated webhooks ${f.duplicatedWebhooks}, ` +
    `5xx-not-503 ${f.bad5xx}, 503-without-Retry-After ${f.noRetryAfter}, no webhook ${f.missingWebhooks}, ` +
    `crashed processes ${result.unexpectedExits}, ` +
    `recovered: API 2xx ${seconds(result.recoverApiMs)}, first render done ${seconds(result.recoverRenderMs)}` +
    (result.error ? `; SCENARIO ERROR: ${result.error}` : '')
  );
}

const COLUMNS = [
  ['scenario', 13],
  ['accepted', 8],
  ['done', 5],
  ['failed', 6],
  ['cancel', 6],
  ['lost', 4],
  ['dup-out', 7],
  ['dup-hook', 8],
  ['5xx≠503', 7],
  ['503-noRA', 8],
  ['no-hook', 7],
  ['crashes', 7],
  ['api-back', 8],
  ['1st-done', 8],
  ['took', 6],
] as const;

const row = (cells: string[]) =>
  cells.map((cell, index) => (index === 0 ? cell.padEnd(COLUMNS[0][1]) : cell.padStart(COLUMNS[index]![1]))).join(' ');

/** The end-of-run table; duplicates are counted again here, so late ones are in. */
export function summaryTable(results: ScenarioResult[]): string[] {
  const lines = [row(COLUMNS.map(([name]) => name))];
  for (const result of results) {
    if (result.skipped) {
      lines.push(`${result.name.padEnd(COLUMNS[0][1])} skipped: ${result.skipped}`);
      continue;
    }
    const f = figures(result);
    const cells = [
      result.name,
      f.accepted,
      f.done,
      f.failed,
      f.cancelled,
      f.lost,
      f.duplicatedOutputs,
      f.duplicatedWebhooks,
      f.bad5xx,
      f.noRetryAfter,
      f.missingWebhooks,
      result.unexpectedExits,
      seconds(result.recoverApiMs),
      seconds(result.recoverRenderMs),
      `${Math.round(result.durationMs / 1000)} s`,
    ].map(String);
    lines.push(row(cells) + (result.error ? `  ERROR: ${result.error}` : ''));
  }
  return lines;
}

export interface Verdict {
  ran: number;
  skipped: number;
  lost: number;
  duplicated: number;
  /** 5xx answers other than 503, and 503s without Retry-After: an outage must never look like our own failure. */
  badAnswers: number;
  errors: number;
  line: string;
}

/** `chaos: <n> scenarios, <lost> lost, <duplicated> duplicated` (duplicated = webhooks + outputs). */
export function verdict(results: ScenarioResult[]): Verdict {
  const ran = results.filter((result) => !result.skipped);
  let lost = 0;
  let duplicated = 0;
  let badAnswers = 0;
  for (const result of ran) {
    const f = figures(result);
    lost += f.lost;
    duplicated += f.duplicatedWebhooks + f.duplicatedOutputs;
    badAnswers += f.bad5xx + f.noRetryAfter;
  }
  const errors = ran.filter((result) => result.error).length;
  return {
    ran: ran.length,
    skipped: results.length - ran.length,
    lost,
    duplicated,
    badAnswers,
    errors,
    line: `chaos: ${ran.length} scenarios, ${lost} lost, ${duplicated} duplicated`,
  };
}
