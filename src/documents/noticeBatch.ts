/**
 * "Print notices for all loans N+ days late": one PDF binding a letter per loan, each starting on a
 * new page and carrying its own number, check code and page numbers, as the letter printed alone
 * would. The work runs in a worker thread on a read-only connection of its own (the book is WAL, so
 * the desk keeps working), reports progress and can be cancelled. The worker writes nothing: the
 * file and a record of every letter in it are written by the caller, in one transaction, only
 * when the whole batch is done, so a cancelled or failed batch leaves nothing behind, and running
 * the same batch again on the same day gives the same file and the same record.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SuanpanError, type Details, type ErrorCode, type Lang, type MessageKey } from '../errors';
import type { IdSource } from '../ids';
import type { CustomerStore } from '../customers/store';
import type { DocumentStore, NoticeStore } from './store';
import { keepFile } from '../customers/service';
import { addDays } from '../calendar';
import { DEMAND, NOTICE } from './noticeWording';
import { drawNotice, noticeContents, noticeFrame, noticeOwner, overdueLines, type NoticeContent, type NoticeKind, type NoticePolicy, type NoticeSettings, type NoticeStores } from './notices';
import { contentHash, endDocument, newDocument, pageFooters, type Frame } from './pdf';

export interface BatchOptions {
  businessDate: string;
  minDaysPastDue: number;
  kind: NoticeKind;
  lang: Lang;
  /** At most this many loans, the longest overdue first (for benchmarks and trials). */
  limit?: number;
}

export interface BatchNotice {
  loanId: string;
  owner: { type: 'case' | 'loan'; id: string };
  number: string;
  hash: string;
  /** Where the letter is in the file: its first page (1-based) and how many pages it has. */
  firstPage: number;
  pages: number;
  content: NoticeContent;
}

export interface RenderedBatch {
  number: string;
  kind: NoticeKind;
  lang: Lang;
  businessDate: string;
  minDaysPastDue: number;
  /** Days past due the letters went to: for final demands, never fewer than the ladder's step. */
  threshold: number;
  hash: string;
  pages: number;
  bytes: Buffer;
  notices: BatchNotice[];
}

/** The batch's number: its day, its kind and its threshold. */
export const batchNumber = (kind: NoticeKind, threshold: number, businessDate: string): string =>
  `PL${businessDate.replace(/-/g, '')}-${kind === 'demand' ? 'CG' : 'TZ'}${threshold}`;

/** Final demands never go to loans the ladder has not brought to its final-demand step. */
export function batchThreshold(settings: NoticeSettings, kind: NoticeKind, minDaysPastDue: number): number {
  return kind === 'demand' ? Math.max(minDaysPastDue, settings.demandFromDays) : minDaysPastDue;
}

/** How many letters a batch would print (an indexed count; no rendering). */
export function countBatch(notices: NoticeStore, settings: NoticeSettings, options: Pick<BatchOptions, 'businessDate' | 'minDaysPastDue' | 'kind'>): Promise<number> {
  return notices.countLate(addDays(options.businessDate, -batchThreshold(settings, options.kind, options.minDaysPastDue)));
}

/** Runs `read` on the stores it is given inside one read transaction of the book, so every letter reads the same book. */
export type LetterSnapshot = <T>(read: (stores: Pick<NoticeStores, 'notices' | 'ledger'>) => Promise<T>) => Promise<T>;

/**
 * Lays out every letter of a batch into one PDF. Reads the book (the late loans in one query, then each
 * one's ledger to work out what it owes on the letter's date, all in one read transaction so the
 * letters agree with each other) and writes nothing. Returns null when
 * `cancelled` turns true between two letters.
 */
