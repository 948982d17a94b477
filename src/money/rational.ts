/**
 * Exact rationals over bigint, used for rates and year fractions. Denominators stay positive.
 * Values are reduced only where they would otherwise grow without bound.
 */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

export const ZERO: Rational = { n: 0n, d: 1n };
export const ONE: Rational = { n: 1n, d: 1n };

export function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

export function reduce(r: Rational): Rational {
  const g = gcd(r.n, r.d);
  return g > 1n ? { n: r.n / g, d: r.d / g } : r;
}

export const rat = (n: bigint, d: bigint = 1n): Rational => (d < 0n ? { n: -n, d: -d } : { n, d });
export const mul = (a: Rational, b: Rational): Rational => reduce({ n: a.n * b.n, d: a.d * b.d });
export const add = (a: Rational, b: Rational): Rational =>
  a.d === b.d ? { n: a.n + b.n, d: a.d } : reduce({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
export const sub = (a: Rational, b: Rational): Rational => add(a, { n: -b.n, d: b.d });
export const divInt = (a: Rational, k: bigint): Rational => reduce({ n: a.n, d: a.d * k });
export const mulInt = (a: Rational, k: bigint): Rational => reduce({ n: a.n * k, d: a.d });
export const isZero = (a: Rational): boolean => a.n === 0n;
export const compare = (a: Rational, b: Rational): number => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Parses a plain decimal string ("0.12", "-3", "12.500") exactly; returns null when it is not one. */
export function parseDecimal(text: string): Rational | null {
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const frac = m[3] ?? '';
  const n = BigInt((m[2] ?? '0') + frac) * (m[1] ? -1n : 1n);
  return reduce({ n, d: 10n ** BigInt(frac.length) });
}

const RATIO = /^(\d{1,18})\s*\/\s*(\d{1,18})$/;

/**
 * Parses a fraction written exactly: a plain decimal ("0.1") or a ratio of whole numbers ("1/3"),
 * so a share such as one third is held as 1/3 and not as a truncated 0.3333. Null when it is
 * neither, or the denominator is zero.
 */
export function parseFraction(text: string): Rational | null {
  const m = RATIO.exec(text.trim());
  if (!m) return parseDecimal(text.trim());
  const d = BigInt(m[2] as string);
  return d === 0n ? null : reduce({ n: BigInt(m[1] as string), d });
}

/** Writes a rational as a decimal string with exactly `places` decimals, rounded half-up. */
export function toDecimalString(r: Rational, places: number): string {
  const scale = 10n ** BigInt(places);
  let q = r.n * scale;
  const negative = q < 0n !== r.d < 0n && q !== 0n;
  q = q < 0n ? -q : q;
  const d = r.d < 0n ? -r.d : r.d;
  let v = q / d;
  if ((q - v * d) * 2n >= d) v += 1n;
  const digits = v.toString().padStart(places + 1, '0');
  const body = places > 0 ? `${digits.slice(0, -places)}.${digits.slice(-places)}` : digits;
  return negative && v !== 0n ? `-${body}` : body;
}
