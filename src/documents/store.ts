/**
 * What the documents module reads and writes on the book: documents issued (a row per copy, with
 * its content and check code), and the facts of a loan its papers print. The store (src/db) is the
 * only code that knows SQL or which engine it is on.
 */

export interface IssuedRow {
  id: string;
  document_id: string;
  type: string;
  number: string;
  lang: string;
  owner_type: string;
  owner_id: string;
  content_hash: string;
  issued_at: string;
  issued_by_name: string | null;
  sha256: string;
  size_bytes: number;
}

export interface LoanRow {
  id: string;
  number: string;
  customer_id: string;
  application_id: string | null;
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
  /** A line's limit (null for a term loan). */
  credit_limit: bigint | null;
  status: string;
  outstanding_principal: bigint;
  oldest_unpaid_due_date: string | null;
  product_name: string;
  penalty_markup: string;
  line_allocation: string | null;
  rounding: string;
  /** The product's scale: 2 (fen) or 0 (whole yuan). The book's amounts are in fen either way. */
  decimals: number;
  purpose: string | null;
}

/** A copy already issued with the same content and language (printing twice adds nothing). */
export interface SameContent {
  id: string;
  document_id: string;
  number: string;
  content_hash: string;
  sha256: string;
  size_bytes: number;
}

export interface NewIssued {
  id: string;
  document_id: string;
  type: string;
  number: string;
  lang: string;
  owner_type: string;
  owner_id: string;
  content_hash: string;
  content: string;
  issued_at: string;
  issued_by: string | null;
}

export interface LoanInstallmentRow {
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

export interface DocumentStore {
  /** The content of the latest copy of a document of this type for its owner, or null. */
  latestContent(ownerType: string, ownerId: string, type: string): Promise<string | null>;
  sameContent(ownerType: string, ownerId: string, type: string, lang: string, hash: string): Promise<SameContent | undefined>;
  insertIssued(issued: NewIssued): Promise<void>;
  /** What has been issued for an owner, newest first (at most 100). */
  issuedFor(ownerType: string, ownerId: string): Promise<IssuedRow[]>;
  loan(id: string): Promise<LoanRow | undefined>;
  installments(loanId: string): Promise<LoanInstallmentRow[]>;
}

// ——— Receipts and letters ————————————————————————————————————————————————————————————————————

/** Transactions a borrower pays in; each is receipted. */
export const RECEIPTED_KINDS = ['repayment', 'prepayment', 'recovery'] as const;

/** A payment as its receipt states it: its place among the loan's payments and the principal settled by it and before it. */
export interface ReceiptTransactionRow {
  id: string;
  loan_id: string;
  kind: string;
  value_date: string;
  business_date: string;
  amount: bigint;
  reference: string | null;
  reversed: number;
  ordinal: number;
  principal_repaid: bigint;
  drawn: bigint;
}

export interface ReceiptAllocationRow {
  n: number;
  due_date: string | null;
  principal: bigint;
  interest: bigint;
  fee: bigint;
  penalty: bigint;
}

export interface OverdueLoanRow {
  id: string;
  number: string;
  method: string;
  status: string;
  principal: bigint;
  annual_rate: string;
  disbursement_date: string;
  maturity_date: string;
  outstanding_principal: bigint;
  oldest_unpaid_due_date: string | null;
  product_name: string;
  product_name_en: string;
  penalty_markup: string;
  customer_kind: 'individual' | 'business';
  customer_name: string;
  id_number: string | null;
  credit_code: string | null;
  address: string | null;
  case_id: string | null;
  case_status: string | null;
  collector_name: string | null;
}

/**
 * What receipts and collection letters read: a payment with its allocations and the loan's position
 * after it; the loans late by a number of days, with their borrower, open case and collector, read
 * in one set-based query (never one query per loan), oldest first.
 */
export interface NoticeStore {
  receiptTransaction(id: string): Promise<ReceiptTransactionRow | undefined>;
  receiptAllocations(id: string, loanId: string): Promise<ReceiptAllocationRow[]>;
  overdueLoan(id: string): Promise<OverdueLoanRow | undefined>;
  /** Loans late on or before `cutoff` (the business date less the days), oldest first, then by id. */
  lateLoans(cutoff: string, limit?: number): Promise<OverdueLoanRow[]>;
  countLate(cutoff: string): Promise<number>;
}
