import { openBrowser, renderFrames, selectComposition } from '@remotion/renderer';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyTemplate, findTemplate, TEMPLATES } from '../compositions/registry';
import type { ScenePlacement } from '../compositions/shared/timeline';
import { resolveBrowser } from '../render/browser';
import { getBundle } from '../render/bundle';
import { partsComposition, wholeComposition } from '../render/render-frames';

// Proves every scene's declaration in real Chromium: two recipients equal in what a scene reads (and in its params)
// get pixel-identical frames of it, however much they differ otherwise and wherever the scene falls in their video.
// That is what lets the renderer cache a scene group once and reuse it for every recipient with the same key.

const chrome = resolveBrowser();
let browser: Awaited<ReturnType<typeof openBrowser>>;
let serveUrl: string;

beforeAll(async () => {
  serveUrl = await getBundle();
  browser = await openBrowser('chrome', {
    browserExecutable: chrome.executable,
    chromeMode: chrome.chromeMode,
    logLevel: 'error',
  });
});

afterAll(async () => {
  await browser?.close({ silent: true });
});

const common = () => ({
  serveUrl,
  puppeteerInstance: browser,
  browserExecutable: chrome.executable,
  chromeMode: chrome.chromeMode,
  logLevel: 'error' as const,
});

type Props = Record<string, unknown>;
const template = (id: string): AnyTemplate => findTemplate(id)!;

/** Props as the worker renders them: parsed by the template's schema, defaults filled in. */
const parse = (id: string, props: Props): Props => template(id).schema.parse(props) as Props;
const metadataOf = (id: string, props: Props) => template(id).metadata(parse(id, props));

/** A composition to render, built as the worker builds it: a template's whole video, or its parts composition. */
type Video = ReturnType<typeof partsComposition>;
const whole = (id: string, props: Props): Video =>
  wholeComposition(template(id), parse(id, props), metadataOf(id, props));
const parts = (id: string, props: Props, groups: number[]): Video =>
  partsComposition(template(id), parse(id, props), metadataOf(id, props), groups);

// Every frame rendered so far (PNG), by composition and props: each frame is rendered once per props even when several
// checks compare it.
const rendered = new Map<string, Map<number, Buffer>>();

/** Pixel for pixel. Equal PNG bytes mean equal pixels; only differing files are decoded to compare what they show. */
const samePixels = (a: Buffer, b: Buffer): boolean =>
  a.equals(b) || PNG.sync.read(a).data.equals(PNG.sync.read(b).data);

/** Renders these frames of a video as PNGs in one call, `concurrency` tabs, into `into`. */
async function renderPngs(video: Video, frames: number[], concurrency: number, into: Map<number, Buffer>) {
  await renderFrames({
    ...common(),
    composition: video,
    inputProps: video.props,
    frames,
    imageFormat: 'png',
    concurrency,
    outputDir: null,
    onFrameBuffer: (buffer, frame) => {
      into.set(frame, buffer);
    },
    onStart: () => undefined,
    onFrameUpdate: () => undefined,
  });
}

/** Frames of a video, the missing ones rendered in one call, with no tab of its own to select the composition. */
async function framesOf(video: Video, frames: readonly number[]): Promise<Map<number, Buffer>> {
  const key = `${video.id}:${JSON.stringify(video.props)}`;
  const known = rendered.get(key) ?? new Map<number, Buffer>();
  rendered.set(key, known);
  const missing = [...new Set(frames)].filter((frame) => !known.has(frame)).sort((a, b) => a - b);
  if (missing.length) await renderPngs(video, missing, 2, known);
  return known;
}

/** Every 3rd frame of a stretch, and always its first and last: the frames either side of its cuts. */
const sample = (durationInFrames: number): number[] => [
  ...new Set([...Array.from({ length: Math.ceil(durationInFrames / 3) }, (_, i) => i * 3), durationInFrames - 1]),
];

/** Frames rendered afresh, each alone in a call of its own (no cache, one tab): a second look at a differing frame. */
async function framesAgain(video: Video, frames: readonly number[]): Promise<Map<number, Buffer>> {
  const again = new Map<number, Buffer>();
  for (const frame of frames) await renderPngs(video, [frame], 1, again);
  return again;
}

/**
 * Offsets within a stretch whose frames differ between two videos (where it starts in each: fromA, fromB). A frame
 * that differs is drawn again on both sides before it counts: a scene that reads an undeclared prop differs every
 * time, while Chromium's software compositor, loaded, has been seen to draw a fade's frame wrong once in about a dozen
 * runs of this file (in CI and here), which says nothing about the declarations.
 */
