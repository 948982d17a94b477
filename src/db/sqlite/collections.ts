/**
 * SQLite dialect: the collections queue and the close's set-based statements for collections.
 *
 * The queue ranks every open case by a score that needs whole days between dates in SQL (julianday;
 * on PostgreSQL `to::date - from::date`) and SQLite's scalar min/max (GREATEST/LEAST there). The
 * close's statements for collections are written once for both engines (src/db/eod.ts) and given
 * SQLite's words here (src/db/sqlite/eod.ts); the store above this (src/db/repos/collections.ts)
 * sees none of it.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Q } from '../kysely';
import { collectionCloseStatements } from '../eod';
import { SQLITE_CLOSE } from './eod';
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

/** The close's statements for collections (written once, in src/db/eod.ts), as SQLite runs them. */
export const COLLECTION_CLOSE_SQL = collectionCloseStatements(SQLITE_CLOSE);
