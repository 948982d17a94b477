/**
 * Servicing: disbursement of a signed contract, repayments with the product's allocation order,
 * prepayments with the borrower's recast choice, payoff, revolving draws and repayments, penalty
 * interest under the legal cap, waivers within the role's authority, reversals, write-off and
 * recovery. Each posting reads one loan by key (the loan, its installments, its transactions), writes
 * one balanced transaction with its allocations, and rewrites the loan's derived state from the
 * ledger (src/servicing/ledger.ts), all inside the caller's transaction.
 */
import { SuanpanError, type Lang } from '../errors';
import type { Db } from '../db/connection';
import type { IdSource } from '../ids';
import { servicingRepo, type InstallmentRow, type LedgerRow, type ServicingLoanRow } from '../db/repos/servicing';
import { applicationRepo } from '../db/repos/applications';
import { documentRepo } from '../db/repos/documents';
import { collectionRepo } from '../db/repos/collections';
import type { DayCount } from '../calendar/daycount';
import type { Frequency } from '../calendar/frequency';
import { daysBetween, type IsoDate } from '../calendar/date';
import { formatMinor, parseMinor, type Decimals, type Minor } from '../money/amount';
import { parseDecimal, toDecimalString, type Rational } from '../money/rational';
import type { RoundingMode } from '../money/rounding';
import { buildSchedule, type Fee, type InterestMode, type Method, type Recast, type TermLoan } from '../schedule/term';
import { runLine, type Allocation as LineAllocation } from '../schedule/line';
import { lprOn, type LprEntry } from '../pricing/caps';
import { lprTable } from '../pricing/lpr';
import type { LoanContent } from '../documents/loanDocuments';
import {
  accruedToDate,
  allocateDue,
  derive,
  dueBy,
  isReversed,
  lineEvents,
  liveTransactions,
  parseAllocationOrder,
  positionOn,
  prepaymentsOf,
  remaining,
  REVERSIBLE,
  seqOf,
  sumAmounts,
  zeroAmounts,
  type AllocationLine,
  type Amounts,
  type Component,
  type Derived,
  type Due,
  type LedgerLoan,
  type Txn,
  type TxnKind,
} from './ledger';

/** Who posts, when, and where the audit row goes. */
export interface Poster {
  db: Db;
  ids: IdSource;
  now: Date;
  businessDate: IsoDate;
  userId: string | null;
  role: string | null;
}

// ---------------------------------------------------------------- loading

const rational = (text: string): Rational => {
  const r = parseDecimal(text);
  if (!r) throw new SuanpanError('INTERNAL', 'internal', { reason: `not a rate: ${text}` });
  return r;
};

/**
 * The cap a court upholds for a lender of this kind: 4 x the one-year LPR on the contract date, from
 * the book's LPR table (src/pricing/lpr.ts).
 */
export function capRateOn(contractDate: IsoDate, table: readonly LprEntry[]): Rational | null {
  const lpr = lprOn(contractDate, table);
  if (!lpr) return null;
  const r = rational(lpr.rate);
  return { n: r.n * 4n, d: r.d };
}

interface StoredTerms {
  principal: string;
  annualRate: string;
  term: number;
  method: Method;
  frequency: Frequency;
  disbursementDate: string;
  firstDueDate: string;
  interest: InterestMode;
  dayCount: DayCount;
  principalGrace: number;
  paymentMultiple: string;
  decimals: Decimals;
  rounding: RoundingMode;
  fees: { kind: Fee['kind']; amount: string; deducted: boolean }[];
}

const termsToJson = (t: TermLoan): string =>
  JSON.stringify({
    principal: t.principal.toString(),
    annualRate: `${t.annualRate.n}/${t.annualRate.d}`,
    term: t.term,
    method: t.method,
    frequency: t.frequency,
    disbursementDate: t.disbursementDate,
    firstDueDate: t.firstDueDate ?? '',
    interest: t.interest,
    dayCount: t.dayCount,
    principalGrace: t.principalGrace,
    paymentMultiple: t.paymentMultiple.toString(),
    decimals: t.decimals,
    rounding: t.rounding,
    fees: t.fees.map((f) => ({ kind: f.kind, amount: f.amount.toString(), deducted: f.deducted })),
  } satisfies StoredTerms);

function termsFromJson(text: string): TermLoan {
  const s = JSON.parse(text) as StoredTerms;
  const [n, d] = s.annualRate.split('/');
  return {
    principal: BigInt(s.principal),
    annualRate: { n: BigInt(n as string), d: BigInt(d as string) },
    term: s.term,
    method: s.method,
    frequency: s.frequency,
    disbursementDate: s.disbursementDate,
    firstDueDate: s.firstDueDate || undefined,
    interest: s.interest,
    dayCount: s.dayCount,
    principalGrace: s.principalGrace,
    paymentMultiple: BigInt(s.paymentMultiple),
    decimals: s.decimals,
    rounding: s.rounding,
    fees: s.fees.map((f) => ({ kind: f.kind, amount: BigInt(f.amount), deducted: f.deducted })),
    prepayments: [],
  };
}

/** Terms for a loan booked without them (demo books): the loan row and its product, no fees. */
function termsFromRow(row: ServicingLoanRow): TermLoan {
  return {
    principal: BigInt(row.principal),
    annualRate: rational(row.annual_rate),
    term: row.term,
    method: row.method as Method,
    frequency: row.frequency as Frequency,
    disbursementDate: row.disbursement_date,
    firstDueDate: row.first_due_date,
    interest: row.interest_mode as InterestMode,
    dayCount: row.day_count as DayCount,
    principalGrace: Math.min(row.principal_grace, row.term - 1),
    paymentMultiple: BigInt(row.payment_multiple),
    decimals: row.decimals as Decimals,
    rounding: row.rounding as RoundingMode,
    fees: [],
    prepayments: [],
  };
}

