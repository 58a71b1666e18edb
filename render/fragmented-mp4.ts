import { open } from 'node:fs/promises';

/**
 * Fragmented MP4 as the encoder writes it (`frag_keyframe+empty_moov+default_base_moof`): an init segment (ftyp and
 * moov) then one fragment (moof and mdat) per GOP. A fragment is self-contained, so it is an HLS piece as it is, once
 * its decode time is moved to where it plays in the video.
 */
export interface Fragment {
  /** The moof and mdat boxes. */
  bytes: Buffer;
  samples: number;
  /** When its first sample is decoded, in the track's timescale (tfdt). */
  decodeTime: bigint;
}

const CONTAINERS = new Set(['moof', 'traf', 'moov', 'trak', 'mdia']);

interface Box {
  type: string;
  start: number;
  size: number;
}

function* boxes(data: Buffer, start = 0, end = data.length): Generator<Box> {
  let offset = start;
  while (offset + 8 <= end) {
    let size = data.readUInt32BE(offset);
    if (size === 1) {
      // A 64-bit size follows the type: wait for it like for the rest of a box being written.
      if (offset + 16 > end) return;
      size = Number(data.readBigUInt64BE(offset + 8));
    } else if (size === 0) size = end - offset;
    if (size < 8 || offset + size > end) return;
    yield { type: data.toString('latin1', offset + 4, offset + 8), start: offset, size };
    offset += size;
  }
}

/** Boxes of one type at any depth of the container boxes that lead to it. */
function* find(data: Buffer, type: string, start: number, end: number): Generator<Box> {
  for (const box of boxes(data, start, end)) {
    if (box.type === type) yield box;
    if (CONTAINERS.has(box.type)) yield* find(data, type, box.start + 8, box.start + box.size);
  }
}

function fragmentOf(moof: Buffer, mdat: Buffer): Fragment {
  let samples = 0;
  // trun: version and flags (4 bytes), then the sample count.
  for (const trun of find(moof, 'trun', 0, moof.length)) samples += moof.readUInt32BE(trun.start + 12);
  const tfdt = find(moof, 'tfdt', 0, moof.length).next().value;
  if (!tfdt) throw new Error('A fragment without a decode time (tfdt).');
  const version = moof[tfdt.start + 8];
  const decodeTime = version === 1 ? moof.readBigUInt64BE(tfdt.start + 12) : BigInt(moof.readUInt32BE(tfdt.start + 12));
  return { bytes: Buffer.concat([moof, mdat]), samples, decodeTime };
}

/** The track's timescale (ticks per second) from an init segment's mdhd. */
export function timescaleOf(init: Buffer): number {
  const mdhd = find(init, 'mdhd', 0, init.length).next().value;
  if (!mdhd) throw new Error('An init segment without a media header (mdhd).');
  // Version 1 has 64-bit creation and modification times before the timescale.
  return init.readUInt32BE(mdhd.start + (init[mdhd.start + 8] === 1 ? 28 : 20));
}

/** The fragment with its decode time set to `decodeTime` (a copy: the original is left alone). */
export function withDecodeTime(fragment: Fragment, decodeTime: bigint): Buffer {
  const bytes = Buffer.from(fragment.bytes);
  const moof = boxes(bytes).next().value!;
  for (const tfdt of find(bytes, 'tfdt', moof.start, moof.start + moof.size)) {
    if (bytes[tfdt.start + 8] === 1) bytes.writeBigUInt64BE(decodeTime, tfdt.start + 12);
    else bytes.writeUInt32BE(Number(decodeTime), tfdt.start + 12);
  }
  return bytes;
}

/**
 * Reads a fragmented MP4 while it is being written: each `read()` returns the fragments completed since the last one.
 * The muxer writes a fragment whole, so a complete mdat after a moof is a complete fragment.
 */
export class FragmentReader {
  private offset = 0;
  private pending: Buffer = Buffer.alloc(0);
  private moof: Buffer | null = null;
  init: Buffer | null = null;
  private initParts: Buffer[] = [];

  constructor(private readonly file: string) {}

  async read(): Promise<Fragment[]> {
    const handle = await open(this.file, 'r').catch(() => null);
    if (!handle) return [];
    try {
      const { size } = await handle.stat();
      if (size > this.offset) {
        const chunk = Buffer.alloc(size - this.offset);
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, this.offset);
        this.offset += bytesRead;
        this.pending = Buffer.concat([this.pending, chunk.subarray(0, bytesRead)]);
      }
    } finally {
      await handle.close();
    }
    const fragments: Fragment[] = [];
    let used = 0;
    for (const box of boxes(this.pending)) {
      const bytes = this.pending.subarray(box.start, box.start + box.size);
      used = box.start + box.size;
      if (box.type === 'ftyp' || box.type === 'moov') {
        this.initParts.push(Buffer.from(bytes));
        if (box.type === 'moov') this.init = Buffer.concat(this.initParts);
      } else if (box.type === 'moof') this.moof = Buffer.from(bytes);
      else if (box.type === 'mdat' && this.moof) {
        fragments.push(fragmentOf(this.moof, Buffer.from(bytes)));
        this.moof = null;
      }
    }
    this.pending = this.pending.subarray(used);
    return fragments;
  }
}

/** The init segment and fragments of a finished fragmented MP4 (a cached segment). */
export async function readFragments(file: string): Promise<{ init: Buffer | null; fragments: Fragment[] }> {
  const reader = new FragmentReader(file);
  const fragments = await reader.read();
  return { init: reader.init, fragments };
}
