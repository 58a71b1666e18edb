// npm run bench:service [-- N]: N `welcome` renders through API → queue → worker → S3, submitted at once to one
// embedded server with one worker. Prints, from the same run, the worker's pure render seconds per video and the
// end-to-end seconds per video (first submit to last done, divided by N), so the pipeline's overhead is a ratio.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../cli/serve-command';

const runs = Number(process.argv[2] ?? process.env.BENCH_RUNS ?? 3);
const dataDir = mkdtempSync(join(tmpdir(), 'reelpipe-bench-service-'));
Object.assign(process.env, {
  REELPIPE_DATA_DIR: dataDir,
  QUEUE_PREFIX: `bench${randomBytes(4).toString('hex')}`,
  PORT: process.env.PORT ?? '3917',
});
delete process.env.API_KEYS;

const server = await startServer({ withWorker: true, log: () => undefined });
const call = async (path: string, init: RequestInit = {}) => {
  const response = await fetch(`${server.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' },
  });
  return (await response.json()) as {
    id: string;
    status: string;
    timings?: { renderSeconds: number; uploadSeconds: number; queuedSeconds: number };
  };
};
// One warm-up render so the worker's bundle and browser start-up is not counted against the pipeline.
const warmUp = await call('/v1/renders', {
  method: 'POST',
  body: JSON.stringify({ template: 'welcome', props: { firstName: 'Warm' } }),
});
while ((await call(`/v1/renders/${warmUp.id}`)).status !== 'done')
  await new Promise((resolve) => setTimeout(resolve, 250));

const started = performance.now();
const ids: string[] = [];
for (let run = 0; run < runs; run++)
  ids.push(
    (
      await call('/v1/renders', {
        method: 'POST',
        body: JSON.stringify({ template: 'welcome', props: { firstName: `Bench ${run}` } }),
      })
    ).id,
  );
const finished = new Map<string, NonNullable<Awaited<ReturnType<typeof call>>['timings']>>();
while (finished.size < ids.length) {
  for (const id of ids) {
    if (finished.has(id)) continue;
    const view = await call(`/v1/renders/${id}`);
    if (view.status === 'failed' || view.status === 'cancelled') throw new Error(`render ${id} ${view.status}`);
    if (view.status === 'done') finished.set(id, view.timings!);
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
}
const wall = (performance.now() - started) / 1000;
await server.stop();
rmSync(dataDir, { recursive: true, force: true });

const timings = [...finished.values()];
const renderSeconds = timings.reduce((sum, t) => sum + t.renderSeconds, 0) / timings.length;
const uploadSeconds = timings.reduce((sum, t) => sum + t.uploadSeconds, 0) / timings.length;
const endToEnd = wall / runs;
const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})`;
console.log(`welcome (19.5 s video), ${runs} renders through the API with 1 worker, ${machine}`);
const renderPerVideo = renderSeconds.toFixed(2);
const uploadPerVideo = uploadSeconds.toFixed(2);
console.log(
  `pure render (worker: MP4 + posters + GIF): ${renderPerVideo} s/video; upload to S3: ${uploadPerVideo} s/video`,
);
console.log(`end to end (submit → done, wall time / N): ${endToEnd.toFixed(2)} s/video`);
console.log(`pipeline overhead ratio (end to end / pure render): ${(endToEnd / renderSeconds).toFixed(3)}x`);
