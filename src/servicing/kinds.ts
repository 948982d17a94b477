/**
 * A loan is serviced by its kind: a term loan (schedule, installments, recast on prepayment) or a
 * credit line (draws, daily interest, one balance falling due at expiry). Each kind answers the same
 * questions (what settles it, what is overdue, how a payment splits, what a waiver or a write-off
 * takes), so postings and views never ask which kind they hold.
 */
import { toBook } from '../money/money';
import { SuanpanError } from '../errors';
import type { IsoDate } from '../calendar/date';
import type { Minor } from '../money/amount';
import type { Recast } from '../schedule/term';
import { derive, type AllocationLine, type Amounts, type Derived } from './ledger';
import { fmt, type LoadedLoan } from './store';
import { termLoanKind } from './termLoanKind';
import { creditLineKind } from './creditLineKind';

export interface Payoff {
  date: IsoDate;
  principal: Minor;
  interest: Minor;
  fees: Minor;
  penalty: Minor;
  total: Minor;
}

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

/** What a waiver asks to forgive, by component. */
export interface WaiverAsk {
  date: IsoDate;
  penalty: Minor;
  fee: Minor;
  interest: Minor;
}

export interface LoanKind {
  /** Whether money can be drawn (a line within its limit, until its expiry). */
  readonly draws: boolean;
  /** What settles the loan on `date`, from its state derived to that date. */
  payoff(l: LoadedLoan, d: Derived, date: IsoDate): Payoff;
  /** What is past due on `date`, with the penalty the ledger charges to that date. */
  overdue(l: LoadedLoan, d: Derived, date: IsoDate): OverdueLine[];
  /** How a payment of `amount` on `date` splits, and what the loan looks like after it. */
  split(l: LoadedLoan, date: IsoDate, amount: Minor, recast?: Recast): Split;
  /** Refuses a waiver this kind cannot take at all (before its date or amounts are looked at). */
  checkWaiver(l: LoadedLoan, ask: WaiverAsk): void;
  /** The allocation lines of a waiver: each component within what is due by its date. */
  waiverLines(l: LoadedLoan, d: Derived, ask: WaiverAsk): AllocationLine[];
  /** The allocation lines of a write-off on `date`: the principal owed and what is due by then. */
  writeOffLines(l: LoadedLoan, d: Derived, date: IsoDate): AllocationLine[];
}

export const kindOf = (l: LoadedLoan): LoanKind => (l.loan.revolving ? creditLineKind : termLoanKind);

export function mapEngineError(e: unknown, l: LoadedLoan, date: IsoDate, amount: Minor, max: Minor, extra: { excess: Minor; interest: Minor; due: Minor }): never {
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
export function payoffOf(l: LoadedLoan, date: IsoDate): Payoff {
  return kindOf(l).payoff(l, derive(l.loan, l.booked, l.txns, date), date);
}

/**
 * What is past due on `date` (due before it and not settled), with the penalty the ledger charges to
 * that date: what the loan page shows, a collector reads out and a letter demands. The stored
 * penalty is only as of the last posting, so it is never read for this.
 */
export function overdueOn(l: LoadedLoan, date: IsoDate): OverdueLine[] {
  const d = derive(l.loan, l.booked, l.txns, date < l.row.disbursement_date ? l.row.disbursement_date : date);
  if (d.status !== 'active') return [];
  return kindOf(l).overdue(l, d, date);
}

/**
 * What is overdue on `date`, in the book's fen whatever the loan's scale: for pages and letters that
 * show it beside other book amounts (balances, the queue).
 */
export function overdueInBook(l: LoadedLoan, date: IsoDate): OverdueLine[] {
  const d = l.loan.decimals;
  return overdueOn(l, date).map((i) => ({ ...i, principal: toBook(i.principal, d), interest: toBook(i.interest, d), fee: toBook(i.fee, d), penalty: toBook(i.penalty, d) }));
}

/** The split of a repayment of `amount` on `date`: what it pays, oldest first, and any prepayment beyond. */
export const splitRepayment = (l: LoadedLoan, date: IsoDate, amount: Minor, recast?: Recast): Split => kindOf(l).split(l, date, amount, recast);

/** A component that a waiver asks for beyond what is due: refused, naming it. */
export function waiverExceeds(l: LoadedLoan, component: string, amount: Minor, available: Minor, date: IsoDate): never {
  throw new SuanpanError('RULE', 'servicing.waiverExceeds', { component, amount: fmt(l, amount), available: fmt(l, available), number: l.row.number, date });
}
