/**
 * The loan ledger on real SQLite books, through the api: disbursement of a signed contract, the
 * allocation order, partial and over-payments with both recast choices, payoff, penalties and their
 * cap, waivers and their authority, reversal, write-off and recovery, revolving lines, and the typed
 * errors. Expected amounts were worked out independently (Python decimal, ROUND_HALF_UP, in
 * docs/checks/servicing.py; the line's from docs/loan-math.md check value 4), not copied from the
 * engine's output.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { callApi } from '../../src/api';
import { identityRepo } from '../../src/db/repos/identity';
import { freshBook, type Book } from '../helpers/book';
import { call, disbursedLoan, signedApplication } from '../helpers/servicing';
import { closeDay } from '../../src/eod/close';
import { prepareNotice, receiptContent } from '../../src/documents/notices';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDemoBook } from '../../src/demo/book';
import { kyselyOf } from '../../src/db/kysely';
import { documentStores } from '../../src/db/repos/documents';

let book: Book;
afterEach(() => book?.close());

const setDate = (d: string): void => identityRepo(book.db).setBusinessDate(d);
type Amounts = { principal: string; interest: string; fee: string; penalty: string; total: string };
type View = {
  loan: { status: string; principal: string; number: string };
  balances: { outstandingPrincipal: string; daysPastDue: number; penalty: { charged: string; uncapped: string; cap: string | null }; payoff: { total: string } | null };
  schedule: { n: number; dueDate: string; due: Amounts; paid: Amounts; status: string; paidDate: string | null }[];
  ledger: { id: string; kind: string; amount: string; reversed: boolean; allocations: Record<string, string | number>[] }[];
};
const view = (id: string): Promise<View> => call<View>(book, 'loans/get', { id });
const fails = async (name: Parameters<typeof callApi>[0], input: Record<string, unknown>, role: Parameters<Book['ctx']>[0] = 'officer') => {
  const r = await callApi(name, input, book.ctx(role));
  if (r.ok) throw new Error(`${String(name)} should have failed`);
  return r.error;
};

/** Every transaction equals its allocations; paid never above due; principal settled + outstanding = principal. */
function checkBook(): void {
  const unbalanced = book.db.prepare(`SELECT t.id FROM transactions t LEFT JOIN allocations a ON a.transaction_id = t.id
    GROUP BY t.id HAVING t.amount <> coalesce(sum(a.principal + a.interest + a.fee + a.penalty), 0)`).all();
  expect(unbalanced).toEqual([]);
  const loans = book.db.prepare("SELECT id, principal, outstanding_principal, status FROM loans WHERE method <> 'revolving'").all() as { id: string; principal: number; outstanding_principal: number; status: string }[];
  for (const l of loans) {
    const settled = book.db.prepare(`SELECT coalesce(sum(a.principal), 0) AS p FROM transactions t JOIN allocations a ON a.transaction_id = t.id
      WHERE t.loan_id = ? AND t.kind IN ('repayment', 'prepayment', 'waiver', 'write_off')
        AND NOT EXISTS (SELECT 1 FROM transactions r WHERE r.reverses_id = t.id)`).get(l.id) as { p: number };
    expect(settled.p + l.outstanding_principal).toBe(l.principal);
    expect(l.outstanding_principal).toBeGreaterThanOrEqual(0);
  }
}

