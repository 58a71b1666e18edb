// A small disk for one worker: a tmpfs mounted for its data dir and TMPDIR, then filled to the last byte.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const mounted = new Set<string>();

export interface SmallDisk {
  dir: string;
  /** What the worker gets: REELPIPE_DATA_DIR and TMPDIR on the small disk. */
  env: Record<string, string>;
}

/** Mounts a `sizeMb` tmpfs; throws a sentence saying why when it cannot (not root, no mount in this container…). */
export function mountSmallDisk(sizeMb: number): SmallDisk {
  const dir = mkdtempSync(join(tmpdir(), 'reelpipe-chaos-disk-'));
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], { encoding: 'utf8' });
  if (result.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    const reason = (result.stderr || result.error?.message || `exit code ${result.status}`).trim();
    throw new Error(`mount -t tmpfs failed (${reason}); run the suite as root in a container that allows mounts`);
  }
  mounted.add(dir);
  const data = join(dir, 'data');
  const tmp = join(dir, 'tmp');
  mkdirSync(data);
  mkdirSync(tmp);
  return { dir, env: { REELPIPE_DATA_DIR: data, TMPDIR: tmp } };
}

export const freeBytes = (dir: string) => {
  const stats = statfsSync(dir);
  return stats.bavail * stats.bsize;
};

/** Writes `<dir>/filler` until the disk is full; returns the bytes written. */
export function fillDisk(dir: string): number {
  const chunk = Buffer.alloc(1024 * 1024, 1);
  const fd = openSync(join(dir, 'filler'), 'w');
  let written = 0;
  try {
    for (;;) written += writeSync(fd, chunk, 0, Math.min(chunk.length, Math.max(1, freeBytes(dir))));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return written;
}

export function freeDisk(dir: string): void {
  rmSync(join(dir, 'filler'), { force: true });
}

/** Unmounts (lazily, should a dying process still hold a file there) and removes the mount point. */
export function unmountSmallDisk(dir: string): void {
  if (!mounted.has(dir)) return;
  const result = spawnSync('umount', [dir], { encoding: 'utf8' });
  if (result.status !== 0) spawnSync('umount', ['-l', dir]);
  mounted.delete(dir);
  rmSync(dir, { recursive: true, force: true });
}

/** Every small disk still mounted, for the suite's clean-up (synchronous, so it also runs from an 'exit' handler). */
export function unmountEverySmallDisk(): void {
  for (const dir of [...mounted]) unmountSmallDisk(dir);
}
