// npm run bench:forms [-- N]: form POST → playable MP4 seconds for N trip forms with an idle queue, then for N more
// while a CRM batch of BATCH_ROWS welcome renders is queued, on one embedded server with one worker. Prints p50/p95 of
// both next to the video's own duration, measured in the same run: the priority lane's effect is the ratio.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../cli/serve-command';

const forms = Number(process.argv[2] ?? process.env.BENCH_RUNS ?? 4);
const BATCH_ROWS = 200;
const VIDEO_SECONDS = 10; // trip with one interest
const dataDir = mkdtempSync(join(tmpdir(), 'reelpipe-bench-forms-'));
Object.assign(process.env, {
  REELPIPE_DATA_DIR: dataDir,
  QUEUE_PREFIX: `bench${randomBytes(4).toString('hex')}`,
  PORT: process.env.PORT ?? '3918',
  FORM_RATE_PER_IP: '10000',
});
delete process.env.API_KEYS;

const server = await startServer({ withWorker: true, log: () => undefined });
const api = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
  const headers = {
    authorization: `Bearer ${server.apiKey}`,
    ...(init.body ? { 'content-type': 'application/json' } : {}),
  };
  const response = await fetch(`${server.url}${path}`, { ...init, headers });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};

let visitor = 0;
/** One visitor: POST the form, wait until the MP4 is done (uploaded, faststart: playable), return the seconds. */
async function formToPlayable(): Promise<number> {
  visitor += 1;
  const answers = {
    destination: 'lisbon',
    startDate: '2027-03-01',
    endDate: `2027-03-${String(2 + (visitor % 25)).padStart(2, '0')}`,
    travellers: 1 + (visitor % 12),
    interests: ['food'],
  };
  const started = performance.now();
  const { id } = await api<{ id: string }>('/f/trip', { method: 'POST', body: JSON.stringify(answers) });
  for (;;) {
    const view = await api<{ status: string }>(`/v1/renders/${id}`);
    if (view.status === 'done') return (performance.now() - started) / 1000;
    if (view.status === 'failed' || view.status === 'cancelled') throw new Error(`form render ${id} ${view.status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

await formToPlayable(); // warm-up: the worker's bundle and browser start-up is not counted
const idle: number[] = [];
for (let i = 0; i < forms; i++) idle.push(await formToPlayable());

const rows = Array.from({ length: BATCH_ROWS }, (_, i) => ({
  first_name: `Bench ${i}`,
  language: ['en', 'pt', 'es', 'hu', 'ru', 'tl'][i % 6],
}));
const batch = await api<{ id: string }>('/v1/batches', {
  method: 'POST',
  body: JSON.stringify({ template: 'welcome', rows }),
});
const loaded: number[] = [];
const queuedAtSubmit: number[] = [];
for (let i = 0; i < forms; i++) {
  const status = await api<{ renders: { queued: number } }>(`/v1/batches/${batch.id}`);
  queuedAtSubmit.push(status.renders.queued);
  loaded.push(await formToPlayable());
}
await api(`/v1/batches/${batch.id}`, { method: 'DELETE' });
await server.stop();
rmSync(dataDir, { recursive: true, force: true });

const line = (name: string, values: number[]) => {
  const p50 = percentile(values, 50).toFixed(1);
  const p95 = percentile(values, 95).toFixed(1);
  const all = values.map((v) => v.toFixed(1)).join(', ');
  return `${name}: p50 ${p50} s, p95 ${p95} s (${all})`;
};
const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})`;
console.log(`trip form (${VIDEO_SECONDS} s video), ${forms} visitors per case, 1 worker, ${machine}`);
console.log(line('form POST → playable MP4, idle queue', idle));
console.log(
  line(
    `form POST → playable MP4, batch queued (${queuedAtSubmit.join('/')} batch renders waiting at each submit)`,
    loaded,
  ),
);
const idleRatio = (percentile(idle, 50) / VIDEO_SECONDS).toFixed(2);
const loadedRatio = (percentile(loaded, 50) / percentile(idle, 50)).toFixed(2);
console.log(`ratios: idle p50 / video ${idleRatio}x; loaded p50 / idle p50 ${loadedRatio}x`);
console.log(
  'A form waits neither for the queue (priority 1) nor for the running batch render (handed back), ' +
    'only for the worker to restart its browser.',
);