export interface LoadedLoan {
  row: ServicingLoanRow;
  loan: LedgerLoan;
  booked: Due[];
  installmentRows: InstallmentRow[];
  txns: Txn[];
}

function ledgerLoan(db: Db, row: ServicingLoanRow): LedgerLoan {
  const revolving = row.method === 'revolving';
  const terms = revolving ? null : row.schedule_terms ? termsFromJson(row.schedule_terms) : termsFromRow(row);
  const annualRate = rational(row.annual_rate);
  const markup = rational(row.penalty_markup ?? row.product_penalty_markup);
  return {
    id: row.id,
    revolving,
    principal: BigInt(row.principal),
    disbursementDate: row.disbursement_date,
    maturityDate: row.maturity_date,
    annualRate,
    dayCount: row.day_count as DayCount,
    rounding: (terms?.rounding ?? row.rounding) as RoundingMode,
    decimals: row.decimals as Decimals,
    penaltyRate: { n: annualRate.n * (markup.d + markup.n), d: annualRate.d * markup.d },
    // Fixed at disbursement; a loan booked without it (a demo book) takes the book's LPR table now.
    capRate: row.penalty_cap_rate ? rational(row.penalty_cap_rate) : capRateOn(row.disbursement_date, lprTable(db)),
    order: parseAllocationOrder(row.allocation_order),
    lineAllocation: (row.line_allocation ?? 'interest-first') as LineAllocation,
    creditLimit: row.credit_limit === null ? null : BigInt(row.credit_limit),
    terms,
  };
}

const big = (v: number | bigint | null): bigint => (v === null ? 0n : BigInt(v));

export function ledgerTxns(rows: readonly LedgerRow[]): Txn[] {
  const byId = new Map<string, Txn>();
  for (const r of rows) {
    let t = byId.get(r.id);
    if (!t) {
      t = {
        id: r.id,
        kind: r.kind as TxnKind,
        valueDate: r.value_date,
        businessDate: r.business_date,
        amount: BigInt(r.amount),
        reference: r.reference,
        reversesId: r.reverses_id,
        recast: r.recast as Recast | null,
        reason: r.reason,
        userId: r.user_id,
        userName: r.user_name,
        createdAt: r.created_at,
        allocations: [],
      };
      byId.set(r.id, t);
    }
    if (r.installment_n !== null) t.allocations.push({ n: r.installment_n, principal: big(r.principal), interest: big(r.interest), fee: big(r.fee), penalty: big(r.penalty) });
  }
  return [...byId.values()];
}

/** One loan by id or number, with its installments and ledger: three keyed reads (and the LPR table for a loan without a stored cap). */
export function loadLoan(db: Db, ref: string): LoadedLoan {
  const repo = servicingRepo(db);
  const row = repo.loanById(ref) ?? repo.loanByNumber(ref);
  if (!row) throw new SuanpanError('NOT_FOUND', 'servicing.loanNotFound', { loan: ref });
  const installmentRows = repo.installments(row.id);
  const booked = installmentRows.map((i) => ({ n: i.n, dueDate: i.due_date, principal: BigInt(i.principal_due), interest: BigInt(i.interest_due), fee: BigInt(i.fee_due) }));
  return { row, loan: ledgerLoan(db, row), booked, installmentRows, txns: ledgerTxns(repo.ledger(row.id)) };
}

const fmt = (l: LoadedLoan, v: Minor): string => formatMinor(v, l.loan.decimals);

/** The latest live posting's date (the derived state in the book is as of that date). */
function lastPostingDate(l: LoadedLoan): IsoDate {
  const live = liveTransactions(l.txns);
  return live.length ? (live[live.length - 1] as Txn).valueDate : l.row.disbursement_date;
}

/** Rewrites the loan's derived state (installments and loan row) from the ledger, as of its latest posting. */
function persist(db: Db, loanId: string): Derived {
  const l = loadLoan(db, loanId);
  const d = derive(l.loan, l.booked, l.txns, lastPostingDate(l));
  const repo = servicingRepo(db);
  d.installments.forEach((i, k) => {
    const was = l.installmentRows[k] as InstallmentRow;
    const next = {
      loan_id: loanId,
      n: i.n,
      principal_due: i.due.principal,
      interest_due: i.due.interest,
      fee_due: i.due.fee,
      principal_paid: i.paid.principal,
      interest_paid: i.paid.interest,
      fee_paid: i.paid.fee,
      penalty_accrued: i.due.penalty,
      penalty_paid: i.paid.penalty,
      paid_date: i.paidDate,
    };
    const same =
      big(was.principal_due) === next.principal_due && big(was.interest_due) === next.interest_due && big(was.fee_due) === next.fee_due &&
      big(was.principal_paid) === next.principal_paid && big(was.interest_paid) === next.interest_paid && big(was.fee_paid) === next.fee_paid &&
      big(was.penalty_accrued) === next.penalty_accrued && big(was.penalty_paid) === next.penalty_paid && was.paid_date === next.paid_date;
    if (!same) repo.updateInstallment(next);
  });
  repo.updateLoan({ id: loanId, principal: d.principal, outstanding_principal: d.outstanding, status: d.status, oldest_unpaid_due_date: d.oldestUnpaidDueDate, closed_date: d.closedDate });
  return d;
}

// ---------------------------------------------------------------- checks

function checkDate(l: LoadedLoan, date: IsoDate, businessDate: IsoDate): void {
  if (date < l.row.disbursement_date) throw new SuanpanError('VALIDATION', 'servicing.dateBeforeDisbursement', { field: 'date', date, disbursed: l.row.disbursement_date });
  if (date > businessDate) throw new SuanpanError('VALIDATION', 'servicing.dateAfterBusinessDate', { field: 'date', date, businessDate });
  const last = lastPostingDate(l);
  if (date < last) throw new SuanpanError('RULE', 'servicing.dateBeforeLast', { date, last });
}

