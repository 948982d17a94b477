/**
 * Collections: cases for late loans, the contact log, planned contacts, promises to pay, and the
 * conduct rules the software enforces rather than mentions (NIFA 2024 post-loan collection guideline,
 * the 2018 convention):
 * - quiet hours: no call, SMS or visit logged or planned between 22:00 and 08:00, the debtor's local
 *   time, unless the borrower's consent to out-of-hours contact is on file (letters and notes are
 *   not contacts at a time and are exempt);
 * - at most 3 connected calls a day to one debtor, counted over all their loans' cases and all staff
 *   (the day is the debtor's local day);
 * - a listed contact (never anyone else) only when the debtor is unreachable — their last N calls or
 *   visits (a setting, 3) all failed to connect, over at least 2 different days — and only with the
 *   collector's acknowledgement that the script was followed: the debt was not disclosed;
 * - records are kept five years: there is no delete, closing a case keeps everything, and the book
 *   itself refuses deletes of younger records (migration 0006).
 * Every function takes the clock, the business date and the ids as arguments, and reads and writes
 * through the stores it is given (within the caller's unit of work).
 */
import { z } from 'zod';
import type { Db } from '../db/connection';
import type { IdSource } from '../ids';
import { all, get, run, runSteps, type Steps } from '../db/eod';
import { sqliteClose } from '../db/sqlite/eod';
import type { CollectionCase, CollectionStore, QueueQuery } from './store';
import type { SettingsStore } from '../settings/store';
import type { ServicingStore } from '../servicing/records';
import { loadLoan } from '../servicing/store';
import { overdueInBook } from '../servicing/kinds';
import { addDays, daysBetween, parseYmd } from '../calendar';
import { formatMinor, parseMinor } from '../money/amount';
import { BOOK_SCALE } from '../money/money';
import { SuanpanError, rule, translate, validation, type Lang } from '../errors';
import { amountText, dateText, wholeNumber } from '../validation';
import { ROLE_PERMISSIONS, ROLES, type Role } from '../identity/roles';
import type { Permission } from '../api/define';
import { collectionSettings, type CollectionSettings } from './settings';
import { BUCKETS, bucketOf, bucketRange } from '../rules/lending';

export const CHANNELS = ['call', 'sms', 'letter', 'visit', 'note'] as const;
export type Channel = (typeof CHANNELS)[number];
/** Channels that reach a person at a moment: the quiet hours apply to these. */
export const TIMED_CHANNELS: readonly Channel[] = ['call', 'sms', 'visit'];
export const OUTCOMES = [
  'no-answer', 'busy', 'switched-off', 'wrong-number', 'left-message', 'promised', 'paid', 'refused', 'dispute', 'hardship',
  'callback', 'sent', 'delivered', 'returned', 'met', 'not-home', 'other',
] as const;
export { BUCKETS, bucketOf, type Bucket } from '../rules/lending';

export const daysPastDue = (oldestUnpaid: string | null, businessDate: string): number =>
  oldestUnpaid && oldestUnpaid < businessDate ? daysBetween(oldestUnpaid, businessDate) : 0;

// ——— Local time ——————————————————————————————————————————————————————————————————————————————

const LOCAL = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)$/;
export const localTimeText = z
  .string()
  .max(20)
  .superRefine((v, ctx) => {
    const m = LOCAL.exec(v);
    if (!m || !parseYmd(m[1] as string)) ctx.addIssue({ code: 'custom', params: { key: 'collections.localTime', details: { value: v } } });
  });

/** The debtor's local wall time ('YYYY-MM-DDTHH:MM') at an instant. */
export function localOf(instant: Date, offsetMinutes: number): string {
  return new Date(instant.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 16);
}

/** The instant of a local wall time. */
export function instantOf(local: string, offsetMinutes: number): Date {
  return new Date(Date.parse(`${local}:00.000Z`) - offsetMinutes * 60_000);
}

/** The instants that bound a local day, [from, to). */
function dayBounds(localDate: string, offsetMinutes: number): [string, string] {
  return [instantOf(`${localDate}T00:00`, offsetMinutes).toISOString(), instantOf(`${addDays(localDate, 1)}T00:00`, offsetMinutes).toISOString()];
}

