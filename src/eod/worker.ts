/** The end-of-day worker thread: its own connection, one transaction per day (see close.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection';
import { identityRepo } from '../db/repos/identity';
import { SuanpanError } from '../errors';
import { closeDay, type EodSummary } from './close';
import type { EodWorkerInput, EodWorkerMessage } from './run';

const input = workerData as EodWorkerInput;
const flag = new Int32Array(input.cancel);
const post = (m: EodWorkerMessage): void => parentPort?.postMessage(m);

function run(): void {
  // The desk's connection opened and checked the book; this one writes the close.
  const db = openDatabase(input.file, { create: false, check: false, migrate: false, nativeBinding: input.nativeBinding });
  try {
    const days: EodSummary[] = [];
    const stop = (): boolean => Atomics.load(flag, 0) === 1;
    do {
      const day = identityRepo(db).businessDate() as string;
      if (input.to && day >= input.to) break;
      // The caller's clock, not the wall clock: a desk pinned to a date records the close on it.
      const summary = closeDay(db, () => new Date(input.now), (done, total, label) => post({ type: 'progress', day, done, total, label: label.slice(11) }), stop);
      days.push(summary);
      post({ type: 'day', summary });
    } while (input.to && !stop());
    post({ type: 'done', days });
  } finally {
    db.close();
  }
}

try {
  run();
} catch (e) {
  post({ type: 'error', error: e instanceof SuanpanError ? { code: e.code, key: e.key, details: e.details } : { message: e instanceof Error ? e.message.slice(0, 200) : String(e) } });
}
