/** High-precision decimals for rates solved by iteration (IRR, APR, XIRR) and spreadsheet functions. */
import Decimal from 'decimal.js';

export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Dec = InstanceType<typeof D>;

/** A rate as a fixed decimal string, enough places for "at least 8 decimals" of a fraction. */
export const rateString = (r: Dec, places = 12): string => r.toFixed(places);
