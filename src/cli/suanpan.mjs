#!/usr/bin/env node
// The `suanpan` command: runs the command line bundled in out/node/suanpan.cjs (see build.mjs), so
// nothing is compiled when it starts. `npm ci` and `npm run build` make the bundle; in a checkout
// whose sources have changed since, it is rebuilt first.
import { createRequire } from 'node:module';
import { ensureBuilt } from './build.mjs';

try {
  await ensureBuilt();
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
createRequire(import.meta.url)('../../out/node/suanpan.cjs');
