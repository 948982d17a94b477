import { z } from 'zod';
import { businessDateOf, method, requireBook, requireBookFiles, storeScope, type ApiContext } from '../api/define';
import { SuanpanError } from '../errors';
import { applicationStore } from '../db/repos/applications';
import { storeDocument } from '../customers/service';
import { customerStore } from '../db/repos/customers';
import { lprStore } from '../db/repos/lpr';
import { settingsStore } from '../db/repos/settings';
import { checkCreditCode, checkIdNumber, checkPhone } from '../customers/intake';
import { dateText, wholeNumber } from '../validation';
import { scoreFile } from './batch';
import {
  activeScorecard,
  applicationInput,
  applicationQueue,
  createApplication,
  decideApplication,
  decisionInput,
  DOCUMENT_KINDS,
  getApplication,
  importScorecard,
  listProducts,
  loadSettings,
  parseScorecard,
  queueInput,
  saveSettings,
  submitApplication,
  updateApplication,
  withdrawApplication,
  type Actor,
  type OriginationStores,
} from './service';

const businessDate = businessDateOf;
const applicationId = z.string().min(1).max(40);

/** The stores a call works through, in its unit of work. */
function storesOf(ctx: ApiContext): OriginationStores {
  const q = storeScope(ctx);
  return { applications: applicationStore(q), customers: customerStore(q), lpr: lprStore(q), settings: settingsStore(q) };
}

/** The signed-in person behind a call (every method here needs one: none is a desk permission). */
function actor(ctx: ApiContext): Actor {
  if (!ctx.user) throw new SuanpanError('FORBIDDEN', 'auth.signInRequired');
  return { userId: ctx.user.userId, role: ctx.user.role, permissions: ctx.permissions };
}

