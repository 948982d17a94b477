/**
 * SQL for collections: cases and their history, the contact log, planned contacts, promises to pay,
 * the borrower's consent to out-of-hours contact, and the priority queue. The conduct checks read a
 * debtor's contacts through loans_customer -> collection_cases_loan -> collection_actions_case, so
 * each is a few index probes whatever the size of the book. The queue is a keyset page: cases found
 * through collection_cases_status, ranked by a score computed from the loan and the case.
 *
 * SQLite dialect, kept here: DAYS() (julianday); on PostgreSQL (to::date - from::date). The close's
 * statements are the dialect's (sqlite/collections.ts).
 */
import type { Db } from '../connection';
import { prepared } from '../statements';
import { PRIORITY_THOUSAND_MINOR } from '../../rules/lending';

export interface CaseRow {
  id: string;
  loan_id: string;
  opened_date: string;
  closed_date: string | null;
  status: 'open' | 'legal' | 'closed';
  assigned_to: string | null;
  assigned_name: string | null;
  ladder_step: string | null;
  last_contact_at: string | null;
  loan_number: string;
  loan_status: string;
  customer_id: string;
  customer_name: string;
  customer_phone: string | null;
  product_name: string;
  product_name_en: string;
  principal: bigint;
  outstanding_principal: bigint;
  oldest_unpaid_due_date: string | null;
  five_category: string;
  maturity_date: string;
}

export interface ActionRow {
  id: string;
  at: string;
  local_time: string | null;
  recorded_at: string | null;
  user_id: string | null;
  user_name: string | null;
  channel: string;
  party: string;
  connected: number;
  outcome: string;
  note: string | null;
  contact_name: string | null;
  contact_relation: string | null;
  script_acknowledged: number;
  scheduled_id: string | null;
  issued_document_id: string | null;
}

export interface PromiseRow {
  id: string;
  case_id: string;
  promised_date: string;
  amount: bigint;
  status: 'pending' | 'kept' | 'broken';
  created_at: string;
  created_date: string | null;
  created_by_name: string | null;
  decided_date: string | null;
  paid_amount: bigint | null;
  note: string | null;
}

export interface ScheduleRow {
  id: string;
  planned_at: string;
  local_time: string;
  channel: string;
  party: string;
  contact_id: string | null;
  assigned_to: string | null;
  assigned_name: string | null;
  note: string | null;
  done_action_id: string | null;
}

export interface QueueRow {
  id: string;
  loan_id: string;
  status: string;
  assigned_to: string | null;
  assigned_name: string | null;
  opened_date: string;
  ladder_step: string | null;
  last_contact_at: string | null;
  loan_number: string;
  customer_id: string;
  customer_name: string;
  outstanding_principal: bigint;
  oldest_unpaid_due_date: string | null;
  five_category: string;
  dpd: number;
  broken_promises: number;
  latest_promise: string | null;
  pending_promise_date: string | null;
  days_since_contact: number;
  priority: number;
}

/** Whole days from one ISO date to another (SQLite dialect). */
const DAYS = (from: string, to: string): string => `CAST(julianday(${to}) - julianday(${from}) AS INTEGER)`;

const CASE_COLUMNS = `k.id, k.loan_id, k.opened_date, k.closed_date, k.status, k.assigned_to, u.display_name AS assigned_name, k.ladder_step,
    k.last_contact_at, l.number AS loan_number, l.status AS loan_status, l.customer_id, c.name AS customer_name, c.phone AS customer_phone,
    p.name_zh AS product_name, p.name_en AS product_name_en, l.principal, l.outstanding_principal, l.oldest_unpaid_due_date, l.five_category, l.maturity_date`;
const CASE_FROM = `FROM collection_cases k JOIN loans l ON l.id = k.loan_id JOIN customers c ON c.id = l.customer_id
    JOIN products p ON p.id = l.product_id LEFT JOIN users u ON u.id = k.assigned_to`;

// A debtor's own contacts across all their loans' cases.
const DEBTOR_ACTIONS = `FROM loans l JOIN collection_cases k ON k.loan_id = l.id JOIN collection_actions a ON a.case_id = k.id
    WHERE l.customer_id = @customer AND a.party = 'debtor'`;