export function inQuietHours(local: string, settings: CollectionSettings): boolean {
  const time = local.slice(11, 16);
  const { from, to } = settings.quietHours;
  return from > to ? time >= from || time < to : time >= from && time < to;
}


// ——— Where it reads and writes ———————————————————————————————————————————————————————————————

/** The stores collections works through, all on the caller's unit of work (or the book, for a read). */
export interface CollectionsScope {
  store: CollectionStore;
  settings: SettingsStore;
  /** The loan ledger: what is overdue on a loan, penalty to the business date, as its loan page says. */
  ledger: ServicingStore;
}

// ——— Reading a case ———————————————————————————————————————————————————————————————————————————

async function mustCase(s: CollectionsScope, caseId: string): Promise<CollectionCase> {
  const row = await s.store.caseById(caseId);
  if (!row) throw new SuanpanError('NOT_FOUND', 'collections.caseNotFound', { id: caseId });
  return row;
}

async function openCaseOrThrow(s: CollectionsScope, caseId: string): Promise<CollectionCase> {
  const row = await mustCase(s, caseId);
  if (row.status === 'closed') throw new SuanpanError('CONFLICT', 'collections.caseClosed', { number: row.loanNumber, date: row.closedDate ?? '' });
  return row;
}

/** Whether the debtor can be treated as unreachable, and the attempts that say so. */
export async function reachability(
  s: CollectionsScope,
  customerId: string,
  settings: CollectionSettings,
): Promise<{ unreachable: boolean; failedAttempts: number; days: number }> {
  const { attempts, overDays } = settings.unreachable;
  const last = await s.store.lastAttempts(customerId, attempts);
  const failed = last.filter((a) => !a.connected);
  const days = new Set(failed.map((a) => (a.localTime ?? localOf(new Date(a.at), settings.utcOffsetMinutes)).slice(0, 10))).size;
  return { unreachable: last.length === attempts && failed.length === attempts && days >= overDays, failedAttempts: failed.length, days };
}

function connectedCallsOn(s: CollectionsScope, customerId: string, localDate: string, settings: CollectionSettings): Promise<number> {
  const [from, to] = dayBounds(localDate, settings.utcOffsetMinutes);
  return s.store.connectedCalls(customerId, from, to);
}

/** The quiet-hours rule: refused unless consent to out-of-hours contact is on file by that day. */
async function checkQuietHours(s: CollectionsScope, customerId: string, local: string, settings: CollectionSettings): Promise<void> {
  if (!inQuietHours(local, settings)) return;
  if (await s.store.consent(customerId, local.slice(0, 10))) return;
  throw rule('collections.quietHours', { time: local.replace('T', ' '), from: settings.quietHours.from, to: settings.quietHours.to });
}

async function checkCallCap(s: CollectionsScope, customerId: string, localDate: string, settings: CollectionSettings): Promise<void> {
  const made = await connectedCallsOn(s, customerId, localDate, settings);
  if (made >= settings.maxConnectedCallsPerDay) throw rule('collections.callCap', { max: settings.maxConnectedCallsPerDay, date: localDate, made });
}

/** A listed contact of the debtor, approached only once the debtor is unreachable. */
async function checkThirdParty(s: CollectionsScope, row: CollectionCase, contactId: string | undefined, settings: CollectionSettings) {
  if (!contactId) throw validation('collections.contactRequired', { field: 'contactId' });
  const contact = await s.store.contact(contactId, row.customerId);
  if (!contact) throw new SuanpanError('NOT_FOUND', 'collections.contactNotListed', { id: contactId, name: row.customerName });
  const reach = await reachability(s, row.customerId, settings);
  if (!reach.unreachable) {
    throw rule('collections.debtorReachable', { attempts: settings.unreachable.attempts, days: settings.unreachable.overDays, failed: reach.failedAttempts });
  }
  return contact;
}

// ——— Cases ————————————————————————————————————————————————————————————————————————————————————

