/**
 * The book's tables as the query builder sees them. Written by `npm run db:types` from the
 * migrations (src/db/schemaTypes.ts); a unit test fails when it is out of date. Do not edit.
 */
import type { Generated } from 'kysely';

export interface AllocationsTable {
  transaction_id: string;
  installment_n: number;
  principal: Generated<bigint>;
  interest: Generated<bigint>;
  fee: Generated<bigint>;
  penalty: Generated<bigint>;
}

export interface ApplicationEventsTable {
  id: string;
  application_id: string;
  at: string;
  user_id: string | null;
  from_state: string | null;
  to_state: string;
  note: string | null;
}

export interface ApplicationsTable {
  id: string;
  number: string;
  customer_id: string;
  product_id: string;
  amount: bigint;
  term: number;
  purpose: string;
  state: string;
  monthly_income: bigint | null;
  monthly_debt: bigint | null;
  bureau_overdue_24m: number | null;
  bureau_inquiries_6m: number | null;
  bureau_current_overdue: number | null;
  score: number | null;
  grade: string | null;
  pd: string | null;
  offered_rate: string | null;
  offered_amount: bigint | null;
  offered_term: number | null;
  officer_id: string | null;
  submitted_by: string | null;
  submitted_at: string | null;
  decided_by: string | null;
  decided_at: string | null;
  created_at: string;
  updated_at: string;
  employment_years: number | null;
  facts: Generated<string>;
  assessment: string | null;
  review_reasons: string | null;
  required_role: string | null;
  rules_version: number | null;
  scorecard_version: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  business_date: string | null;
  user_id: string | null;
  method: string;
  entity_type: string | null;
  entity_id: string | null;
  summary: string;
  principal: string | null;
  desk: string | null;
}

export interface BusinessDayTable {
  id: Generated<number>;
  business_date: string;
}

export interface ClassificationChangesTable {
  loan_id: string;
  business_date: string;
  from_category: string;
  to_category: string;
  reason: string;
}

export interface CollectionActionsTable {
  id: string;
  case_id: string;
  at: string;
  user_id: string | null;
  channel: string;
  party: string;
  connected: Generated<number>;
  outcome: string;
  note: string | null;
  local_time: string | null;
  recorded_at: string | null;
  contact_id: string | null;
  contact_name: string | null;
  contact_relation: string | null;
  script_acknowledged: Generated<number>;
  scheduled_id: string | null;
  issued_document_id: string | null;
}

export interface CollectionCaseEventsTable {
  id: string;
  case_id: string;
  at: string;
  business_date: string;
  user_id: string | null;
  kind: string;
  from_user: string | null;
  to_user: string | null;
  reason: string | null;
}

export interface CollectionCasesTable {
  id: string;
  loan_id: string;
  opened_date: string;
  closed_date: string | null;
  status: string;
  assigned_to: string | null;
  ladder_step: string | null;
  last_contact_at: string | null;
  loan_oldest: string | null;
  loan_outstanding: bigint | null;
  broken_promises: Generated<number>;
}

export interface CollectionScheduleTable {
  id: string;
  case_id: string;
  planned_at: string;
  local_time: string;
  channel: string;
  party: string;
  contact_id: string | null;
  assigned_to: string | null;
  note: string | null;
  created_at: string;
  created_by: string | null;
  done_action_id: string | null;
}

export interface ContactConsentsTable {
  id: string;
  customer_id: string;
  given_date: string;
  how: string;
  recorded_at: string;
  recorded_by: string | null;
  withdrawn_at: string | null;
  withdrawn_by: string | null;
}

export interface CustomerContactsTable {
  id: string;
  customer_id: string;
  name: string;
  relation: string;
  phone: string | null;
  created_at: string;
}

export interface CustomersTable {
  id: string;
  kind: string;
  name: string;
  id_number: string | null;
  credit_code: string | null;
  phone: string | null;
  address: string | null;
  employer: string | null;
  monthly_income: bigint | null;
  birth_date: string | null;
  gender: string | null;
  legal_representative: string | null;
  annual_revenue: bigint | null;
  years_in_business: number | null;
  credit_code_override: string | null;
  created_at: string;
  updated_at: string;
  created_by: string | null;
}

export interface DecisionsTable {
  id: string;
  application_id: string;
  kind: string;
  outcome: string;
  detail: string;
  user_id: string | null;
  at: string;
}

export interface DocumentsTable {
  id: string;
  owner_type: string;
  owner_id: string;
  kind: string;
  file_name: string;
  mime_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_at: string;
  uploaded_by: string | null;
}

export interface DunningEventsTable {
  loan_id: string;
  business_date: string;
  step: string;
}

export interface EarlyWarningsTable {
  loan_id: string;
  business_date: string;
  kind: string;
  detail: string | null;
}

export interface EodProgressTable {
  id: Generated<number>;
  run_id: string;
  who: string;
  started_at: string;
  done: number;
  total: number;
  label: string;
  heartbeat: string;
}

export interface EodRunsTable {
  business_date: string;
  next_date: string;
  started_at: string;
  finished_at: string;
  summary: string;
}

export interface EodTouchedTable {
  loan_id: string;
}

export interface HolidaysTable {
  date: string;
  name: string;
  is_workday: Generated<number>;
}

