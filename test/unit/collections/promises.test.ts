/**
 * Promises to pay: taken on an open case within the settings' window, one pending at a time, and
 * decided kept or broken at the end of the promised day from the loan's payments since the promise
 * was made (hand-worked below).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture, pay, type Fixture } from './fixture';
import { decidePromises } from '../../../src/collections/service';

let f: Fixture;
let k1: string;
let k2: string;
let k3: string;

beforeEach(async () => {
  f = await fixture();
  f.customer('C1', '王小明', '11010519491231002X');
  f.customer('C2', '陈静', '110105199206150041');
  f.loan('L1', 'C1', { oldest: '2025-05-10', outstanding: 500_000 });
  f.loan('L2', 'C2', { oldest: '2025-04-10', outstanding: 800_000 });
  f.loan('L3', 'C2', { oldest: '2025-05-01', outstanding: 200_000 });
  k1 = (await f.must('collections/open', { loanId: 'L1' })).id;
  k2 = (await f.must('collections/open', { loanId: 'L2' })).id;
  k3 = (await f.must('collections/open', { loanId: 'L3' })).id;
});

afterEach(() => f.close());

const status = () =>
  Object.fromEntries(
    (f.db.prepare('SELECT case_id, status, decided_date, paid_amount FROM promises').all() as { case_id: string; status: string; decided_date: string | null; paid_amount: number | null }[])
      .map((p) => [p.case_id, { status: p.status, decided: p.decided_date, paid: p.paid_amount }]),
  );

describe('taking a promise', () => {
  it('records amount, date and the business day it was made; refuses a second while one is pending', async () => {
    const r = await f.must<{ id: string; amount: string }>('collections/promise', { caseId: k1, amount: '1000', promisedDate: '2025-06-05', note: '发工资后还' });
    expect(r.amount).toBe('1000.00');
    expect(f.db.prepare('SELECT amount, promised_date, created_date, status, created_by FROM promises WHERE id = ?').get(r.id))
      .toEqual({ amount: 100_000, promised_date: '2025-06-05', created_date: '2025-06-02', status: 'pending', created_by: f.users.collector });
    const again = await f.call('collections/promise', { caseId: k1, amount: '500', promisedDate: '2025-06-06' }, 'collector', 'zh-CN');
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'collections.promisePending', message: '借据 DK-L1 已有 2025-06-05 到期的还款承诺；该承诺到期判定后方可登记新的承诺' } });
  });

  it('refuses a date in the past or beyond the window (30 days by default)', async () => {
    for (const promisedDate of ['2025-06-01', '2025-07-03']) {
      expect(await f.call('collections/promise', { caseId: k1, amount: '100', promisedDate }), promisedDate).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'collections.promiseDate' } });
    }
    expect(await f.call('collections/promise', { caseId: k1, amount: '100', promisedDate: '2025-07-02' })).toMatchObject({ ok: true });
    expect(await f.call('collections/promise', { caseId: k2, amount: '0', promisedDate: '2025-06-03' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('decidePromises at the end of the day', () => {
  it('kept or broken from the payments since the promise, reversed payments not counted (hand-worked)', async () => {
    // Case 1: promised 1,000.00 by 06-05. Paid 600.00 on 06-03 and 500.00 on 06-04, but the 500.00 was
    // reversed: 600.00 counts, short of 1,000.00 -> broken.
    await f.must('collections/promise', { caseId: k1, amount: '1000', promisedDate: '2025-06-05' });
    pay(f, 'T1', 'L1', '2025-06-03', 60_000);
    pay(f, 'T2', 'L1', '2025-06-04', 50_000);
    pay(f, 'T2R', 'L1', '2025-06-04', 50_000, 'reversal', 'T2');
    // Case 2: promised 800.00 by 06-06. 300.00 paid on 06-01 came before the promise (made 06-02) and
    // does not count; 500.00 on 06-05 and 300.00 on 06-06 make 800.00 -> kept. A payment on the
    // other loan of the same borrower (L3) does not count toward this loan's promise.
    await f.must('collections/promise', { caseId: k2, amount: '800', promisedDate: '2025-06-06' });
    pay(f, 'T3', 'L2', '2025-06-01', 30_000);
    pay(f, 'T4', 'L2', '2025-06-05', 50_000);
    pay(f, 'T5', 'L2', '2025-06-06', 30_000, 'prepayment');
    pay(f, 'T6', 'L3', '2025-06-05', 99_000);
    // Case 3: promised 2,000.00 by 06-10; paid in full on 06-04 but decided on its day, not before.
    await f.must('collections/promise', { caseId: k3, amount: '2000', promisedDate: '2025-06-10' });
    pay(f, 'T7', 'L3', '2025-06-04', 200_000);

    expect(decidePromises(f.db, '2025-06-04')).toEqual({ kept: 0, broken: 0 });
    expect(Object.values(status()).every((p) => p.status === 'pending')).toBe(true);

    expect(decidePromises(f.db, '2025-06-05')).toEqual({ kept: 0, broken: 1 });
    expect(status()[k1]).toEqual({ status: 'broken', decided: '2025-06-05', paid: 60_000 });

    expect(decidePromises(f.db, '2025-06-06')).toEqual({ kept: 1, broken: 0 });
    expect(status()[k2]).toEqual({ status: 'kept', decided: '2025-06-06', paid: 80_000 });

    // Run again for a day already closed: nothing changes.
    expect(decidePromises(f.db, '2025-06-06')).toEqual({ kept: 0, broken: 0 });
    expect(decidePromises(f.db, '2025-06-10')).toEqual({ kept: 1, broken: 0 });
    // T6 (99,000) and T7 (200,000), both since 06-02.
    expect(status()[k3]).toEqual({ status: 'kept', decided: '2025-06-10', paid: 299_000 });

    // A decided promise frees the case for a new one, and the case page shows the history.
    f.setBusinessDate('2025-06-06');
    f.at('2025-06-06T02:00:00.000Z');
    expect(await f.call('collections/promise', { caseId: k1, amount: '400', promisedDate: '2025-06-12' })).toMatchObject({ ok: true });
    const page = await f.must<{ promises: { status: string; amount: string; paidAmount: string | null }[] }>('collections/case', { id: k1 });
    expect(page.promises.map((p) => [p.status, p.amount, p.paidAmount])).toEqual([['pending', '400.00', null], ['broken', '1000.00', '600.00']]);
  });

  it('decides a promise exactly on its day when the day closes late', async () => {
    await f.must('collections/promise', { caseId: k1, amount: '100', promisedDate: '2025-06-03' });
    pay(f, 'T1', 'L1', '2025-06-04', 10_000);
    // Closed on 06-05 (a missed night): the payment of 06-04 was in by then and counts.
    expect(decidePromises(f.db, '2025-06-05')).toEqual({ kept: 1, broken: 0 });
  });
});