describe('disbursement', () => {
  it('books exactly the schedule printed in the issued contract, and pays out once', async () => {
    book = await freshBook();
    const appId = await signedApplication(book, { amount: '100000', term: 12, rate: '0.12' });
    const r = await call<{ loanId: string; number: string; amountPaidOut: string }>(book, 'loans/disburse', { applicationId: appId }, 'senior_approver');
    expect(r).toMatchObject({ number: 'JK20250601-0001', amountPaidOut: '100000.00' });
    const content = JSON.parse((book.db.prepare("SELECT content FROM issued_documents WHERE owner_id = ? AND type = 'contract'").get(appId) as { content: string }).content) as { schedule: Record<string, unknown>[] };
    const v = await view(r.loanId);
    expect(v.schedule.map((i) => ({ n: i.n, dueDate: i.dueDate, principal: i.due.principal, interest: i.due.interest, fee: i.due.fee, total: i.due.total }))).toEqual(
      content.schedule.map((s) => ({ n: s.n, dueDate: s.dueDate, principal: s.principal, interest: s.interest, fee: s.fee, total: s.total })),
    );
    expect(v.schedule[0]?.due).toMatchObject({ principal: '7884.88', interest: '1000.00' });
    expect(v.ledger).toMatchObject([{ kind: 'disbursement', amount: '100000.00', allocations: [{ n: 0, principal: '100000.00' }] }]);
    const app = book.db.prepare('SELECT state FROM applications WHERE id = ?').get(appId) as { state: string };
    expect(app.state).toBe('disbursed');
    expect(await fails('loans/disburse', { applicationId: appId }, 'senior_approver')).toMatchObject({ code: 'CONFLICT', key: 'applications.state' });
    expect(await fails('loans/disburse', { applicationId: appId }, 'officer')).toMatchObject({ code: 'FORBIDDEN' });
    checkBook();
  }, 30_000);

  it('a deducted upfront fee is taken out of the cash and shows on the disbursement as a negative fee', async () => {
    book = await freshBook();
    await signedApplication(book, { amount: '1000', term: 1, rate: '0.072' }).catch(() => undefined);
    book.db.prepare("UPDATE products SET upfront_fee_rate = '0.03' WHERE id = 'P-EI'").run();
    const loanId = await disbursedLoan(book, { amount: '10000', term: 12, rate: '0.12' });
    const v = await view(loanId);
    expect(v.ledger[0]).toMatchObject({ kind: 'disbursement', amount: '9700.00', allocations: [{ n: 0, principal: '10000.00', fee: '-300.00' }] });
    checkBook();
  }, 30_000);
});

