/**
 * 0007: end of day. Each closed business day is a row (so closing a day twice does nothing), with
 * what the close found; the dunning ladder's events and the early-warning flags it raised, keyed by
 * loan and day; the history of five-category changes. The close reads what changes that day (loans
 * whose days past due cross a line, installments falling due, promises due), through indexes, not the
 * whole book: the loans classified worse than normal are indexed apart, so those brought current by
 * a payment are found without a scan, and the index of loans by oldest unpaid due date also carries
 * the balance, so the book's totals by bucket come from the index alone.
 * Shipped once released: never edit.
 */
export const sql = `
CREATE TABLE eod_runs (
  business_date TEXT PRIMARY KEY,
  next_date TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  summary TEXT NOT NULL
);
CREATE TABLE dunning_events (
  loan_id TEXT NOT NULL REFERENCES loans(id),
  business_date TEXT NOT NULL,
  step TEXT NOT NULL,
  PRIMARY KEY (loan_id, business_date, step)
) WITHOUT ROWID;
CREATE INDEX dunning_events_date ON dunning_events(business_date, step);
CREATE TABLE early_warnings (
  loan_id TEXT NOT NULL REFERENCES loans(id),
  business_date TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('first-payment-missed', 'broken-promise', 'rising-dpd', 'payment-shortfall')),
  detail TEXT,
  PRIMARY KEY (loan_id, business_date, kind)
) WITHOUT ROWID;
CREATE INDEX early_warnings_date ON early_warnings(business_date, kind);
CREATE TABLE classification_changes (
  loan_id TEXT NOT NULL REFERENCES loans(id),
  business_date TEXT NOT NULL,
  from_category TEXT NOT NULL,
  to_category TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (loan_id, business_date)
) WITHOUT ROWID;
CREATE INDEX classification_changes_date ON classification_changes(business_date, reason);
CREATE INDEX loans_classified ON loans(five_category, oldest_unpaid_due_date, outstanding_principal) WHERE status = 'active' AND five_category <> 'normal';
-- Loans whose oldest unpaid due date or status changed since the last close (a payment, a payoff,
-- a reversal): the only ones whose collection cases may close. SQLite dialect: the trigger; on
-- another database, a trigger of its own or a write from the ledger.
CREATE TABLE eod_touched (loan_id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TRIGGER loans_touched AFTER UPDATE OF oldest_unpaid_due_date, status ON loans
WHEN NEW.oldest_unpaid_due_date IS NOT OLD.oldest_unpaid_due_date OR NEW.status IS NOT OLD.status
BEGIN INSERT INTO eod_touched (loan_id) VALUES (NEW.id) ON CONFLICT (loan_id) DO NOTHING; END;
DROP INDEX loans_status_oldest;
CREATE INDEX loans_status_oldest ON loans(status, oldest_unpaid_due_date, outstanding_principal);
`;
