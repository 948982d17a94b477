/**
 * Unit periods and odd days between two dates, as US Regulation Z Appendix J (b)(5) counts them.
 *  - month: full months measured back from the later date; the odd days left over / 30.
 *  - semi-month and multiples of a month: 30 x full months + remaining days, divided by 15, 60, 90,
 *    180 (the unit's days).
 *  - week and multiples of a week: actual days / 7, 14 or 28.
 *  - year: full years (12 months) measured back; the rest as months / 12 when it is a whole number of
 *    months, otherwise days / 365.
 */
import { addMonthsYmd, dayNumber, parseYmd, type IsoDate, type Ymd } from '../calendar/date';

export const UNIT_PERIODS = [
  'monthly',
  'semi-monthly',
  'weekly',
  'biweekly',
  'four-weekly',
  'bimonthly',
  'quarterly',
  'semiannual',
  'yearly',
  'single',
] as const;
export type UnitPeriod = (typeof UNIT_PERIODS)[number];

export const UNITS_PER_YEAR: Record<Exclude<UnitPeriod, 'single'>, number> = {
  monthly: 12,
  'semi-monthly': 24,
  weekly: 52,
  biweekly: 26,
  'four-weekly': 13,
  bimonthly: 6,
  quarterly: 4,
  semiannual: 2,
  yearly: 1,
};

/** A time in unit periods: t whole units and a fraction f = num / den of a unit. */
export interface UnitTime {
  t: number;
  fNum: number;
  fDen: number;
}

const ymd = (date: IsoDate): Ymd => {
  const v = parseYmd(date);
  if (!v) throw new RangeError(`not a calendar date: ${date}`);
  return v;
};
const day = (v: Ymd): number => dayNumber(v.y, v.m, v.d);

/** Whole months measured back from `later` that stay on or after `earlier`, and the days left. */
export function monthsBack(earlier: IsoDate, later: IsoDate): { months: number; days: number } {
  const a = ymd(earlier);
  const b = ymd(later);
  const start = day(a);
  let months = (b.y - a.y) * 12 + (b.m - a.m);
  while (months > 0 && day(addMonthsYmd(b, -months)) < start) months--;
  if (months < 0) months = 0;
  return { months, days: day(addMonthsYmd(b, -months)) - start };
}

export function unitTime(earlier: IsoDate, later: IsoDate, unit: Exclude<UnitPeriod, 'single'>): UnitTime {
  const actual = day(ymd(later)) - day(ymd(earlier));
  switch (unit) {
    case 'weekly':
    case 'biweekly':
    case 'four-weekly': {
      const size = unit === 'weekly' ? 7 : unit === 'biweekly' ? 14 : 28;
      return { t: Math.floor(actual / size), fNum: actual % size, fDen: size };
    }
    case 'monthly': {
      const { months, days } = monthsBack(earlier, later);
      return { t: months, fNum: days, fDen: 30 };
    }
    case 'semi-monthly':
    case 'bimonthly':
    case 'quarterly':
    case 'semiannual': {
      const { months, days } = monthsBack(earlier, later);
      const total = 30 * months + days;
      const size = unit === 'semi-monthly' ? 15 : unit === 'bimonthly' ? 60 : unit === 'quarterly' ? 90 : 180;
      return { t: Math.floor(total / size), fNum: total % size, fDen: size };
    }
    case 'yearly': {
      const { months, days } = monthsBack(earlier, later);
      const years = Math.floor(months / 12);
      const restMonths = months % 12;
      if (days === 0) return { t: years, fNum: restMonths, fDen: 12 };
      // Not a whole number of months: the remainder after the full years, in days / 365.
      const b = ymd(later);
      const restDays = day(addMonthsYmd(b, -12 * years)) - day(ymd(earlier));
      return { t: years, fNum: restDays, fDen: 365 };
    }
  }
}
