/**
 * The end-of-day close's statements, written once for both engines, and the small protocol the
 * close (src/eod/close.ts) uses to run them on either.
 *
 * Every statement is set-based and reads through an index what changes on the day: loans whose
 * oldest unpaid due date is exactly k days back (they cross a line today), installments falling
 * due, loans classified worse than normal, promises due. Parameters are named: @bd is the day being
 * closed, @n the new business date, @d the due date k days before @n. The categories, floors,
 * contagion share and buckets come from the rule table (src/db/rules.ts generates them from
 * src/rules/lending.ts); ids are made by the engine and bound as one JSON array a statement.
 *
 * What the engines say differently is asked of a `CloseDialect` (src/db/sqlite/eod.ts,
 * src/db/postgres/eod.ts): SQLite is told which index a statement reads and in which order it
 * joins, where PostgreSQL's planner chooses for itself; the scratch table of non-performing
 * borrowers is each engine's temporary table; the JSON array of ids is read by each engine's own
 * table function. Everything else is the same text on both.
 */
import { bucketSql, categoryByDpdSql, contagionFloor, contagionFloorRank, contagionSql, liftedList, nonPerformingList, promiseKeptSql, promisePaymentList, rankSql as RANK } from './rules';

export interface CloseDialect {
  /** `table` (with its alias) read through `index`. */
  indexed(table: string, index: string): string;
  /** An inner join read in the order written (`… ON …`). */
  readonly orderedJoin: string;
  /** The scratch table of the borrowers found non-performing while a day is closed. */
  readonly nplTable: string;
  /** The elements of the JSON array bound to `@param`, as rows `j` whose `j.value` is one element. */
  jsonRows(param: string): string;
  /**
   * Said after the close's read of the business date, inside the day's transaction: what holds the
   * date until the day is closed (nothing where the close is the book's only writer).
   */
  readonly holdDate: string;
}

/** The category days past due imply on @n, from the oldest unpaid due date (the rule table's floors). */
const BY_DPD = categoryByDpdSql;

/**
 * Loans that may move back, in one category: classified worse than their days past due now say.
 * `due` picks one end of the classified index: a payment moved their oldest unpaid due date on (a
 * range), or left nothing due at all, as a repaid line (its NULL end), so each is an index seek.
 * They move to what their days say, but never better than substandard while their borrower is
 * non-performing.
 */
const improveChanges = (d: CloseDialect, due: string): string => `INSERT INTO classification_changes (loan_id, business_date, from_category, to_category, reason)
    SELECT id, @n, five_category, target, 'paid' FROM (
      SELECT l.id, l.five_category,
        CASE WHEN ${RANK(BY_DPD('l.oldest_unpaid_due_date'))} < ${contagionFloorRank()} AND (
            SELECT ${contagionSql('o', 'l.id')}
            FROM ${d.indexed('loans o', 'loans_customer')} WHERE o.customer_id = l.customer_id AND o.status = 'active')
          THEN ${contagionFloor()} ELSE ${BY_DPD('l.oldest_unpaid_due_date')} END AS target
      FROM ${d.indexed('loans l', 'loans_classified')}
      WHERE l.status = 'active' AND l.five_category <> 'normal' AND l.five_category = @category AND ${due}) moved
    WHERE ${RANK('target')} < ${RANK('five_category')}
      AND NOT EXISTS (SELECT 1 FROM classification_changes c WHERE c.loan_id = id AND c.business_date = @n)`;

