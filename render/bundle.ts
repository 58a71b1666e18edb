import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundle } from '@remotion/bundler';

const ENTRY_POINT = fileURLToPath(new URL('../compositions/index.ts', import.meta.url));
const PUBLIC_DIR = fileURLToPath(new URL('../assets', import.meta.url));

let pending: Promise<string> | null = null;

/** Bundles the compositions once per process (it takes seconds); every renderer in the process shares the result. */
export function getBundle(): Promise<string> {
  pending ??= bundle({ entryPoint: ENTRY_POINT, publicDir: PUBLIC_DIR }).then((serveUrl) => {
    process.once('exit', () => rmSync(serveUrl, { recursive: true, force: true }));
    return serveUrl;
  });
  pending.catch(() => {
    pending = null;
  });
  return pending;
}
