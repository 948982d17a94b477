/**
 * @dialect sqlite
 * Loading a demo book into SQLite: the tables the builder fills (many rows per INSERT, the search
 * index keyed by the customer's rowid), the connection's settings for a bulk load, staff lookups,
 * and the set-based expansion of term loans' ledgers from schedule templates in TEMP scratch tables
 * (WITHOUT ROWID, printf, date()). The builder (src/demo/book.ts) makes the rows and knows none of this.
 */
import type { Db } from '../connection';
import { prepared } from '../statements';
import { beginBulkLoad, BulkInsert, dropIndexes, endBulkLoad, recreateIndexes } from './bulk';
import type { NewProduct } from '../../origination/store';

/** Scratch tables for one build: schedule templates and, per term loan, its template and progress. */
export const DEMO_TEMP_SQL = `
CREATE TEMP TABLE demo_template (template INTEGER NOT NULL, n INTEGER NOT NULL, principal INTEGER NOT NULL, interest INTEGER NOT NULL, PRIMARY KEY (template, n)) WITHOUT ROWID;
CREATE TEMP TABLE demo_ledger (loan_id TEXT NOT NULL, template INTEGER NOT NULL, first_due TEXT NOT NULL, paid_count INTEGER NOT NULL, received INTEGER NOT NULL);
CREATE TEMP TABLE demo_transaction (id TEXT NOT NULL, loan_id TEXT NOT NULL, kind TEXT NOT NULL, value_date TEXT NOT NULL, business_date TEXT NOT NULL, amount INTEGER NOT NULL, created_at TEXT NOT NULL);
CREATE TEMP TABLE demo_allocation (transaction_id TEXT NOT NULL, installment_n INTEGER NOT NULL, principal INTEGER NOT NULL, interest INTEGER NOT NULL);
`;

/**
 * Set-based expansion of the ledger (one pass per table, rows in key order). Due dates are the
 * first due date plus n-1 months (due days are 1-28, so SQLite's month arithmetic matches the
 * engine's); about one payment in ten came one to five days late, never after the business date.
 */
export const DEMO_LEDGER_SQL = {
  installments: `INSERT INTO installments (loan_id, n, due_date, principal_due, interest_due, fee_due, principal_paid, interest_paid, fee_paid, paid_date)
    SELECT d.loan_id, t.n, date(d.first_due, '+' || (t.n - 1) || ' months'), t.principal, t.interest, 0,
      CASE WHEN t.n <= d.paid_count THEN t.principal ELSE 0 END,
      CASE WHEN t.n <= d.paid_count THEN t.interest ELSE 0 END, 0,
      CASE WHEN t.n <= d.paid_count THEN min(date(d.first_due, '+' || (t.n - 1) || ' months',
        '+' || (CASE WHEN (d.rowid * 7 + t.n * 13) % 10 = 0 THEN 1 + (d.rowid + t.n) % 5 ELSE 0 END) || ' days'), @bd) END
    FROM demo_ledger d JOIN demo_template t ON t.template = d.template
    ORDER BY d.rowid, t.n`,
  // Repayments ('<loan>.001' …) first, then the rest (below): each pass appends to the clustered
  // transactions table in key order, with no insert in the middle.
  repayments: `INSERT INTO transactions (id, loan_id, kind, value_date, business_date, amount, created_at)
    SELECT i.loan_id || '.' || printf('%03d', i.n), i.loan_id, 'repayment', i.paid_date, i.paid_date, i.principal_paid + i.interest_paid, @at
    FROM installments i WHERE i.paid_date IS NOT NULL`,
  // Disbursements of term loans and the row-by-row ones (lines' draws 'D…', lines' repayments
  // 'R…', write-offs 'W…'), sorted once so they too append after the repayments.
  disbursements: `INSERT INTO transactions (id, loan_id, kind, value_date, business_date, amount, created_at)
    SELECT * FROM (
      SELECT 'D' || d.loan_id AS id, d.loan_id, 'disbursement', l.disbursement_date, l.disbursement_date, d.received, @at
      FROM demo_ledger d JOIN loans l ON l.id = d.loan_id
      UNION ALL
      SELECT id, loan_id, kind, value_date, business_date, amount, created_at FROM demo_transaction)
    ORDER BY id`,
  allocations: `INSERT INTO allocations (transaction_id, installment_n, principal, interest, fee, penalty)
    SELECT i.loan_id || '.' || printf('%03d', i.n), i.n, i.principal_paid, i.interest_paid, 0, 0
    FROM installments i WHERE i.paid_date IS NOT NULL`,
  // The term loans' disbursements (row 0: the principal paid out) with the row-by-row ones, in key order.
  otherAllocations: `INSERT INTO allocations (transaction_id, installment_n, principal, interest, fee, penalty)
    SELECT * FROM (
      SELECT 'D' || loan_id AS transaction_id, 0 AS installment_n, received AS principal, 0 AS interest, 0, 0 FROM demo_ledger
      UNION ALL
      SELECT transaction_id, installment_n, principal, interest, 0, 0 FROM demo_allocation)
    ORDER BY transaction_id, installment_n`,
} as const;


