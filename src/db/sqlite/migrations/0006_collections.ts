/**
 * 0006: collections. What the overdue desk needs beyond 0001's cases, actions and promises:
 * - the borrower's consent to be contacted between 22:00 and 08:00 (when given, how, who recorded it;
 *   withdrawn, never deleted);
 * - planned contacts (a call or visit booked for a time, by whom, for whom), and on each logged
 *   action: the local time of the contact, the listed contact spoken to (name and relation as they
 *   were), that the third-party script was followed, the planned contact it fulfils, the letter sent;
 * - the history of a case: opened, assigned, escalated to legal (with the reason), closed;
 * - promises linked to their case with the business date they were made and the date they were
 *   decided kept or broken, and what had been paid by then; one pending promise per case;
 * - retention: collection records are kept at least five years (NIFA 2024). The engine has no delete
 *   at all; the triggers below refuse a delete of any record younger than five years, counted from
 *   the book's business date (a case from its closing; an open case never).
 * Indexes serve the priority queue (promise state per case) and the conduct checks (a debtor's
 * consent, the planned contacts of a day). Shipped once released: never edit.
 *
 * SQLite dialect: the retention triggers (RAISE, date modifiers). On another database they become
 * that database's triggers or a revoked DELETE grant; the portable part is the rule itself.
 */
// A record may go only once it is more than five years old on the book's business date; a record of
// a case goes only once its case may. Unknown dates (an open case, consent not withdrawn, no business
// date) keep the record.
const FIVE_YEARS_AGO = `date((SELECT business_date FROM business_day WHERE id = 1), '-5 years')`;
const CASE_KEPT = `EXISTS (SELECT 1 FROM collection_cases k WHERE k.id = old.case_id AND coalesce(k.closed_date <= ${FIVE_YEARS_AGO}, 0) = 0)`;
const keep = (table: string, since: string, also?: string): string =>
  `CREATE TRIGGER ${table}_retained BEFORE DELETE ON ${table}
WHEN coalesce(${since} <= ${FIVE_YEARS_AGO}, 0) = 0${also ? ` OR ${also}` : ''}
BEGIN SELECT RAISE(ABORT, 'collections.retention: collection records are kept for five years'); END;`;

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
ALTER TABLE promises ADD COLUMN paid_amount INTEGER CHECK (paid_amount IS NULL OR paid_amount >= 0);
ALTER TABLE promises ADD COLUMN note TEXT;
CREATE INDEX promises_case ON promises(case_id, status, promised_date);
CREATE UNIQUE INDEX promises_one_pending ON promises(case_id) WHERE status = 'pending';

${keep('collection_cases', "old.closed_date")}
${keep('collection_actions', "substr(old.at, 1, 10)", CASE_KEPT)}
${keep('promises', "substr(old.created_at, 1, 10)", CASE_KEPT)}
${keep('collection_case_events', "substr(old.at, 1, 10)")}
${keep('contact_consents', "substr(old.withdrawn_at, 1, 10)")}
${keep('collection_schedule', "substr(old.created_at, 1, 10)")}
`;
