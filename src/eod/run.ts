/**
 * Running the close in a worker thread with its own connection to the book (WAL: the desk keeps
 * reading while it runs), with progress and cancellation. Each day is one transaction in the
 * worker: stopping the worker, or the process dying, at any moment leaves the last day closed or
 * not, never half.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SuanpanError, type Details, type ErrorCode, type MessageKey } from '../errors';
import type { EodSummary } from './close';

export interface EodWorkerInput {
  file: string;
  nativeBinding?: string | undefined;
  /** Close days until the business date is `to`; absent: close one day. */
  to?: string | undefined;
  /** The caller's clock when it asked (the run's record says when it was asked for). */
  now: string;
  cancel: SharedArrayBuffer;
}

export type EodWorkerMessage =
  | { type: 'progress'; day: string; done: number; total: number; label: string }
  | { type: 'day'; summary: EodSummary }
  | { type: 'done'; days: EodSummary[] }
  | { type: 'error'; error: { code: ErrorCode; key: MessageKey; details: Details } | { message: string } };

/**
 * The worker's code: built beside the bundle that runs (the Electron main bundle, or out/node for the
 * command line and the host), else, from the TypeScript sources (the tests), a shim that loads the
 * out/node bundle after rebuilding it if a source changed (worker.mjs).
 */
export function eodWorkerEntry(): URL {
  const built = new URL('./eodWorker.cjs', import.meta.url);
  return existsSync(fileURLToPath(built)) ? built : new URL('./worker.mjs', import.meta.url);
}

export interface EodRun {
  done: Promise<EodSummary[]>;
  cancel: () => void;
}

export function startEod(file: string, to: string | undefined, now: Date, onProgress: (m: Extract<EodWorkerMessage, { type: 'progress' }>) => void = () => {}, nativeBinding?: string): EodRun {
  const cancel = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancel);
  const input: EodWorkerInput = { file, nativeBinding, to, cancel, now: now.toISOString() };
  const worker = new Worker(eodWorkerEntry(), { workerData: input });
  const days: EodSummary[] = [];
  let settled = false;
  const done = new Promise<EodSummary[]>((resolve, reject) => {
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (m: EodWorkerMessage) => {
      if (m.type === 'progress') onProgress(m);
      else if (m.type === 'day') days.push(m.summary);
      else if (m.type === 'done') settle(() => resolve(m.days));
      else settle(() => reject('key' in m.error ? new SuanpanError(m.error.code, m.error.key, m.error.details) : new SuanpanError('INTERNAL', 'internal', { reason: m.error.message })));
    });
    worker.on('error', (e) => settle(() => reject(new SuanpanError('INTERNAL', 'internal', { reason: e.message.slice(0, 200) }))));
    worker.on('exit', (code) => settle(() => reject(new SuanpanError('INTERNAL', 'internal', { reason: `the end-of-day worker stopped (exit code ${code}) after ${days.length} day(s)` }))));
  });
  return {
    done,
    cancel: () => {
      Atomics.store(flag, 0, 1);
    },
  };
}