// ——— The queue ——————————————————————————————————————————————————————————————————————————————
// DPD from the loan's oldest unpaid due date and the business date (0 when nothing is late); days
// since the case's last contact, capped (never contacted counts as the cap). The priority is a sum
// of points whose weights are settings (queuePriority in src/rules/lending.ts). Filters that are not an index's are applied to the cases
// the status (and staff) index finds.
const DPD = `CASE WHEN k.loan_oldest IS NULL OR k.loan_oldest >= @bd THEN 0 ELSE ${DAYS('k.loan_oldest', '@bd')} END`;
// (A contact on the business date or after it counts 0 days; the days are worked out once a row.)
const SINCE_CONTACT = `CASE WHEN k.last_contact_at IS NULL THEN @contactCap
    ELSE max(0, min(@contactCap, ${DAYS('substr(k.last_contact_at, 1, 10)', '@bd')})) END`;
// Ranking reads the open cases alone: each carries its loan's oldest unpaid due date and balance and
// its count of broken promises (kept by triggers, migration 0009). The page's rows then get their
// loan, borrower, collector and promise details, and nothing else does.
const LATEST_PROMISE = `coalesce((SELECT s.status FROM promises s WHERE s.case_id = k.id ORDER BY s.created_at DESC, s.id DESC LIMIT 1), 'none')`;
const PRIORITY = `${DPD} * @perDay + (coalesce(k.loan_outstanding, 0) / ${PRIORITY_THOUSAND_MINOR}) * @perThousand + k.broken_promises * @perBroken + ${SINCE_CONTACT} * @perContactDay`;
const QUEUE_FILTERS = `AND (@current = 0 OR k.loan_oldest IS NULL OR k.loan_oldest >= @bd)
      AND (@oldestFrom IS NULL OR k.loan_oldest >= @oldestFrom)
      AND (@oldestTo IS NULL OR k.loan_oldest <= @oldestTo)
      AND (@promise IS NULL OR ${LATEST_PROMISE} = @promise)`;
// The ranking computes each open case's priority once (ORDER BY takes the result column; the first
// page's cursor test is skipped unworked); the page's rows alone get everything else.
const queue = (staff: string): string => `SELECT k.id, k.loan_id, k.status, k.assigned_to, k.opened_date, k.ladder_step, k.last_contact_at,
      k.loan_outstanding AS outstanding_principal, k.loan_oldest AS oldest_unpaid_due_date, k.broken_promises,
      ${DPD} AS dpd, ${SINCE_CONTACT} AS days_since_contact, r.priority,
      l.number AS loan_number, l.customer_id, l.five_category, c.name AS customer_name, u.display_name AS assigned_name,
      (SELECT s.status FROM promises s WHERE s.case_id = k.id ORDER BY s.created_at DESC, s.id DESC LIMIT 1) AS latest_promise,
      (SELECT d.promised_date FROM promises d WHERE d.case_id = k.id AND d.status = 'pending') AS pending_promise_date
  FROM (SELECT k.id, ${PRIORITY} AS priority FROM collection_cases k
    WHERE k.status IN (@status1, @status2) ${staff} ${QUEUE_FILTERS}
      AND (@afterId = '' OR ${PRIORITY} < @afterPriority OR (${PRIORITY} = @afterPriority AND k.id > @afterId))
    ORDER BY priority DESC, k.id LIMIT @limit) r
  JOIN collection_cases k ON k.id = r.id JOIN loans l ON l.id = k.loan_id JOIN customers c ON c.id = l.customer_id LEFT JOIN users u ON u.id = k.assigned_to
  ORDER BY r.priority DESC, k.id`;

export const QUEUE_SQL = {
  queueAll: queue(''),
  queueStaff: queue('AND k.assigned_to = @assigned'),
  queueUnassigned: queue('AND k.assigned_to IS NULL'),
} as const;
export type QueueVariant = keyof typeof QUEUE_SQL;

