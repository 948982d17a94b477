import { customerStore } from '../db/repos/customers';
import { documentStore, documentStores } from '../db/repos/documents';
import { applicationStore } from '../db/repos/applications';
import { settingsStore } from '../db/repos/settings';
import { noticeStore } from '../db/repos/notices';
import { z } from 'zod';
import { businessDateOf, method, requireBook, requireBookFiles, requireDeskBook, storeScope, type ApiContext } from '../api/define';
import { SuanpanError } from '../errors';
import { wholeNumber } from '../validation';
import { issuedDocuments, LOAN_DOCUMENT_TYPES, prepareLoanDocument, recordDocument, signApplication } from './service';
import { NOTICE_KINDS, noticeSettings, prepareNotice, prepareReceipt, recordNotice, type PreparedNotice } from './notices';
import { countBatch, recordNoticeBatch, startNoticeBatch, type BatchRun } from './noticeBatch';

const businessDate = businessDateOf;
const id = z.string().min(1).max(40);
const lang = z.enum(['zh-CN', 'en']).optional();

/** Batches running now, by task id, with who started them (only they may cancel). */
const running = new Map<string, { run: BatchRun; userId: string | null }>();

/** Records a prepared receipt or letter with its audit row, and answers with the file. */
async function issueNotice(ctx: ApiContext, prepared: PreparedNotice) {
  const { ids, dataDir } = requireBookFiles(ctx);
  if (!ctx.write) throw new SuanpanError('CONFLICT', 'book.notOpen');
  const issued = await ctx.write(async (tx) => {
    const r = await recordNotice(documentStore(tx), customerStore(tx), ids, ctx.now(), dataDir, prepared, ctx.user?.userId ?? null);
    ctx.audit?.({ entityType: prepared.owner.type, entityId: prepared.owner.id, summary: `${prepared.type} ${r.number} (${prepared.lang}) ${r.reused ? 'reprinted' : 'issued'}, check code ${r.contentHash}, sha256 ${r.sha256.slice(0, 16)}` });
    return r;
  });
  return { ...issued, type: prepared.type, lang: prepared.lang, owner: prepared.owner, fileName: `${issued.number}-${prepared.lang}.pdf`, contentBase64: prepared.bytes.toString('base64') };
}