function checkActive(l: LoadedLoan): void {
  if (l.row.status !== 'active') throw new SuanpanError('CONFLICT', 'servicing.loanClosed', { number: l.row.number, state: l.row.status });
}

function checkReference(l: LoadedLoan, reference: string | null): void {
  if (!reference) return;
  const live = liveTransactions(l.txns);
  const same = live.find((t) => t.reference === reference);
  if (same) throw new SuanpanError('CONFLICT', 'servicing.duplicateReference', { reference, number: l.row.number, transaction: same.id });
}

/** The next posting id on the loan: '<loan>.001', '<loan>.002', … (the disbursement is '.000'). */
function nextId(l: LoadedLoan): string {
  let max = 0;
  for (const t of l.txns) if (t.id.startsWith(`${l.row.id}.`)) max = Math.max(max, seqOf(t.id));
  return `${l.row.id}.${String(max + 1).padStart(3, '0')}`;
}

interface NewTxn {
  kind: TxnKind;
  valueDate: IsoDate;
  lines: AllocationLine[];
  reference?: string | null;
  reversesId?: string | null;
  recast?: Recast | null;
  reason?: string | null;
  id?: string;
}

/** Writes one balanced transaction and its allocations, then the loan's derived state. */
function write(p: Poster, l: LoadedLoan, t: NewTxn): { id: string; derived: Derived } {
  const id = t.id ?? nextId(l);
  const amount = t.lines.reduce((a, x) => a + sumAmounts(x), 0n);
  if (amount <= 0n) throw new SuanpanError('INTERNAL', 'internal', { reason: 'a transaction must move money' });
  const repo = servicingRepo(p.db);
  repo.insertTransaction({
    id,
    loan_id: l.row.id,
    kind: t.kind,
    value_date: t.valueDate,
    business_date: p.businessDate,
    amount,
    reference: t.reference ?? null,
    reverses_id: t.reversesId ?? null,
    user_id: p.userId,
    created_at: p.now.toISOString(),
    recast: t.recast ?? null,
    reason: t.reason ?? null,
  });
  for (const a of [...t.lines].sort((x, y) => x.n - y.n)) {
    repo.insertAllocation({ transaction_id: id, installment_n: a.n, principal: a.principal, interest: a.interest, fee: a.fee, penalty: a.penalty });
  }
  return { id, derived: persist(p.db, l.row.id) };
}

// ---------------------------------------------------------------- what a repayment would do

export interface Split {
  loanId: string;
  number: string;
  kind: 'repayment' | 'prepayment';
  date: IsoDate;
  amount: Minor;
  lines: AllocationLine[];
  totals: Amounts;
  /** The part beyond what was due: interest to the date and principal prepaid (row 0). */
  prepaid: { interest: Minor; principal: Minor } | null;
  recast: Recast | null;
  /** After the posting: principal outstanding and the next installment. */
  after: { outstanding: Minor; next: { n: number; dueDate: IsoDate; total: Minor } | null; installmentsLeft: number; maturityDate: IsoDate | null };
}

function mapEngineError(e: unknown, l: LoadedLoan, date: IsoDate, amount: Minor, max: Minor, extra: { excess: Minor; interest: Minor; due: Minor }): never {
  if (e instanceof SuanpanError) {
    if (e.key === 'rule.prepaymentTooSmall') {
      throw new SuanpanError('RULE', 'servicing.excessTooSmall', {
        excess: fmt(l, extra.excess), interest: fmt(l, extra.interest), date, due: fmt(l, extra.due), least: fmt(l, extra.due + extra.interest),
      });
    }
    if (e.key === 'rule.prepaymentExceedsPayoff' || e.key === 'rule.prepaymentDate' || e.key === 'rule.lineRepayExceeds') {
      throw new SuanpanError('RULE', 'servicing.overpaid', { amount: fmt(l, amount), number: l.row.number, date, max: fmt(l, max) });
    }
  }
  throw e;
}

/** The payoff on a date: everything due, the principal not yet due, and interest accrued to the date. */
export function payoffOf(l: LoadedLoan, date: IsoDate): { date: IsoDate; principal: Minor; interest: Minor; fees: Minor; penalty: Minor; total: Minor } {
  const d = derive(l.loan, l.booked, l.txns, date);
  if (l.loan.revolving) {
    return { date, principal: d.outstanding, interest: d.lineInterest, fees: 0n, penalty: d.linePenalty, total: d.outstanding + d.lineInterest + d.linePenalty };
  }
  if (d.status !== 'active') return { date, principal: 0n, interest: 0n, fees: 0n, penalty: 0n, total: 0n };
  const due = dueBy(d.installments, date);
  const { balance } = positionOn(l.loan, d.schedule, date);
  const accrued = accruedToDate(l.loan, d.schedule, date);
  const principal = due.principal + balance;
  const interest = due.interest + accrued;
  return { date, principal, interest, fees: due.fee, penalty: due.penalty, total: principal + interest + due.fee + due.penalty };
}

/** An installment past due on a date and what remains of it, penalty worked out to that date. */
export interface OverdueLine {
  loanId: string;
  n: number;
  dueDate: IsoDate;
  principal: Minor;
  interest: Minor;
  fee: Minor;
  penalty: Minor;
}

/**
 * The installments past due on `date` (due before it and not settled), with the penalty the ledger
 * charges to that date: what the loan page shows, a collector reads out and a letter demands. The
 * stored penalty is only as of the last posting, so it is never read for this.
 */
