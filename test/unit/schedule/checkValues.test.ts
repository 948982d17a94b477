/**
 * The check values of docs/loan-math.md (worked out independently by docs/checks/loan_math.py),
 * through the library.
 */
import { describe, expect, it } from 'vitest';
import { quoteLine, quoteSchedule, type ScheduleRequest } from '../../../src/schedule/service';

const loan = (method: ScheduleRequest['method']): ScheduleRequest => ({
  principal: '100000.00',
  annualRate: '0.12',
  term: 12,
  method,
  disbursementDate: '2025-01-15',
});

const sum = (xs: string[]): string => {
  const cents = xs.reduce((a, x) => a + BigInt(x.replace('.', '')), 0n).toString().padStart(3, '0');
  return `${cents.slice(0, -2)}.${cents.slice(-2)}`;
};

describe('check value 1: 等额本息 100,000 at 12%, 12 months, 30/360', () => {
  const s = quoteSchedule(loan('equal-installment'));
  it('pays 8,884.88 a month', () => expect(s.payment).toBe('8884.88'));
  it('period 1: interest 1,000.00, principal 7,884.88', () => {
    expect(s.installments[0]).toMatchObject({ interest: '1000.00', principal: '7884.88', total: '8884.88' });
  });
  it('last payment 8,884.85 (interest 87.97, principal 8,796.88)', () => {
    expect(s.installments[11]).toMatchObject({ total: '8884.85', interest: '87.97', principal: '8796.88', balance: '0.00' });
  });
  it('total interest 6,618.53 and principal exactly as lent', () => {
    expect(s.totals.interest).toBe('6618.53');
    expect(s.totals.principal).toBe('100000.00');
    expect(sum(s.installments.map((r) => r.principal))).toBe('100000.00');
  });
});

describe('check value 2: 等额本金, same loan', () => {
  const s = quoteSchedule(loan('equal-principal'));
  it('first 9,333.33, second 9,250.00', () => {
    expect(s.installments[0]).toMatchObject({ principal: '8333.33', interest: '1000.00', total: '9333.33' });
    expect(s.installments[1]?.total).toBe('9250.00');
  });
  it('last 8,416.70 (principal 8,333.37 + interest 83.33); total interest 6,500.00', () => {
    expect(s.installments[11]).toMatchObject({ principal: '8333.37', interest: '83.33', total: '8416.70' });
    expect(s.totals.interest).toBe('6500.00');
  });
});

describe('check value 3: 先息后本, same loan', () => {
  const s = quoteSchedule(loan('interest-only'));
  it('1,000.00 interest every month, 101,000.00 at the end, 12,000.00 in all', () => {
    for (const row of s.installments.slice(0, 11)) expect(row).toMatchObject({ interest: '1000.00', principal: '0.00' });
    expect(s.installments[11]?.total).toBe('101000.00');
    expect(s.totals.interest).toBe('12000.00');
  });
});

describe('check value 4: 随借随还 at 12%', () => {
  const events = [
    { date: '2025-03-01', type: 'draw' as const, amount: '50000' },
    { date: '2025-03-20', type: 'draw' as const, amount: '30000' },
    { date: '2025-04-10', type: 'repay' as const, amount: '40000' },
  ];
  const run = (dayCount: 'ACT/360' | 'ACT/365', allocation: 'interest-first' | 'principal-first') =>
    quoteLine({ annualRate: '0.12', dayCount, allocation, events, payoffDate: '2025-05-01' });

  it('interest-first, ACT/360', () => {
    const r = run('ACT/360', 'interest-first');
    expect(r.events[2]).toMatchObject({ interestPaid: '876.67', balance: '40876.67' });
    expect(r.payoff.total).toBe('41162.81');
    expect(r.totalInterest).toBe('1162.81');
  });
  it('interest-first, ACT/365', () => {
    const r = run('ACT/365', 'interest-first');
    expect(r.events[2]).toMatchObject({ interestPaid: '864.66', balance: '40864.66' });
    expect(r.payoff.total).toBe('41146.79');
    expect(r.totalInterest).toBe('1146.79');
  });
  it('principal-first, ACT/360 and ACT/365', () => {
    expect(run('ACT/360', 'principal-first').payoff.total).toBe('41156.67');
    expect(run('ACT/365', 'principal-first').payoff.total).toBe('41140.82');
  });
});