async function differingFrames(
  [videoA, fromA]: [Video, number],
  [videoB, fromB]: [Video, number],
  offsets: number[],
): Promise<number[]> {
  const framesA = await framesOf(
    videoA,
    offsets.map((offset) => fromA + offset),
  );
  const framesB = await framesOf(
    videoB,
    offsets.map((offset) => fromB + offset),
  );
  const first = offsets.filter((offset) => !samePixels(framesA.get(fromA + offset)!, framesB.get(fromB + offset)!));
  if (!first.length) return first;
  const againA = await framesAgain(
    videoA,
    first.map((offset) => fromA + offset),
  );
  const againB = await framesAgain(
    videoB,
    first.map((offset) => fromB + offset),
  );
  const confirmed = first.filter((offset) => !samePixels(againA.get(fromA + offset)!, againB.get(fromB + offset)!));
  if (confirmed.length < first.length) {
    console.warn(`${first.length - confirmed.length} frame(s) differed once and not when drawn again`);
  }
  return confirmed;
}

const differing = (id: string, [a, fromA]: [Props, number], [b, fromB]: [Props, number], offsets: number[]) =>
  differingFrames([whole(id, a), fromA], [whole(id, b), fromB], offsets);

/** The placement in `props`' video of the scene with this id (name and params). */
const find = (id: string, props: Props, sceneId: string): ScenePlacement => {
  const found = metadataOf(id, props).scenes.find((scene) => scene.id === sceneId);
  if (!found) throw new Error(`no scene ${sceneId} in this ${id} video`);
  return found;
};

/**
 * What must be equal for a scene's frames to be equal: what it reads, and what every scene of its group reads, since
 * a transition puts its neighbour on screen with it.
 */
const readsOfGroup = (id: string, props: Props, sceneId: string): string[] => {
  const { scenes, groups } = metadataOf(id, props);
  const index = scenes.findIndex((scene) => scene.id === sceneId);
  const group = groups.find((candidate) => candidate.scenes.includes(index))!;
  return [...new Set(group.scenes.flatMap((member) => scenes[member]!.reads))];
};

interface Case {
  template: string;
  /** The first recipient: long free text everywhere. */
  a: Props;
  /** For each scene of a's video: a second recipient equal to `a` in what the scene reads, different otherwise. */
  other: (scene: ScenePlacement, reads: string[]) => Props;
}

const pick = (props: Props, keys: readonly string[]) => Object.fromEntries(keys.map((key) => [key, props[key]]));

const WELCOME_A = {
  firstName: 'Maximiliana Alexandra',
  company: 'Northwind Freight & Logistics International',
  locale: 'en',
  occasion: 'onboarding',
  plan: 'growth',
  industry: 'retail',
  accountManager: 'Kovácsné Szabó Krisztina',
};
const WELCOME_OTHER = {
  firstName: '',
  company: '',
  locale: 'ru',
  occasion: 'renewal',
  plan: 'enterprise',
  industry: 'finance',
  accountManager: '',
};

const TRIP_A = {
  destination: 'lisbon',
  startDate: '2027-05-12',
  endDate: '2027-05-19',
  travellers: 2,
  interests: ['food', 'culture'],
  firstName: 'Maximiliana Alexandra',
  locale: 'pt',
};
const TRIP_OTHER = {
  destination: 'kyoto',
  startDate: '2027-10-01',
  endDate: '2027-10-03',
  travellers: 5,
  interests: ['nightlife', 'wellness', 'adventure'],
  firstName: '',
  locale: 'hu',
};

const CASES: Case[] = [
  {
    template: 'welcome',
    a: WELCOME_A,
    other: (_scene, reads) => ({ ...WELCOME_OTHER, ...pick(WELCOME_A, reads) }),
  },
  {
    template: 'trip',
    a: TRIP_A,
    other: (scene, reads) => {
      const b: Props = { ...TRIP_OTHER, ...pick(TRIP_A, reads) };
      // An interest scene's interest comes from its params: the other visitor chose it too, but as their last one,
      // so the scene also falls at another place in their video.
      if (typeof scene.params.interest === 'string') b.interests = ['nightlife', 'wellness', scene.params.interest];
      return b;
    },
  },
];

// Any other template (one `reelpipe new-template` wrote) is proven with its own two sample recipients.
for (const extra of TEMPLATES.filter((t) => !CASES.some((known) => known.template === t.id))) {
  if (!extra.samples)
    throw new Error(`template "${extra.id}" needs \`samples\`: two recipients differing in every prop`);
  const [a, b] = extra.samples as readonly [Props, Props];
  CASES.push({ template: extra.id, a, other: (_scene, reads) => ({ ...b, ...pick(a, reads) }) });
}

