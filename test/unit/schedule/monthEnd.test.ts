/**
 * Due dates of loans paid out late in the month (issue 12, item 7): every due date counts from the
 * disbursement day, so a loan paid out on the 31st is due on the last day of each month and
 * matures on the 31st, never drifting to the 28th after February. Expected dates are worked out by
 * hand from the calendar (days in each month; 2024 is a leap year, 2025 is not), the amounts from
 * docs/loan-math.md check value 1.
 */
import { describe, expect, it } from 'vitest';
import { dueAnchor, loanDueDates, repaymentDay } from '../../../src/calendar';
import { buildSchedule, type TermLoan } from '../../../src/schedule/term';
import { formatMinor } from '../../../src/money/amount';

const loan = (patch: Partial<TermLoan>): TermLoan => ({
  principal: 10_000_000n,
  annualRate: { n: 12n, d: 100n },
  term: 12,
  method: 'equal-installment',
  frequency: 'monthly',
  disbursementDate: '2025-01-31',
  interest: 'per-period',
  dayCount: '30/360',
  principalGrace: 0,
  paymentMultiple: 1n,
  decimals: 2,
  rounding: 'half-up',
  fees: [],
  prepayments: [],
  ...patch,
});
const dates = (l: TermLoan): string[] => buildSchedule(l).installments.map((r) => r.dueDate);

// Paid out 2025-01-31, due on the 31st or, in a shorter month, its last day: February 2025 has 28
// days, April, June, September and November 30; the twelfth date is 2026-01-31.
const FROM_JAN_31 = [
  '2025-02-28', '2025-03-31', '2025-04-30', '2025-05-31', '2025-06-30', '2025-07-31',
  '2025-08-31', '2025-09-30', '2025-10-31', '2025-11-30', '2025-12-31', '2026-01-31',
];

describe('monthly due dates anchored on the disbursement day', () => {
  it('a loan paid out on 2025-01-31 is due on each month-end and matures on 2026-01-31', () => {
    const s = buildSchedule(loan({}));
    expect(s.installments.map((r) => r.dueDate)).toEqual(FROM_JAN_31);
    expect(s.maturityDate).toBe('2026-01-31');
    // Every period is a regular month (30/360 per period), so the amounts are check value 1:
    // payment 8,884.88, the last 8,884.85, interest 6,618.53 in all.
    expect(formatMinor(s.payment, 2)).toBe('8884.88');
    expect(formatMinor(s.installments.at(-1)!.total, 2)).toBe('8884.85');
    expect(formatMinor(s.totals.interest, 2)).toBe('6618.53');
  });

  it('the same dates when the first due date is given as the regular one (a booked loan, a contract)', () => {
    expect(dates(loan({ firstDueDate: '2025-02-28' }))).toEqual(FROM_JAN_31);
  });

  it('paid out 2024-01-30: 2024-02-29 (a leap year), then the 30th of every month', () => {
    expect(dates(loan({ disbursementDate: '2024-01-30', term: 4 }))).toEqual(['2024-02-29', '2024-03-30', '2024-04-30', '2024-05-30']);
  });

  it('paid out on the 29th of a month before a short February: 2025-02-28, then the 29th', () => {
    expect(dates(loan({ disbursementDate: '2025-01-29', term: 3 }))).toEqual(['2025-02-28', '2025-03-29', '2025-04-29']);
  });

  it('quarterly from 2024-11-30: 2025-02-28, then the 30th', () => {
    expect(dates(loan({ disbursementDate: '2024-11-30', frequency: 'quarterly', term: 4 }))).toEqual(['2025-02-28', '2025-05-30', '2025-08-30', '2025-11-30']);
  });

  it('semi-monthly from 2025-01-31: the 16th and the last day of each month', () => {
    // An anchor on day 31 (> 15) pays on 31 − 15 = 16 and on 31, clamped to February's 28.
    expect(dates(loan({ frequency: 'semi-monthly', term: 4 }))).toEqual(['2025-02-16', '2025-02-28', '2025-03-16', '2025-03-31']);
  });

  it('an odd first due date chosen by the lender keeps its own day', () => {
    // Paid out 2025-01-20, first due 2025-03-01 (41 days): the 1st of each month after.
    expect(dates(loan({ disbursementDate: '2025-01-20', firstDueDate: '2025-03-01', term: 3 }))).toEqual(['2025-03-01', '2025-04-01', '2025-05-01']);
  });

  it('names the repayment day the dates keep', () => {
    expect(dueAnchor('2025-01-31', '2025-02-28', 'monthly')).toEqual({ anchor: '2025-01-31', offset: 1 });
    expect(repaymentDay('2025-01-31', '2025-02-28', 'monthly')).toBe(31);
    expect(repaymentDay('2025-01-20', '2025-03-01', 'monthly')).toBe(1);
    expect(loanDueDates('2025-01-31', '2025-02-28', 3, 'monthly')).toEqual(['2025-02-28', '2025-03-31', '2025-04-30']);
  });
});
