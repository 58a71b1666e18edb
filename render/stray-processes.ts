import { readdir, readFile } from 'node:fs/promises';

/**
 * SIGKILLs this process's children whose command line contains `marker`. Remotion answers a cancelled render by
 * sending SIGTERM to its frame-encoding ffmpeg but leaves that ffmpeg's stdin open, so ffmpeg waits for frames
 * forever: without this, every cancelled or timed-out render would leave one ffmpeg behind and keep the worker alive.
 * Linux only (reads /proc); elsewhere it does nothing.
 */
export async function killChildProcessesMentioning(marker: string): Promise<number[]> {
  const entries = await readdir('/proc').catch(() => [] as string[]);
  const killed: number[] = [];
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      // The parent pid is the 4th field of /proc/<pid>/stat, after the command name in parentheses.
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent !== process.pid) continue;
      const commandLine = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
      if (!commandLine.some((arg) => arg.includes(marker))) continue;
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // The process ended while we looked: nothing to do.
    }
  }
  return killed;
}
