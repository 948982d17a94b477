/**
 * SQL for the end-of-day close. Every statement is set-based and reads through an index what changes
 * on the day: loans whose oldest unpaid due date is exactly k days back (they cross a line today),
 * installments falling due, loans classified worse than normal, promises due. Parameters: @bd is the
 * day being closed, @n the new business date, @d the due date k days before @n.
 * The categories, floors, contagion share and buckets come from the rule table (src/db/rules.ts
 * generates them from src/rules/lending.ts); ids are made by the engine and bound as one JSON array
 * a statement.
 * SQLite dialect: TEMP tables, INDEXED BY to fix each statement's index, json_each (on PostgreSQL,
 * json_array_elements and the planner's own choice).
 */
import type { Db } from '../connection';
import { prepared } from '../statements';
import { bucketSql, categoryByDpdSql, contagionFloor, contagionFloorRank, contagionSql, liftedList, nonPerformingList, rankSql as RANK } from '../rules';

/** The category days past due imply on @n, from the oldest unpaid due date (the rule table's floors). */
const BY_DPD = categoryByDpdSql;
const NPL = nonPerformingList();

/**
 * Loans that may move back, in one category: classified worse than their days past due now say.
 * `due` picks one end of the classified index: a payment moved their oldest unpaid due date on (a
 * range), or left nothing due at all, as a repaid line (its NULL end), so each is an index seek.
 * They move to what their days say, but never better than substandard while their borrower is
 * non-performing.
 */
const improveChanges = (due: string): string => `INSERT INTO classification_changes (loan_id, business_date, from_category, to_category, reason)
    SELECT id, @n, five_category, target, 'paid' FROM (
      SELECT l.id, l.five_category,
        CASE WHEN ${RANK(BY_DPD('l.oldest_unpaid_due_date'))} < ${contagionFloorRank()} AND (
            SELECT ${contagionSql('o', 'l.id')}
            FROM loans o INDEXED BY loans_customer WHERE o.customer_id = l.customer_id AND o.status = 'active')
          THEN ${contagionFloor()} ELSE ${BY_DPD('l.oldest_unpaid_due_date')} END AS target
      FROM loans l INDEXED BY loans_classified
      WHERE l.status = 'active' AND l.five_category <> 'normal' AND l.five_category = @category AND ${due})
    WHERE ${RANK('target')} < ${RANK('five_category')}
      AND NOT EXISTS (SELECT 1 FROM classification_changes c WHERE c.loan_id = id AND c.business_date = @n)`;