describe('repayments', () => {
  it('pay the installment: interest, then principal; a partial payment follows the product order', async () => {
    book = await freshBook();
    const loanId = await disbursedLoan(book, { amount: '100000', term: 12, rate: '0.12' });
    setDate('2025-07-01');
    const part = await call<{ split: { lines: Record<string, string | number>[] } }>(book, 'loans/repay', { loanId, amount: '5000', reference: 'B1' }, 'officer');
    expect(part.split.lines).toEqual([{ n: 1, principal: '4000.00', interest: '1000.00', fee: '0.00', penalty: '0.00', total: '5000.00' }]);
    let v = await view(loanId);
    expect(v.schedule[0]).toMatchObject({ status: 'due', paid: { principal: '4000.00', interest: '1000.00' } });
    await call(book, 'loans/repay', { loanId, amount: '3884.88', reference: 'B2' }, 'officer');
    v = await view(loanId);
    expect(v.schedule[0]).toMatchObject({ status: 'paid', paidDate: '2025-07-01' });
    expect(v.balances.outstandingPrincipal).toBe('92115.12');
    // Another product order: principal before interest.
    book.db.prepare("UPDATE products SET allocation_order = 'principal,interest,fees,penalty' WHERE id = 'P-EI'").run();
    setDate('2025-08-01');
    const p = await call<{ split: { lines: Record<string, string | number>[] } }>(book, 'loans/previewRepayment', { loanId, amount: '8000' }, 'collections');
    expect(p.split ?? p).toBeDefined();
    const preview = (p as unknown as { lines: Record<string, string | number>[] }).lines;
    expect(preview).toEqual([{ n: 2, principal: '7963.73', interest: '36.27', fee: '0.00', penalty: '0.00', total: '8000.00' }]);
    checkBook();
  }, 30_000);

  it('an overpayment on the due date prepays principal: reduce-payment keeps the term, reduce-term keeps the payment', async () => {
    book = await freshBook();
    const a = await disbursedLoan(book, { amount: '100000', term: 12, rate: '0.12' });
    const b = await disbursedLoan(book, { amount: '100000', term: 12, rate: '0.12' });
    setDate('2025-07-01');
    const pa = await call<{ split: { prepaid: unknown; kind: string } }>(book, 'loans/prepay', { loanId: a, amount: '28884.88', recast: 'reduce-payment' }, 'officer');
    expect(pa.split).toMatchObject({ kind: 'prepayment', prepaid: { interest: '0.00', principal: '20000.00' } });
    const va = await view(a);
    expect(va.balances.outstandingPrincipal).toBe('72115.12');
    expect(va.schedule[1]?.due).toMatchObject({ principal: '6234.65', interest: '721.15', total: '6955.80' });
    expect(va.schedule[11]?.due).toMatchObject({ principal: '6886.89', interest: '68.87' });
    expect(va.schedule.reduce((s, i) => s + Number(i.due.interest.replace('.', '')), 0)).toBe(100_000 + 439_864);
    await call(book, 'loans/prepay', { loanId: b, amount: '28884.88', recast: 'reduce-term' }, 'officer');
    const vb = await view(b);
    expect(vb.schedule[1]?.due.total).toBe('8884.88');
    expect(vb.schedule[9]?.due).toMatchObject({ principal: '4473.15', interest: '44.73' });
    expect(vb.schedule[10]?.status).toBe('paid');
    expect(vb.schedule[10]?.due.total).toBe('0.00');
    expect(vb.schedule.reduce((s, i) => s + Number(i.due.interest.replace('.', '')), 0)).toBe(100_000 + 348_180);
    checkBook();
  }, 30_000);

  it('a prepayment inside a period pays interest to the day; payoff quotes and settles the loan', async () => {
    book = await freshBook();
    const loanId = await disbursedLoan(book, { amount: '100000', term: 12, rate: '0.12' });
    setDate('2025-07-01');
    await call(book, 'loans/repay', { loanId, amount: '8884.88' }, 'officer');
    setDate('2025-07-16');
    const q = await call(book, 'loans/payoffQuote', { loanId }, 'collections');
    expect(q).toMatchObject({ principal: '92115.12', interest: '460.58', total: '92575.70' });
    const r = await call<{ split: { prepaid: unknown } }>(book, 'loans/prepay', { loanId, amount: '30000', recast: 'reduce-payment' }, 'officer');
    expect(r.split.prepaid).toEqual({ interest: '460.58', principal: '29539.42' });
    const v = await view(loanId);
    expect(v.balances.outstandingPrincipal).toBe('62575.70');
    expect(v.schedule[1]?.due.interest).toBe('312.88');
    const off = await call<{ status: string }>(book, 'loans/payoff', { loanId }, 'officer');
    expect(off.status).toBe('closed');
    const closed = await view(loanId);
    expect(closed.balances.outstandingPrincipal).toBe('0.00');
    expect(closed.schedule.every((i) => i.status === 'paid')).toBe(true);
    expect(await fails('loans/repay', { loanId, amount: '1' })).toMatchObject({ code: 'CONFLICT', key: 'servicing.loanClosed' });
    checkBook();
  }, 30_000);
});

