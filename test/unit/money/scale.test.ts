/**
 * Money with its scale: amounts of different scales never meet, rounding happens once with the
 * named mode, and an allocation always sums to the whole. Properties are seeded and print their
 * seed (fast-check reports it with any failure); the examples are worked by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addMoney,
  allocateMoney,
  compareMoney,
  divideMoney,
  formatMoney,
  money,
  MoneyMismatch,
  moneyInCapitals,
  multiplyMoney,
  parseMoney,
  rat,
  rescaleMoney,
  subtractMoney,
  sumMoney,
  type Money,
  type Scale,
} from '../../../src/money';

const SEED = Number(process.env.SUANPAN_SEED ?? 20261207);
const runs = { seed: SEED, numRuns: 500 };
console.log(`money properties: seed ${SEED}`);

const minor = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });
const scale = fc.constantFrom<Scale>(0, 2);
const amount = (s: fc.Arbitrary<Scale> = scale): fc.Arbitrary<Money> => fc.tuple(minor, s).map(([m, k]) => money(m, k));

describe('money with its scale', () => {
  it('refuses to add, subtract or compare amounts of different scales', () => {
    fc.assert(
      fc.property(minor, minor, (a, b) => {
        const fen = money(a, 2);
        const yuan = money(b, 0);
        expect(() => addMoney(fen, yuan)).toThrow(MoneyMismatch);
        expect(() => subtractMoney(yuan, fen)).toThrow(MoneyMismatch);
        expect(() => compareMoney(fen, yuan)).toThrow(MoneyMismatch);
        expect(() => sumMoney([fen, yuan], fen)).toThrow(MoneyMismatch);
      }),
      runs,
    );
  });

  it('adds and subtracts exactly within one scale', () => {
    fc.assert(
      fc.property(scale, minor, minor, (s, a, b) => {
        const sum = addMoney(money(a, s), money(b, s));
        expect(sum).toEqual(money(a + b, s));
        expect(subtractMoney(sum, money(b, s))).toEqual(money(a, s));
      }),
      runs,
    );
  });

  it('allocates so that the parts sum to the whole, each within one unit of its exact share', () => {
    fc.assert(
      fc.property(amount(), fc.array(fc.bigInt({ min: 0n, max: 1000n }), { minLength: 1, maxLength: 12 }).filter((r) => r.some((x) => x > 0n)), (whole, ratios) => {
        const parts = allocateMoney(whole, ratios);
        expect(parts).toHaveLength(ratios.length);
        expect(sumMoney(parts, whole)).toEqual(whole);
        const total = ratios.reduce((x, y) => x + y, 0n);
        for (const [i, part] of parts.entries()) {
          expect(part.scale).toBe(whole.scale);
          // |part × total − whole × ratio| < total: the part is within one minor unit of its share.
          const gap = part.minor * total - whole.minor * (ratios[i] as bigint);
          expect(gap < 0n ? -gap : gap).toBeLessThan(total);
        }
      }),
      runs,
    );
  });

  it('multiplies and divides by exact rationals, rounding once with the named mode', () => {
    // 100,000.00 × 0.12 / 12 = 1,000.00 exactly; 100.00 / 3 = 33.333… → 33.33 half-up, 33.34 up.
    expect(multiplyMoney(money(10_000_000n, 2), rat(12n, 1200n), 'half-up')).toEqual(money(100_000n, 2));
    expect(divideMoney(money(10_000n, 2), rat(3n), 'half-up')).toEqual(money(3_333n, 2));
    expect(divideMoney(money(10_000n, 2), rat(3n), 'up')).toEqual(money(3_334n, 2));
    // Whole yuan: 8,885 × 1/2 = 4,442.5 → 4,443 half-up, 4,442 half-even.
    expect(multiplyMoney(money(8_885n, 0), rat(1n, 2n), 'half-up')).toEqual(money(4_443n, 0));
    expect(multiplyMoney(money(8_885n, 0), rat(1n, 2n), 'half-even')).toEqual(money(4_442n, 0));
    expect(() => divideMoney(money(1n), rat(0n), 'half-up')).toThrow(RangeError);
  });

  it('goes up a scale exactly and down only with a named rounding', () => {
    fc.assert(
      fc.property(minor, (m) => {
        const yuan = money(m, 0);
        expect(rescaleMoney(rescaleMoney(yuan, 2, 'down'), 0, 'down')).toEqual(yuan);
      }),
      runs,
    );
    // 8,884.88 yuan to whole yuan: 8,885 half-up, 8,884 down.
    expect(rescaleMoney(money(888_488n, 2), 0, 'half-up')).toEqual(money(8_885n, 0));
    expect(rescaleMoney(money(888_488n, 2), 0, 'down')).toEqual(money(8_884n, 0));
  });

  it('reads and writes text at its own scale, and writes capitals for either scale', () => {
    fc.assert(
      fc.property(amount(), (a) => {
        expect(parseMoney(formatMoney(a), a.scale)).toEqual(a);
      }),
      runs,
    );
    expect(formatMoney(money(888_488n, 2))).toBe('8884.88');
    expect(formatMoney(money(8_885n, 0))).toBe('8885');
    expect(parseMoney('8884.88', 0)).toBeNull();
    expect(parseMoney('8885', 0)).toEqual(money(8_885n, 0));
    // 8,885 yuan: 捌仟 捌佰 捌拾 伍 元, no 角 or 分, so 整 (PBOC rules for filling in instruments).
    expect(moneyInCapitals(money(8_885n, 0))).toBe('捌仟捌佰捌拾伍元整');
    expect(moneyInCapitals(money(888_488n, 2))).toBe('捌仟捌佰捌拾肆元捌角捌分');
  });
});
