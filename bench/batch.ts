// npm run bench:batch [-- --rows N --naive-rows M]: a generated CRM export (fixed seed; six locales, a few account
// managers, plans and industries, first names with repeats) rendered as a batch through the real service (API, one
// worker, bucket), twice: on an empty segment cache (cold), then a second batch of new contacts from the same
// distribution (warm: the steady state of a large campaign). In the same run, the naive loop: a fresh
// `npx remotion render` per row, on the first M rows. Prints frames rendered vs delivered, segments reused by kind,
// seconds per recipient, the worker's memory, and last the speed-up of each pass over the naive loop.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { startServer } from '../cli/serve-command';
import { BatchIntake } from '../core/intake/batch-intake';
import { getTemplate } from '../core/templates';
import { crmContacts } from './crm-contacts';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '50' }, 'naive-rows': { type: 'string', default: '3' } },
});
const rows = Number(values.rows);
const naiveRows = Number(values['naive-rows']);
if (!(rows >= 1) || !(naiveRows >= 1) || naiveRows > rows)
  throw new Error('--rows and --naive-rows must be ≥ 1, naive ≤ rows');

const work = mkdtempSync(join(tmpdir(), 'reelpipe-bench-batch-'));
const seconds = (since: number) => (performance.now() - since) / 1000;
const files = { cold: join(work, 'cold.csv'), warm: join(work, 'warm.csv') };
writeFileSync(files.cold, crmContacts(rows, { seed: 11 }));
writeFileSync(files.warm, crmContacts(rows, { seed: 12, firstId: rows + 1 }));

// The naive loop: what a team without reelpipe does, one fresh render per contact (same encoder settings).
const template = getTemplate('welcome');
const intake = await BatchIntake.open(
  template,
  { kind: 'csv', path: files.cold },
  {},
  { maxRows: rows, maxRowBytes: 16_384 },
);
const naiveProps: Array<Record<string, unknown>> = [];
for await (const { props } of intake.rows(() => 'r_naive'))
  if (props && naiveProps.length < naiveRows) naiveProps.push(props);
const cliFlags = ['--codec=h264', '--pixel-format=yuv420p', '--color-space=bt709', '--image-format=jpeg'];
cliFlags.push('--jpeg-quality=90', '--x264-preset=veryfast', '--crf=22', '--concurrency=2', '--log=error');
const naiveStarted = performance.now();
for (const [index, props] of naiveProps.entries()) {
  const out = join(work, `naive-${index}.mp4`);
  const args = ['remotion', 'render', 'compositions/index.ts', 'welcome', out, `--props=${JSON.stringify(props)}`];
  execFileSync('npx', [...args, ...cliFlags], { stdio: ['ignore', 'ignore', 'inherit'] });
}
const naivePerRecipient = seconds(naiveStarted) / naiveProps.length;
console.log(`naive loop: ${naiveProps.length} rows, ${naivePerRecipient.toFixed(2)} s per recipient (MP4 only)`);

// The service on its own data folder, bucket and queue prefix: an empty cache.
Object.assign(process.env, {
  REELPIPE_DATA_DIR: join(work, 'data'),
  QUEUE_PREFIX: `benchbatch${randomBytes(4).toString('hex')}`,
  PORT: process.env.PORT ?? '3918',
});
delete process.env.API_KEYS;
delete process.env.S3_ENDPOINT;
const server = await startServer({ withWorker: true, log: () => undefined });
const headers = { authorization: `Bearer ${server.apiKey}` };
const rss = () => {
  const status = server.workerPid ? readFileSync(`/proc/${server.workerPid}/status`, 'utf8') : '';
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
};
const metrics = async () => {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const counters: Record<string, number> = {};
  const wanted =
    /^(reelpipe_(?:(?:segments|frames)_total\{[^}]*\}|(?:segment|render_stage)_seconds_(?:sum|count)\{[^}]*\})) ([\d.e+-]+)$/gm;
  for (const [, name, value] of text.matchAll(wanted)) {
    counters[name!] = Number(value);
  }
  return counters;
};
// The worker child bundles and opens Chromium before it takes jobs: wait for it, so start-up is not counted.
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const queue = new Queue('renders', { connection: redis, prefix: process.env.QUEUE_PREFIX });
while ((await queue.getWorkersCount()) === 0) await new Promise((resolve) => setTimeout(resolve, 250));
await queue.close();
redis.disconnect();
const rssAtStart = rss();