export async function renderNoticeBatch(
  snapshot: LetterSnapshot,
  policy: NoticePolicy,
  options: BatchOptions,
  progress: (done: number, total: number) => void = () => undefined,
  cancelled: () => boolean = () => false,
): Promise<RenderedBatch | null> {
  const { businessDate, kind, lang } = options;
  const settings = policy.notices;
  const threshold = batchThreshold(settings, kind, options.minDaysPastDue);
  const cutoff = addDays(businessDate, -threshold);
  const limit = options.limit;
  const contents = await snapshot(async (s) => {
    const loans = await s.notices.lateLoans(cutoff, limit);
    return noticeContents(loans, await overdueLines(s.ledger, loans, businessDate), kind, businessDate, settings, policy.documents);
  });
  const hashes = contents.map((c) => contentHash(c));
  const number = batchNumber(kind, threshold, businessDate);
  const hash = contentHash({ number, kind, businessDate, threshold, notices: contents.map((c, i) => [c.number, hashes[i]]) });
  const base = { number, kind, lang, businessDate, minDaysPastDue: options.minDaysPastDue, threshold, hash };
  progress(0, contents.length);
  if (contents.length === 0) return { ...base, pages: 0, bytes: Buffer.alloc(0), notices: [] };
  const first = contents[0] as NoticeContent;
  const frame: Frame = { lang, title: (kind === 'demand' ? DEMAND : NOTICE).batchTitle[lang], number, contentHash: hash, issuedOn: businessDate, author: first.lender.name };
  const doc = newDocument(frame);
  const notices: BatchNotice[] = [];
  // Report about a hundred times over the batch, not once a letter.
  const every = Math.max(1, Math.floor(contents.length / 100));
  for (let i = 0; i < contents.length; i++) {
    if (cancelled()) return null;
    const c = contents[i] as NoticeContent;
    if (i > 0) doc.addPage();
    const start = doc.bufferedPageRange().count - 1;
    drawNotice(doc, c, lang);
    const pages = doc.bufferedPageRange().count - start;
    notices.push({ loanId: c.loanId, owner: noticeOwner(c) as BatchNotice['owner'], number: c.number, hash: hashes[i] as string, firstPage: start + 1, pages, content: c });
    if ((i + 1) % every === 0 || i + 1 === contents.length) progress(i + 1, contents.length);
  }
  for (const n of notices) pageFooters(doc, noticeFrame(n.content, lang, n.hash), n.firstPage - 1, n.pages);
  if (cancelled()) return null;
  const pages = doc.bufferedPageRange().count;
  const bytes = await endDocument(doc);
  return { ...base, pages, bytes, notices };
}

// ——— The worker ——————————————————————————————————————————————————————————————————————————————

/** What the worker is given. */
export interface WorkerInput {
  file: string;
  nativeBinding?: string | undefined;
  options: BatchOptions;
  /** One Int32 the caller sets to 1 to cancel; the worker looks at it between letters. */
  cancel: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; batch: Omit<RenderedBatch, 'bytes'>; bytes: ArrayBuffer }
  | { type: 'cancelled' }
  | { type: 'error'; error: { code: ErrorCode; key: MessageKey; details: Details } | { message: string } };

/**
 * Where the worker's code is. The Electron main bundle has it built beside it (electron-vite builds
 * src/documents/noticeWorker.ts as a second entry, out/main/noticeWorker.cjs, with the code both
 * entries share in chunks in the same folder), and so has the out/node bundle of the command line
 * and the host; from the TypeScript sources (the tests) a small .mjs shim loads the out/node bundle,
 * rebuilding it first if a source changed (noticeWorker.mjs).
 */
export function noticeWorkerEntry(): URL {
  const built = new URL('./noticeWorker.cjs', import.meta.url);
  return existsSync(fileURLToPath(built)) ? built : new URL('./noticeWorker.mjs', import.meta.url);
}

export interface BatchRun {
  /** Resolves with the rendered batch, or null when it was cancelled. */
  done: Promise<RenderedBatch | null>;
  cancel: () => void;
  readonly cancelled: boolean;
}