export const documentsApi = {
  'documents/issue': method({
    summary: 'Issues a loan contract, repayment schedule or disclosure sheet (PDF) for an approved application or a loan, in Chinese or English; returns the file',
    input: z.strictObject({ type: z.enum(LOAN_DOCUMENT_TYPES), id, lang: z.enum(['zh-CN', 'en']).optional() }),
    permission: 'documents.write',
    mutating: false,
    handler: async (input, ctx) => {
      const { ids, dataDir } = requireBookFiles(ctx);
      const lang = input.lang ?? ctx.lang;
      const prepared = await prepareLoanDocument(documentStores(storeScope(ctx)), input.type, input.id, lang, businessDate(ctx));
      if (!ctx.write) throw new SuanpanError('CONFLICT', 'book.notOpen');
      const issued = await ctx.write(async (tx) => {
        const r = await recordDocument(documentStore(tx), customerStore(tx), ids, ctx.now(), dataDir, prepared, ctx.user?.userId ?? null);
        ctx.audit?.({ entityType: prepared.owner.type, entityId: prepared.owner.id, summary: `${input.type} ${r.number} (${lang}) ${r.reused ? 'reprinted' : 'issued'}, check code ${r.contentHash}, sha256 ${r.sha256.slice(0, 16)}` });
        return r;
      });
      return { ...issued, type: input.type, lang, fileName: `${issued.number}-${input.type}-${lang}.pdf`, contentBase64: prepared.bytes.toString('base64') };
    },
  }),
  'documents/issued': method({
    summary: 'Documents issued for an application or a loan, newest first',
    input: z.strictObject({ ownerType: z.enum(['application', 'loan', 'case', 'transaction', 'batch']), ownerId: id }),
    permission: 'documents.read',
    mutating: false,
    handler: (input, ctx) => issuedDocuments(documentStore(storeScope(ctx)), input.ownerType, input.ownerId),
  }),
  'documents/receipt': method({
    summary: 'Issues the receipt (收据) for a repayment: amount in figures and capitals, how it was applied, principal left after it; returns the file',
    input: z.strictObject({ transactionId: z.string().min(1).max(60), lang }),
    permission: 'documents.write',
    mutating: false,
    handler: async (input, ctx) => {
      requireBookFiles(ctx);
      return issueNotice(ctx, await prepareReceipt(documentStores(storeScope(ctx)), input.transactionId, input.lang ?? ctx.lang));
    },
  }),
  'documents/notice': method({
    summary: 'Issues an overdue notice (逾期还款提醒函) or a final demand (催告函) for a late loan; returns the file',
    input: z.strictObject({ loanId: id, type: z.enum(NOTICE_KINDS), lang }),
    permission: 'notices.print',
    mutating: false,
    handler: async (input, ctx) => {
      requireBookFiles(ctx);
      return issueNotice(ctx, await prepareNotice(documentStores(storeScope(ctx)), input.loanId, input.type, input.lang ?? ctx.lang, businessDate(ctx)));
    },
  }),
  'notices/batch': method({
    summary:
      'Prints a letter for every loan at least minDaysPastDue days late into one PDF, in a worker thread with progress events (task); records every letter when done. Returns the file as documentId (fetch it with documents/content)',
    input: z.strictObject({
      minDaysPastDue: wholeNumber(1, 3650),
      type: z.enum(NOTICE_KINDS).optional(),
      lang,
      /** The caller's name for the task, to follow its progress and cancel it. */
      task: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/).optional(),
    }),
    permission: 'notices.print',
    mutating: false,
    handler: async (input, ctx) => {
      const { ids, dataDir } = requireBookFiles(ctx);
      // The batch renders in a worker thread on a connection of its own to the desk's book file.
      const { db } = requireDeskBook(ctx);
      if (db.memory) throw new SuanpanError('CONFLICT', 'book.notOpen');
      const task = input.task ?? `notices-${ids.next()}`;
      if (running.has(task)) throw new SuanpanError('CONFLICT', 'notices.taskRunning', { task });
      const options = { businessDate: businessDate(ctx), minDaysPastDue: input.minDaysPastDue, kind: input.type ?? 'notice', lang: input.lang ?? ctx.lang };
      const none = { task, count: 0, pages: 0, documentId: null, number: null, reused: false };
      // Nothing late enough: no worker, no file, nothing recorded.
      if ((await countBatch(noticeStore(storeScope(ctx)), await noticeSettings(settingsStore(storeScope(ctx))), options)) === 0) return none;
      const run = startNoticeBatch(db.name, options, (done, total) => ctx.emit({ type: 'progress', task, done, total }), process.env.SUANPAN_SQLITE_BINDING);
      running.set(task, { run, userId: ctx.user?.userId ?? null });
      let batch;
      try {
        batch = await run.done;
      } finally {
        running.delete(task);
      }
      if (!batch || run.cancelled) throw new SuanpanError('CONFLICT', 'notices.cancelled');
      if (batch.notices.length === 0) return none;
      if (!ctx.write) throw new SuanpanError('CONFLICT', 'book.notOpen');
      const rendered = batch;
      const issued = await ctx.write(async (tx) => {
        const r = await recordNoticeBatch(documentStore(tx), customerStore(tx), ids, ctx.now(), dataDir, rendered, ctx.user?.userId ?? null);
        ctx.audit?.({ entityType: 'batch', entityId: r.number, summary: `${rendered.kind} batch ${r.number} (${rendered.lang}) ${r.reused ? 'reprinted' : 'issued'}: ${r.count} letters to loans ${rendered.threshold}+ days late, ${r.pages} pages, sha256 ${r.sha256.slice(0, 16)}` });
        return r;
      });
      return { task, ...issued, type: rendered.kind, lang: rendered.lang, threshold: rendered.threshold, fileName: `${issued.number}-${rendered.lang}.pdf` };
    },
  }),
  'notices/cancel': method({
    summary: 'Cancels a running notice batch you started; nothing of it is recorded',
    input: z.strictObject({ task: z.string().min(1).max(40) }),
    permission: 'notices.print',
    mutating: false,
    handler: (input, ctx) => {
      const entry = running.get(input.task);
      if (!entry || entry.userId !== (ctx.user?.userId ?? null)) return { task: input.task, cancelled: false };
      entry.run.cancel();
      return { task: input.task, cancelled: true };
    },
  }),
  'applications/sign': method({
    summary: 'Records that the borrower signed the issued contract: an approved application becomes signed',
    input: z.strictObject({ id }),
    permission: 'applications.write',
    mutating: true,
    handler: async (input, ctx) => {
      const { ids } = requireBook(ctx);
      if (!ctx.user) throw new SuanpanError('FORBIDDEN', 'auth.signInRequired');
      const r = await signApplication(applicationStore(storeScope(ctx)), documentStore(storeScope(ctx)), ids, ctx.now(), input.id, ctx.user.userId);
      ctx.audit?.({ entityType: 'application', entityId: input.id, summary: `application ${r.number} signed: contract ${r.contract}, check code ${r.contentHash}` });
      return r;
    },
  }),
};
