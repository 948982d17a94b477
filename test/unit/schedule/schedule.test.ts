/**
 * Schedule settings beyond the reference check values. Expected figures were worked out with an
 * independent Python decimal/fractions script (half-up to the cent, docs/checks/schedules.py), step
 * by step as noted.
 */
import { describe, expect, it } from 'vitest';
import { SuanpanError } from '../../../src/errors';
import { quotePayoff, quoteSchedule, type ScheduleRequest } from '../../../src/schedule/service';

const base: ScheduleRequest = {
  principal: '100000.00',
  annualRate: '0.12',
  term: 12,
  method: 'equal-installment',
  disbursementDate: '2025-01-15',
};

const codeOf = (fn: () => unknown): { code: string; key: string } => {
  try {
    fn();
  } catch (e) {
    if (e instanceof SuanpanError) return { code: e.code, key: e.key };
    throw e;
  }
  throw new Error('expected an error');
};

describe('partial prepayment', () => {
  // Installments 1-2 as check value 1 leave 84,151.39; 20,000 more comes off on 2025-03-15.
  it('reduce-term keeps 8,884.88 and ends after 10 installments', () => {
    const s = quoteSchedule({ ...base, prepayments: [{ date: '2025-03-15', amount: '20000', recast: 'reduce-term' }] });
    const regular = s.installments.filter((r) => r.kind === 'installment');
    expect(s.installments[2]).toMatchObject({ kind: 'prepayment', principal: '20000.00', interest: '0.00', balance: '64151.39' });
    // Period 3: interest 641.51 on 64,151.39, principal 8,243.37.
    expect(s.installments[3]).toMatchObject({ n: 3, interest: '641.51', principal: '8243.37', balance: '55908.02' });
    expect(regular).toHaveLength(10);
    expect(regular.at(-1)).toMatchObject({ n: 10, principal: '4687.57', interest: '46.88', balance: '0.00' });
    expect(s.totals.interest).toBe('4698.37');
    expect(s.totals.principal).toBe('100000.00');
  });

  it('reduce-payment keeps 12 periods with a new payment of 6,773.24', () => {
    const s = quoteSchedule({ ...base, prepayments: [{ date: '2025-03-15', amount: '20000', recast: 'reduce-payment' }] });
    expect(s.installments[3]).toMatchObject({ interest: '641.51', principal: '6131.73', total: '6773.24' });
    expect(s.installments.at(-1)).toMatchObject({ n: 12, principal: '6706.15', interest: '67.06', balance: '0.00' });
    expect(s.totals.interest).toBe('5502.13');
  });

  it('mid-period: interest runs to the prepayment day only', () => {
    // 84,151.39 x 12% x 16/360 (2025-03-15 to 04-01) = 448.81; principal 10,000.00 leaves 74,151.39,
    // whose interest for 04-01 to 04-15 (14 days 30/360) is 346.04.
    const s = quoteSchedule({ ...base, prepayments: [{ date: '2025-04-01', amount: '10448.81', recast: 'reduce-term' }] });
    expect(s.installments[2]).toMatchObject({ kind: 'prepayment', n: 3, interest: '448.81', principal: '10000.00', balance: '74151.39' });
    expect(s.installments[3]).toMatchObject({ kind: 'installment', n: 3, interest: '346.04' });
  });

  it('refuses a prepayment that does not cover the accrued interest, or is more than the payoff', () => {
    expect(codeOf(() => quoteSchedule({ ...base, prepayments: [{ date: '2025-04-01', amount: '448.81', recast: 'reduce-term' }] }))).toEqual({
      code: 'RULE',
      key: 'rule.prepaymentTooSmall',
    });
    expect(codeOf(() => quoteSchedule({ ...base, prepayments: [{ date: '2025-04-01', amount: '90000', recast: 'reduce-term' }] })).key).toBe(
      'rule.prepaymentExceedsPayoff',
    );
    expect(codeOf(() => quoteSchedule({ ...base, prepayments: [{ date: '2024-12-01', amount: '1000', recast: 'reduce-term' }] })).key).toBe(
      'rule.prepaymentDate',
    );
  });

  it('a prepayment equal to the payoff closes the loan that day', () => {
    const s = quoteSchedule({ ...base, prepayments: [{ date: '2025-04-01', amount: '84600.20', recast: 'reduce-term' }] });
    expect(s.installments.at(-1)).toMatchObject({ kind: 'prepayment', interest: '448.81', principal: '84151.39', balance: '0.00' });
  });
});

