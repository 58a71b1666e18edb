import { statfs } from 'node:fs/promises';

/** The fewest bytes free on any of `paths`' file systems (a render writes to the temp folder and the data folder). */
export async function freeDiskBytes(paths: readonly string[]): Promise<number> {
  const free = await Promise.all(
    paths.map(async (path) => {
      const stats = await statfs(path);
      return stats.bavail * stats.bsize;
    }),
  );
  return Math.min(...free);
}

/** Whether an error (or one it wraps) says the disk is full, as Node, ffmpeg and Chromium each put it. */
export function isDiskFull(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; depth++) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (code === 'ENOSPC' || (typeof message === 'string' && /ENOSPC|No space left on device/i.test(message)))
      return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}
