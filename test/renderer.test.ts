import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidPropsError, RenderCancelledError, RenderTimeoutError } from '../core/errors';
import { getTemplate } from '../core/templates';
import { ffprobeJson } from '../render/ffmpeg';
import { Renderer, type RenderResult } from '../render/renderer';
import {
  brightShare,
  decodeImage,
  descendantProcesses,
  framePsnr,
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
// Set by the whole render of `tripProps`, compared with the same video rendered in pieces.
let wholeTrip: RenderResult;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'reelpipe-render-test-'));
  renderer = await Renderer.start();
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
  const boxes = topLevelBoxes(result.outputs.video);
  expect(boxes.indexOf('moov')).toBeGreaterThanOrEqual(0);
  expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
}

async function expectEmailImages(result: RenderResult) {
  const poster = await decodeImage(result.outputs.poster);
  const posterPlay = await decodeImage(result.outputs.posterPlay);
  expect([poster.width, poster.height]).toEqual([1280, 720]);
  // The play button is white at the centre of the play-button poster only.
  const centre = { x: 600, y: 330, width: 30, height: 60 };
  expect(brightShare(posterPlay, centre, 230)).toBeGreaterThan(0.3);
  expect(brightShare(posterPlay, centre, 230)).toBeGreaterThan(brightShare(poster, centre, 230));

  const gif = await ffprobeJson(result.outputs.gif);
  expect(gif.streams[0]).toMatchObject({ codec_name: 'gif', width: 480, height: 270 });
  expect(Number(gif.format.duration)).toBeGreaterThan(2.5);
  expect(Number(gif.format.duration)).toBeLessThan(3.5);
  expect(statSync(result.outputs.gif).size).toBeLessThanOrEqual(1024 * 1024);
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
    const result = await renderer.render({ template: 'trip', outDir: join(root, 'trip'), props: tripProps });
    expect(renderer.browserLaunches).toBe(launches);
    expect(result.metadata.durationInFrames).toBe(300);
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

  it('renders trip in pieces on a fresh browser after the timeout, frame for frame like the whole render', async () => {
    const launches = renderer.browserLaunches;
    const { segments } = getTemplate('trip').metadata(wholeTrip.props);
    // Cut only where a single scene is on screen: a cut frame and the frame before it each lie in exactly one scene.
    // Neither cut is a multiple of the one-second GOP, and 70 / 30 s is not a whole number of microseconds.
    const cuts = [70, 155];
    const scenesAt = (frame: number) => segments.filter((s) => frame >= s.from && frame < s.from + s.durationInFrames);
    for (const cut of cuts) expect([scenesAt(cut - 1).length, scenesAt(cut).length]).toEqual([1, 1]);

    const result = await renderer.render({
      template: 'trip',
      outDir: join(root, 'trip-pieces'),
      props: tripProps,
      cuts,
    });
    expect(renderer.browserLaunches).toBe(launches + 1);
    await expectPlayableMp4(result);
    await expectEmailImages(result);

    // Every frame once, on a regular timeline: no duplicate, gap or drift at the joins.
    const { ticksPerSecond, pts } = await videoTimestamps(result.outputs.video);
    expect(pts).toHaveLength(300);
    expect(pts.slice(1).map((value, i) => value - pts[i]!)).toEqual(
      Array(299).fill(ticksPerSecond / result.metadata.fps),
    );
    expect(pts[0]).toBe(0);
    // Each piece is its own x264 encode with closed GOPs and stitchable headers.
    const settings = x264Settings(result.outputs.video);
    expect(settings).toHaveLength(3);
    for (const encode of settings) {
      for (const option of ['stitchable=1', 'open_gop=0']) expect(encode).toContain(` ${option} `);
    }
    expect(x264Settings(wholeTrip.outputs.video)).toHaveLength(1);

    const psnr = await framePsnr(wholeTrip.outputs.video, result.outputs.video);
    expect(psnr).toHaveLength(300);
    expect(Math.min(...psnr)).toBeGreaterThanOrEqual(40);
  });

  it('leaves no Chromium process behind once closed', async () => {
    expect(descendantProcesses(/chrom/i).length).toBeGreaterThan(0);
    await renderer.close();
    expect(descendantProcesses(/chrom/i)).toEqual([]);
  });
});
