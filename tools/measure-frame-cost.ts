// npx tsx tools/measure-frame-cost.ts <template> <first> <last> [props as JSON] [runs]
// Prints what one frame of a stretch of a template costs to paint and capture on the warm browser, with the worker's
// image settings (JPEG 90, 2 tabs). A warm-up pass loads the page and fonts; the median of the timed runs is reported.
// Wall time suffers when other work shares the 2 cores, so the CPU time of Chromium and this process is reported too.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBrowser, renderFrames, selectComposition } from '@remotion/renderer';
import { resolveBrowser } from '../render/browser';
import { getBundle } from '../render/bundle';

const [id = 'welcome', first = '0', last = '89', rawProps = '{}', rawRuns = '3'] = process.argv.slice(2);
const frameRange: [number, number] = [Number(first), Number(last)];
const inputProps = JSON.parse(rawProps) as Record<string, unknown>;
const runs = Number(rawRuns);

const TICK_MS = 10; // Linux counts process CPU time in 1/100 s

/** Our process tree's Chromium processes: pid → user + system CPU ms so far. */
function chromiumCpu(): Map<number, number> {
  const parents = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name, which is in parentheses and may hold spaces.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
      if (stat.includes('(chromium') || stat.includes('(chrome')) {
        cpu.set(Number(entry), (Number(fields[11]) + Number(fields[12])) * TICK_MS);
      }
    } catch {
      // The process ended while we looked.
    }
  }
  const ours = (pid: number): boolean => {
    for (let at = pid; at > 1; at = parents.get(at) ?? 0) if (at === process.pid) return true;
    return false;
  };
  return new Map([...cpu].filter(([pid]) => ours(pid)));
}

/** Polls Chromium's CPU time while `work` runs, so tabs that close before the end are still counted. */
async function withCpu(work: () => Promise<void>): Promise<number> {
  const start = chromiumCpu();
  const last = new Map(start);
  const poll = () => {
    for (const [pid, ms] of chromiumCpu()) last.set(pid, ms);
  };
  const timer = setInterval(poll, 50);
  const own = process.cpuUsage();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  poll();
  const { user, system } = process.cpuUsage(own);
  let total = (user + system) / 1000;
  for (const [pid, ms] of last) total += ms - (start.get(pid) ?? 0);
  return total;
}

const chrome = resolveBrowser();
const serveUrl = await getBundle();
const browser = await openBrowser('chrome', {
  browserExecutable: chrome.executable,
  chromeMode: chrome.chromeMode,
  logLevel: 'error',
});
const common = {
  serveUrl,
  puppeteerInstance: browser,
  browserExecutable: chrome.executable,
  chromeMode: chrome.chromeMode,
  logLevel: 'error' as const,
};
const out = await mkdtemp(join(tmpdir(), 'reelpipe-frame-cost-'));
try {
  const composition = await selectComposition({ ...common, id, inputProps });
  const frames = frameRange[1] - frameRange[0] + 1;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run <= runs; run++) {
    const started = performance.now();
    const cpuMs = await withCpu(async () => {
      await renderFrames({
        ...common,
        composition,
        inputProps,
        frameRange,
        imageFormat: 'jpeg',
        jpegQuality: 90,
        concurrency: 2,
        outputDir: join(out, String(run)),
        onStart: () => undefined,
        onFrameUpdate: () => undefined,
      });
    });
    const perFrame = (performance.now() - started) / frames;
    if (run > 0) {
      wall.push(perFrame);
      cpu.push(cpuMs / frames);
    }
    const label = run === 0 ? 'warm-up' : `run ${run}`;
    console.log(`${label}: ${perFrame.toFixed(1)} ms/frame wall, ${(cpuMs / frames).toFixed(1)} ms/frame CPU`);
  }
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!.toFixed(1);
  const range = `${frameRange[0]}–${frameRange[1]} (${frames})`;
  console.log(`${id} frames ${range}: median ${median(wall)} ms/frame wall, ${median(cpu)} ms/frame CPU`);
} finally {
  await browser.close({ silent: true });
  await rm(out, { recursive: true, force: true });
}
