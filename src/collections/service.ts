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
 * Every function takes the clock, the business date and the ids as arguments.
 */
import { z } from 'zod';
import type { Db } from '../db/connection';
import type { IdSource } from '../ids';
import { collectionRepo, type CaseRow, type QueueVariant } from '../db/repos/collections';
import { collectionClose } from '../db/sqlite/collections';
import { loadLoanNow } from '../servicing/store';
import { overdueInBook } from '../servicing/kinds';
import { addDays, daysBetween, parseYmd } from '../calendar';
import { formatMinor, parseMinor } from '../money/amount';
import { BOOK_SCALE } from '../money/money';
import { SuanpanError, rule, translate, validation, type Lang } from '../errors';
import type { NoticeSettings } from '../documents/notices';
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

// ——— Reading a case ———————————————————————————————————————————————————————————————————————————

function mustCase(db: Db, caseId: string): CaseRow {
  const row = collectionRepo(db).caseById(caseId);
  if (!row) throw new SuanpanError('NOT_FOUND', 'collections.caseNotFound', { id: caseId });
  return row;
}

function openCaseOrThrow(db: Db, caseId: string): CaseRow {
  const row = mustCase(db, caseId);
  if (row.status === 'closed') throw new SuanpanError('CONFLICT', 'collections.caseClosed', { number: row.loan_number, date: row.closed_date ?? '' });
  return row;
}

/** Whether the debtor can be treated as unreachable, and the attempts that say so. */
export function reachability(db: Db, customerId: string, settings: CollectionSettings): { unreachable: boolean; failedAttempts: number; days: number } {
  const { attempts, overDays } = settings.unreachable;
  const last = collectionRepo(db).lastAttempts(customerId, attempts);
  const failed = last.filter((a) => a.connected === 0);
  const days = new Set(failed.map((a) => (a.local_time ?? localOf(new Date(a.at), settings.utcOffsetMinutes)).slice(0, 10))).size;
  return { unreachable: last.length === attempts && failed.length === attempts && days >= overDays, failedAttempts: failed.length, days };
}

function connectedCallsOn(db: Db, customerId: string, localDate: string, settings: CollectionSettings): number {
  const [from, to] = dayBounds(localDate, settings.utcOffsetMinutes);
  return collectionRepo(db).connectedCalls(customerId, from, to);
}

/** The quiet-hours rule: refused unless consent to out-of-hours contact is on file by that day. */
function checkQuietHours(db: Db, customerId: string, local: string, settings: CollectionSettings): void {
  if (!inQuietHours(local, settings)) return;
  if (collectionRepo(db).consent(customerId, local.slice(0, 10))) return;
  throw rule('collections.quietHours', { time: local.replace('T', ' '), from: settings.quietHours.from, to: settings.quietHours.to });
}

function checkCallCap(db: Db, customerId: string, localDate: string, settings: CollectionSettings): void {
  const made = connectedCallsOn(db, customerId, localDate, settings);
  if (made >= settings.maxConnectedCallsPerDay) throw rule('collections.callCap', { max: settings.maxConnectedCallsPerDay, date: localDate, made });
}

