import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidPropsError, RenderCancelledError, RenderTimeoutError } from '../core/errors';
import { ffprobeJson } from '../render/ffmpeg';
import { Renderer, type RenderResult } from '../render/renderer';
import { SegmentCache } from '../render/segment-cache';
import {
  brightShare,
  decodeImage,
  descendantProcesses,
  framePsnr,
  playInChromium,
  topLevelBoxes,
  videoTimestamps,
  x264Settings,
} from './helpers/media';

// Real Chromium (Debian chromium-headless-shell), the real bundle and Remotion's ffmpeg: nothing is faked here.
let renderer: Renderer;
let root: string;

const tripProps = {
  firstName: 'Анна 🌍',
  destination: 'palawan',
  locale: 'ru',
  interests: ['beaches'],
  travellers: 3,
  startDate: '2027-01-28',
  endDate: '2027-02-04',
};
// Set by the whole render of `tripProps`, compared with the same video rendered from segments.
let wholeTrip: RenderResult;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'reelpipe-render-test-'));
  // A cache of this test's own, on disk only: what one render leaves, the next reuses.
  renderer = await Renderer.start({ cache: new SegmentCache(join(root, 'segments'), 1024 ** 3) });
});

afterAll(async () => {
  await renderer?.close();
  await rm(root, { recursive: true, force: true });
});

async function expectPlayableMp4(result: RenderResult) {
  const probe = await ffprobeJson(result.outputs.video);
  const video = probe.streams.find((stream) => stream.codec_type === 'video');
  expect(video).toMatchObject({
    codec_name: 'h264',
    pix_fmt: 'yuv420p',
    width: 1280,
    height: 720,
    r_frame_rate: '30/1',
  });
  expect(Number(video?.nb_frames)).toBe(result.metadata.durationInFrames);
  expect(Number(probe.format.duration)).toBeCloseTo(result.metadata.durationInFrames / 30, 1);
  // The music bed, laid once under the whole video.
  const audio = probe.streams.find((stream) => stream.codec_type === 'audio');
  expect(audio).toMatchObject({ codec_name: 'aac' });
  expect(Number(audio?.duration)).toBeCloseTo(result.metadata.durationInFrames / 30, 1);
  const boxes = topLevelBoxes(result.outputs.video);
  expect(boxes.indexOf('moov')).toBeGreaterThanOrEqual(0);
  expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
}

/**
 * The same video: every frame once on a regular timeline (no duplicate, gap or drift at a join), the same frame count,
 * and each frame within encoder noise of the reference (a dropped or doubled frame in motion falls far below 40 dB).
 */
async function expectSameVideo(result: RenderResult, reference: RenderResult) {
  const { ticksPerSecond, pts } = await videoTimestamps(result.outputs.video);
  const frames = reference.metadata.durationInFrames;
  expect(pts).toHaveLength(frames);
  expect(pts[0]).toBe(0);
  expect(pts.slice(1).map((value, i) => value - pts[i]!)).toEqual(Array(frames - 1).fill(ticksPerSecond / 30));
  const psnr = await framePsnr(reference.outputs.video, result.outputs.video);
  expect(psnr).toHaveLength(frames);
  expect(Math.min(...psnr)).toBeGreaterThanOrEqual(40);
}

