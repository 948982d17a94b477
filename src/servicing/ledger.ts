/**
 * The loan ledger as pure functions: what a loan owes and has paid on a date, derived from its
 * transactions and their allocations, never kept by hand. The database holds the transactions (the
 * truth) and a copy of the derived state (installments' dues and paid columns, the loan's
 * outstanding principal, status and oldest unpaid due date) for screens and end of day; servicing
 * rewrites that copy from this derivation in the same transaction as every posting.
 *
 * Conventions of the ledger:
 *  - Allocation row n >= 1 is an installment; n = 0 is the loan itself (a disbursement or draw, the
 *    interest and principal of a prepayment, a line's repayment, a recovery).
 *  - Every transaction balances: amount = principal + interest + fee + penalty over its allocations.
 *    A disbursement's row 0 carries the principal lent and the upfront fees as a negative fee (taken
 *    out of the cash paid, or financed into the principal), so it sums to the cash paid out.
 *  - Repayments, prepayments, waivers and write-offs settle what they are allocated to. A reversal
 *    (kind 'reversal', reverses_id set) cancels one earlier transaction whole: the derivation simply
 *    leaves the reversed transaction out. Recoveries come in after a write-off and settle nothing.
 *  - Postings are in date order (a new one is never dated before the latest live one) and a reversal
 *    undoes the latest live posting, so the state after a reversal is exactly the state before the
 *    reversed posting.
 */
import { accrualDays, yearFraction, type DayCount } from '../calendar/daycount';
import type { IsoDate } from '../calendar/date';
import type { Decimals, Minor } from '../money/amount';
import { add, mul, ZERO, type Rational } from '../money/rational';
import { divRound, type RoundingMode } from '../money/rounding';
import { accruedInterest, buildSchedule, type Prepayment, type Recast, type TermLoan } from '../schedule/term';
import type { Allocation as LineAllocation } from '../schedule/line';

export const COMPONENTS = ['penalty', 'fee', 'interest', 'principal'] as const;
export type Component = (typeof COMPONENTS)[number];

/** products.allocation_order ("penalty,fees,interest,principal") as components; missing ones follow in the default order. */
export function parseAllocationOrder(text: string): Component[] {
  const names: Record<string, Component> = { penalty: 'penalty', penalties: 'penalty', fee: 'fee', fees: 'fee', interest: 'interest', principal: 'principal' };
  const out: Component[] = [];
  for (const part of text.split(',')) {
    const c = names[part.trim().toLowerCase()];
    if (c && !out.includes(c)) out.push(c);
  }
  for (const c of COMPONENTS) if (!out.includes(c)) out.push(c);
  return out;
}

export const TXN_KINDS = ['disbursement', 'repayment', 'prepayment', 'draw', 'waiver', 'reversal', 'write_off', 'recovery'] as const;
export type TxnKind = (typeof TXN_KINDS)[number];
const SETTLES: ReadonlySet<TxnKind> = new Set<TxnKind>(['repayment', 'prepayment', 'waiver', 'write_off']);
/** Kinds a reversal may undo (money in, or a waiver given by mistake). */
export const REVERSIBLE: ReadonlySet<TxnKind> = new Set<TxnKind>(['repayment', 'prepayment', 'waiver', 'recovery', 'write_off']);

export interface Amounts {
  principal: Minor;
  interest: Minor;
  fee: Minor;
  penalty: Minor;
}
export const zeroAmounts = (): Amounts => ({ principal: 0n, interest: 0n, fee: 0n, penalty: 0n });
export const sumAmounts = (a: Amounts): Minor => a.principal + a.interest + a.fee + a.penalty;

export interface AllocationLine extends Amounts {
  n: number;
}

export interface Txn {
  id: string;
  kind: TxnKind;
  valueDate: IsoDate;
  businessDate: IsoDate;
  amount: Minor;
  reference: string | null;
  reversesId: string | null;
  recast: Recast | null;
  reason: string | null;
  userId: string | null;
  userName: string | null;
  createdAt: string;
  allocations: AllocationLine[];
}

/** An installment as booked: its due date and the dues printed (or last recast). */
export interface Due {
  n: number;
  dueDate: IsoDate;
  principal: Minor;
  interest: Minor;
  fee: Minor;
}

