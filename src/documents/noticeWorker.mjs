// Starts the notice worker from the TypeScript sources: worker threads do not inherit the loader
// hooks of the thread that made them, so tsx is registered here before the .ts entry is loaded.
// The built Electron app runs out/main/noticeWorker.cjs instead (see noticeBatch.ts).
import { register } from 'tsx/esm/api';

register();
await import('./noticeWorker.ts');