describe('scene declarations', () => {
  for (const { template: id, a, other } of CASES) {
    it(`${id}: two recipients equal in what a scene reads get the same frames of it`, async () => {
      const scenes = metadataOf(id, a).scenes;
      const report: string[] = [];
      const failures: Record<string, number[]> = {};
      for (const scene of scenes) {
        const reads = readsOfGroup(id, a, scene.id);
        const b = other(scene, reads);
        // The second recipient differs in every prop the scene's group does not read.
        for (const key of Object.keys(a)) {
          if (reads.includes(key)) expect(b[key], `${scene.id}: ${key}`).toEqual(a[key]);
          else expect(b[key], `${scene.id}: ${key}`).not.toEqual(a[key]);
        }
        const there = find(id, b, scene.id);
        expect(there.durationInFrames).toBe(scene.durationInFrames);
        const offsets = sample(scene.durationInFrames);
        const diff = await differing(id, [a, scene.from], [b, there.from], offsets);
        report.push(`${scene.id} at ${scene.from} and ${there.from}: ${offsets.length} frames, ${diff.length} differ`);
        if (diff.length) failures[`${scene.id} (reads ${reads.join(', ') || 'nothing'})`] = diff;
      }
      console.log(`${id}\n  ${report.join('\n  ')}`);
      // Offsets (within the scene) of the frames that differ, by scene: none anywhere.
      expect(failures).toEqual({});
    });
  }

  it('trip: an interest group renders the same wherever it falls in the video', async () => {
    // The same interest as the 1st of one visitor and the 3rd of another: each is a group of its own, so one render
    // serves both.
    const first = { ...TRIP_A, interests: ['nature'] };
    const third = { ...TRIP_A, interests: ['food', 'culture', 'nature'] };
    const [here, there] = [
      find('trip', first, 'interest:interest=nature'),
      find('trip', third, 'interest:interest=nature'),
    ];
    expect(there.from - here.from).toBe(2 * here.durationInFrames);
    const offsets = sample(here.durationInFrames);
    expect(await differing('trip', [first, here.from], [third, there.from], offsets)).toEqual([]);
  });

  it('the comparison can fail: a prop a scene reads does change its frames', async () => {
    const greeting = find('welcome', WELCOME_A, 'greeting');
    const middle = [Math.floor(greeting.durationInFrames / 2)];
    const renamed = { ...WELCOME_A, firstName: 'Ana' };
    expect(await differing('welcome', [WELCOME_A, greeting.from], [renamed, greeting.from], middle)).toEqual(middle);
    const food = find('trip', TRIP_A, 'interest:interest=food');
    const inHungarian = { ...TRIP_A, locale: 'hu' };
    const later = [food.durationInFrames - 30];
    expect(await differing('trip', [TRIP_A, food.from], [inHungarian, food.from], later)).toEqual(later);
  });
});

describe('parts composition', () => {
  const PARTS: Array<{ template: string; props: Props; groups: number[] }> = [
    // benefits + steps (joined by a fade) and the call to action, as one call would render a contact's missing ones
    { template: 'welcome', props: WELCOME_A, groups: [2, 5] },
    // the intro and the second interest
    { template: 'trip', props: TRIP_A, groups: [1, 3] },
  ];
  // Any other template: its last group, then its first.
  for (const extra of TEMPLATES.filter((t) => !PARTS.some((known) => known.template === t.id))) {
    const props = extra.samples![0] as Props;
    PARTS.push({ template: extra.id, props, groups: [metadataOf(extra.id, props).groups.length - 1, 0] });
  }
  for (const { template: id, props, groups: chosen } of PARTS) {
    it(`${id}: groups ${chosen.join(' and ')} back to back are the frames of the whole video`, async () => {
      const meta = metadataOf(id, props);
      const video = parts(id, props, chosen);
      // The Remotion root sizes the parts composition as the renderer does, from the metadata.
      const selected = await selectComposition({ ...common(), id: video.id, inputProps: video.props });
      expect(selected.durationInFrames).toBe(video.durationInFrames);
      let start = 0;
      for (const group of chosen.map((index) => meta.groups[index]!)) {
        const offsets = sample(group.durationInFrames);
        const diff = await differingFrames([video, start], [whole(id, props), group.from], offsets);
        expect(diff, `group from ${group.from}`).toEqual([]);
        start += group.durationInFrames;
      }
    });
  }
});