async function pass(name: 'cold' | 'warm', file: string) {
  const before = await metrics();
  const form = new FormData();
  form.append('template', 'welcome');
  form.append('file', new Blob([readFileSync(file)], { type: 'text/csv' }), `${name}.csv`);
  const started = performance.now();
  const submitted = (await (
    await fetch(`${server.url}/v1/batches`, { method: 'POST', headers, body: form })
  ).json()) as {
    id: string;
    rows: { accepted: number; skipped: number };
    renders: { total: number };
  };
  for (;;) {
    const view = (await (await fetch(`${server.url}/v1/batches/${submitted.id}`, { headers })).json()) as {
      status: string;
      renders: { done: number; failed: number };
    };
    if (view.status !== 'running') {
      if (view.renders.failed) throw new Error(`${name} pass: ${view.renders.failed} renders failed`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const wall = seconds(started);
  const after = await metrics();
  const delta = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
  const count = (result: string, kind: string) => delta(`reelpipe_segments_total{result="${result}",kind="${kind}"}`);
  const kinds = ['static', 'variant', 'personal'];
  const perRecipient = wall / submitted.rows.accepted;
  console.log(
    `\n${name} pass: ${submitted.rows.accepted} recipients, ${submitted.renders.total} videos, ${wall.toFixed(1)} s`,
  );
  console.log(
    `  frames rendered ${delta('reelpipe_frames_total{what="rendered"}')} of ${delta('reelpipe_frames_total{what="delivered"}')} delivered`,
  );
  console.log(`  segments reused:   ${kinds.map((kind) => `${kind} ${count('reused', kind)}`).join(', ')}`);
  console.log(`  segments rendered: ${kinds.map((kind) => `${kind} ${count('rendered', kind)}`).join(', ')}`);
  // The worker's own histograms: what each kind of segment costs to draw, and each stage of a render.
  const mean = (metric: string, labels: string) => {
    const total = delta(`${metric}_count{${labels}}`);
    return total ? (delta(`${metric}_sum{${labels}}`) / total).toFixed(2) : '-';
  };
  console.log(
    `  seconds per drawn segment: ${kinds.map((kind) => `${kind} ${mean('reelpipe_segment_seconds', `kind="${kind}"`)}`).join(', ')}`,
  );
  const stages = ['video', 'stitch', 'stills', 'upload'];
  console.log(
    `  seconds per render by stage: ${stages.map((stage) => `${stage} ${mean('reelpipe_render_stage_seconds', `stage="${stage}"`)}`).join(', ')}`,
  );
  console.log(`  ${perRecipient.toFixed(2)} s per recipient (MP4 with music, 2 posters, 2 GIFs, uploaded)`);
  return perRecipient;
}

const cold = await pass('cold', files.cold);
const warm = await pass('warm', files.warm);
const rssAtEnd = rss();
await server.stop();
rmSync(work, { recursive: true, force: true });

console.log(
  `\nwelcome, ${rows} rows per pass, 1 worker, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})`,
);
console.log(
  `naive loop (${naiveProps.length} rows, fresh npx remotion render each): ${naivePerRecipient.toFixed(2)} s per recipient`,
);
console.log(`worker RSS (node process, Chromium not counted): ${rssAtStart} MB at start, ${rssAtEnd} MB at end`);
const ratio = (value: number) => (naivePerRecipient / value).toFixed(2);
console.log(`batch speed-up vs naive loop: ${ratio(warm)}x (cold ${ratio(cold)}x)`);
