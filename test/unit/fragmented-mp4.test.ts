import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fragment, FragmentReader, readFragments, timescaleOf, withDecodeTime } from '../../render/fragmented-mp4';

// A tiny fragmented MP4 shaped like the encoder's (`frag_keyframe+empty_moov+default_base_moof`), built by hand.

const u32 = (value: number) => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
};
const u64 = (value: bigint) => {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(value);
  return bytes;
};

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  return Buffer.concat([u32(8 + body.length), Buffer.from(type, 'latin1'), body]);
}

function fullBox(type: string, version: number, flags: number, ...payload: Buffer[]): Buffer {
  return box(type, u32((version << 24) | flags), ...payload);
}

const TIMESCALE = 90_000;

function initSegment(): Buffer {
  const ftyp = box('ftyp', Buffer.from('isom', 'latin1'), u32(0x200), Buffer.from('isomiso6mp41', 'latin1'));
  // mvhd comes first with a timescale (1000) at the same offset: the track's must come from mdhd, not the movie's.
  const mvhd = fullBox('mvhd', 0, 0, u32(0), u32(0), u32(1000), u32(0), Buffer.alloc(80));
  const tkhd = fullBox('tkhd', 0, 3, Buffer.alloc(80));
  const mdhd = fullBox('mdhd', 0, 0, u32(0), u32(0), u32(TIMESCALE), u32(0), Buffer.from([0x55, 0xc4, 0, 0]));
  const hdlr = fullBox('hdlr', 0, 0, u32(0), Buffer.from('vide', 'latin1'), Buffer.alloc(13));
  return Buffer.concat([ftyp, box('moov', mvhd, box('trak', tkhd, box('mdia', mdhd, hdlr)))]);
}

/** One fragment: moof (mfhd, traf with tfhd, tfdt and trun) then an mdat of `samples` samples. */
function fragment(sequence: number, samples: number, decodeTime: bigint, tfdtVersion: 0 | 1 = 1): Buffer {
  const sizes = Array.from({ length: samples }, (_, i) => 3 + ((sequence + i) % 5));
  const mdatBody = Buffer.concat(sizes.map((size, i) => Buffer.alloc(size, (sequence * 16 + i) & 0xff)));
  const tfdt =
    tfdtVersion === 1 ? fullBox('tfdt', 1, 0, u64(decodeTime)) : fullBox('tfdt', 0, 0, u32(Number(decodeTime)));
  const trunBody = (dataOffset: number) => [u32(samples), u32(dataOffset), ...sizes.map(u32)];
  // default-base-is-moof: the data offset counts from the moof start; its size does not depend on the value.
  const moofOf = (dataOffset: number) =>
    box(
      'moof',
      fullBox('mfhd', 0, 0, u32(sequence)),
      box('traf', fullBox('tfhd', 0, 0x020000, u32(1)), tfdt, fullBox('trun', 0, 0x000201, ...trunBody(dataOffset))),
    );
  const moof = moofOf(moofOf(0).length + 8);
  return Buffer.concat([moof, box('mdat', mdatBody)]);
}

// At 30 fps in a 90 kHz timescale, a frame is 3000 ticks; the third starts past 2^32 to need the 64-bit field.
const FRAGMENTS = [
  { samples: 30, decodeTime: 0n },
  { samples: 30, decodeTime: 90_000n },
  { samples: 15, decodeTime: 2n ** 32n + 3000n },
];
const INIT = initSegment();
const BYTES = FRAGMENTS.map(({ samples, decodeTime }, i) => fragment(i + 1, samples, decodeTime));
const FILE = Buffer.concat([INIT, ...BYTES]);

/** The offset of the first box of `type` inside `data` (its size field), searching the raw bytes. */
const boxAt = (data: Buffer, type: string) => data.indexOf(Buffer.from(type, 'latin1')) - 4;

let dir: string;
let count = 0;
const tempFile = () => join(dir, `${count++}.mp4`);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelpipe-fmp4-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const summary = (fragments: Fragment[]) => fragments.map(({ samples, decodeTime }) => ({ samples, decodeTime }));

describe('timescaleOf', () => {
  it("reads the track's timescale from mdhd (version 0), not the movie's from mvhd", () => {
    expect(timescaleOf(INIT)).toBe(TIMESCALE);
  });

  it('reads a version 1 mdhd (64-bit times before the timescale)', () => {
    const mdhd = fullBox('mdhd', 1, 0, u64(0n), u64(0n), u32(24_000), u64(0n), Buffer.alloc(4));
    const init = box('moov', box('trak', box('mdia', mdhd)));
    expect(timescaleOf(init)).toBe(24_000);
  });

  it('throws without an mdhd', () => {
    expect(() => timescaleOf(box('moov', box('trak')))).toThrow(/mdhd/);
  });
});

describe('readFragments', () => {
  it('reads the init segment and every fragment of a finished file', async () => {
    const file = tempFile();
    await writeFile(file, FILE);
    const { init, fragments } = await readFragments(file);
    expect(init?.equals(INIT)).toBe(true);
    expect(summary(fragments)).toEqual(FRAGMENTS);
    for (const [i, read] of fragments.entries()) expect(read.bytes.equals(BYTES[i]!)).toBe(true);
  });

  it('reads nothing from a file that does not exist', async () => {
    expect(await readFragments(join(dir, 'missing.mp4'))).toEqual({ init: null, fragments: [] });
  });

  it('reads a version 0 tfdt', async () => {
    const file = tempFile();
    await writeFile(file, Buffer.concat([INIT, fragment(1, 12, 123_456n, 0)]));
    expect(summary((await readFragments(file)).fragments)).toEqual([{ samples: 12, decodeTime: 123_456n }]);
  });
});