export function overdueOn(l: LoadedLoan, date: IsoDate): OverdueLine[] {
  const d = derive(l.loan, l.booked, l.txns, date < l.row.disbursement_date ? l.row.disbursement_date : date);
  if (d.status !== 'active') return [];
  if (l.loan.revolving) {
    // A line falls due as a whole at its expiry: one row (n 0), the line itself.
    if (l.row.maturity_date >= date || d.outstanding + d.lineInterest + d.linePenalty === 0n) return [];
    return [{ loanId: l.row.id, n: 0, dueDate: l.row.maturity_date, principal: d.outstanding, interest: d.lineInterest, fee: 0n, penalty: d.linePenalty }];
  }
  const out: OverdueLine[] = [];
  for (const i of d.installments) {
    const rest = remaining(i);
    if (i.dueDate >= date || sumAmounts(rest) === 0n) continue;
    out.push({ loanId: l.row.id, n: i.n, dueDate: i.dueDate, ...rest });
  }
  return out;
}

/** The split of a repayment of `amount` on `date`: what it pays, oldest first, and any prepayment beyond. */
export function splitRepayment(l: LoadedLoan, date: IsoDate, amount: Minor, recastChoice?: Recast): Split {
  const payoff = payoffOf(l, date);
  if (l.loan.revolving) {
    // Penalty interest of an expired line first; the rest to interest and principal as the line's
    // allocation says, by the line engine (interest at the contract rate stops at the expiry).
    if (amount > payoff.total) throw new SuanpanError('RULE', 'servicing.overpaid', { amount: fmt(l, amount), number: l.row.number, date, max: fmt(l, payoff.total) });
    const penalty = amount < payoff.penalty ? amount : payoff.penalty;
    const line: AllocationLine = { n: 0, ...zeroAmounts(), penalty };
    let outstanding = payoff.principal;
    if (amount > penalty) {
      const events = [...lineEvents(liveTransactions(l.txns)), { date, type: 'repay' as const, amount: amount - penalty }];
      let r;
      try {
        r = runLine({
          annualRate: l.loan.annualRate, dayCount: l.loan.dayCount, allocation: l.loan.lineAllocation, events, payoffDate: date, accrueUntil: l.loan.maturityDate,
          decimals: l.loan.decimals, rounding: l.loan.rounding,
        });
      } catch (e) {
        mapEngineError(e, l, date, amount, payoff.total, { excess: 0n, interest: 0n, due: 0n });
      }
      const last = r.events[r.events.length - 1] as (typeof r.events)[number];
      line.principal = last.principalPaid;
      line.interest = last.interestPaid;
      outstanding = last.balance;
    }
    return {
      loanId: l.row.id, number: l.row.number, kind: 'repayment', date, amount, lines: [line], totals: { ...zeroAmounts(), principal: line.principal, interest: line.interest, penalty },
      prepaid: null, recast: null, after: { outstanding, next: null, installmentsLeft: 0, maturityDate: l.row.maturity_date },
    };
  }
  const d = derive(l.loan, l.booked, l.txns, date);
  const { lines, left } = allocateDue(d.installments, date, amount, l.loan.order);
  let prepaid: Split['prepaid'] = null;
  let recast: Recast | null = null;
  let after: Derived;
  if (left > 0n) {
    const dueTotal = amount - left;
    const { balance } = positionOn(l.loan, d.schedule, date);
    const interest = accruedToDate(l.loan, d.schedule, date);
    if (date <= l.row.disbursement_date) throw new SuanpanError('RULE', 'servicing.prepayDisbursementDay', { number: l.row.number });
    if (balance === 0n) throw new SuanpanError('RULE', 'servicing.overpaid', { amount: fmt(l, amount), number: l.row.number, date, max: fmt(l, payoff.total) });
    if (left <= interest) {
      throw new SuanpanError('RULE', 'servicing.excessTooSmall', { excess: fmt(l, left), interest: fmt(l, interest), date, due: fmt(l, dueTotal), least: fmt(l, dueTotal + interest) });
    }
    if (left > balance + interest) throw new SuanpanError('RULE', 'servicing.overpaid', { amount: fmt(l, amount), number: l.row.number, date, max: fmt(l, payoff.total) });
    checkRecastable(l);
    recast = recastChoice ?? (l.row.recast_choice as Recast);
    const terms = l.loan.terms as TermLoan;
    const pre = [...prepaymentsOf(liveTransactions(l.txns)), { date, amount: left, recast }];
    let schedule;
    try {
      schedule = buildSchedule({ ...terms, prepayments: pre });
    } catch (e) {
      mapEngineError(e, l, date, amount, payoff.total, { excess: left, interest, due: dueTotal });
    }
    const row = [...schedule.installments].reverse().find((r) => r.kind === 'prepayment' && r.dueDate === date);
    if (!row) throw new SuanpanError('INTERNAL', 'internal', { reason: 'prepayment row missing from the recast schedule' });
    prepaid = { interest: row.interest, principal: row.principal };
    lines.push({ n: 0, ...zeroAmounts(), interest: row.interest, principal: row.principal });
    const simulated: Txn = {
      id: `${l.row.id}.999999`, kind: 'prepayment', valueDate: date, businessDate: date, amount, reference: null, reversesId: null, recast, reason: null,
      userId: null, userName: null, createdAt: '', allocations: lines,
    };
    after = derive(l.loan, l.booked, [...l.txns, simulated], date);
  } else {
    const simulated: Txn = {
      id: `${l.row.id}.999999`, kind: 'repayment', valueDate: date, businessDate: date, amount, reference: null, reversesId: null, recast: null, reason: null,
      userId: null, userName: null, createdAt: '', allocations: lines,
    };
    after = derive(l.loan, l.booked, [...l.txns, simulated], date);
  }
  const totals = zeroAmounts();
  for (const x of lines) for (const c of ['principal', 'interest', 'fee', 'penalty'] as const) totals[c] += x[c];
  const open = after.installments.filter((i) => sumAmounts(remaining(i)) > 0n);
  const next = open[0];
  return {
    loanId: l.row.id, number: l.row.number, kind: prepaid ? 'prepayment' : 'repayment', date, amount, lines, totals, prepaid, recast,
    after: {
      outstanding: after.outstanding,
      next: next ? { n: next.n, dueDate: next.dueDate, total: sumAmounts(remaining(next)) } : null,
      installmentsLeft: open.length,
      maturityDate: open.length ? (open[open.length - 1] as (typeof open)[number]).dueDate : null,
    },
  };
}