export interface Clock {
  now: Date;
  businessDate: string;
}

/** Opens a case for a late loan, or returns its open case (the desk, for one loan). */
export async function openCase(
  s: CollectionsScope,
  ids: IdSource,
  clock: Clock,
  input: { loanId: string; assignTo?: string | null; ladderStep?: string | null },
  userId: string | null,
): Promise<{ id: string; created: boolean; loanNumber: string }> {
  const loan = await s.store.loan(input.loanId);
  if (!loan) throw new SuanpanError('NOT_FOUND', 'collections.loanNotFound', { id: input.loanId });
  const existing = await s.store.openCaseOfLoan(loan.id);
  if (existing) return { id: existing, created: false, loanNumber: loan.number };
  if (loan.status !== 'active' || daysPastDue(loan.oldestUnpaidDueDate, clock.businessDate) === 0) {
    throw rule('collections.loanNotLate', { number: loan.number });
  }
  if (input.assignTo) await checkAssignee(s, input.assignTo);
  const id = ids.next();
  await s.store.insertCase({ id, loanId: loan.id, openedDate: clock.businessDate, assignedTo: input.assignTo ?? null, ladderStep: input.ladderStep ?? null });
  await s.store.insertEvent({ id: ids.next(), caseId: id, at: clock.now.toISOString(), businessDate: clock.businessDate, userId, kind: 'opened', toUser: input.assignTo ?? null });
  return { id, created: true, loanNumber: loan.number };
}

const mayWork = (role: string): boolean => (ROLES as readonly string[]).includes(role) && ROLE_PERMISSIONS[role as Role].includes('collections.work');

async function checkAssignee(s: CollectionsScope, userId: string): Promise<{ displayName: string }> {
  const user = await s.store.user(userId);
  if (!user || !user.active || !mayWork(user.role)) throw rule('collections.assigneeNotCollector', { id: userId });
  return user;
}

export async function assignCase(s: CollectionsScope, ids: IdSource, clock: Clock, caseId: string, assignee: string | null, userId: string | null) {
  const row = await openCaseOrThrow(s, caseId);
  const to = assignee ? await checkAssignee(s, assignee) : null;
  await s.store.setAssigned(caseId, assignee);
  await s.store.insertEvent({
    id: ids.next(), caseId, at: clock.now.toISOString(), businessDate: clock.businessDate, userId, kind: 'assigned', fromUser: row.assignedTo, toUser: assignee,
  });
  return { id: caseId, loanNumber: row.loanNumber, assignedTo: assignee, assignedName: to?.displayName ?? null };
}

export async function escalateCase(s: CollectionsScope, ids: IdSource, clock: Clock, caseId: string, reason: string, userId: string | null) {
  const row = await openCaseOrThrow(s, caseId);
  if (row.status !== 'open' || !(await s.store.setLegal(caseId))) throw new SuanpanError('CONFLICT', 'collections.alreadyLegal', { number: row.loanNumber });
  await s.store.insertEvent({ id: ids.next(), caseId, at: clock.now.toISOString(), businessDate: clock.businessDate, userId, kind: 'escalated', reason });
  return { id: caseId, loanNumber: row.loanNumber, status: 'legal' as const };
}

/** Closes a case once its loan is current (or repaid); everything logged on it is kept. */
export async function closeCase(s: CollectionsScope, ids: IdSource, clock: Clock, caseId: string, note: string | null, userId: string | null) {
  const row = await openCaseOrThrow(s, caseId);
  const dpd = daysPastDue(row.oldestUnpaidDueDate, clock.businessDate);
  if (row.loanStatus !== 'closed' && dpd > 0) throw rule('collections.loanStillLate', { number: row.loanNumber, dpd });
  await s.store.close(caseId, clock.businessDate);
  await s.store.insertEvent({ id: ids.next(), caseId, at: clock.now.toISOString(), businessDate: clock.businessDate, userId, kind: 'closed', reason: note });
  return { id: caseId, loanNumber: row.loanNumber, status: 'closed' as const };
}

