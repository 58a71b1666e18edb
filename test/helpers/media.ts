import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import { TEST_BROWSER } from '../../cli/setup-command';
import { ffmpeg, ffprobe } from '../../render/ffmpeg';

/** Debian's Chromium for the browser tests, headless and quiet on this offline machine. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Decodes any image or a video frame ffmpeg can read into RGBA pixels. */
export async function decodeImage(input: string, seekSeconds?: number): Promise<PNG> {
  const dir = await mkdtemp(join(tmpdir(), 'reelpipe-frame-'));
  try {
    const out = join(dir, 'frame.png');
    await ffmpeg([
      ...(seekSeconds === undefined ? [] : ['-ss', seekSeconds.toFixed(3)]),
      '-i',
      input,
      '-frames:v',
      '1',
      out,
    ]);
    return PNG.sync.read(await readFile(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Share of pixels in the region whose luminance is above `threshold` (light text on the dark or coloured backgrounds).
 */
export function brightShare(image: PNG, region: Region, threshold = 200): number {
  let bright = 0;
  for (let y = region.y; y < region.y + region.height; y++) {
    for (let x = region.x; x < region.x + region.width; x++) {
      const i = (y * image.width + x) * 4;
      const luminance = 0.2126 * image.data[i]! + 0.7152 * image.data[i + 1]! + 0.0722 * image.data[i + 2]!;
      if (luminance > threshold) bright++;
    }
  }
  return bright / (region.width * region.height);
}

/** Top-level MP4 box types in file order; `moov` before `mdat` means the file can play while it downloads. */
export function topLevelBoxes(file: string): string[] {
  const data = readFileSync(file);
  const boxes: string[] = [];
  let offset = 0;
  while (offset + 8 <= data.length) {
    let size = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    if (size === 1) size = Number(data.readBigUInt64BE(offset + 8));
    else if (size === 0) size = data.length - offset;
    boxes.push(type);
    offset += size;
  }
  return boxes;
}

/** Processes started by this test process (its descendants) whose executable matches `exe`, found through /proc. */
export function descendantProcesses(exe: RegExp, root = process.pid): number[] {
  const parents = new Map<number, number>();
  const names = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
      names.set(Number(entry), readlinkSync(`/proc/${entry}/exe`));
    } catch {
      // the process ended while we looked
    }
  }
  const isDescendant = (pid: number): boolean => {
    for (let parent = parents.get(pid); parent !== undefined && parent > 1; parent = parents.get(parent)) {
      if (parent === root) return true;
    }
    return false;
  };
  return [...names].filter(([pid, path]) => exe.test(path) && isDescendant(pid)).map(([pid]) => pid);
}

/** The video stream's packet timestamps in presentation order, in the stream's own ticks. */
export async function videoTimestamps(file: string): Promise<{ ticksPerSecond: number; pts: number[] }> {
  const probe = JSON.parse(
    await ffprobe(['-select_streams', 'v:0', '-show_entries', 'stream=time_base:packet=pts', '-of', 'json', file]),
  ) as { streams: Array<{ time_base: string }>; packets: Array<{ pts: number }> };
  const [num, den] = (probe.streams[0]?.time_base ?? '').split('/').map(Number);
  return { ticksPerSecond: den! / num!, pts: probe.packets.map((packet) => packet.pts).sort((a, b) => a - b) };
}

/** The settings string each x264 encode writes into its stream (an SEI message), in file order. */
export function x264Settings(file: string): string[] {
  const data = readFileSync(file);
  const found: string[] = [];
  for (let at = data.indexOf('x264 - core'); at >= 0; at = data.indexOf('x264 - core', at + 1)) {
    found.push(data.toString('latin1', at, data.indexOf(0, at)));
  }
  return found;
}

/** The frames of an AVI holding raw video, one buffer each, read one at a time (the files are hundreds of MB). */
async function* aviFrames(file: string): AsyncGenerator<Buffer> {
  const handle = await open(file);
  try {
    const { size } = await handle.stat();
    const header = Buffer.alloc(12);
    for (let offset = 0; offset + 8 <= size; ) {
      await handle.read(header, 0, 12, offset);
      const id = header.toString('latin1', 0, 4);
      const length = header.readUInt32LE(4);
      // Descend into the RIFF lists that hold frames; skip every other chunk (headers, index, padding).
      if (id === 'RIFF' || (id === 'LIST' && header.toString('latin1', 8, 12) === 'movi')) {
        offset += 12;
        continue;
      }
      if (/^\d\d(db|dc)$/.test(id)) {
        const frame = Buffer.alloc(length);
        await handle.read(frame, 0, length, offset + 8);
        yield frame;
      }
      offset += 8 + length + (length % 2);
    }
  } finally {
    await handle.close();
  }
}

const psnr = (a: Buffer, b: Buffer): number => {
  let squared = 0;
  for (let i = 0; i < a.length; i++) squared += (a[i]! - b[i]!) ** 2;
  return squared === 0 ? Infinity : 10 * Math.log10((255 * 255 * a.length) / squared);
};

/**
 * PSNR of each frame of `a` against the same frame of `b`, on grayscale. The bundled ffmpeg has no psnr filter and no
 * rawvideo muxer, so both videos are decoded to raw grayscale AVI and compared here. Fails if the frame counts differ.
 */
export async function framePsnr(a: string, b: string): Promise<number[]> {
  const dir = await mkdtemp(join(tmpdir(), 'reelpipe-psnr-'));
  try {
    const [rawA, rawB] = [join(dir, 'a.avi'), join(dir, 'b.avi')];
    await Promise.all([
      ffmpeg(['-i', a, '-an', '-c:v', 'rawvideo', '-pix_fmt', 'gray', rawA]),
      ffmpeg(['-i', b, '-an', '-c:v', 'rawvideo', '-pix_fmt', 'gray', rawB]),
    ]);
    const framesB = aviFrames(rawB);
    const values: number[] = [];
    try {
      for await (const frameA of aviFrames(rawA)) {
        const frameB = await framesB.next();
        if (frameB.done) throw new Error(`${b} has fewer frames than ${a} (${values.length}).`);
        values.push(psnr(frameA, frameB.value));
      }
      if (!(await framesB.next()).done) throw new Error(`${b} has more frames than ${a} (${values.length}).`);
    } finally {
      await framesB.return(undefined);
    }
    return values;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Plays an MP4 in Debian's Chromium (as a browser would from a page) at 16× speed to its end, and reports what the
 * browser saw: its duration, whether it ended, any media error, and how many frames it decoded.
 */
export async function playInChromium(
  file: string,
): Promise<{ duration: number; ended: boolean; error: number | null; frames: number }> {
  const body = readFileSync(file);
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': body.length });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({
    executablePath: TEST_BROWSER,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage();
    await page.setContent(`<video id="v" muted playsinline src="http://127.0.0.1:${port}/video.mp4"></video>`);
    return await page.evaluate(
      () =>
        new Promise<{ duration: number; ended: boolean; error: number | null; frames: number }>((resolve) => {
          const video = document.getElementById('v') as HTMLVideoElement;
          const report = () =>
            resolve({
              duration: video.duration,
              ended: video.ended,
              error: video.error?.code ?? null,
              frames: video.getVideoPlaybackQuality().totalVideoFrames,
            });
          video.addEventListener('ended', report);
          video.addEventListener('error', report);
          video.playbackRate = 16;
          void video.play().catch(report);
        }),
    );
  } finally {
    await browser.close();
    server.close();
  }
}