/** A demo-book loan has no stored terms: recast only if its terms rebuild the booked schedule exactly. */
function checkRecastable(l: LoadedLoan): void {
  if (l.row.schedule_terms || l.txns.some((t) => t.kind === 'prepayment')) return;
  const s = buildSchedule(l.loan.terms as TermLoan).installments;
  const same = s.length === l.booked.length && s.every((r, i) => {
    const b = l.booked[i] as Due;
    return r.n === b.n && r.dueDate === b.dueDate && r.principal === b.principal && r.interest === b.interest && r.fee === b.fee;
  });
  if (!same) throw new SuanpanError('RULE', 'servicing.recastUnavailable', { number: l.row.number });
}

// ---------------------------------------------------------------- postings

export interface RepayInput {
  loan: string;
  date: IsoDate;
  amount: Minor;
  reference?: string | null;
  recast?: Recast | undefined;
}

export function repay(p: Poster, input: RepayInput): { transactionId: string; split: Split; status: string; outstanding: Minor } {
  const l = loadLoan(p.db, input.loan);
  checkActive(l);
  checkDate(l, input.date, p.businessDate);
  checkReference(l, input.reference ?? null);
  const split = splitRepayment(l, input.date, input.amount, input.recast);
  const { id, derived } = write(p, l, { kind: split.kind, valueDate: input.date, lines: split.lines, reference: input.reference ?? null, recast: split.recast });
  return { transactionId: id, split, status: derived.status, outstanding: derived.outstanding };
}

/** Settles the loan on a date: a repayment of exactly the payoff quote. */
export function payOff(p: Poster, input: { loan: string; date: IsoDate; reference?: string | null }) {
  const l = loadLoan(p.db, input.loan);
  checkActive(l);
  checkDate(l, input.date, p.businessDate);
  const quote = payoffOf(l, input.date);
  return repay(p, { loan: input.loan, date: input.date, amount: quote.total, reference: input.reference ?? null });
}

export function draw(p: Poster, input: { loan: string; date: IsoDate; amount: Minor; reference?: string | null }) {
  const l = loadLoan(p.db, input.loan);
  if (!l.loan.revolving) throw new SuanpanError('RULE', 'servicing.lineOnly', { number: l.row.number });
  checkActive(l);
  checkDate(l, input.date, p.businessDate);
  if (input.date > l.row.maturity_date) throw new SuanpanError('RULE', 'servicing.drawAfterMaturity', { date: input.date, maturity: l.row.maturity_date });
  checkReference(l, input.reference ?? null);
  const d = derive(l.loan, l.booked, l.txns, input.date);
  const limit = l.loan.creditLimit;
  if (limit !== null && d.outstanding + input.amount > limit) {
    throw new SuanpanError('RULE', 'servicing.lineLimit', { amount: fmt(l, input.amount), limit: fmt(l, limit), available: fmt(l, limit - d.outstanding) });
  }
  const { id, derived } = write(p, l, { kind: 'draw', valueDate: input.date, lines: [{ n: 0, ...zeroAmounts(), principal: input.amount }], reference: input.reference ?? null });
  return { transactionId: id, outstanding: derived.outstanding, available: limit === null ? null : limit - derived.outstanding };
}

// ---------------------------------------------------------------- waivers

/** How much each role may waive in one go (a setting, key 'servicing'); null: no limit. */
export const DEFAULT_WAIVER_LIMITS: Record<string, string | null> = { officer: '500.00', senior_approver: '5000.00', branch_manager: null };

export function waiverLimit(db: Db, role: string | null): Minor | null | 'none' {
  const row = applicationRepo(db).setting('servicing');
  const limits = row ? ((JSON.parse(row.value) as { waiverLimits?: Record<string, string | null> }).waiverLimits ?? DEFAULT_WAIVER_LIMITS) : DEFAULT_WAIVER_LIMITS;
  if (role === null || !Object.prototype.hasOwnProperty.call(limits, role)) return 'none';
  const v = limits[role];
  return v === null || v === undefined ? null : (parseMinor(v, 2) ?? 0n);
}

export interface WaiveInput {
  loan: string;
  date: IsoDate;
  penalty: Minor;
  fee: Minor;
  interest: Minor;
  reason: string;
}

export function waive(p: Poster, input: WaiveInput) {
  const l = loadLoan(p.db, input.loan);
  checkActive(l);
  // A line's interest is the line engine's to settle; only its penalty interest can be waived.
  if (l.loan.revolving && (input.fee > 0n || input.interest > 0n)) throw new SuanpanError('RULE', 'servicing.waiverLine', { number: l.row.number });
  checkDate(l, input.date, p.businessDate);
  if (!input.reason.trim()) throw new SuanpanError('VALIDATION', 'servicing.reasonRequired', { field: 'reason' });
  const total = input.penalty + input.fee + input.interest;
  if (total <= 0n) throw new SuanpanError('VALIDATION', 'servicing.waiverNothing', { field: 'penalty' });
  const limit = waiverLimit(p.db, p.role);
  if (limit === 'none' || (limit !== null && total > limit)) {
    throw new SuanpanError('FORBIDDEN', 'servicing.waiverAuthority', { amount: fmt(l, total), limit: limit === 'none' ? '0.00' : fmt(l, limit), role: p.role ?? '—' });
  }
  const d = derive(l.loan, l.booked, l.txns, input.date);
  if (l.loan.revolving) {
    if (input.penalty > d.linePenalty) {
      throw new SuanpanError('RULE', 'servicing.waiverExceeds', { component: 'penalty', amount: fmt(l, input.penalty), available: fmt(l, d.linePenalty), number: l.row.number, date: input.date });
    }
    const { id, derived } = write(p, l, { kind: 'waiver', valueDate: input.date, lines: [{ n: 0, ...zeroAmounts(), penalty: input.penalty }], reason: input.reason.trim() });
    return { transactionId: id, amount: total, status: derived.status };
  }
  const lines = new Map<number, AllocationLine>();
  for (const c of ['penalty', 'fee', 'interest'] as const satisfies readonly Component[]) {
    let want = input[c];
    const available = dueBy(d.installments, input.date)[c];
    if (want > available) {
      throw new SuanpanError('RULE', 'servicing.waiverExceeds', { component: c, amount: fmt(l, want), available: fmt(l, available), number: l.row.number, date: input.date });
    }
    for (const i of d.installments) {
      if (want === 0n || i.dueDate > input.date) continue;
      const rest = remaining(i)[c];
      const take = rest < want ? rest : want;
      if (take === 0n) continue;
      const line = lines.get(i.n) ?? { n: i.n, ...zeroAmounts() };
      line[c] += take;
      lines.set(i.n, line);
      want -= take;
    }
  }
  const { id, derived } = write(p, l, { kind: 'waiver', valueDate: input.date, lines: [...lines.values()], reason: input.reason.trim() });
  return { transactionId: id, amount: total, status: derived.status };
}

