// The notice worker when the engine runs from its TypeScript sources (the tests): loads the bundled
// worker (out/node/noticeWorker.cjs, rebuilt first when the sources have changed), since a worker
// thread cannot load .ts by itself. Bundles find noticeWorker.cjs beside them (see noticeBatch.ts).
import { createRequire } from 'node:module';
import { ensureBuilt } from '../cli/build.mjs';

await ensureBuilt();
createRequire(import.meta.url)('../../out/node/noticeWorker.cjs');
