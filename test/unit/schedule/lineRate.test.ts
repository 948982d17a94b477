/**
 * A line's daily and annualized rates (PBOC Announcement [2021] No. 3: for a line without fees,
 * the daily rate x 365, simple). Worked by hand in docs/loan-math.md ("The annualized rate" and
 * "Origination and documents"; docs/checks/origination.py).
 */
import { describe, expect, it } from 'vitest';
import { lineAnnualizedRate, lineDailyRate } from '../../../src/schedule/line';
import { toDecimalString } from '../../../src/money/rational';

const r = (n: bigint, d: bigint) => ({ n, d });

describe('a line’s rates', () => {
  it('14.40% ACT/360: 0.04% a day, 14.60% annualized', () => {
    // 0.144 / 360 = 0.0004; 0.0004 x 365 = 0.146.
    expect(lineDailyRate(r(144n, 1000n), 'ACT/360')).toEqual(r(1n, 2500n));
    expect(lineAnnualizedRate(r(144n, 1000n), 'ACT/360')).toEqual(r(73n, 500n));
  });

  it('12%: 12.1667% under ACT/360 and 30/360; the contract rate under ACT/365 and ACT/ACT', () => {
    // 0.12 x 365 / 360 = 0.121666…, to 6 places 0.121667.
    expect(toDecimalString(lineAnnualizedRate(r(12n, 100n), 'ACT/360'), 6)).toBe('0.121667');
    expect(toDecimalString(lineAnnualizedRate(r(12n, 100n), '30/360'), 6)).toBe('0.121667');
    expect(lineAnnualizedRate(r(12n, 100n), 'ACT/365')).toEqual(r(3n, 25n));
    expect(lineAnnualizedRate(r(12n, 100n), 'ACT/ACT')).toEqual(r(3n, 25n));
  });
});