/** The close's own statements, in the dialect `d`. */
export function eodStatements(d: CloseDialect) {
  const NPL = nonPerformingList();
  return {
    // Where the book stands: the business date (held for the day where others write too), the
    // close's policy (the ladder, reminders, provisions), and the record of a day closed before.
    businessDate: `SELECT business_date FROM business_day WHERE id = 1${d.holdDate}`,
    settings: `SELECT value, version FROM settings WHERE key = 'eod'`,
    run: `SELECT business_date, next_date, summary FROM eod_runs WHERE business_date = @bd`,
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
    nplToday: `INSERT INTO ${d.nplTable} (customer_id)
    SELECT b.customer_id FROM (SELECT DISTINCT l.customer_id FROM classification_changes c JOIN loans l ON l.id = c.loan_id
        WHERE c.business_date = @n AND c.to_category IN (${NPL})) b
      ${d.orderedJoin} ${d.indexed('loans l', 'loans_customer')} ON l.customer_id = b.customer_id AND l.status = 'active'
    GROUP BY b.customer_id
    HAVING ${contagionSql('l')}`,
    dropNpl: `DELETE FROM ${d.nplTable}`,
    borrowerChanges: `INSERT INTO classification_changes (loan_id, business_date, from_category, to_category, reason)
    SELECT l.id, @n, l.five_category, ${contagionFloor()}, 'borrower non-performing' FROM ${d.nplTable} b ${d.orderedJoin} ${d.indexed('loans l', 'loans_customer')} ON l.customer_id = b.customer_id
    WHERE l.status = 'active' AND l.five_category IN (${liftedList()})
      AND NOT EXISTS (SELECT 1 FROM classification_changes c WHERE c.loan_id = l.id AND c.business_date = @n)`,
    borrowerWorsen: `UPDATE ${d.indexed('loans', 'loans_customer')} SET five_category = ${contagionFloor()}
    WHERE customer_id IN (SELECT customer_id FROM ${d.nplTable}) AND status = 'active' AND five_category IN (${liftedList()})`,
    // Loans that may move back (see improveChanges): one range of the classified index per category,
    // and its NULL end.
    improveChanges: improveChanges(d, 'l.oldest_unpaid_due_date > @after'),
    improveNothingDue: improveChanges(d, 'l.oldest_unpaid_due_date IS NULL'),
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
    // rows never cross into JavaScript and back one value at a time.
    lateWithoutCase: `SELECT l.id FROM loans l
    WHERE l.status = 'active' AND l.oldest_unpaid_due_date = @d
      AND NOT EXISTS (SELECT 1 FROM collection_cases c WHERE c.loan_id = l.id AND c.status IN ('open', 'legal'))`,
    openCases: `INSERT INTO collection_cases (id, loan_id, opened_date, status, ladder_step, loan_oldest, loan_outstanding)
    SELECT j.value ->> 1, l.id, @n, 'open', @step, l.oldest_unpaid_due_date, l.outstanding_principal
    FROM ${d.jsonRows('opened')} ${d.orderedJoin} loans l ON l.id = j.value ->> 0`,
    openedEvents: `INSERT INTO collection_case_events (id, case_id, at, business_date, user_id, kind)
    SELECT j.value ->> 2, j.value ->> 1, @at, @n, NULL, 'opened' FROM ${d.jsonRows('opened')}`,
    caseStep: `UPDATE ${d.indexed('collection_cases', 'collection_cases_loan')} SET ladder_step = @step
    WHERE loan_id IN (SELECT id FROM loans WHERE status = 'active' AND oldest_unpaid_due_date = @d) AND status IN ('open', 'legal')`,

    // Early warnings. A loan is flagged once a kind a day: where a loan has several installments or
    // promises behind one flag, its detail names the first.
    firstPaymentMissed: `INSERT INTO early_warnings (loan_id, business_date, kind)
    SELECT id, @n, 'first-payment-missed' FROM loans WHERE status = 'active' AND oldest_unpaid_due_date = @d1 AND first_due_date = @d1`,
    risingDpd: `INSERT INTO early_warnings (loan_id, business_date, kind, detail)
    SELECT id, @n, 'rising-dpd', @bucket FROM loans WHERE status = 'active' AND oldest_unpaid_due_date = @d`,
    shortfall: `INSERT INTO early_warnings (loan_id, business_date, kind, detail)
    SELECT i.loan_id, @n, 'payment-shortfall', CAST(min(i.n) AS TEXT) FROM installments i
    WHERE i.due_date = @bd AND i.paid_date IS NULL AND i.principal_paid + i.interest_paid + i.fee_paid > 0
    GROUP BY i.loan_id`,
    brokenPromises: `INSERT INTO early_warnings (loan_id, business_date, kind, detail)
    SELECT c.loan_id, @n, 'broken-promise', min(p.id) FROM promises p JOIN collection_cases c ON c.id = p.case_id
    WHERE p.status = 'broken' AND p.promised_date <= @bd AND p.decided_date = @bd
    GROUP BY c.loan_id`,

    // Lines that owe nothing on their expiry are finished (loans_line_expiry: active lines by expiry).
    closeExpiredLines: `UPDATE ${d.indexed('loans', 'loans_line_expiry')} SET status = 'closed', closed_date = maturity_date
    WHERE method = 'revolving' AND status = 'active' AND maturity_date <= @bd
      AND oldest_unpaid_due_date IS NULL AND outstanding_principal = 0`,

    // The loans touched since the last close have been looked at.
    clearTouched: `DELETE FROM eod_touched`,

    // What the close reports, each list in the order of its key, so the summary reads alike on both engines.
    newlyOverdue: `SELECT count(*) AS n FROM loans WHERE status = 'active' AND oldest_unpaid_due_date = @d1`,
    buckets: `SELECT ${bucketSql('oldest_unpaid_due_date')} AS bucket, count(*) AS n, sum(outstanding_principal) AS balance
    FROM ${d.indexed('loans', 'loans_status_oldest')} WHERE status = 'active' GROUP BY bucket ORDER BY bucket`,
    classified: `SELECT five_category, count(*) AS n, sum(outstanding_principal) AS balance FROM ${d.indexed('loans', 'loans_classified')}
    WHERE status = 'active' AND five_category <> 'normal' GROUP BY five_category ORDER BY five_category`,
    countChanges: `SELECT count(*) AS n FROM classification_changes WHERE business_date = @n`,
    countEvents: `SELECT step, count(*) AS n FROM dunning_events WHERE business_date = @n GROUP BY step ORDER BY step`,
    countWarnings: `SELECT kind, count(*) AS n FROM early_warnings WHERE business_date = @n GROUP BY kind ORDER BY kind`,
  };
}