export const EOD_SQL = {
  // The close's policy (the ladder, reminders, provisions), read on the close's own connection.
  settings: `SELECT value, version FROM settings WHERE key = 'eod'`,
  run: `SELECT business_date, next_date, summary FROM eod_runs WHERE business_date = ?`,
  lastRuns: `SELECT business_date, next_date, started_at, finished_at, summary FROM eod_runs ORDER BY business_date DESC LIMIT ?`,
  insertRun: `INSERT INTO eod_runs (business_date, next_date, started_at, finished_at, summary) VALUES (@bd, @n, @started, @finished, @summary)`,
  advance: `UPDATE business_day SET business_date = @n WHERE id = 1 AND business_date = @bd`,

  // Five categories: a loan crossing a line of days past due today moves to at least that category.
  worsenChanges: `INSERT INTO classification_changes (loan_id, business_date, from_category, to_category, reason)
    SELECT id, @n, five_category, @category, 'days past due' FROM loans
    WHERE status = 'active' AND oldest_unpaid_due_date = @d AND ${RANK('five_category')} < ${RANK('@category')}`,
  worsen: `UPDATE loans SET five_category = @category
    WHERE status = 'active' AND oldest_unpaid_due_date = @d AND ${RANK('five_category')} < ${RANK('@category')}`,
  // A borrower with more than a tenth of their balance non-performing: checked for the borrowers of
  // loans that became non-performing today, and for each loan that might move back (below).
  nplToday: `INSERT INTO temp.eod_npl (customer_id)
    SELECT b.customer_id FROM (SELECT DISTINCT l.customer_id FROM classification_changes c JOIN loans l ON l.id = c.loan_id
        WHERE c.business_date = @n AND c.to_category IN (${NPL})) b
      CROSS JOIN loans l INDEXED BY loans_customer ON l.customer_id = b.customer_id AND l.status = 'active'
    GROUP BY b.customer_id
    HAVING ${contagionSql('l')}`,
  dropNpl: `DELETE FROM temp.eod_npl`,
  borrowerChanges: `INSERT INTO classification_changes (loan_id, business_date, from_category, to_category, reason)
    SELECT l.id, @n, l.five_category, ${contagionFloor()}, 'borrower non-performing' FROM temp.eod_npl b CROSS JOIN loans l INDEXED BY loans_customer ON l.customer_id = b.customer_id
    WHERE l.status = 'active' AND l.five_category IN (${liftedList()})
      AND NOT EXISTS (SELECT 1 FROM classification_changes c WHERE c.loan_id = l.id AND c.business_date = @n)`,
  borrowerWorsen: `UPDATE loans INDEXED BY loans_customer SET five_category = ${contagionFloor()}
    WHERE customer_id IN (SELECT customer_id FROM temp.eod_npl) AND status = 'active' AND five_category IN (${liftedList()})`,
  // Loans that may move back (see improveChanges): one range of the classified index per category,
  // and its NULL end.
  improveChanges: improveChanges('l.oldest_unpaid_due_date > @after'),
  improveNothingDue: improveChanges('l.oldest_unpaid_due_date IS NULL'),
  improve: `UPDATE loans SET five_category = (SELECT c.to_category FROM classification_changes c WHERE c.loan_id = loans.id AND c.business_date = @n)
    WHERE id IN (SELECT loan_id FROM classification_changes WHERE business_date = @n AND reason = 'paid')`,

  // The dunning ladder: steps by days past due, and reminders before and on a due date.
  ladderStep: `INSERT INTO dunning_events (loan_id, business_date, step)
    SELECT l.id, @n, @step FROM loans l WHERE l.status = 'active' AND l.oldest_unpaid_due_date = @d`,
  dueReminder: `INSERT INTO dunning_events (loan_id, business_date, step)
    SELECT DISTINCT i.loan_id, @n, @step FROM installments i JOIN loans l ON l.id = i.loan_id AND l.status = 'active'
    WHERE i.due_date = @due AND i.paid_date IS NULL`,
  // Cases open at the ladder's first step for late loans without one; the engine gives each case
  // and its opening event their ids. The close reads the late loans' ids, makes two ids for each and
  // binds them all as one JSON array of [loan, case, event]: two set-based inserts read it, so the
  // rows never cross into JavaScript and back one value at a time (SQLite dialect: json_each).
  lateWithoutCase: `SELECT l.id FROM loans l
    WHERE l.status = 'active' AND l.oldest_unpaid_due_date = @d
      AND NOT EXISTS (SELECT 1 FROM collection_cases c WHERE c.loan_id = l.id AND c.status IN ('open', 'legal'))`,
  openCases: `INSERT INTO collection_cases (id, loan_id, opened_date, status, ladder_step, loan_oldest, loan_outstanding)
    SELECT j.value ->> 1, l.id, @n, 'open', @step, l.oldest_unpaid_due_date, l.outstanding_principal
    FROM json_each(@opened) j CROSS JOIN loans l ON l.id = j.value ->> 0`,
  openedEvents: `INSERT INTO collection_case_events (id, case_id, at, business_date, user_id, kind)
    SELECT j.value ->> 2, j.value ->> 1, @at, @n, NULL, 'opened' FROM json_each(@opened) j`,
  caseStep: `UPDATE collection_cases INDEXED BY collection_cases_loan SET ladder_step = @step
    WHERE loan_id IN (SELECT id FROM loans WHERE status = 'active' AND oldest_unpaid_due_date = @d) AND status IN ('open', 'legal')`,

  // Early warnings.
  firstPaymentMissed: `INSERT INTO early_warnings (loan_id, business_date, kind)
    SELECT id, @n, 'first-payment-missed' FROM loans WHERE status = 'active' AND oldest_unpaid_due_date = @d1 AND first_due_date = @d1`,
  risingDpd: `INSERT INTO early_warnings (loan_id, business_date, kind, detail)
    SELECT id, @n, 'rising-dpd', @bucket FROM loans WHERE status = 'active' AND oldest_unpaid_due_date = @d`,
  shortfall: `INSERT INTO early_warnings (loan_id, business_date, kind, detail)
    SELECT i.loan_id, @n, 'payment-shortfall', CAST(i.n AS TEXT) FROM installments i
    WHERE i.due_date = @bd AND i.paid_date IS NULL AND i.principal_paid + i.interest_paid + i.fee_paid > 0
    GROUP BY i.loan_id`,
  brokenPromises: `INSERT INTO early_warnings (loan_id, business_date, kind, detail)
    SELECT c.loan_id, @n, 'broken-promise', p.id FROM promises p JOIN collection_cases c ON c.id = p.case_id
    WHERE p.status = 'broken' AND p.promised_date <= @bd AND p.decided_date = @bd
    GROUP BY c.loan_id`,

  // Lines that owe nothing on their expiry are finished (loans_line_expiry: active lines by expiry).
  closeExpiredLines: `UPDATE loans INDEXED BY loans_line_expiry SET status = 'closed', closed_date = maturity_date
    WHERE method = 'revolving' AND status = 'active' AND maturity_date <= @bd
      AND oldest_unpaid_due_date IS NULL AND outstanding_principal = 0`,

  // The loans touched since the last close have been looked at.
  clearTouched: `DELETE FROM eod_touched`,

  // What the close reports.
  newlyOverdue: `SELECT count(*) AS n FROM loans WHERE status = 'active' AND oldest_unpaid_due_date = @d1`,
  buckets: `SELECT ${bucketSql('oldest_unpaid_due_date')} AS bucket, count(*) AS n, sum(outstanding_principal) AS balance
    FROM loans INDEXED BY loans_status_oldest WHERE status = 'active' GROUP BY bucket`,
  classified: `SELECT five_category, count(*) AS n, sum(outstanding_principal) AS balance FROM loans INDEXED BY loans_classified
    WHERE status = 'active' AND five_category <> 'normal' GROUP BY five_category`,
  countChanges: `SELECT count(*) AS n FROM classification_changes WHERE business_date = @n`,
  countEvents: `SELECT step, count(*) AS n FROM dunning_events WHERE business_date = @n GROUP BY step`,
  countWarnings: `SELECT kind, count(*) AS n FROM early_warnings WHERE business_date = @n GROUP BY kind`,
} as const;

export function eodRepo(db: Db) {
  // SQLite dialect: a temporary table lives with the connection, so it exists before the statements.
  db.exec('CREATE TEMP TABLE IF NOT EXISTS eod_npl (customer_id TEXT PRIMARY KEY)');
  const s = prepared(db, EOD_SQL);
  return {
    s,
    /** The close's policy as last saved (JSON), or undefined when nobody has saved one. */
    settings: () => s.settings.get() as { value: string; version: number } | undefined,
    /**
     * Opens a case at `step` for each active loan whose oldest unpaid due date is `d` and that has
     * none open, with its opening event, under ids the engine makes; returns how many.
     */
    openCases(d: string, n: string, step: string, at: string, nextId: () => string): number {
      const late = s.lateWithoutCase.all({ d }) as { id: string }[];
      if (late.length === 0) return 0;
      const opened = JSON.stringify(late.map(({ id }) => [id, nextId(), nextId()]));
      s.openCases.run({ opened, n, step });
      s.openedEvents.run({ opened, n, at });
      return late.length;
    },
  };
}