const DEMO_APPLICATIONS_SQL = `INSERT INTO applications (id, number, customer_id, product_id, amount, term, purpose, state, score, grade,
    officer_id, submitted_by, submitted_at, created_at, updated_at)
  SELECT l.application_id, 'SQ' || substr(l.number, 3), l.customer_id, l.product_id, l.principal, l.term,
    CASE l.method WHEN 'equal-principal' THEN '经营周转' ELSE '消费' END, 'disbursed',
    560 + (l.rowid * 37) % 200, substr('ABC', 1 + (l.rowid * 13) % 3, 1), o.id, o.id,
    l.disbursement_date || 'T10:00:00.000Z', l.disbursement_date || 'T09:00:00.000Z', l.disbursement_date || 'T10:00:00.000Z'
  FROM loans l LEFT JOIN demo_officer o ON o.k = l.rowid % @officers
  WHERE l.application_id LIKE '%.A'
  ORDER BY l.rowid`;

// Each case's count of broken promises, in one pass (promises may have gone in before their case).
const BROKEN_COUNTS_SQL = `UPDATE collection_cases SET broken_promises = b.n
  FROM (SELECT case_id, count(*) AS n FROM promises WHERE status = 'broken' GROUP BY case_id) b WHERE collection_cases.id = b.case_id`;

const SQL = {
  // The standard products, inside the bulk load (the desk adds them through the application store).
  insertProduct: `INSERT INTO products (id, code, name_zh, name_en, method, frequency, min_rate, max_rate, min_term, max_term,
      min_amount, max_amount, day_count, line_allocation, required_documents, created_at)
    VALUES (@id, @code, @nameZh, @nameEn, @method, 'monthly', @minRate, @maxRate, @minTerm, @maxTerm, @minAmount, @maxAmount,
      @dayCount, @lineAllocation, @requiredDocuments, @createdAt) ON CONFLICT (id) DO NOTHING`,
  lastCustomerRowid: `SELECT coalesce(max(rowid), 0) AS m FROM customers`,
  countInstallments: `SELECT count(*) AS n FROM installments`,
  countTransactions: `SELECT count(*) AS n FROM transactions`,
  countAllocations: `SELECT count(*) AS n FROM allocations`,
  countApplications: `SELECT count(*) AS n FROM applications`,
} as const;

function demoRepo(db: Db) {
  const s = prepared(db, SQL);
  return {
    userIds: (roles: readonly string[]): string[] =>
      (db.prepare(`SELECT id FROM users WHERE role_id IN (${roles.map(() => '?').join(', ')}) ORDER BY id`).all(...roles) as { id: string }[]).map((u) => u.id),
    /** Adds the products the book lacks. */
    insertProducts(products: readonly NewProduct[]): void {
      for (const p of products) s.insertProduct.run(p);
    },
    lastCustomerRowid: (): number => (s.lastCustomerRowid.get() as { m: number }).m,
    /** Writes the term loans' ledgers from the scratch tables (prepared here: they exist only now). */
    expandLedger(bd: string, at: string): void {
      const l = prepared(db, DEMO_LEDGER_SQL);
      l.installments.run({ bd });
      l.repayments.run({ at });
      l.disbursements.run({ at });
      l.allocations.run();
      l.otherAllocations.run();
    },
    createScratch: (): void => void db.exec(DEMO_TEMP_SQL),
    /** The application behind each demo loan: scored, approved and disbursed on the loan's terms. */
    countBrokenPromises(): void {
      db.prepare(BROKEN_COUNTS_SQL).run();
    },
    applicationsFromLoans(officers: readonly string[]): void {
      db.prepare(`CREATE TEMP TABLE demo_officer (k INTEGER PRIMARY KEY, id TEXT NOT NULL)`).run();
      const add = db.prepare('INSERT INTO temp.demo_officer (k, id) VALUES (?, ?)');
      officers.forEach((id, k) => add.run(k, id));
      prepared(db, { fromLoans: DEMO_APPLICATIONS_SQL }).fromLoans.run({ officers: Math.max(1, officers.length) });
      db.exec('DROP TABLE temp.demo_officer');
    },
    dropScratch: (): void => void db.exec('DROP TABLE temp.demo_template; DROP TABLE temp.demo_ledger; DROP TABLE temp.demo_transaction; DROP TABLE temp.demo_allocation;'),
    ledgerCounts: () => ({
      installments: (s.countInstallments.get() as { n: number }).n,
      transactions: (s.countTransactions.get() as { n: number }).n,
      allocations: (s.countAllocations.get() as { n: number }).n,
      applications: (s.countApplications.get() as { n: number }).n,
    }),
  };
}

/**
 * Kept while the book loads: the installments falling due on a day, unpaid. Installments arrive in
 * loan order and their due dates fall on a few thousand days, so each row lands at the end of its
 * day's run on a page already in the cache: cheaper than reading the whole table and sorting after.
 */
