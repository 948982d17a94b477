// Starts the end-of-day worker from the TypeScript sources: worker threads do not inherit the
// loader hooks of the thread that made them, so tsx is registered here before the .ts entry loads.
// The built Electron app runs out/main/eodWorker.cjs instead (see run.ts).
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
