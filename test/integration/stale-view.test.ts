/**
 * A desk whose view of a loan is stale is told rather than posting over it: the loan view carries
 * the loan's version, a posting sent with the version it was made on is refused once another desk
 * has posted to the loan since, and nothing of it is written. On a desk's book and the office book.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { callApi } from '../../src/api';
import { freshBook, freshOfficeBook, type Book, type OfficeTestBook } from '../helpers/book';
import { builderOf, call, disbursedLoan } from '../helpers/servicing';
import { sql } from 'kysely';

let book: Book | OfficeTestBook | undefined;
afterEach(async () => {
  await book?.close();
  book = undefined;
});

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`a stale view on ${engine === 'sqlite' ? 'a desk’s book' : 'the office book'}`, () => {
    it('is refused with the loan named, writes nothing, and a fresh view posts', async () => {
      book = engine === 'sqlite' ? await freshBook() : await freshOfficeBook();
      const loanId = await disbursedLoan(book, { amount: '10000', term: 12, rate: '0.12' });
      await sql`UPDATE business_day SET business_date = '2025-07-01' WHERE id = 1`.execute(builderOf(book));
      const seenByA = (await call<{ version: string }>(book, 'loans/get', { id: loanId })).version;
      // Desk B posts first.
      expect((await callApi('loans/repay', { loanId, amount: '100.00', seen: seenByA }, book.ctx('branch_manager'))).ok).toBe(true);
      // Desk A, on the view it opened before that.
      const stale = await callApi('loans/repay', { loanId, amount: '888.49', seen: seenByA }, book.ctx('officer'));
      expect(stale.ok ? null : stale.error).toMatchObject({ code: 'CONFLICT', key: 'servicing.loanChanged' });
      expect(stale.ok ? '' : stale.error.message).toMatch(/^loan JK\d{8}-\d{4} was changed at another desk/);
      const zh = await callApi('loans/repay', { loanId, amount: '888.49', seen: seenByA }, book.ctx('officer', 'zh-CN'));
      expect(zh.ok ? '' : zh.error.message).toContain('已被其他工作台修改');
      const count = await sql<{ n: number }>`SELECT count(*) AS n FROM transactions WHERE loan_id = ${loanId}`.execute(builderOf(book));
      expect(count.rows[0]?.n).toBe(2);
      // Reloaded, the view has a new version, and the posting goes through on it.
      const fresh = (await call<{ version: string }>(book, 'loans/get', { id: loanId })).version;
      expect(fresh).not.toBe(seenByA);
      expect((await callApi('loans/repay', { loanId, amount: '788.49', seen: fresh }, book.ctx('officer'))).ok).toBe(true);
    }, 60_000);
  });
}
