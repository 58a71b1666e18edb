import type { WriteStream } from 'node:fs';

/** One JSON line into a local file, waiting when the stream asks to: rows files stay flat in memory. */
export async function writeJsonLine(out: WriteStream, value: unknown): Promise<void> {
  if (!out.write(`${JSON.stringify(value)}\n`))
    await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}

/** Ends the file and waits until it is written. */
export const endFile = (out: WriteStream): Promise<void> =>
  new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
