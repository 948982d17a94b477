/**
 * 0003 (PostgreSQL): origination, as SQLite's 0003: the facts an officer takes with an application,
 * the latest assessment, why it went to manual review and which role may approve it; versioned
 * scorecard models; the indexes the application queue pages through. The SQL is SQLite's, word for
 * word: nothing in it is either engine's own. Shipped once released: never edit.
 */
export const sql = `
ALTER TABLE applications ADD COLUMN employment_years INTEGER CHECK (employment_years IS NULL OR employment_years >= 0);
ALTER TABLE applications ADD COLUMN facts TEXT NOT NULL DEFAULT '{}';
ALTER TABLE applications ADD COLUMN assessment TEXT;
ALTER TABLE applications ADD COLUMN review_reasons TEXT;
ALTER TABLE applications ADD COLUMN required_role TEXT CHECK (required_role IS NULL OR required_role IN ('officer', 'senior_approver', 'branch_manager'));
ALTER TABLE applications ADD COLUMN rules_version INTEGER;
ALTER TABLE applications ADD COLUMN scorecard_version INTEGER;
CREATE TABLE scorecards (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  model TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  created_by TEXT REFERENCES users(id),
  UNIQUE (name, version)
);
CREATE INDEX scorecards_active ON scorecards(active, created_at);
DROP INDEX applications_officer;
CREATE INDEX applications_officer ON applications(officer_id, state, created_at);
CREATE INDEX applications_grade ON applications(grade, state, created_at);
CREATE INDEX applications_open ON applications(created_at, id)
  WHERE state IN ('draft', 'submitted', 'screened', 'scored', 'review', 'returned', 'approved');
CREATE INDEX list_entries_active ON list_entries(kind, value, list) WHERE removed_at IS NULL;
CREATE INDEX list_entries_recent ON list_entries(added_at, id) WHERE removed_at IS NULL;
`;