// ---------------------------------------------------------------- reversal, write-off, recovery

/** `writeOffAuthority`: the caller may write loans off (and so undo a write-off made by mistake). */
export function reverse(p: Poster, input: { transactionId: string; reason: string; writeOffAuthority?: boolean }) {
  const loanId = servicingRepo(p.db).transactionLoan(input.transactionId);
  if (!loanId) throw new SuanpanError('NOT_FOUND', 'servicing.transactionNotFound', { id: input.transactionId });
  const l = loadLoan(p.db, loanId);
  const t = l.txns.find((x) => x.id === input.transactionId) as Txn;
  if (!REVERSIBLE.has(t.kind)) throw new SuanpanError('RULE', 'servicing.notReversible', { id: t.id, kind: t.kind });
  if (t.kind === 'write_off' && !input.writeOffAuthority) throw new SuanpanError('FORBIDDEN', 'servicing.reverseWriteOffAuthority', { id: t.id });
  if (isReversed(l.txns, t.id)) throw new SuanpanError('CONFLICT', 'servicing.alreadyReversed', { id: t.id });
  if (!input.reason.trim()) throw new SuanpanError('VALIDATION', 'servicing.reasonRequired', { field: 'reason' });
  const live = liveTransactions(l.txns);
  const latest = live[live.length - 1] as Txn;
  if (latest.id !== t.id) throw new SuanpanError('RULE', 'servicing.reverseLatestFirst', { id: t.id, latest: latest.id });
  // The reversal is dated as the posting it undoes: the mistake never happened, and what follows is derived again.
  const { id, derived } = write(p, l, { kind: 'reversal', valueDate: t.valueDate, lines: t.allocations.map((a) => ({ ...a })), reversesId: t.id, reason: input.reason.trim() });
  return { transactionId: id, reverses: t.id, amount: t.amount, status: derived.status, outstanding: derived.outstanding };
}

export function writeOff(p: Poster, input: { loan: string; reason: string }) {
  const l = loadLoan(p.db, input.loan);
  checkActive(l);
  if (!input.reason.trim()) throw new SuanpanError('VALIDATION', 'servicing.reasonRequired', { field: 'reason' });
  const date = p.businessDate;
  checkDate(l, date, p.businessDate);
  const d = derive(l.loan, l.booked, l.txns, date);
  const lines: AllocationLine[] = [];
  if (l.loan.revolving) {
    lines.push({ n: 0, ...zeroAmounts(), principal: d.outstanding, interest: d.lineInterest, penalty: d.linePenalty });
  } else {
    // All principal still owed, and the interest, fees and penalty due by today.
    for (const i of d.installments) {
      const rest = remaining(i);
      const line: AllocationLine = { n: i.n, principal: rest.principal, interest: 0n, fee: 0n, penalty: 0n };
      if (i.dueDate <= date) Object.assign(line, { interest: rest.interest, fee: rest.fee, penalty: rest.penalty });
      if (sumAmounts(line) > 0n) lines.push(line);
    }
  }
  if (lines.reduce((a, x) => a + sumAmounts(x), 0n) === 0n) throw new SuanpanError('RULE', 'servicing.nothingToWriteOff', { number: l.row.number });
  const { id, derived } = write(p, l, { kind: 'write_off', valueDate: date, lines, reason: input.reason.trim() });
  return { transactionId: id, amount: sumAmounts(derived.writtenOff), status: derived.status };
}

export function recover(p: Poster, input: { loan: string; date: IsoDate; amount: Minor; reference?: string | null }) {
  const l = loadLoan(p.db, input.loan);
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
  const { id } = write(p, l, { kind: 'recovery', valueDate: input.date, lines: [line], reference: input.reference ?? null });
  return { transactionId: id, amount: input.amount, recoveredTotal: sumAmounts(d.recovered) + input.amount, writtenOffTotal: sumAmounts(d.writtenOff) };
}

// ---------------------------------------------------------------- disbursement

const minorOf = (text: string, decimals: number): Minor => {
  const v = parseMinor(text, decimals);
  if (v === null) throw new SuanpanError('INTERNAL', 'internal', { reason: `not an amount: ${text}` });
  return v;
};

/**
 * Pays out a signed application: books the loan and exactly the schedule printed in its issued
 * contract (after checking that the schedule engine, with the product's settings, gives the same
 * rows, so later recasts continue the printed schedule), records the disbursement, and moves the
 * application to 'disbursed'. A line opens with its limit and a first draw.
 */