const duePromises = `WITH due AS (
      SELECT p.id, p.amount,
        (SELECT coalesce(sum(t.amount), 0) FROM collection_cases k JOIN transactions t ON t.loan_id = k.loan_id
          WHERE k.id = p.case_id AND t.kind IN (${promisePaymentList()})
            AND t.value_date >= coalesce(p.created_date, substr(p.created_at, 1, 10)) AND t.value_date <= @bd
            AND NOT EXISTS (SELECT 1 FROM transactions r WHERE r.loan_id = t.loan_id AND r.kind = 'reversal' AND r.reverses_id = t.id)) AS paid
      FROM promises p WHERE p.status = 'pending' AND p.promised_date <= @bd)`;

/** The close's statements for collections (promises due, cases of loans current again), in the dialect `d`. */
export function collectionCloseStatements(d: CloseDialect) {
  return {
    // Every pending promise due by the business date is decided at once, from what the loan was paid
    // (by value date, reversed payments excluded) from the day the promise was made.
    duePromises: `${duePromises} SELECT coalesce(sum(CASE WHEN ${promiseKeptSql('paid', 'amount')} THEN 1 ELSE 0 END), 0) AS kept,
      coalesce(sum(CASE WHEN ${promiseKeptSql('paid', 'amount')} THEN 0 ELSE 1 END), 0) AS broken FROM due`,
    decidePromises: `${duePromises}
    UPDATE promises SET status = CASE WHEN ${promiseKeptSql('due.paid', 'due.amount')} THEN 'kept' ELSE 'broken' END, decided_date = @bd, paid_amount = due.paid
    FROM due WHERE promises.id = due.id`,
    // Cases whose loan is current again (or closed) close, each with its history row. Only loans
    // touched since the last close (eod_touched, kept by a trigger on loans) can have become current:
    // the close reads those, not every open case, touched loans first (on SQLite the join order and
    // the index are fixed: its planner, without statistics for a table that is empty at every
    // ANALYZE, would otherwise walk every case or every loan). The engine gives each closing event
    // its id: the ids and their cases are bound as one JSON array of [event, case].
    currentCases: `SELECT k.id FROM eod_touched t ${d.orderedJoin} loans l ON l.id = t.loan_id ${d.orderedJoin} ${d.indexed('collection_cases k', 'collection_cases_loan')} ON k.loan_id = l.id
    WHERE k.status = 'open' AND (l.status = 'closed' OR l.oldest_unpaid_due_date IS NULL OR l.oldest_unpaid_due_date >= @bd)`,
    closedEvents: `INSERT INTO collection_case_events (id, case_id, at, business_date, user_id, kind, reason)
    SELECT j.value ->> 0, j.value ->> 1, @at, @bd, NULL, 'closed', 'loan current' FROM ${d.jsonRows('closing')}`,
    closeCurrent: `UPDATE ${d.indexed('collection_cases', 'collection_cases_loan')} SET status = 'closed', closed_date = @bd
    WHERE loan_id IN (SELECT l.id FROM eod_touched t ${d.orderedJoin} loans l ON l.id = t.loan_id
      WHERE l.status = 'closed' OR l.oldest_unpaid_due_date IS NULL OR l.oldest_unpaid_due_date >= @bd) AND status = 'open'`,
  };
}