export interface InstallmentState {
  n: number;
  dueDate: IsoDate;
  due: Amounts;
  paid: Amounts;
  paidDate: IsoDate | null;
}

export interface LedgerLoan {
  id: string;
  revolving: boolean;
  /** Principal lent (with any financed fee): what the schedule's principal sums to. Lines: unused. */
  principal: Minor;
  disbursementDate: IsoDate;
  maturityDate: IsoDate;
  annualRate: Rational;
  dayCount: DayCount;
  rounding: RoundingMode;
  decimals: Decimals;
  /** Penalty rate a year on overdue principal: the contract rate x (1 + markup). */
  penaltyRate: Rational;
  /** The legal line total interest, penalties and fees are capped at (4 x LPR on the contract date), or null. */
  capRate: Rational | null;
  order: Component[];
  lineAllocation: LineAllocation;
  creditLimit: Minor | null;
  /** The schedule engine's terms (term loans): recasts rebuild the schedule from them. */
  terms: TermLoan | null;
}

/** One row of the schedule as it now stands: installments and, between them, prepayments. */
export interface ScheduleLine {
  kind: 'installment' | 'prepayment';
  n: number;
  dueDate: IsoDate;
  principal: Minor;
  interest: Minor;
  fee: Minor;
  balance: Minor;
}

export interface Derived {
  installments: InstallmentState[];
  schedule: ScheduleLine[];
  /** Principal lent (a line: everything drawn). */
  principal: Minor;
  outstanding: Minor;
  status: 'active' | 'closed' | 'written_off';
  oldestUnpaidDueDate: IsoDate | null;
  closedDate: IsoDate | null;
  /** Interest, fees and penalty charged up to the date (the cap's other side), and the cap itself. */
  charges: { interest: Minor; fees: Minor; penaltyUncapped: Minor; penalty: Minor; cap: Minor | null };
  writtenOff: Amounts;
  recovered: Amounts;
  /** A line: interest accrued and unpaid on the date (at the contract rate, up to the line's expiry). */
  lineInterest: Minor;
  /** A line: penalty interest unpaid on the date (on what was still drawn after the expiry). */
  linePenalty: Minor;
  live: Txn[];
  asOf: IsoDate;
}

