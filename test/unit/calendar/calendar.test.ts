import { describe, expect, it } from 'vitest';
import { accrualDays, addMonths, daysBetween, dueDates, isIsoDate, periodDate, yearFraction } from '../../../src/calendar';

describe('dates', () => {
  it('counts the first day and not the last (算头不算尾)', () => {
    expect(daysBetween('2025-03-01', '2025-03-20')).toBe(19);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-02-28', '2025-03-01')).toBe(1);
  });

  it('rejects dates that are not on the calendar', () => {
    expect(isIsoDate('2025-02-30')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2100-02-29')).toBe(false);
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(isIsoDate('2025-1-01')).toBe(false);
  });

  it('keeps month-end anchored: Jan 31 -> Feb 28 -> Mar 31', () => {
    expect(dueDates('2025-01-31', 4, 'monthly')).toEqual(['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30']);
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(dueDates('2025-11-30', 2, 'quarterly')).toEqual(['2025-11-30', '2026-02-28']);
  });

  it('makes weekly, biweekly and semi-monthly dates', () => {
    expect(dueDates('2025-01-06', 3, 'weekly')).toEqual(['2025-01-06', '2025-01-13', '2025-01-20']);
    expect(dueDates('2025-01-06', 3, 'biweekly')).toEqual(['2025-01-06', '2025-01-20', '2025-02-03']);
    expect(dueDates('2025-01-14', 4, 'semi-monthly')).toEqual(['2025-01-14', '2025-01-29', '2025-02-14', '2025-02-28']);
    expect(dueDates('2025-01-31', 3, 'semi-monthly')).toEqual(['2025-01-31', '2025-02-16', '2025-02-28']);
    expect(periodDate('2025-01-10', 1, 'semi-monthly')).toBe('2025-01-25');
  });
});

describe('day counts', () => {
  it('30/360 counts a month as 30 days', () => {
    expect(accrualDays('30/360', '2025-01-15', '2025-02-15')).toBe(30);
    expect(accrualDays('30/360', '2025-01-31', '2025-03-31')).toBe(60);
    expect(accrualDays('30/360', '2025-03-15', '2025-04-01')).toBe(16);
    expect(accrualDays('ACT/360', '2025-03-15', '2025-04-01')).toBe(17);
  });

  it('ACT/ACT splits the days by year: 2023-12-01 to 2024-03-01 is 31/365 + 60/366', () => {
    const yf = yearFraction('ACT/ACT', '2023-12-01', '2024-03-01');
    // 31/365 + 60/366 = (31*366 + 60*365) / (365*366)
    expect(yf.n * (365n * 366n)).toBe((31n * 366n + 60n * 365n) * yf.d);
    const act365 = yearFraction('ACT/365', '2025-03-01', '2025-03-20');
    expect([act365.n, act365.d]).toEqual([19n, 365n]);
  });
});
