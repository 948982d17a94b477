/**
 * The loan view is in no language and carries the actions its caller may take now, so the desk
 * copies no rule of the engine's: who may post, reverse (only the latest live posting, a write-off
 * only with the authority to write off), write off, recover, draw, and open a collection case.
 * Hand-worked: a 12 × 10,000 loan paid out on 2025-04-01, its first installment due 2025-05-01.
 * On a desk's book and on the office book alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { freshBook, freshOfficeBook, type Book, type OfficeTestBook } from '../helpers/book';
import { builderOf, call, disbursedLoan } from '../helpers/servicing';
import type { Role } from '../../src/identity/roles';
import type { LoanActions } from '../../src/servicing/view';

interface View {
  loan: { product: { zh: string; en: string }; status: string };
  actions: LoanActions;
}

for (const engine of ['sqlite', 'postgres'] as const) {
  describe.sequential(engine, () => {
    let book: Book | OfficeTestBook;
    let loan: string;
    let line: string;
    const view = (id: string, role: Role): Promise<View> => call<View>(book, 'loans/get', { id }, role);

    const setDate = async (date: string): Promise<void> => {
      await sql`UPDATE business_day SET business_date = ${date} WHERE id = 1`.execute(builderOf(book));
    };

    beforeAll(async () => {
      book = engine === 'sqlite' ? await freshBook() : await freshOfficeBook();
      await setDate('2025-04-01');
      loan = await disbursedLoan(book, { amount: '10000', term: 12, rate: '0.072' });
      line = await disbursedLoan(book, { productId: 'P-RV', amount: '50000', term: 12, rate: '0.144' });
      // Two months on: the installment of 2025-05-01 is unpaid, 31 days late on 2025-06-01.
      await setDate('2025-06-01');
    });
    afterAll(async () => {
      await book?.close();
    });

    describe(`the loan view on ${engine === 'sqlite' ? 'a desk’s book' : 'the office book'}`, () => {
      it('names the product in both languages and leaves the choice to the desk', async () => {
        const v = await view(loan, 'officer');
        expect(v.loan.product.zh).toMatch(/\p{Script=Han}/u);
        expect(v.loan.product.en).toMatch(/^[\x20-\x7e]+$/);
      });

      it('gives each role its own actions on an active, late term loan', async () => {
        // The disbursement is the only posting, and a disbursement is never reversed.
        expect((await view(loan, 'officer')).actions).toEqual({ pay: true, draw: false, waive: true, writeOff: false, recover: false, reverse: null, viewCase: false, openCase: false });
        expect((await view(loan, 'branch_manager')).actions).toMatchObject({ pay: true, writeOff: true, openCase: true });
        // Collections read loans and open cases; they post nothing.
        expect((await view(loan, 'collections')).actions).toEqual({ pay: false, draw: false, waive: false, writeOff: false, recover: false, reverse: null, viewCase: false, openCase: true });
      });

      it('offers to reverse only the latest live posting, a write-off only to who may write off', async () => {
        const paid = await call<{ transactionId: string }>(book, 'loans/repay', { loanId: loan, amount: '100', reference: 'ACT-1' }, 'officer');
        expect((await view(loan, 'officer')).actions.reverse).toBe(paid.transactionId);
        const written = await call<{ transactionId: string }>(book, 'loans/writeOff', { loanId: loan, reason: '失联' }, 'branch_manager');
        const officer = await view(loan, 'officer');
        expect(officer.loan.status).toBe('written_off');
        expect(officer.actions).toMatchObject({ pay: false, waive: false, writeOff: false, recover: true, reverse: null });
        expect((await view(loan, 'branch_manager')).actions.reverse).toBe(written.transactionId);
      });

      it('offers draws on a line, and a line waiver only when it owes penalty', async () => {
        // Before its expiry a line owes no penalty interest: nothing to waive.
        expect((await view(line, 'officer')).actions).toMatchObject({ pay: true, draw: true, waive: false });
        expect((await view(line, 'collections')).actions).toMatchObject({ pay: false, draw: false });
      });
    });
  });
}