describe('penalties', () => {
  it('accrue on overdue principal at the contract rate plus the markup, day by day', async () => {
    book = await freshBook();
    const loanId = await disbursedLoan(book, { amount: '100000', term: 12, rate: '0.072' });
    setDate('2025-07-11');
    let v = await view(loanId);
    expect(v.balances.daysPastDue).toBe(10);
    expect(v.schedule[0]).toMatchObject({ status: 'overdue', due: { principal: '8061.90', interest: '600.00', penalty: '24.19' } });
    // Paid in part five days late: penalty first, then interest, then principal.
    book.close();
    book = await freshBook();
    const l2 = await disbursedLoan(book, { amount: '100000', term: 12, rate: '0.072' });
    setDate('2025-07-06');
    const r = await call<{ split: { lines: Record<string, string | number>[] } }>(book, 'loans/repay', { loanId: l2, amount: '5000' }, 'officer');
    expect(r.split.lines).toEqual([{ n: 1, principal: '4387.91', interest: '600.00', fee: '0.00', penalty: '12.09', total: '5000.00' }]);
    setDate('2025-07-16');
    v = await view(l2);
    expect(v.schedule[0]?.due.penalty).toBe('23.11');
    expect(v.schedule[0]?.paid.penalty).toBe('12.09');
    checkBook();
  }, 30_000);

  it('are capped so interest, penalty and fees stay under 4 x LPR on the contract date', async () => {
    book = await freshBook();
    // 11.5% a year against a 12% line (4 x 3.00% LPR from 2025-05-20).
    const loanId = await disbursedLoan(book, { amount: '100000', term: 12, rate: '0.115' });
    const atLine = await disbursedLoan(book, { amount: '100000', term: 12, rate: '0.12' });
    setDate('2025-09-15');
    const v = await view(loanId);
    expect(v.balances.penalty).toMatchObject({ uncapped: '513.90', cap: '3484.93', charged: '497.71' });
    expect(v.schedule.slice(0, 3).map((i) => i.due.penalty)).toEqual(['287.81', '172.05', '37.85']);
    // At the line itself the room left is only what the unpaid principal still in use adds to the
    // cap beyond the scheduled interest: 3,484.93 - (1,000.00 + 921.15 + 841.51 + 355.17) = 367.10.
    const w = await view(atLine);
    expect(w.balances.penalty).toMatchObject({ uncapped: '535.11', cap: '3484.93', charged: '367.10' });
  }, 30_000);
});

