/**
 * Rounding of exact quotients. Every rounding in the engine goes through here and names its mode.
 *  - half-up   四舍五入: ties away from zero (the Chinese default)
 *  - half-even banker's rounding: ties to the even neighbour
 *  - up        away from zero (a payment rounded up to whole yuan)
 *  - down      toward zero (truncation)
 */
export const ROUNDING_MODES = ['half-up', 'half-even', 'up', 'down'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

/** round(n / d) with the given mode, exactly, for any signs. */
export function divRound(n: bigint, d: bigint, mode: RoundingMode): bigint {
  if (d === 0n) throw new RangeError('division by zero');
  // Fast paths for the common case (non-negative over positive): one division each.
  if (n >= 0n && d > 0n) {
    if (mode === 'half-up') return (n + n + d) / (d + d);
    if (mode === 'down') return n / d;
    if (mode === 'up') return (n + d - 1n) / d;
  }
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const negative = n < 0n;
  const a = negative ? -n : n;
  let q = a / d;
  const r = a - q * d;
  if (r !== 0n) {
    switch (mode) {
      case 'down':
        break;
      case 'up':
        q += 1n;
        break;
      case 'half-up':
        if (r + r >= d) q += 1n;
        break;
      case 'half-even': {
        const twice = r + r;
        if (twice > d || (twice === d && (q & 1n) === 1n)) q += 1n;
        break;
      }
    }
  }
  return negative ? -q : q;
}

/** round(n / d) to a whole multiple of `multiple` (in the same units as the quotient). */
export function divRoundToMultiple(n: bigint, d: bigint, multiple: bigint, mode: RoundingMode): bigint {
  if (multiple === 1n) return divRound(n, d, mode);
  return divRound(n, d * multiple, mode) * multiple;
}
