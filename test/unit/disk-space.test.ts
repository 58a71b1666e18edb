import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { freeDiskBytes, isDiskFull } from '../../worker/disk-space';

describe('disk space', () => {
  it('tells a full disk from any other failure, however the error wraps it', () => {
    expect(isDiskFull(Object.assign(new Error('write failed'), { code: 'ENOSPC' }))).toBe(true);
    expect(
      isDiskFull(new Error('ffmpeg exited with code 1: av_interleaved_write_frame(): No space left on device')),
    ).toBe(true);
    expect(isDiskFull(new Error('render failed', { cause: new Error('ENOSPC: no space left, write') }))).toBe(true);
    expect(isDiskFull(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toBe(false);
    expect(isDiskFull(new Error('Target closed'))).toBe(false);
    expect(isDiskFull(undefined)).toBe(false);
  });

  it('reads the free space of the fullest of several folders', async () => {
    const free = await freeDiskBytes([tmpdir(), process.cwd()]);
    expect(free).toBeGreaterThan(0);
    expect(free).toBeLessThanOrEqual(await freeDiskBytes([tmpdir()]));
  });
});