describe('waivers, reversals, write-off and recovery', () => {
  it('a waiver needs a reason and stays within the role’s authority', async () => {
    book = await freshBook();
    const loanId = await disbursedLoan(book, { amount: '100000', term: 12, rate: '0.072' });
    setDate('2025-07-11');
    expect(await fails('loans/waive', { loanId, interest: '600', reason: '疫情困难' })).toMatchObject({ code: 'FORBIDDEN', key: 'servicing.waiverAuthority' });
    expect(await fails('loans/waive', { loanId, penalty: '30', reason: '疫情困难' })).toMatchObject({ code: 'RULE', key: 'servicing.waiverExceeds' });
    const w = await call<{ amount: string }>(book, 'loans/waive', { loanId, penalty: '24.19', reason: '首次逾期，客户已说明' }, 'officer');
    expect(w.amount).toBe('24.19');
    await call(book, 'loans/waive', { loanId, interest: '600', reason: '网点负责人批准' }, 'branch_manager');
    const v = await view(loanId);
    expect(v.schedule[0]?.paid).toMatchObject({ penalty: '24.19', interest: '600.00', principal: '0.00' });
    checkBook();
  }, 30_000);

  it('a reversal is a new entry that undoes the latest posting; never twice, never out of order', async () => {
    book = await freshBook();
    const loanId = await disbursedLoan(book, { amount: '100000', term: 12, rate: '0.12' });
    setDate('2025-07-01');
    const before = await view(loanId);
    const first = await call<{ transactionId: string }>(book, 'loans/repay', { loanId, amount: '8884.88', reference: 'BANK-1' }, 'officer');
    setDate('2025-07-02');
    // 100 the next day: one day's interest on 92,115.12 (30.71), the rest prepays principal.
    const second = await call<{ transactionId: string; split: { prepaid: unknown } }>(book, 'loans/repay', { loanId, amount: '100', reference: 'BANK-2' }, 'officer');
    expect(second.split.prepaid).toEqual({ interest: '30.71', principal: '69.29' });
    expect(await fails('loans/reverse', { transactionId: first.transactionId, reason: '串户' })).toMatchObject({ code: 'RULE', key: 'servicing.reverseLatestFirst' });
    await call(book, 'loans/reverse', { transactionId: second.transactionId, reason: '金额录错' }, 'officer');
    expect(await fails('loans/repay', { loanId, amount: '8884.88', reference: 'BANK-1' })).toMatchObject({ code: 'CONFLICT', key: 'servicing.duplicateReference' });
    const r = await call<{ status: string; outstanding: string }>(book, 'loans/reverse', { transactionId: first.transactionId, reason: '串户，应记入他人借据' }, 'officer');
    expect(r.outstanding).toBe('100000.00');
    const after = await view(loanId);
    expect(after.schedule).toEqual(before.schedule.map((i) => ({ ...i, status: i.n === 1 ? 'overdue' : i.status })));
    expect(after.ledger.map((t) => [t.kind, t.reversed])).toEqual([['disbursement', false], ['repayment', true], ['reversal', false], ['prepayment', true], ['reversal', false]]);
    expect(await fails('loans/reverse', { transactionId: first.transactionId, reason: '再次' })).toMatchObject({ code: 'CONFLICT', key: 'servicing.alreadyReversed' });
    expect(await fails('loans/reverse', { transactionId: `${loanId}.000`, reason: 'x' })).toMatchObject({ code: 'RULE', key: 'servicing.notReversible' });
    // The same bank reference may be posted again once its mistaken posting is reversed.
    await call(book, 'loans/repay', { loanId, amount: '8884.88', date: '2025-07-01', reference: 'BANK-1' }, 'officer');
    checkBook();
  }, 30_000);

  it('write-off settles what is owed; recoveries come after, up to what was written off', async () => {
    book = await freshBook();
    const loanId = await disbursedLoan(book, { amount: '100000', term: 12, rate: '0.072' });
    setDate('2025-07-11');
    expect(await fails('loans/writeOff', { loanId, reason: '失联' }, 'senior_approver')).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fails('loans/recover', { loanId, amount: '10' })).toMatchObject({ code: 'CONFLICT', key: 'servicing.notWrittenOff' });
    const w = await call<{ amount: string; status: string }>(book, 'loans/writeOff', { loanId, reason: '失联满一年，诉讼无可执行财产' });
    // All principal, the first installment's interest and ten days' penalty.
    expect(w).toEqual({ transactionId: `${loanId}.001`, amount: '100624.19', status: 'written_off' });
    const v = await view(loanId);
    expect(v.loan.status).toBe('written_off');
    expect(v.balances.outstandingPrincipal).toBe('0.00');
    expect(await fails('loans/repay', { loanId, amount: '100' })).toMatchObject({ code: 'CONFLICT', key: 'servicing.loanClosed' });
    const rec = await call(book, 'loans/recover', { loanId, amount: '50000' }, 'officer');
    expect(rec).toMatchObject({ recoveredTotal: '50000.00', writtenOffTotal: '100624.19' });
    expect(await fails('loans/recover', { loanId, amount: '50624.20' })).toMatchObject({ code: 'RULE', key: 'servicing.recoveryExceeds' });
    checkBook();
    // A write-off made by mistake is undone, latest first: the recovery, then the write-off itself,
    // and only by someone who may write off. The loan is back as it was: active, all principal owed.
    await call(book, 'loans/reverse', { transactionId: `${loanId}.002`, reason: '回收款入错借据' }, 'officer');
    expect(await fails('loans/reverse', { transactionId: `${loanId}.001`, reason: '核销有误' }, 'officer')).toMatchObject({ code: 'FORBIDDEN', key: 'servicing.reverseWriteOffAuthority' });
    const back = await call<{ status: string; outstanding: string }>(book, 'loans/reverse', { transactionId: `${loanId}.001`, reason: '核销有误，借款人已联系还款' });
    expect(back).toMatchObject({ status: 'active', outstanding: '100000.00' });
    const again = await call<{ loan: { status: string }; collectionCase: string | null }>(book, 'loans/get', { id: loanId });
    expect(again).toMatchObject({ loan: { status: 'active' }, collectionCase: null });
    // Late again without a case: collections open one, and the loan page names it.
    const opened = await call<{ id: string }>(book, 'collections/open', { loanId }, 'collections');
    expect((await call<{ collectionCase: string | null }>(book, 'loans/get', { id: loanId })).collectionCase).toBe(opened.id);
    checkBook();
  }, 30_000);
});

