import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { BrowserNotFoundError } from '../core/errors';

export type ChromeMode = 'headless-shell' | 'chrome-for-testing';

export interface BrowserChoice {
  executable: string;
  chromeMode: ChromeMode;
}

// Debian's packages: the real headless-shell binary (not a wrapper script) renders fastest here;
// full chromium works as a fallback in Chrome-for-Testing mode, about 1.5x slower.
export const HEADLESS_SHELL_PATH = '/usr/lib/chromium/chromium-headless-shell';
export const FULL_CHROMIUM_PATH = '/usr/bin/chromium';

export const INSTALL_HINT =
  'run `apt-get install -y chromium-headless-shell` (as root) or set CHROMIUM_PATH to a Chromium binary';

const modeFor = (executable: string): ChromeMode =>
  basename(executable).includes('headless-shell') ? 'headless-shell' : 'chrome-for-testing';

/**
 * The browser to render with, or null when none is installed. A CHROMIUM_PATH that does not exist is an error, not a
 * reason to fall back.
 */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): BrowserChoice | null {
  const configured = env.CHROMIUM_PATH?.trim();
  if (configured) {
    if (!existsSync(configured)) {
      throw new BrowserNotFoundError(`CHROMIUM_PATH points to ${configured}, which does not exist: ${INSTALL_HINT}.`);
    }
    return { executable: configured, chromeMode: modeFor(configured) };
  }
  if (existsSync(HEADLESS_SHELL_PATH)) return { executable: HEADLESS_SHELL_PATH, chromeMode: 'headless-shell' };
  if (existsSync(FULL_CHROMIUM_PATH)) return { executable: FULL_CHROMIUM_PATH, chromeMode: 'chrome-for-testing' };
  return null;
}

export function resolveBrowser(env: NodeJS.ProcessEnv = process.env): BrowserChoice {
  const found = findBrowser(env);
  if (!found) throw new BrowserNotFoundError(`No Chromium found: ${INSTALL_HINT}.`);
  return found;
}