export const originationApi = {
  'products/list': method({
    summary: 'Products on offer, with their ranges and required documents',
    input: z.strictObject({}),
    permission: 'products.read',
    mutating: false,
    handler: (_input, ctx) => listProducts(storesOf(ctx).applications),
  }),
  'applications/queue': method({
    summary: 'The application queue: open (or one state), by officer, grade and days waiting; oldest first, a page at a time',
    input: queueInput,
    permission: 'applications.read',
    mutating: false,
    handler: (input, ctx) => applicationQueue(storesOf(ctx).applications, input, businessDate(ctx)),
  }),
  'applications/get': method({
    summary: 'One application: facts, rule results, score breakdown and reasons, offer, documents, history, and the actions open to the caller',
    input: z.strictObject({ id: applicationId }),
    permission: 'applications.read',
    mutating: false,
    handler: (input, ctx) => getApplication(storesOf(ctx), input.id, actor(ctx), ctx.lang, businessDate(ctx)),
  }),
  'applications/create': method({
    summary: 'Takes a new application as a draft',
    input: applicationInput,
    permission: 'applications.write',
    mutating: true,
    handler: async (input, ctx) => {
      const { ids } = requireBook(ctx);
      const result = await createApplication(storesOf(ctx), ids, ctx.now(), businessDate(ctx), input, actor(ctx).userId);
      ctx.audit?.({ entityType: 'application', entityId: result.id, summary: `application ${result.number} taken as a draft` });
      return result;
    },
  }),
  'applications/update': method({
    summary: 'Changes a draft or returned application',
    input: z.strictObject({ id: applicationId, application: applicationInput }),
    permission: 'applications.write',
    mutating: true,
    handler: async (input, ctx) => {
      const result = await updateApplication(storesOf(ctx), ctx.now(), input.id, input.application);
      ctx.audit?.({ entityType: 'application', entityId: input.id, summary: `application ${result.number} changed` });
      return result;
    },
  }),
  'applications/addDocument': method({
    summary: 'Attaches a document (PDF or image) to an application',
    input: z.strictObject({ applicationId, kind: z.enum(DOCUMENT_KINDS), fileName: z.string().trim().min(1).max(200), contentBase64: z.string().max(14_000_000) }),
    permission: 'applications.write',
    mutating: true,
    handler: async (input, ctx) => {
      const { ids, dataDir } = requireBookFiles(ctx);
      const stores = storesOf(ctx);
      const row = await stores.applications.byId(input.applicationId);
      if (!row) throw new SuanpanError('NOT_FOUND', 'applications.notFound', { id: input.applicationId });
      if (!['draft', 'returned', 'submitted', 'screened', 'scored', 'review'].includes(row.state)) {
        throw new SuanpanError('CONFLICT', 'applications.state', { number: row.number, state: row.state, expected: 'draft / returned / review' });
      }
      const result = await storeDocument(stores.customers, ids, ctx.now(), dataDir, { type: 'application', id: row.id }, input, actor(ctx).userId);
      ctx.audit?.({ entityType: 'application', entityId: row.id, summary: `document ${input.fileName} (${input.kind}) attached to ${row.number}` });
      return result;
    },
  }),
  'applications/submit': method({
    summary: 'Submits an application: documents checked, then screened, scored, priced and routed for approval',
    input: z.strictObject({ id: applicationId }),
    permission: 'applications.write',
    mutating: true,
    handler: async (input, ctx) => {
      const { ids } = requireBook(ctx);
      const audit = (summary: string) => ctx.audit?.({ entityType: 'application', entityId: input.id, summary });
      const result = await submitApplication(storesOf(ctx), ids, ctx.now(), businessDate(ctx), input.id, actor(ctx).userId, audit);
      audit(`application ${result.number} submitted`);
      return result;
    },
  }),
  'applications/decide': method({
    summary: 'Approves, declines or returns an application (not by its submitter; approval within the role’s authority; an approval against the score needs a written reason)',
    input: decisionInput,
    permission: 'applications.decide',
    mutating: true,
    handler: (input, ctx) => {
      const { ids } = requireBook(ctx);
      const audit = (summary: string) => ctx.audit?.({ entityType: 'application', entityId: input.id, summary });
      return decideApplication(storesOf(ctx), ids, ctx.now(), input, actor(ctx), audit);
    },
  }),
  'applications/withdraw': method({
    summary: 'Withdraws an application before its contract is signed',
    input: z.strictObject({ id: applicationId, note: z.string().trim().max(1000) }),
    permission: 'applications.write',
    mutating: true,
    handler: async (input, ctx) => {
      const result = await withdrawApplication(storesOf(ctx), requireBook(ctx).ids, ctx.now(), input.id, input.note, actor(ctx));
      ctx.audit?.({ entityType: 'application', entityId: input.id, summary: `application ${result.number} withdrawn: ${input.note}` });
      return result;
    },
  }),
  'lists/list': method({
    summary: 'Black and white list entries, newest first, or the entries for one value',
    input: z.strictObject({
      kind: z.enum(['id_number', 'phone', 'credit_code']).optional(),
      value: z.string().trim().max(40).optional(),
      cursor: z.string().max(80).optional(),
      limit: wholeNumber(1, 200).optional(),
    }),
    permission: 'lists.read',
    mutating: false,
    handler: async (input, ctx) => {
      const apps = storesOf(ctx).applications;
      const [beforeAt, beforeId] = input.cursor ? (input.cursor.split('|') as [string, string]) : ['9999', '~'];
      const limit = input.limit ?? 50;
      const rows = input.kind && input.value ? await apps.listByValue(input.kind, input.value.toUpperCase()) : await apps.listPage(beforeAt, beforeId ?? '~', limit);
      const last = rows.at(-1);
      return {
        rows: rows.map((r) => ({ id: r.id, list: r.list, kind: r.kind, value: r.value, reason: r.reason, addedAt: r.addedAt, addedBy: r.addedByName })),
        next: !input.value && rows.length === limit && last ? `${last.addedAt}|${last.id}` : null,
      };
    },
  }),
  'lists/add': method({
    summary: 'Puts an ID number, phone or credit code on the black or white list, with the reason',
    input: z.strictObject({ list: z.enum(['black', 'white']), kind: z.enum(['id_number', 'phone', 'credit_code']), value: z.string().trim().min(1).max(40), reason: z.string().trim().min(1).max(500) }),
    permission: 'lists.manage',
    mutating: true,
    handler: async (input, ctx) => {
      const { ids } = requireBook(ctx);
      const today = businessDate(ctx);
      const checked = input.kind === 'id_number' ? checkIdNumber(input.value, today) : input.kind === 'phone' ? checkPhone(input.value) : checkCreditCode(input.value);
      // A credit code that fails only its checksum is still listed (some early codes do).
      const value = checked.ok ? (typeof checked.value === 'string' ? checked.value : checked.value.idNumber) : input.kind === 'credit_code' && checked.key === 'intake.creditCodeChecksum' ? input.value.toUpperCase() : null;
      if (value === null) throw new SuanpanError('VALIDATION', 'lists.value', { field: 'value', kind: input.kind });
      const id = ids.next();
      await storesOf(ctx).applications.listInsert({ id, list: input.list, kind: input.kind, value, reason: input.reason, addedAt: ctx.now().toISOString(), addedBy: actor(ctx).userId });
      ctx.audit?.({ entityType: 'list_entry', entityId: id, summary: `${input.list}list: ${input.kind} added (${input.reason})` });
      return { id };
    },
  }),
  'lists/remove': method({
    summary: 'Takes an entry off its list (kept, marked removed)',
    input: z.strictObject({ id: z.string().min(1).max(40), reason: z.string().trim().min(1).max(500) }),
    permission: 'lists.manage',
    mutating: true,
    handler: async (input, ctx) => {
      if (!(await storesOf(ctx).applications.listRemove(input.id, ctx.now().toISOString()))) throw new SuanpanError('NOT_FOUND', 'lists.notFound', { id: input.id });
      ctx.audit?.({ entityType: 'list_entry', entityId: input.id, summary: `list entry removed: ${input.reason}` });
      return { id: input.id };
    },
  }),
  'settings/origination': method({
    summary: 'The origination policy in force (rules, review share, authority, grade prices) and its version, with the scorecard in force',
    input: z.strictObject({}),
    permission: 'settings.read',
    mutating: false,
    handler: async (_input, ctx) => {
      const stores = storesOf(ctx);
      const s = await loadSettings(stores.settings);
      const model = await activeScorecard(stores.applications);
      // The settings screen's table reads the stored versions under these names.
      const scorecards = (await stores.applications.scorecards()).map((c) => ({
        id: c.id,
        name: c.name,
        version: c.version,
        active: c.active ? 1 : 0,
        created_at: c.createdAt,
        created_by_name: c.createdByName,
      }));
      return { version: s.version, settings: s.raw, scorecard: model, scorecards };
    },
  }),
  'settings/saveOrigination': method({
    summary: 'Saves a new version of the origination policy (the one it replaces is kept)',
    input: z.strictObject({ settings: z.unknown() }),
    permission: 'settings.manage',
    mutating: true,
    handler: async (input, ctx) => {
      const result = await saveSettings(storesOf(ctx).settings, ctx.now(), input.settings, actor(ctx).userId);
      ctx.audit?.({ entityType: 'setting', entityId: 'origination', summary: `origination policy saved as version ${result.version}` });
      return result;
    },
  }),
  'applications/score': method({
    summary: 'Screens, scores and prices applications given as JSON lines, one result line each, saving nothing (`suanpan score`); a scorecard model may be tried instead of the one in force',
    input: z.strictObject({ jsonl: z.string().max(200_000_000), businessDate: dateText.optional(), scorecard: z.unknown().optional() }),
    permission: 'applications.read',
    mutating: false,
    handler: async (input, ctx) => {
      const model = input.scorecard === undefined ? undefined : parseScorecard(input.scorecard);
      const lines: string[] = [];
      const run = await scoreFile(storesOf(ctx), input.jsonl, input.businessDate ?? businessDate(ctx), ctx.lang, (line) => lines.push(line), model);
      return { ...run, results: lines };
    },
  }),
  'scorecards/import': method({
    summary: 'Stores a scorecard model as a new version and puts it in force',
    input: z.strictObject({ model: z.unknown() }),
    permission: 'settings.manage',
    mutating: true,
    handler: async (input, ctx) => {
      const { ids } = requireBook(ctx);
      const result = await importScorecard(storesOf(ctx).applications, ids, ctx.now(), input.model, actor(ctx).userId);
      ctx.audit?.({ entityType: 'scorecard', entityId: result.id, summary: `scorecard ${result.name} v${result.version} put in force` });
      return result;
    },
  }),
};