async function expectEmailImages(result: RenderResult) {
  const poster = await decodeImage(result.outputs.poster);
  const posterPlay = await decodeImage(result.outputs.posterPlay);
  expect([poster.width, poster.height]).toEqual([1280, 720]);
  // The play button is white at the centre of the play-button poster only.
  const centre = { x: 600, y: 330, width: 30, height: 60 };
  expect(brightShare(posterPlay, centre, 230)).toBeGreaterThan(0.3);
  expect(brightShare(posterPlay, centre, 230)).toBeGreaterThan(brightShare(poster, centre, 230));

  for (const file of [result.outputs.gif, result.outputs.gifPlay]) {
    const gif = await ffprobeJson(file);
    expect(gif.streams[0]).toMatchObject({ codec_name: 'gif', width: 480, height: 270 });
    expect(Number(gif.format.duration)).toBeGreaterThan(2.5);
    expect(Number(gif.format.duration)).toBeLessThan(3.5);
    expect(statSync(file).size).toBeLessThanOrEqual(1024 * 1024);
  }
  // Outlook shows a GIF's first frame only: it is the poster frame (within the GIF's palette and scaling), closer to
  // it than to the preview range's own first frame, where the GIF used to start.
  const gifFirst = await decodeImage(result.outputs.gif);
  const rangeStart = await decodeImage(result.outputs.video, result.metadata.previewRange[0] / 30);
  expect(meanDifference(gifFirst, poster)).toBeLessThan(10);
  expect(meanDifference(gifFirst, rangeStart)).toBeGreaterThan(meanDifference(gifFirst, poster));
  // The play-button GIF has the button at its centre, on its first frame as on the others.
  const playFirst = await decodeImage(result.outputs.gifPlay);
  const gifCentre = { x: 225, y: 124, width: 11, height: 22 };
  expect(brightShare(playFirst, gifCentre, 230)).toBeGreaterThan(0.3);
  expect(brightShare(playFirst, gifCentre, 230)).toBeGreaterThan(brightShare(gifFirst, gifCentre, 230));
}

/** Mean absolute difference (0–255) between a small image and a larger one of the same picture, sampled on a grid. */
function meanDifference(small: PNG, large: PNG): number {
  let sum = 0;
  let count = 0;
  for (let y = 4; y < small.height; y += 8) {
    for (let x = 4; x < small.width; x += 8) {
      const s = (y * small.width + x) * 4;
      const l =
        (Math.floor((y * large.height) / small.height) * large.width + Math.floor((x * large.width) / small.width)) * 4;
      for (let c = 0; c < 3; c++) sum += Math.abs(small.data[s + c]! - large.data[l + c]!);
      count += 3;
    }
  }
  return sum / count;
}

