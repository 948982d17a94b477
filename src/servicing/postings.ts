/**
 * Postings on a loan: repayments (beyond what is due, a prepayment), payoff, draws on a line,
 * waivers within the role's authority, reversals, write-off and recovery. Each reads one loan by key,
 * asks the loan's kind what the posting takes, writes one balanced transaction with its allocations
 * and the loan's derived state, inside the caller's unit of work (the dispatcher's transaction).
 */
import { SuanpanError } from '../errors';
import type { SettingsStore } from '../settings/store';
import type { IsoDate } from '../calendar/date';
import { formatMinor, parseMinor, type Minor } from '../money/amount';
import { BOOK_SCALE, toBook } from '../money/money';
import type { Recast } from '../schedule/term';
import { derive, isReversed, liveTransactions, REVERSIBLE, sumAmounts, zeroAmounts, type AllocationLine, type Txn } from './ledger';
import { checkActive, checkDate, checkReference, fmt, loadLoan, writeTxn, type LoadedLoan, type Poster } from './store';
import { kindOf, payoffOf, splitRepayment, type Split } from './kinds';

export interface RepayInput {
  loan: string;
  date: IsoDate;
  amount: Minor;
  reference?: string | null;
  recast?: Recast | undefined;
}

/** Posts a repayment; `loaded` is the loan as already read in this unit of work, if the caller has it. */
export async function repay(p: Poster, input: RepayInput, loaded?: LoadedLoan): Promise<{ transactionId: string; split: Split; status: string; outstanding: Minor }> {
  const l = loaded ?? (await loadLoan(p.store, input.loan));
  checkActive(l);
  checkDate(l, input.date, p.businessDate);
  checkReference(l, input.reference ?? null);
  const split = splitRepayment(l, input.date, input.amount, input.recast);
  const { id, derived } = await writeTxn(p, l, { kind: split.kind, valueDate: input.date, lines: split.lines, reference: input.reference ?? null, recast: split.recast });
  return { transactionId: id, split, status: derived.status, outstanding: derived.outstanding };
}

/** Settles the loan on a date: a repayment of exactly the payoff quote. */
export async function payOff(p: Poster, input: { loan: string; date: IsoDate; reference?: string | null }) {
  const l = await loadLoan(p.store, input.loan);
  checkActive(l);
  checkDate(l, input.date, p.businessDate);
  const quote = payoffOf(l, input.date);
  return repay(p, { loan: input.loan, date: input.date, amount: quote.total, reference: input.reference ?? null });
}

export async function draw(p: Poster, input: { loan: string; date: IsoDate; amount: Minor; reference?: string | null }, loaded?: LoadedLoan) {
  const l = loaded ?? (await loadLoan(p.store, input.loan));
  if (!kindOf(l).draws) throw new SuanpanError('RULE', 'servicing.lineOnly', { number: l.row.number });
  checkActive(l);
  checkDate(l, input.date, p.businessDate);
  if (input.date > l.row.maturity_date) throw new SuanpanError('RULE', 'servicing.drawAfterMaturity', { date: input.date, maturity: l.row.maturity_date });
  checkReference(l, input.reference ?? null);
  const d = derive(l.loan, l.booked, l.txns, input.date);
  const limit = l.loan.creditLimit;
  if (limit !== null && d.outstanding + input.amount > limit) {
    throw new SuanpanError('RULE', 'servicing.lineLimit', { amount: fmt(l, input.amount), limit: fmt(l, limit), available: fmt(l, limit - d.outstanding) });
  }
  const { id, derived } = await writeTxn(p, l, { kind: 'draw', valueDate: input.date, lines: [{ n: 0, ...zeroAmounts(), principal: input.amount }], reference: input.reference ?? null });
  return { transactionId: id, outstanding: derived.outstanding, available: limit === null ? null : limit - derived.outstanding };
}

/** How much each role may waive in one go (a setting, key 'servicing'); null: no limit. */
export const DEFAULT_WAIVER_LIMITS: Record<string, string | null> = { officer: '500.00', senior_approver: '5000.00', branch_manager: null };

export async function waiverLimit(settings: SettingsStore, role: string | null): Promise<Minor | null | 'none'> {
  const row = await settings.get('servicing');
  const limits = row ? ((row.value as { waiverLimits?: Record<string, string | null> }).waiverLimits ?? DEFAULT_WAIVER_LIMITS) : DEFAULT_WAIVER_LIMITS;
  if (role === null || !Object.prototype.hasOwnProperty.call(limits, role)) return 'none';
  const v = limits[role];
  return v === null || v === undefined ? null : (parseMinor(v, BOOK_SCALE) ?? 0n);
}

export interface WaiveInput {
  loan: string;
  date: IsoDate;
  penalty: Minor;
  fee: Minor;
  interest: Minor;
  reason: string;
}

