#!/usr/bin/env node
// The `suanpan` command: runs the TypeScript engine directly through tsx, so it works right after
// `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
