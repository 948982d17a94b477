import { z } from 'zod';
import { isoDay } from '../calendar/date';
import { method, requireBook, requireBookFiles, type ApiContext } from '../api/define';
import { SuanpanError } from '../errors';
import { identityRepo } from '../db/repos/identity';
import { issuedDocuments, LOAN_DOCUMENT_TYPES, prepareLoanDocument, recordDocument, signApplication } from './service';

const businessDate = (ctx: ApiContext): string => identityRepo(requireBook(ctx).db).businessDate() ?? isoDay(ctx.now());
const id = z.string().min(1).max(40);

export const documentsApi = {
  'documents/issue': method({
    summary: 'Issues a loan contract, repayment schedule or disclosure sheet (PDF) for an approved application or a loan, in Chinese or English; returns the file',
    input: z.strictObject({ type: z.enum(LOAN_DOCUMENT_TYPES), id, lang: z.enum(['zh-CN', 'en']).optional() }),
    permission: 'documents.write',
    mutating: false,
    handler: async (input, ctx) => {
      const { db, ids, dataDir } = requireBookFiles(ctx);
      const lang = input.lang ?? ctx.lang;
      const prepared = await prepareLoanDocument(db, input.type, input.id, lang, businessDate(ctx));
      if (!ctx.write) throw new SuanpanError('CONFLICT', 'book.notOpen');
      const issued = ctx.write(() => {
        const r = recordDocument(db, ids, ctx.now(), dataDir, prepared, ctx.user?.userId ?? null);
        ctx.audit?.({ entityType: prepared.owner.type, entityId: prepared.owner.id, summary: `${input.type} ${r.number} (${lang}) ${r.reused ? 'reprinted' : 'issued'}, check code ${r.contentHash}, sha256 ${r.sha256.slice(0, 16)}` });
        return r;
      });
      return { ...issued, type: input.type, lang, fileName: `${issued.number}-${input.type}-${lang}.pdf`, contentBase64: prepared.bytes.toString('base64') };
    },
  }),
  'documents/issued': method({
    summary: 'Documents issued for an application or a loan, newest first',
    input: z.strictObject({ ownerType: z.enum(['application', 'loan', 'case']), ownerId: id }),
    permission: 'documents.read',
    mutating: false,
    handler: (input, ctx) => issuedDocuments(requireBook(ctx).db, input.ownerType, input.ownerId),
  }),
  'applications/sign': method({
    summary: 'Records that the borrower signed the issued contract: an approved application becomes signed',
    input: z.strictObject({ id }),
    permission: 'applications.write',
    mutating: true,
    handler: (input, ctx) => {
      const { db, ids } = requireBook(ctx);
      if (!ctx.user) throw new SuanpanError('FORBIDDEN', 'auth.signInRequired');
      const r = signApplication(db, ids, ctx.now(), input.id, ctx.user.userId);
      ctx.audit?.({ entityType: 'application', entityId: input.id, summary: `application ${r.number} signed: contract ${r.contract}, check code ${r.contentHash}` });
      return r;
    },
  }),
};
