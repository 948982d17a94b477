/**
 * SQL for the loan ledger: one loan by id or number with its product's servicing settings, its
 * installments, its transactions with their allocations, and the writes of a posting. Every read is
 * keyed (loan id, loan number, the loan's transactions through transactions_loan, allocations by
 * their transaction's key): posting costs the same on a book of a hundred loans or a million.
 */
import type { Db } from '../connection';
import { prepared } from '../statements';
import type { Q } from '../kysely';
import { lprStore } from './lpr';
import type { InstallmentRow, LedgerRow, ServicingLoanRow, ServicingStore } from '../../servicing/records';

export type { InstallmentRow, LedgerRow, ServicingLoanRow } from '../../servicing/records';

const LOAN = `SELECT l.id, l.number, l.application_id, l.customer_id, c.name AS customer_name, l.product_id, p.name_zh AS product_name_zh,
    p.name_en AS product_name_en, l.method, l.principal, l.annual_rate, l.term, l.frequency, l.day_count, l.disbursement_date, l.first_due_date,
    l.maturity_date, l.amount_received, l.credit_limit, l.status, l.outstanding_principal, l.oldest_unpaid_due_date, l.five_category,
    l.contract_hash, l.closed_date, l.penalty_markup, l.penalty_cap_rate, l.recast_choice, l.schedule_terms,
    p.penalty_markup AS product_penalty_markup, p.allocation_order, p.line_allocation, p.interest_mode, p.principal_grace, p.rounding,
    p.payment_multiple, p.decimals
  FROM loans l JOIN products p ON p.id = l.product_id JOIN customers c ON c.id = l.customer_id`;

export const SERVICING_SQL = {
  loanById: `${LOAN} WHERE l.id = ?`,
  loanByNumber: `${LOAN} WHERE l.number = ?`,
  loanByApplication: `SELECT id, number FROM loans WHERE application_id = ?`,
  transactionLoan: `SELECT loan_id FROM transactions WHERE id = ?`,
  installments: `SELECT n, due_date, principal_due, interest_due, fee_due, principal_paid, interest_paid, fee_paid, penalty_accrued, penalty_paid, paid_date
    FROM installments WHERE loan_id = ? ORDER BY n LIMIT 2000`,
  ledger: `SELECT t.id, t.kind, t.value_date, t.business_date, t.amount, t.reference, t.reverses_id, t.recast, t.reason, t.user_id,
      u.display_name AS user_name, t.created_at, a.installment_n, a.principal, a.interest, a.fee, a.penalty
    FROM transactions t LEFT JOIN allocations a ON a.transaction_id = t.id LEFT JOIN users u ON u.id = t.user_id
    WHERE t.loan_id = ? ORDER BY t.value_date, t.id, a.installment_n LIMIT 20000`,
  insertLoan: `INSERT INTO loans (id, number, application_id, customer_id, product_id, method, principal, annual_rate, term, frequency, day_count,
      disbursement_date, first_due_date, maturity_date, amount_received, credit_limit, status, outstanding_principal, oldest_unpaid_due_date,
      contract_hash, created_at, penalty_markup, penalty_cap_rate, recast_choice, schedule_terms)
    VALUES (@id, @number, @application_id, @customer_id, @product_id, @method, @principal, @annual_rate, @term, @frequency, @day_count,
      @disbursement_date, @first_due_date, @maturity_date, @amount_received, @credit_limit, 'active', @principal, @oldest_unpaid_due_date,
      @contract_hash, @created_at, @penalty_markup, @penalty_cap_rate, @recast_choice, @schedule_terms)`,
  insertInstallment: `INSERT INTO installments (loan_id, n, due_date, principal_due, interest_due, fee_due)
    VALUES (@loan_id, @n, @due_date, @principal_due, @interest_due, @fee_due)`,
  insertTransaction: `INSERT INTO transactions (id, loan_id, kind, value_date, business_date, amount, reference, reverses_id, user_id, created_at, recast, reason)
    VALUES (@id, @loan_id, @kind, @value_date, @business_date, @amount, @reference, @reverses_id, @user_id, @created_at, @recast, @reason)`,
  insertAllocation: `INSERT INTO allocations (transaction_id, installment_n, principal, interest, fee, penalty)
    VALUES (@transaction_id, @installment_n, @principal, @interest, @fee, @penalty)`,
  // Dues and what is paid change together, so the CHECKs (paid <= due) hold for every row written.
  updateInstallment: `UPDATE installments SET principal_due = @principal_due, interest_due = @interest_due, fee_due = @fee_due,
      principal_paid = @principal_paid, interest_paid = @interest_paid, fee_paid = @fee_paid, penalty_accrued = @penalty_accrued,
      penalty_paid = @penalty_paid, paid_date = @paid_date
    WHERE loan_id = @loan_id AND n = @n`,
  updateLoan: `UPDATE loans SET principal = @principal, outstanding_principal = @outstanding_principal, status = @status,
      oldest_unpaid_due_date = @oldest_unpaid_due_date, closed_date = @closed_date
    WHERE id = @id`,
  setRecastChoice: `UPDATE loans SET recast_choice = @recast_choice WHERE id = @id`,
} as const;

export function servicingRepo(db: Db) {
  const s = prepared(db, SERVICING_SQL);
  return {
    loanById: (id: string) => s.loanById.get(id) as ServicingLoanRow | undefined,
    loanByNumber: (number: string) => s.loanByNumber.get(number) as ServicingLoanRow | undefined,
    loanByApplication: (applicationId: string) => s.loanByApplication.get(applicationId) as { id: string; number: string } | undefined,
    transactionLoan: (id: string) => (s.transactionLoan.get(id) as { loan_id: string } | undefined)?.loan_id ?? null,
    installments: (loanId: string) => s.installments.all(loanId) as InstallmentRow[],
    ledger: (loanId: string) => s.ledger.all(loanId) as LedgerRow[],
    insertLoan: (row: Record<string, unknown>) => void s.insertLoan.run(row),
    insertInstallment: (row: Record<string, unknown>) => void s.insertInstallment.run(row),
    insertTransaction: (row: Record<string, unknown>) => void s.insertTransaction.run(row),
    insertAllocation: (row: Record<string, unknown>) => void s.insertAllocation.run(row),
    updateInstallment: (row: Record<string, unknown>) => void s.updateInstallment.run(row),
    updateLoan: (row: Record<string, unknown>) => void s.updateLoan.run(row),
    setRecastChoice: (id: string, choice: string) => void s.setRecastChoice.run({ id, recast_choice: choice }),
  };
}

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

/** The ledger of one loan on the book behind `q` (the book, or a unit of work's transaction). */
export function servicingStore(q: Q): ServicingStore {
  return {
    loanById: (id) => loanWithProduct(q).where('l.id', '=', id).executeTakeFirst(),
    loanByNumber: (number) => loanWithProduct(q).where('l.number', '=', number).executeTakeFirst(),
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