describe('payoff quote', () => {
  it('principal outstanding plus interest to the day', () => {
    // After installment 2: 84,151.39; 16 days of 30/360 interest to 2025-04-01 = 448.81.
    expect(quotePayoff({ ...base, payoffDate: '2025-04-01' })).toEqual({
      date: '2025-04-01',
      principal: '84151.39',
      interest: '448.81',
      fees: '0.00',
      total: '84600.20',
    });
  });
  it('on a due date it equals that installment plus the balance after it', () => {
    // Installment 3 (2025-04-15): interest 841.51 on 84,151.39.
    expect(quotePayoff({ ...base, payoffDate: '2025-04-15' })).toMatchObject({ principal: '84151.39', interest: '841.51', total: '84992.90' });
  });
  it('on the disbursement date it is the principal alone', () => {
    expect(quotePayoff({ ...base, payoffDate: '2025-01-15' })).toMatchObject({ principal: '100000.00', interest: '0.00', total: '100000.00' });
  });
  it('refuses a date outside the loan', () => {
    expect(codeOf(() => quotePayoff({ ...base, payoffDate: '2026-02-01' })).key).toBe('rule.payoffDate');
  });
});

describe('interest settings', () => {
  it('daily interest: each period its own rate, the level payment repays exactly', () => {
    // 12,000 at 10% ACT/365 from 2025-01-10: periods of 31, 28, 31 days; M = 4,065.94.
    const s = quoteSchedule({
      principal: '12000',
      annualRate: '0.10',
      term: 3,
      method: 'equal-installment',
      disbursementDate: '2025-01-10',
      interest: 'daily',
      dayCount: 'ACT/365',
    });
    expect(s.payment).toBe('4065.94');
    expect(s.installments.map((r) => [r.interest, r.principal])).toEqual([
      ['101.92', '3964.02'],
      ['61.65', '4004.29'],
      ['34.24', '4031.69'],
    ]);
    expect(s.totals.interest).toBe('197.81');
  });

  it('an odd first period accrues interest for its actual days', () => {
    // 10,000 at 12% disbursed 2025-01-20, first due 2025-03-01: 41 days 30/360, so r1 = 12% x 41/360.
    const s = quoteSchedule({
      principal: '10000',
      annualRate: '0.12',
      term: 3,
      method: 'equal-installment',
      disbursementDate: '2025-01-20',
      firstDueDate: '2025-03-01',
    });
    expect(s.payment).toBe('3412.57');
    expect(s.installments.map((r) => [r.dueDate, r.interest, r.principal])).toEqual([
      ['2025-03-01', '136.67', '3275.90'],
      ['2025-04-01', '67.24', '3345.33'],
      ['2025-05-01', '33.79', '3378.77'],
    ]);
  });

  it('whole-yuan payment rounded up: 8,885 a month, the last installment takes the residue', () => {
    const s = quoteSchedule({ ...base, paymentMultiple: '1', rounding: 'up' });
    expect(s.payment).toBe('8885.00');
    expect(s.installments.at(-1)).toMatchObject({ principal: '8795.56', interest: '87.96', total: '8883.52' });
    expect(s.totals.interest).toBe('6618.52');
  });

  it('half-even rounding differs from half-up on a tie', () => {
    // 1,000.50 x 1% = 10.005: half-up 10.01, half-even 10.00.
    const tie = { principal: '1000.50', annualRate: '0.12', term: 2, method: 'interest-only' as const, disbursementDate: '2025-01-15' };
    expect(quoteSchedule({ ...tie, rounding: 'half-up' }).installments[0]?.interest).toBe('10.01');
    expect(quoteSchedule({ ...tie, rounding: 'half-even' }).installments[0]?.interest).toBe('10.00');
  });

  it('a whole-yuan currency (decimals 0) rounds interest to the yuan', () => {
    const s = quoteSchedule({ principal: '10000', annualRate: '0.12', term: 12, method: 'equal-principal', disbursementDate: '2025-01-15', decimals: 0 });
    // 10,000 / 12 = 833.33 -> 833 a month, the last 837; interest 100, 92 (91.67), ...
    expect(s.installments[0]).toMatchObject({ principal: '833', interest: '100', total: '933' });
    expect(s.installments[1]?.interest).toBe('92');
    expect(s.installments.at(-1)?.principal).toBe('837');
  });
});

