/**
 * SQL for the loan ledger: one loan by id or number with its product's servicing settings, its
 * installments, its transactions with their allocations, and the writes of a posting. Every read is
 * keyed (loan id, loan number, the loan's transactions through transactions_loan, allocations by
 * their transaction's key): posting costs the same on a book of a hundred loans or a million.
 */
import { engineOf, type Q } from '../kysely';
import { lprStore } from './lpr';
import type { InstallmentRow, LedgerRow, ServicingStore } from '../../servicing/records';

export type { InstallmentRow, LedgerRow, ServicingLoanRow } from '../../servicing/records';

/** A loan with its product's servicing settings and its borrower's name (the columns of ServicingLoanRow). */
const loanWithProduct = (q: Q) =>
  q
    .selectFrom('loans as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .innerJoin('customers as c', 'c.id', 'l.customer_id')
    .select([
      'l.id', 'l.number', 'l.application_id', 'l.customer_id', 'c.name as customer_name', 'l.product_id', 'p.name_zh as product_name_zh',
      'p.name_en as product_name_en', 'l.method', 'l.principal', 'l.annual_rate', 'l.term', 'l.frequency', 'l.day_count', 'l.disbursement_date',
      'l.first_due_date', 'l.maturity_date', 'l.amount_received', 'l.credit_limit', 'l.status', 'l.outstanding_principal', 'l.oldest_unpaid_due_date',
      'l.five_category', 'l.contract_hash', 'l.closed_date', 'l.penalty_markup', 'l.penalty_cap_rate', 'l.recast_choice', 'l.schedule_terms',
      'p.penalty_markup as product_penalty_markup', 'p.allocation_order', 'p.line_allocation', 'p.interest_mode', 'p.principal_grace', 'p.rounding',
      'p.payment_multiple', 'p.decimals',
    ]);

/**
 * The ledger of one loan on the book behind `q` (the book, or a unit of work's transaction).
 *
 * Inside a unit of work on the office book, reading a loan locks its row until the unit of work
 * ends: a posting from another desk to the same loan waits, then reads the ledger this one wrote,
 * so two postings never derive the loan from the same stale ledger. (On a desk's SQLite book the
 * unit of work holds the book's one connection, which serializes every change already.)
 */
export function servicingStore(q: Q): ServicingStore {
  const locks = engineOf(q) === 'postgres' && q.isTransaction;
  const loan = () => (locks ? loanWithProduct(q).forUpdate('l') : loanWithProduct(q));
  return {
    loanById: (id) => loan().where('l.id', '=', id).executeTakeFirst(),
    loanByNumber: (number) => loan().where('l.number', '=', number).executeTakeFirst(),
    loanByApplication: (applicationId) => q.selectFrom('loans').select(['id', 'number']).where('application_id', '=', applicationId).executeTakeFirst(),
    transactionLoan: async (id) => (await q.selectFrom('transactions').select('loan_id').where('id', '=', id).executeTakeFirst())?.loan_id ?? null,
    installments: (loanId): Promise<InstallmentRow[]> =>
      q
        .selectFrom('installments')
        .select(['n', 'due_date', 'principal_due', 'interest_due', 'fee_due', 'principal_paid', 'interest_paid', 'fee_paid', 'penalty_accrued', 'penalty_paid', 'paid_date'])
        .where('loan_id', '=', loanId)
        .orderBy('n')
        .limit(2000)
        .execute(),
    ledger: (loanId): Promise<LedgerRow[]> =>
      q
        .selectFrom('transactions as t')
        .leftJoin('allocations as a', 'a.transaction_id', 't.id')
        .leftJoin('users as u', 'u.id', 't.user_id')
        .select([
          't.id', 't.kind', 't.value_date', 't.business_date', 't.amount', 't.reference', 't.reverses_id', 't.recast', 't.reason', 't.user_id',
          'u.display_name as user_name', 't.created_at', 'a.installment_n', 'a.principal', 'a.interest', 'a.fee', 'a.penalty',
        ])
        .where('t.loan_id', '=', loanId)
        .orderBy('t.value_date')
        .orderBy('t.id')
        .orderBy('a.installment_n')
        .limit(20000)
        .execute(),
    lprTable: () => lprStore(q).all(),
    async insertLoan(loan) {
      // A new loan is active and owes all it was lent.
      await q.insertInto('loans').values({ ...loan, status: 'active', outstanding_principal: loan.principal }).execute();
    },
    async insertInstallment(installment) {
      await q.insertInto('installments').values(installment).execute();
    },
    async insertTransaction(transaction) {
      await q.insertInto('transactions').values(transaction).execute();
    },
    async insertAllocation(allocation) {
      await q.insertInto('allocations').values(allocation).execute();
    },
    async updateInstallment({ loan_id, n, ...paid }) {
      // Dues and what is paid change together, so the CHECKs (paid <= due) hold for every row written.
      await q.updateTable('installments').set(paid).where('loan_id', '=', loan_id).where('n', '=', n).execute();
    },
    async updateLoan({ id, ...state }) {
      await q.updateTable('loans').set(state).where('id', '=', id).execute();
    },
    async setRecastChoice(loanId, choice) {
      await q.updateTable('loans').set({ recast_choice: choice }).where('id', '=', loanId).execute();
    },
  };
}
