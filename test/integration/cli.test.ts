/**
 * The `suanpan` command line, run as a user runs it: a real process reading JSON on stdin.
 * Every check value of docs/loan-math.md goes through it too.
 */
import { describe, expect, it } from 'vitest';
import { addMonths } from '../../src/calendar';
import { runCli } from '../helpers/cli';

const run = runCli;

async function ok(command: string, request: unknown): Promise<Record<string, unknown>> {
  const r = await run([command], JSON.stringify(request));
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

const loan = { principal: '100000', annualRate: '0.12', term: 12, disbursementDate: '2025-01-15' };
const monthly = (n: number, amount: string, first: string, last?: string) =>
  Array.from({ length: n }, (_, k) => ({ date: addMonths(first, k), amount: k === n - 1 && last ? last : amount }));
type Row = { principal: string; interest: string; total: string };
const pct = (fraction: unknown, places: number): string => (Number(fraction) * 100).toFixed(places);

describe.concurrent('suanpan CLI: the reference check values', () => {
  it('1. 等额本息', async () => {
    const r = await ok('schedule', { ...loan, method: 'equal-installment' });
    const rows = r.installments as Row[];
    expect(r.payment).toBe('8884.88');
    expect(rows[0]).toMatchObject({ interest: '1000.00', principal: '7884.88' });
    expect(rows[11]).toMatchObject({ total: '8884.85', interest: '87.97', principal: '8796.88' });
    expect((r.totals as Record<string, string>).interest).toBe('6618.53');
  });

  it('2. 等额本金', async () => {
    const r = await ok('schedule', { ...loan, method: 'equal-principal' });
    const rows = r.installments as Row[];
    expect(rows.map((x) => x.total).slice(0, 2)).toEqual(['9333.33', '9250.00']);
    expect(rows[11]).toMatchObject({ total: '8416.70', principal: '8333.37', interest: '83.33' });
    expect((r.totals as Record<string, string>).interest).toBe('6500.00');
  });

  it('3. 先息后本', async () => {
    const r = await ok('schedule', { ...loan, method: 'interest-only' });
    const rows = r.installments as Row[];
    expect(rows.slice(0, 11).every((x) => x.interest === '1000.00')).toBe(true);
    expect(rows[11]?.total).toBe('101000.00');
    expect((r.totals as Record<string, string>).interest).toBe('12000.00');
  });

  it('4. 随借随还', async () => {
    const events = [
      { date: '2025-03-01', type: 'draw', amount: '50000' },
      { date: '2025-03-20', type: 'draw', amount: '30000' },
      { date: '2025-04-10', type: 'repay', amount: '40000' },
    ];
    const line = (dayCount: string, allocation: string) => ok('line', { annualRate: '0.12', dayCount, allocation, events, payoffDate: '2025-05-01' });
    const [a, b, c, d] = await Promise.all([
      line('ACT/360', 'interest-first'),
      line('ACT/365', 'interest-first'),
      line('ACT/360', 'principal-first'),
      line('ACT/365', 'principal-first'),
    ]);
    const ev = (r: Record<string, unknown>) => (r.events as Record<string, string>[])[2];
    const payoff = (r: Record<string, unknown>) => (r.payoff as Record<string, string>).total;
    expect(ev(a as Record<string, unknown>)).toMatchObject({ interestPaid: '876.67', balance: '40876.67' });
    expect([payoff(a as Record<string, unknown>), a?.totalInterest]).toEqual(['41162.81', '1162.81']);
    expect(ev(b as Record<string, unknown>)).toMatchObject({ interestPaid: '864.66', balance: '40864.66' });
    expect([payoff(b as Record<string, unknown>), b?.totalInterest]).toEqual(['41146.79', '1146.79']);
    expect(payoff(c as Record<string, unknown>)).toBe('41156.67');
    expect(payoff(d as Record<string, unknown>)).toBe('41140.82');
  });

  it('5. annualized rate of 12 x 888.49', async () => {
    const r = await ok('apr', { method: 'irr', unitPeriod: 'monthly', advances: [{ date: '2025-01-15', amount: '10000' }], payments: monthly(12, '888.49', '2025-02-15') });
    expect(pct(r.periodicRate, 8)).toBe('1.00003764');
    expect(pct(r.rate, 6)).toBe('12.000452');
    expect(pct(r.compound, 6)).toBe('12.683007');
    expect(String(r.rate)).toMatch(/^0\.\d{8,}$/);
  });

  it('6. a 300 fee deducted at disbursement, from flows and from a schedule', async () => {
    const flows = await ok('apr', { method: 'irr', advances: [{ date: '2025-01-15', amount: '9700' }], payments: monthly(12, '888.49', '2025-02-15', '888.47') });
    expect([pct(flows.rate, 6), pct(flows.compound, 6)]).toEqual(['17.825043', '19.355889']);
    const s = await ok('schedule', { ...loan, principal: '10000', method: 'equal-installment', fees: [{ kind: 'upfront', amount: '300', deducted: true }] });
    const apr = s.annualizedRate as Record<string, string>;
    expect([pct(apr.nominal, 6), pct(apr.compound, 6)]).toEqual(['17.825043', '19.355889']);
  });

  it('7. XIRR', async () => {
    const r = await ok('apr', {
      method: 'xirr',
      advances: [{ date: '2008-01-01', amount: '10000' }],
      payments: [
        { date: '2008-03-01', amount: '2750' },
        { date: '2008-10-30', amount: '4250' },
        { date: '2009-02-15', amount: '3250' },
        { date: '2009-04-01', amount: '2750' },
      ],
    });
    expect(String(r.rate).slice(0, 12)).toBe('0.3733625335');
  });

  it('8. Appendix J example (c)(1)(ii)', async () => {
    const r = await ok('apr', { method: 'actuarial', advances: [{ date: '1978-02-10', amount: '6000' }], payments: monthly(36, '200', '1978-04-01') });
    expect(pct(r.rate, 2)).toBe('11.82');
    expect(String(r.rate).slice(0, 10)).toBe('0.11816508');
  });

  it('9. spreadsheet functions', async () => {
    const [a, b, c, d, e] = await Promise.all([
      ok('tvm', { fn: 'pmt', rate: '0.01', nper: 12, pv: '100000' }),
      ok('tvm', { fn: 'pmt', rate: '0.01', nper: 12, pv: '100000', fv: '0', type: 1 }),
      ok('tvm', { fn: 'ipmt', rate: '0.1/12', per: 1, nper: 36, pv: '8000' }),
      ok('tvm', { fn: 'ppmt', rate: '0.1/12', per: 1, nper: 24, pv: '2000' }),
      ok('tvm', { fn: 'rate', nper: 48, pmt: '-200', pv: '8000' }),
    ]);
    expect(String(a?.value).slice(0, 14)).toBe('-8884.87886783');
    expect(String(b?.value).slice(0, 14)).toBe('-8796.90977013');
    expect(String(c?.value).slice(0, 10)).toBe('-66.666666');
    expect(String(d?.value).slice(0, 10)).toBe('-75.623186');
    expect(String(e?.value).slice(0, 12)).toBe('0.0077014724');
  });

  it('a payoff quote', async () => {
    const r = await ok('payoff', { ...loan, method: 'equal-installment', payoffDate: '2025-04-01' });
    expect(r).toEqual({ date: '2025-04-01', principal: '84151.39', interest: '448.81', fees: '0.00', total: '84600.20' });
  });
});

describe.concurrent('suanpan CLI: bad input', () => {
  const bad = async (command: string, stdin: string, pattern: RegExp, lang?: string) => {
    const r = await run(lang ? [command, '--lang', lang] : [command], stdin);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
  };
  const req = (over: Record<string, unknown>) => JSON.stringify({ ...loan, method: 'equal-installment', ...over });

  it('an unknown method', () => bad('schedule', req({ method: 'balloon' }), /method: "balloon" is not one of equal-installment/));
  it('a negative principal', () => bad('schedule', req({ principal: '-100' }), /principal must be greater than zero/));
  it('term 0', () => bad('schedule', req({ term: 0 }), /term must be a whole number from 1 to 1560/));
  it('a date that is not on the calendar', () => bad('schedule', req({ disbursementDate: '2025-02-30' }), /"2025-02-30" is not a calendar date/));
  it('malformed JSON', () => bad('schedule', '{"principal": ', /not valid JSON/));
  it('an unknown command', () => bad('mortgage', '{}', /unknown command "mortgage"/));
  it('in Chinese', () => bad('schedule', req({ term: 0 }), /期数 应为 1 到 1560 之间的整数/, 'zh-CN'));
  it('a rule the engine refuses', () =>
    bad('payoff', JSON.stringify({ ...loan, method: 'equal-installment', payoffDate: '2030-01-01' }), /RULE: the payoff date 2030-01-01 must be from/));
});

describe('npx suanpan', () => {
  it('runs the installed bin', async () => {
    const r = await run(['schedule'], JSON.stringify({ ...loan, method: 'equal-installment' }), 'npx', ['--no-install', 'suanpan']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).payment).toBe('8884.88');
  });
});

