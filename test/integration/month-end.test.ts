/**
 * A loan paid out on the last day of a month, through the api on a real book (issue 12, item 7):
 * the contract, its schedule, the booked loan, its own documents and a recast all keep the due
 * dates on the disbursement day (the last day of a shorter month) and mature on the 31st.
 * Expected dates are worked out by hand from the calendar; the amounts are those of
 * docs/loan-math.md (check value 1 and "The loan ledger"), which hold here because with
 * per-period 30/360 interest every period is a regular month at 1%, whatever its days.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { identityRepo } from '../../src/db/repos/identity';
import { freshBook, type Book } from '../helpers/book';
import { call, signedApplication } from '../helpers/servicing';

let book: Book;
afterEach(() => book?.close());

// Paid out 2025-01-31: due on the 31st or, in a shorter month, its last day. February 2025 has 28
// days; April, June, September and November 30; the others 31. The twelfth date is 2026-01-31.
const DUE = [
  '2025-02-28', '2025-03-31', '2025-04-30', '2025-05-31', '2025-06-30', '2025-07-31',
  '2025-08-31', '2025-09-30', '2025-10-31', '2025-11-30', '2025-12-31', '2026-01-31',
];

type Content = { firstDueDate: string; maturityDate: string; repaymentDay: number; schedule: { n: number; dueDate: string; total: string }[] };
type Issued = { contentBase64: string };

function pdfText(base64: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'suanpan-month-end-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, Buffer.from(base64, 'base64'));
    return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('a loan paid out on 2025-01-31', () => {
  it('is due on each month-end from the contract to the booked loan and its recast, maturing 2026-01-31', async () => {
    book = await freshBook();
    identityRepo(book.db).setBusinessDate('2025-01-31');
    // 100,000 at 12% over 12 months, 等额本息 (check value 1).
    const appId = await signedApplication(book, { amount: '100000', term: 12, rate: '0.12' });
    const contract = JSON.parse((book.db.prepare("SELECT content FROM issued_documents WHERE owner_id = ? AND type = 'contract'").get(appId) as { content: string }).content) as Content;
    expect(contract.schedule.map((r) => r.dueDate)).toEqual(DUE);
    expect(contract).toMatchObject({ firstDueDate: '2025-02-28', maturityDate: '2026-01-31', repaymentDay: 31 });
    // A regular first period: the check value's payment, 8,884.88, and its last, 8,884.85.
    expect(contract.schedule[0]?.total).toBe('8884.88');
    expect(contract.schedule[11]?.total).toBe('8884.85');

    // The contract and schedule on paper say the same.
    const text = pdfText((await call<Issued>(book, 'documents/issue', { type: 'contract', id: appId, lang: 'zh-CN' }, 'officer')).contentBase64).replace(/\s+/g, '');
    for (const expected of ['自2025-01-31起至2026-01-31止', '每月31日（当月没有31日的，为当月最后一日）还款', '首期还款日为2025-02-28']) expect(text, expected).toContain(expected);
    const en = pdfText((await call<Issued>(book, 'documents/issue', { type: 'contract', id: appId, lang: 'en' }, 'officer')).contentBase64).replace(/\s+/g, ' ');
    expect(en).toContain('on day 31 (the last day of a month that has no day 31) of each month, first on 2025-02-28');
    const sheet = pdfText((await call<Issued>(book, 'documents/issue', { type: 'schedule', id: appId, lang: 'zh-CN' }, 'officer')).contentBase64);
    for (const d of DUE) expect(sheet, d).toContain(d);
    expect(sheet).not.toContain('2025-03-28');

    // Booked exactly as printed.
    const { loanId } = await call<{ loanId: string }>(book, 'loans/disburse', { applicationId: appId }, 'senior_approver');
    const row = book.db.prepare('SELECT first_due_date, maturity_date FROM loans WHERE id = ?').get(loanId);
    expect(row).toEqual({ first_due_date: '2025-02-28', maturity_date: '2026-01-31' });
    const booked = await call<{ schedule: { n: number; dueDate: string }[] }>(book, 'loans/get', { id: loanId });
    expect(booked.schedule.map((i) => i.dueDate)).toEqual(DUE);
    // The loan's own documents read the booked rows and name the same repayment day.
    const loanText = pdfText((await call<Issued>(book, 'documents/issue', { type: 'contract', id: loanId, lang: 'zh-CN' }, 'officer')).contentBase64).replace(/\s+/g, '');
    expect(loanText).toContain('每月31日（当月没有31日的，为当月最后一日）还款');

    // 28,884.88 on the first due date, reduce payment: installment 1 and 20,000.00 of principal,
    // installment 2 becomes 6,234.65 + 721.15 (docs/loan-math.md, "The loan ledger"); the later
    // dates stay on the month-ends.
    identityRepo(book.db).setBusinessDate('2025-02-28');
    await call(book, 'loans/prepay', { loanId, amount: '28884.88', recast: 'reduce-payment' }, 'officer');
    const recast = await call<{ schedule: { n: number; dueDate: string; due: { principal: string; interest: string } }[] }>(book, 'loans/get', { id: loanId });
    expect(recast.schedule.map((i) => i.dueDate)).toEqual(DUE);
    expect(recast.schedule[1]?.due).toMatchObject({ principal: '6234.65', interest: '721.15' });
  }, 60_000);

  it('paid out 2024-01-30 (a leap year): 2024-02-29, then the 30th', async () => {
    book = await freshBook();
    identityRepo(book.db).setBusinessDate('2024-01-30');
    const appId = await signedApplication(book, { amount: '100000', term: 6, rate: '0.12' });
    const contract = JSON.parse((book.db.prepare("SELECT content FROM issued_documents WHERE owner_id = ? AND type = 'contract'").get(appId) as { content: string }).content) as Content;
    expect(contract.schedule.map((r) => r.dueDate)).toEqual(['2024-02-29', '2024-03-30', '2024-04-30', '2024-05-30', '2024-06-30', '2024-07-30']);
    expect(contract).toMatchObject({ repaymentDay: 30, maturityDate: '2024-07-30' });
  }, 30_000);
});
