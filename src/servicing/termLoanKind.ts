/**
 * Servicing a term loan: installments settled oldest first in the product's allocation order,
 * anything beyond what is due prepaid (interest to the day, then principal) with the schedule
 * recast by the schedule engine as the borrower chose.
 */
import { SuanpanError } from '../errors';
import type { IsoDate } from '../calendar/date';
import type { Minor } from '../money/amount';
import { buildSchedule, type Recast, type TermLoan } from '../schedule/term';
import {
  accruedToDate,
  allocateDue,
  derive,
  dueBy,
  liveTransactions,
  positionOn,
  prepaymentsOf,
  remaining,
  sumAmounts,
  zeroAmounts,
  type AllocationLine,
  type Component,
  type Derived,
  type Due,
  type Txn,
} from './ledger';
import { fmt, type LoadedLoan } from './store';
import { mapEngineError, waiverExceeds, type LoanKind, type OverdueLine, type Payoff, type Split, type WaiverAsk } from './kinds';

function payoff(l: LoadedLoan, d: Derived, date: IsoDate): Payoff {
  if (d.status !== 'active') return { date, principal: 0n, interest: 0n, fees: 0n, penalty: 0n, total: 0n };
  const due = dueBy(d.installments, date);
  const { balance } = positionOn(l.loan, d.schedule, date);
  const accrued = accruedToDate(l.loan, d.schedule, date);
  const principal = due.principal + balance;
  const interest = due.interest + accrued;
  return { date, principal, interest, fees: due.fee, penalty: due.penalty, total: principal + interest + due.fee + due.penalty };
}

function overdue(l: LoadedLoan, d: Derived, date: IsoDate): OverdueLine[] {
  const out: OverdueLine[] = [];
  for (const i of d.installments) {
    const rest = remaining(i);
    if (i.dueDate >= date || sumAmounts(rest) === 0n) continue;
    out.push({ loanId: l.row.id, n: i.n, dueDate: i.dueDate, ...rest });
  }
  return out;
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

/** The loan as it would be with one more posting of `kind` (not written). */
function simulate(l: LoadedLoan, kind: 'repayment' | 'prepayment', date: IsoDate, amount: Minor, recast: Recast | null, lines: AllocationLine[]): Derived {
  const simulated: Txn = {
    id: `${l.row.id}.999999`, kind, valueDate: date, businessDate: date, amount, reference: null, reversesId: null, recast, reason: null,
    userId: null, userName: null, createdAt: '', allocations: lines,
  };
  return derive(l.loan, l.booked, [...l.txns, simulated], date);
}

function split(l: LoadedLoan, date: IsoDate, amount: Minor, recastChoice?: Recast): Split {
  const d = derive(l.loan, l.booked, l.txns, date);
  const max = payoff(l, d, date).total;
  const { lines, left } = allocateDue(d.installments, date, amount, l.loan.order);
  let prepaid: Split['prepaid'] = null;
  let recast: Recast | null = null;
  let after: Derived;
  if (left > 0n) {
    const dueTotal = amount - left;
    const { balance } = positionOn(l.loan, d.schedule, date);
    const interest = accruedToDate(l.loan, d.schedule, date);
    if (date <= l.row.disbursement_date) throw new SuanpanError('RULE', 'servicing.prepayDisbursementDay', { number: l.row.number });
    if (balance === 0n) throw new SuanpanError('RULE', 'servicing.overpaid', { amount: fmt(l, amount), number: l.row.number, date, max: fmt(l, max) });
    if (left <= interest) {
      throw new SuanpanError('RULE', 'servicing.excessTooSmall', { excess: fmt(l, left), interest: fmt(l, interest), date, due: fmt(l, dueTotal), least: fmt(l, dueTotal + interest) });
    }
    if (left > balance + interest) throw new SuanpanError('RULE', 'servicing.overpaid', { amount: fmt(l, amount), number: l.row.number, date, max: fmt(l, max) });
    checkRecastable(l);
    recast = recastChoice ?? (l.row.recast_choice as Recast);
    const terms = l.loan.terms as TermLoan;
    const pre = [...prepaymentsOf(liveTransactions(l.txns)), { date, amount: left, recast }];
    let schedule;
    try {
      schedule = buildSchedule({ ...terms, prepayments: pre });
    } catch (e) {
      mapEngineError(e, l, date, amount, max, { excess: left, interest, due: dueTotal });
    }
    const row = [...schedule.installments].reverse().find((r) => r.kind === 'prepayment' && r.dueDate === date);
    if (!row) throw new SuanpanError('INTERNAL', 'internal', { reason: 'prepayment row missing from the recast schedule' });
    prepaid = { interest: row.interest, principal: row.principal };
    lines.push({ n: 0, ...zeroAmounts(), interest: row.interest, principal: row.principal });
    after = simulate(l, 'prepayment', date, amount, recast, lines);
  } else {
    after = simulate(l, 'repayment', date, amount, null, lines);
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

/** Each component from the oldest installment due by the date onwards. */
function waiverLines(l: LoadedLoan, d: Derived, ask: WaiverAsk): AllocationLine[] {
  const lines = new Map<number, AllocationLine>();
  for (const c of ['penalty', 'fee', 'interest'] as const satisfies readonly Component[]) {
    let want = ask[c];
    const available = dueBy(d.installments, ask.date)[c];
    if (want > available) waiverExceeds(l, c, want, available, ask.date);
    for (const i of d.installments) {
      if (want === 0n || i.dueDate > ask.date) continue;
      const rest = remaining(i)[c];
      const take = rest < want ? rest : want;
      if (take === 0n) continue;
      const line = lines.get(i.n) ?? { n: i.n, ...zeroAmounts() };
      line[c] += take;
      lines.set(i.n, line);
      want -= take;
    }
  }
  return [...lines.values()];
}

/** All principal still owed, and the interest, fees and penalty due by the date. */
function writeOffLines(_l: LoadedLoan, d: Derived, date: IsoDate): AllocationLine[] {
  const lines: AllocationLine[] = [];
  for (const i of d.installments) {
    const rest = remaining(i);
    const line: AllocationLine = { n: i.n, principal: rest.principal, interest: 0n, fee: 0n, penalty: 0n };
    if (i.dueDate <= date) Object.assign(line, { interest: rest.interest, fee: rest.fee, penalty: rest.penalty });
    if (sumAmounts(line) > 0n) lines.push(line);
  }
  return lines;
}

export const termLoanKind: LoanKind = { draws: false, payoff, overdue, split, checkWaiver: () => {}, waiverLines, writeOffLines };
