/**
 * Revolving lines (随借随还): draw and repay on any day. Interest accrues daily on the principal
 * outstanding, balance x annual x days / basis, kept as an exact rational and rounded once when it is
 * settled (a repayment or the payoff). A repayment settles accrued interest first (interest-first)
 * or principal first (principal-first), as the product says; early repayment carries no fee.
 */
import { yearFraction, type DayCount } from '../calendar/daycount';
import type { IsoDate } from '../calendar/date';
import { formatMinor, type Decimals, type Minor } from '../money/amount';
import { add, mul, reduce, sub, ZERO, type Rational } from '../money/rational';
import { divRound, type RoundingMode } from '../money/rounding';
import { rule } from '../errors';

export const ALLOCATIONS = ['interest-first', 'principal-first'] as const;
export type Allocation = (typeof ALLOCATIONS)[number];

export interface LineEvent {
  date: IsoDate;
  type: 'draw' | 'repay';
  amount: Minor;
}

export interface Line {
  annualRate: Rational;
  dayCount: DayCount;
  allocation: Allocation;
  events: LineEvent[];
  payoffDate: IsoDate;
  /** The line's expiry, when interest at the contract rate stops (penalty interest, outside the engine, takes over). */
  accrueUntil?: IsoDate | undefined;
  creditLimit?: Minor | undefined;
  decimals: Decimals;
  rounding: RoundingMode;
}

export interface LineEventResult extends LineEvent {
  /** Interest accrued since the previous event. */
  interestAccrued: Minor;
  interestPaid: Minor;
  principalPaid: Minor;
  /** Principal outstanding after the event. */
  balance: Minor;
  /** Interest accrued and not yet paid after the event (rounded for display; kept exact inside). */
  interestOwed: Minor;
}

export interface LineResult {
  payoff: { date: IsoDate; principal: Minor; interest: Minor; total: Minor };
  interestPaid: Minor;
  totalInterest: Minor;
  events: LineEventResult[];
}

/**
 * A line's daily rate (日利率): the annual rate over the day count's year, 360 days for ACT/360 and
 * 30/360, 365 for ACT/365 and ACT/ACT (whose leap years are counted day by day, not here).
 */
export const lineDailyRate = (annual: Rational, dayCount: DayCount): Rational =>
  reduce({ n: annual.n, d: annual.d * (dayCount === 'ACT/360' || dayCount === '30/360' ? 360n : 365n) });

/**
 * The annualized rate a line discloses (PBOC Announcement [2021] No. 3): daily rate x 365, simple
 * (单利). A line charges no fee and its interest is simple daily interest on what is drawn, so a
 * draw of P held d days and repaid with P x daily x d has the periodic IRR daily x d over d days,
 * which annualizes (x 365 / d) to daily x 365 for every P and d. Under ACT/360 it is above the
 * contract rate: 14.40% a year is 0.04% a day, 14.60% annualized (docs/loan-math.md).
 */
export const lineAnnualizedRate = (annual: Rational, dayCount: DayCount): Rational => {
  const daily = lineDailyRate(annual, dayCount);
  return reduce({ n: daily.n * 365n, d: daily.d });
};

export function runLine(line: Line): LineResult {
  const { rounding: mode, decimals } = line;
  const fmt = (v: Minor): string => formatMinor(v, decimals);
  const round = (r: Rational): Minor => divRound(r.n, r.d, mode);
  // Stable by date: same-day events keep the order they were given in.
  const events = line.events.map((e, i) => ({ e, i })).sort((a, b) => (a.e.date < b.e.date ? -1 : a.e.date > b.e.date ? 1 : a.i - b.i)).map((x) => x.e);
  const firstEvent = events[0];
  if (firstEvent && firstEvent.type !== 'draw') throw rule('rule.lineFirstEvent', { date: firstEvent.date, type: firstEvent.type });

  let balance = 0n;
  let owed: Rational = ZERO;
  let last: IsoDate | null = null;
  let interestPaidTotal = 0n;
  const results: LineEventResult[] = [];

  const accrue = (to: IsoDate): Rational => {
    const end = line.accrueUntil !== undefined && to > line.accrueUntil ? line.accrueUntil : to;
    if (last === null || balance === 0n || end <= last) return ZERO;
    const yf = mul(line.annualRate, yearFraction(line.dayCount, last, end));
    return { n: balance * yf.n, d: yf.d };
  };

  for (const event of events) {
    const accrued = accrue(event.date);
    owed = add(owed, accrued);
    last = event.date;
    let interestPaid = 0n;
    let principalPaid = 0n;
    if (event.type === 'draw') {
      balance += event.amount;
      if (line.creditLimit !== undefined && balance > line.creditLimit) {
        throw rule('rule.lineLimit', { date: event.date, balance: fmt(balance), limit: fmt(line.creditLimit) });
      }
    } else {
      const interestDue = round(owed);
      if (event.amount > balance + interestDue) {
        throw rule('rule.lineRepayExceeds', { amount: fmt(event.amount), date: event.date, owed: fmt(balance + interestDue) });
      }
      if (line.allocation === 'interest-first') {
        interestPaid = event.amount < interestDue ? event.amount : interestDue;
        principalPaid = event.amount - interestPaid;
      } else {
        principalPaid = event.amount < balance ? event.amount : balance;
        interestPaid = event.amount - principalPaid;
      }
      // Settling the whole rounded interest clears the exact remainder; a part payment leaves the rest owed.
      owed = interestPaid === interestDue ? ZERO : sub(owed, { n: interestPaid, d: 1n });
      balance -= principalPaid;
      interestPaidTotal += interestPaid;
    }
    results.push({
      ...event,
      interestAccrued: round(accrued),
      interestPaid,
      principalPaid,
      balance,
      interestOwed: round(owed),
    });
  }
  if (last !== null && line.payoffDate < last) throw rule('rule.linePayoffDate', { date: line.payoffDate, last });
  owed = add(owed, accrue(line.payoffDate));
  const interest = round(owed);
  return {
    payoff: { date: line.payoffDate, principal: balance, interest, total: balance + interest },
    interestPaid: interestPaidTotal,
    totalInterest: interestPaidTotal + interest,
    events: results,
  };
}
