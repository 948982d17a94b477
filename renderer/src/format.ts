/**
 * Display formatting by locale. Amounts arrive from the engine as exact decimal strings and are
 * formatted from the string itself (Intl formats a decimal string exactly), never via a float.
 */
import type { Lang } from './i18n';

const money = new Map<string, Intl.NumberFormat>();
const moneyFormat = (lang: Lang): Intl.NumberFormat => {
  let f = money.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(lang, { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol', minimumFractionDigits: 2, maximumFractionDigits: 2 });
    money.set(lang, f);
  }
  return f;
};

type FormatDecimal = (value: string) => string;

/** "8884.88" -> "¥8,884.88". */
export const formatMoney = (amount: string, lang: Lang): string =>
  (moneyFormat(lang).format as unknown as FormatDecimal)(amount);

/** A fraction "0.120004516800" as a percentage with `places` decimals: "12.0005%". */
export function formatPercent(fraction: string, lang: Lang, places = 4): string {
  const f = new Intl.NumberFormat(lang, { style: 'percent', minimumFractionDigits: places, maximumFractionDigits: places });
  return (f.format as unknown as FormatDecimal)(fraction);
}

/** "12" or "4.35" (a percentage typed by an officer) -> "0.12" / "0.0435", by moving the point. */
export function percentToFraction(text: string): string | null {
  const m = /^\s*(\d{1,4})(?:\.(\d{1,8}))?\s*$/.exec(text);
  if (!m) return null;
  const digits = (m[1] ?? '') + (m[2] ?? '');
  const pointAt = (m[1] ?? '').length - 2;
  const whole = pointAt > 0 ? digits.slice(0, pointAt) : '0';
  const frac = pointAt > 0 ? digits.slice(pointAt) : '0'.repeat(-pointAt) + digits;
  const trimmed = frac.replace(/0+$/, '');
  return trimmed ? `${String(Number(whole))}.${trimmed}` : String(Number(whole));
}

/** A business date "2025-06-01" in words for the header: "2025年6月1日 星期日" / "Sun, Jun 1, 2025". */
export function formatLongDate(iso: string, lang: Lang): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** An ID number in a list: area and check digits only (110105********002X); full on the customer page. */
export const maskIdNumber = (id: string | null): string => (id && id.length === 18 ? `${id.slice(0, 6)}********${id.slice(14)}` : (id ?? ''));
/** A mobile number in a list: 138****5678. */
export const maskPhone = (phone: string | null): string => (phone && phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : (phone ?? ''));

/** A moment stored as an ISO timestamp, on the desk's clock: "2025-06-01 17:00". */
export function formatDateTime(iso: string, lang: Lang): string {
  const parts = new Intl.DateTimeFormat(lang === 'zh-CN' ? 'zh-CN' : 'en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(new Date(iso));
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

/** Whole days from one ISO date (or timestamp) to another, by calendar date. */
export function daysBetween(from: string, to: string): number {
  const day = (iso: string): number => {
    const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d) / 86_400_000;
  };
  return day(to) - day(from);
}

/** The calendar date `n` days after an ISO date (before, for a negative n). */
export function addDays(iso: string, n: number): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** A fraction as text "0.3333" as the percentage an officer types, "33.33", by moving the point (never a float). */
export function fractionToPercent(fraction: string): string {
  const m = /^\s*(\d{1,18})(?:\.(\d{1,18}))?\s*$/.exec(fraction);
  if (!m) return fraction;
  const frac = (m[2] ?? '').padEnd(2, '0');
  const whole = String(Number(`${m[1] ?? '0'}${frac.slice(0, 2)}`));
  const rest = frac.slice(2).replace(/0+$/, '');
  return rest ? `${whole}.${rest}` : whole;
}

const RATIO = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/;

/** A policy share as the form shows it: an exact ratio stays a ratio ("1/3"), a decimal becomes a percentage ("0.1" -> "10"). */
export const shareToField = (share: string): string => (share.includes('/') ? share.replace(/\s+/g, '') : fractionToPercent(share));

/** What an officer typed for a share: a ratio ("1/3") as it is, a percentage ("33.33") as a fraction; null otherwise. */
export function fieldToShare(text: string): string | null {
  const ratio = RATIO.exec(text);
  if (ratio) return `${Number(ratio[1])}/${Number(ratio[2])}`;
  return percentToFraction(text);
}

/** Basis points as a percentage: 5000 -> "50", 4550 -> "45.5". */
export function basisPointsToPercent(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const rest = String(bp % 100).padStart(2, '0').replace(/0+$/, '');
  return rest ? `${whole}.${rest}` : String(whole);
}

/** A percentage typed with at most two decimals as basis points: "45" -> 4500, "45.5" -> 4550; null otherwise. */
export function percentToBasisPoints(text: string): number | null {
  const m = /^\s*(\d{1,4})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** A yuan amount as typed ("30,000" or "30 000") as the decimal text the engine takes. */
export const amountAsTyped = (text: string): string => text.trim().replace(/[,，\s]/g, '');