describe('revolving lines', () => {
  it('draws and repays with daily interest, interest first (loan-math check value 4, ACT/360)', async () => {
    book = await freshBook();
    setDate('2025-03-01');
    const appId = await signedApplication(book, { productId: 'P-RV', amount: '100000', term: 12, rate: '0.12' });
    const { loanId } = await call<{ loanId: string }>(book, 'loans/disburse', { applicationId: appId, drawAmount: '50000' }, 'senior_approver');
    setDate('2025-03-20');
    await call(book, 'loans/draw', { loanId, amount: '30000' }, 'officer');
    expect(await fails('loans/draw', { loanId, amount: '20000.01' })).toMatchObject({ code: 'RULE', key: 'servicing.lineLimit' });
    setDate('2025-04-10');
    const r = await call<{ split: { lines: Record<string, string | number>[] }; outstanding: string }>(book, 'loans/repay', { loanId, amount: '40000' }, 'officer');
    expect(r.split.lines).toEqual([{ n: 0, principal: '39123.33', interest: '876.67', fee: '0.00', penalty: '0.00', total: '40000.00' }]);
    expect(r.outstanding).toBe('40876.67');
    setDate('2025-05-01');
    expect(await call(book, 'loans/payoffQuote', { loanId }, 'officer')).toMatchObject({ total: '41162.81' });
    const off = await call<{ outstanding: string }>(book, 'loans/payoff', { loanId }, 'officer');
    expect(off.outstanding).toBe('0.00');
  }, 30_000);
});

