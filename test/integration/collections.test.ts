/**
 * Collections on a real demo book (late loans with cases, contacts and promises): the queue ranks
 * every open case as its definition says and pages through all of them, its reads use indexes, the
 * five-year retention is kept by the book itself, promises are decided set-wise, and a collector works
 * a case through the api with a real session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBook } from '../../src/book';
import { callApi, DESK_PERMISSIONS, type ApiContext } from '../../src/api';
import { buildDemoBook, DEMO_PASSWORD } from '../../src/demo/book';
import { signIn } from '../../src/identity/service';
import { ulidSource } from '../../src/ids';
import { identityRepo } from '../../src/db/repos/identity';
import { kyselyOf } from '../../src/db/kysely';
import { collectionQueries } from '../../src/db/repos/collections';
import { COLLECTION_CLOSE_SQL, queueStatement } from '../../src/db/sqlite/collections';
import type { QueueQuery } from '../../src/collections/store';
import { DEFAULT_PRIORITY } from '../../src/rules/lending';
import { decidePromises, daysPastDue } from '../../src/collections/service';

const BD = '2025-06-01';
const now = () => new Date(`${BD}T03:00:00.000Z`); // 11:00 in the borrowers' time
let dir: string;
let db: ReturnType<typeof openBook>;
const ids = ulidSource(() => now().getTime());
let token: string;
const ctx = (lang: 'en' | 'zh-CN' = 'en'): ApiContext => ({ lang, permissions: DESK_PERMISSIONS, now, emit: () => {}, db, ids, dataDir: dir, sessionToken: token });

interface Row { id: string; daysPastDue: number; bucket: string; outstandingPrincipal: string; brokenPromises: number; daysSinceContact: number; priority: number; oldestUnpaidDueDate: string | null; promiseState: string; assignedTo: string | null }
async function all(input: Record<string, unknown> = {}): Promise<Row[]> {
  const out: Row[] = [];
  let cursor: string | null = null;
  do {
    const r = await callApi('collections/queue', { ...input, limit: 37, ...(cursor ? { cursor } : {}) }, ctx());
    if (!r.ok) throw new Error(r.error.message);
    const page = r.result as { rows: Row[]; next: string | null };
    out.push(...page.rows);
    cursor = page.next;
  } while (cursor);
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'suanpan-collections-'));
  db = openBook(join(dir, 'book.db'), { now });
  buildDemoBook(db, { loans: 400, seed: 7, businessDate: BD, staff: true });
  token = (await signIn(db, ids, now(), 'collector', DEMO_PASSWORD)).token;
}, 60_000);

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the queue over a demo book', () => {
  it('holds every open case once, ranked by its priority as defined', async () => {
    const rows = await all();
    const open = (db.prepare("SELECT count(*) AS n FROM collection_cases WHERE status IN ('open', 'legal')").get() as { n: number }).n;
    expect(open).toBeGreaterThan(10);
    expect(rows).toHaveLength(open);
    expect(new Set(rows.map((r) => r.id)).size).toBe(open);
    for (const [i, r] of rows.entries()) {
      const dpd = daysPastDue(r.oldestUnpaidDueDate, BD);
      expect(r.daysPastDue).toBe(dpd);
      const thousands = Math.floor(Number(r.outstandingPrincipal) / 1000);
      expect(r.priority, r.id).toBe(dpd + thousands + 30 * r.brokenPromises + r.daysSinceContact);
      if (i > 0) {
        const prev = rows[i - 1] as Row;
        expect(prev.priority > r.priority || (prev.priority === r.priority && prev.id < r.id)).toBe(true);
      }
    }
    // Demo cases were all contacted yesterday.
    expect(rows.every((r) => r.daysSinceContact === 1)).toBe(true);
  });

  it('each filter returns exactly the matching part of the queue', async () => {
    const rows = await all();
    for (const bucket of ['current', '1-30', '31-60', '61-90', '91-180', '181-360', '>360']) {
      expect((await all({ bucket })).map((r) => r.id), bucket).toEqual(rows.filter((r) => r.bucket === bucket).map((r) => r.id));
    }
    for (const promise of ['pending', 'broken', 'kept', 'none']) {
      expect((await all({ promise })).map((r) => r.id), promise).toEqual(rows.filter((r) => r.promiseState === promise).map((r) => r.id));
    }
    const collector = rows.find((r) => r.assignedTo)?.assignedTo as string;
    expect((await all({ assignedTo: collector })).map((r) => r.id)).toEqual(rows.filter((r) => r.assignedTo === collector).map((r) => r.id));
  });

  it('reads through indexes: no full scan in any queue or case-page plan', () => {
    const q = kyselyOf(db);
    const page: QueueQuery = {
      businessDate: BD, statuses: ['open', 'legal'], assigned: { to: 'anyone' }, currentOnly: false, oldestFrom: '2025-04-01', oldestTo: '2025-05-01', promise: 'broken',
      weights: { ...DEFAULT_PRIORITY }, after: null, limit: 50,
    };
    const built: [string, { sql: string; parameters: readonly unknown[] }][] = [
      ['queue', queueStatement(page).compile(q)],
      ['queue of a collector', queueStatement({ ...page, assigned: { to: 'user', userId: 'u' } }).compile(q)],
      ['queue of no one', queueStatement({ ...page, assigned: { to: 'nobody' } }).compile(q)],
      ['queue, a later page', queueStatement({ ...page, after: { priority: 1e9, id: 'x' } }).compile(q)],
      ['case', collectionQueries.caseById(q, 'x').compile()],
      ['case events', collectionQueries.events(q, 'x').compile()],
      ['case actions', collectionQueries.actions(q, 'x').compile()],
      ['case promises', collectionQueries.promises(q, 'x').compile()],
      ['case schedule', collectionQueries.schedule(q, 'x').compile()],
      ['pending promise', collectionQueries.pendingPromise(q, 'x').compile()],
      ['open case of a loan', collectionQueries.openCaseOfLoan(q, 'x').compile()],
      ['connected calls of a debtor today', collectionQueries.connectedCalls(q, 'x', '2025-05-31T16:00', '2025-06-01T16:00').compile()],
      ['last attempts to a debtor', collectionQueries.lastAttempts(q, 'x', 3).compile()],
      ['consent on file', collectionQueries.consent(q, 'x', BD).compile()],
      ['listed contacts', collectionQueries.contacts(q, 'x').compile()],
    ];
    const reads: [string, string, unknown][] = [
      ...built.map(([label, c]) => [label, c.sql, [...c.parameters]] as [string, string, unknown]),
      ['promises falling due', COLLECTION_CLOSE_SQL.duePromises, { bd: BD }],
    ];
    for (const [label, sql, p] of reads) {
      const statement = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
      const plan = ((Array.isArray(p) ? statement.all(...(p as never[])) : statement.all(p as never)) as { detail: string }[]).map((r) => r.detail);
      // "SCAN r" reads the finished page (at most `limit` rows) to add each row's loan, borrower and promises.
      for (const step of plan) expect(step, `${label}: ${plan.join(' / ')}`).not.toMatch(/^SCAN (?!.*VIRTUAL TABLE)(?!r$)/);
      expect(sql, `${label} is paged or keyed`).toMatch(/LIMIT|WHERE .*= [?@]/is);
    }
  });
});

describe('working a demo case through the api', () => {
  it('the queue states what is overdue on each loan as its loan page does, penalty to the business date', async () => {
    const r = await callApi('collections/queue', { limit: 8 }, ctx());
    if (!r.ok) throw new Error(r.error.message);
    const rows = (r.result as { rows: { loanId: string; overdueAmount: string; daysPastDue: number }[] }).rows;
    expect(rows.length).toBe(8);
    for (const row of rows) {
      const page = await callApi('loans/get', { id: row.loanId }, ctx());
      if (!page.ok) throw new Error(page.error.message);
      const overdue = (page.result as { balances: { overdue: { total: string; penalty: string } } }).balances.overdue;
      expect(row.overdueAmount, row.loanId).toBe(overdue.total);
      if (row.daysPastDue > 0) expect(Number(overdue.total)).toBeGreaterThan(0);
    }
  });


  it('a collector opens the case page, logs a call and a promise; refusals come in the desk language', async () => {
    const caseId = (db.prepare(`SELECT k.id FROM collection_cases k
      WHERE k.status = 'open' AND NOT EXISTS (SELECT 1 FROM promises p WHERE p.case_id = k.id AND p.status = 'pending') LIMIT 1`).get() as { id: string }).id;
    const page = await callApi('collections/case', { id: caseId }, ctx());
    expect(page).toMatchObject({ ok: true });
    if (!page.ok) return;
    const view = page.result as { loan: { daysPastDue: number; bucket: string }; overdueInstallments: unknown[]; actions: unknown[]; allowedActions: string[] };
    expect(view.loan.daysPastDue).toBeGreaterThan(0);
    expect(view.overdueInstallments.length).toBeGreaterThan(0);
    expect(view.actions.length).toBeGreaterThan(0);
    expect(view.allowedActions).toContain('promise');
    const logged = await callApi('collections/logContact', { caseId, channel: 'call', connected: true, outcome: 'promised' }, ctx());
    expect(logged).toMatchObject({ ok: true });
    expect(await callApi('collections/promise', { caseId, amount: '500', promisedDate: '2025-06-08' }, ctx())).toMatchObject({ ok: true });
    const night = await callApi('collections/schedule', { caseId, channel: 'call', at: '2025-06-01T23:00' }, ctx('zh-CN'));
    expect(night).toMatchObject({ ok: false, error: { code: 'RULE', key: 'collections.quietHours' } });
    if (!night.ok) expect(night.error.message).toMatch(/^22:00 至次日 08:00 不得联系借款人/);
    expect(await callApi('collections/schedule', { caseId, channel: 'visit', at: '2025-06-02T10:00' }, ctx())).toMatchObject({ ok: true });
    expect(await callApi('collections/consent', { caseId, given: true, how: '书面同意夜间联系' }, ctx())).toMatchObject({ ok: true });
    const collector = (db.prepare("SELECT id FROM users WHERE username = 'collector'").get() as { id: string }).id;
    expect(await callApi('collections/assign', { caseId, userId: collector }, ctx())).toMatchObject({ ok: true });
    expect(await callApi('collections/schedule', { caseId, channel: 'call', at: '2025-06-01T23:00' }, ctx())).toMatchObject({ ok: true });
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });
});

describe('promises at the end of the day', () => {
  it('decides every pending promise due by the date in one pass, and leaves later ones pending', () => {
    const pending = (cond: string) => (db.prepare(`SELECT count(*) AS n FROM promises WHERE status = 'pending' AND promised_date ${cond}`).get() as { n: number }).n;
    const due = pending(`<= '${BD}'`);
    const later = pending(`> '${BD}'`);
    const decided = decidePromises(db, BD);
    expect(decided.kept + decided.broken).toBe(due);
    expect(pending(`<= '${BD}'`)).toBe(0);
    expect(pending(`> '${BD}'`)).toBe(later);
    expect(db.prepare(`SELECT count(*) AS n FROM promises WHERE decided_date = '${BD}' AND paid_amount IS NULL`).get()).toEqual({ n: 0 });
  });
});

describe('records are kept five years', () => {
  const refused = (sql: string, ...args: unknown[]) => expect(() => db.prepare(sql).run(...args)).toThrow(/collections\.retention/);

  it('the book refuses to delete collection records, and nothing in the engine deletes them', () => {
    const action = db.prepare('SELECT id, case_id FROM collection_actions LIMIT 1').get() as { id: string; case_id: string };
    refused('DELETE FROM collection_actions WHERE id = ?', action.id);
    refused('DELETE FROM collection_cases WHERE id = ?', action.case_id);
    refused('DELETE FROM promises');
    refused('DELETE FROM collection_case_events');
    refused('DELETE FROM contact_consents');
    refused('DELETE FROM collection_schedule');
    expect(Object.values(COLLECTION_CLOSE_SQL).some((sql) => /\bDELETE\b/i.test(sql))).toBe(false);
    for (const file of ['../../src/db/repos/collections.ts', '../../src/db/sqlite/collections.ts']) {
      expect(readFileSync(new URL(file, import.meta.url), 'utf8'), file).not.toMatch(/\bDELETE\b|deleteFrom/i);
    }
  });

  it('only a closed case\'s records more than five years old may go', () => {
    // A case closed on the business date: kept until five years after, then its records may go.
    const kase = db.prepare(`SELECT k.id FROM collection_cases k WHERE k.status = 'open' AND EXISTS (SELECT 1 FROM collection_actions a WHERE a.case_id = k.id)
      AND NOT EXISTS (SELECT 1 FROM promises p WHERE p.case_id = k.id) LIMIT 1`).get() as { id: string };
    db.prepare("UPDATE collection_cases SET status = 'closed', closed_date = ? WHERE id = ?").run(BD, kase.id);
    const repo = identityRepo(db);
    try {
      repo.setBusinessDate('2030-05-31');
      refused('DELETE FROM collection_actions WHERE case_id = ?', kase.id);
      repo.setBusinessDate('2030-06-01');
      const open = db.prepare("SELECT a.id FROM collection_actions a JOIN collection_cases k ON k.id = a.case_id WHERE k.status = 'open' LIMIT 1").get() as { id: string };
      refused('DELETE FROM collection_actions WHERE id = ?', open.id);
      expect(db.prepare('DELETE FROM collection_actions WHERE case_id = ?').run(kase.id).changes).toBeGreaterThan(0);
      expect(db.prepare('DELETE FROM collection_cases WHERE id = ?').run(kase.id).changes).toBe(1);
    } finally {
      repo.setBusinessDate(BD);
    }
  });
});
