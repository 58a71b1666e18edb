import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION as REMOTION_VERSION } from 'remotion';
import type { BrowserChoice } from './browser';

/**
 * How every piece of every video is encoded. Identical settings are what let pieces from different render calls,
 * workers and days be joined by stream copy; x264's stitchable=1 keeps their stream headers identical and closed GOPs
 * keep each piece decodable on its own.
 */
export const ENCODER = {
  codec: 'h264',
  pixelFormat: 'yuv420p',
  // Limited-range BT.709: without it the stream is full-range yuvj420p, which some players and email clients mis-show.
  colorSpace: 'bt709',
  imageFormat: 'jpeg',
  jpegQuality: 90,
  x264Preset: 'veryfast',
  crf: 22,
  x264Params: 'stitchable=1:open-gop=0',
} as const;

/** Fragmented MP4 with a fragment per GOP: how encodes and segments are written, so stream pieces are cut from them. */
export const FRAGMENTED = 'frag_keyframe+empty_moov+default_base_moof';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// What the pixels of a frame can depend on besides props: the templates, their images and fonts, and the exact
// package versions (fonts and Remotion ship as packages, pinned by the lock file).
const SOURCES = ['compositions', 'assets', 'package-lock.json'];

function* files(path: string): Generator<string> {
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path).sort()) yield* files(join(path, entry));
  } else yield path;
}

let codeHash: string | null = null;
const browserVersions = new Map<string, string>();

/** A hash of everything a frame is drawn from besides props; the same on every machine with the same checkout. */
export function templateCodeHash(): string {
  if (!codeHash) {
    const hash = createHash('sha256');
    for (const source of SOURCES) {
      for (const file of files(join(ROOT, source)))
        hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file));
    }
    codeHash = hash.digest('hex');
  }
  return codeHash;
}

/**
 * Everything besides the scene and its props that decides a segment's bytes: the encoder settings, the renderer and
 * ffmpeg (Remotion's version pins its compositor), the browser that paints, and the template code. A change to any of
 * them gives new segment keys, so old segments are never mixed with new ones.
 */
export function encoderProfile(chrome: BrowserChoice, size: { width: number; height: number; fps: number }): string {
  let browser = browserVersions.get(chrome.executable);
  if (!browser) {
    browser = execFileSync(chrome.executable, ['--version'], { encoding: 'utf8' }).trim();
    browserVersions.set(chrome.executable, browser);
  }
  const { width, height, fps } = size;
  // `pieces`: segments are fragmented with an IDR every second (the stream's pieces), unlike before streaming.
  const pieces = { container: FRAGMENTED, every: 'second' };
  const code = templateCodeHash();
  return JSON.stringify({ ENCODER, pieces, width, height, fps, remotion: REMOTION_VERSION, browser, code });
}
