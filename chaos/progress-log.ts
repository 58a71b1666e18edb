// Progress lines with the time since the suite started, so a human can follow what happens (and when).

const startedAt = Date.now();

const clock = (ms: number) => {
  const seconds = Math.floor(ms / 1000);
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
};

export const elapsed = () => clock(Date.now() - startedAt);

/** A progress line on stdout. */
export function say(line: string): void {
  console.log(`[${elapsed()}] ${line}`);
}

/** Seconds with one decimal, or a dash for "never". */
export const seconds = (ms: number | null) => (ms === null ? '–' : `${(ms / 1000).toFixed(1)} s`);

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it returns something other than null/false, or the deadline passes. */
export async function waitFor<T>(
  check: () => Promise<T | null | false> | T | null | false,
  timeoutMs: number,
  everyMs = 500,
): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null && value !== false) return value;
    if (Date.now() >= deadline) return null;
    await sleep(everyMs);
  }
}
