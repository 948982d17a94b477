/**
 * A whole-yuan product (decimals 0) end to end through the api on a real book: application, offer,
 * contract, disbursement, repayment, the ledger, the close and a letter. The book keeps fen for every
 * product, so the close sums like amounts; the loan's own figures are whole yuan.
 *
 * Worked by hand (docs/loan-math.md, "Further worked figures"; docs/checks/schedules.py): 100,000 at 12% a year over 12 months,
 * 等额本息, monthly rate 1%: the level payment 100,000 x 0.01 / (1 - 1.01^-12) = 8,884.8788… rounds
 * half-up to the yuan, 8,885; the first month's interest is 100,000 x 1% = 1,000, so its principal is
 * 7,885 and 92,115 remains.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi } from '../../src/api';
import { identityRepo } from '../../src/db/repos/identity';
import { closeDay } from '../../src/eod/close';
import { insertStandardProducts } from '../../src/origination/products';
import { applicationStore } from '../../src/db/repos/applications';
import { kyselyOf } from '../../src/db/kysely';
import { DEFAULT_ORIGINATION } from '../../src/origination/settings';
import { freshBook, type Book } from '../helpers/book';
import { call, idNumber } from '../helpers/servicing';

let book: Book;
afterEach(() => book?.close());

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex').toString('base64');

function pdfText(base64: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'suanpan-yuan-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, Buffer.from(base64, 'base64'));
    return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The standard 等额本息 product again, as a whole-yuan product. */
function wholeYuanProduct(b: Book): void {
  const columns = (b.db.prepare('PRAGMA table_info(products)').all() as { name: string }[]).map((c) => c.name);
  const values = columns.map((c) => ({ id: "'P-YUAN'", code: "'YUAN-EI'", name_zh: "'整元消费贷'", name_en: "'Whole-yuan consumer loan'", decimals: '0' })[c] ?? c);
  b.db.prepare(`INSERT INTO products (${columns.join(', ')}) SELECT ${values.join(', ')} FROM products WHERE id = 'P-EI'`).run();
}

