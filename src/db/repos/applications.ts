/**
 * SQL for origination: products, applications and their events and decisions, the application
 * queue (keyset pages over indexes), black and white lists, versioned settings and scorecards.
 */
import type { Db } from '../connection';
import { prepared } from '../statements';
import { nonPerformingList } from '../rules';

export interface ProductRow {
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
  interest_mode: string;
  day_count: string;
  principal_grace: number;
  rounding: string;
  payment_multiple: bigint;
  decimals: number;
  upfront_fee_rate: string;
  upfront_fee_deducted: number;
  installment_fee: bigint;
  penalty_markup: string;
  allocation_order: string;
  line_allocation: string | null;
  required_documents: string;
  active: number;
}

export interface ApplicationRow {
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
  employment_years: number | null;
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
  facts: string;
  assessment: string | null;
  review_reasons: string | null;
  required_role: string | null;
  rules_version: number | null;
  scorecard_version: number | null;
  created_at: string;
  updated_at: string;
}

export interface QueueRow {
  id: string;
  number: string;
  customer_id: string;
  customer_name: string;
  product_id: string;
  amount: bigint;
  term: number;
  state: string;
  score: number | null;
  grade: string | null;
  officer_id: string | null;
  officer_name: string | null;
  required_role: string | null;
  review_reasons: string | null;
  submitted_at: string | null;
  created_at: string;
}

export const OPEN_STATES = ['draft', 'submitted', 'screened', 'scored', 'review', 'returned', 'approved'] as const;
/** Open and awaiting a decision or a signature: what "another open application" means. */
export const PENDING_STATES = ['submitted', 'screened', 'scored', 'review', 'returned', 'approved', 'signed'] as const;

const QUEUE_COLUMNS = `a.id, a.number, a.customer_id, c.name AS customer_name, a.product_id, a.amount, a.term, a.state, a.score, a.grade,
  a.officer_id, u.display_name AS officer_name, a.required_role, a.review_reasons, a.submitted_at, a.created_at`;
const QUEUE_FROM = `FROM applications a JOIN customers c ON c.id = a.customer_id LEFT JOIN users u ON u.id = a.officer_id`;
// The open-state list must match the partial index applications_open word for word.
const OPEN = `a.state IN ('draft', 'submitted', 'screened', 'scored', 'review', 'returned', 'approved')`;
const PAGE = `AND a.created_at <= @waitedSince AND (a.created_at, a.id) > (@afterAt, @afterId) ORDER BY a.created_at, a.id LIMIT @limit`;

/** Queue statements, one per way in: each filter combination reads the index made for it. */
const QUEUE_SQL = {
  open: `SELECT ${QUEUE_COLUMNS} ${QUEUE_FROM} WHERE ${OPEN} ${PAGE}`,
  state: `SELECT ${QUEUE_COLUMNS} ${QUEUE_FROM} WHERE a.state = @state ${PAGE}`,
  officerOpen: `SELECT ${QUEUE_COLUMNS} ${QUEUE_FROM} WHERE a.officer_id = @officer AND ${OPEN} ${PAGE}`,
  officerState: `SELECT ${QUEUE_COLUMNS} ${QUEUE_FROM} WHERE a.officer_id = @officer AND a.state = @state ${PAGE}`,
  gradeOpen: `SELECT ${QUEUE_COLUMNS} ${QUEUE_FROM} WHERE a.grade = @grade AND ${OPEN} ${PAGE}`,
  gradeState: `SELECT ${QUEUE_COLUMNS} ${QUEUE_FROM} WHERE a.grade = @grade AND a.state = @state ${PAGE}`,
  officerGradeOpen: `SELECT ${QUEUE_COLUMNS} ${QUEUE_FROM} WHERE a.officer_id = @officer AND ${OPEN} AND a.grade = @grade ${PAGE}`,
  officerGradeState: `SELECT ${QUEUE_COLUMNS} ${QUEUE_FROM} WHERE a.officer_id = @officer AND a.state = @state AND a.grade = @grade ${PAGE}`,
} as const;
export type QueueVariant = keyof typeof QUEUE_SQL;

