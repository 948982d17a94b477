/** SQL for issued documents and the loan facts documents print. */
import type { Db } from '../connection';
import { prepared } from '../statements';

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

export const DOCUMENT_SQL = {
  latestContent: `SELECT content FROM issued_documents WHERE owner_type = @ownerType AND owner_id = @ownerId AND type = @type
    ORDER BY issued_at DESC, rowid DESC LIMIT 1`,
  sameContent: `SELECT i.id, i.document_id, i.number, i.content_hash, d.sha256, d.size_bytes FROM issued_documents i JOIN documents d ON d.id = i.document_id
    WHERE i.owner_type = @ownerType AND i.owner_id = @ownerId AND i.type = @type AND i.lang = @lang AND i.content_hash = @hash
    ORDER BY i.issued_at DESC LIMIT 1`,
  insertIssued: `INSERT INTO issued_documents (id, document_id, type, number, lang, owner_type, owner_id, content_hash, content, issued_at, issued_by)
    VALUES (@id, @document_id, @type, @number, @lang, @owner_type, @owner_id, @content_hash, @content, @issued_at, @issued_by)`,
  issuedFor: `SELECT i.id, i.document_id, i.type, i.number, i.lang, i.owner_type, i.owner_id, i.content_hash, i.issued_at,
      u.display_name AS issued_by_name, d.sha256, d.size_bytes
    FROM issued_documents i JOIN documents d ON d.id = i.document_id LEFT JOIN users u ON u.id = i.issued_by
    WHERE i.owner_type = @ownerType AND i.owner_id = @ownerId ORDER BY i.issued_at DESC, i.rowid DESC LIMIT 100`,
  loan: `SELECT l.id, l.number, l.customer_id, l.application_id, l.method, l.principal, l.annual_rate, l.term, l.frequency, l.day_count, l.disbursement_date,
      l.first_due_date, l.maturity_date, l.amount_received, l.credit_limit, l.status, l.outstanding_principal, l.oldest_unpaid_due_date,
      p.name_zh AS product_name, p.penalty_markup, p.line_allocation, p.rounding, p.decimals, a.purpose
    FROM loans l JOIN products p ON p.id = l.product_id LEFT JOIN applications a ON a.id = l.application_id WHERE l.id = ?`,
  installments: `SELECT n, due_date, principal_due, interest_due, fee_due, principal_paid, interest_paid, fee_paid, penalty_accrued, penalty_paid, paid_date
    FROM installments WHERE loan_id = ? ORDER BY n LIMIT 2000`,
  setContractHash: `UPDATE loans SET contract_hash = @hash WHERE application_id = @application`,
} as const;

export function documentRepo(db: Db) {
  const s = prepared(db, DOCUMENT_SQL);
  return {
    latestContent: (ownerType: string, ownerId: string, type: string) =>
      (s.latestContent.get({ ownerType, ownerId, type }) as { content: string } | undefined)?.content ?? null,
    sameContent: (ownerType: string, ownerId: string, type: string, lang: string, hash: string) =>
      s.sameContent.get({ ownerType, ownerId, type, lang, hash }) as { id: string; document_id: string; number: string; content_hash: string; sha256: string; size_bytes: number } | undefined,
    insertIssued: (row: Record<string, unknown>) => void s.insertIssued.run(row),
    issuedFor: (ownerType: string, ownerId: string) => s.issuedFor.all({ ownerType, ownerId }) as IssuedRow[],
    loan: (id: string) => s.loan.get(id) as LoanRow | undefined,
    installments: (loanId: string) =>
      s.installments.all(loanId) as {
        n: number; due_date: string; principal_due: bigint; interest_due: bigint; fee_due: bigint;
        principal_paid: bigint; interest_paid: bigint; fee_paid: bigint; penalty_accrued: bigint; penalty_paid: bigint; paid_date: string | null;
      }[],
  };
}