describe('a whole-yuan product', () => {
  it('quotes, offers, contracts, books, posts, closes and writes letters in whole yuan, and keeps fen in the book', async () => {
    book = await freshBook();
    identityRepo(book.db).setBusinessDate('2025-01-15');
    await insertStandardProducts(applicationStore(kyselyOf(book.db)), '2025-01-01T09:00:00.000Z');
    wholeYuanProduct(book);
    const price = { rate: '0.12', maxAmount: '200000', maxTerm: 12, incomeMultiple: 20 };
    await call(book, 'settings/saveOrigination', { settings: { ...DEFAULT_ORIGINATION, pricing: { 'YUAN-EI': { A: price, B: price, C: price, D: price, E: price } } } }, 'admin');
    const customer = await call<{ id: string }>(book, 'customers/create', { kind: 'individual', name: '王整', idNumber: idNumber('110105', '19850312', '011'), phone: '13812340000', address: '北京市西城区' }, 'officer');
    const application = (amount: string) => callApi('applications/create', {
      customerId: customer.id, productId: 'P-YUAN', amount, term: 12, purpose: '装修', monthlyIncome: '30000', monthlyDebt: '0',
      employmentYears: 8, bureauOverdue24m: 0, bureauInquiries6m: 1, bureauCurrentOverdue: 0,
    }, book.ctx('officer'));

    // A fraction of a yuan is not an amount of this product.
    expect(await application('100000.50')).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'validation.amount', fields: [{ field: 'amount' }] } });
    const created = await application('100000');
    if (!created.ok) throw new Error(created.error.message);
    const appId = (created.result as { id: string }).id;
    // The book keeps fen: 100,000 yuan is 10,000,000.
    expect(book.db.prepare('SELECT amount FROM applications WHERE id = ?').get(appId)).toEqual({ amount: 10_000_000 });

    for (const kind of ['id_card', 'income_proof']) await call(book, 'applications/addDocument', { applicationId: appId, kind, fileName: `${kind}.png`, contentBase64: PNG }, 'officer');
    await call(book, 'applications/submit', { id: appId }, 'officer');
    type Offer = { amount: string; monthlyPayment: string; schedule: { installments: { kind: string; total: string }[] } };
    const { assessment } = await call<{ assessment: { offer: Offer | null } }>(book, 'applications/get', { id: appId }, 'officer');
    // The offer's schedule is in whole yuan: 8,885 a month, not 8,884.88 and not a hundredth of it.
    expect(assessment.offer?.monthlyPayment).toBe('8885');
    expect(assessment.offer?.schedule.installments.find((r) => r.kind === 'installment')?.total).toBe('8885');
    await call(book, 'applications/decide', { id: appId, action: 'approve', note: '同意' }, 'senior_approver');

    // The contract states the amount in capitals and the payment in whole yuan.
    const contract = await call<{ contentBase64: string }>(book, 'documents/issue', { type: 'contract', id: appId, lang: 'zh-CN' }, 'officer');
    const text = pdfText(contract.contentBase64);
    for (const expected of ['壹拾万元整', '8,885']) expect(text, expected).toContain(expected);
    expect(text).not.toContain('8,884.88');
    await call(book, 'applications/sign', { id: appId }, 'officer');
    const paidOut = await call<{ loanId: string; amountPaidOut: string }>(book, 'loans/disburse', { applicationId: appId }, 'senior_approver');
    expect(paidOut.amountPaidOut).toBe('100000');
    const loanId = paidOut.loanId;

    // Booked in fen: the first installment is 7,885 + 1,000 yuan.
    expect(book.db.prepare('SELECT principal_due, interest_due FROM installments WHERE loan_id = ? AND n = 1').get(loanId)).toEqual({ principal_due: 788_500, interest_due: 100_000 });

    // Paid on its due date in whole yuan; fen are refused.
    identityRepo(book.db).setBusinessDate('2025-02-15');
    expect(await callApi('loans/repay', { loanId, amount: '8885.50' }, book.ctx('officer'))).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'validation.amount' } });
    const paid = await call<{ outstanding: string }>(book, 'loans/repay', { loanId, amount: '8885' }, 'officer');
    expect(paid.outstanding).toBe('92115');
    expect(book.db.prepare("SELECT amount FROM transactions WHERE loan_id = ? AND kind = 'repayment'").get(loanId)).toEqual({ amount: 888_500 });
    expect(book.db.prepare('SELECT outstanding_principal FROM loans WHERE id = ?').get(loanId)).toEqual({ outstanding_principal: 9_211_500 });
    const view = await call<{ loan: { principal: string; amountReceived: string }; balances: { outstandingPrincipal: string } }>(book, 'loans/get', { id: loanId });
    expect(view.balances.outstandingPrincipal).toBe('92115');
    expect(view.loan).toMatchObject({ principal: '100000', amountReceived: '100000' });

    // The close sums the book in fen: 92,115 yuan is 92,115.00 of the book's normal loans.
    const summary = closeDay(book.db, () => new Date('2025-02-15T18:00:00Z'));
    expect(summary.byCategory.normal).toMatchObject({ loans: 1, balance: '92115.00' });

    // Left unpaid past its second due date (2025-03-15): interest 92,115 x 1% = 921.15, 921 yuan;
    // principal 8,885 - 921 = 7,964; penalty at 18% (12% + 50%) on 7,964 for 5 days is 19.6–19.9
    // whichever year basis, 20 yuan. The letter asks for 8,905 (in the book's fen, as its balances).
    identityRepo(book.db).setBusinessDate('2025-03-20');
    const notice = await call<{ contentBase64: string }>(book, 'documents/notice', { loanId, type: 'notice', lang: 'zh-CN' }, 'collections');
    const letter = pdfText(notice.contentBase64);
    for (const expected of ['7,964.00 921.00 20.00 8,905.00', '逾期应还合计：¥8,905.00（大写：捌仟玖佰零伍元整）', '¥92,115.00']) expect(letter, expected).toContain(expected);
  });
});