export function disburse(p: Poster, input: { applicationId: string; recast?: Recast | undefined; drawAmount?: Minor | undefined }) {
  const apps = applicationRepo(p.db);
  const app = apps.byId(input.applicationId);
  if (!app) throw new SuanpanError('NOT_FOUND', 'applications.notFound', { id: input.applicationId });
  if (app.state !== 'signed') throw new SuanpanError('CONFLICT', 'applications.state', { number: app.number, state: app.state, expected: 'signed' });
  const docs = documentRepo(p.db);
  const text = docs.latestContent('application', app.id, 'contract');
  if (!text) throw new SuanpanError('RULE', 'documents.noContract', { number: app.number });
  const content = JSON.parse(text) as LoanContent;
  const contractHash = docs.issuedFor('application', app.id).find((d) => d.type === 'contract')?.content_hash ?? null;
  const product = apps.productById(app.product_id);
  if (!product) throw new SuanpanError('NOT_FOUND', 'applications.productNotFound', { id: app.product_id });
  if (content.disbursementDate !== p.businessDate) {
    throw new SuanpanError('RULE', 'servicing.contractDate', { number: content.number, date: content.disbursementDate, businessDate: p.businessDate });
  }
  const decimals = product.decimals as Decimals;
  const money = (t: string): Minor => minorOf(t, decimals);
  const loanId = p.ids.next();
  // The line is fixed now, from the LPR the book has for the contract date, and stays with the loan.
  const capRate = capRateOn(content.issuedOn, lprTable(p.db));
  const repo = servicingRepo(p.db);
  const base = {
    id: loanId,
    number: content.number,
    application_id: app.id,
    customer_id: app.customer_id,
    product_id: app.product_id,
    annual_rate: content.rate,
    term: content.term,
    frequency: product.frequency,
    day_count: content.dayCount,
    disbursement_date: content.disbursementDate,
    first_due_date: content.firstDueDate,
    maturity_date: content.maturityDate,
    contract_hash: contractHash,
    created_at: p.now.toISOString(),
    penalty_markup: content.penaltyMarkup,
    penalty_cap_rate: capRate ? toDecimalString(capRate, 6) : null,
    recast_choice: input.recast ?? 'reduce-payment',
  };
  let lines: AllocationLine[];
  let received: Minor;
  if (content.method === 'revolving') {
    const limit = money(content.amount);
    const first = input.drawAmount ?? limit;
    if (first > limit) throw new SuanpanError('RULE', 'servicing.lineLimit', { amount: formatMinor(first, decimals), limit: content.amount, available: content.amount });
    received = first;
    repo.insertLoan({ ...base, method: 'revolving', principal: first, amount_received: first, credit_limit: limit, oldest_unpaid_due_date: null, schedule_terms: null });
    lines = [{ n: 0, ...zeroAmounts(), principal: first }];
  } else {
    const amount = money(content.amount);
    received = money(content.amountReceived);
    const upfront = money(content.upfrontFees);
    const perInstallment = content.schedule[0] ? money(content.schedule[0].fee) : 0n;
    const fees: Fee[] = [];
    if (upfront > 0n) fees.push({ kind: 'upfront', amount: upfront, deducted: received < amount });
    if (perInstallment > 0n) fees.push({ kind: 'per-installment', amount: perInstallment, deducted: false });
    const terms: TermLoan = {
      principal: amount,
      annualRate: rational(content.rate),
      term: content.term,
      method: content.method as Method,
      frequency: product.frequency as Frequency,
      disbursementDate: content.disbursementDate,
      firstDueDate: content.firstDueDate,
      interest: product.interest_mode as InterestMode,
      dayCount: content.dayCount as DayCount,
      principalGrace: Math.min(product.principal_grace, content.term - 1),
      paymentMultiple: BigInt(product.payment_multiple),
      decimals,
      rounding: product.rounding as RoundingMode,
      fees,
      prepayments: [],
    };
    // The printed rows must be what the engine gives: recasts continue from them.
    const engine = buildSchedule(terms).installments;
    content.schedule.forEach((r, k) => {
      const e = engine[k];
      const ok = e && e.n === r.n && e.dueDate === r.dueDate && e.principal === money(r.principal) && e.interest === money(r.interest) && e.fee === money(r.fee) && e.balance === money(r.balance);
      if (!ok) throw new SuanpanError('RULE', 'servicing.contractMismatch', { number: content.number, n: r.n });
    });
    if (engine.length !== content.schedule.length) throw new SuanpanError('RULE', 'servicing.contractMismatch', { number: content.number, n: engine.length });
    const financed = content.schedule.reduce((a, r) => a + money(r.principal), 0n);
    repo.insertLoan({
      ...base, method: content.method, principal: financed, amount_received: received, credit_limit: null,
      oldest_unpaid_due_date: content.schedule[0]?.dueDate ?? null, schedule_terms: termsToJson(terms),
    });
    for (const r of content.schedule) {
      repo.insertInstallment({ loan_id: loanId, n: r.n, due_date: r.dueDate, principal_due: money(r.principal), interest_due: money(r.interest), fee_due: money(r.fee) });
    }
    lines = [{ n: 0, ...zeroAmounts(), principal: financed, fee: -upfront }];
  }
  const at = p.now.toISOString();
  if (!apps.setState(app.id, 'signed', 'disbursed', at)) throw new SuanpanError('CONFLICT', 'applications.changedMeanwhile', { number: app.number });
  apps.insertEvent({ id: p.ids.next(), application_id: app.id, at, user_id: p.userId, from_state: 'signed', to_state: 'disbursed', note: content.number });
  const l = loadLoan(p.db, loanId);
  const { id } = write(p, l, { id: `${loanId}.000`, kind: 'disbursement', valueDate: content.disbursementDate, lines });
  return { loanId, number: content.number, transactionId: id, amountPaidOut: received, disbursementDate: content.disbursementDate };
}

// ---------------------------------------------------------------- reading

