/**
 * Money that knows its scale, in the shape dinero.js gives it: `{ minor, scale, currency }`. An
 * amount of CNY is a count of minor units at the product's scale: fen at scale 2, whole yuan at
 * scale 0. Arithmetic between two amounts refuses mixed scales or currencies rather than guess
 * which one was meant; multiplying or dividing by an exact rational rounds once, with the mode the
 * caller names; `allocateMoney` spreads the remainder so the parts always sum to the whole.
 */
import { allocate, formatMinor, MAX_MINOR, parseMinor, toChineseCapital, type Minor } from './amount';
import type { Rational } from './rational';
import { divRound, type RoundingMode } from './rounding';

export const CURRENCIES = ['CNY'] as const;
export type Currency = (typeof CURRENCIES)[number];

/** Decimal places an amount is kept at: fen (2) or whole yuan (0). */
export const SCALES = [0, 2] as const;
export type Scale = (typeof SCALES)[number];

export interface Money {
  readonly minor: Minor;
  readonly scale: Scale;
  readonly currency: Currency;
}

/** Two amounts that cannot meet: another scale or another currency. A programming error, never an officer's. */
export class MoneyMismatch extends Error {
  constructor(a: Money, b: Money) {
    super(`amounts of ${a.currency} at scale ${a.scale} and ${b.currency} at scale ${b.scale} cannot be combined`);
    this.name = 'MoneyMismatch';
  }
}

export const isScale = (n: number): n is Scale => n === 0 || n === 2;

export function money(minor: Minor, scale: Scale = 2, currency: Currency = 'CNY'): Money {
  if (!isScale(scale)) throw new RangeError(`scale ${String(scale)} is not one of ${SCALES.join(', ')}`);
  return { minor, scale, currency };
}

export const zeroMoney = (scale: Scale = 2, currency: Currency = 'CNY'): Money => money(0n, scale, currency);

function same(a: Money, b: Money): void {
  if (a.scale !== b.scale || a.currency !== b.currency) throw new MoneyMismatch(a, b);
}

export function addMoney(a: Money, b: Money): Money {
  same(a, b);
  return { ...a, minor: a.minor + b.minor };
}

export function subtractMoney(a: Money, b: Money): Money {
  same(a, b);
  return { ...a, minor: a.minor - b.minor };
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  same(a, b);
  return a.minor < b.minor ? -1 : a.minor > b.minor ? 1 : 0;
}

export const equalMoney = (a: Money, b: Money): boolean => compareMoney(a, b) === 0;
export const isZeroMoney = (a: Money): boolean => a.minor === 0n;
export const isNegativeMoney = (a: Money): boolean => a.minor < 0n;
export const negateMoney = (a: Money): Money => ({ ...a, minor: -a.minor });
export const minMoney = (a: Money, b: Money): Money => (compareMoney(a, b) <= 0 ? a : b);
export const maxMoney = (a: Money, b: Money): Money => (compareMoney(a, b) >= 0 ? a : b);

/** The sum of amounts of one scale and currency (zero of `like` when there are none). */
export function sumMoney(amounts: readonly Money[], like: Money): Money {
  let total = { ...like, minor: 0n };
  for (const a of amounts) total = addMoney(total, a);
  return total;
}

/** `a` × `by`, rounded once to the amount's own scale with the named mode. */
export function multiplyMoney(a: Money, by: Rational, mode: RoundingMode): Money {
  return { ...a, minor: divRound(a.minor * by.n, by.d, mode) };
}

/** `a` ÷ `by`, rounded once to the amount's own scale with the named mode. */
export function divideMoney(a: Money, by: Rational, mode: RoundingMode): Money {
  if (by.n === 0n) throw new RangeError('division of an amount by zero');
  return { ...a, minor: divRound(a.minor * by.d, by.n, mode) };
}

/** Splits `a` in proportion to `ratios`; the parts always sum to `a` (largest remainder, see allocate). */
export function allocateMoney(a: Money, ratios: readonly bigint[]): Money[] {
  return allocate(a.minor, ratios).map((minor) => ({ ...a, minor }));
}

/** The same value at another scale: exact going up (yuan to fen); going down rounds with the named mode. */
export function rescaleMoney(a: Money, scale: Scale, mode: RoundingMode): Money {
  if (scale === a.scale) return a;
  const factor = 10n ** BigInt(Math.abs(scale - a.scale));
  return { ...a, scale, minor: scale > a.scale ? a.minor * factor : divRound(a.minor, factor, mode) };
}

/** Reads "8884.88" at the amount's scale; null when it is not an amount or has more decimals than the scale allows. */
export function parseMoney(text: string, scale: Scale = 2, currency: Currency = 'CNY'): Money | null {
  const minor = parseMinor(text, scale);
  return minor === null ? null : { minor, scale, currency };
}

/** The largest amount the engine takes, at a scale (10^15 minor units). */
export const maxMoneyAt = (scale: Scale, currency: Currency = 'CNY'): Money => ({ minor: MAX_MINOR, scale, currency });

/** The amount as a plain decimal string with its scale's decimals: "8884.88", or "8885" at scale 0. */
export const formatMoney = (a: Money): string => formatMinor(a.minor, a.scale);

/** The amount in Chinese capital numerals (大写金额), whatever its scale: 8885 yuan is 捌仟捌佰捌拾伍元整. */
export const moneyInCapitals = (a: Money): string => toChineseCapital(rescaleMoney(a, 2, 'down').minor);

/**
 * The book keeps every amount in fen (scale 2), whatever its product's scale, so sums over the book
 * are sums of like amounts. A whole-yuan loan's amounts are whole yuan at scale 0 in the engine and
 * multiples of 100 fen in the book; these two move an amount across that boundary, exactly.
 */
export const BOOK_SCALE: Scale = 2;

/** An amount at `scale` as book minor units (fen). */
export const toBook = (minor: Minor, scale: Scale): Minor => minor * 10n ** BigInt(BOOK_SCALE - scale);

/** Book minor units (fen) as an amount at `scale`; refuses a book amount that is not whole at that scale. */
export function fromBook(minor: Minor, scale: Scale): Minor {
  if (scale === BOOK_SCALE) return minor;
  const factor = 10n ** BigInt(BOOK_SCALE - scale);
  if (minor % factor !== 0n) throw new RangeError(`${minor} fen is not a whole amount at scale ${scale}`);
  return minor / factor;
}
