/**
 * The rule table on hand-worked cases. Sources (docs/risk-and-collections.md): the 2023 risk
 * classification rule (any amount overdue: special mention; more than 90 days: substandard; more than
 * 270: doubtful; more than 360: loss; more than 10% of a borrower non-performing pulls all their
 * claims down), the buckets current / 1–30 / 31–60 / 61–90 / 91–180 / 181–360 / > 360, and the PBOC
 * 2002 provision rates.
 */
import { describe, expect, it } from 'vitest';
import {
  BUCKETS, DEFAULT_PRIORITY, borrowerNonPerforming, bucketOf, bucketRange, categoryByDpd, improved, isNonPerforming, lifted, promiseKept,
  provisionOf, queuePriority, worsened, type Category,
} from '../../../src/rules/lending';

describe('five categories', () => {
  it('puts each day past due on the side of its line the rule says', () => {
    // "More than 90 days" starts at day 91; "more than 270" at 271; "more than 360" at 361.
    const cases: [number, Category][] = [
      [0, 'normal'], [1, 'special'], [90, 'special'], [91, 'substandard'], [270, 'substandard'],
      [271, 'doubtful'], [360, 'doubtful'], [361, 'loss'], [5000, 'loss'],
    ];
    for (const [dpd, category] of cases) expect(categoryByDpd(dpd), `${dpd} days`).toBe(category);
  });

  it('counts substandard and worse as non-performing', () => {
    expect(['normal', 'special', 'substandard', 'doubtful', 'loss'].map((c) => isNonPerforming(c as Category))).toEqual([false, false, true, true, true]);
  });

  it('worsens on days, never improves for them', () => {
    expect(worsened('normal', 91)).toBe('substandard');
    expect(worsened('doubtful', 91)).toBe('doubtful'); // a loan already worse stays so
    expect(worsened('special', 0)).toBe('special');
  });

  it('pulls a borrower down only when strictly more than a tenth of their balance is non-performing', () => {
    // 100,000.00 of 1,000,000.00 is exactly a tenth: not more than a tenth.
    const tenth = [{ category: 'substandard' as Category, outstanding: 10_000_000n }, { category: 'normal' as Category, outstanding: 90_000_000n }];
    expect(borrowerNonPerforming(tenth)).toBe(false);
    // One fen more on the bad side (100,000.01 of 1,000,000.01) is more than a tenth.
    expect(borrowerNonPerforming([{ category: 'loss', outstanding: 10_000_001n }, { category: 'special', outstanding: 90_000_000n }])).toBe(true);
    // The worked close of the docs: 100,000 of borrower X's 150,000 non-performing.
    expect(borrowerNonPerforming([{ category: 'substandard', outstanding: 10_000_000n }, { category: 'normal', outstanding: 5_000_000n }])).toBe(true);
    expect(lifted('normal')).toBe('substandard');
    expect(lifted('special')).toBe('substandard');
    expect(lifted('doubtful')).toBe('doubtful');
  });

  it('moves a paid-up loan back to what its days say, but not past the floor while its borrower is non-performing', () => {
    expect(improved('special', 0, false)).toBe('normal');
    expect(improved('doubtful', 95, false)).toBe('substandard');
    expect(improved('doubtful', 10, true)).toBe('substandard');
    expect(improved('substandard', 0, true)).toBe('substandard');
    expect(improved('special', 10, false)).toBe('special'); // still late: special mention stays
  });
});

describe('buckets', () => {
  it('puts each edge day in the bucket its name says', () => {
    const cases: [number, string][] = [
      [0, 'current'], [1, '1-30'], [30, '1-30'], [31, '31-60'], [60, '31-60'], [61, '61-90'], [90, '61-90'],
      [91, '91-180'], [180, '91-180'], [181, '181-360'], [360, '181-360'], [361, '>360'], [4000, '>360'],
    ];
    for (const [dpd, bucket] of cases) expect(bucketOf(dpd), `${dpd} days`).toBe(bucket);
  });

  it('lists the buckets in order, each range meeting the next', () => {
    expect(BUCKETS).toEqual(['current', '1-30', '31-60', '61-90', '91-180', '181-360', '>360']);
    for (let i = 1; i < BUCKETS.length; i++) {
      const before = bucketRange(BUCKETS[i - 1] as (typeof BUCKETS)[number]);
      expect(bucketRange(BUCKETS[i] as (typeof BUCKETS)[number]).from).toBe((before.to as number) + 1);
    }
    expect(bucketRange('>360').to).toBeNull();
  });
});

describe('promises and the queue', () => {
  it('keeps a promise paid in full to the fen, breaks it a fen short', () => {
    expect(promiseKept(300_000n, 300_000n)).toBe(true);
    expect(promiseKept(299_999n, 300_000n)).toBe(false);
    expect(promiseKept(400_000n, 300_000n)).toBe(true);
  });

  it('scores a case by the default weights', () => {
    // 60 days (60) + 50,000.00 (50 thousands) + one broken promise (30) + never contacted (the cap, 30) = 170.
    expect(queuePriority({ dpd: 60, outstanding: 5_000_000n, brokenPromises: 1, daysSinceContact: null }, DEFAULT_PRIORITY)).toBe(170);
    // 5 days + 100,000.00 (100) + two broken (60) + 10 days since contact = 175.
    expect(queuePriority({ dpd: 5, outstanding: 10_000_000n, brokenPromises: 2, daysSinceContact: 10 }, DEFAULT_PRIORITY)).toBe(175);
    // 999.99 is not yet a thousand; 45 days since contact counts the cap of 30.
    expect(queuePriority({ dpd: 0, outstanding: 99_999n, brokenPromises: 0, daysSinceContact: 45 }, DEFAULT_PRIORITY)).toBe(30);
    expect(queuePriority({ dpd: 2, outstanding: 0n, brokenPromises: 0, daysSinceContact: 0 }, { ...DEFAULT_PRIORITY, perDayPastDue: 5 })).toBe(10);
  });
});

describe('provisions', () => {
  it('rounds half-up to the fen', () => {
    // The docs' worked close: 2% of 10,000.00 = 200.00; 25% of 170,000.00 = 42,500.00.
    expect(provisionOf(1_000_000n, { n: 2n, d: 100n })).toBe(20_000n);
    expect(provisionOf(17_000_000n, { n: 25n, d: 100n })).toBe(4_250_000n);
    // 2% of 0.25 is half a fen: up to 0.01; 2% of 0.24 is 0.48 fen: down to 0.00.
    expect(provisionOf(25n, { n: 2n, d: 100n })).toBe(1n);
    expect(provisionOf(24n, { n: 2n, d: 100n })).toBe(0n);
  });
});
