/**
 * SQL for receipts and collection notices: a repayment with its allocations and the loan's position
 * after it; the loans that are late by a number of days, with their borrower, open collection case
 * and collector, and their unpaid installments. A batch reads its loans and installments in two
 * set-based queries (never one query per loan), ordered so the rows of one loan come together.
 */
import { sql } from 'kysely';
import type { Q } from '../kysely';
import { RECEIPTED_KINDS, type NoticeStore, type OverdueLoanRow, type ReceiptAllocationRow, type ReceiptTransactionRow } from '../../documents/store';

const KINDS = RECEIPTED_KINDS.map((k) => `'${k}'`).join(', ');

// The loan's open collection case (the newest, if several), its collector, and the borrower.
const LOAN_COLUMNS = `l.id, l.number, l.method, l.status, l.principal, l.annual_rate, l.disbursement_date, l.maturity_date,
    l.outstanding_principal, l.oldest_unpaid_due_date, p.name_zh AS product_name, p.name_en AS product_name_en, p.penalty_markup,
    c.kind AS customer_kind, c.name AS customer_name, c.id_number, c.credit_code, c.address,
    k.id AS case_id, k.status AS case_status, u.display_name AS collector_name`;
const LOAN_JOINS = `JOIN products p ON p.id = l.product_id
    JOIN customers c ON c.id = l.customer_id
    LEFT JOIN collection_cases k ON k.id = (SELECT k2.id FROM collection_cases k2 WHERE k2.loan_id = l.id AND k2.status <> 'closed'
      ORDER BY k2.opened_date DESC, k2.id DESC LIMIT 1)
    LEFT JOIN users u ON u.id = k.assigned_to`;
// Late by at least N days: the oldest unpaid due date on or before the business date less N
// (loans_status_oldest). Oldest first, then by id, so a batch prints in the same order every time.
const LATE = `SELECT id, oldest_unpaid_due_date FROM loans WHERE status = 'active' AND oldest_unpaid_due_date <= $cutoff
    ORDER BY oldest_unpaid_due_date, id LIMIT $limit`;

/** The statements, portable SQL, with `$name` where a value is bound. */
export const NOTICE_SQL = {
  // The position after a payment counts the principal settled by every earlier payment (by value
  // date, then id) and the payment itself; a reversed payment counts for nothing, and the money lent
  // (a disbursement's or a draw's row 0) is not a payment.
  receiptTransaction: `SELECT t.id, t.loan_id, t.kind, t.value_date, t.business_date, t.amount, t.reference,
      EXISTS (SELECT 1 FROM transactions r WHERE r.loan_id = t.loan_id AND r.kind = 'reversal' AND r.reverses_id = t.id) AS reversed,
      (SELECT count(*) FROM transactions o WHERE o.loan_id = t.loan_id AND o.kind IN (${KINDS})
        AND (o.value_date < t.value_date OR (o.value_date = t.value_date AND o.id <= t.id))) AS ordinal,
      (SELECT coalesce(sum(a.principal), 0) FROM transactions o JOIN allocations a ON a.transaction_id = o.id
        WHERE o.loan_id = t.loan_id AND o.kind IN ('repayment', 'prepayment', 'waiver', 'write_off')
          AND (o.value_date < t.value_date OR (o.value_date = t.value_date AND o.id <= t.id))
          AND NOT EXISTS (SELECT 1 FROM transactions r WHERE r.loan_id = o.loan_id AND r.kind = 'reversal' AND r.reverses_id = o.id)) AS principal_repaid,
      (SELECT coalesce(sum(d.amount), 0) FROM transactions d WHERE d.loan_id = t.loan_id AND d.kind IN ('disbursement', 'draw') AND d.value_date <= t.value_date
        AND NOT EXISTS (SELECT 1 FROM transactions r WHERE r.loan_id = d.loan_id AND r.kind = 'reversal' AND r.reverses_id = d.id)) AS drawn
    FROM transactions t WHERE t.id = $id`,
  receiptAllocations: `SELECT a.installment_n AS n, i.due_date, a.principal, a.interest, a.fee, a.penalty
    FROM allocations a LEFT JOIN installments i ON i.loan_id = $loanId AND i.n = a.installment_n
    WHERE a.transaction_id = $id ORDER BY a.installment_n`,
  overdueLoan: `SELECT ${LOAN_COLUMNS} FROM loans l ${LOAN_JOINS} WHERE l.id = $id`,
  overdueLoans: `WITH late AS (${LATE})
    SELECT ${LOAN_COLUMNS} FROM late JOIN loans l ON l.id = late.id ${LOAN_JOINS}
    ORDER BY late.oldest_unpaid_due_date, late.id`,
  countOverdue: `SELECT count(*) AS n FROM loans WHERE status = 'active' AND oldest_unpaid_due_date <= $cutoff`,
} as const;

/** No limit: more loans than any book holds. */
const ALL = 1_000_000_000;

/** A statement with its `$name` places bound to `values`, as the builder runs it. */
function bound<T>(text: string, values: Record<string, unknown>) {
  const parts = text.split(/\$([a-zA-Z]+)/);
  const strings = parts.filter((_, i) => i % 2 === 0);
  const params = parts.filter((_, i) => i % 2 === 1).map((name) => {
    if (!(name in values)) throw new Error(`no value for $${name}`);
    return values[name];
  });
  return sql<T>(Object.assign([...strings], { raw: strings }) as TemplateStringsArray, ...params);
}

export const noticeStore = (q: Q): NoticeStore => ({
  receiptTransaction: async (id) => (await bound<ReceiptTransactionRow>(NOTICE_SQL.receiptTransaction, { id }).execute(q)).rows[0],
  receiptAllocations: async (id, loanId) => (await bound<ReceiptAllocationRow>(NOTICE_SQL.receiptAllocations, { id, loanId }).execute(q)).rows,
  overdueLoan: async (id) => (await bound<OverdueLoanRow>(NOTICE_SQL.overdueLoan, { id }).execute(q)).rows[0],
  lateLoans: async (cutoff, limit = ALL) => (await bound<OverdueLoanRow>(NOTICE_SQL.overdueLoans, { cutoff, limit }).execute(q)).rows,
  countLate: async (cutoff) => Number((await bound<{ n: number }>(NOTICE_SQL.countOverdue, { cutoff }).execute(q)).rows[0]?.n ?? 0),
});
