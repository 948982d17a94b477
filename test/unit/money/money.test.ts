import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocate, divRound, divRoundToMultiple, formatMinor, parseMinor, toChineseCapital } from '../../../src/money';

describe('divRound names its mode', () => {
  // Ties and non-ties worked by hand: 5/2 = 2.5, 7/2 = 3.5, 7/3 = 2.33..., -5/2 = -2.5.
  it.each([
    ['half-up', 5n, 2n, 3n],
    ['half-up', -5n, 2n, -3n],
    ['half-up', 7n, 3n, 2n],
    ['half-even', 5n, 2n, 2n],
    ['half-even', 7n, 2n, 4n],
    ['half-even', -5n, 2n, -2n],
    ['up', 7n, 3n, 3n],
    ['up', -7n, 3n, -3n],
    ['down', 8n, 3n, 2n],
    ['down', -8n, 3n, -2n],
  ] as const)('%s %d/%d = %d', (mode, n, d, want) => {
    expect(divRound(n, d, mode)).toBe(want);
  });

  it('rounds to a payment multiple: 8884.87886783 to whole yuan is 8885 up and 8884 down', () => {
    // 888487886783 / 10^6 fen = 888487.886783 fen = 8884.87886783 yuan; multiple 100 fen = 1 yuan.
    expect(divRoundToMultiple(888487886783n, 1000000n, 100n, 'up')).toBe(888500n);
    expect(divRoundToMultiple(888487886783n, 1000000n, 100n, 'down')).toBe(888400n);
    expect(divRoundToMultiple(888487886783n, 1000000n, 10000n, 'half-up')).toBe(890000n);
  });
});

describe('amounts in and out', () => {
  it('parses and formats without floats', () => {
    expect(parseMinor('100000', 2)).toBe(10000000n);
    expect(parseMinor('0.1', 2)).toBe(10n);
    expect(parseMinor('8884.880', 2)).toBe(888488n);
    expect(parseMinor('1.005', 2)).toBeNull();
    expect(parseMinor('12', 0)).toBe(12n);
    expect(parseMinor('12.5', 0)).toBeNull();
    expect(parseMinor('1e5', 2)).toBeNull();
    expect(parseMinor('', 2)).toBeNull();
    expect(formatMinor(888488n, 2)).toBe('8884.88');
    expect(formatMinor(5n, 2)).toBe('0.05');
    expect(formatMinor(-5n, 2)).toBe('-0.05');
    expect(formatMinor(12n, 0)).toBe('12');
  });

  it('round-trips any amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.constantFrom(0, 2), (v, dec) => {
        expect(parseMinor(formatMinor(v, dec), dec)).toBe(v);
      }),
    );
  });
});

describe('allocate', () => {
  it('spreads remainders so the parts sum to the whole', () => {
    expect(allocate(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(allocate(5n, [70n, 30n])).toEqual([4n, 1n]);
    expect(allocate(-100n, [1n, 1n, 1n])).toEqual([-34n, -33n, -33n]);
  });

  it('always sums to the whole and is never off by more than one unit', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.array(fc.bigInt({ min: 0n, max: 1000n }), { minLength: 1, maxLength: 12 }).filter((a) => a.some((x) => x > 0n)),
        (total, ratios) => {
          const parts = allocate(total, ratios);
          expect(parts.reduce((a, b) => a + b, 0n)).toBe(total);
          const sum = ratios.reduce((a, b) => a + b, 0n);
          parts.forEach((p, i) => {
            const exact = total * (ratios[i] as bigint);
            const diff = p * sum - exact;
            expect(diff < 0n ? -diff : diff).toBeLessThan(sum);
          });
        },
      ),
    );
  });
});

describe('amounts in Chinese capital numerals (大写)', () => {
  // The examples and the People's Bank examples for filling in instruments.
  it.each([
    ['100000.00', '壹拾万元整'],
    ['1234.56', '壹仟贰佰叁拾肆元伍角陆分'],
    ['1409.50', '壹仟肆佰零玖元伍角'],
    ['6007.14', '陆仟零柒元壹角肆分'],
    ['1680.32', '壹仟陆佰捌拾元零叁角贰分'],
    ['107000.53', '壹拾万柒仟元零伍角叁分'],
    ['325.04', '叁佰贰拾伍元零肆分'],
    ['10.00', '壹拾元整'],
    ['0.50', '伍角'],
    ['0.05', '伍分'],
    ['0.00', '零元整'],
    ['100000001.00', '壹亿零壹元整'],
    ['100050.00', '壹拾万零伍拾元整'],
    ['8884.88', '捌仟捌佰捌拾肆元捌角捌分'],
  ])('%s -> %s', (amount, words) => {
    expect(toChineseCapital(parseMinor(amount, 2) as bigint)).toBe(words);
  });
});
