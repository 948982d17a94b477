/**
 * 0006 (PostgreSQL): collections, as SQLite's 0006: contact consents, planned contacts, the fuller
 * record of each action, a case's history, promises linked to their case (one pending per case), and
 * retention: collection records are kept at least five years (NIFA 2024), counted from the book's
 * business date (a case from its closing; an open case never). The tables and indexes are SQLite's
 * SQL word for word, promises.paid_amount being BIGINT as every amount here is (see 0001).
 * Shipped once released: never edit.
 *
 * PostgreSQL dialect: the retention triggers. SQLite's are a BEFORE DELETE trigger per table whose
 * WHEN holds the rule; a PostgreSQL trigger's WHEN may not read other tables (the business date, the
 * case), so each table's rule is the body of a function of the trigger's name, which refuses the
 * delete with SQLite's message. "Five years ago" is what SQLite's date(d, '-5 years') gives: the same
 * month and day five years back, 29 February becoming 1 March; a date that does not parse, or no
 * business date at all, keeps the record (SQLite's date() gives NULL for both).
 */
// A record may go only once it is more than five years old on the book's business date; a record of
// a case goes only once its case may.
const FIVE_YEARS_AGO = 'collections_five_years_ago()';
const CASE_KEPT = `EXISTS (SELECT 1 FROM collection_cases k WHERE k.id = OLD.case_id AND NOT coalesce(k.closed_date <= ${FIVE_YEARS_AGO}, false))`;
const keep = (table: string, since: string, also?: string): string =>
  `CREATE FUNCTION ${table}_retained() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT coalesce(${since} <= ${FIVE_YEARS_AGO}, false)${also ? ` OR ${also}` : ''} THEN
    RAISE EXCEPTION 'collections.retention: collection records are kept for five years';
  END IF;
  RETURN OLD;
END $$;
CREATE TRIGGER ${table}_retained BEFORE DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${table}_retained();`;

export const sql = `
CREATE TABLE contact_consents (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  given_date TEXT NOT NULL,
  how TEXT NOT NULL CHECK (length(how) BETWEEN 1 AND 500),
  recorded_at TEXT NOT NULL,
  recorded_by TEXT REFERENCES users(id),
  withdrawn_at TEXT,
  withdrawn_by TEXT REFERENCES users(id)
);
CREATE INDEX contact_consents_customer ON contact_consents(customer_id, withdrawn_at, given_date);

CREATE TABLE collection_case_events (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES collection_cases(id),
  at TEXT NOT NULL,
  business_date TEXT NOT NULL,
  user_id TEXT REFERENCES users(id),
  kind TEXT NOT NULL CHECK (kind IN ('opened', 'assigned', 'escalated', 'closed')),
  from_user TEXT REFERENCES users(id),
  to_user TEXT REFERENCES users(id),
  reason TEXT,
  CHECK (kind <> 'escalated' OR length(reason) >= 1)
);
CREATE INDEX collection_case_events_case ON collection_case_events(case_id, at);

CREATE TABLE collection_schedule (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES collection_cases(id),
  planned_at TEXT NOT NULL,
  local_time TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('call', 'sms', 'letter', 'visit')),
  party TEXT NOT NULL CHECK (party IN ('debtor', 'contact')),
  contact_id TEXT REFERENCES customer_contacts(id),
  assigned_to TEXT REFERENCES users(id),
  note TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT REFERENCES users(id),
  done_action_id TEXT REFERENCES collection_actions(id),
  CHECK ((party = 'contact') = (contact_id IS NOT NULL))
);
CREATE INDEX collection_schedule_case ON collection_schedule(case_id, planned_at);
CREATE INDEX collection_schedule_open ON collection_schedule(assigned_to, planned_at) WHERE done_action_id IS NULL;

ALTER TABLE collection_actions ADD COLUMN local_time TEXT;
ALTER TABLE collection_actions ADD COLUMN recorded_at TEXT;
ALTER TABLE collection_actions ADD COLUMN contact_id TEXT REFERENCES customer_contacts(id);
ALTER TABLE collection_actions ADD COLUMN contact_name TEXT;
ALTER TABLE collection_actions ADD COLUMN contact_relation TEXT;
ALTER TABLE collection_actions ADD COLUMN script_acknowledged INTEGER NOT NULL DEFAULT 0 CHECK (script_acknowledged IN (0, 1));
ALTER TABLE collection_actions ADD COLUMN scheduled_id TEXT REFERENCES collection_schedule(id);
ALTER TABLE collection_actions ADD COLUMN issued_document_id TEXT REFERENCES issued_documents(id);

ALTER TABLE promises ADD COLUMN created_date TEXT;
ALTER TABLE promises ADD COLUMN decided_date TEXT;
ALTER TABLE promises ADD COLUMN paid_amount BIGINT CHECK (paid_amount IS NULL OR paid_amount >= 0);
ALTER TABLE promises ADD COLUMN note TEXT;
CREATE INDEX promises_case ON promises(case_id, status, promised_date);
CREATE UNIQUE INDEX promises_one_pending ON promises(case_id) WHERE status = 'pending';

CREATE FUNCTION collections_five_years_ago() RETURNS TEXT LANGUAGE plpgsql STABLE AS $$
DECLARE
  d DATE;
BEGIN
  SELECT business_date::date INTO d FROM business_day WHERE id = 1;
  IF d IS NULL THEN
    RETURN NULL;
  END IF;
  RETURN to_char(make_date(extract(year FROM d)::int - 5, extract(month FROM d)::int, 1) + (extract(day FROM d)::int - 1), 'YYYY-MM-DD');
EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow THEN
  RETURN NULL;
END $$;

${keep('collection_cases', "OLD.closed_date")}
${keep('collection_actions', "substr(OLD.at, 1, 10)", CASE_KEPT)}
${keep('promises', "substr(OLD.created_at, 1, 10)", CASE_KEPT)}
${keep('collection_case_events', "substr(OLD.at, 1, 10)")}
${keep('contact_consents', "substr(OLD.withdrawn_at, 1, 10)")}
${keep('collection_schedule', "substr(OLD.created_at, 1, 10)")}
`;