/** A listed contact of the debtor, approached only once the debtor is unreachable. */
function checkThirdParty(db: Db, row: CaseRow, contactId: string | undefined, settings: CollectionSettings) {
  if (!contactId) throw validation('collections.contactRequired', { field: 'contactId' });
  const contact = collectionRepo(db).contact(contactId, row.customer_id);
  if (!contact) throw new SuanpanError('NOT_FOUND', 'collections.contactNotListed', { id: contactId, name: row.customer_name });
  const reach = reachability(db, row.customer_id, settings);
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

/**
 * Opens a case for a late loan, or returns its open case. The end-of-day ladder calls this for each
 * loan it finds late without a case; the desk calls it for one loan.
 */
export function openCase(
  db: Db,
  ids: IdSource,
  clock: Clock,
  input: { loanId: string; assignTo?: string | null; ladderStep?: string | null },
  userId: string | null,
): { id: string; created: boolean; loanNumber: string } {
  const repo = collectionRepo(db);
  const loan = repo.loan(input.loanId);
  if (!loan) throw new SuanpanError('NOT_FOUND', 'collections.loanNotFound', { id: input.loanId });
  const existing = repo.openCaseOfLoan(loan.id);
  if (existing) return { id: existing, created: false, loanNumber: loan.number };
  if (loan.status !== 'active' || daysPastDue(loan.oldest_unpaid_due_date, clock.businessDate) === 0) {
    throw rule('collections.loanNotLate', { number: loan.number });
  }
  if (input.assignTo) checkAssignee(db, input.assignTo);
  const id = ids.next();
  repo.insertCase({ id, loan_id: loan.id, opened_date: clock.businessDate, assigned_to: input.assignTo ?? null, ladder_step: input.ladderStep ?? null });
  repo.insertEvent({ id: ids.next(), case_id: id, at: clock.now.toISOString(), business_date: clock.businessDate, user_id: userId, kind: 'opened', to_user: input.assignTo ?? null });
  return { id, created: true, loanNumber: loan.number };
}

const mayWork = (role: string): boolean => (ROLES as readonly string[]).includes(role) && ROLE_PERMISSIONS[role as Role].includes('collections.work');

function checkAssignee(db: Db, userId: string): { display_name: string } {
  const user = collectionRepo(db).user(userId);
  if (!user || user.active !== 1 || !mayWork(user.role_id)) throw rule('collections.assigneeNotCollector', { id: userId });
  return user;
}

export function assignCase(db: Db, ids: IdSource, clock: Clock, caseId: string, assignee: string | null, userId: string | null) {
  const row = openCaseOrThrow(db, caseId);
  const to = assignee ? checkAssignee(db, assignee) : null;
  const repo = collectionRepo(db);
  repo.setAssigned(caseId, assignee);
  repo.insertEvent({ id: ids.next(), case_id: caseId, at: clock.now.toISOString(), business_date: clock.businessDate, user_id: userId, kind: 'assigned', from_user: row.assigned_to, to_user: assignee });
  return { id: caseId, loanNumber: row.loan_number, assignedTo: assignee, assignedName: to?.display_name ?? null };
}

export function escalateCase(db: Db, ids: IdSource, clock: Clock, caseId: string, reason: string, userId: string | null) {
  const row = openCaseOrThrow(db, caseId);
  if (row.status !== 'open' || !collectionRepo(db).setLegal(caseId)) throw new SuanpanError('CONFLICT', 'collections.alreadyLegal', { number: row.loan_number });
  collectionRepo(db).insertEvent({ id: ids.next(), case_id: caseId, at: clock.now.toISOString(), business_date: clock.businessDate, user_id: userId, kind: 'escalated', reason });
  return { id: caseId, loanNumber: row.loan_number, status: 'legal' as const };
}

/** Closes a case once its loan is current (or repaid); everything logged on it is kept. */
export function closeCase(db: Db, ids: IdSource, clock: Clock, caseId: string, note: string | null, userId: string | null) {
  const row = openCaseOrThrow(db, caseId);
  const dpd = daysPastDue(row.oldest_unpaid_due_date, clock.businessDate);
  if (row.loan_status !== 'closed' && dpd > 0) throw rule('collections.loanStillLate', { number: row.loan_number, dpd });
  const repo = collectionRepo(db);
  repo.close(caseId, clock.businessDate);
  repo.insertEvent({ id: ids.next(), case_id: caseId, at: clock.now.toISOString(), business_date: clock.businessDate, user_id: userId, kind: 'closed', reason: note });
  return { id: caseId, loanNumber: row.loan_number, status: 'closed' as const };
}

/**
 * End of day: closes every open case whose loan is current again; returns how many. The close runs
 * on its worker's own connection, synchronously, with set-based statements of the dialect.
 */
export function closeCurrentCases(db: Db, businessDate: string, now: Date, ids: IdSource): number {
  return collectionClose(db).closeCurrent(businessDate, now.toISOString(), () => ids.next());
}

/**
 * End of day: decides every pending promise due on or before the business date. Kept when the loan
 * was paid at least the promised amount (repayments, prepayments and recoveries by value date, from
 * the business day the promise was made through the business date, reversed payments not counted);
 * broken otherwise. Set-based: one statement over the promises falling due.
 */
export function decidePromises(db: Db, businessDate: string): { kept: number; broken: number } {
  return collectionClose(db).decidePromises(businessDate);
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

export function logContact(db: Db, ids: IdSource, clock: Clock, input: z.output<typeof contactInput>, userId: string | null) {
  const settings = collectionSettings(db);
  const repo = collectionRepo(db);
  const row = openCaseOrThrow(db, input.caseId);
  checkShape(input);
  const nowLocal = localOf(clock.now, settings.utcOffsetMinutes);
  const local = input.at ?? nowLocal;
  if (local > nowLocal) throw validation('collections.timeInFuture', { field: 'at', time: local.replace('T', ' ') });
  if (local.slice(0, 10) < addDays(nowLocal.slice(0, 10), -settings.logWithinDays)) {
    throw validation('collections.timeTooOld', { field: 'at', time: local.replace('T', ' '), days: settings.logWithinDays });
  }
  if (TIMED_CHANNELS.includes(input.channel)) checkQuietHours(db, row.customer_id, local, settings);
  let contact: { id: string; name: string; relation: string } | null = null;
  if (input.party === 'contact') {
    contact = checkThirdParty(db, row, input.contactId, settings);
    if (!input.scriptAcknowledged) throw rule('collections.scriptRequired', { field: 'scriptAcknowledged' });
  }
  if (input.channel === 'call' && input.party === 'debtor' && input.connected) checkCallCap(db, row.customer_id, local.slice(0, 10), settings);
  if (input.documentId) {
    const doc = repo.issued(input.documentId);
    const ours = doc && ((doc.owner_type === 'case' && doc.owner_id === row.id) || (doc.owner_type === 'loan' && doc.owner_id === row.loan_id));
    if (!ours) throw new SuanpanError('NOT_FOUND', 'collections.documentNotFound', { id: input.documentId, number: row.loan_number });
  }
  const id = ids.next();
  if (input.scheduledId) {
    const planned = repo.scheduleById(input.scheduledId);
    if (!planned || planned.case_id !== row.id) throw new SuanpanError('NOT_FOUND', 'collections.scheduleNotFound', { id: input.scheduledId });
    if (planned.done_action_id) throw new SuanpanError('CONFLICT', 'collections.scheduleDone', { id: input.scheduledId });
  }
  const at = instantOf(local, settings.utcOffsetMinutes).toISOString();
  repo.insertAction({
    id, case_id: row.id, at, user_id: userId, channel: input.channel, party: input.party, connected: input.connected ? 1 : 0, outcome: input.outcome,
    note: input.note ?? null, local_time: local, recorded_at: clock.now.toISOString(), contact_id: contact?.id ?? null, contact_name: contact?.name ?? null,
    contact_relation: contact?.relation ?? null, script_acknowledged: input.scriptAcknowledged ? 1 : 0, scheduled_id: input.scheduledId ?? null,
    issued_document_id: input.documentId ?? null,
  });
  if (input.scheduledId) repo.scheduleDone(input.scheduledId, id);
  if (input.channel !== 'note') repo.touchContact(row.id, at);
  return { id, caseId: row.id, loanNumber: row.loan_number, at, localTime: local };
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

export function scheduleContact(db: Db, ids: IdSource, clock: Clock, input: z.output<typeof scheduleInput>, userId: string | null) {
  const settings = collectionSettings(db);
  const row = openCaseOrThrow(db, input.caseId);
  checkShape({ ...input, connected: false });
  const nowLocal = localOf(clock.now, settings.utcOffsetMinutes);
  if (input.at <= nowLocal) throw validation('collections.scheduleInPast', { field: 'at', time: input.at.replace('T', ' ') });
  if (TIMED_CHANNELS.includes(input.channel)) checkQuietHours(db, row.customer_id, input.at, settings);
  if (input.party === 'contact') checkThirdParty(db, row, input.contactId, settings);
  // A call planned for today when the day's connected calls are used up would break the limit.
  if (input.channel === 'call' && input.party === 'debtor' && input.at.slice(0, 10) === nowLocal.slice(0, 10)) checkCallCap(db, row.customer_id, input.at.slice(0, 10), settings);
  const assignee = input.assignedTo ?? userId;
  if (input.assignedTo) checkAssignee(db, input.assignedTo);
  const id = ids.next();
  collectionRepo(db).insertSchedule({
    id, case_id: row.id, planned_at: instantOf(input.at, settings.utcOffsetMinutes).toISOString(), local_time: input.at, channel: input.channel,
    party: input.party, contact_id: input.party === 'contact' ? (input.contactId ?? null) : null, assigned_to: assignee, note: input.note ?? null,
    created_at: clock.now.toISOString(), created_by: userId,
  });
  return { id, caseId: row.id, loanNumber: row.loan_number, localTime: input.at };
}

// ——— Promises and consent ——————————————————————————————————————————————————————————————————————

export const promiseInput = z.strictObject({
  caseId: z.string().min(1).max(60),
  amount: amountText,
  promisedDate: dateText,
  note: z.string().trim().max(1000).optional(),
});

export function recordPromise(db: Db, ids: IdSource, clock: Clock, input: z.output<typeof promiseInput>, userId: string | null) {
  const settings = collectionSettings(db);
  const row = openCaseOrThrow(db, input.caseId);
  const latest = addDays(clock.businessDate, settings.maxPromiseDays);
  if (input.promisedDate < clock.businessDate || input.promisedDate > latest) {
    throw validation('collections.promiseDate', { field: 'promisedDate', value: input.promisedDate, from: clock.businessDate, to: latest });
  }
  const amount = parseMinor(input.amount, BOOK_SCALE);
  if (amount === null) throw validation('validation.amount', { field: 'amount', value: input.amount, decimals: BOOK_SCALE });
  const repo = collectionRepo(db);
  const pending = repo.pendingPromise(row.id);
  if (pending) throw new SuanpanError('CONFLICT', 'collections.promisePending', { number: row.loan_number, date: pending.promised_date });
  const id = ids.next();
  repo.insertPromise({ id, case_id: row.id, promised_date: input.promisedDate, amount, created_at: clock.now.toISOString(), created_by: userId, created_date: clock.businessDate, note: input.note ?? null });
  return { id, caseId: row.id, loanNumber: row.loan_number, amount: formatMinor(amount, BOOK_SCALE), promisedDate: input.promisedDate };
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

export function recordConsent(db: Db, ids: IdSource, clock: Clock, input: z.output<typeof consentInput>, userId: string | null) {
  const row = mustCase(db, input.caseId);
  const repo = collectionRepo(db);
  if (!input.given) {
    const withdrawn = repo.withdrawConsent(row.customer_id, clock.now.toISOString(), userId);
    if (withdrawn === 0) throw new SuanpanError('NOT_FOUND', 'collections.noConsent', { name: row.customer_name });
    return { id: null, customerId: row.customer_id, given: false };
  }
  if (!input.how) throw validation('validation.required', { field: 'how' });
  const givenOn = input.givenOn ?? clock.businessDate;
  if (givenOn > clock.businessDate) throw validation('collections.consentDate', { field: 'givenOn', value: givenOn });
  const id = ids.next();
  repo.insertConsent({ id, customer_id: row.customer_id, given_date: givenOn, how: input.how, recorded_at: clock.now.toISOString(), recorded_by: userId });
  return { id, customerId: row.customer_id, given: true };
}

// ——— The case page ————————————————————————————————————————————————————————————————————————————

export const CASE_ACTIONS = ['logContact', 'schedule', 'promise', 'consent', 'assign', 'escalate', 'close'] as const;

const money = (v: bigint | null): string | null => (v === null ? null : formatMinor(BigInt(v), BOOK_SCALE));

export function caseView(db: Db, notices: Pick<NoticeSettings, 'demandFromDays'>, caseId: string, clock: Clock, permissions: ReadonlySet<Permission>, lang: Lang = 'zh-CN') {
  const settings = collectionSettings(db);
  const repo = collectionRepo(db);
  const row = mustCase(db, caseId);
  const dpd = daysPastDue(row.oldest_unpaid_due_date, clock.businessDate);
  const { demandFromDays } = notices;
  const nowLocal = localOf(clock.now, settings.utcOffsetMinutes);
  const consent = repo.consent(row.customer_id, nowLocal.slice(0, 10)) ?? null;
  const callsToday = connectedCallsOn(db, row.customer_id, nowLocal.slice(0, 10), settings);
  const reach = reachability(db, row.customer_id, settings);
  const pending = repo.pendingPromise(row.id);
  const allowed: (typeof CASE_ACTIONS)[number][] = [];
  if (permissions.has('collections.work') && row.status !== 'closed') {
    allowed.push('logContact', 'schedule');
    if (!pending) allowed.push('promise');
    allowed.push('consent', 'assign');
    if (row.status === 'open') allowed.push('escalate');
    if (row.loan_status === 'closed' || dpd === 0) allowed.push('close');
  }
  const installments = overdueInBook(loadLoanNow(db, row.loan_id), clock.businessDate);
  return {
    case: {
      id: row.id, status: row.status, openedDate: row.opened_date, closedDate: row.closed_date, assignedTo: row.assigned_to, assignedName: row.assigned_name,
      ladderStep: row.ladder_step, lastContactAt: row.last_contact_at,
    },
    loan: {
      id: row.loan_id, number: row.loan_number, status: row.loan_status, product: row.product_name, productEn: row.product_name_en, principal: money(row.principal),
      outstandingPrincipal: money(row.outstanding_principal), oldestUnpaidDueDate: row.oldest_unpaid_due_date, daysPastDue: dpd, bucket: bucketOf(dpd),
      fiveCategory: row.five_category, maturityDate: row.maturity_date,
    },
    borrower: { id: row.customer_id, name: row.customer_name, phone: row.customer_phone, contacts: repo.contacts(row.customer_id) },
    overdueInstallments: installments.map((i) => ({
      n: i.n, dueDate: i.dueDate, daysLate: daysBetween(i.dueDate, clock.businessDate), principal: money(i.principal), interest: money(i.interest), fee: money(i.fee), penalty: money(i.penalty),
      total: money(i.principal + i.interest + i.fee + i.penalty),
    })),
    actions: repo.actions(row.id).map((a) => ({
      id: a.id, at: a.at, localTime: a.local_time, recordedAt: a.recorded_at, user: a.user_name, channel: a.channel, party: a.party, connected: a.connected === 1,
      outcome: a.outcome, note: a.note, contactName: a.contact_name, contactRelation: a.contact_relation, scriptAcknowledged: a.script_acknowledged === 1,
      scheduled: a.scheduled_id !== null, documentId: a.issued_document_id,
    })),
    promises: repo.promises(row.id).map((p) => ({
      id: p.id, promisedDate: p.promised_date, amount: money(p.amount), status: p.status, createdDate: p.created_date ?? p.created_at.slice(0, 10),
      createdBy: p.created_by_name, decidedDate: p.decided_date, paidAmount: money(p.paid_amount), note: p.note,
    })),
    schedule: repo.schedule(row.id).map((s) => ({
      id: s.id, localTime: s.local_time, channel: s.channel, party: s.party, contactId: s.contact_id, assignedTo: s.assigned_to, assignedName: s.assigned_name,
      note: s.note, done: s.done_action_id !== null,
    })),
    history: repo.events(row.id).map((e) => ({ at: e.at, businessDate: e.business_date, kind: e.kind, reason: e.reason, user: e.user_name, from: e.from_name, to: e.to_name })),
    conduct: {
      localTime: nowLocal,
      quietHours: settings.quietHours,
      quietNow: inQuietHours(nowLocal, settings),
      consent: consent ? { givenOn: consent.given_date, how: consent.how, recordedAt: consent.recorded_at, recordedBy: consent.recorded_by_name } : null,
      connectedCallsToday: callsToday,
      callsLeftToday: Math.max(0, settings.maxConnectedCallsPerDay - callsToday),
      debtorUnreachable: reach.unreachable,
    },
    allowedActions: allowed,
    // Letters: a final demand goes out only from the ladder's step; until then the desk says why.
    notices: { demandFromDays, demandNotYet: dpd > 0 && dpd < demandFromDays ? translate('notices.demandTooEarly', { number: row.loan_number, dpd, min: demandFromDays }, lang) : null },
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
export function collectionsQueue(db: Db, input: z.output<typeof queueInput>, businessDate: string) {
  const settings = collectionSettings(db);
  const limit = input.limit ?? 50;
  let afterPriority = Number.MAX_SAFE_INTEGER;
  let afterId = '';
  if (input.cursor) {
    const [p, id] = input.cursor.split('|');
    if (!p || !id || !/^-?\d{1,16}$/.test(p)) throw validation('collections.cursor', { field: 'cursor' });
    afterPriority = Number(p);
    afterId = id;
  }
  let oldestFrom: string | null = null;
  let oldestTo: string | null = null;
  if (input.bucket && input.bucket !== 'current') {
    const { from, to } = bucketRange(input.bucket);
    oldestTo = addDays(businessDate, -from);
    oldestFrom = to === null ? null : addDays(businessDate, -to);
  }
  const variant: QueueVariant = input.assignedTo === undefined ? 'queueAll' : input.assignedTo === 'none' ? 'queueUnassigned' : 'queueStaff';
  const [status1, status2] = input.status === 'active' ? ['open', 'legal'] : [input.status, input.status];
  const p = settings.priority;
  const rows = collectionRepo(db).queue(variant, {
    bd: businessDate, status1, status2, assigned: input.assignedTo ?? null, current: input.bucket === 'current' ? 1 : 0, oldestFrom, oldestTo,
    promise: input.promise ?? null, contactCap: p.contactDaysCap, perDay: p.perDayPastDue, perThousand: p.perThousandOutstanding,
    perBroken: p.perBrokenPromise, perContactDay: p.perDaySinceContact, afterPriority, afterId, limit,
  });
  const last = rows.at(-1);
  // What is overdue on each loan of the page, penalty to the business date, as its loan page says.
  const overdue = (loanId: string): bigint => overdueInBook(loadLoanNow(db, loanId), businessDate).reduce((a, i) => a + i.principal + i.interest + i.fee + i.penalty, 0n);
  return {
    rows: rows.map((r) => ({
      id: r.id, loanId: r.loan_id, loanNumber: r.loan_number, customerName: r.customer_name, status: r.status, assignedTo: r.assigned_to,
      assignedName: r.assigned_name, openedDate: r.opened_date, ladderStep: r.ladder_step, lastContactAt: r.last_contact_at,
      outstandingPrincipal: money(r.outstanding_principal), overdueAmount: money(overdue(r.loan_id)), oldestUnpaidDueDate: r.oldest_unpaid_due_date, daysPastDue: r.dpd, bucket: bucketOf(r.dpd),
      fiveCategory: r.five_category, brokenPromises: r.broken_promises, promiseState: r.latest_promise ?? 'none', pendingPromiseDate: r.pending_promise_date,
      daysSinceContact: r.days_since_contact, priority: r.priority,
    })),
    next: rows.length === limit && last ? `${last.priority}|${last.id}` : null,
  };
}