describe('suanpan score', () => {
  it('scores JSON lines against a book without saving anything, rejecting bad lines with reasons', async () => {
    const { mkdtempSync, rmSync, statSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'suanpan-score-'));
    const db = join(dir, 'book.db');
    try {
      expect((await run(['demo', '--db', db, '--loans', '300', '--seed', '4', '--business-date', '2025-06-30'], '')).code).toBe(0);
      const count = async () => {
        const Database = (await import('better-sqlite3')).default;
        const d = new Database(db, { readonly: true });
        const n = (d.prepare('SELECT count(*) AS n FROM applications').get() as { n: number }).n;
        d.close();
        return n;
      };
      const before = await count();
      const good = { id: 'A-1', product: 'CONSUMER-EI', amount: '100000', term: 12, birthDate: '1985-03-12', monthlyIncome: '15000', monthlyDebt: '0', employmentYears: 8, bureauOverdue24m: 0, bureauInquiries6m: 1, bureauCurrentOverdue: 0 };
      const overdue = { ...good, id: 'A-2', bureauCurrentOverdue: 2 };
      const lines = [JSON.stringify(good), '{"id": "A-3", "product": "CONSUMER-EI"', JSON.stringify(overdue), JSON.stringify({ ...good, id: 'A-4', amount: '-5' })].join('\n');
      const r = await run(['score', '--db', db, '--lang', 'zh-CN'], lines);
      expect(r.code).toBe(2); // some lines were rejected
      const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(out).toHaveLength(4);
      // 100,000 over 12 months at the product's top rate of 11.80% is 8,875.53 a month (Python Decimal):
      // 59.17% of a 15,000 income, above the 55% decline line.
      expect(out[0]).toMatchObject({ id: 'A-1', ok: true, knockedOut: true, recommendation: 'decline' });
      expect((out[0]?.rules as { code: string; effect: string; message: string }[]).find((x) => x.code === 'DEBT_TO_INCOME')).toMatchObject({ effect: 'decline', message: '月还款将占收入 59.17%（50.00% 起复核，55.00% 起拒绝）' });
      expect(out[1]).toMatchObject({ line: 2, ok: false, error: { code: 'VALIDATION' } });
      expect((out[2]?.rules as { code: string; effect: string }[]).find((x) => x.code === 'CURRENT_OVERDUE')).toMatchObject({ effect: 'decline' });
      expect(out[3]).toMatchObject({ line: 4, ok: false, error: { code: 'VALIDATION' } });
      expect(r.stderr).toMatch(/score: 2 scored, 2 rejected of 4/);
      expect(await count()).toBe(before);
      expect(statSync(db).size).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
