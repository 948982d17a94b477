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