export const COLLECTION_SQL = {
  ...QUEUE_SQL,
  caseById: `SELECT ${CASE_COLUMNS} ${CASE_FROM} WHERE k.id = ?`,
  openCaseOfLoan: `SELECT id FROM collection_cases WHERE loan_id = ? AND status <> 'closed' ORDER BY opened_date DESC, id DESC LIMIT 1`,
  loan: `SELECT id, number, status, customer_id, outstanding_principal, oldest_unpaid_due_date FROM loans WHERE id = ?`,
  insertCase: `INSERT INTO collection_cases (id, loan_id, opened_date, status, assigned_to, ladder_step)
    VALUES (@id, @loan_id, @opened_date, 'open', @assigned_to, @ladder_step)`,
  setAssigned: `UPDATE collection_cases SET assigned_to = @assigned_to WHERE id = @id AND status <> 'closed'`,
  setLegal: `UPDATE collection_cases SET status = 'legal' WHERE id = @id AND status = 'open'`,
  close: `UPDATE collection_cases SET status = 'closed', closed_date = @date WHERE id = @id AND status <> 'closed'`,
  touchContact: `UPDATE collection_cases SET last_contact_at = @at WHERE id = @id AND (last_contact_at IS NULL OR last_contact_at < @at)`,
  insertEvent: `INSERT INTO collection_case_events (id, case_id, at, business_date, user_id, kind, from_user, to_user, reason)
    VALUES (@id, @case_id, @at, @business_date, @user_id, @kind, @from_user, @to_user, @reason)`,
  events: `SELECT e.id, e.at, e.business_date, e.kind, e.reason, e.user_id, u.display_name AS user_name, f.display_name AS from_name, t.display_name AS to_name
    FROM collection_case_events e LEFT JOIN users u ON u.id = e.user_id LEFT JOIN users f ON f.id = e.from_user LEFT JOIN users t ON t.id = e.to_user
    WHERE e.case_id = ? ORDER BY e.at, e.rowid LIMIT 200`,
  actions: `SELECT a.id, a.at, a.local_time, a.recorded_at, a.user_id, u.display_name AS user_name, a.channel, a.party, a.connected, a.outcome, a.note,
      a.contact_name, a.contact_relation, a.script_acknowledged, a.scheduled_id, a.issued_document_id
    FROM collection_actions a LEFT JOIN users u ON u.id = a.user_id WHERE a.case_id = ? ORDER BY a.at DESC, a.rowid DESC LIMIT 200`,
  insertAction: `INSERT INTO collection_actions (id, case_id, at, user_id, channel, party, connected, outcome, note, local_time, recorded_at,
      contact_id, contact_name, contact_relation, script_acknowledged, scheduled_id, issued_document_id)
    VALUES (@id, @case_id, @at, @user_id, @channel, @party, @connected, @outcome, @note, @local_time, @recorded_at,
      @contact_id, @contact_name, @contact_relation, @script_acknowledged, @scheduled_id, @issued_document_id)`,
  // Conduct checks.
  connectedCalls: `SELECT count(*) AS n ${DEBTOR_ACTIONS} AND a.channel = 'call' AND a.connected = 1 AND a.at >= @from AND a.at < @to`,
  lastAttempts: `SELECT a.at, a.local_time, a.connected ${DEBTOR_ACTIONS} AND a.channel IN ('call', 'visit') ORDER BY a.at DESC, a.id DESC LIMIT @n`,
  consent: `SELECT g.id, g.given_date, g.how, g.recorded_at, r.display_name AS recorded_by_name FROM contact_consents g LEFT JOIN users r ON r.id = g.recorded_by
    WHERE g.customer_id = @customer AND g.withdrawn_at IS NULL AND g.given_date <= @date ORDER BY g.given_date DESC, g.id DESC LIMIT 1`,
  insertConsent: `INSERT INTO contact_consents (id, customer_id, given_date, how, recorded_at, recorded_by)
    VALUES (@id, @customer_id, @given_date, @how, @recorded_at, @recorded_by)`,
  withdrawConsent: `UPDATE contact_consents SET withdrawn_at = @at, withdrawn_by = @user WHERE customer_id = @customer AND withdrawn_at IS NULL`,
  contact: `SELECT id, name, relation, phone FROM customer_contacts WHERE id = @id AND customer_id = @customer`,
  contacts: `SELECT id, name, relation, phone FROM customer_contacts WHERE customer_id = ? ORDER BY created_at LIMIT 50`,
  user: `SELECT id, role_id, active, display_name FROM users WHERE id = ?`,
  issued: `SELECT id, type, owner_type, owner_id FROM issued_documents WHERE id = ?`,
  // Planned contacts.
  insertSchedule: `INSERT INTO collection_schedule (id, case_id, planned_at, local_time, channel, party, contact_id, assigned_to, note, created_at, created_by)
    VALUES (@id, @case_id, @planned_at, @local_time, @channel, @party, @contact_id, @assigned_to, @note, @created_at, @created_by)`,
  schedule: `SELECT s.id, s.planned_at, s.local_time, s.channel, s.party, s.contact_id, s.assigned_to, u.display_name AS assigned_name, s.note, s.done_action_id
    FROM collection_schedule s LEFT JOIN users u ON u.id = s.assigned_to WHERE s.case_id = ? ORDER BY s.planned_at DESC LIMIT 100`,
  scheduleById: `SELECT id, case_id, done_action_id FROM collection_schedule WHERE id = ?`,
  scheduleDone: `UPDATE collection_schedule SET done_action_id = @action WHERE id = @id AND done_action_id IS NULL`,
  // Promises.
  promises: `SELECT p.id, p.case_id, p.promised_date, p.amount, p.status, p.created_at, p.created_date, u.display_name AS created_by_name,
      p.decided_date, p.paid_amount, p.note
    FROM promises p LEFT JOIN users u ON u.id = p.created_by WHERE p.case_id = ? ORDER BY p.created_at DESC, p.rowid DESC LIMIT 100`,
  pendingPromise: `SELECT id, promised_date FROM promises WHERE case_id = ? AND status = 'pending'`,
  insertPromise: `INSERT INTO promises (id, case_id, promised_date, amount, status, created_at, created_by, created_date, note)
    VALUES (@id, @case_id, @promised_date, @amount, 'pending', @created_at, @created_by, @created_date, @note)`,
  setting: `SELECT value, version FROM settings WHERE key = ?`,
} as const;

