/** Check values 5-9 of docs/loan-math.md, and the rate-cap warnings. */
import { describe, expect, it } from 'vitest';
import { addMonths } from '../../../src/calendar';
import { annualizedRate, checkRateCaps, D, DEFAULT_LPR_TABLE as TABLE, ipmt, lprOn, pmt, ppmt, rate } from '../../../src/pricing';
import { quoteSchedule } from '../../../src/schedule/service';

const monthly = (n: number, amount: string, first: string, last?: string) =>
  Array.from({ length: n }, (_, k) => ({ date: addMonths(first, k), amount: k === n - 1 && last ? last : amount }));
const pct = (x: InstanceType<typeof D> | undefined, places: number): string => (x as InstanceType<typeof D>).times(100).toFixed(places);

describe('check value 5: 10,000 repaid by 12 x 888.49', () => {
  const r = annualizedRate('irr', [{ date: '2025-01-15', amount: '10000' }], monthly(12, '888.49', '2025-02-15'));
  it('periodic IRR 1.00003764%, nominal 12.000452%, compound 12.683007%', () => {
    expect(pct(r.periodicRate, 8)).toBe('1.00003764');
    expect(pct(r.rate, 6)).toBe('12.000452');
    expect(pct(r.compound, 6)).toBe('12.683007');
  });
});

describe('check value 6: the same loan with 300 deducted at disbursement', () => {
  it('from raw flows: nominal 17.825043%, compound 19.355889%', () => {
    const r = annualizedRate('irr', [{ date: '2025-01-15', amount: '9700' }], monthly(12, '888.49', '2025-02-15', '888.47'));
    expect(pct(r.rate, 6)).toBe('17.825043');
    expect(pct(r.compound, 6)).toBe('19.355889');
  });
  it('from the schedule engine, fee included', () => {
    const s = quoteSchedule({
      principal: '10000',
      annualRate: '0.12',
      term: 12,
      method: 'equal-installment',
      disbursementDate: '2025-01-15',
      fees: [{ kind: 'upfront', amount: '300', deducted: true }],
    });
    expect(s.payment).toBe('888.49');
    expect(s.installments[11]?.total).toBe('888.47');
    expect(s.amountReceived).toBe('9700.00');
    expect(pct(new D(s.annualizedRate.nominal), 6)).toBe('17.825043');
    expect(pct(new D(s.annualizedRate.compound), 6)).toBe('19.355889');
  });
  it('with no fee the annualized rate is the contract rate, up to cent rounding of the interest', () => {
    const s = quoteSchedule({ principal: '10000', annualRate: '0.12', term: 12, method: 'equal-installment', disbursementDate: '2025-01-15' });
    expect(pct(new D(s.annualizedRate.nominal), 3)).toBe('12.000');
    expect(s.annualizedRate.capWarnings).toEqual([]);
  });
});

describe('check value 7: XIRR', () => {
  it('0.3733625335', () => {
    const r = annualizedRate('xirr', [{ date: '2008-01-01', amount: '10000' }], [
      { date: '2008-03-01', amount: '2750' },
      { date: '2008-10-30', amount: '4250' },
      { date: '2009-02-15', amount: '3250' },
      { date: '2009-04-01', amount: '2750' },
    ]);
    expect(r.rate.toFixed(10)).toBe('0.3733625335');
  });
});

describe('check value 8: Regulation Z Appendix J example (c)(1)(ii)', () => {
  it('6,000 advanced 1978-02-10, 36 x 200 from 1978-04-01: APR 11.82% (11.816508%)', () => {
    const r = annualizedRate('actuarial', [{ date: '1978-02-10', amount: '6000' }], monthly(36, '200', '1978-04-01'));
    expect(r.unitPeriod).toBe('monthly');
    expect(pct(r.rate, 2)).toBe('11.82');
    expect(pct(r.rate, 6)).toBe('11.816508');
  });
});

describe('check value 9: spreadsheet semantics', () => {
  it('PMT, IPMT, PPMT, RATE', () => {
    expect(pmt('0.01', 12, 100000).toFixed(8)).toBe('-8884.87886783');
    expect(pmt('0.01', 12, 100000, 0, 1).toFixed(8)).toBe('-8796.90977013');
    expect(ipmt(new D('0.1').div(12), 1, 36, 8000).toFixed(6)).toBe('-66.666667');
    expect(ppmt(new D('0.1').div(12), 1, 24, 2000).toFixed(6)).toBe('-75.623186');
    expect(rate(48, -200, 8000)?.toFixed(10)).toBe('0.0077014725');
  });
});

describe('rate caps', () => {
  it('takes 4 x the LPR in force at the contract date', () => {
    expect(lprOn('2025-06-01', TABLE)?.rate).toBe('0.0300');
    expect(lprOn('2020-08-20', TABLE)?.rate).toBe('0.0385');
    expect(checkRateCaps('0.1201', '2025-06-01', TABLE).map((w) => w.code)).toEqual(['above-4x-lpr']);
    expect(checkRateCaps('0.12', '2025-06-01', TABLE)).toEqual([]);
    expect(checkRateCaps('0.15', '2020-09-01', TABLE)).toEqual([]);
    expect(checkRateCaps('0.155', '2020-09-01', TABLE).map((w) => w.code)).toEqual(['above-4x-lpr']);
  });
  it('warns above 24% and 36%', () => {
    expect(checkRateCaps('0.30', '2025-06-01', TABLE).map((w) => w.code)).toEqual(['above-4x-lpr', 'above-24']);
    expect(checkRateCaps('0.40', '2025-06-01', TABLE).map((w) => w.code)).toEqual(['above-4x-lpr', 'above-24', 'above-36']);
  });
  it('a quote reports the warning next to its rate', () => {
    const s = quoteSchedule({ principal: '10000', annualRate: '0.18', term: 12, method: 'flat', disbursementDate: '2025-06-01' });
    // Flat 18% costs far more than 18% a year on the balance actually in use.
    expect(new D(s.annualizedRate.nominal).gt('0.30')).toBe(true);
    expect(s.annualizedRate.capWarnings.map((w) => w.code)).toContain('above-24');
  });
});