/**
 * End of day: closes every open case whose loan is current again; returns how many. Set-based: the
 * cases of the loans touched since the last close, each closing with its history row. Written once
 * as steps of the close (src/db/eod.ts), which either engine runs.
 */
export function* closeCurrentCasesSteps(businessDate: string, now: Date, ids: IdSource): Steps<number> {
  // The history rows in one statement, then the cases closed at once.
  const closing = (yield* all<{ id: string }>('currentCases', { bd: businessDate })).map(({ id }) => [ids.next(), id]);
  if (closing.length > 0) yield* run('closedEvents', { closing: JSON.stringify(closing), at: now.toISOString(), bd: businessDate });
  return yield* run('closeCurrent', { bd: businessDate });
}

/**
 * End of day: decides every pending promise due on or before the business date. Kept when the loan
 * was paid at least the promised amount (repayments, prepayments and recoveries by value date, from
 * the business day the promise was made through the business date, reversed payments not counted);
 * broken otherwise. Set-based: one statement over the promises falling due.
 */
export function* decidePromisesSteps(businessDate: string): Steps<{ kept: number; broken: number }> {
  const counts = (yield* get<{ kept: number; broken: number }>('duePromises', { bd: businessDate })) as { kept: number; broken: number };
  yield* run('decidePromises', { bd: businessDate });
  return counts;
}

/** closeCurrentCasesSteps, on a desk's book, synchronously on its connection (the close worker's own). */
export function closeCurrentCases(db: Db, businessDate: string, now: Date, ids: IdSource): number {
  return runSteps(sqliteClose(db), closeCurrentCasesSteps(businessDate, now, ids));
}

/** decidePromisesSteps, on a desk's book, synchronously on its connection. */
export function decidePromises(db: Db, businessDate: string): { kept: number; broken: number } {
  return runSteps(sqliteClose(db), decidePromisesSteps(businessDate));
}

// ——— The contact log ——————————————————————————————————————————————————————————————————————————

export const contactInput = z.strictObject({
  caseId: z.string().min(1).max(60),
  channel: z.enum(CHANNELS),
  party: z.enum(['debtor', 'contact']).default('debtor'),
  /** A listed contact of the borrower (customer_contacts), for party 'contact'. */
  contactId: z.string().min(1).max(60).optional(),
  connected: z.boolean().default(false),
  outcome: z.enum(OUTCOMES),
  note: z.string().trim().max(1000).optional(),
  /** When it happened, the debtor's local time; now when left out. */
  at: localTimeText.optional(),
  /** For a contact other than the debtor: the collector confirms the script was followed and the debt not disclosed. */
  scriptAcknowledged: z.boolean().default(false),
  /** The planned contact this carries out. */
  scheduledId: z.string().min(1).max(60).optional(),
  /** The letter sent (an issued notice or demand of this case or its loan). */
  documentId: z.string().min(1).max(60).optional(),
});

function checkShape(input: { channel: Channel; party: string; connected: boolean; contactId?: string | undefined; documentId?: string | undefined }): void {
  if (input.connected && input.channel !== 'call' && input.channel !== 'visit') throw validation('collections.connectedChannel', { field: 'connected', channel: input.channel });
  if (input.party === 'contact' && !TIMED_CHANNELS.includes(input.channel)) throw validation('collections.contactChannel', { field: 'party', channel: input.channel });
  if (input.party === 'debtor' && input.contactId) throw validation('collections.contactForDebtor', { field: 'contactId' });
  if (input.documentId && input.channel !== 'letter') throw validation('collections.documentForLetter', { field: 'documentId' });
}