export interface InstallmentsTable {
  loan_id: string;
  n: number;
  due_date: string;
  principal_due: bigint;
  interest_due: bigint;
  fee_due: Generated<bigint>;
  principal_paid: Generated<bigint>;
  interest_paid: Generated<bigint>;
  fee_paid: Generated<bigint>;
  penalty_accrued: Generated<bigint>;
  penalty_paid: Generated<bigint>;
  paid_date: string | null;
}

export interface IssuedDocumentsTable {
  id: string;
  document_id: string;
  type: string;
  number: string;
  lang: string;
  owner_type: string;
  owner_id: string;
  content_hash: string;
  content: string;
  issued_at: string;
  issued_by: string | null;
}

export interface ListEntriesTable {
  id: string;
  list: string;
  kind: string;
  value: string;
  reason: string;
  added_at: string;
  added_by: string | null;
  removed_at: string | null;
}

export interface LoansTable {
  id: string;
  number: string;
  application_id: string | null;
  customer_id: string;
  product_id: string;
  method: string;
  principal: bigint;
  annual_rate: string;
  term: number;
  frequency: string;
  day_count: string;
  disbursement_date: string;
  first_due_date: string;
  maturity_date: string;
  amount_received: bigint;
  credit_limit: bigint | null;
  status: string;
  outstanding_principal: bigint;
  oldest_unpaid_due_date: string | null;
  five_category: Generated<string>;
  contract_hash: string | null;
  closed_date: string | null;
  created_at: string;
  penalty_markup: string | null;
  penalty_cap_rate: string | null;
  recast_choice: Generated<string>;
  schedule_terms: string | null;
}

export interface LprRatesTable {
  effective_from: string;
  one_year: string;
  five_year: string | null;
}

export interface ProductsTable {
  id: string;
  code: string;
  name_zh: string;
  name_en: string;
  method: string;
  frequency: string;
  min_rate: string;
  max_rate: string;
  min_term: number;
  max_term: number;
  min_amount: bigint;
  max_amount: bigint;
  interest_mode: Generated<string>;
  day_count: Generated<string>;
  principal_grace: Generated<number>;
  rounding: Generated<string>;
  payment_multiple: Generated<bigint>;
  decimals: Generated<number>;
  upfront_fee_rate: Generated<string>;
  upfront_fee_deducted: Generated<number>;
  installment_fee: Generated<bigint>;
  penalty_markup: Generated<string>;
  allocation_order: Generated<string>;
  line_allocation: string | null;
  required_documents: Generated<string>;
  active: Generated<number>;
  created_at: string;
}

export interface PromisesTable {
  id: string;
  case_id: string;
  promised_date: string;
  amount: bigint;
  status: string;
  created_at: string;
  created_by: string | null;
  created_date: string | null;
  decided_date: string | null;
  paid_amount: bigint | null;
  note: string | null;
}

export interface RequestKeysTable {
  key: string;
  method: string;
  principal: string;
  at: string;
  result: string;
}

export interface RolePermissionsTable {
  role_id: string;
  permission: string;
}

export interface RolesTable {
  id: string;
  name_zh: string;
  name_en: string;
  approval_limit: bigint | null;
}

export interface SchemaMigrationsTable {
  id: Generated<number>;
  name: string;
  checksum: string;
  applied_at: string;
}

export interface ScorecardsTable {
  id: string;
  name: string;
  version: number;
  model: string;
  active: Generated<number>;
  created_at: string;
  created_by: string | null;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  ended_at: string | null;
  desk: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
  version: Generated<number>;
  updated_at: string;
  updated_by: string | null;
}

export interface SettingsHistoryTable {
  key: string;
  version: number;
  value: string;
  updated_at: string;
  updated_by: string | null;
}

export interface TransactionsTable {
  id: string;
  loan_id: string;
  kind: string;
  value_date: string;
  business_date: string;
  amount: bigint;
  reference: string | null;
  reverses_id: string | null;
  user_id: string | null;
  created_at: string;
  recast: string | null;
  reason: string | null;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role_id: string;
  password_hash: string;
  password_salt: string;
  failed_attempts: Generated<number>;
  locked_until: string | null;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface BookSchema {
  allocations: AllocationsTable;
  application_events: ApplicationEventsTable;
  applications: ApplicationsTable;
  audit_log: AuditLogTable;
  business_day: BusinessDayTable;
  classification_changes: ClassificationChangesTable;
  collection_actions: CollectionActionsTable;
  collection_case_events: CollectionCaseEventsTable;
  collection_cases: CollectionCasesTable;
  collection_schedule: CollectionScheduleTable;
  contact_consents: ContactConsentsTable;
  customer_contacts: CustomerContactsTable;
  customers: CustomersTable;
  decisions: DecisionsTable;
  documents: DocumentsTable;
  dunning_events: DunningEventsTable;
  early_warnings: EarlyWarningsTable;
  eod_progress: EodProgressTable;
  eod_runs: EodRunsTable;
  eod_touched: EodTouchedTable;
  holidays: HolidaysTable;
  installments: InstallmentsTable;
  issued_documents: IssuedDocumentsTable;
  list_entries: ListEntriesTable;
  loans: LoansTable;
  lpr_rates: LprRatesTable;
  products: ProductsTable;
  promises: PromisesTable;
  request_keys: RequestKeysTable;
  role_permissions: RolePermissionsTable;
  roles: RolesTable;
  schema_migrations: SchemaMigrationsTable;
  scorecards: ScorecardsTable;
  sessions: SessionsTable;
  settings: SettingsTable;
  settings_history: SettingsHistoryTable;
  transactions: TransactionsTable;
  users: UsersTable;
}
