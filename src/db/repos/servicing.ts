/**
 * SQL for the loan ledger: one loan by id or number with its product's servicing settings, its
 * installments, its transactions with their allocations, and the writes of a posting. Every read is
 * keyed (loan id, loan number, the loan's transactions through transactions_loan, allocations by
 * their transaction's key): posting costs the same on a book of a hundred loans or a million.
 */
import type { Db } from '../connection';
import { prepared } from '../statements';

export interface ServicingLoanRow {
  id: string;
  number: string;
  application_id: string | null;
  customer_id: string;
  customer_name: string;
  product_id: string;
  product_name_zh: string;
  product_name_en: string;
  method: string;
  principal: bigint;
  annual_rate: string;
  term: number;
  frequency: string;
  day_count: string;
  disbursement_date: string;
  first_due_date: string;
  maturity_date: string;
  amount_received: bigint;
  credit_limit: bigint | null;
  status: string;
  outstanding_principal: bigint;
  oldest_unpaid_due_date: string | null;
  five_category: string;
  contract_hash: string | null;
  closed_date: string | null;
  penalty_markup: string | null;
  penalty_cap_rate: string | null;
  recast_choice: string;
  schedule_terms: string | null;
  product_penalty_markup: string;
  allocation_order: string;
  line_allocation: string | null;
  interest_mode: string;
  principal_grace: number;
  rounding: string;
  payment_multiple: bigint;
  decimals: number;
}

export interface InstallmentRow {
  n: number;
  due_date: string;
  principal_due: bigint;
  interest_due: bigint;
  fee_due: bigint;
  principal_paid: bigint;
  interest_paid: bigint;
  fee_paid: bigint;
  penalty_accrued: bigint;
  penalty_paid: bigint;
  paid_date: string | null;
}

/** A transaction joined with one of its allocations (installment_n null when it has none). */
export interface LedgerRow {
  id: string;
  kind: string;
  value_date: string;
  business_date: string;
  amount: bigint;
  reference: string | null;
  reverses_id: string | null;
  recast: string | null;
  reason: string | null;
  user_id: string | null;
  user_name: string | null;
  created_at: string;
  installment_n: number | null;
  principal: bigint | null;
  interest: bigint | null;
  fee: bigint | null;
  penalty: bigint | null;
}

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
