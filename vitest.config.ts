import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real renders take tens of seconds on 2 cores; files run one at a time so Chromium instances do not compete
    // and the leak check sees only its own browser.
    testTimeout: 240_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
});