export async function logContact(s: CollectionsScope, ids: IdSource, clock: Clock, input: z.output<typeof contactInput>, userId: string | null) {
  const settings = await collectionSettings(s.settings);
  const row = await openCaseOrThrow(s, input.caseId);
  checkShape(input);
  const nowLocal = localOf(clock.now, settings.utcOffsetMinutes);
  const local = input.at ?? nowLocal;
  if (local > nowLocal) throw validation('collections.timeInFuture', { field: 'at', time: local.replace('T', ' ') });
  if (local.slice(0, 10) < addDays(nowLocal.slice(0, 10), -settings.logWithinDays)) {
    throw validation('collections.timeTooOld', { field: 'at', time: local.replace('T', ' '), days: settings.logWithinDays });
  }
  if (TIMED_CHANNELS.includes(input.channel)) await checkQuietHours(s, row.customerId, local, settings);
  let contact: { id: string; name: string; relation: string } | null = null;
  if (input.party === 'contact') {
    contact = await checkThirdParty(s, row, input.contactId, settings);
    if (!input.scriptAcknowledged) throw rule('collections.scriptRequired', { field: 'scriptAcknowledged' });
  }
  if (input.channel === 'call' && input.party === 'debtor' && input.connected) await checkCallCap(s, row.customerId, local.slice(0, 10), settings);
  if (input.documentId) {
    const doc = await s.store.issued(input.documentId);
    const ours = doc && ((doc.ownerType === 'case' && doc.ownerId === row.id) || (doc.ownerType === 'loan' && doc.ownerId === row.loanId));
    if (!ours) throw new SuanpanError('NOT_FOUND', 'collections.documentNotFound', { id: input.documentId, number: row.loanNumber });
  }
  const id = ids.next();
  if (input.scheduledId) {
    const planned = await s.store.scheduleById(input.scheduledId);
    if (!planned || planned.caseId !== row.id) throw new SuanpanError('NOT_FOUND', 'collections.scheduleNotFound', { id: input.scheduledId });
    if (planned.doneActionId) throw new SuanpanError('CONFLICT', 'collections.scheduleDone', { id: input.scheduledId });
  }
  const at = instantOf(local, settings.utcOffsetMinutes).toISOString();
  await s.store.insertAction({
    id, caseId: row.id, at, userId, channel: input.channel, party: input.party, connected: input.connected, outcome: input.outcome,
    note: input.note ?? null, localTime: local, recordedAt: clock.now.toISOString(), contactId: contact?.id ?? null, contactName: contact?.name ?? null,
    contactRelation: contact?.relation ?? null, scriptAcknowledged: input.scriptAcknowledged, scheduledId: input.scheduledId ?? null,
    issuedDocumentId: input.documentId ?? null,
  });
  if (input.scheduledId) await s.store.scheduleDone(input.scheduledId, id);
  if (input.channel !== 'note') await s.store.touchContact(row.id, at);
  return { id, caseId: row.id, loanNumber: row.loanNumber, at, localTime: local };
}

export const scheduleInput = z.strictObject({
  caseId: z.string().min(1).max(60),
  channel: z.enum(['call', 'sms', 'letter', 'visit']),
  party: z.enum(['debtor', 'contact']).default('debtor'),
  contactId: z.string().min(1).max(60).optional(),
  /** When, the debtor's local time. */
  at: localTimeText,
  /** Who is to make it; the caller when left out. */
  assignedTo: z.string().min(1).max(60).optional(),
  note: z.string().trim().max(1000).optional(),
});

export async function scheduleContact(s: CollectionsScope, ids: IdSource, clock: Clock, input: z.output<typeof scheduleInput>, userId: string | null) {
  const settings = await collectionSettings(s.settings);
  const row = await openCaseOrThrow(s, input.caseId);
  checkShape({ ...input, connected: false });
  const nowLocal = localOf(clock.now, settings.utcOffsetMinutes);
  if (input.at <= nowLocal) throw validation('collections.scheduleInPast', { field: 'at', time: input.at.replace('T', ' ') });
  if (TIMED_CHANNELS.includes(input.channel)) await checkQuietHours(s, row.customerId, input.at, settings);
  if (input.party === 'contact') await checkThirdParty(s, row, input.contactId, settings);
  // A call planned for today when the day's connected calls are used up would break the limit.
  if (input.channel === 'call' && input.party === 'debtor' && input.at.slice(0, 10) === nowLocal.slice(0, 10)) {
    await checkCallCap(s, row.customerId, input.at.slice(0, 10), settings);
  }
  const assignee = input.assignedTo ?? userId;
  if (input.assignedTo) await checkAssignee(s, input.assignedTo);
  const id = ids.next();
  await s.store.insertSchedule({
    id, caseId: row.id, plannedAt: instantOf(input.at, settings.utcOffsetMinutes).toISOString(), localTime: input.at, channel: input.channel,
    party: input.party, contactId: input.party === 'contact' ? (input.contactId ?? null) : null, assignedTo: assignee, note: input.note ?? null,
    createdAt: clock.now.toISOString(), createdBy: userId,
  });
  return { id, caseId: row.id, loanNumber: row.loanNumber, localTime: input.at };
}

