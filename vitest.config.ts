import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real renders take tens of seconds on 2 cores; files run one at a time so Chromium instances do not compete
    // and the leak check sees only its own browser.
    testTimeout: 240_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    // As bin/reelpipe.js: the pinned AWS SDK supports Node 20; its notice about later releases is not for test logs.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
