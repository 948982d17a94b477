/**
 * Amounts are bigint counts of minor units (fen for CNY at 2 decimals, whole yuan at 0).
 * Text in and out is a plain decimal string; no binary floating point ever holds an amount.
 */
import { divRound, type RoundingMode } from './rounding';

export type Minor = bigint;

/** Decimals a currency may have on its amounts. */
export type Decimals = 0 | 2;

/** The largest amount the engine takes: 10^15 minor units (ten trillion yuan at 2 decimals). */
export const MAX_MINOR = 10n ** 15n;

const AMOUNT = /^(-)?(\d{1,18})(?:\.(\d{1,18}))?$/;

/**
 * Parses "100000", "100000.5", "100000.50" into minor units. Returns null when the text is not an
 * amount or carries more non-zero decimals than the currency allows (never rounds silently).
 */
export function parseMinor(text: string, decimals: number): Minor | null {
  const m = AMOUNT.exec(text);
  if (!m) return null;
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length > decimals) return null;
  const minor = BigInt((m[2] ?? '0') + frac.padEnd(decimals, '0'));
  return m[1] ? -minor : minor;
}

/** Writes minor units as a decimal string with the currency's decimals: 888488n, 2 -> "8884.88". */
export function formatMinor(minor: Minor, decimals: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString();
  if (decimals === 0) return negative ? `-${digits}` : digits;
  const padded = digits.padStart(decimals + 1, '0');
  const text = `${padded.slice(0, -decimals)}.${padded.slice(-decimals)}`;
  return negative ? `-${text}` : text;
}

/** Minor units in one major unit: 100 at 2 decimals, 1 at 0. */
export const minorPerMajor = (decimals: number): bigint => 10n ** BigInt(decimals);

/**
 * Splits `total` into parts proportional to `ratios` so that the parts always sum to the whole.
 * Each part is first rounded down; the remaining units go one each to the parts with the largest
 * remainders (ties to the earlier part), so no part is ever off by more than one unit.
 */
export function allocate(total: Minor, ratios: readonly bigint[]): Minor[] {
  if (ratios.length === 0) throw new RangeError('allocate needs at least one ratio');
  if (ratios.some((r) => r < 0n)) throw new RangeError('allocate ratios must not be negative');
  const sum = ratios.reduce((a, b) => a + b, 0n);
  if (sum === 0n) throw new RangeError('allocate ratios must not all be zero');
  const negative = total < 0n;
  const whole = negative ? -total : total;
  const parts = ratios.map((r) => (whole * r) / sum);
  const remainders = ratios.map((r, i) => ({ i, rest: whole * r - (parts[i] as bigint) * sum }));
  let left = whole - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i] = (parts[i] as bigint) + 1n;
    left -= 1n;
  }
  return negative ? parts.map((p) => -p) : parts;
}

/** Multiplies an amount by an exact rational and rounds once, with the named mode. */
export function scale(amount: Minor, num: bigint, den: bigint, mode: RoundingMode): Minor {
  return divRound(amount * num, den, mode);
}

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const IN_GROUP = ['', '拾', '佰', '仟'];
const GROUPS = ['', '万', '亿', '万亿'];

/**
 * An amount in Chinese capital numerals (大写金额) as banks write it on contracts and cheques, following
 * the People's Bank rules for filling in instruments: 壹 before 拾, one 零 for a run of zeros inside
 * the number, 整 after 元 when there are no 角 or 分, 零 between 元 and 角 when the 元 digit is zero,
 * and 零 before 分 when 角 is zero. A zero run that ends a 万 or 亿 group is not written
 * (107000.53 -> 壹拾万柒仟元零伍角叁分), one of the two forms the rules allow.
 * Amounts carry 2 decimals (角 and 分); pass whole-yuan amounts multiplied by 100.
 */
export function toChineseCapital(fen: Minor): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const yuan = abs / 100n;
  const jiao = Number((abs / 10n) % 10n);
  const fenDigit = Number(abs % 10n);
  let text = '';
  if (yuan > 0n) {
    const digits = yuan.toString();
    if (digits.length > 16) throw new RangeError('amount too large for capital numerals');
    let zeroPending = false;
    let emitted = false;
    for (let i = 0; i < digits.length; i++) {
      const pos = digits.length - 1 - i;
      const digit = Number(digits[i]);
      const inGroup = pos % 4;
      if (digit === 0) {
        if (emitted) zeroPending = true;
      } else {
        if (zeroPending) text += '零';
        zeroPending = false;
        text += (DIGITS[digit] as string) + (IN_GROUP[inGroup] as string);
        emitted = true;
      }
      if (inGroup === 0 && pos > 0) {
        // Close a 万 or 亿 group; write its unit only when the group had a digit.
        const group = digits.slice(Math.max(0, i - 3), i + 1);
        if (/[1-9]/.test(group)) {
          text += GROUPS[pos / 4] as string;
          zeroPending = false;
        }
      }
    }
    text += '元';
  }
  if (jiao === 0 && fenDigit === 0) {
    text = yuan > 0n ? `${text}整` : '零元整';
  } else {
    if (jiao > 0) {
      if (yuan > 0n && yuan % 10n === 0n) text += '零';
      text += `${DIGITS[jiao] as string}角`;
    }
    if (fenDigit > 0) {
      if (jiao === 0 && yuan > 0n) text += '零';
      text += `${DIGITS[fenDigit] as string}分`;
    }
  }
  return negative ? `负${text}` : text;
}

/** "1234567.50" → "1,234,567.50": thousands separators on an exact decimal string. */
export function groupThousands(decimal: string): string {
  const negative = decimal.startsWith('-');
  const [whole, fraction] = (negative ? decimal.slice(1) : decimal).split('.');
  return `${negative ? '-' : ''}${(whole || '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction === undefined ? '' : `.${fraction}`}`;
}
