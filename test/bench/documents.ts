/**
 * Document figures for `npm run bench`: a loan contract with a 12-row schedule (time per document,
 * median of 50 after a warm-up, and size), and 1,000 overdue notices in one batch through the
 * worker thread (time, size, and the time to record them). Each is set against, in the same run,
 * the speed limit: pdfkit writing the same strings in the same font with plain doc.text, no layout
 * work (no measuring, tables, page furniture or footers).
 * Run alone with `node --import tsx test/bench/documents.ts`.
 */
import { settingsStore } from '../../src/db/repos/settings';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { openBook } from '../../src/book';
import { buildDemoBook } from '../../src/demo/book';
import { loanContent } from '../../src/documents/content';
import { contractPdf } from '../../src/documents/loanDocuments';
import { contentHash, fontFile } from '../../src/documents/pdf';
import { recordNoticeBatch, renderNoticeBatch, startNoticeBatch, type BatchOptions, type LetterSnapshot } from '../../src/documents/noticeBatch';
import { noticeStore } from '../../src/db/repos/notices';
import { servicingStore } from '../../src/db/repos/servicing';
import { noticePolicy } from '../../src/documents/notices';
import { ulidSource } from '../../src/ids';
import { kyselyOf, unitOfWork } from '../../src/db/kysely';
import { documentStore, documentStores } from '../../src/db/repos/documents';
import { customerStore } from '../../src/db/repos/customers';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const verdict = (met: boolean): string => (met ? 'met' : 'MISSED');

type TextFn = (this: PDFKit.PDFDocument, text: unknown, ...rest: unknown[]) => PDFKit.PDFDocument;

/** Every string a render passes to doc.text, in order. */
async function stringsOf(render: () => Promise<unknown>): Promise<string[]> {
  const proto = PDFDocument.prototype as unknown as { text: TextFn };
  const original = proto.text;
  const seen: string[] = [];
  proto.text = function (this: PDFKit.PDFDocument, text: unknown, ...rest: unknown[]) {
    if (typeof text === 'string') seen.push(text);
    return original.call(this, text, ...rest);
  };
  try {
    await render();
  } finally {
    proto.text = original;
  }
  return seen;
}

const font = readFileSync(fontFile());

/** The speed limit: the same strings in the same font, one doc.text each, pages as pdfkit breaks them. */
function plainText(strings: readonly string[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4' });
  doc.registerFont('body', font);
  doc.font('body').fontSize(10);
  for (const s of strings) doc.text(s);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.end();
  });
}

async function timeEach(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times;
}

export async function benchDocuments(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'suanpan-bench-docs-'));
  const businessDate = '2025-06-30';
  try {
    const file = join(dir, 'book.db');
    const db = openBook(file, { now: () => new Date(`${businessDate}T09:00:00`) });
    // About one demo loan in eleven is late: 13,000 loans give well over 1,000 late ones.
    buildDemoBook(db, { loans: 13_000, seed: 9, businessDate, staff: true });
    console.log('Documents (pdfkit, the shipped Noto Sans SC embedded as a subset)');

    // A contract with a 12-row schedule.
    const loan = (db.prepare("SELECT id FROM loans WHERE method = 'equal-installment' AND term = 12 ORDER BY id LIMIT 1").get() as { id: string }).id;
    const content = await loanContent(documentStores(kyselyOf(db)), loan, businessDate);
    const hash = contentHash(content);
    const contract = await contractPdf(content, 'zh-CN', hash);
    const strings = await stringsOf(() => contractPdf(content, 'zh-CN', hash));
    await timeEach(10, () => contractPdf(content, 'zh-CN', hash));
    await timeEach(10, () => plainText(strings));
    const contractMs = median(await timeEach(50, () => contractPdf(content, 'zh-CN', hash)));
    const plainMs = median(await timeEach(50, () => plainText(strings)));
    const plainSize = (await plainText(strings)).length;
    const fast = contractMs < 100;
    const small = contract.length < 100 * 1024;
    console.log(`  contract, 12-row schedule           median ${contractMs.toFixed(1)} ms, ${kb(contract.length)} (targets < 100 ms, < 100 KB): ${verdict(fast && small)}`);
    console.log(`  plain doc.text of its ${strings.length} strings   median ${plainMs.toFixed(1)} ms, ${kb(plainSize)} → layout costs ${(contractMs / plainMs).toFixed(2)}x the bare writing`);

    // 1,000 overdue notices in one batch, through the worker as the desk runs it.
    const options: BatchOptions = { businessDate, minDaysPastDue: 1, kind: 'notice', lang: 'zh-CN', limit: 1000 };
    const t0 = performance.now();
    const batch = await startNoticeBatch(file, options).done;
    const batchMs = performance.now() - t0;
    if (!batch || batch.notices.length !== 1000) throw new Error(`expected 1,000 notices, got ${batch?.notices.length}`);
    const t1 = performance.now();
    const recorded = await unitOfWork(db, (tx) => recordNoticeBatch(documentStore(tx), customerStore(tx), ulidSource(), new Date(), dir, batch, null));
    const recordMs = performance.now() - t1;
    // The same letters laid out in this thread (no worker start), and their strings written plainly.
    const t2 = performance.now();
    const policy = await noticePolicy(settingsStore(kyselyOf(db)));
    const snapshot: LetterSnapshot = (read) => unitOfWork(db, (tx) => read({ notices: noticeStore(tx), ledger: servicingStore(tx) }));
    await renderNoticeBatch(snapshot, policy, options);
    const inThreadMs = performance.now() - t2;
    const letterStrings = await stringsOf(() => renderNoticeBatch(snapshot, policy, options));
    const t3 = performance.now();
    const plainLetters = await plainText(letterStrings);
    const plainLettersMs = performance.now() - t3;
    console.log(`  1,000 notices in one batch (worker) ${(batchMs / 1000).toFixed(2)} s, ${batch.pages} pages, ${kb(batch.bytes.length)} (target < 20 s): ${verdict(batchMs < 20_000)}`);
    console.log(`    laid out in this thread            ${(inThreadMs / 1000).toFixed(2)} s (${(inThreadMs / 1000).toFixed(1)} ms a letter); recording all 1,000 in one transaction ${recordMs.toFixed(0)} ms (${recorded.count} rows)`);
    console.log(`  plain doc.text of the same ${letterStrings.length.toLocaleString('en-US')} strings ${(plainLettersMs / 1000).toFixed(2)} s, ${kb(plainLetters.length)} → layout costs ${(inThreadMs / plainLettersMs).toFixed(2)}x the bare writing\n`);
    db.close();
    return [
      `documents: contract ${contractMs.toFixed(1)} ms, ${kb(contract.length)} (plain text ${plainMs.toFixed(1)} ms); 1,000 notices ${(batchMs / 1000).toFixed(2)} s, ${kb(batch.bytes.length)} (plain text ${(plainLettersMs / 1000).toFixed(2)} s)`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('documents.ts')) await benchDocuments();
