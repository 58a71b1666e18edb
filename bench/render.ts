// npm run bench:render [-- N]: seconds per `welcome` video with the warm renderer (one browser and bundle for
// all N renders) against `npx remotion render` as a fresh process per video, measured in the same run. Warm and
// fresh runs alternate so that drift in the machine's speed hits both alike.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Renderer } from '../render/renderer';

const runs = Number(process.argv[2] ?? process.env.BENCH_RUNS ?? 3);
const names = ['Árpád', 'Анна', 'João', 'Íñigo', 'Maria', 'Ken', 'Ana', 'Leo'];
const propsFor = (run: number) => ({ firstName: names[run % names.length], company: `Bench Co ${run}`, locale: 'en', industry: 'retail' });
const out = mkdtempSync(join(tmpdir(), 'reelpipe-bench-'));
const seconds = (since: number) => (performance.now() - since) / 1000;
// The same encoder settings as the warm renderer; remotion.config.ts supplies the browser.
const cliFlags = ['--codec=h264', '--pixel-format=yuv420p', '--color-space=bt709', '--image-format=jpeg', '--jpeg-quality=90', '--x264-preset=veryfast', '--crf=22', '--concurrency=2', '--log=error'];

const startUp = performance.now();
const renderer = await Renderer.start();
const startUpSeconds = seconds(startUp);
const warm: number[] = [];
const warmVideo: number[] = [];
const fresh: number[] = [];
for (let run = 0; run < runs; run++) {
  const result = await renderer.render({ template: 'welcome', props: propsFor(run), outDir: join(out, `warm-${run}`) });
  warm.push(result.timings.total);
  warmVideo.push(result.timings.video);
  const started = performance.now();
  execFileSync('npx', ['remotion', 'render', 'compositions/index.ts', 'welcome', join(out, `fresh-${run}.mp4`), `--props=${JSON.stringify(propsFor(run))}`, ...cliFlags], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  fresh.push(seconds(started));
  console.log(
    `run ${run + 1}: warm ${result.timings.total.toFixed(1)} s (MP4 ${result.timings.video.toFixed(1)} s, posters ${result.timings.poster.toFixed(1)} s, GIF ${result.timings.gif.toFixed(1)} s); fresh ${fresh[run]!.toFixed(1)} s (MP4 only)`,
  );
}
await renderer.close();
rmSync(out, { recursive: true, force: true });

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
console.log(`\nwelcome (19.5 s, 585 frames, 1280×720), ${runs} alternating runs each, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}); medians:`);
console.log(`warm renderer start-up (bundle + browser), once per process: ${startUpSeconds.toFixed(1)} s`);
console.log(`warm renderer, MP4 + 2 posters + GIF: ${median(warm).toFixed(2)} s/video (MP4 part ${median(warmVideo).toFixed(2)} s)`);
console.log(`fresh \`npx remotion render\`, MP4 only: ${median(fresh).toFixed(2)} s/video`);
console.log(`ratio fresh / warm MP4 part: ${(median(fresh) / median(warmVideo)).toFixed(2)}x; fresh MP4 / warm whole job: ${(median(fresh) / median(warm)).toFixed(2)}x`);