export const APPLICATION_SQL = {
  ...QUEUE_SQL,
  products: `SELECT * FROM products WHERE active = 1 ORDER BY code LIMIT 200`,
  productById: `SELECT * FROM products WHERE id = ?`,
  insertProduct: `INSERT INTO products (id, code, name_zh, name_en, method, frequency, min_rate, max_rate, min_term, max_term,
      min_amount, max_amount, day_count, line_allocation, required_documents, created_at)
    VALUES (@id, @code, @name_zh, @name_en, @method, 'monthly', @min_rate, @max_rate, @min_term, @max_term, @min_amount, @max_amount,
      @day_count, @line_allocation, @required_documents, @created_at) ON CONFLICT (id) DO NOTHING`,
  countProducts: `SELECT count(*) AS n FROM products`,
  insert: `INSERT INTO applications (id, number, customer_id, product_id, amount, term, purpose, state, monthly_income, monthly_debt,
      employment_years, bureau_overdue_24m, bureau_inquiries_6m, bureau_current_overdue, facts, officer_id, created_at, updated_at)
    VALUES (@id, @number, @customer_id, @product_id, @amount, @term, @purpose, 'draft', @monthly_income, @monthly_debt,
      @employment_years, @bureau_overdue_24m, @bureau_inquiries_6m, @bureau_current_overdue, @facts, @officer_id, @at, @at)`,
  update: `UPDATE applications SET product_id = @product_id, amount = @amount, term = @term, purpose = @purpose,
      monthly_income = @monthly_income, monthly_debt = @monthly_debt, employment_years = @employment_years,
      bureau_overdue_24m = @bureau_overdue_24m, bureau_inquiries_6m = @bureau_inquiries_6m,
      bureau_current_overdue = @bureau_current_overdue, facts = @facts, updated_at = @at
    WHERE id = @id`,
  lastNumber: `SELECT number FROM applications WHERE number > @prefix AND number < @prefix || '~' ORDER BY number DESC LIMIT 1`,
  byId: `SELECT * FROM applications WHERE id = ?`,
  setState: `UPDATE applications SET state = @state, updated_at = @at WHERE id = @id AND state = @from`,
  submitted: `UPDATE applications SET submitted_by = @user, submitted_at = @at WHERE id = @id`,
  saveAssessment: `UPDATE applications SET score = @score, grade = @grade, pd = @pd, offered_rate = @offered_rate,
      offered_amount = @offered_amount, offered_term = @offered_term, assessment = @assessment, review_reasons = @review_reasons,
      required_role = @required_role, rules_version = @rules_version, scorecard_version = @scorecard_version, updated_at = @at
    WHERE id = @id`,
  decided: `UPDATE applications SET decided_by = @user, decided_at = @at WHERE id = @id`,
  insertEvent: `INSERT INTO application_events (id, application_id, at, user_id, from_state, to_state, note)
    VALUES (@id, @application_id, @at, @user_id, @from_state, @to_state, @note)`,
  insertDecision: `INSERT INTO decisions (id, application_id, kind, outcome, detail, user_id, at)
    VALUES (@id, @application_id, @kind, @outcome, @detail, @user_id, @at)`,
  events: `SELECT e.id, e.at, e.user_id, u.display_name AS user_name, e.from_state, e.to_state, e.note
    FROM application_events e LEFT JOIN users u ON u.id = e.user_id WHERE e.application_id = ? ORDER BY e.at, e.rowid LIMIT 200`,
  decisions: `SELECT d.id, d.kind, d.outcome, d.detail, d.user_id, u.display_name AS user_name, d.at
    FROM decisions d LEFT JOIN users u ON u.id = d.user_id WHERE d.application_id = ? ORDER BY d.at, d.rowid LIMIT 200`,
  documents: `SELECT id, owner_type, kind, file_name, mime_type, size_bytes, sha256, uploaded_at FROM documents
    WHERE (owner_type = 'application' AND owner_id = @application) OR (owner_type = 'customer' AND owner_id = @customer)
    ORDER BY uploaded_at DESC LIMIT 100`,
  userName: `SELECT display_name FROM users WHERE id = ?`,
  // What the book knows about an applicant.
  listHits: `SELECT list, kind, value, reason FROM list_entries
    WHERE removed_at IS NULL AND ((kind = 'id_number' AND value = @idNumber) OR (kind = 'phone' AND value = @phone) OR (kind = 'credit_code' AND value = @creditCode))
    ORDER BY list LIMIT 10`,
  loanStates: `SELECT
      coalesce(sum(CASE WHEN status = 'active' AND oldest_unpaid_due_date < @bd THEN 1 ELSE 0 END), 0) AS late,
      coalesce(sum(CASE WHEN status = 'written_off' OR five_category IN (${nonPerformingList()}) THEN 1 ELSE 0 END), 0) AS bad,
      coalesce(sum(CASE WHEN status = 'closed' THEN 1 ELSE 0 END), 0) AS closed,
      count(*) AS loans
    FROM loans WHERE customer_id = @customer`,
  openApplication: `SELECT number FROM applications
    WHERE customer_id = @customer AND id <> @id AND state IN ('submitted', 'screened', 'scored', 'review', 'returned', 'approved', 'signed')
    LIMIT 1`,
  // Lists.
  listPage: `SELECT l.id, l.list, l.kind, l.value, l.reason, l.added_at, u.display_name AS added_by_name FROM list_entries l
    LEFT JOIN users u ON u.id = l.added_by
    WHERE l.removed_at IS NULL AND (l.added_at, l.id) < (@beforeAt, @beforeId) ORDER BY l.added_at DESC, l.id DESC LIMIT @limit`,
  listByValue: `SELECT l.id, l.list, l.kind, l.value, l.reason, l.added_at, u.display_name AS added_by_name FROM list_entries l
    LEFT JOIN users u ON u.id = l.added_by
    WHERE l.removed_at IS NULL AND l.kind = @kind AND l.value = @value ORDER BY l.list LIMIT 10`,
  listInsert: `INSERT INTO list_entries (id, list, kind, value, reason, added_at, added_by) VALUES (@id, @list, @kind, @value, @reason, @at, @user)`,
  listRemove: `UPDATE list_entries SET removed_at = @at WHERE id = @id AND removed_at IS NULL`,
  // Versioned settings.
  setting: `SELECT value, version FROM settings WHERE key = ?`,
  settingInsert: `INSERT INTO settings (key, value, version, updated_at, updated_by) VALUES (@key, @value, 1, @at, @user)`,
  settingUpdate: `UPDATE settings SET value = @value, version = version + 1, updated_at = @at, updated_by = @user WHERE key = @key`,
  settingHistory: `INSERT INTO settings_history (key, version, value, updated_at, updated_by)
    SELECT key, version, value, updated_at, updated_by FROM settings WHERE key = ?`,
  // Scorecards.
  activeScorecard: `SELECT id, name, version, model, created_at FROM scorecards WHERE active = 1 ORDER BY created_at DESC LIMIT 1`,
  scorecards: `SELECT s.id, s.name, s.version, s.active, s.created_at, u.display_name AS created_by_name FROM scorecards s
    LEFT JOIN users u ON u.id = s.created_by ORDER BY s.created_at DESC LIMIT 100`,
  scorecardByNameVersion: `SELECT id FROM scorecards WHERE name = ? AND version = ?`,
  scorecardInsert: `INSERT INTO scorecards (id, name, version, model, active, created_at, created_by) VALUES (@id, @name, @version, @model, 0, @at, @user)`,
  scorecardDeactivate: `UPDATE scorecards SET active = 0 WHERE active = 1`,
  scorecardActivate: `UPDATE scorecards SET active = 1 WHERE id = ?`,
} as const;

