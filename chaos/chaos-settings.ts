// The fault suite's knobs, read once from the environment (every one has a default, so `npm run chaos` needs none).

export const SCENARIO_NAMES = [
  'worker-kill',
  'redis-kill',
  'bucket-short',
  'bucket-long',
  'api-sigterm',
  'disk-full',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface ChaosSettings {
  /** Renders submitted per scenario (welcome, sharing their cached segments). */
  renders: number;
  /** Seconds the bucket is down in `bucket-short` and `bucket-long`. */
  shortOutageSeconds: number;
  longOutageSeconds: number;
  /** Seconds between Redis's kill -9 and its restart. */
  redisDownSeconds: number;
  /** Submissions in the `api-sigterm` burst, and how many are accepted before the API gets SIGTERM. */
  burst: number;
  burstSigtermAfter: number;
  /** Concurrent requests in the burst. */
  burstConcurrency: number;
  /** After a fault is healed, how long every render of the scenario has to reach a final state. */
  deadlineSeconds: number;
  /** The workers' --lock-seconds: a killed worker's render comes back after about 1.5 times this. */
  lockSeconds: number;
  /** How long the worker's disk stays full in `disk-full`, and the size of its tmpfs. */
  diskFullSeconds: number;
  tmpfsMb: number;
  /** Whether `redis-kill` also sends one small CSV batch. */
  batch: boolean;
  scenarios: ScenarioName[];
  /** Copy every child's output to stderr as it comes. */
  verbose: boolean;
  /** Keep every child's output in files here (the temp dir itself is always removed). */
  logDir: string | null;
}

function numberVariable(name: string, fallback: number, min: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number ≥ ${min} (got "${text}")`);
  return value;
}

function scenarioList(): ScenarioName[] {
  const text = process.env.CHAOS_SCENARIOS?.trim();
  if (!text) return [...SCENARIO_NAMES];
  const names = text.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(SCENARIO_NAMES as readonly string[]).includes(name));
  if (unknown.length)
    throw new Error(`CHAOS_SCENARIOS: unknown ${unknown.join(', ')} (known: ${SCENARIO_NAMES.join(', ')})`);
  return SCENARIO_NAMES.filter((name) => names.includes(name));
}

export function readSettings(): ChaosSettings {
  const burst = numberVariable('CHAOS_BURST', 500, 1);
  return {
    renders: numberVariable('CHAOS_RENDERS', 6, 1),
    shortOutageSeconds: numberVariable('CHAOS_SHORT_OUTAGE_SECONDS', 30, 1),
    longOutageSeconds: numberVariable('CHAOS_LONG_OUTAGE_SECONDS', 300, 1),
    redisDownSeconds: numberVariable('CHAOS_REDIS_DOWN_SECONDS', 10, 1),
    burst,
    burstSigtermAfter: Math.min(burst, numberVariable('CHAOS_BURST_SIGTERM_AFTER', Math.ceil(burst * 0.3), 1)),
    burstConcurrency: numberVariable('CHAOS_BURST_CONCURRENCY', 16, 1),
    deadlineSeconds: numberVariable('CHAOS_DEADLINE_SECONDS', 300, 10),
    lockSeconds: numberVariable('CHAOS_LOCK_SECONDS', 30, 5),
    diskFullSeconds: numberVariable('CHAOS_DISK_FULL_SECONDS', 60, 1),
    tmpfsMb: numberVariable('CHAOS_TMPFS_MB', 384, 16),
    batch: process.env.CHAOS_BATCH !== '0',
    scenarios: scenarioList(),
    verbose: process.env.CHAOS_VERBOSE === '1',
    logDir: process.env.CHAOS_LOG_DIR || null,
  };
}

/** One line per setting, for the top of the run's output. */
export function describeSettings(s: ChaosSettings): string {
  return [
    `${s.renders} renders per scenario`,
    `bucket down ${s.shortOutageSeconds} s and ${s.longOutageSeconds} s`,
    `Redis down ${s.redisDownSeconds} s`,
    `burst ${s.burst} (SIGTERM after ${s.burstSigtermAfter} accepted)`,
    `deadline ${s.deadlineSeconds} s after each heal`,
    `worker lock ${s.lockSeconds} s`,
    `disk full ${s.diskFullSeconds} s on a ${s.tmpfsMb} MB tmpfs`,
    `scenarios: ${s.scenarios.join(', ')}`,
  ].join('; ');
}
