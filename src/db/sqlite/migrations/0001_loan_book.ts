/**
 * 0001: the whole lending lifecycle, so later capabilities only add to it. Shipped: never edit
 * (a test pins its checksum); change the schema with a new numbered migration.
 * Amounts are INTEGER minor units (fen) with CHECK constraints; rates are decimal TEXT; dates are
 * ISO 'YYYY-MM-DD' TEXT and instants ISO timestamps; ids are made by the engine. The high-volume
 * ledger tables (installments, transactions, allocations) are clustered on their keys (WITHOUT ROWID
 * is SQLite's spelling; other databases cluster or not, the SQL is the same otherwise).
 */
export const sql = `
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  updated_at TEXT NOT NULL,
  updated_by TEXT
);
CREATE TABLE settings_history (
  key TEXT NOT NULL,
  version INTEGER NOT NULL,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT,
  PRIMARY KEY (key, version)
);
CREATE TABLE lpr_rates (
  effective_from TEXT PRIMARY KEY,
  one_year TEXT NOT NULL,
  five_year TEXT
);
CREATE TABLE holidays (
  date TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  is_workday INTEGER NOT NULL DEFAULT 0 CHECK (is_workday IN (0, 1))
);
CREATE TABLE business_day (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  business_date TEXT NOT NULL
);

CREATE TABLE roles (
  id TEXT PRIMARY KEY,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  approval_limit INTEGER CHECK (approval_limit IS NULL OR approval_limit >= 0)
);
CREATE TABLE role_permissions (
  role_id TEXT NOT NULL REFERENCES roles(id),
  permission TEXT NOT NULL,
  PRIMARY KEY (role_id, permission)
);
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role_id TEXT NOT NULL REFERENCES roles(id),
  password_hash TEXT NOT NULL,
  password_salt TEXT NOT NULL,
  failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_until TEXT,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  ended_at TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  business_date TEXT,
  user_id TEXT REFERENCES users(id),
  method TEXT NOT NULL,
  entity_type TEXT,
  entity_id TEXT,
  summary TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log(entity_type, entity_id, id);
CREATE INDEX audit_log_at ON audit_log(at);

CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('individual', 'business')),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  id_number TEXT,
  credit_code TEXT,
  phone TEXT,
  address TEXT,
  employer TEXT,
  monthly_income INTEGER CHECK (monthly_income IS NULL OR monthly_income >= 0),
  birth_date TEXT,
  gender TEXT CHECK (gender IS NULL OR gender IN ('M', 'F')),
  legal_representative TEXT,
  annual_revenue INTEGER CHECK (annual_revenue IS NULL OR annual_revenue >= 0),
  years_in_business INTEGER CHECK (years_in_business IS NULL OR years_in_business >= 0),
  credit_code_override TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  created_by TEXT REFERENCES users(id),
  CHECK ((kind = 'individual' AND id_number IS NOT NULL) OR (kind = 'business' AND credit_code IS NOT NULL))
);
CREATE UNIQUE INDEX customers_id_number ON customers(id_number) WHERE id_number IS NOT NULL;
CREATE UNIQUE INDEX customers_credit_code ON customers(credit_code) WHERE credit_code IS NOT NULL;
CREATE INDEX customers_phone ON customers(phone);
CREATE INDEX customers_name ON customers(name);
CREATE TABLE customer_contacts (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  name TEXT NOT NULL,
  relation TEXT NOT NULL,
  phone TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX customer_contacts_customer ON customer_contacts(customer_id);
CREATE TABLE documents (
  id TEXT PRIMARY KEY,
  owner_type TEXT NOT NULL CHECK (owner_type IN ('customer', 'application', 'loan', 'case')),
  owner_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  file_name TEXT NOT NULL,
  mime_type TEXT NOT NULL,
  size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  uploaded_at TEXT NOT NULL,
  uploaded_by TEXT REFERENCES users(id)
);
CREATE INDEX documents_owner ON documents(owner_type, owner_id, uploaded_at);
CREATE TABLE list_entries (
  id TEXT PRIMARY KEY,
  list TEXT NOT NULL CHECK (list IN ('black', 'white')),
  kind TEXT NOT NULL CHECK (kind IN ('id_number', 'phone', 'credit_code')),
  value TEXT NOT NULL,
  reason TEXT NOT NULL,
  added_at TEXT NOT NULL,
  added_by TEXT REFERENCES users(id),
  removed_at TEXT
);
CREATE INDEX list_entries_lookup ON list_entries(kind, value);

CREATE TABLE products (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('equal-installment', 'equal-principal', 'interest-only', 'flat', 'revolving')),
  frequency TEXT NOT NULL,
  min_rate TEXT NOT NULL,
  max_rate TEXT NOT NULL,
  min_term INTEGER NOT NULL CHECK (min_term >= 1),
  max_term INTEGER NOT NULL CHECK (max_term >= min_term),
  min_amount INTEGER NOT NULL CHECK (min_amount > 0),
  max_amount INTEGER NOT NULL CHECK (max_amount >= min_amount),
  interest_mode TEXT NOT NULL DEFAULT 'per-period',
  day_count TEXT NOT NULL DEFAULT '30/360',
  principal_grace INTEGER NOT NULL DEFAULT 0 CHECK (principal_grace >= 0),
  rounding TEXT NOT NULL DEFAULT 'half-up',
  payment_multiple INTEGER NOT NULL DEFAULT 1 CHECK (payment_multiple >= 1),
  decimals INTEGER NOT NULL DEFAULT 2 CHECK (decimals IN (0, 2)),
  upfront_fee_rate TEXT NOT NULL DEFAULT '0',
  upfront_fee_deducted INTEGER NOT NULL DEFAULT 1 CHECK (upfront_fee_deducted IN (0, 1)),
  installment_fee INTEGER NOT NULL DEFAULT 0 CHECK (installment_fee >= 0),
  penalty_markup TEXT NOT NULL DEFAULT '0.5',
  allocation_order TEXT NOT NULL DEFAULT 'penalty,fees,interest,principal',
  line_allocation TEXT CHECK (line_allocation IS NULL OR line_allocation IN ('interest-first', 'principal-first')),
  required_documents TEXT NOT NULL DEFAULT '[]',
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL
);

CREATE TABLE applications (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  product_id TEXT NOT NULL REFERENCES products(id),
  amount INTEGER NOT NULL CHECK (amount > 0),
  term INTEGER NOT NULL CHECK (term > 0),
  purpose TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'screened', 'scored', 'review', 'approved', 'declined', 'returned', 'signed', 'disbursed', 'withdrawn')),
  monthly_income INTEGER CHECK (monthly_income IS NULL OR monthly_income >= 0),
  monthly_debt INTEGER CHECK (monthly_debt IS NULL OR monthly_debt >= 0),
  bureau_overdue_24m INTEGER CHECK (bureau_overdue_24m IS NULL OR bureau_overdue_24m >= 0),
  bureau_inquiries_6m INTEGER CHECK (bureau_inquiries_6m IS NULL OR bureau_inquiries_6m >= 0),
  bureau_current_overdue INTEGER CHECK (bureau_current_overdue IS NULL OR bureau_current_overdue >= 0),
  score INTEGER,
  grade TEXT CHECK (grade IS NULL OR grade IN ('A', 'B', 'C', 'D', 'E')),
  pd TEXT,
  offered_rate TEXT,
  offered_amount INTEGER CHECK (offered_amount IS NULL OR offered_amount > 0),
  offered_term INTEGER CHECK (offered_term IS NULL OR offered_term > 0),
  officer_id TEXT REFERENCES users(id),
  submitted_by TEXT REFERENCES users(id),
  submitted_at TEXT,
  decided_by TEXT REFERENCES users(id),
  decided_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX applications_state ON applications(state, created_at);
CREATE INDEX applications_customer ON applications(customer_id);
CREATE INDEX applications_officer ON applications(officer_id, state);
CREATE TABLE application_events (
  id TEXT PRIMARY KEY,
  application_id TEXT NOT NULL REFERENCES applications(id),
  at TEXT NOT NULL,
  user_id TEXT REFERENCES users(id),
  from_state TEXT,
  to_state TEXT NOT NULL,
  note TEXT
);
CREATE INDEX application_events_application ON application_events(application_id, at);
CREATE TABLE decisions (
  id TEXT PRIMARY KEY,
  application_id TEXT NOT NULL REFERENCES applications(id),
  kind TEXT NOT NULL CHECK (kind IN ('screening', 'score', 'approve', 'decline', 'return', 'override')),
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL,
  user_id TEXT REFERENCES users(id),
  at TEXT NOT NULL
);
CREATE INDEX decisions_application ON decisions(application_id, at);

CREATE TABLE loans (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  application_id TEXT REFERENCES applications(id),
  customer_id TEXT NOT NULL REFERENCES customers(id),
  product_id TEXT NOT NULL REFERENCES products(id),
  method TEXT NOT NULL,
  principal INTEGER NOT NULL CHECK (principal > 0),
  annual_rate TEXT NOT NULL,
  term INTEGER NOT NULL CHECK (term > 0),
  frequency TEXT NOT NULL,
  day_count TEXT NOT NULL,
  disbursement_date TEXT NOT NULL,
  first_due_date TEXT NOT NULL,
  maturity_date TEXT NOT NULL,
  amount_received INTEGER NOT NULL CHECK (amount_received >= 0),
  credit_limit INTEGER CHECK (credit_limit IS NULL OR credit_limit > 0),
  status TEXT NOT NULL CHECK (status IN ('active', 'closed', 'written_off')),
  outstanding_principal INTEGER NOT NULL CHECK (outstanding_principal >= 0),
  oldest_unpaid_due_date TEXT,
  five_category TEXT NOT NULL DEFAULT 'normal' CHECK (five_category IN ('normal', 'special', 'substandard', 'doubtful', 'loss')),
  contract_hash TEXT,
  closed_date TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX loans_customer ON loans(customer_id);
CREATE INDEX loans_status_oldest ON loans(status, oldest_unpaid_due_date);
CREATE INDEX loans_disbursement ON loans(disbursement_date);
CREATE TABLE installments (
  loan_id TEXT NOT NULL REFERENCES loans(id),
  n INTEGER NOT NULL CHECK (n >= 1),
  due_date TEXT NOT NULL,
  principal_due INTEGER NOT NULL CHECK (principal_due >= 0),
  interest_due INTEGER NOT NULL CHECK (interest_due >= 0),
  fee_due INTEGER NOT NULL DEFAULT 0 CHECK (fee_due >= 0),
  principal_paid INTEGER NOT NULL DEFAULT 0 CHECK (principal_paid >= 0 AND principal_paid <= principal_due),
  interest_paid INTEGER NOT NULL DEFAULT 0 CHECK (interest_paid >= 0 AND interest_paid <= interest_due),
  fee_paid INTEGER NOT NULL DEFAULT 0 CHECK (fee_paid >= 0 AND fee_paid <= fee_due),
  penalty_accrued INTEGER NOT NULL DEFAULT 0 CHECK (penalty_accrued >= 0),
  penalty_paid INTEGER NOT NULL DEFAULT 0 CHECK (penalty_paid >= 0 AND penalty_paid <= penalty_accrued),
  paid_date TEXT,
  PRIMARY KEY (loan_id, n)
) WITHOUT ROWID;
CREATE INDEX installments_unpaid_due ON installments(due_date) WHERE paid_date IS NULL;
CREATE TABLE transactions (
  id TEXT NOT NULL PRIMARY KEY,
  loan_id TEXT NOT NULL REFERENCES loans(id),
  kind TEXT NOT NULL CHECK (kind IN ('disbursement', 'repayment', 'prepayment', 'draw', 'waiver', 'reversal', 'write_off', 'recovery')),
  value_date TEXT NOT NULL,
  business_date TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount > 0),
  reference TEXT,
  reverses_id TEXT REFERENCES transactions(id),
  user_id TEXT REFERENCES users(id),
  created_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX transactions_loan ON transactions(loan_id, value_date);
CREATE TABLE allocations (
  transaction_id TEXT NOT NULL REFERENCES transactions(id),
  installment_n INTEGER NOT NULL CHECK (installment_n >= 0),
  principal INTEGER NOT NULL DEFAULT 0,
  interest INTEGER NOT NULL DEFAULT 0,
  fee INTEGER NOT NULL DEFAULT 0,
  penalty INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (transaction_id, installment_n)
) WITHOUT ROWID;

CREATE TABLE collection_cases (
  id TEXT PRIMARY KEY,
  loan_id TEXT NOT NULL REFERENCES loans(id),
  opened_date TEXT NOT NULL,
  closed_date TEXT,
  status TEXT NOT NULL CHECK (status IN ('open', 'legal', 'closed')),
  assigned_to TEXT REFERENCES users(id),
  ladder_step TEXT,
  last_contact_at TEXT
);
CREATE INDEX collection_cases_loan ON collection_cases(loan_id);
CREATE INDEX collection_cases_status ON collection_cases(status, assigned_to);
CREATE TABLE collection_actions (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES collection_cases(id),
  at TEXT NOT NULL,
  user_id TEXT REFERENCES users(id),
  channel TEXT NOT NULL CHECK (channel IN ('call', 'sms', 'letter', 'visit', 'note')),
  party TEXT NOT NULL CHECK (party IN ('debtor', 'contact')),
  connected INTEGER NOT NULL DEFAULT 0 CHECK (connected IN (0, 1)),
  outcome TEXT NOT NULL,
  note TEXT
);
CREATE INDEX collection_actions_case ON collection_actions(case_id, at);
CREATE TABLE promises (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES collection_cases(id),
  promised_date TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount > 0),
  status TEXT NOT NULL CHECK (status IN ('pending', 'kept', 'broken')),
  created_at TEXT NOT NULL,
  created_by TEXT REFERENCES users(id)
);
CREATE INDEX promises_due ON promises(status, promised_date);
`;
