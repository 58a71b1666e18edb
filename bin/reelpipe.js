#!/usr/bin/env node
// The command is written in TypeScript; tsx compiles it on the fly so `npx reelpipe` works right after `npm ci`.
import { register } from 'tsx/esm/api';

// The AWS SDK warns on Node 20 that its releases after January 2027 will need Node 22. Ours is pinned to a release
// that supports Node 20 (package.json), so the warning concerns an upgrade we do not take without moving to Node 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
await import('../cli/main.ts');
