/**
 * SQLite dialect: the end-of-day close's set-based statements for collections. They fix their join
 * order with CROSS JOIN and INDEXED BY, and take the engine-made ids of the history rows they write
 * as one JSON array (json_each; json_array_elements on PostgreSQL). They stay synchronous on the
 * close worker's own connection, reviewed SQL as they are.
 */
import type { Db } from '../connection';
import { prepared } from '../statements';
import { promiseKeptSql, promisePaymentList } from '../rules';

// ——— End of day ——————————————————————————————————————————————————————————————————————————————

const DUE_PROMISES = `WITH due AS (
      SELECT p.id, p.amount,
        (SELECT coalesce(sum(t.amount), 0) FROM collection_cases k JOIN transactions t ON t.loan_id = k.loan_id
          WHERE k.id = p.case_id AND t.kind IN (${promisePaymentList()})
            AND t.value_date >= coalesce(p.created_date, substr(p.created_at, 1, 10)) AND t.value_date <= @bd
            AND NOT EXISTS (SELECT 1 FROM transactions r WHERE r.loan_id = t.loan_id AND r.kind = 'reversal' AND r.reverses_id = t.id)) AS paid
      FROM promises p WHERE p.status = 'pending' AND p.promised_date <= @bd)`;

export const COLLECTION_CLOSE_SQL = {
  // Every pending promise due by the business date is decided at once, from what the loan was paid
  // (by value date, reversed payments excluded) from the day the promise was made.
  duePromises: `${DUE_PROMISES} SELECT coalesce(sum(CASE WHEN ${promiseKeptSql('paid', 'amount')} THEN 1 ELSE 0 END), 0) AS kept,
      coalesce(sum(CASE WHEN ${promiseKeptSql('paid', 'amount')} THEN 0 ELSE 1 END), 0) AS broken FROM due`,
  decidePromises: `${DUE_PROMISES}
    UPDATE promises SET status = CASE WHEN ${promiseKeptSql('due.paid', 'due.amount')} THEN 'kept' ELSE 'broken' END, decided_date = @bd, paid_amount = due.paid
    FROM due WHERE promises.id = due.id`,
  // Cases whose loan is current again (or closed) close, each with its history row. Only loans
  // touched since the last close (eod_touched, kept by a trigger on loans) can have become current:
  // the close reads those, not every open case. CROSS JOIN fixes the join order, touched loans first
  // (the planner, without statistics for a table that is empty at every ANALYZE, would otherwise walk
  // every case or every loan). The engine gives each closing event its id: the ids and their cases
  // are bound as one JSON array of [event, case].
  currentCases: `SELECT k.id FROM eod_touched t CROSS JOIN loans l ON l.id = t.loan_id CROSS JOIN collection_cases k INDEXED BY collection_cases_loan ON k.loan_id = l.id
    WHERE k.status = 'open' AND (l.status = 'closed' OR l.oldest_unpaid_due_date IS NULL OR l.oldest_unpaid_due_date >= @bd)`,
  closedEvents: `INSERT INTO collection_case_events (id, case_id, at, business_date, user_id, kind, reason)
    SELECT j.value ->> 0, j.value ->> 1, @at, @bd, NULL, 'closed', 'loan current' FROM json_each(@closing) j`,
  closeCurrent: `UPDATE collection_cases INDEXED BY collection_cases_loan SET status = 'closed', closed_date = @bd
    WHERE loan_id IN (SELECT l.id FROM eod_touched t CROSS JOIN loans l ON l.id = t.loan_id
      WHERE l.status = 'closed' OR l.oldest_unpaid_due_date IS NULL OR l.oldest_unpaid_due_date >= @bd) AND status = 'open'`,
} as const;

/** The close's collections work, on the connection it runs on (the close worker's own). */
export function collectionClose(db: Db) {
  const s = prepared(db, COLLECTION_CLOSE_SQL);
  return {
    /** Decides every pending promise due by `bd`; how many were kept and broken. */
    decidePromises(bd: string): { kept: number; broken: number } {
      const counts = s.duePromises.get({ bd }) as { kept: number; broken: number };
      s.decidePromises.run({ bd });
      return counts;
    },
    /** Closes the open cases of loans current again (or closed); each closing gets an event with an id from `nextId`. */
    closeCurrent(bd: string, at: string, nextId: () => string): number {
      // The history rows in one statement, then the cases closed at once.
      const closing = (s.currentCases.all({ bd }) as { id: string }[]).map(({ id }) => [nextId(), id]);
      if (closing.length > 0) s.closedEvents.run({ closing: JSON.stringify(closing), at, bd });
      return s.closeCurrent.run({ bd }).changes;
    },
  };
}