/** A posting's sequence number on its loan ('<loan>.007' is 7); ids of other shapes (demo books) sort first. */
export const seqOf = (id: string): number => {
  const m = /\.(\d+)$/.exec(id);
  return m ? Number(m[1]) : -1;
};
const byDateThenPosting = (a: Txn, b: Txn): number =>
  a.valueDate < b.valueDate ? -1 : a.valueDate > b.valueDate ? 1 : seqOf(a.id) - seqOf(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Transactions that still count: not reversals and not reversed, in posting order. */
export function liveTransactions(txns: readonly Txn[]): Txn[] {
  const reversed = new Set(txns.filter((t) => t.kind === 'reversal' && t.reversesId).map((t) => t.reversesId as string));
  return txns.filter((t) => t.kind !== 'reversal' && !reversed.has(t.id)).sort(byDateThenPosting);
}

export const isReversed = (txns: readonly Txn[], id: string): boolean => txns.some((t) => t.kind === 'reversal' && t.reversesId === id);

const rowZero = (t: Txn): AllocationLine => t.allocations.find((a) => a.n === 0) ?? { n: 0, ...zeroAmounts() };

/** The prepayments the schedule engine recasts with: each live prepayment's interest and principal on row 0. */
export function prepaymentsOf(live: readonly Txn[]): Prepayment[] {
  return live
    .filter((t) => t.kind === 'prepayment')
    .map((t) => {
      const z = rowZero(t);
      return { date: t.valueDate, amount: z.interest + z.principal, recast: t.recast ?? 'reduce-payment' };
    })
    .filter((p) => p.amount > 0n);
}

/**
 * The schedule as it stands: as booked while no prepayment was ever made (the printed schedule), else
 * rebuilt by the schedule engine from the contract terms and the live prepayments.
 */
export function currentSchedule(loan: LedgerLoan, booked: readonly Due[], live: readonly Txn[], everPrepaid: boolean): ScheduleLine[] {
  if (!everPrepaid || !loan.terms) {
    let balance = loan.principal;
    return booked.map((d) => {
      balance -= d.principal;
      return { kind: 'installment', n: d.n, dueDate: d.dueDate, principal: d.principal, interest: d.interest, fee: d.fee, balance };
    });
  }
  const schedule = buildSchedule({ ...loan.terms, prepayments: prepaymentsOf(live) });
  return schedule.installments.map((r) => ({ kind: r.kind, n: r.n, dueDate: r.dueDate, principal: r.principal, interest: r.interest, fee: r.fee, balance: r.balance }));
}

/** The dues of each booked installment under the schedule as it stands (0 for those a prepayment retired). */
function duesOf(booked: readonly Due[], schedule: readonly ScheduleLine[]): Map<number, Amounts> {
  const out = new Map<number, Amounts>();
  for (const d of booked) out.set(d.n, zeroAmounts());
  for (const r of schedule) if (r.kind === 'installment') out.set(r.n, { principal: r.principal, interest: r.interest, fee: r.fee, penalty: 0n });
  return out;
}

/**
 * Where the schedule stands on a date: the principal not yet due after every row dated on or before
 * it, and the date interest runs from (the last due date or prepayment, or the disbursement).
 */
export function positionOn(loan: LedgerLoan, schedule: readonly ScheduleLine[], date: IsoDate): { balance: Minor; since: IsoDate } {
  let balance = loan.principal;
  let since = loan.disbursementDate;
  for (const r of schedule) {
    if (r.dueDate > date) break;
    balance = r.balance;
    since = r.dueDate;
  }
  return { balance, since };
}

/** Interest accrued from the last event to `date` on the principal not yet due (what a payoff that day pays). */
export function accruedToDate(loan: LedgerLoan, schedule: readonly ScheduleLine[], date: IsoDate): Minor {
  if (!loan.terms) return 0n;
  const { balance, since } = positionOn(loan, schedule, date);
  return balance > 0n && since < date ? accruedInterest(loan.terms, balance, since, date) : 0n;
}

/** Penalty days: actual days (a 30/360 contract's daily penalty rate is annual / 360 on actual overdue days). */
const penaltyDayCount = (dc: DayCount): DayCount => (dc === '30/360' ? 'ACT/360' : dc);

/**
 * Penalty on one installment's overdue principal to `asOf`: each stretch of days times the principal
 * still unpaid in it, summed exactly and rounded once.
 */
function penaltyFor(loan: LedgerLoan, dueDate: IsoDate, principalDue: Minor, payments: { date: IsoDate; principal: Minor }[], asOf: IsoDate): Minor {
  if (asOf <= dueDate || principalDue === 0n) return 0n;
  const dc = penaltyDayCount(loan.dayCount);
  let unpaid = principalDue;
  let from = dueDate;
  let sum: Rational = ZERO;
  const stretch = (to: IsoDate): void => {
    if (to > from && unpaid > 0n) {
      const r = mul(loan.penaltyRate, yearFraction(dc, from, to));
      sum = add(sum, { n: unpaid * r.n, d: r.d });
    }
    if (to > from) from = to;
  };
  for (const p of payments) {
    if (p.date > asOf) break;
    stretch(p.date);
    unpaid -= p.principal;
  }
  stretch(asOf);
  return sum.n === 0n ? 0n : divRound(sum.n, sum.d, loan.rounding);
}

/**
 * The cap a court upholds: cap rate x principal in use x days / 365, from the disbursement to `asOf`,
 * rounded down (never a fen above the line).
 */
function capAmount(loan: LedgerLoan, financed: Minor, principalPayments: { date: IsoDate; principal: Minor }[], asOf: IsoDate): Minor | null {
  if (!loan.capRate) return null;
  let balance = financed;
  let from = loan.disbursementDate;
  let principalDays = 0n;
  for (const p of principalPayments) {
    if (p.date > asOf) break;
    if (p.date > from) {
      principalDays += balance * BigInt(accrualDays('ACT/365', from, p.date));
      from = p.date;
    }
    balance -= p.principal;
  }
  if (asOf > from) principalDays += balance * BigInt(accrualDays('ACT/365', from, asOf));
  return divRound(principalDays * loan.capRate.n, loan.capRate.d * 365n, 'down');
}

const addInto = (a: Amounts, b: Amounts): void => {
  a.principal += b.principal;
  a.interest += b.interest;
  a.fee += b.fee;
  a.penalty += b.penalty;
};

/** Derives the loan's state on `asOf` from its booked installments and its transactions. */
export function derive(loan: LedgerLoan, booked: readonly Due[], txns: readonly Txn[], asOf: IsoDate): Derived {
  const live = liveTransactions(txns);
  const writtenOff = zeroAmounts();
  const recovered = zeroAmounts();
  for (const t of live) {
    if (t.kind === 'write_off') for (const a of t.allocations) addInto(writtenOff, a);
    if (t.kind === 'recovery') for (const a of t.allocations) addInto(recovered, a);
  }
  const isWrittenOff = live.some((t) => t.kind === 'write_off');
  if (loan.revolving) return deriveLine(loan, live, asOf, writtenOff, recovered, isWrittenOff);

  const everPrepaid = txns.some((t) => t.kind === 'prepayment');
  const schedule = currentSchedule(loan, booked, live, everPrepaid);
  const dues = duesOf(booked, schedule);
  const financed = loan.principal;

  // What was paid on each installment, and when its principal was paid (for penalties).
  const paid = new Map<number, Amounts>();
  const lastPaid = new Map<number, IsoDate>();
  const principalPayments = new Map<number, { date: IsoDate; principal: Minor }[]>();
  const allPrincipal: { date: IsoDate; principal: Minor }[] = [];
  let lastPrepayment: IsoDate | null = null;
  let lastSettled: IsoDate | null = null;
  for (const t of live) {
    if (!SETTLES.has(t.kind)) continue;
    lastSettled = t.valueDate;
    if (t.kind === 'prepayment') lastPrepayment = t.valueDate;
    for (const a of t.allocations) {
      if (a.principal !== 0n) allPrincipal.push({ date: t.valueDate, principal: a.principal });
      if (a.n === 0) continue;
      const p = paid.get(a.n) ?? zeroAmounts();
      addInto(p, a);
      paid.set(a.n, p);
      lastPaid.set(a.n, t.valueDate);
      if (a.principal !== 0n) {
        const list = principalPayments.get(a.n) ?? [];
        list.push({ date: t.valueDate, principal: a.principal });
        principalPayments.set(a.n, list);
      }
    }
  }

  // Penalties to asOf, frozen at the write-off for a written-off loan.
  const penaltyDate = isWrittenOff ? (live.find((t) => t.kind === 'write_off') as Txn).valueDate : asOf;
  const uncapped = booked.map((d) => penaltyFor(loan, d.dueDate, (dues.get(d.n) as Amounts).principal, principalPayments.get(d.n) ?? [], penaltyDate));
  const penaltyUncapped = uncapped.reduce((a, b) => a + b, 0n);

  // The other charges to the date: interest due or accrued, upfront and installment fees.
  let interestCharged = 0n;
  let feesCharged = (loan.terms?.fees ?? []).filter((f) => f.kind === 'upfront').reduce((a, f) => a + f.amount, 0n);
  for (const r of schedule) {
    if (r.dueDate > penaltyDate) break;
    interestCharged += r.interest;
    feesCharged += r.fee;
  }
  interestCharged += accruedToDate(loan, schedule, penaltyDate);
  const cap = capAmount(loan, financed, allPrincipal, penaltyDate);
  let allowed = cap === null ? penaltyUncapped : cap - interestCharged - feesCharged;
  if (allowed < 0n) allowed = 0n;
  if (allowed > penaltyUncapped) allowed = penaltyUncapped;

  const installments: InstallmentState[] = [];
  let room = allowed;
  let penaltyTotal = 0n;
  let outstanding = financed;
  for (const a of allPrincipal) outstanding -= a.principal;
  let oldestUnpaid: IsoDate | null = null;
  booked.forEach((d, i) => {
    const due = { ...(dues.get(d.n) as Amounts) };
    const p = paid.get(d.n) ?? zeroAmounts();
    // Oldest installment first within the cap; never below what was already paid on it.
    const want = uncapped[i] as Minor;
    let penalty = want < room ? want : room;
    room -= penalty;
    if (penalty < p.penalty) penalty = p.penalty;
    due.penalty = penalty;
    penaltyTotal += penalty;
    const settled = p.principal === due.principal && p.interest === due.interest && p.fee === due.fee && p.penalty === due.penalty;
    let paidDate: IsoDate | null = null;
    if (settled) paidDate = lastPaid.get(d.n) ?? lastPrepayment ?? (sumAmounts(due) === 0n ? lastSettled : null);
    if (!settled && oldestUnpaid === null) oldestUnpaid = d.dueDate;
    installments.push({ n: d.n, dueDate: d.dueDate, due, paid: p, paidDate });
  });
  const allSettled = oldestUnpaid === null;
  const status = isWrittenOff ? 'written_off' : allSettled && outstanding === 0n ? 'closed' : 'active';
  const closedDate = status === 'closed' ? lastSettled : isWrittenOff ? penaltyDate : null;
  return {
    installments,
    schedule,
    principal: financed,
    outstanding,
    status,
    oldestUnpaidDueDate: status === 'active' ? oldestUnpaid : null,
    closedDate,
    charges: { interest: interestCharged, fees: feesCharged, penaltyUncapped, penalty: penaltyTotal, cap },
    writtenOff,
    recovered,
    lineInterest: 0n,
    linePenalty: 0n,
    live,
    asOf,
  };
}

/** A line's events for the schedule engine's runLine: draws, and repayments as the amounts they settled. */
export function lineEvents(live: readonly Txn[]): { date: IsoDate; type: 'draw' | 'repay'; amount: Minor }[] {
  const out: { date: IsoDate; type: 'draw' | 'repay'; amount: Minor }[] = [];
  for (const t of live) {
    const z = rowZero(t);
    if (t.kind === 'disbursement' || t.kind === 'draw') out.push({ date: t.valueDate, type: 'draw', amount: z.principal });
    else if (t.kind === 'repayment' || t.kind === 'prepayment') out.push({ date: t.valueDate, type: 'repay', amount: z.principal + z.interest });
  }
  return out;
}

/** Interest accrued and unpaid on a line at `date` (exact inside, rounded once with the loan's mode). */
export function lineInterestOn(loan: LedgerLoan, live: readonly Txn[], date: IsoDate): Minor {
  let balance = 0n;
  let owed: Rational = ZERO;
  let last: IsoDate | null = null;
  // Interest at the contract rate stops at the line's expiry (penalty interest takes over).
  const accrue = (to: IsoDate): void => {
    const end = to > loan.maturityDate ? loan.maturityDate : to;
    if (last !== null && balance > 0n && end > last) {
      const yf = mul(loan.annualRate, yearFraction(loan.dayCount, last, end));
      owed = add(owed, { n: balance * yf.n, d: yf.d });
    }
    last = to;
  };
  const round = (r: Rational): Minor => (r.n === 0n ? 0n : divRound(r.n, r.d, loan.rounding));
  for (const t of live) {
    if (t.valueDate > date) break;
    accrue(t.valueDate);
    const z = rowZero(t);
    if (t.kind === 'disbursement' || t.kind === 'draw') balance += z.principal;
    else if (SETTLES.has(t.kind)) {
      // As runLine: settling the whole rounded interest clears the exact remainder.
      owed = z.interest === round(owed) ? ZERO : add(owed, { n: -z.interest, d: 1n });
      balance -= z.principal;
    }
  }
  accrue(date);
  return round(owed);
}

function deriveLine(loan: LedgerLoan, live: Txn[], asOf: IsoDate, writtenOff: Amounts, recovered: Amounts, isWrittenOff: boolean): Derived {
  let principal = 0n;
  let repaid = 0n;
  let interestPaid = 0n;
  let penaltyPaid = 0n;
  let lastSettled: IsoDate | null = null;
  // The principal in use over time (draws in, principal repaid out) for the legal cap, and the
  // principal repaid after the line expired, which stops its penalty.
  const inUse: { date: IsoDate; principal: Minor }[] = [];
  const afterExpiry: { date: IsoDate; principal: Minor }[] = [];
  let atExpiry = 0n;
  for (const t of live) {
    const z = rowZero(t);
    if (t.kind === 'disbursement' || t.kind === 'draw') {
      principal += z.principal;
      inUse.push({ date: t.valueDate, principal: -z.principal });
      if (t.valueDate <= loan.maturityDate) atExpiry += z.principal;
    } else if (SETTLES.has(t.kind)) {
      repaid += z.principal;
      interestPaid += z.interest;
      penaltyPaid += z.penalty;
      lastSettled = t.valueDate;
      if (z.principal !== 0n) inUse.push({ date: t.valueDate, principal: z.principal });
      if (t.valueDate <= loan.maturityDate) atExpiry -= z.principal;
      else if (z.principal !== 0n) afterExpiry.push({ date: t.valueDate, principal: z.principal });
    }
  }
  const writeOff = live.find((t) => t.kind === 'write_off');
  // Interest at the contract rate runs to the line's expiry; what is still drawn then is overdue, and
  // penalty interest runs on it from the expiry until it is repaid (frozen at a write-off), within
  // the legal cap on interest and penalty together.
  const penaltyDate = writeOff ? writeOff.valueDate : asOf;
  const lineInterest = isWrittenOff ? 0n : lineInterestOn(loan, live, asOf);
  const penaltyUncapped = penaltyFor(loan, loan.maturityDate, atExpiry > 0n ? atExpiry : 0n, afterExpiry, penaltyDate);
  const cap = penaltyUncapped > 0n ? capAmount(loan, 0n, inUse, penaltyDate) : null;
  const interestCharged = interestPaid + lineInterest;
  let penalty = cap === null ? penaltyUncapped : cap - interestCharged;
  if (penalty < 0n) penalty = 0n;
  if (penalty > penaltyUncapped) penalty = penaltyUncapped;
  if (penalty < penaltyPaid) penalty = penaltyPaid;
  const outstanding = principal - repaid;
  const linePenalty = isWrittenOff ? 0n : penalty - penaltyPaid;
  const owes = outstanding > 0n || lineInterest > 0n || linePenalty > 0n;
  // Drawn and not yet repaid: the balance falls due at the line's expiry. Nothing owed once the
  // line has expired: it is finished.
  const status = isWrittenOff ? 'written_off' : !owes && asOf >= loan.maturityDate && principal > 0n ? 'closed' : 'active';
  return {
    installments: [],
    schedule: [],
    principal,
    outstanding,
    status,
    oldestUnpaidDueDate: status === 'active' && owes ? loan.maturityDate : null,
    // A line repaid before its expiry stays open to draw until then; one repaid later closes that day.
    closedDate: writeOff ? writeOff.valueDate : status === 'closed' ? (lastSettled !== null && lastSettled > loan.maturityDate ? lastSettled : loan.maturityDate) : null,
    charges: { interest: interestCharged, fees: 0n, penaltyUncapped, penalty, cap },
    writtenOff,
    recovered,
    lineInterest,
    linePenalty,
    live,
    asOf,
  };
}

/** What remains to pay on an installment, by component. */
export const remaining = (i: InstallmentState): Amounts => ({
  principal: i.due.principal - i.paid.principal,
  interest: i.due.interest - i.paid.interest,
  fee: i.due.fee - i.paid.fee,
  penalty: i.due.penalty - i.paid.penalty,
});

/**
 * Splits `amount` over the installments due on or before `date`, oldest first, each in the product's
 * component order. Returns the allocation lines and what is left over.
 */
export function allocateDue(installments: readonly InstallmentState[], date: IsoDate, amount: Minor, order: readonly Component[]): { lines: AllocationLine[]; left: Minor } {
  let left = amount;
  const lines: AllocationLine[] = [];
  for (const i of installments) {
    if (i.dueDate > date || left === 0n) continue;
    const rest = remaining(i);
    const line: AllocationLine = { n: i.n, ...zeroAmounts() };
    for (const c of order) {
      const take = rest[c] < left ? rest[c] : left;
      line[c] += take;
      left -= take;
    }
    if (sumAmounts(line) > 0n) lines.push(line);
  }
  return { lines, left };
}

/** Sum of what remains due on or before `date`. */
export function dueBy(installments: readonly InstallmentState[], date: IsoDate): Amounts {
  const out = zeroAmounts();
  for (const i of installments) if (i.dueDate <= date) addInto(out, remaining(i));
  return out;
}

