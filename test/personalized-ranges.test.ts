import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBrowser, renderFrames, renderStill, selectComposition } from '@remotion/renderer';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrameRange } from '../compositions/shared/timeline';
import { getTemplate, parseProps } from '../core/templates';
import { resolveBrowser } from '../render/browser';
import { getBundle } from '../render/bundle';

// Proves each template's declaration: two recipients who agree only on `sharedSceneProps` get pixel-identical frames
// everywhere outside `personalizedRanges`, so those frames can later be rendered once and reused.

const chrome = resolveBrowser();
let browser: Awaited<ReturnType<typeof openBrowser>>;
let serveUrl: string;
let root: string;

beforeAll(async () => {
  serveUrl = await getBundle();
  browser = await openBrowser('chrome', {
    browserExecutable: chrome.executable,
    chromeMode: chrome.chromeMode,
    logLevel: 'error',
  });
  root = await mkdtemp(join(tmpdir(), 'reelpipe-ranges-test-'));
});

afterAll(async () => {
  await browser?.close({ silent: true });
  await rm(root, { recursive: true, force: true });
});

const sharedRanges = (personal: FrameRange[], durationInFrames: number): FrameRange[] => {
  const shared: FrameRange[] = [];
  let next = 0;
  for (const [first, last] of personal) {
    if (first > next) shared.push([next, first - 1]);
    next = last + 1;
  }
  if (next < durationInFrames) shared.push([next, durationInFrames - 1]);
  return shared;
};

const common = () => ({
  serveUrl,
  puppeteerInstance: browser,
  browserExecutable: chrome.executable,
  chromeMode: chrome.chromeMode,
  logLevel: 'error' as const,
});

async function framesOf(
  templateId: string,
  props: Record<string, unknown>,
  ranges: FrameRange[],
  dir: string,
): Promise<Map<string, Buffer>> {
  const composition = await selectComposition({ ...common(), id: templateId, inputProps: props });
  for (const [index, frameRange] of ranges.entries()) {
    await renderFrames({
      ...common(),
      composition,
      inputProps: props,
      frameRange,
      imageFormat: 'png',
      concurrency: 2,
      outputDir: join(dir, String(index)),
      onStart: () => undefined,
      onFrameUpdate: () => undefined,
    });
  }
  const frames = new Map<string, Buffer>();
  for (const index of ranges.keys()) {
    for (const file of await readdir(join(dir, String(index)))) {
      frames.set(file, PNG.sync.read(await readFile(join(dir, String(index), file))).data);
    }
  }
  return frames;
}

async function stillOf(templateId: string, props: Record<string, unknown>, frame: number): Promise<Buffer> {
  const composition = await selectComposition({ ...common(), id: templateId, inputProps: props });
  const { buffer } = await renderStill({ ...common(), composition, inputProps: props, frame, imageFormat: 'png' });
  return PNG.sync.read(buffer!).data;
}

const CASES = [
  {
    template: 'welcome',
    a: {
      firstName: 'Ana',
      company: 'Acme Logistics',
      locale: 'en',
      occasion: 'onboarding',
      plan: 'growth',
      industry: 'retail',
      accountManager: 'Maria Silva',
    },
    b: {
      firstName: 'Анна Кузнецова',
      company: 'ООО Ромашка 🌼',
      locale: 'en',
      occasion: 'renewal',
      plan: 'enterprise',
      industry: 'finance',
      accountManager: '',
    },
  },
  {
    template: 'trip',
    a: {
      destination: 'lisbon',
      startDate: '2027-05-12',
      endDate: '2027-05-19',
      travellers: 2,
      interests: ['food', 'nature'],
      firstName: 'João',
      locale: 'pt',
    },
    b: {
      destination: 'kyoto',
      startDate: '2027-10-01',
      endDate: '2027-10-03',
      travellers: 5,
      interests: ['food', 'nature'],
      firstName: '',
      locale: 'pt',
    },
  },
];

describe('personalised frame ranges', () => {
  for (const { template: id, a: rawA, b: rawB } of CASES) {
    it(`${id}: frames outside the declared ranges are identical for two recipients`, async () => {
      const template = getTemplate(id);
      const a = parseProps(template, rawA);
      const b = parseProps(template, rawB);
      // The two recipients differ in every prop the shared scenes must not read.
      for (const key of Object.keys(a)) {
        if (template.sharedSceneProps.includes(key)) expect(b[key]).toEqual(a[key]);
        else expect(b[key]).not.toEqual(a[key]);
      }
      const meta = template.metadata(a);
      expect(template.metadata(b).personalizedRanges).toEqual(meta.personalizedRanges);
      const shared = sharedRanges(meta.personalizedRanges, meta.durationInFrames);
      expect(shared.length).toBeGreaterThan(0);

      const framesA = await framesOf(id, a, shared, join(root, id, 'a'));
      const framesB = await framesOf(id, b, shared, join(root, id, 'b'));
      const expected = shared.reduce((sum, [first, last]) => sum + last - first + 1, 0);
      expect(framesA.size).toBe(expected);
      expect([...framesB.keys()].sort()).toEqual([...framesA.keys()].sort());
      const differing = [...framesA]
        .filter(([file, pixels]) => !pixels.equals(framesB.get(file)!))
        .map(([file]) => file);
      expect(differing).toEqual([]);

      // And the comparison can fail: inside the first personal range the two recipients do differ.
      const [first, last] = meta.personalizedRanges[0]!;
      const middle = Math.round((first + last) / 2);
      expect((await stillOf(id, a, middle)).equals(await stillOf(id, b, middle))).toBe(false);
    });
  }
});
