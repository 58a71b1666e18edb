import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { ffmpeg } from '../../render/ffmpeg';

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
    await ffmpeg([...(seekSeconds === undefined ? [] : ['-ss', seekSeconds.toFixed(3)]), '-i', input, '-frames:v', '1', out]);
    return PNG.sync.read(await readFile(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Share of pixels in the region whose luminance is above `threshold` (light text on the dark or coloured backgrounds). */
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
