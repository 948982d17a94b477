/**
 * @dialect sqlite
 * The book's integrity check. PRAGMA quick_check reads every page: instant on a small book, tens of
 * seconds on a book of a million loans. Small books are checked before they open; large ones open at
 * once and are checked in a worker thread on a read-only connection of its own: officers can look
 * things up meanwhile, but the dispatcher refuses changes until the check has passed (and for good
 * if it finds damage).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './connection';

export type Health = { state: 'ok' } | { state: 'checking' } | { state: 'damaged'; detail: string };

const health = new WeakMap<Db, { current: Health; done: Promise<Health> }>();

export const bookHealth = (db: Db): Health => health.get(db)?.current ?? { state: 'ok' };
export const whenChecked = (db: Db): Promise<Health> => health.get(db)?.done ?? Promise.resolve({ state: 'ok' });

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
let result;
try {
  const Database = require(workerData.module);
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true, ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}) });
  result = String(db.pragma('quick_check', { simple: true }));
  db.close();
} catch (e) {
  result = String((e && e.message) || e);
}
parentPort.postMessage(result);
`;


/** Starts the check of `file` (the book behind `db`) in a worker thread. */
export function checkInBackground(db: Db, file: string, nativeBinding?: string): void {
  const entry: { current: Health; done: Promise<Health> } = { current: { state: 'checking' }, done: Promise.resolve({ state: 'checking' }) };
  entry.done = new Promise<Health>((resolve) => {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER, { eval: true, workerData: { file, nativeBinding, module } });
    const finish = (result: string): void => {
      entry.current = result === 'ok' ? { state: 'ok' } : { state: 'damaged', detail: result.slice(0, 200) };
      resolve(entry.current);
    };
    worker.once('message', (m: string) => finish(m));
    worker.once('error', (e) => finish(e.message));
    worker.unref();
  });
  health.set(db, entry);
}