describe('Renderer', () => {
  it('renders welcome with a long Hungarian name, Cyrillic manager and an emoji company', async () => {
    const stages = new Set<string>();
    let last = 0;
    let monotonic = true;
    const result = await renderer.render(
      {
        template: 'welcome',
        outDir: join(root, 'welcome'),
        props: {
          firstName: 'Árpád Szőke-Győri Maximilián',
          company: 'Győri Keksz Kft. 🍪',
          locale: 'hu',
          accountManager: 'Анна Кузнецова',
          industry: 'manufacturing',
        },
      },
      {
        onProgress: ({ stage, progress }) => {
          stages.add(stage);
          monotonic &&= progress >= last;
          last = progress;
        },
      },
    );
    expect([...stages]).toEqual(['preparing', 'video', 'stills', 'done']);
    expect(monotonic && last === 1).toBe(true);
    await expectPlayableMp4(result);
    await expectEmailImages(result);

    // The greeting line (name) is drawn, and shrunk to fit: nothing bright beyond its 1040-px box.
    const intro = await decodeImage(result.outputs.video, 3);
    expect(brightShare(intro, { x: 120, y: 210, width: 1040, height: 120 })).toBeGreaterThan(0.04);
    expect(brightShare(intro, { x: 1175, y: 200, width: 105, height: 140 })).toBe(0);
    expect(readdirSync(join(root, 'welcome')).sort()).toEqual([
      'poster-play.jpg',
      'poster.jpg',
      'preview-play.gif',
      'preview.gif',
      'video.mp4',
    ]);
  });

  it('rejects invalid props before doing any work', async () => {
    const outDir = join(root, 'invalid');
    await expect(
      renderer.render({ template: 'welcome', props: { firstName: 'x'.repeat(41) }, outDir }),
    ).rejects.toThrow(InvalidPropsError);
    expect(existsSync(outDir)).toBe(false);
  });

  it('cancels a running render and leaves no files behind', async () => {
    const launches = renderer.browserLaunches;
    const outDir = join(root, 'cancelled');
    const abort = new AbortController();
    const rendering = renderer.render(
      { template: 'trip', props: { interests: ['food'] }, outDir },
      {
        signal: abort.signal,
        onProgress: ({ stage, progress }) => stage === 'video' && progress > 0.2 && abort.abort(),
      },
    );
    await expect(rendering).rejects.toThrow(RenderCancelledError);
    expect(readdirSync(outDir)).toEqual([]);
    expect(descendantProcesses(/ffmpeg/)).toEqual([]);
    expect(renderer.browserLaunches).toBe(launches);
  });

  it('renders trip in Russian with an emoji in the name on the same browser after the cancel', async () => {
    const launches = renderer.browserLaunches;
    const result = await renderer.render({
      template: 'trip',
      outDir: join(root, 'trip'),
      props: tripProps,
      whole: true,
    });
    expect(renderer.browserLaunches).toBe(launches);
    // Opener 45, intro 96, one interest 84, outro 105 frames.
    expect(result.metadata.durationInFrames).toBe(330);
    await expectPlayableMp4(result);
    await expectEmailImages(result);
    const intro = await decodeImage(result.outputs.video, 3);
    // Greeting with the name, and the destination name below it.
    expect(brightShare(intro, { x: 110, y: 190, width: 500, height: 45 })).toBeGreaterThan(0.05);
    expect(brightShare(intro, { x: 110, y: 250, width: 700, height: 140 })).toBeGreaterThan(0.08);
    wholeTrip = result;
  });

  it('stops a render that runs past its timeout', async () => {
    const outDir = join(root, 'timeout');
    await expect(renderer.render({ template: 'trip', props: {}, outDir }, { timeoutMs: 2_000 })).rejects.toThrow(
      RenderTimeoutError,
    );
    expect(readdirSync(outDir)).toEqual([]);
    expect(descendantProcesses(/ffmpeg/)).toEqual([]);
  });

  it('renders trip from segments on a fresh browser after the timeout, frame for frame like the whole render', async () => {
    const launches = renderer.browserLaunches;
    const result = await renderer.render({ template: 'trip', outDir: join(root, 'trip-segments'), props: tripProps });
    expect(renderer.browserLaunches).toBe(launches + 1);
    const groups = result.metadata.groups.length;
    expect(groups).toBeGreaterThan(1);
    // A first render finds nothing to reuse: every segment is rendered, all in one call, then cut apart.
    expect(result.segments.framesRendered).toBe(result.segments.framesDelivered);
    expect(Object.values(result.segments.rendered).reduce((sum, count) => sum + count, 0)).toBe(groups);
    await expectPlayableMp4(result);
    await expectEmailImages(result);
    await expectSameVideo(result, wholeTrip);
    for (const encode of x264Settings(result.outputs.video)) {
      for (const option of ['stitchable=1', 'open_gop=0']) expect(encode).toContain(` ${option} `);
    }
  });

  it("renders a second visitor from the first one's segments but their own scenes; it plays in Chromium", async () => {
    const other = {
      ...tripProps,
      firstName: 'Ольга',
      destination: 'kyoto',
      startDate: '2027-03-01',
      endDate: '2027-03-09',
    };
    const result = await renderer.render({ template: 'trip', outDir: join(root, 'trip-other'), props: other });
    const { metadata, segments } = result;
    const personal = metadata.groups.filter((group) => group.kind === 'personal');
    expect(segments.rendered).toEqual({ static: 0, variant: 0, personal: personal.length });
    expect(segments.reused.variant + segments.reused.static).toBe(metadata.groups.length - personal.length);
    expect(segments.framesRendered).toBe(personal.reduce((sum, group) => sum + group.durationInFrames, 0));
    await expectPlayableMp4(result);
    const whole = await renderer.render({
      template: 'trip',
      outDir: join(root, 'trip-other-whole'),
      props: other,
      whole: true,
    });
    await expectSameVideo(result, whole);
    const played = await playInChromium(result.outputs.video);
    expect(played).toMatchObject({ ended: true, error: null });
    expect(played.duration).toBeCloseTo(metadata.durationInFrames / metadata.fps, 1);
  });

  it('leaves no Chromium process behind once closed', async () => {
    expect(descendantProcesses(/chrom/i).length).toBeGreaterThan(0);
    await renderer.close();
    expect(descendantProcesses(/chrom/i)).toEqual([]);
  });
});