export async function waive(p: Poster, input: WaiveInput) {
  const l = await loadLoan(p.store, input.loan);
  checkActive(l);
  const kind = kindOf(l);
  kind.checkWaiver(l, input);
  checkDate(l, input.date, p.businessDate);
  if (!input.reason.trim()) throw new SuanpanError('VALIDATION', 'servicing.reasonRequired', { field: 'reason' });
  const total = input.penalty + input.fee + input.interest;
  if (total <= 0n) throw new SuanpanError('VALIDATION', 'servicing.waiverNothing', { field: 'penalty' });
  const limit = await waiverLimit(p.settings, p.role);
  // The limits are in fen (the book's scale); the waiver is at the loan's.
  if (limit === 'none' || (limit !== null && toBook(total, l.loan.decimals) > limit)) {
    throw new SuanpanError('FORBIDDEN', 'servicing.waiverAuthority', { amount: fmt(l, total), limit: formatMinor(limit === 'none' ? 0n : limit, BOOK_SCALE), role: p.role ?? '—' });
  }
  const d = derive(l.loan, l.booked, l.txns, input.date);
  const { id, derived } = await writeTxn(p, l, { kind: 'waiver', valueDate: input.date, lines: kind.waiverLines(l, d, input), reason: input.reason.trim() });
  return { transactionId: id, amount: total, status: derived.status, decimals: l.loan.decimals };
}

/** `writeOffAuthority`: the caller may write loans off (and so undo a write-off made by mistake). */
export async function reverse(p: Poster, input: { transactionId: string; reason: string; writeOffAuthority?: boolean }) {
  const loanId = await p.store.transactionLoan(input.transactionId);
  if (!loanId) throw new SuanpanError('NOT_FOUND', 'servicing.transactionNotFound', { id: input.transactionId });
  const l = await loadLoan(p.store, loanId);
  const t = l.txns.find((x) => x.id === input.transactionId) as Txn;
  if (!REVERSIBLE.has(t.kind)) throw new SuanpanError('RULE', 'servicing.notReversible', { id: t.id, kind: t.kind });
  if (t.kind === 'write_off' && !input.writeOffAuthority) throw new SuanpanError('FORBIDDEN', 'servicing.reverseWriteOffAuthority', { id: t.id });
  if (isReversed(l.txns, t.id)) throw new SuanpanError('CONFLICT', 'servicing.alreadyReversed', { id: t.id });
  if (!input.reason.trim()) throw new SuanpanError('VALIDATION', 'servicing.reasonRequired', { field: 'reason' });
  const live = liveTransactions(l.txns);
  const latest = live[live.length - 1] as Txn;
  if (latest.id !== t.id) throw new SuanpanError('RULE', 'servicing.reverseLatestFirst', { id: t.id, latest: latest.id });
  // The reversal is dated as the posting it undoes: the mistake never happened, and what follows is derived again.
  const { id, derived } = await writeTxn(p, l, { kind: 'reversal', valueDate: t.valueDate, lines: t.allocations.map((a) => ({ ...a })), reversesId: t.id, reason: input.reason.trim() });
  return { transactionId: id, reverses: t.id, amount: t.amount, status: derived.status, outstanding: derived.outstanding, decimals: l.loan.decimals };
}

export async function writeOff(p: Poster, input: { loan: string; reason: string }) {
  const l = await loadLoan(p.store, input.loan);
  checkActive(l);
  if (!input.reason.trim()) throw new SuanpanError('VALIDATION', 'servicing.reasonRequired', { field: 'reason' });
  const date = p.businessDate;
  checkDate(l, date, p.businessDate);
  const d = derive(l.loan, l.booked, l.txns, date);
  const lines = kindOf(l).writeOffLines(l, d, date);
  if (lines.reduce((a, x) => a + sumAmounts(x), 0n) === 0n) throw new SuanpanError('RULE', 'servicing.nothingToWriteOff', { number: l.row.number });
  const { id, derived } = await writeTxn(p, l, { kind: 'write_off', valueDate: date, lines, reason: input.reason.trim() });
  return { transactionId: id, amount: sumAmounts(derived.writtenOff), status: derived.status, decimals: l.loan.decimals };
}

export async function recover(p: Poster, input: { loan: string; date: IsoDate; amount: Minor; reference?: string | null }) {
  const l = await loadLoan(p.store, input.loan);
  if (l.row.status !== 'written_off') throw new SuanpanError('CONFLICT', 'servicing.notWrittenOff', { number: l.row.number });
  checkDate(l, input.date, p.businessDate);
  checkReference(l, input.reference ?? null);
  const d = derive(l.loan, l.booked, l.txns, input.date);
  const left = {
    principal: d.writtenOff.principal - d.recovered.principal,
    interest: d.writtenOff.interest - d.recovered.interest,
    fee: d.writtenOff.fee - d.recovered.fee,
    penalty: d.writtenOff.penalty - d.recovered.penalty,
  };
  const max = sumAmounts(left);
  if (input.amount > max) throw new SuanpanError('RULE', 'servicing.recoveryExceeds', { amount: fmt(l, input.amount), max: fmt(l, max) });
  // A recovery reduces the loss on principal first.
  const line: AllocationLine = { n: 0, ...zeroAmounts() };
  let rest = input.amount;
  for (const c of ['principal', 'interest', 'fee', 'penalty'] as const) {
    const take = left[c] < rest ? left[c] : rest;
    line[c] = take;
    rest -= take;
  }
  const { id } = await writeTxn(p, l, { kind: 'recovery', valueDate: input.date, lines: [line], reference: input.reference ?? null });
  return { transactionId: id, amount: input.amount, recoveredTotal: sumAmounts(d.recovered) + input.amount, writtenOffTotal: sumAmounts(d.writtenOff) };
}