describe('a line past its expiry', () => {
  it('falls overdue with what is still drawn: contract interest stops, penalty runs, the close opens a case, payment clears penalty first', async () => {
    book = await freshBook();
    setDate('2024-05-10');
    const appId = await signedApplication(book, { productId: 'P-RV', amount: '100000', term: 12, rate: '0.12' });
    const { loanId } = await call<{ loanId: string }>(book, 'loans/disburse', { applicationId: appId, drawAmount: '50000' }, 'senior_approver');
    // Drawn and not repaid: the balance falls due at the expiry, 12 months on.
    const row = () => book.db.prepare('SELECT status, oldest_unpaid_due_date AS oldest, maturity_date AS expiry FROM loans WHERE id = ?').get(loanId) as { status: string; oldest: string | null; expiry: string };
    expect(row()).toEqual({ status: 'active', oldest: '2025-05-10', expiry: '2025-05-10' });
    // The night of the expiry: the line is one day late and its case opens at the ladder's first step.
    setDate('2025-05-10');
    const night = closeDay(book.db, () => new Date('2025-05-10T20:00:00Z'));
    expect(night.newlyOverdue).toBe(1);
    expect(book.db.prepare("SELECT count(*) AS n FROM collection_cases WHERE loan_id = ? AND status = 'open'").get(loanId)).toEqual({ n: 1 });

    // 30 days past the expiry. By hand: interest to the expiry 50,000 x 12% x 365/360 = 6,083.33;
    // penalty 50,000 x 18% (12% x 1.5) x 30/360 = 750.00; the cap (4 x the 3.45% LPR of
    // 2024-05-10 = 13.8% on 50,000 for 395 days, 7,467.12) less the interest leaves 1,383.79.
    setDate('2025-06-09');
    const v = await call<{ balances: { daysPastDue: number; oldestUnpaidDueDate: string; payoff: Record<string, string> } }>(book, 'loans/get', { id: loanId });
    expect(v.balances.daysPastDue).toBe(30);
    expect(v.balances.payoff).toMatchObject({ principal: '50000.00', interest: '6083.33', penalty: '750.00', total: '56833.33' });
    // Its overdue notice lists the line itself, due at its expiry, with the same figures.
    const notice = await prepareNotice(documentStores(kyselyOf(book.db)), loanId, 'notice', 'zh-CN', '2025-06-09');
    const pdf = join(book.dir, 'line-notice.pdf');
    writeFileSync(pdf, notice.bytes);
    expect(execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })).toMatch(/^\s*额度\s+2025-05-10\s+30\s+50,000\.00\s+6,083\.33\s+750\.00\s+56,833\.33\s*$/m);
    // A payment clears the penalty first, then interest, then principal.
    const r = await call<{ split: { lines: Record<string, string | number>[] } }>(book, 'loans/repay', { loanId, amount: '1000' }, 'officer');
    expect(r.split.lines).toEqual([{ n: 0, principal: '0.00', interest: '250.00', fee: '0.00', penalty: '750.00', total: '1000.00' }]);
    // Its receipt: the money lent is not a payment, so all 50,000.00 drawn is still owed after it.
    expect((await receiptContent(documentStores(kyselyOf(book.db)), (r as unknown as { transactionId: string }).transactionId)).outstandingAfter).toBe('50000.00');
    // The next day brings one more day of penalty, 50,000 x 18% / 360 = 25.00, which a manager may
    // waive with a reason; a line's interest is not waived (the line engine settles it).
    setDate('2025-06-10');
    const payoffOn = async () => (await call<{ balances: { payoff: Record<string, string> } }>(book, 'loans/get', { id: loanId })).balances.payoff;
    expect(await payoffOn()).toMatchObject({ penalty: '25.00', interest: '5833.33' });
    expect(await fails('loans/waive', { loanId, interest: '10', reason: '申请减免' }, 'branch_manager')).toMatchObject({ code: 'RULE', key: 'servicing.waiverLine' });
    expect(await fails('loans/waive', { loanId, penalty: '25.01', reason: '申请减免' }, 'branch_manager')).toMatchObject({ code: 'RULE', key: 'servicing.waiverExceeds' });
    await call(book, 'loans/waive', { loanId, penalty: '25', reason: '到期后已联系还款，减免一日罚息' }, 'branch_manager');
    expect(await payoffOn()).toMatchObject({ penalty: '0.00', total: '55833.33' });
    await call(book, 'loans/payoff', { loanId }, 'officer');
    expect(row()).toMatchObject({ status: 'closed', oldest: null });
    checkBook();
  }, 30_000);

  it('repaid before its expiry, stays open to draw until then, and the close finishes it on its expiry day', async () => {
    book = await freshBook();
    setDate('2024-05-10');
    const appId = await signedApplication(book, { productId: 'P-RV', amount: '100000', term: 12, rate: '0.12' });
    const { loanId } = await call<{ loanId: string }>(book, 'loans/disburse', { applicationId: appId, drawAmount: '10000' }, 'senior_approver');
    setDate('2024-06-10');
    await call(book, 'loans/payoff', { loanId }, 'officer');
    const row = () => book.db.prepare('SELECT status, oldest_unpaid_due_date AS oldest, closed_date AS closed FROM loans WHERE id = ?').get(loanId);
    expect(row()).toEqual({ status: 'active', oldest: null, closed: null });
    setDate('2025-05-09');
    closeDay(book.db, () => new Date('2025-05-09T20:00:00Z'));
    expect(row()).toMatchObject({ status: 'active' });
    closeDay(book.db, () => new Date('2025-05-10T20:00:00Z'));
    expect(row()).toEqual({ status: 'closed', oldest: null, closed: '2025-05-10' });
    expect((await call<{ loan: { status: string; closedDate: string } }>(book, 'loans/get', { id: loanId })).loan).toMatchObject({ status: 'closed', closedDate: '2025-05-10' });
    expect(await fails('loans/draw', { loanId, amount: '100' })).toMatchObject({ code: 'CONFLICT' });
  }, 30_000);

  it('a demo book has no expired line still open', async () => {
    book = await freshBook();
    buildDemoBook(book.db, { loans: 600, seed: 5, businessDate: '2025-06-30' });
    const lines = book.db.prepare("SELECT status, maturity_date AS expiry, outstanding_principal AS balance, oldest_unpaid_due_date AS oldest FROM loans WHERE method = 'revolving'").all() as { status: string; expiry: string; balance: number; oldest: string | null }[];
    expect(lines.length).toBeGreaterThan(10);
    for (const l of lines) {
      if (l.expiry <= '2025-06-30') expect(l).toMatchObject({ status: 'closed', balance: 0, oldest: null });
      else expect(l.oldest).toBe(l.balance > 0 ? l.expiry : null);
    }
    expect(lines.some((l) => l.status === 'closed')).toBe(true);
    checkBook();
    // Every loan keeps the legal line of its disbursement day, as a desk disbursement fixes it:
    // 4 x 3.45% (LPR from 2023-08-21) = 13.8%, 4 x 3.10% (from 2024-10-21) = 12.4%.
    const capOf = (from: string, to: string) =>
      book.db.prepare('SELECT DISTINCT penalty_cap_rate AS cap FROM loans WHERE disbursement_date BETWEEN ? AND ?').all(from, to) as { cap: string | null }[];
    expect(capOf('2023-08-21', '2024-07-21')).toEqual([{ cap: '0.138000' }]);
    expect(capOf('2024-10-21', '2025-05-19')).toEqual([{ cap: '0.124000' }]);
    expect(book.db.prepare('SELECT count(*) AS n FROM loans WHERE penalty_cap_rate IS NULL').get()).toEqual({ n: 0 });
  });
});

