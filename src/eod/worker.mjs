// The end-of-day worker when the engine runs from its TypeScript sources (the tests): loads the
// bundled worker (out/node/eodWorker.cjs, rebuilt first when the sources have changed), since a
// worker thread cannot load .ts by itself. Bundles find eodWorker.cjs beside them (see run.ts).
import { createRequire } from 'node:module';
import { ensureBuilt } from '../cli/build.mjs';

await ensureBuilt();
createRequire(import.meta.url)('../../out/node/eodWorker.cjs');
