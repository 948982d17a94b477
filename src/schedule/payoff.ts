/**
 * Payoff quote (提前结清试算) on a date: principal outstanding + interest accrued to that date + fees due.
 * The quote assumes every row of the schedule dated before the payoff date was paid as scheduled
 * (issue 7's ledger quotes from what was actually paid). Interest runs to the payoff date only
 * (Civil Code art. 677) and never exceeds the interest the schedule would charge for that period.
 * No prepayment charge: the products here state none.
 */
import type { IsoDate } from '../calendar/date';
import type { Minor } from '../money/amount';
import { rule } from '../errors';
import { accruedInterest, buildSchedule, type Installment, type Schedule, type TermLoan } from './term';

export interface PayoffQuote {
  date: IsoDate;
  principal: Minor;
  interest: Minor;
  fees: Minor;
  total: Minor;
}

export function payoffQuote(loan: TermLoan, date: IsoDate, schedule: Schedule = buildSchedule(loan)): PayoffQuote {
  const rows = schedule.installments;
  if (date < schedule.disbursementDate || date > schedule.maturityDate) {
    throw rule('rule.payoffDate', { date, start: schedule.disbursementDate, end: schedule.maturityDate });
  }
  let balance = schedule.financedPrincipal;
  let since = schedule.disbursementDate;
  let next: Installment | undefined;
  for (const row of rows) {
    if (row.dueDate < date) {
      balance = row.balance;
      since = row.dueDate;
    } else if (row.kind === 'installment') {
      next = row;
      break;
    }
  }
  if (!next || balance === 0n) return { date, principal: 0n, interest: 0n, fees: 0n, total: 0n };
  const accrued = accruedInterest(loan, balance, since, date);
  const interest = accrued < next.interest ? accrued : next.interest;
  // The installment's own fee is due only on its due date.
  const fees = next.dueDate === date ? next.fee : 0n;
  return { date, principal: balance, interest, fees, total: balance + interest + fees };
}