/** Every statement the close runs, in the dialect `d`. */
export const closeStatements = (d: CloseDialect) => ({ ...eodStatements(d), ...collectionCloseStatements(d) });
export type CloseStatement = keyof ReturnType<typeof closeStatements>;

// ——— Running them ————————————————————————————————————————————————————————————————————————————

/** The values of a statement's named parameters (dates, names, JSON: all text). */
export type Params = Readonly<Record<string, string>>;

/** One thing the close asks of the book: run a statement (how many rows it changed), or read one row or all. */
export type CloseOp =
  | { kind: 'run'; name: CloseStatement; params: Params }
  | { kind: 'get'; name: CloseStatement; params: Params }
  | { kind: 'all'; name: CloseStatement; params: Params };

/**
 * Steps of the close, written once for both engines: a generator that yields each statement it
 * needs and is resumed with the answer. SQLite answers at once on its own connection (the close
 * stays synchronous in its worker thread); PostgreSQL answers when the server has (runStepsAsync).
 */
export type Steps<T> = Generator<CloseOp, T, unknown>;

/** Runs a statement; how many rows it changed. */
export function* run(name: CloseStatement, params: Params = {}): Steps<number> {
  return (yield { kind: 'run', name, params }) as number;
}
/** The statement's first row, if any. */
export function* get<R>(name: CloseStatement, params: Params = {}): Steps<R | undefined> {
  return (yield { kind: 'get', name, params }) as R | undefined;
}
/** Every row of the statement. */
export function* all<R>(name: CloseStatement, params: Params = {}): Steps<R[]> {
  return (yield { kind: 'all', name, params }) as R[];
}

/** What answers the close's statements on SQLite: at once, on the close's own connection. */
export interface CloseExecutor {
  run(name: CloseStatement, params: Params): number;
  get(name: CloseStatement, params: Params): unknown;
  all(name: CloseStatement, params: Params): unknown[];
}

/** What answers them on a server: once it has. */
export interface AsyncCloseExecutor {
  run(name: CloseStatement, params: Params): Promise<number>;
  get(name: CloseStatement, params: Params): Promise<unknown>;
  all(name: CloseStatement, params: Params): Promise<unknown[]>;
}

/** Runs `fn` as one transaction on a server, with the close's statements answered inside it. */
export type ServerTransaction = <T>(fn: (exec: AsyncCloseExecutor) => Promise<T>) => Promise<T>;

/** Runs `steps` to the end on an executor that answers at once. */
export function runSteps<T>(exec: CloseExecutor, steps: Steps<T>): T {
  let next = steps.next();
  while (!next.done) {
    const op = next.value;
    next = steps.next(exec[op.kind](op.name, op.params));
  }
  return next.value;
}

/** Runs `steps` to the end on an executor that answers later (a server). */
export async function runStepsAsync<T>(exec: AsyncCloseExecutor, steps: Steps<T>): Promise<T> {
  let next = steps.next();
  while (!next.done) {
    const op = next.value;
    next = steps.next(await exec[op.kind](op.name, op.params));
  }
  return next.value;
}