// ——— Promises and consent ——————————————————————————————————————————————————————————————————————

export const promiseInput = z.strictObject({
  caseId: z.string().min(1).max(60),
  amount: amountText,
  promisedDate: dateText,
  note: z.string().trim().max(1000).optional(),
});

export async function recordPromise(s: CollectionsScope, ids: IdSource, clock: Clock, input: z.output<typeof promiseInput>, userId: string | null) {
  const settings = await collectionSettings(s.settings);
  const row = await openCaseOrThrow(s, input.caseId);
  const latest = addDays(clock.businessDate, settings.maxPromiseDays);
  if (input.promisedDate < clock.businessDate || input.promisedDate > latest) {
    throw validation('collections.promiseDate', { field: 'promisedDate', value: input.promisedDate, from: clock.businessDate, to: latest });
  }
  const amount = parseMinor(input.amount, BOOK_SCALE);
  if (amount === null) throw validation('validation.amount', { field: 'amount', value: input.amount, decimals: BOOK_SCALE });
  const pending = await s.store.pendingPromise(row.id);
  if (pending) throw new SuanpanError('CONFLICT', 'collections.promisePending', { number: row.loanNumber, date: pending.promisedDate });
  const id = ids.next();
  await s.store.insertPromise({
    id, caseId: row.id, promisedDate: input.promisedDate, amount, createdAt: clock.now.toISOString(), createdBy: userId, createdDate: clock.businessDate, note: input.note ?? null,
  });
  return { id, caseId: row.id, loanNumber: row.loanNumber, amount: formatMinor(amount, BOOK_SCALE), promisedDate: input.promisedDate };
}

export const consentInput = z.strictObject({
  caseId: z.string().min(1).max(60),
  /** true records the borrower's consent to contact between 22:00 and 08:00; false withdraws it. */
  given: z.boolean(),
  /** The day the borrower agreed (not after the business date); the business date when left out. */
  givenOn: dateText.optional(),
  /** How it was given: a recorded call, a signed form. */
  how: z.string().trim().min(1).max(500).optional(),
});

export async function recordConsent(s: CollectionsScope, ids: IdSource, clock: Clock, input: z.output<typeof consentInput>, userId: string | null) {
  const row = await mustCase(s, input.caseId);
  if (!input.given) {
    const withdrawn = await s.store.withdrawConsent(row.customerId, clock.now.toISOString(), userId);
    if (withdrawn === 0) throw new SuanpanError('NOT_FOUND', 'collections.noConsent', { name: row.customerName });
    return { id: null, customerId: row.customerId, given: false };
  }
  if (!input.how) throw validation('validation.required', { field: 'how' });
  const givenOn = input.givenOn ?? clock.businessDate;
  if (givenOn > clock.businessDate) throw validation('collections.consentDate', { field: 'givenOn', value: givenOn });
  const id = ids.next();
  await s.store.insertConsent({ id, customerId: row.customerId, givenDate: givenOn, how: input.how, recordedAt: clock.now.toISOString(), recordedBy: userId });
  return { id, customerId: row.customerId, given: true };
}

// ——— The case page ————————————————————————————————————————————————————————————————————————————

export const CASE_ACTIONS = ['logContact', 'schedule', 'promise', 'consent', 'assign', 'escalate', 'close'] as const;

const money = (v: bigint | null): string | null => (v === null ? null : formatMinor(BigInt(v), BOOK_SCALE));