export type InstallmentStatus = 'paid' | 'partial' | 'overdue' | 'due' | 'upcoming';

/** The loan page: facts, balances on the business date, the schedule with states, the ledger. */
export function loanView(db: Db, ref: string, businessDate: IsoDate, lang: Lang) {
  const l = loadLoan(db, ref);
  const asOf = businessDate < l.row.disbursement_date ? l.row.disbursement_date : businessDate;
  const d = derive(l.loan, l.booked, l.txns, asOf);
  const f = (v: Minor): string => fmt(l, v);
  const amounts = (a: Amounts) => ({ principal: f(a.principal), interest: f(a.interest), fee: f(a.fee), penalty: f(a.penalty), total: f(sumAmounts(a)) });
  const overdue = zeroAmounts();
  const dueToday = zeroAmounts();
  const schedule = d.installments.map((i) => {
    const rest = remaining(i);
    const open = sumAmounts(rest) > 0n;
    const status: InstallmentStatus = !open ? 'paid' : i.dueDate < asOf ? 'overdue' : i.dueDate === asOf ? 'due' : sumAmounts(i.paid) > 0n ? 'partial' : 'upcoming';
    const target = status === 'overdue' ? overdue : status === 'due' ? dueToday : null;
    if (target) for (const c of ['principal', 'interest', 'fee', 'penalty'] as const) target[c] += rest[c];
    return { n: i.n, dueDate: i.dueDate, due: amounts(i.due), paid: amounts(i.paid), remaining: amounts(rest), paidDate: i.paidDate, status };
  });
  const reversed = new Set(l.txns.filter((t) => t.kind === 'reversal').map((t) => t.reversesId));
  const ledger = [...l.txns]
    .sort((a, b) => (a.valueDate < b.valueDate ? -1 : a.valueDate > b.valueDate ? 1 : seqOf(a.id) - seqOf(b.id)))
    .map((t) => ({
      id: t.id, kind: t.kind, valueDate: t.valueDate, businessDate: t.businessDate, amount: f(t.amount), reference: t.reference, reversesId: t.reversesId,
      reversed: reversed.has(t.id), recast: t.recast, reason: t.reason, user: t.userName, createdAt: t.createdAt,
      allocations: t.allocations.map((a) => ({ n: a.n, principal: f(a.principal), interest: f(a.interest), fee: f(a.fee), penalty: f(a.penalty) })),
    }));
  const payoff = d.status === 'active' ? payoffOf(l, asOf) : null;
  const oldest = d.oldestUnpaidDueDate;
  return {
    loan: {
      id: l.row.id, number: l.row.number, applicationId: l.row.application_id, customerId: l.row.customer_id, customerName: l.row.customer_name,
      productId: l.row.product_id, product: lang === 'zh-CN' ? l.row.product_name_zh : l.row.product_name_en, method: l.row.method,
      principal: f(d.principal), annualRate: l.row.annual_rate, term: l.row.term, dayCount: l.row.day_count,
      disbursementDate: l.row.disbursement_date, firstDueDate: l.row.first_due_date, maturityDate: l.row.maturity_date,
      amountReceived: f(BigInt(l.row.amount_received)), creditLimit: l.loan.creditLimit === null ? null : f(l.loan.creditLimit),
      status: d.status, fiveCategory: l.row.five_category, closedDate: d.closedDate, recastChoice: l.row.recast_choice,
      penaltyRate: toDecimalString(l.loan.penaltyRate, 6), penaltyCapRate: l.loan.capRate ? toDecimalString(l.loan.capRate, 6) : null,
      contractHash: l.row.contract_hash,
    },
    businessDate: asOf,
    balances: {
      outstandingPrincipal: f(d.outstanding),
      overdue: amounts(overdue),
      dueToday: amounts(dueToday),
      oldestUnpaidDueDate: oldest,
      daysPastDue: oldest && oldest < asOf ? daysBetween(oldest, asOf) : 0,
      lineInterest: f(d.lineInterest),
      available: l.loan.creditLimit === null ? null : f(l.loan.creditLimit - d.outstanding),
      penalty: { charged: f(d.charges.penalty), uncapped: f(d.charges.penaltyUncapped), cap: d.charges.cap === null ? null : f(d.charges.cap), interestCharged: f(d.charges.interest), feesCharged: f(d.charges.fees) },
      writtenOff: amounts(d.writtenOff),
      recovered: amounts(d.recovered),
      payoff: payoff ? { date: payoff.date, principal: f(payoff.principal), interest: f(payoff.interest), fees: f(payoff.fees), penalty: f(payoff.penalty), total: f(payoff.total) } : null,
    },
    schedule,
    ledger,
    // The loan's collection case still open, if any (the desk links to it, or offers to open one).
    collectionCase: collectionRepo(db).openCaseOfLoan(l.row.id),
  };
}

export function splitJson(s: Split, decimals: Decimals) {
  const f = (v: Minor): string => formatMinor(v, decimals);
  return {
    loanId: s.loanId,
    number: s.number,
    kind: s.kind,
    date: s.date,
    amount: f(s.amount),
    lines: s.lines.map((a) => ({ n: a.n, principal: f(a.principal), interest: f(a.interest), fee: f(a.fee), penalty: f(a.penalty), total: f(sumAmounts(a)) })),
    totals: { principal: f(s.totals.principal), interest: f(s.totals.interest), fee: f(s.totals.fee), penalty: f(s.totals.penalty) },
    prepaid: s.prepaid ? { interest: f(s.prepaid.interest), principal: f(s.prepaid.principal) } : null,
    recast: s.recast,
    after: {
      outstanding: f(s.after.outstanding),
      next: s.after.next ? { n: s.after.next.n, dueDate: s.after.next.dueDate, total: f(s.after.next.total) } : null,
      installmentsLeft: s.after.installmentsLeft,
      maturityDate: s.after.maturityDate,
    },
  };
}