describe('FragmentReader', () => {
  it('returns only complete fragments while the file is written', async () => {
    const file = tempFile();
    const reader = new FragmentReader(file);
    // Before the encoder creates the file.
    expect(await reader.read()).toEqual([]);

    await writeFile(file, INIT);
    expect(await reader.read()).toEqual([]);
    expect(reader.init?.equals(INIT)).toBe(true);

    // Half of the first fragment, cut inside its moof: nothing yet.
    const first = BYTES[0]!;
    const half = Math.floor(first.length / 2);
    await appendFile(file, first.subarray(0, half));
    expect(await reader.read()).toEqual([]);

    // The rest of it, and the second fragment cut inside its mdat: the first only.
    const second = BYTES[1]!;
    const inMdat = boxAt(second, 'mdat') + 20;
    await appendFile(file, Buffer.concat([first.subarray(half), second.subarray(0, inMdat)]));
    const read1 = await reader.read();
    expect(summary(read1)).toEqual([FRAGMENTS[0]]);
    expect(read1[0]!.bytes.equals(first)).toBe(true);

    // Cut inside the third fragment's mdat header: the second only.
    const third = BYTES[2]!;
    const inHeader = boxAt(third, 'mdat') + 3;
    await appendFile(file, Buffer.concat([second.subarray(inMdat), third.subarray(0, inHeader)]));
    expect(summary(await reader.read())).toEqual([FRAGMENTS[1]]);

    await appendFile(file, third.subarray(inHeader));
    const read3 = await reader.read();
    expect(summary(read3)).toEqual([FRAGMENTS[2]]);
    expect(read3[0]!.bytes.equals(third)).toBe(true);

    // Nothing new.
    expect(await reader.read()).toEqual([]);
  });

  it('returns several fragments completed between two reads, in order', async () => {
    const file = tempFile();
    const reader = new FragmentReader(file);
    await writeFile(file, INIT);
    await reader.read();
    await appendFile(file, Buffer.concat(BYTES));
    expect(summary(await reader.read())).toEqual(FRAGMENTS);
  });

  it('reads the same fragments wherever the writes are cut', async () => {
    // Cuts in and around every top-level box header (size, type), and every 11th byte elsewhere: the fragments come
    // out whole, once, in order. Every byte would be slower for little more.
    const starts: number[] = [];
    for (let at = 0; at < FILE.length; at += FILE.readUInt32BE(at)) starts.push(at);
    const cuts = new Set<number>();
    for (const start of starts) for (let cut = start - 2; cut <= start + 12; cut++) cuts.add(cut);
    for (let cut = 1; cut < FILE.length; cut += 11) cuts.add(cut);
    for (const cut of [...cuts].filter((at) => at > 0 && at < FILE.length)) {
      const file = tempFile();
      const reader = new FragmentReader(file);
      await writeFile(file, FILE.subarray(0, cut));
      const before = await reader.read();
      await appendFile(file, FILE.subarray(cut));
      const fragments = [...before, ...(await reader.read())];
      expect(summary(fragments), `cut at ${cut}`).toEqual(FRAGMENTS);
      for (const [i, read] of fragments.entries()) expect(read.bytes.equals(BYTES[i]!), `cut at ${cut}`).toBe(true);
      expect(reader.init?.equals(INIT), `cut at ${cut}`).toBe(true);
    }
  });
});

describe('withDecodeTime', () => {
  it("rewrites the 64-bit tfdt in a copy and leaves the original's bytes alone", async () => {
    const file = tempFile();
    await writeFile(file, FILE);
    const [original] = (await readFragments(file)).fragments;
    const before = Buffer.from(original!.bytes);

    const moved = withDecodeTime(original!, 2n ** 40n + 7n);
    expect(original!.bytes.equals(before)).toBe(true);
    expect(original!.decodeTime).toBe(0n);
    expect(moved).not.toBe(original!.bytes);
    expect(moved.length).toBe(before.length);

    // Only the 8 bytes of the decode time differ, and the copy reads back as the same fragment at its new time.
    const at = boxAt(before, 'tfdt') + 12;
    expect(moved.readBigUInt64BE(at)).toBe(2n ** 40n + 7n);
    expect(Buffer.concat([moved.subarray(0, at), moved.subarray(at + 8)])).toEqual(
      Buffer.concat([before.subarray(0, at), before.subarray(at + 8)]),
    );
    const copy = tempFile();
    await writeFile(copy, Buffer.concat([INIT, moved]));
    expect(summary((await readFragments(copy)).fragments)).toEqual([{ samples: 30, decodeTime: 2n ** 40n + 7n }]);
  });

  it('rewrites a version 0 tfdt in its 32 bits', async () => {
    const file = tempFile();
    await writeFile(file, Buffer.concat([INIT, fragment(1, 12, 5n, 0)]));
    const [original] = (await readFragments(file)).fragments;
    const moved = withDecodeTime(original!, 270_000n);
    expect(moved.length).toBe(original!.bytes.length);
    expect(moved.readUInt32BE(boxAt(moved, 'tfdt') + 12)).toBe(270_000);
    expect(original!.bytes.readUInt32BE(boxAt(original!.bytes, 'tfdt') + 12)).toBe(5);
  });
});
