/**
 * A change sent again with its request key (after the answer was lost) is made once, on a desk's
 * book and on the office book: the second answer is the first, and the ledger and the audit log
 * hold one posting.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { callApi } from '../../src/api';
import { openAnyBook } from '../../src/book';
import { freshBook, freshOfficeBook, type Book, type OfficeTestBook } from '../helpers/book';
import { builderOf, disbursedLoan } from '../helpers/servicing';
import { sql } from 'kysely';

let book: Book | OfficeTestBook | undefined;
afterEach(async () => {
  await book?.close();
  book = undefined;
});

/** A loan on its first due date (a payment on the day it was paid out would be refused). */
const dueLoan = async (b: Book | OfficeTestBook): Promise<string> => {
  const loanId = await disbursedLoan(b, { amount: '10000', term: 12, rate: '0.12' });
  await sql`UPDATE business_day SET business_date = '2025-07-01' WHERE id = 1`.execute(builderOf(b));
  return loanId;
};

const count = async (b: Book | OfficeTestBook, loanId: string): Promise<{ postings: number; audit: number }> => {
  const q = builderOf(b);
  const postings = (await sql<{ n: number }>`SELECT count(*) AS n FROM transactions WHERE loan_id = ${loanId} AND kind <> 'disbursement'`.execute(q)).rows[0]?.n ?? -1;
  const audit = (await sql<{ n: number }>`SELECT count(*) AS n FROM audit_log WHERE method = 'loans/repay'`.execute(q)).rows[0]?.n ?? -1;
  return { postings, audit };
};

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`request keys on ${engine === 'sqlite' ? 'a desk’s book' : 'the office book'}`, () => {
    const open = async (): Promise<Book | OfficeTestBook> => (engine === 'sqlite' ? freshBook() : freshOfficeBook());

    it('makes a change once however often it is sent, and answers each time with the first answer', async () => {
      book = await open();
      const loanId = await dueLoan(book);
      const input = { loanId, amount: '300.00', requestKey: 'desk-7f3a9c21-0001' };
      const first = await callApi('loans/repay', input, book.ctx('officer'));
      const again = await callApi('loans/repay', input, book.ctx('officer'));
      expect(first.ok).toBe(true);
      expect(again).toEqual(first);
      expect(await count(book, loanId)).toEqual({ postings: 1, audit: 1 });
      // Without a key, the same request is a second payment, as it always was.
      const plain = await callApi('loans/repay', { loanId, amount: '300.00' }, book.ctx('officer'));
      expect(plain.ok).toBe(true);
      expect(await count(book, loanId)).toEqual({ postings: 2, audit: 2 });
    }, 60_000);

    it('refuses a key used for another change, and a key that is not one', async () => {
      book = await open();
      const loanId = await dueLoan(book);
      expect((await callApi('loans/repay', { loanId, amount: '300.00', requestKey: 'desk-key-00000002' }, book.ctx('officer'))).ok).toBe(true);
      const other = await callApi('loans/waive', { loanId, reason: 'goodwill', fee: '1.00', requestKey: 'desk-key-00000002' }, book.ctx('branch_manager'));
      expect(other.ok ? null : other.error).toMatchObject({ code: 'CONFLICT', key: 'api.requestKeyReused' });
      const bad = await callApi('loans/repay', { loanId, amount: '1.00', requestKey: 'short' }, book.ctx('officer'));
      expect(bad.ok ? null : bad.error).toMatchObject({ code: 'VALIDATION', key: 'api.requestKey' });
      expect(bad.ok ? '' : bad.error.fields.map((f) => f.field)).toEqual(['requestKey']);
      expect(await count(book, loanId)).toEqual({ postings: 1, audit: 1 });
    }, 60_000);
  });
}

describe('the same request from two desks at once, on the office book', () => {
  it('posts once; both desks get the same answer', async () => {
    const office = await freshOfficeBook();
    book = office;
    const loanId = await dueLoan(office);
    const desks = await Promise.all([0, 1, 2].map(() => openAnyBook(office.url)));
    try {
      const input = { loanId, amount: '500.00', reference: 'BANK-77', requestKey: 'retry-5b1e2d-0042' };
      const answers = await Promise.all(desks.map((b) => callApi('loans/repay', input, { ...office.ctx('officer'), book: b })));
      expect(answers.every((a) => a.ok)).toBe(true);
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
    } finally {
      await Promise.all(desks.map((b) => b.close()));
    }
    expect(await count(office, loanId)).toEqual({ postings: 1, audit: 1 });
  }, 60_000);
});
