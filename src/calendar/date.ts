/**
 * Calendar dates as 'YYYY-MM-DD' text, never timestamps. Internally a date is a day number
 * (days since 1970-01-01) so that arithmetic is integer and time-zone free.
 */
export type IsoDate = string;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

export const daysInYear = (y: number): number => (isLeapYear(y) ? 366 : 365);

/** Day number of a civil date (proleptic Gregorian). */
export function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

export function fromDayNumber(z: number): Ymd {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
export const formatYmd = ({ y, m, d }: Ymd): IsoDate => `${y}-${pad2(m)}-${pad2(d)}`;

/** Parses 'YYYY-MM-DD' strictly (a real calendar date in 1900..2299); null otherwise. */
export function parseYmd(text: string): Ymd | null {
  const match = ISO.exec(text);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (y < 1900 || y > 2299 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return { y, m, d };
}

export const isIsoDate = (text: string): boolean => parseYmd(text) !== null;

function mustParse(text: IsoDate): Ymd {
  const ymd = parseYmd(text);
  if (!ymd) throw new RangeError(`not a calendar date: ${text}`);
  return ymd;
}

export const toDay = (date: IsoDate): number => {
  const { y, m, d } = mustParse(date);
  return dayNumber(y, m, d);
};
export const fromDay = (day: number): IsoDate => formatYmd(fromDayNumber(day));

/** Actual days from `from` to `to`, counting the first day and not the last (算头不算尾). */
export const daysBetween = (from: IsoDate, to: IsoDate): number => toDay(to) - toDay(from);

export const addDays = (date: IsoDate, days: number): IsoDate => fromDay(toDay(date) + days);

/**
 * Adds whole months keeping the day of month, clamped to the month's last day. Always add from the
 * anchor date (not from the previous result): Jan 31 + 1 = Feb 28, Jan 31 + 2 = Mar 31.
 */
export function addMonthsYmd({ y, m, d }: Ymd, months: number, anchorDay: number = d): Ymd {
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  return { y: ny, m: nm, d: Math.min(anchorDay, daysInMonth(ny, nm)) };
}

export const addMonths = (date: IsoDate, months: number): IsoDate => formatYmd(addMonthsYmd(mustParse(date), months));

export const compareDates = (a: IsoDate, b: IsoDate): number => (a < b ? -1 : a > b ? 1 : 0);

/** The calendar day of an instant on this machine's clock, as 'YYYY-MM-DD' (for defaults only). */
export const isoDay = (d: Date): IsoDate => formatYmd({ y: d.getFullYear(), m: d.getMonth() + 1, d: d.getDate() });
