/**
 * What the servicing module reads and writes on the book: a loan with its product's servicing
 * settings, its installments, its ledger (transactions with their allocations), in fen as the book
 * keeps them, and the store that reads and writes them inside the caller's unit of work. The store
 * (src/db) is the only code that knows SQL or which engine it is on.
 */
import type { LprEntry } from '../pricing/caps';

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

export interface NewLoanRecord {
  id: string;
  number: string;
  application_id: string | null;
  customer_id: string;
  product_id: string;
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
  oldest_unpaid_due_date: string | null;
  contract_hash: string | null;
  created_at: string;
  penalty_markup: string | null;
  penalty_cap_rate: string | null;
  recast_choice: string;
  schedule_terms: string | null;
}

export interface NewInstallmentRecord {
  loan_id: string;
  n: number;
  due_date: string;
  principal_due: bigint;
  interest_due: bigint;
  fee_due: bigint;
}

export interface NewTransactionRecord {
  id: string;
  loan_id: string;
  kind: string;
  value_date: string;
  business_date: string;
  amount: bigint;
  reference: string | null;
  reverses_id: string | null;
  user_id: string | null;
  created_at: string;
  recast: string | null;
  reason: string | null;
}

export interface AllocationRecord {
  transaction_id: string;
  installment_n: number;
  principal: bigint;
  interest: bigint;
  fee: bigint;
  penalty: bigint;
}

/** An installment's dues and what is paid, rewritten together from the ledger. */
export type InstallmentUpdate = Omit<InstallmentRow, 'due_date'> & { loan_id: string };

export interface LoanStateUpdate {
  id: string;
  principal: bigint;
  outstanding_principal: bigint;
  status: string;
  oldest_unpaid_due_date: string | null;
  closed_date: string | null;
}

export interface ServicingStore {
  loanById(id: string): Promise<ServicingLoanRow | undefined>;
  loanByNumber(number: string): Promise<ServicingLoanRow | undefined>;
  loanByApplication(applicationId: string): Promise<{ id: string; number: string } | undefined>;
  /** The loan a transaction belongs to, or null. */
  transactionLoan(transactionId: string): Promise<string | null>;
  installments(loanId: string): Promise<InstallmentRow[]>;
  ledger(loanId: string): Promise<LedgerRow[]>;
  /** The book's one-year LPR table, oldest first (for a loan booked without its cap). */
  lprTable(): Promise<LprEntry[]>;
  insertLoan(loan: NewLoanRecord): Promise<void>;
  insertInstallment(installment: NewInstallmentRecord): Promise<void>;
  insertTransaction(transaction: NewTransactionRecord): Promise<void>;
  insertAllocation(allocation: AllocationRecord): Promise<void>;
  updateInstallment(update: InstallmentUpdate): Promise<void>;
  updateLoan(update: LoanStateUpdate): Promise<void>;
  setRecastChoice(loanId: string, choice: string): Promise<void>;
}
