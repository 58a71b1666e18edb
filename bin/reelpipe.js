#!/usr/bin/env node
// The command is written in TypeScript; tsx compiles it on the fly so `npx reelpipe` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