export function collectionRepo(db: Db) {
  const s = prepared(db, COLLECTION_SQL);
  return {
    caseById: (id: string) => s.caseById.get(id) as CaseRow | undefined,
    openCaseOfLoan: (loanId: string) => (s.openCaseOfLoan.get(loanId) as { id: string } | undefined)?.id ?? null,
    loan: (id: string) =>
      s.loan.get(id) as { id: string; number: string; status: string; customer_id: string; outstanding_principal: bigint; oldest_unpaid_due_date: string | null } | undefined,
    insertCase: (row: { id: string; loan_id: string; opened_date: string; assigned_to: string | null; ladder_step: string | null }) => void s.insertCase.run(row),
    setAssigned: (id: string, assignedTo: string | null): boolean => s.setAssigned.run({ id, assigned_to: assignedTo }).changes === 1,
    setLegal: (id: string): boolean => s.setLegal.run({ id }).changes === 1,
    close: (id: string, date: string): boolean => s.close.run({ id, date }).changes === 1,
    touchContact: (id: string, at: string) => void s.touchContact.run({ id, at }),
    insertEvent: (row: { id: string; case_id: string; at: string; business_date: string; user_id: string | null; kind: string; from_user?: string | null; to_user?: string | null; reason?: string | null }) =>
      void s.insertEvent.run({ from_user: null, to_user: null, reason: null, ...row }),
    events: (caseId: string) =>
      s.events.all(caseId) as { id: string; at: string; business_date: string; kind: string; reason: string | null; user_id: string | null; user_name: string | null; from_name: string | null; to_name: string | null }[],
    actions: (caseId: string) => s.actions.all(caseId) as ActionRow[],
    insertAction: (row: Record<string, unknown>) => void s.insertAction.run(row),
    connectedCalls: (customer: string, from: string, to: string) => (s.connectedCalls.get({ customer, from, to }) as { n: number }).n,
    lastAttempts: (customer: string, n: number) => s.lastAttempts.all({ customer, n }) as { at: string; local_time: string | null; connected: number }[],
    consent: (customer: string, date: string) =>
      s.consent.get({ customer, date }) as { id: string; given_date: string; how: string; recorded_at: string; recorded_by_name: string | null } | undefined,
    insertConsent: (row: { id: string; customer_id: string; given_date: string; how: string; recorded_at: string; recorded_by: string | null }) => void s.insertConsent.run(row),
    withdrawConsent: (customer: string, at: string, user: string | null): number => s.withdrawConsent.run({ customer, at, user }).changes,
    contact: (id: string, customer: string) => s.contact.get({ id, customer }) as { id: string; name: string; relation: string; phone: string | null } | undefined,
    contacts: (customer: string) => s.contacts.all(customer) as { id: string; name: string; relation: string; phone: string | null }[],
    user: (id: string) => s.user.get(id) as { id: string; role_id: string; active: number; display_name: string } | undefined,
    issued: (id: string) => s.issued.get(id) as { id: string; type: string; owner_type: string; owner_id: string } | undefined,
    insertSchedule: (row: Record<string, unknown>) => void s.insertSchedule.run(row),
    schedule: (caseId: string) => s.schedule.all(caseId) as ScheduleRow[],
    scheduleById: (id: string) => s.scheduleById.get(id) as { id: string; case_id: string; done_action_id: string | null } | undefined,
    scheduleDone: (id: string, action: string): boolean => s.scheduleDone.run({ id, action }).changes === 1,
    promises: (caseId: string) => s.promises.all(caseId) as PromiseRow[],
    pendingPromise: (caseId: string) => s.pendingPromise.get(caseId) as { id: string; promised_date: string } | undefined,
    insertPromise: (row: Record<string, unknown>) => void s.insertPromise.run(row),
    queue: (variant: QueueVariant, params: Record<string, unknown>) => s[variant].all(params) as QueueRow[],
    setting: (key: string) => s.setting.get(key) as { value: string; version: number } | undefined,
  };
}
