/**
 * SQLite dialect: the collections queue and the close's set-based statements for collections.
 *
 * The queue ranks every open case by a score that needs whole days between dates in SQL (julianday;
 * on PostgreSQL `to::date - from::date`) and SQLite's scalar min/max (GREATEST/LEAST there). The
 * close's statements fix their join order with CROSS JOIN and INDEXED BY, and take the engine-made
 * ids of the history rows they write as one JSON array (json_each; json_array_elements there). They
 * stay synchronous on the close worker's own connection, reviewed SQL as they are; the store above
 * this (src/db/repos/collections.ts) sees none of it.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../connection';
import type { Q } from '../kysely';
import { prepared } from '../statements';
import { promiseKeptSql, promisePaymentList } from '../rules';
import { PRIORITY_THOUSAND_MINOR } from '../../rules/lending';
import type { QueueItem, QueueQuery } from '../../collections/store';

// ——— The queue ——————————————————————————————————————————————————————————————————————————————

interface QueueRow {
  id: string;
  loan_id: string;
  status: string;
  assigned_to: string | null;
  assigned_name: string | null;
  opened_date: string;
  ladder_step: string | null;
  last_contact_at: string | null;
  loan_number: string;
  customer_id: string;
  customer_name: string;
  outstanding_principal: bigint;
  oldest_unpaid_due_date: string | null;
  five_category: string;
  dpd: number;
  broken_promises: number;
  latest_promise: QueueItem['latestPromise'];
  pending_promise_date: string | null;
  days_since_contact: number;
  priority: number;
}

/** Whole days from one ISO date to another. */
const days = (from: RawBuilder<unknown>, to: RawBuilder<unknown>): RawBuilder<number> => sql<number>`CAST(julianday(${to}) - julianday(${from}) AS INTEGER)`;

/**
 * The queue's statement for one page. DPD from the loan's oldest unpaid due date and the business
 * date (0 when nothing is late); days since the case's last contact, capped (never contacted counts
 * as the cap). The priority is a sum of points whose weights are settings (queuePriority in
 * src/rules/lending.ts). Ranking reads the open cases alone: each carries its loan's oldest unpaid
 * due date and balance and its count of broken promises (kept by triggers, migration 0009); filters
 * that are not an index's are applied to the cases the status (and staff) index finds. The ranking
 * computes each open case's priority once (ORDER BY takes the result column; the first page's
 * cursor test is skipped unworked); the page's rows alone then get their loan, borrower, collector
 * and promise details.
 */
export function queueStatement(query: QueueQuery): RawBuilder<QueueRow> {
  const bd = sql`${query.businessDate}`;
  const w = query.weights;
  const cap = sql`${w.contactDaysCap}`;
  const dpd = sql`CASE WHEN k.loan_oldest IS NULL OR k.loan_oldest >= ${bd} THEN 0 ELSE ${days(sql`k.loan_oldest`, bd)} END`;
  // (A contact on the business date or after it counts 0 days; the days are worked out once a row.)
  const sinceContact = sql`CASE WHEN k.last_contact_at IS NULL THEN ${cap}
    ELSE max(0, min(${cap}, ${days(sql`substr(k.last_contact_at, 1, 10)`, bd)})) END`;
  const latestPromise = sql`coalesce((SELECT s.status FROM promises s WHERE s.case_id = k.id ORDER BY s.created_at DESC, s.id DESC LIMIT 1), 'none')`;
  const priority = sql`${dpd} * ${w.perDayPastDue} + (coalesce(k.loan_outstanding, 0) / ${sql.raw(String(PRIORITY_THOUSAND_MINOR))}) * ${w.perThousandOutstanding}
    + k.broken_promises * ${w.perBrokenPromise} + ${sinceContact} * ${w.perDaySinceContact}`;
  const staff =
    query.assigned.to === 'user' ? sql`AND k.assigned_to = ${query.assigned.userId}` : query.assigned.to === 'nobody' ? sql`AND k.assigned_to IS NULL` : sql``;
  const promise = query.promise;
  const filters = sql`AND (${query.currentOnly ? 1 : 0} = 0 OR k.loan_oldest IS NULL OR k.loan_oldest >= ${bd})
      AND (${query.oldestFrom} IS NULL OR k.loan_oldest >= ${query.oldestFrom})
      AND (${query.oldestTo} IS NULL OR k.loan_oldest <= ${query.oldestTo})
      AND (${promise} IS NULL OR ${latestPromise} = ${promise})`;
  const afterPriority = query.after?.priority ?? Number.MAX_SAFE_INTEGER;
  const afterId = query.after?.id ?? '';
  return sql<QueueRow>`SELECT k.id, k.loan_id, k.status, k.assigned_to, k.opened_date, k.ladder_step, k.last_contact_at,
      k.loan_outstanding AS outstanding_principal, k.loan_oldest AS oldest_unpaid_due_date, k.broken_promises,
      ${dpd} AS dpd, ${sinceContact} AS days_since_contact, r.priority,
      l.number AS loan_number, l.customer_id, l.five_category, c.name AS customer_name, u.display_name AS assigned_name,
      (SELECT s.status FROM promises s WHERE s.case_id = k.id ORDER BY s.created_at DESC, s.id DESC LIMIT 1) AS latest_promise,
      (SELECT d.promised_date FROM promises d WHERE d.case_id = k.id AND d.status = 'pending') AS pending_promise_date
  FROM (SELECT k.id, ${priority} AS priority FROM collection_cases k
    WHERE k.status IN (${sql.join(query.statuses)}) ${staff} ${filters}
      AND (${afterId} = '' OR ${priority} < ${afterPriority} OR (${priority} = ${afterPriority} AND k.id > ${afterId}))
    ORDER BY priority DESC, k.id LIMIT ${query.limit}) r
  JOIN collection_cases k ON k.id = r.id JOIN loans l ON l.id = k.loan_id JOIN customers c ON c.id = l.customer_id LEFT JOIN users u ON u.id = k.assigned_to
  ORDER BY r.priority DESC, k.id`;
}

/** One page of the queue, on the book behind `q`. */
export async function collectionQueue(q: Q, query: QueueQuery): Promise<QueueItem[]> {
  const { rows } = await queueStatement(query).execute(q);
  return rows.map((r) => ({
    id: r.id,
    loanId: r.loan_id,
    status: r.status,
    assignedTo: r.assigned_to,
    assignedName: r.assigned_name,
    openedDate: r.opened_date,
    ladderStep: r.ladder_step,
    lastContactAt: r.last_contact_at,
    loanNumber: r.loan_number,
    customerId: r.customer_id,
    customerName: r.customer_name,
    outstandingPrincipal: r.outstanding_principal,
    oldestUnpaidDueDate: r.oldest_unpaid_due_date,
    fiveCategory: r.five_category,
    daysPastDue: r.dpd,
    brokenPromises: r.broken_promises,
    latestPromise: r.latest_promise,
    pendingPromiseDate: r.pending_promise_date,
    daysSinceContact: r.days_since_contact,
    priority: r.priority,
  }));
}

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
