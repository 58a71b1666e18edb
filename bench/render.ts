// npm run bench:render [-- N]: seconds per `welcome` video with the warm renderer (one browser and bundle for
// all N renders) against `npx remotion render` as a fresh process per video, measured in the same run. Warm and
// fresh runs alternate so that drift in the machine's speed hits both alike. Each run also renders the same recipient
// from segments, with a cache kept across runs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Renderer } from '../render/renderer';
import { SegmentCache } from '../render/segment-cache';

const runs = Number(process.argv[2] ?? process.env.BENCH_RUNS ?? 3);
const names = ['Árpád', 'Анна', 'João', 'Íñigo', 'Maria', 'Ken', 'Ana', 'Leo'];
const propsFor = (run: number) => ({
  firstName: names[run % names.length],
  company: `Bench Co ${run}`,
  locale: 'en',
  industry: 'retail',
});
const out = mkdtempSync(join(tmpdir(), 'reelpipe-bench-'));
const seconds = (since: number) => (performance.now() - since) / 1000;
// The warm renderer's encoder settings (less its stitchable x264 flags, which the CLI cannot set);
// remotion.config.ts supplies the browser.
const cliFlags = [
  '--codec=h264',
  '--pixel-format=yuv420p',
  '--color-space=bt709',
  '--image-format=jpeg',
  '--jpeg-quality=90',
  '--x264-preset=veryfast',
  '--crf=22',
  '--concurrency=2',
  '--log=error',
];

const startUp = performance.now();
const renderer = await Renderer.start({ cache: new SegmentCache(join(out, 'segments'), 1024 ** 3) });
const startUpSeconds = seconds(startUp);
const warm: number[] = [];
// Frames to finished MP4: rendering every frame in one piece plus laying the music under it.
const warmVideo: number[] = [];
const warmStills: number[] = [];
const fresh: number[] = [];
// From segments with the cache this process keeps: each run is a new recipient, so after the first run only their
// personal segments are rendered.
const segmented: number[] = [];
for (let run = 0; run < runs; run++) {
  const request = { template: 'welcome', props: propsFor(run) };
  const result = await renderer.render({ ...request, outDir: join(out, `warm-${run}`), whole: true });
  const cached = await renderer.render({ ...request, outDir: join(out, `segmented-${run}`) });
  segmented.push(cached.timings.total);
  const { total, video, stitch, stills } = result.timings;
  warm.push(total);
  warmVideo.push(video + stitch);
  warmStills.push(stills);
  const started = performance.now();
  const props = `--props=${JSON.stringify(propsFor(run))}`;
  const freshArgs = ['remotion', 'render', 'compositions/index.ts', 'welcome', join(out, `fresh-${run}.mp4`), props];
  execFileSync('npx', [...freshArgs, ...cliFlags], { stdio: ['ignore', 'ignore', 'inherit'] });
  fresh.push(seconds(started));
  const steps = `frames ${video.toFixed(1)} s, stitch ${stitch.toFixed(2)} s, posters + GIF ${stills.toFixed(1)} s`;
  const reuse = `${cached.segments.framesRendered}/${cached.segments.framesDelivered} frames rendered`;
  console.log(`run ${run + 1}: warm ${total.toFixed(1)} s (${steps}); fresh ${fresh[run]!.toFixed(1)} s (MP4 only)`);
  console.log(`       from segments: ${cached.timings.total.toFixed(1)} s (${reuse})`);
}
await renderer.close();
rmSync(out, { recursive: true, force: true });

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})`;
console.log(`\nwelcome (19.5 s, 585 frames, 1280×720), ${runs} alternating runs each, ${machine}; medians:`);
console.log(`warm renderer start-up (bundle + browser), once per process: ${startUpSeconds.toFixed(1)} s`);
const parts = `MP4 part ${median(warmVideo).toFixed(2)} s, posters + GIF ${median(warmStills).toFixed(2)} s`;
console.log(`warm renderer, MP4 + 2 posters + GIF: ${median(warm).toFixed(2)} s/video (${parts})`);
console.log(`fresh \`npx remotion render\`, MP4 only: ${median(fresh).toFixed(2)} s/video`);
const ratio = (warmSeconds: number[]) => (median(fresh) / median(warmSeconds)).toFixed(2);
console.log(`ratio fresh / warm MP4 part: ${ratio(warmVideo)}x; fresh MP4 / warm whole job: ${ratio(warm)}x`);
if (runs > 1) {
  const later = segmented.slice(1);
  console.log(
    `from segments, runs 2..${runs} (cache warm): ${median(later).toFixed(2)} s/video, ${ratio(later)}x fresh`,
  );
}
