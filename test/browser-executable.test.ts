import { describe, expect, it } from 'vitest';
import { BrowserNotFoundError } from '../core/errors';
import { findBrowser, resolveBrowser } from '../render/browser';

describe('browser executable', () => {
  it('fails with how to install it when CHROMIUM_PATH does not exist', () => {
    expect(() => resolveBrowser({ CHROMIUM_PATH: '/nonexistent/chromium' })).toThrow(BrowserNotFoundError);
    expect(() => resolveBrowser({ CHROMIUM_PATH: '/nonexistent/chromium' })).toThrow(
      /apt-get install -y chromium-headless-shell/,
    );
  });

  it('picks the mode from the binary it is given', () => {
    // /bin/sh stands in for a full Chromium binary: only its existence and name matter here.
    expect(findBrowser({ CHROMIUM_PATH: '/bin/sh' })).toEqual({
      executable: '/bin/sh',
      chromeMode: 'chrome-for-testing',
    });
  });

  it('prefers Debian chromium-headless-shell when nothing is configured', () => {
    expect(findBrowser({})).toEqual({
      executable: '/usr/lib/chromium/chromium-headless-shell',
      chromeMode: 'headless-shell',
    });
  });
});