/** The case page; `demandDays` reads the notices' setting of the days past due from which a final demand may go out. */
export async function caseView(s: CollectionsScope, caseId: string, clock: Clock, permissions: ReadonlySet<Permission>, lang: Lang, demandDays: () => Promise<number>) {
  const settings = await collectionSettings(s.settings);
  const row = await mustCase(s, caseId);
  const dpd = daysPastDue(row.oldestUnpaidDueDate, clock.businessDate);
  const demandFromDays = await demandDays();
  const nowLocal = localOf(clock.now, settings.utcOffsetMinutes);
  const consent = (await s.store.consent(row.customerId, nowLocal.slice(0, 10))) ?? null;
  const callsToday = await connectedCallsOn(s, row.customerId, nowLocal.slice(0, 10), settings);
  const reach = await reachability(s, row.customerId, settings);
  const pending = await s.store.pendingPromise(row.id);
  const allowed: (typeof CASE_ACTIONS)[number][] = [];
  if (permissions.has('collections.work') && row.status !== 'closed') {
    allowed.push('logContact', 'schedule');
    if (!pending) allowed.push('promise');
    allowed.push('consent', 'assign');
    if (row.status === 'open') allowed.push('escalate');
    if (row.loanStatus === 'closed' || dpd === 0) allowed.push('close');
  }
  const installments = overdueInBook(await loadLoan(s.ledger, row.loanId), clock.businessDate);
  const contacts = await s.store.contacts(row.customerId);
  const actions = await s.store.actions(row.id);
  const promises = await s.store.promises(row.id);
  const schedule = await s.store.schedule(row.id);
  const events = await s.store.events(row.id);
  return {
    case: {
      id: row.id, status: row.status, openedDate: row.openedDate, closedDate: row.closedDate, assignedTo: row.assignedTo, assignedName: row.assignedName,
      ladderStep: row.ladderStep, lastContactAt: row.lastContactAt,
    },
    loan: {
      id: row.loanId, number: row.loanNumber, status: row.loanStatus, product: row.productName, productEn: row.productNameEn, principal: money(row.principal),
      outstandingPrincipal: money(row.outstandingPrincipal), oldestUnpaidDueDate: row.oldestUnpaidDueDate, daysPastDue: dpd, bucket: bucketOf(dpd),
      fiveCategory: row.fiveCategory, maturityDate: row.maturityDate,
    },
    borrower: { id: row.customerId, name: row.customerName, phone: row.customerPhone, contacts },
    overdueInstallments: installments.map((i) => ({
      n: i.n, dueDate: i.dueDate, daysLate: daysBetween(i.dueDate, clock.businessDate), principal: money(i.principal), interest: money(i.interest), fee: money(i.fee), penalty: money(i.penalty),
      total: money(i.principal + i.interest + i.fee + i.penalty),
    })),
    actions: actions.map((a) => ({
      id: a.id, at: a.at, localTime: a.localTime, recordedAt: a.recordedAt, user: a.userName, channel: a.channel, party: a.party, connected: a.connected,
      outcome: a.outcome, note: a.note, contactName: a.contactName, contactRelation: a.contactRelation, scriptAcknowledged: a.scriptAcknowledged,
      scheduled: a.scheduledId !== null, documentId: a.issuedDocumentId,
    })),
    promises: promises.map((p) => ({
      id: p.id, promisedDate: p.promisedDate, amount: money(p.amount), status: p.status, createdDate: p.createdDate ?? p.createdAt.slice(0, 10),
      createdBy: p.createdByName, decidedDate: p.decidedDate, paidAmount: money(p.paidAmount), note: p.note,
    })),
    schedule: schedule.map((p) => ({
      id: p.id, localTime: p.localTime, channel: p.channel, party: p.party, contactId: p.contactId, assignedTo: p.assignedTo, assignedName: p.assignedName,
      note: p.note, done: p.doneActionId !== null,
    })),
    history: events.map((e) => ({ at: e.at, businessDate: e.businessDate, kind: e.kind, reason: e.reason, user: e.userName, from: e.fromName, to: e.toName })),
    conduct: {
      localTime: nowLocal,
      quietHours: settings.quietHours,
      quietNow: inQuietHours(nowLocal, settings),
      consent: consent ? { givenOn: consent.givenDate, how: consent.how, recordedAt: consent.recordedAt, recordedBy: consent.recordedByName } : null,
      connectedCallsToday: callsToday,
      callsLeftToday: Math.max(0, settings.maxConnectedCallsPerDay - callsToday),
      debtorUnreachable: reach.unreachable,
    },
    allowedActions: allowed,
    // Letters: a final demand goes out only from the ladder's step; until then the desk says why.
    notices: { demandFromDays, demandNotYet: dpd > 0 && dpd < demandFromDays ? translate('notices.demandTooEarly', { number: row.loanNumber, dpd, min: demandFromDays }, lang) : null },
  };
}