/** Starts a batch in a worker thread on its own read-only connection to `file`. */
export function startNoticeBatch(file: string, options: BatchOptions, onProgress: (done: number, total: number) => void = () => undefined, nativeBinding?: string): BatchRun {
  const cancel = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancel);
  const input: WorkerInput = { file, nativeBinding, options, cancel };
  const worker = new Worker(noticeWorkerEntry(), { workerData: input });
  let cancelled = false;
  let settled = false;
  const done = new Promise<RenderedBatch | null>((resolve, reject) => {
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') onProgress(m.done, m.total);
      else if (m.type === 'cancelled') settle(() => resolve(null));
      else if (m.type === 'done') settle(() => resolve(cancelled ? null : { ...m.batch, bytes: Buffer.from(m.bytes) }));
      else settle(() => reject('key' in m.error ? new SuanpanError(m.error.code, m.error.key, m.error.details) : new SuanpanError('INTERNAL', 'internal', { reason: m.error.message })));
    });
    worker.on('error', (e) => settle(() => reject(new SuanpanError('INTERNAL', 'internal', { reason: e.message.slice(0, 200) }))));
    worker.on('exit', (code) => settle(() => (cancelled ? resolve(null) : reject(new SuanpanError('INTERNAL', 'internal', { reason: `the notice worker stopped (exit code ${code})` })))));
  });
  return {
    done,
    get cancelled() {
      return cancelled;
    },
    cancel: () => {
      cancelled = true;
      Atomics.store(flag, 0, 1);
      // A worker busy in one long query stops there: end it after a moment if it has not noticed.
      setTimeout(() => void worker.terminate(), 2000).unref();
    },
  };
}

// ——— Recording ———————————————————————————————————————————————————————————————————————————————

export interface BatchIssued {
  id: string;
  number: string;
  documentId: string;
  contentHash: string;
  sha256: string;
  sizeBytes: number;
  count: number;
  pages: number;
  reused: boolean;
}

/**
 * Records a finished batch (inside the caller's transaction): the file once, under each loan it
 * concerns; a row per letter, owned by the loan's collection case (or the loan), linked to it; and
 * a row for the batch listing where each letter is in the file.
 */
export async function recordNoticeBatch(
  docs: DocumentStore,
  files: Pick<CustomerStore, 'insertDocument'>,
  ids: IdSource,
  now: Date,
  dataDir: string,
  batch: RenderedBatch,
  userId: string | null,
): Promise<BatchIssued> {
  const count = batch.notices.length;
  const same = await docs.sameContent('batch', batch.number, 'notices', batch.lang, batch.hash);
  if (same) return { id: same.id, number: same.number, documentId: same.document_id, contentHash: same.content_hash, sha256: same.sha256, sizeBytes: same.size_bytes, count, pages: batch.pages, reused: true };
  const sha = keepFile(dataDir, batch.bytes);
  const at = now.toISOString();
  const fileName = `${batch.number}-${batch.lang}.pdf`;
  let first = '';
  for (const n of batch.notices) {
    const documentId = ids.next();
    first ||= documentId;
    await files.insertDocument({ id: documentId, ownerType: 'loan', ownerId: n.loanId, kind: 'notices', fileName, mimeType: 'application/pdf', sizeBytes: batch.bytes.length, sha256: sha, uploadedAt: at, uploadedBy: userId });
    await docs.insertIssued({
      id: ids.next(),
      document_id: documentId,
      type: batch.kind,
      number: n.number,
      lang: batch.lang,
      owner_type: n.owner.type,
      owner_id: n.owner.id,
      content_hash: n.hash,
      content: JSON.stringify(n.content),
      issued_at: at,
      issued_by: userId,
    });
  }
  const id = ids.next();
  await docs.insertIssued({
    id,
    document_id: first,
    type: 'notices',
    number: batch.number,
    lang: batch.lang,
    owner_type: 'batch',
    owner_id: batch.number,
    content_hash: batch.hash,
    content: JSON.stringify({
      kind: batch.kind,
      businessDate: batch.businessDate,
      minDaysPastDue: batch.minDaysPastDue,
      threshold: batch.threshold,
      pages: batch.pages,
      notices: batch.notices.map((n) => ({ loanId: n.loanId, number: n.number, contentHash: n.hash, firstPage: n.firstPage, pages: n.pages })),
    }),
    issued_at: at,
    issued_by: userId,
  });
  return { id, number: batch.number, documentId: first, contentHash: batch.hash, sha256: sha, sizeBytes: batch.bytes.length, count, pages: batch.pages, reused: false };
}
