/**
 * Repayment frequencies and the due dates they produce. Monthly and quarterly dates keep the day of
 * the anchor date and clamp to month end (always counted from the anchor, so 31st stays 31st).
 * Semi-monthly dates come in pairs 15 days apart within each month: an anchor on day a <= 15 pays on
 * a and a+15 (clamped); an anchor on day a > 15 pays on a-15 and a.
 */
import { addMonthsYmd, daysInMonth, formatYmd, fromDay, parseYmd, toDay, type IsoDate } from './date';

export const FREQUENCIES = ['weekly', 'biweekly', 'semi-monthly', 'monthly', 'quarterly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const PERIODS_PER_YEAR: Record<Frequency, number> = {
  weekly: 52,
  biweekly: 26,
  'semi-monthly': 24,
  monthly: 12,
  quarterly: 4,
};

/** The date `k` periods after `anchor` (k >= 0). */
export function periodDate(anchor: IsoDate, k: number, frequency: Frequency): IsoDate {
  switch (frequency) {
    case 'weekly':
      return fromDay(toDay(anchor) + 7 * k);
    case 'biweekly':
      return fromDay(toDay(anchor) + 14 * k);
    case 'monthly':
    case 'quarterly': {
      const ymd = parseYmd(anchor);
      if (!ymd) throw new RangeError(`not a calendar date: ${anchor}`);
      return formatYmd(addMonthsYmd(ymd, frequency === 'monthly' ? k : 3 * k));
    }
    case 'semi-monthly': {
      const ymd = parseYmd(anchor);
      if (!ymd) throw new RangeError(`not a calendar date: ${anchor}`);
      const firstHalf = ymd.d <= 15;
      const low = firstHalf ? ymd.d : ymd.d - 15;
      const high = firstHalf ? ymd.d + 15 : ymd.d;
      // Index of the half-month slot counted from the anchor's slot.
      const slot = (firstHalf ? 0 : 1) + k;
      const month = addMonthsYmd({ y: ymd.y, m: ymd.m, d: 1 }, Math.floor(slot / 2));
      const day = slot % 2 === 0 ? low : Math.min(high, daysInMonth(month.y, month.m));
      return formatYmd({ y: month.y, m: month.m, d: day });
    }
  }
}

/** Due dates of installments 1..n, the first on `firstDue` and every later one counted from it. */
export function dueDates(firstDue: IsoDate, n: number, frequency: Frequency): IsoDate[] {
  const dates = new Array<IsoDate>(n);
  if (frequency === 'monthly' || frequency === 'quarterly') {
    // Parse the anchor once: a long schedule is mostly this loop.
    const anchor = parseYmd(firstDue);
    if (!anchor) throw new RangeError(`not a calendar date: ${firstDue}`);
    const step = frequency === 'monthly' ? 1 : 3;
    for (let k = 0; k < n; k++) dates[k] = formatYmd(addMonthsYmd(anchor, k * step));
    return dates;
  }
  for (let k = 0; k < n; k++) dates[k] = periodDate(firstDue, k, frequency);
  return dates;
}

/**
 * The date a loan's due dates count from: its disbursement date when the first due date is one
 * regular period after it, else the first due date chosen (an odd first period). Counting from
 * the disbursement keeps its day even where the first due date had to fall back to a month's end:
 * paid out on 2025-01-31, first due 2025-02-28, the later dates are 03-31, 04-30, … (not the 28th).
 */
export function dueAnchor(disbursement: IsoDate, firstDue: IsoDate, frequency: Frequency): { anchor: IsoDate; offset: 0 | 1 } {
  return periodDate(disbursement, 1, frequency) === firstDue ? { anchor: disbursement, offset: 1 } : { anchor: firstDue, offset: 0 };
}

/** The day of the month a loan's installments fall due on (a shorter month: its last day). */
export const repaymentDay = (disbursement: IsoDate, firstDue: IsoDate, frequency: Frequency): number =>
  Number(dueAnchor(disbursement, firstDue, frequency).anchor.slice(8, 10));

/** A loan's due dates, installments 1..n: the first on `firstDue`, all counted from `dueAnchor`. */
export function loanDueDates(disbursement: IsoDate, firstDue: IsoDate, n: number, frequency: Frequency): IsoDate[] {
  const { anchor, offset } = dueAnchor(disbursement, firstDue, frequency);
  if (offset === 0) return dueDates(firstDue, n, frequency);
  const dates = new Array<IsoDate>(n);
  if (frequency === 'monthly' || frequency === 'quarterly') {
    const start = parseYmd(anchor);
    if (!start) throw new RangeError(`not a calendar date: ${anchor}`);
    const step = frequency === 'monthly' ? 1 : 3;
    for (let k = 0; k < n; k++) dates[k] = formatYmd(addMonthsYmd(start, (k + 1) * step));
    return dates;
  }
  for (let k = 0; k < n; k++) dates[k] = periodDate(anchor, k + 1, frequency);
  return dates;
}