describe('typed errors', () => {
  it('refuses negative amounts, dates out of range, unknown and closed loans, in both languages', async () => {
    book = await freshBook();
    const loanId = await disbursedLoan(book, { amount: '100000', term: 12, rate: '0.12' });
    expect(await fails('loans/repay', { loanId, amount: '-5' })).toMatchObject({ code: 'VALIDATION', key: 'validation.amountPositive' });
    expect(await fails('loans/repay', { loanId, amount: '5', date: '2025-05-31' })).toMatchObject({ code: 'VALIDATION', key: 'servicing.dateBeforeDisbursement' });
    expect(await fails('loans/repay', { loanId, amount: '5', date: '2025-06-02' })).toMatchObject({ code: 'VALIDATION', key: 'servicing.dateAfterBusinessDate' });
    expect(await fails('loans/repay', { loanId: 'JK-NOPE', amount: '5' })).toMatchObject({ code: 'NOT_FOUND', key: 'servicing.loanNotFound' });
    const zh = await callApi('loans/repay', { loanId: 'JK-NOPE', amount: '5' }, book.ctx('officer', 'zh-CN'));
    expect(zh).toMatchObject({ ok: false, error: { message: '不存在借据 JK-NOPE' } });
    setDate('2025-07-01');
    expect(await fails('loans/repay', { loanId, amount: '200000' })).toMatchObject({ code: 'RULE', key: 'servicing.overpaid' });
    expect(await fails('loans/repay', { loanId, amount: '8884.88', date: '2025-07-01', recast: 'sideways' })).toMatchObject({ code: 'VALIDATION' });
  }, 30_000);
});
