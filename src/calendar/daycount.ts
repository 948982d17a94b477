/**
 * Day-count conventions. A year fraction is an exact rational so that
 * balance x annual rate x fraction is computed exactly and rounded once.
 */
import type { Rational } from '../money/rational';
import { daysInYear, isLeapYear, parseYmd, toDay, type IsoDate } from './date';

export const DAY_COUNTS = ['30/360', 'ACT/360', 'ACT/365', 'ACT/ACT'] as const;
export type DayCount = (typeof DAY_COUNTS)[number];

/**
 * 30/360 (bond basis): a day-31 start counts as 30; a day-31 end counts as 30 when the start
 * (after that adjustment) is day 30. A whole month is always 30 days.
 */
export function days360(from: IsoDate, to: IsoDate): number {
  const a = parseYmd(from);
  const b = parseYmd(to);
  if (!a || !b) throw new RangeError('not a calendar date');
  const d1 = Math.min(a.d, 30);
  const d2 = b.d === 31 && d1 === 30 ? 30 : b.d;
  return (b.y - a.y) * 360 + (b.m - a.m) * 30 + (d2 - d1);
}

/** Days in the period under the convention (30/360 days or actual days). */
export function accrualDays(dayCount: DayCount, from: IsoDate, to: IsoDate): number {
  return dayCount === '30/360' ? days360(from, to) : toDay(to) - toDay(from);
}

/**
 * The exact fraction of a year from `from` to `to`. ACT/ACT (ISDA) splits the days by calendar year:
 * days falling in a leap year count 1/366, others 1/365.
 */
export function yearFraction(dayCount: DayCount, from: IsoDate, to: IsoDate): Rational {
  switch (dayCount) {
    case '30/360':
      return { n: BigInt(days360(from, to)), d: 360n };
    case 'ACT/360':
      return { n: BigInt(toDay(to) - toDay(from)), d: 360n };
    case 'ACT/365':
      return { n: BigInt(toDay(to) - toDay(from)), d: 365n };
    case 'ACT/ACT': {
      const start = toDay(from);
      const end = toDay(to);
      if (end <= start) return { n: BigInt(end - start), d: 365n };
      let leapDays = 0;
      let commonDays = 0;
      const y0 = Number(from.slice(0, 4));
      const y1 = Number(to.slice(0, 4));
      for (let y = y0; y <= y1; y++) {
        const ys = Math.max(start, toDay(`${y}-01-01`));
        const ye = Math.min(end, toDay(`${y + 1}-01-01`));
        if (ye > ys) {
          if (isLeapYear(y)) leapDays += ye - ys;
          else commonDays += ye - ys;
        }
      }
      return { n: BigInt(commonDays * 366 + leapDays * 365), d: 365n * 366n };
    }
  }
}

export { daysInYear };
