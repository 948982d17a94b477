import { z } from 'zod';
import { invalidSettings } from '../validation';
import { businessDateOf, method, requireBook, storeScope, type ApiContext } from '../api/define';
import { SuanpanError } from '../errors';
import { collectionStore } from '../db/repos/collections';
import { settingsStore } from '../db/repos/settings';
import { servicingStore } from '../db/repos/servicing';
import { noticeSettings } from '../documents/notices';
import {
  assignCase,
  caseView,
  closeCase,
  collectionsQueue,
  consentInput,
  contactInput,
  escalateCase,
  logContact,
  openCase,
  promiseInput,
  queueInput,
  recordConsent,
  recordPromise,
  scheduleContact,
  scheduleInput,
  type Clock,
  type CollectionsScope,
} from './service';
import { collectionSettings, collectionSettingsShape, SETTINGS_KEY } from './settings';

const caseId = z.string().min(1).max(60);

const clockOf = (ctx: ApiContext): Clock => ({ now: ctx.now(), businessDate: businessDateOf(ctx) });

/** The call's stores: its unit of work in a mutating method, the book otherwise. */
function scopeOf(ctx: ApiContext): CollectionsScope {
  const q = storeScope(ctx);
  return { store: collectionStore(q), settings: settingsStore(q), ledger: servicingStore(q) };
}

function userId(ctx: ApiContext): string {
  if (!ctx.user) throw new SuanpanError('FORBIDDEN', 'auth.signInRequired');
  return ctx.user.userId;
}