// ——— The queue ————————————————————————————————————————————————————————————————————————————————

export const queueInput = z.strictObject({
  status: z.enum(['open', 'legal', 'active']).default('active'),
  bucket: z.enum(BUCKETS).optional(),
  /** A collector's id, or 'none' for cases no one has. */
  assignedTo: z.string().min(1).max(60).optional(),
  /** The state of the case's latest promise, or 'none' when it has had none. */
  promise: z.enum(['pending', 'kept', 'broken', 'none']).optional(),
  cursor: z.string().max(120).optional(),
  limit: wholeNumber(1, 500).optional(),
});

/** The priority queue, a keyset page at a time: highest priority first, then by case id. */
export async function collectionsQueue(s: CollectionsScope, input: z.output<typeof queueInput>, businessDate: string) {
  const settings = await collectionSettings(s.settings);
  const limit = input.limit ?? 50;
  let after: QueueQuery['after'] = null;
  if (input.cursor) {
    const [p, id] = input.cursor.split('|');
    if (!p || !id || !/^-?\d{1,16}$/.test(p)) throw validation('collections.cursor', { field: 'cursor' });
    after = { priority: Number(p), id };
  }
  let oldestFrom: string | null = null;
  let oldestTo: string | null = null;
  if (input.bucket && input.bucket !== 'current') {
    const { from, to } = bucketRange(input.bucket);
    oldestTo = addDays(businessDate, -from);
    oldestFrom = to === null ? null : addDays(businessDate, -to);
  }
  const assigned: QueueQuery['assigned'] =
    input.assignedTo === undefined ? { to: 'anyone' } : input.assignedTo === 'none' ? { to: 'nobody' } : { to: 'user', userId: input.assignedTo };
  const rows = await s.store.queue({
    businessDate, statuses: input.status === 'active' ? ['open', 'legal'] : [input.status], assigned, currentOnly: input.bucket === 'current', oldestFrom, oldestTo,
    promise: input.promise ?? null, weights: settings.priority, after, limit,
  });
  const last = rows.at(-1);
  // What is overdue on each loan of the page, penalty to the business date, as its loan page says.
  const overdue = async (loanId: string): Promise<bigint> =>
    overdueInBook(await loadLoan(s.ledger, loanId), businessDate).reduce((a, i) => a + i.principal + i.interest + i.fee + i.penalty, 0n);
  const out = [];
  for (const r of rows) {
    out.push({
      id: r.id, loanId: r.loanId, loanNumber: r.loanNumber, customerName: r.customerName, status: r.status, assignedTo: r.assignedTo,
      assignedName: r.assignedName, openedDate: r.openedDate, ladderStep: r.ladderStep, lastContactAt: r.lastContactAt,
      outstandingPrincipal: money(r.outstandingPrincipal), overdueAmount: money(await overdue(r.loanId)), oldestUnpaidDueDate: r.oldestUnpaidDueDate, daysPastDue: r.daysPastDue,
      bucket: bucketOf(r.daysPastDue), fiveCategory: r.fiveCategory, brokenPromises: r.brokenPromises, promiseState: r.latestPromise ?? 'none',
      pendingPromiseDate: r.pendingPromiseDate, daysSinceContact: r.daysSinceContact, priority: r.priority,
    });
  }
  return { rows: out, next: rows.length === limit && last ? `${last.priority}|${last.id}` : null };
}
