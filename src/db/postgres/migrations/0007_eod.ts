/**
 * 0007 (PostgreSQL): end of day, as SQLite's 0007: a row per closed business day, the dunning
 * ladder's events and the early-warning flags by loan and day, the history of five-category changes,
 * the loans classified worse than normal indexed apart, and the index of loans by oldest unpaid due
 * date carrying the balance. The tables and indexes are SQLite's SQL word for word, without SQLite's
 * WITHOUT ROWID (see 0001). Shipped once released: never edit.
 *
 * PostgreSQL dialect: the trigger that notes, for the next close, each loan whose oldest unpaid due
 * date or status changed (SQLite's loans_touched): a trigger of the same name with the same WHEN,
 * whose function makes the same insert.
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
);
CREATE INDEX dunning_events_date ON dunning_events(business_date, step);
CREATE TABLE early_warnings (
  loan_id TEXT NOT NULL REFERENCES loans(id),
  business_date TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('first-payment-missed', 'broken-promise', 'rising-dpd', 'payment-shortfall')),
  detail TEXT,
  PRIMARY KEY (loan_id, business_date, kind)
);
CREATE INDEX early_warnings_date ON early_warnings(business_date, kind);
CREATE TABLE classification_changes (
  loan_id TEXT NOT NULL REFERENCES loans(id),
  business_date TEXT NOT NULL,
  from_category TEXT NOT NULL,
  to_category TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (loan_id, business_date)
);
CREATE INDEX classification_changes_date ON classification_changes(business_date, reason);
CREATE INDEX loans_classified ON loans(five_category, oldest_unpaid_due_date, outstanding_principal) WHERE status = 'active' AND five_category <> 'normal';
-- Loans whose oldest unpaid due date or status changed since the last close (a payment, a payoff,
-- a reversal): the only ones whose collection cases may close.
CREATE TABLE eod_touched (loan_id TEXT PRIMARY KEY);
CREATE FUNCTION loans_touched() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO eod_touched (loan_id) VALUES (NEW.id) ON CONFLICT (loan_id) DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER loans_touched AFTER UPDATE OF oldest_unpaid_due_date, status ON loans FOR EACH ROW
WHEN (NEW.oldest_unpaid_due_date IS DISTINCT FROM OLD.oldest_unpaid_due_date OR NEW.status IS DISTINCT FROM OLD.status)
EXECUTE FUNCTION loans_touched();
DROP INDEX loans_status_oldest;
CREATE INDEX loans_status_oldest ON loans(status, oldest_unpaid_due_date, outstanding_principal);
`;