export const collectionsApi = {
  'collections/queue': method({
    summary: 'The collections queue, highest priority first (days past due, balance, broken promises, days since the last contact), by bucket, collector and promise state, a page at a time',
    input: queueInput,
    permission: 'collections.read',
    mutating: false,
    handler: (input, ctx) => collectionsQueue(scopeOf(ctx), input, clockOf(ctx).businessDate),
  }),
  'collections/case': method({
    summary: 'One case: the loan, its overdue installments, the contact log, promises, planned contacts, history, the conduct limits as they stand now, and the actions open to the caller',
    input: z.strictObject({ id: caseId }),
    permission: 'collections.read',
    mutating: false,
    // The letters' settings are read only once the case is known to exist, so a missing case says so first.
    handler: (input, ctx) => caseView(scopeOf(ctx), input.id, clockOf(ctx), ctx.permissions, ctx.lang, async () => (await noticeSettings(settingsStore(storeScope(ctx)))).demandFromDays),
  }),
  'collections/open': method({
    summary: 'Opens a collection case for a late loan (or returns its open case)',
    input: z.strictObject({ loanId: z.string().min(1).max(60), assignTo: z.string().min(1).max(60).optional() }),
    permission: 'collections.work',
    mutating: true,
    handler: async (input, ctx) => {
      const { ids } = requireBook(ctx);
      const result = await openCase(scopeOf(ctx), ids, clockOf(ctx), input, userId(ctx));
      if (result.created) ctx.audit?.({ entityType: 'collection_case', entityId: result.id, summary: `collection case opened for loan ${result.loanNumber}` });
      return result;
    },
  }),
  'collections/assign': method({
    summary: 'Gives a case to a collector (or to no one)',
    input: z.strictObject({ caseId, userId: z.string().min(1).max(60).nullable() }),
    permission: 'collections.work',
    mutating: true,
    handler: async (input, ctx) => {
      const { ids } = requireBook(ctx);
      const result = await assignCase(scopeOf(ctx), ids, clockOf(ctx), input.caseId, input.userId, userId(ctx));
      ctx.audit?.({ entityType: 'collection_case', entityId: input.caseId, summary: `case of loan ${result.loanNumber} assigned to ${result.assignedName ?? 'no one'}` });
      return result;
    },
  }),
  'collections/escalate': method({
    summary: 'Hands a case to legal, with the reason',
    input: z.strictObject({ caseId, reason: z.string().trim().min(2).max(1000) }),
    permission: 'collections.work',
    mutating: true,
    handler: async (input, ctx) => {
      const { ids } = requireBook(ctx);
      const result = await escalateCase(scopeOf(ctx), ids, clockOf(ctx), input.caseId, input.reason, userId(ctx));
      ctx.audit?.({ entityType: 'collection_case', entityId: input.caseId, summary: `case of loan ${result.loanNumber} escalated to legal: ${input.reason}` });
      return result;
    },
  }),
  'collections/close': method({
    summary: 'Closes a case once its loan is current; everything on it is kept',
    input: z.strictObject({ caseId, note: z.string().trim().max(1000).optional() }),
    permission: 'collections.work',
    mutating: true,
    handler: async (input, ctx) => {
      const { ids } = requireBook(ctx);
      const result = await closeCase(scopeOf(ctx), ids, clockOf(ctx), input.caseId, input.note ?? null, userId(ctx));
      ctx.audit?.({ entityType: 'collection_case', entityId: input.caseId, summary: `case of loan ${result.loanNumber} closed` });
      return result;
    },
  }),
  'collections/logContact': method({
    summary: 'Logs a call, SMS sent by hand, letter, visit or note, within the conduct rules (quiet hours, 3 connected calls a day, third parties only when the debtor is unreachable)',
    input: contactInput,
    permission: 'collections.work',
    mutating: true,
    handler: async (input, ctx) => {
      const { ids } = requireBook(ctx);
      const result = await logContact(scopeOf(ctx), ids, clockOf(ctx), input, userId(ctx));
      ctx.audit?.({
        entityType: 'collection_case', entityId: input.caseId,
        summary: `${input.channel} to ${input.party} logged on loan ${result.loanNumber} (${input.connected ? 'connected' : 'not connected'}, ${input.outcome})`,
      });
      return result;
    },
  }),
  'collections/schedule': method({
    summary: 'Plans a contact for a time, within the same conduct rules',
    input: scheduleInput,
    permission: 'collections.work',
    mutating: true,
    handler: async (input, ctx) => {
      const { ids } = requireBook(ctx);
      const result = await scheduleContact(scopeOf(ctx), ids, clockOf(ctx), input, userId(ctx));
      ctx.audit?.({ entityType: 'collection_case', entityId: input.caseId, summary: `${input.channel} to ${input.party} planned for ${input.at} on loan ${result.loanNumber}` });
      return result;
    },
  }),
  'collections/promise': method({
    summary: 'Takes a promise to pay an amount by a date (decided kept or broken at the end of that day)',
    input: promiseInput,
    permission: 'collections.work',
    mutating: true,
    handler: async (input, ctx) => {
      const { ids } = requireBook(ctx);
      const result = await recordPromise(scopeOf(ctx), ids, clockOf(ctx), input, userId(ctx));
      ctx.audit?.({ entityType: 'collection_case', entityId: input.caseId, summary: `promise to pay ${result.amount} by ${result.promisedDate} on loan ${result.loanNumber}` });
      return result;
    },
  }),
  'collections/consent': method({
    summary: 'Records (or withdraws) the borrower\'s consent to be contacted between 22:00 and 08:00, with when and how it was given',
    input: consentInput,
    permission: 'collections.work',
    mutating: true,
    handler: async (input, ctx) => {
      const { ids } = requireBook(ctx);
      const result = await recordConsent(scopeOf(ctx), ids, clockOf(ctx), input, userId(ctx));
      ctx.audit?.({
        entityType: 'customer', entityId: result.customerId,
        summary: input.given ? `consent to out-of-hours contact recorded (given ${input.givenOn ?? 'today'}: ${input.how})` : 'consent to out-of-hours contact withdrawn',
      });
      return result;
    },
  }),
  'settings/collections': method({
    summary: 'The collections policy in force: quiet hours, calls a day, when a debtor counts as unreachable, promise limits, queue weights',
    input: z.strictObject({}),
    permission: 'settings.read',
    mutating: false,
    handler: async (_input, ctx) => {
      const { version, ...settings } = await collectionSettings(settingsStore(storeScope(ctx)));
      return { version, settings };
    },
  }),
  'settings/saveCollections': method({
    summary: 'Saves a new version of the collections policy (conduct limits may be made stricter, never looser; the one it replaces is kept)',
    input: z.strictObject({ settings: z.unknown() }),
    permission: 'settings.manage',
    mutating: true,
    handler: async (input, ctx) => {
      const parsed = collectionSettingsShape.safeParse(input.settings);
      if (!parsed.success) throw invalidSettings(parsed.error);
      const version = await settingsStore(storeScope(ctx)).save(SETTINGS_KEY, parsed.data, ctx.now().toISOString(), ctx.user?.userId ?? null);
      ctx.audit?.({ entityType: 'setting', entityId: SETTINGS_KEY, summary: `collections settings saved as version ${version}` });
      return { version };
    },
  }),
};
