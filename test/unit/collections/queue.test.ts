/**
 * The priority queue on a hand-made set of cases (business date 2025-06-02, default weights: 1 point a
 * day past due, 1 per 1,000.00 outstanding, 30 per broken promise, 1 per day since the last contact up
 * to 30, never contacted = 30), its filters and its pages; and the life of a case: open, assign,
 * escalate, close, each with its history row and audit row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, type Fixture } from './fixture';
import { bucketOf, closeCurrentCases } from '../../../src/collections/service';
import { ulidSource } from '../../../src/ids';

let f: Fixture;

interface Row { id: string; loanNumber: string; daysPastDue: number; bucket: string; priority: number; brokenPromises: number; promiseState: string; daysSinceContact: number }
const queue = async (input: Record<string, unknown> = {}) => (await f.must<{ rows: Row[]; next: string | null }>('collections/queue', input));
const numbers = async (input: Record<string, unknown> = {}) => (await queue(input)).rows.map((r) => r.loanNumber);

beforeAll(async () => {
  f = await fixture();
  f.customer('C1', '王小明', '11010519491231002X');
  const kase = (id: string, loan: string, status: string, lastContact: string | null, assigned: string | null = null, closed: string | null = null) =>
    f.db.prepare('INSERT INTO collection_cases (id, loan_id, opened_date, status, assigned_to, last_contact_at, closed_date) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, loan, '2025-05-01', status, assigned, lastContact, closed);
  const promise = (id: string, caseId: string, status: string, createdAt: string) =>
    f.db.prepare("INSERT INTO promises (id, case_id, promised_date, amount, status, created_at) VALUES (?, ?, '2025-05-30', 10000, ?, ?)").run(id, caseId, status, createdAt);
  // A: 30 days past due, 5,000.00 -> 5, contacted yesterday -> 1: 36.
  f.loan('A', 'C1', { oldest: '2025-05-03', outstanding: 500_000 });
  kase('KA', 'A', 'open', '2025-06-01T02:00:00.000Z', f.users.collector);
  // B: 60 days, 50,000.00 -> 50, one broken promise -> 30, never contacted -> 30: 170.
  f.loan('B', 'C1', { oldest: '2025-04-03', outstanding: 5_000_000 });
  kase('KB', 'B', 'open', null);
  promise('PB', 'KB', 'broken', '2025-05-20T02:00:00.000Z');
  // C: 5 days, 100,000.00 -> 100, two broken -> 60, last contact 05-23 -> 10: 175.
  f.loan('C', 'C1', { oldest: '2025-05-28', outstanding: 10_000_000 });
  kase('KC', 'C', 'open', '2025-05-23T06:00:00.000Z', f.users.collector);
  promise('PC1', 'KC', 'kept', '2025-04-20T02:00:00.000Z');
  promise('PC2', 'KC', 'broken', '2025-05-10T02:00:00.000Z');
  promise('PC3', 'KC', 'broken', '2025-05-20T02:00:00.000Z');
  // D: with legal, 200 days (2024-11-14 to 2025-06-02), 1,000.00 -> 1, contacted today -> 0: 201.
  f.loan('D', 'C1', { oldest: '2024-11-14', outstanding: 100_000 });
  kase('KD', 'D', 'legal', '2025-06-02T01:00:00.000Z', f.users.collector2);
  // F: current again (nothing late), 20,000.00 -> 20, never contacted -> 30, a promise pending: 50.
  f.loan('F', 'C1', { oldest: null, outstanding: 2_000_000 });
  kase('KF', 'F', 'open', null);
  promise('PF', 'KF', 'pending', '2025-06-01T02:00:00.000Z');
  // G: closed, never in the queue.
  f.loan('G', 'C1', { oldest: '2025-01-01', outstanding: 9_000_000 });
  kase('KG', 'G', 'closed', null, null, '2025-05-01');
});

afterAll(() => f.close());

describe('the priority queue', () => {
  it('ranks by days past due, balance, broken promises and days since the last contact', async () => {
    const { rows, next } = await queue();
    expect(rows.map((r) => [r.loanNumber, r.priority])).toEqual([['DK-D', 201], ['DK-C', 175], ['DK-B', 170], ['DK-F', 50], ['DK-A', 36]]);
    expect(rows.map((r) => [r.daysPastDue, r.bucket, r.brokenPromises, r.daysSinceContact])).toEqual([
      [200, '181-360', 0, 0], [5, '1-30', 2, 10], [60, '31-60', 1, 30], [0, 'current', 0, 30], [30, '1-30', 0, 1],
    ]);
    expect(next).toBeNull();
  });

  it('filters by bucket, collector, promise state and status', async () => {
    expect(await numbers({ bucket: '1-30' })).toEqual(['DK-C', 'DK-A']);
    expect(await numbers({ bucket: '31-60' })).toEqual(['DK-B']);
    expect(await numbers({ bucket: '61-90' })).toEqual([]);
    expect(await numbers({ bucket: '181-360' })).toEqual(['DK-D']);
    expect(await numbers({ bucket: '>360' })).toEqual([]);
    expect(await numbers({ bucket: 'current' })).toEqual(['DK-F']);
    expect(await numbers({ assignedTo: f.users.collector })).toEqual(['DK-C', 'DK-A']);
    expect(await numbers({ assignedTo: 'none' })).toEqual(['DK-B', 'DK-F']);
    expect(await numbers({ assignedTo: f.users.collector, bucket: '1-30', promise: 'broken' })).toEqual(['DK-C']);
    expect(await numbers({ promise: 'broken' })).toEqual(['DK-C', 'DK-B']);
    expect(await numbers({ promise: 'pending' })).toEqual(['DK-F']);
    expect(await numbers({ promise: 'none' })).toEqual(['DK-D', 'DK-A']);
    expect(await numbers({ promise: 'kept' })).toEqual([]);
    expect(await numbers({ status: 'legal' })).toEqual(['DK-D']);
    expect(await numbers({ status: 'open' })).toEqual(['DK-C', 'DK-B', 'DK-F', 'DK-A']);
  });

  it('pages with a cursor, without gaps or repeats', async () => {
    const first = await queue({ limit: 2 });
    expect(first.rows.map((r) => r.loanNumber)).toEqual(['DK-D', 'DK-C']);
    const second = await queue({ limit: 2, cursor: first.next });
    expect(second.rows.map((r) => r.loanNumber)).toEqual(['DK-B', 'DK-F']);
    const third = await queue({ limit: 2, cursor: second.next });
    expect(third.rows.map((r) => r.loanNumber)).toEqual(['DK-A']);
    expect(third.next).toBeNull();
    expect(await f.call('collections/queue', { cursor: 'nonsense' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'collections.cursor' } });
  });

  it('weights are settings', async () => {
    f.db.prepare("INSERT INTO settings (key, value, version, updated_at) VALUES ('collections', ?, 1, '2025-06-02')").run(JSON.stringify({
      utcOffsetMinutes: 480, quietHours: { from: '22:00', to: '08:00' }, maxConnectedCallsPerDay: 3, unreachable: { attempts: 3, overDays: 2 },
      logWithinDays: 7, maxPromiseDays: 30, priority: { perDayPastDue: 0, perThousandOutstanding: 1, perBrokenPromise: 0, perDaySinceContact: 0, contactDaysCap: 30 },
    }));
    // By balance alone: C 100, B 50, F 20, A 5, D 1.
    expect(await numbers()).toEqual(['DK-C', 'DK-B', 'DK-F', 'DK-A', 'DK-D']);
    f.db.prepare("DELETE FROM settings WHERE key = 'collections'").run();
  });

  it('follows the book: a new balance or oldest date on the loan, and a promise broken, move its case', async () => {
    const priorityOf = async (n: string) => (await queue()).rows.find((r) => r.loanNumber === n)?.priority;
    // A: 5,000.00 -> 105,000.00 outstanding is 100 more points (36 -> 136); its oldest unpaid due
    // date 30 days back -> 10 days back is 20 fewer (136 -> 116).
    f.db.prepare("UPDATE loans SET outstanding_principal = 10500000 WHERE id = 'A'").run();
    expect(await priorityOf('DK-A')).toBe(136);
    f.db.prepare("UPDATE loans SET oldest_unpaid_due_date = '2025-05-23' WHERE id = 'A'").run();
    expect(await priorityOf('DK-A')).toBe(116);
    // F: its pending promise broken is 30 points (50 -> 80), and kept again 30 fewer.
    f.db.prepare("UPDATE promises SET status = 'broken' WHERE id = 'PF'").run();
    expect(await priorityOf('DK-F')).toBe(80);
    f.db.prepare("UPDATE promises SET status = 'pending' WHERE id = 'PF'").run();
    expect(await priorityOf('DK-F')).toBe(50);
    f.db.prepare("UPDATE loans SET outstanding_principal = 500000, oldest_unpaid_due_date = '2025-05-03' WHERE id = 'A'").run();
    expect(await priorityOf('DK-A')).toBe(36);
    // A closed case keeps what its loan was when it closed.
    f.db.prepare("UPDATE loans SET outstanding_principal = 1 WHERE id = 'G'").run();
    expect(f.db.prepare("SELECT loan_outstanding FROM collection_cases WHERE id = 'KG'").get()).toEqual({ loan_outstanding: 9_000_000 });
    f.db.prepare("UPDATE loans SET outstanding_principal = 9000000 WHERE id = 'G'").run();
  });

  it('buckets follow the reference: current, 1–30, 31–60, 61–90, 91–180, 181–360, >360', () => {
    expect([0, 1, 30, 31, 60, 61, 90, 91, 180, 181, 360, 361, 2000].map(bucketOf)).toEqual(
      ['current', '1-30', '1-30', '31-60', '31-60', '61-90', '61-90', '91-180', '91-180', '181-360', '181-360', '>360', '>360']);
  });
});

describe('the life of a case', () => {
  it('opens for a late loan only, once; assigns to collectors only; escalates with a reason; closes once current; each audited', async () => {
    f.loan('H', 'C1', { oldest: '2025-05-20', outstanding: 300_000 });
    f.loan('I', 'C1', { oldest: null, outstanding: 300_000 });
    const audits = () => f.db.prepare("SELECT method, entity_type, entity_id, user_id, summary FROM audit_log WHERE method LIKE 'collections/%' ORDER BY id").all() as { method: string; entity_id: string; user_id: string; summary: string }[];
    expect(await f.call('collections/open', { loanId: 'I' })).toMatchObject({ ok: false, error: { code: 'RULE', key: 'collections.loanNotLate' } });
    expect(await f.call('collections/open', { loanId: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const opened = await f.must<{ id: string; created: boolean }>('collections/open', { loanId: 'H', assignTo: f.users.collector2 });
    expect(opened.created).toBe(true);
    expect(await f.must('collections/open', { loanId: 'H' })).toMatchObject({ id: opened.id, created: false });
    const id = opened.id;
    expect(await f.call('collections/assign', { caseId: id, userId: f.users.officer })).toMatchObject({ ok: false, error: { code: 'RULE', key: 'collections.assigneeNotCollector' } });
    expect(await f.call('collections/assign', { caseId: id, userId: f.users.manager }, 'officer')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await f.call('collections/assign', { caseId: id, userId: f.users.manager })).toMatchObject({ ok: true });
    expect(await f.call('collections/escalate', { caseId: id, reason: '' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await f.call('collections/escalate', { caseId: id, reason: '多次承诺未兑现，移交法务' }, 'manager')).toMatchObject({ ok: true });
    expect(await f.call('collections/escalate', { caseId: id, reason: '再次' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'collections.alreadyLegal' } });
    const late = await f.call('collections/close', { caseId: id }, 'collector', 'zh-CN');
    expect(late).toMatchObject({ ok: false, error: { code: 'RULE', key: 'collections.loanStillLate', message: '借据 DK-H 仍逾期 13 天；借款恢复正常后方可结案' } });
    await f.must('collections/logContact', { caseId: id, channel: 'call', connected: true, outcome: 'paid' });
    f.db.prepare("UPDATE loans SET oldest_unpaid_due_date = '2025-06-20' WHERE id = 'H'").run();
    expect(await f.call('collections/close', { caseId: id, note: '逾期款项已还清' })).toMatchObject({ ok: true });
    // Closed: everything kept, nothing more added.
    expect(await f.call('collections/logContact', { caseId: id, channel: 'note', outcome: 'other' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'collections.caseClosed' } });
    const page = await f.must<{ case: { status: string; closedDate: string }; actions: unknown[]; history: { kind: string; reason: string | null; from: string | null; to: string | null }[]; allowedActions: string[] }>('collections/case', { id });
    expect(page.case).toMatchObject({ status: 'closed', closedDate: '2025-06-02' });
    expect(page.actions).toHaveLength(1);
    expect(page.allowedActions).toEqual([]);
    expect(page.history.map((h) => [h.kind, h.reason, h.from, h.to])).toEqual([
      ['opened', null, null, 'collector2 name'],
      ['assigned', null, 'collector2 name', 'manager name'],
      ['escalated', '多次承诺未兑现，移交法务', null, null],
      ['closed', '逾期款项已还清', null, null],
    ]);
    // One audit row per change, naming the case and who made it; refusals left none.
    const rows = audits().filter((a) => a.entity_id === id);
    expect(rows.map((a) => a.method)).toEqual(['collections/open', 'collections/assign', 'collections/escalate', 'collections/logContact', 'collections/close']);
    expect(rows.map((a) => a.user_id)).toEqual([f.users.collector, f.users.collector, f.users.manager, f.users.collector, f.users.collector]);
    expect(rows[2]?.summary).toBe('case of loan DK-H escalated to legal: 多次承诺未兑现，移交法务');
  });

  it('every other change writes its audit row too: schedule, promise, consent, settings', async () => {
    f.loan('J', 'C1', { oldest: '2025-05-25', outstanding: 300_000 });
    const { id } = await f.must('collections/open', { loanId: 'J' });
    const count = (method: string) => (f.db.prepare('SELECT count(*) AS n FROM audit_log WHERE method = ?').get(method) as { n: number }).n;
    const before = ['collections/schedule', 'collections/promise', 'collections/consent'].map(count);
    await f.must('collections/schedule', { caseId: id, channel: 'visit', at: '2025-06-03T15:00', note: '上门' });
    await f.must('collections/promise', { caseId: id, amount: '3000', promisedDate: '2025-06-09' });
    await f.must('collections/consent', { caseId: id, given: true, how: '书面同意' });
    expect(['collections/schedule', 'collections/promise', 'collections/consent'].map(count)).toEqual(before.map((n) => n + 1));
  });

  it('the end of day closes cases whose loans are current again, with their history', () => {
    f.loan('K', 'C1', { oldest: '2025-05-01', outstanding: 300_000 });
    f.db.prepare("INSERT INTO collection_cases (id, loan_id, opened_date, status) VALUES ('KK', 'K', '2025-05-01', 'open')").run();
    // Payments bring K and F current: the ledger moves their oldest unpaid due dates on (and the
    // book notes them as touched for the close).
    f.db.prepare("UPDATE loans SET oldest_unpaid_due_date = '2025-06-15' WHERE id = 'K'").run();
    f.db.prepare("UPDATE loans SET oldest_unpaid_due_date = '2025-07-01' WHERE id = 'F'").run();
    const n = closeCurrentCases(f.db, '2025-06-02', new Date('2025-06-02T14:00:00Z'), ulidSource());
    expect(n).toBeGreaterThanOrEqual(2); // KK and KF (current again)
    expect(f.db.prepare("SELECT status, closed_date FROM collection_cases WHERE id IN ('KK', 'KF')").all()).toEqual([
      { status: 'closed', closed_date: '2025-06-02' }, { status: 'closed', closed_date: '2025-06-02' },
    ]);
    expect(f.db.prepare("SELECT kind FROM collection_case_events WHERE case_id = 'KK'").all()).toEqual([{ kind: 'closed' }]);
    expect(closeCurrentCases(f.db, '2025-06-02', new Date('2025-06-02T14:00:00Z'), ulidSource())).toBe(0);
  });
});