describe('grace, fees and the flat method', () => {
  it('two grace periods pay interest only; the annuity runs over the other ten', () => {
    const s = quoteSchedule({ ...base, principalGrace: 2 });
    expect(s.installments.slice(0, 2).map((r) => [r.principal, r.interest])).toEqual([
      ['0.00', '1000.00'],
      ['0.00', '1000.00'],
    ]);
    // PMT(1%, 10, 100000) = 10,558.21 (spreadsheet).
    expect(s.payment).toBe('10558.21');
    expect(s.installments[2]?.total).toBe('10558.21');
  });

  it('a financed fee is added to the principal; a per-installment fee to each installment', () => {
    const s = quoteSchedule({
      principal: '10000',
      annualRate: '0.12',
      term: 12,
      method: 'equal-installment',
      disbursementDate: '2025-01-15',
      fees: [
        { kind: 'upfront', amount: '300', deducted: false },
        { kind: 'per-installment', amount: '10' },
      ],
    });
    // PMT(1%, 12, 10300) = 915.14; plus the 10.00 fee.
    expect(s.financedPrincipal).toBe('10300.00');
    expect(s.amountReceived).toBe('10000.00');
    expect(s.installments[0]).toMatchObject({ principal: '812.14', interest: '103.00', fee: '10.00', total: '925.14' });
    expect(s.totals.fees).toBe('420.00');
  });

  it('flat: interest on the original principal for the whole term', () => {
    const s = quoteSchedule({ ...base, method: 'flat', annualRate: '0.06' });
    // 100,000 x 6% x 1 year = 6,000.00, 500.00 a month.
    expect(s.totals.interest).toBe('6000.00');
    expect(s.installments.every((r) => r.interest === '500.00')).toBe(true);
    expect(s.payment).toBe('8833.33');
  });
});

describe('bad input gets a specific error', () => {
  it.each([
    [{ ...base, term: 0 }, 'validation.integer', 'term'],
    [{ ...base, principal: '-5' }, 'validation.amountPositive', 'principal'],
    [{ ...base, principal: '100.001' }, 'validation.amount', 'principal'],
    [{ ...base, method: 'balloon' }, 'validation.oneOf', 'method'],
    [{ ...base, disbursementDate: '2025-02-30' }, 'validation.date', 'disbursementDate'],
    [{ ...base, annualRate: 0.12 }, 'validation.type', 'annualRate'],
    [{ ...base, annualRate: '12%' }, 'validation.rate', 'annualRate'],
    [{ ...base, annualRate: '-0.1' }, 'validation.rateRange', 'annualRate'],
    [{ ...base, firstDueDate: '2025-01-10' }, 'validation.firstDueDate', undefined],
    [{ ...base, principalGrace: 12 }, 'validation.grace', undefined],
    [{ ...base, extra: 1 }, 'validation.unknownField', 'extra'],
    [{ ...base, paymentMultiple: '0.001' }, 'validation.paymentMultiple', 'paymentMultiple'],
  ])('%#: %s', (input, key, field) => {
    try {
      quoteSchedule(input);
      throw new Error('expected a validation error');
    } catch (e) {
      expect(e).toBeInstanceOf(SuanpanError);
      const err = e as SuanpanError;
      expect(err.code).toBe('VALIDATION');
      expect(err.key).toBe(key);
      if (field) expect(err.details.field).toBe(field);
    }
  });

  it('reports every problem, translated', () => {
    try {
      quoteSchedule({ principal: '-1', annualRate: '0.12', term: 0, method: 'x', disbursementDate: '2025-02-30' });
    } catch (e) {
      const err = e as SuanpanError;
      expect(err.messages('en')).toHaveLength(4);
      expect(err.toJSON('zh-CN').message).toContain('不是有效日期');
      expect(err.toJSON('en').message).toContain('term must be a whole number from 1 to 1560');
      return;
    }
    throw new Error('expected an error');
  });
});