const KEPT_INDEXES = ['installments_unpaid_due'];
/** The tables a load fills: their other indexes are dropped for a big load and rebuilt after it. */
const BULK_TABLES = ['customers', 'applications', 'application_events', 'loans', 'installments', 'transactions', 'allocations', 'collection_cases', 'collection_actions', 'promises'];

/** One table being filled: rows in the order of its columns, written in batches. */
export interface RowSink {
  add(...values: (string | number | bigint | null)[]): void;
  readonly count: number;
}

const sink = (db: Db, table: string, columns: readonly string[], rowsPerStatement?: number): BulkInsert & RowSink => new BulkInsert(db, table, columns, rowsPerStatement);

/**
 * A demo book's load on SQLite. `big` (20,000 loans and more): no journal, no fsyncs, the tables'
 * secondary indexes rebuilt once at the end. Rows are added child-first within a loan and in
 * batches: references are checked once at the end (tests run PRAGMA foreign_key_check), not row by row.
 */
export function demoLoader(db: Db, big: boolean) {
  const repo = demoRepo(db);
  beginBulkLoad(db, big);
  const restore = big ? dropIndexes(db, BULK_TABLES, KEPT_INDEXES) : [];
  const tables = {
    customers: sink(db, 'customers', ['id', 'kind', 'name', 'id_number', 'credit_code', 'phone', 'address', 'employer', 'monthly_income', 'birth_date', 'gender', 'legal_representative', 'annual_revenue', 'years_in_business', 'created_at', 'updated_at']),
    /** The search index's row for a customer, keyed by the customer row's position (its rowid). */
    search: sink(db, 'customer_search', ['rowid', 'tokens'], 32),
    applications: sink(db, 'applications', ['id', 'number', 'customer_id', 'product_id', 'amount', 'term', 'purpose', 'state', 'monthly_income', 'monthly_debt', 'employment_years', 'bureau_overdue_24m', 'bureau_inquiries_6m', 'bureau_current_overdue', 'score', 'grade', 'pd', 'officer_id', 'submitted_by', 'submitted_at', 'created_at', 'updated_at']),
    events: sink(db, 'application_events', ['id', 'application_id', 'at', 'user_id', 'from_state', 'to_state', 'note']),
    loans: sink(db, 'loans', ['id', 'number', 'application_id', 'customer_id', 'product_id', 'method', 'principal', 'annual_rate', 'term', 'frequency', 'day_count', 'disbursement_date', 'first_due_date', 'maturity_date', 'amount_received', 'credit_limit', 'status', 'outstanding_principal', 'oldest_unpaid_due_date', 'five_category', 'closed_date', 'created_at', 'penalty_cap_rate']),
    cases: sink(db, 'collection_cases', ['id', 'loan_id', 'opened_date', 'status', 'assigned_to', 'ladder_step', 'last_contact_at', 'loan_oldest', 'loan_outstanding']),
    actions: sink(db, 'collection_actions', ['id', 'case_id', 'at', 'user_id', 'channel', 'party', 'connected', 'outcome', 'note']),
    promises: sink(db, 'promises', ['id', 'case_id', 'promised_date', 'amount', 'status', 'created_at', 'created_by']),
  };
  // The ledger of term loans is written by SQL from schedule templates, not row by row.
  repo.createScratch();
  const scratch = {
    templates: sink(db, 'temp.demo_template', ['template', 'n', 'principal', 'interest']),
    ledger: sink(db, 'temp.demo_ledger', ['loan_id', 'template', 'first_due', 'paid_count', 'received']),
    transactions: sink(db, 'temp.demo_transaction', ['id', 'loan_id', 'kind', 'value_date', 'business_date', 'amount', 'created_at']),
    allocations: sink(db, 'temp.demo_allocation', ['transaction_id', 'installment_n', 'principal', 'interest']),
  };
  const all = [...Object.values(tables), ...Object.values(scratch)];
  return {
    tables,
    scratch,
    userIds: repo.userIds,
    insertProducts: repo.insertProducts,
    /** The search key the next customer follows (the last customer row's position). */
    lastCustomerKey: repo.lastCustomerRowid,
    /** Runs `fn` as one transaction (a batch of loans). */
    batch: <A extends unknown[]>(fn: (...args: A) => void): ((...args: A) => void) => db.transaction(fn),
    /** Writes what is still buffered, then every loan's application from the loan rows, and the cases' broken promises. */
    finishLoans(officers: readonly string[]): void {
      db.transaction(() => {
        for (const t of all) t.flush();
        repo.countBrokenPromises();
        repo.applicationsFromLoans(officers);
      })();
    },
    /** Writes the applications still in origination added after finishLoans. */
    flushApplications(): void {
      db.transaction(() => {
        for (const t of [tables.customers, tables.search, tables.applications, tables.events]) t.flush();
      })();
    },
    /** Expands the term loans' ledgers, drops the scratch, rebuilds the indexes and puts the connection back; returns the counts written by SQL. */
    finish(bd: string, at: string) {
      db.transaction(() => repo.expandLedger(bd, at))();
      repo.dropScratch();
      if (big) recreateIndexes(db, restore);
      endBulkLoad(db, big);
      return repo.ledgerCounts();
    },
  };
}
