/**
 * The worker thread of a notice batch (see noticeBatch.ts): opens the book read-only, lays out the
 * letters, and posts back progress and the finished file. It never writes to the book.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection';
import { SuanpanError } from '../errors';
import { kyselyOf, unitOfWork } from '../db/kysely';
import { settingsStore } from '../db/repos/settings';
import { noticeStore } from '../db/repos/notices';
import { servicingStore } from '../db/repos/servicing';
import { noticePolicy } from './notices';
import { renderNoticeBatch, type WorkerInput, type WorkerMessage } from './noticeBatch';

const input = workerData as WorkerInput;
const flag = new Int32Array(input.cancel);
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []): void => parentPort?.postMessage(m, transfer);

async function run(): Promise<void> {
  // The desk's connection has checked the book already; this one only reads.
  const db = openDatabase(input.file, { create: false, readonly: true, check: false, migrate: false, nativeBinding: input.nativeBinding });
  try {
    const policy = await noticePolicy(settingsStore(kyselyOf(db)));
    const batch = await renderNoticeBatch((read) => unitOfWork(db, (tx) => read({ notices: noticeStore(tx), ledger: servicingStore(tx) })), policy, input.options, (done, total) => post({ type: 'progress', done, total }), () => Atomics.load(flag, 0) === 1);
    if (!batch) return post({ type: 'cancelled' });
    const { bytes, ...rest } = batch;
    // The file goes back without a copy when it owns its memory (any file larger than Node's small
    // buffer pool does): the memory moves to the caller.
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    const buffer = (whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as ArrayBuffer;
    post({ type: 'done', batch: rest, bytes: buffer }, [buffer]);
  } finally {
    db.close();
  }
}

run().catch((e: unknown) =>
  post({ type: 'error', error: e instanceof SuanpanError ? { code: e.code, key: e.key, details: e.details } : { message: e instanceof Error ? e.message.slice(0, 200) : String(e) } }),
);