export function applicationRepo(db: Db) {
  const s = prepared(db, APPLICATION_SQL);
  return {
    products: () => s.products.all() as ProductRow[],
    productById: (id: string) => s.productById.get(id) as ProductRow | undefined,
    countProducts: () => (s.countProducts.get() as { n: number }).n,
    insertProduct: (row: Record<string, unknown>) => void s.insertProduct.run(row),
    insert: (row: Record<string, unknown>) => void s.insert.run(row),
    update: (row: Record<string, unknown>) => void s.update.run(row),
    lastNumber: (prefix: string) => (s.lastNumber.get({ prefix }) as { number: string } | undefined)?.number ?? null,
    byId: (id: string) => s.byId.get(id) as ApplicationRow | undefined,
    /** Moves the state on only from `from`; false when someone else moved it first. */
    setState: (id: string, from: string, state: string, at: string): boolean => s.setState.run({ id, from, state, at }).changes === 1,
    submitted: (id: string, user: string, at: string) => void s.submitted.run({ id, user, at }),
    saveAssessment: (row: Record<string, unknown>) => void s.saveAssessment.run(row),
    decided: (id: string, user: string | null, at: string) => void s.decided.run({ id, user, at }),
    insertEvent: (row: Record<string, unknown>) => void s.insertEvent.run(row),
    insertDecision: (row: Record<string, unknown>) => void s.insertDecision.run(row),
    events: (id: string) => s.events.all(id) as { id: string; at: string; user_id: string | null; user_name: string | null; from_state: string | null; to_state: string; note: string | null }[],
    decisions: (id: string) => s.decisions.all(id) as { id: string; kind: string; outcome: string; detail: string; user_id: string | null; user_name: string | null; at: string }[],
    documents: (application: string, customer: string) =>
      s.documents.all({ application, customer }) as { id: string; owner_type: string; kind: string; file_name: string; mime_type: string; size_bytes: number; sha256: string; uploaded_at: string }[],
    userName: (id: string | null) => (id ? ((s.userName.get(id) as { display_name: string } | undefined)?.display_name ?? null) : null),
    listHits: (idNumber: string | null, phone: string | null, creditCode: string | null) =>
      s.listHits.all({ idNumber, phone, creditCode }) as { list: 'black' | 'white'; kind: 'id_number' | 'phone' | 'credit_code'; value: string; reason: string }[],
    loanStates: (customer: string, bd: string) => s.loanStates.get({ customer, bd }) as { late: number; bad: number; closed: number; loans: number },
    openApplication: (customer: string, id: string) => (s.openApplication.get({ customer, id }) as { number: string } | undefined)?.number ?? null,
    queue: (variant: QueueVariant, params: Record<string, unknown>) => s[variant].all(params) as QueueRow[],
    listPage: (beforeAt: string, beforeId: string, limit: number) => s.listPage.all({ beforeAt, beforeId, limit }) as ListRow[],
    listByValue: (kind: string, value: string) => s.listByValue.all({ kind, value }) as ListRow[],
    listInsert: (row: Record<string, unknown>) => void s.listInsert.run(row),
    listRemove: (id: string, at: string): boolean => s.listRemove.run({ id, at }).changes === 1,
    setting: (key: string) => s.setting.get(key) as { value: string; version: number } | undefined,
    /** Writes a new version of a setting, keeping the one it replaces in the history. */
    saveSetting(key: string, value: string, at: string, user: string | null): number {
      if (s.setting.get(key)) {
        s.settingHistory.run(key);
        s.settingUpdate.run({ key, value, at, user });
      } else s.settingInsert.run({ key, value, at, user });
      return (s.setting.get(key) as { version: number }).version;
    },
    activeScorecard: () => s.activeScorecard.get() as { id: string; name: string; version: number; model: string; created_at: string } | undefined,
    scorecards: () => s.scorecards.all() as { id: string; name: string; version: number; active: number; created_at: string; created_by_name: string | null }[],
    scorecardExists: (name: string, version: number) => s.scorecardByNameVersion.get(name, version) !== undefined,
    insertScorecard: (row: { id: string; name: string; version: number; model: string; at: string; user: string | null }) => void s.scorecardInsert.run(row),
    activateScorecard(id: string): void {
      s.scorecardDeactivate.run();
      s.scorecardActivate.run(id);
    },
  };
}

export interface ListRow {
  id: string;
  list: 'black' | 'white';
  kind: 'id_number' | 'phone' | 'credit_code';
  value: string;
  reason: string;
  added_at: string;
  added_by_name: string | null;
}
