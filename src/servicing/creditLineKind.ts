/**
 * Servicing a credit line (随借随还): draws within the limit until the expiry, daily interest on
 * what is drawn, repayments settled interest first or principal first as the product says (by the
 * line engine); what is still drawn at the expiry falls due as one balance, with penalty interest
 * on it paid first.
 */
import { SuanpanError } from '../errors';
import type { IsoDate } from '../calendar/date';
import type { Minor } from '../money/amount';
import { runLine } from '../schedule/line';
import { lineEvents, liveTransactions, zeroAmounts, type AllocationLine, type Derived } from './ledger';
import { fmt, type LoadedLoan } from './store';
import { mapEngineError, waiverExceeds, type LoanKind, type OverdueLine, type Payoff, type Split, type WaiverAsk } from './kinds';
import { derive } from './ledger';

const payoff = (_l: LoadedLoan, d: Derived, date: IsoDate): Payoff => ({
  date, principal: d.outstanding, interest: d.lineInterest, fees: 0n, penalty: d.linePenalty, total: d.outstanding + d.lineInterest + d.linePenalty,
});

/** A line falls due as a whole at its expiry: one row (n 0), the line itself. */
function overdue(l: LoadedLoan, d: Derived, date: IsoDate): OverdueLine[] {
  if (l.row.maturity_date >= date || d.outstanding + d.lineInterest + d.linePenalty === 0n) return [];
  return [{ loanId: l.row.id, n: 0, dueDate: l.row.maturity_date, principal: d.outstanding, interest: d.lineInterest, fee: 0n, penalty: d.linePenalty }];
}

/**
 * Penalty interest of an expired line first; the rest to interest and principal as the line's
 * allocation says, by the line engine (interest at the contract rate stops at the expiry).
 */
function split(l: LoadedLoan, date: IsoDate, amount: Minor): Split {
  const due = payoff(l, derive(l.loan, l.booked, l.txns, date), date);
  if (amount > due.total) throw new SuanpanError('RULE', 'servicing.overpaid', { amount: fmt(l, amount), number: l.row.number, date, max: fmt(l, due.total) });
  const penalty = amount < due.penalty ? amount : due.penalty;
  const line: AllocationLine = { n: 0, ...zeroAmounts(), penalty };
  let outstanding = due.principal;
  if (amount > penalty) {
    const events = [...lineEvents(liveTransactions(l.txns)), { date, type: 'repay' as const, amount: amount - penalty }];
    let r;
    try {
      r = runLine({
        annualRate: l.loan.annualRate, dayCount: l.loan.dayCount, allocation: l.loan.lineAllocation, events, payoffDate: date, accrueUntil: l.loan.maturityDate,
        decimals: l.loan.decimals, rounding: l.loan.rounding,
      });
    } catch (e) {
      mapEngineError(e, l, date, amount, due.total, { excess: 0n, interest: 0n, due: 0n });
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

/** A line's interest is the line engine's to settle; only its penalty interest can be waived. */
function checkWaiver(l: LoadedLoan, ask: WaiverAsk): void {
  if (ask.fee > 0n || ask.interest > 0n) throw new SuanpanError('RULE', 'servicing.waiverLine', { number: l.row.number });
}

function waiverLines(l: LoadedLoan, d: Derived, ask: WaiverAsk): AllocationLine[] {
  if (ask.penalty > d.linePenalty) waiverExceeds(l, 'penalty', ask.penalty, d.linePenalty, ask.date);
  return [{ n: 0, ...zeroAmounts(), penalty: ask.penalty }];
}

const writeOffLines = (_l: LoadedLoan, d: Derived): AllocationLine[] => [{ n: 0, ...zeroAmounts(), principal: d.outstanding, interest: d.lineInterest, penalty: d.linePenalty }];

export const creditLineKind: LoanKind = { draws: true, payoff, overdue, split, checkWaiver, waiverLines, writeOffLines };
