/**
 * Moving a whole book between a desk's file and the office book (src/db/move.ts), on the run's
 * throwaway PostgreSQL server: a demo book with a day's work on it, moved SQLite → PostgreSQL → a
 * new SQLite file, holds the same rows in every table on all three, answers the same searches and
 * works through the api afterwards; a target in use is refused with nothing written, and a move
 * that fails midway (a row the server refuses, the connection cut) leaves its target empty; the
 * command line does it as `suanpan book move`; and a demo book on an office book, through
 * `suanpan demo` or the first run's setup, is the same book as on a desk for the same seed.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { callApi, DESK_PERMISSIONS, type ApiContext } from '../../src/api';
import { openAnyBook, openBook } from '../../src/book';
import type { Book } from '../../src/db/book';
import { moveBook, type MoveOptions } from '../../src/db/move';
import { officeConnection } from '../../src/db/postgres/book';
import { customerTokens } from '../../src/customers/search';
import { buildDemoBook, DEMO_PASSWORD } from '../../src/demo/book';
import { SuanpanError } from '../../src/errors';
import { ulidSource } from '../../src/ids';
import { freshDatabase } from '../helpers/postgres';
import { freshBook, freshOfficeBook } from '../helpers/book';
import { runCli } from '../helpers/cli';

const BUSINESS_DATE = '2025-06-30';
const now = (): Date => new Date('2025-06-30T10:00:00Z');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex').toString('base64');
const options: MoveOptions = { tokens: customerTokens };

let dir: string;
/** The desk's book every move starts from: a demo book with a day's work on it, closed. */
let deskFile: string;
const drops: (() => Promise<void>)[] = [];

async function database(): Promise<string> {
  const d = await freshDatabase(inject('postgresUrl'));
  drops.push(d.drop);
  return d.url;
}

const deskCtx = (db: ReturnType<typeof openBook>, token?: string): ApiContext => ({
  lang: 'en', permissions: DESK_PERMISSIONS, now, emit: () => {}, db, ids: ulidSource(() => now().getTime()), dataDir: dir, sessionToken: token,
});
const officeCtx = (book: Book, token?: string): ApiContext => ({
  lang: 'en', permissions: DESK_PERMISSIONS, now, emit: () => {}, book, ids: ulidSource(() => now().getTime()), sessionToken: token,
});

async function ok<T>(p: Promise<{ ok: boolean; result?: unknown; error?: { key: string; message: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error?.key}: ${r.error?.message}`);
  return r.result as T;
}

/** Signs a demo user in on a book through the api; the session token. */
const signIn = async (ctx: ApiContext, username: string): Promise<string> =>
  (await ok<{ token: string }>(callApi('auth/signIn', { username, password: DEMO_PASSWORD }, ctx))).token;

/** A late term loan of the book, to post a repayment on. */
const LATE_LOAN = `SELECT id FROM loans WHERE method = 'equal-installment' AND status = 'active' AND oldest_unpaid_due_date < '${BUSINESS_DATE}' ORDER BY number LIMIT 1`;

/** A demo book of a few hundred loans, with sessions, a document, a repayment and their audit rows. */
async function deskDemo(file: string): Promise<void> {
  const db = openBook(file, { now });
  try {
    buildDemoBook(db, { loans: 300, seed: 11, businessDate: BUSINESS_DATE, staff: true });
    const token = await signIn(deskCtx(db), 'officer');
    await signIn(deskCtx(db), 'collector');
    const customer = db.prepare('SELECT id FROM customers ORDER BY id LIMIT 1').get() as { id: string };
    await ok(callApi('documents/add', { customerId: customer.id, kind: 'id_card', fileName: 'id.png', contentBase64: PNG }, deskCtx(db, token)));
    // A late loan's penalty and oldest installments paid (three installments' worth, well short of
    // what it owes): its oldest unpaid due date moves, so its case's copies change and the close's
    // note of touched loans gets a row.
    const loan = db.prepare(LATE_LOAN).get() as { id: string };
    const due = db.prepare('SELECT principal_due + interest_due AS fen FROM installments WHERE loan_id = ? AND paid_date IS NULL ORDER BY n LIMIT 1').get(loan.id) as { fen: number };
    await ok(callApi('loans/repay', { loanId: loan.id, amount: String(Math.ceil((due.fen * 3) / 100)), reference: 'MOVE-1' }, deskCtx(db, token)));
  } finally {
    db.close();
  }
}

type Row = Record<string, string | null>;

/** A value as the comparison reads it: integers from either engine as their digits. */
const plain = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'bigint' || typeof v === 'number' ? String(v) : String(v));
const plainRow = (r: Record<string, unknown>): Row => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)]));

/** The book's tables (as a desk's file has them) and each one's primary key. */
function tablesOf(file: string): { name: string; key: string[] }[] {
  const db = new Database(file, { readonly: true });
  try {
    const names = db.prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite%' AND name <> 'schema_migrations' ORDER BY name").pluck().all() as string[];
    return names.map((name) => ({
      name,
      key: (db.prepare('SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').all(name) as { name: string }[]).map((c) => c.name),
    }));
  } finally {
    db.close();
  }
}

/** Every row of every table of a desk's file, in key order; customers with their order of entry. */
function deskRows(file: string, tables: { name: string; key: string[] }[]): Map<string, Row[]> {
  const db = new Database(file, { readonly: true });
  try {
    const out = new Map<string, Row[]>();
    for (const t of tables) {
      const st = db.prepare(`SELECT ${t.name === 'customers' ? 'rowid AS entry, ' : ''}* FROM "${t.name}" ORDER BY ${t.key.map((k) => `"${k}"`).join(', ')}`);
      st.safeIntegers(true);
      out.set(t.name, (st.all() as Record<string, unknown>[]).map(plainRow));
    }
    out.set('schema_migrations', (db.prepare('SELECT id, name FROM schema_migrations ORDER BY id').all() as Record<string, unknown>[]).map(plainRow));
    return out;
  } finally {
    db.close();
  }
}

/** The same, from an office book. */
async function officeRows(url: string, tables: { name: string; key: string[] }[]): Promise<Map<string, Row[]>> {
  const c = await officeConnection(url);
  try {
    const out = new Map<string, Row[]>();
    for (const t of tables) {
      const { rows } = await c.client.query(`SELECT * FROM "${t.name}" ORDER BY ${t.key.map((k) => `"${k}"`).join(', ')}`);
      out.set(t.name, rows.map(plainRow));
    }
    out.set('schema_migrations', (await c.client.query('SELECT id, name FROM schema_migrations ORDER BY id')).rows.map(plainRow));
    return out;
  } finally {
    await c.done();
  }
}

/** How many rows each table of an office book holds. */
async function officeCounts(url: string): Promise<Record<string, number>> {
  const c = await officeConnection(url);
  try {
    const { rows } = await c.client.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name");
    const out: Record<string, number> = {};
    for (const { table_name: t } of rows) out[t] = Number((await c.client.query(`SELECT count(*) AS n FROM "${t}"`)).rows[0].n);
    return out;
  } finally {
    await c.done();
  }
}

/** The tables that hold anything but what the migrations seed (the LPR table) and record. */
const heldBeyondMigrations = (counts: Record<string, number>): string[] =>
  Object.entries(counts).filter(([t, n]) => n > 0 && t !== 'lpr_rates' && t !== 'schema_migrations').map(([t]) => t);

const databaseName = (url: string): string => (/\/([^/?]+)(\?|$)/.exec(url.replace(/^postgres:\/\/[^/]*/, '')) as RegExpExecArray)[1] as string;

const rejection = async (p: Promise<unknown>): Promise<SuanpanError> => {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SuanpanError);
    return e as SuanpanError;
  }
  throw new Error('expected the move to be refused');
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'suanpan-move-'));
  deskFile = join(dir, 'desk.db');
  await deskDemo(deskFile);
});
afterAll(async () => {
  for (const drop of drops) await drop().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe('moving a book', () => {
  it('moves a desk’s book to the office book and back to a new file: every row of every table the same on all three', async () => {
    const url = await database();
    const progress: number[] = [];
    const there = await moveBook(deskFile, url, { ...options, onProgress: (p) => void progress.push(p.done) });
    expect(there).toMatchObject({ fromEngine: 'sqlite', toEngine: 'postgres', from: deskFile });
    expect(there.to).not.toContain('postgres://');
    expect(progress.at(-1)).toBe(there.rows);
    // Every check of every table answered the same on both ends.
    for (const t of there.tables) for (const c of t.checks) expect(c.source, `${t.table} ${c.check}`).toBe(c.target);
    const loans = there.tables.find((t) => t.table === 'loans');
    expect(loans?.rows).toBe(300);
    expect(loans?.checks.map((c) => c.check)).toEqual(expect.arrayContaining(['count', 'sum(principal)', 'sum(outstanding_principal)', 'min(id)', 'max(id)']));
    expect(there.tables.map((t) => t.table)).toEqual(expect.arrayContaining(['audit_log', 'sessions', 'documents', 'eod_touched', 'collection_cases', 'promises']));

    const back = join(dir, 'back.db');
    const again = await moveBook(url, back, options);
    expect(again).toMatchObject({ fromEngine: 'postgres', toEngine: 'sqlite', rows: there.rows, migrations: there.migrations });

    const tables = tablesOf(deskFile);
    const original = deskRows(deskFile, tables);
    const office = await officeRows(url, tables);
    const returned = deskRows(back, tables);
    expect(original.get('sessions')?.length).toBe(2);
    expect(original.get('documents')?.length).toBe(1);
    expect(original.get('eod_touched')?.length).toBeGreaterThan(0);
    expect(original.get('audit_log')?.length).toBeGreaterThan(3);
    for (const [table, rows] of original) {
      expect(rows.length, table).toBe(office.get(table)?.length);
      expect(office.get(table), table).toEqual(rows);
      expect(returned.get(table), table).toEqual(rows);
    }
    // The new file is a book as any other: checked, with foreign keys that hold.
    const file = new Database(back, { readonly: true });
    expect(file.pragma('foreign_key_check')).toEqual([]);
    const source = new Database(deskFile, { readonly: true });
    const triggers = "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name";
    expect(file.prepare(triggers).all()).toEqual(source.prepare(triggers).all());
    source.close();
    file.close();

    // The same customers for the same searches on all three books, through the api.
    const deskBook = openBook(deskFile, { now });
    const backBook = openBook(back, { now });
    const officeBook = await openAnyBook(url, { now });
    try {
      const sample = deskBook.prepare("SELECT name, phone, id_number FROM customers WHERE kind = 'individual' ORDER BY id LIMIT 1 OFFSET 7").get() as { name: string; phone: string; id_number: string };
      const business = deskBook.prepare("SELECT name, credit_code FROM customers WHERE kind = 'business' ORDER BY id LIMIT 1").get() as { name: string; credit_code: string };
      const queries = [sample.name.slice(0, 1), sample.name, sample.phone.slice(3, 8), sample.id_number.slice(-6), business.credit_code, business.name.slice(0, 2)];
      const contexts = [deskCtx(deskBook, await signIn(deskCtx(deskBook), 'officer')), deskCtx(backBook, await signIn(deskCtx(backBook), 'officer')), officeCtx(officeBook, await signIn(officeCtx(officeBook), 'officer'))];
      for (const query of queries) {
        const answers = [];
        for (const ctx of contexts) answers.push(await ok<{ items: { id: string }[]; nextCursor: number | null }>(callApi('customers/search', { query, limit: 20 }, ctx)));
        expect(answers[0]?.items.length, query).toBeGreaterThan(0);
        expect(answers[1], query).toEqual(answers[0]);
        expect(answers[2], query).toEqual(answers[0]);
      }
      // The whole customer list pages down the same order of entry on each.
      const pages = [];
      for (const ctx of contexts) pages.push(await ok(callApi('customers/search', { limit: 200 }, ctx)));
      expect(pages[2]).toEqual(pages[0]);
      expect(pages[1]).toEqual(pages[0]);

      // The moved office book at work: a repayment posted by a demo officer, with its audit row,
      // and a new customer taking the next number of entry and found by the search.
      const office = contexts[2] as ApiContext;
      const loan = (await officeBook.q.selectFrom('loans').select('id').where('method', '=', 'equal-installment').where('status', '=', 'active')
        .where('oldest_unpaid_due_date', '<', BUSINESS_DATE).orderBy('number').limit(1).offset(1).executeTakeFirstOrThrow());
      const repaid = await ok<{ transactionId: string }>(callApi('loans/repay', { loanId: loan.id, amount: '800', reference: 'OFFICE-1' }, office));
      const audit = await officeBook.q.selectFrom('audit_log').select(['id', 'method', 'principal', 'entity_id']).where('method', '=', 'loans/repay').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ method: 'loans/repay', principal: 'user officer' });
      expect(Number(audit.id)).toBeGreaterThan(Math.max(...(original.get('audit_log') ?? []).map((r) => Number(r.id))));
      expect((await officeBook.q.selectFrom('transactions').select('reference').where('id', '=', repaid.transactionId).executeTakeFirstOrThrow()).reference).toBe('OFFICE-1');
      const created = await ok<{ id: string }>(callApi('customers/create', { kind: 'individual', name: '欧阳新客', idNumber: '11010519491231002X', phone: '13912340000' }, office));
      const found = await ok<{ items: { id: string }[] }>(callApi('customers/search', { query: '欧阳新客' }, office));
      expect(found.items.map((c) => c.id)).toEqual([created.id]);
      const first = await ok<{ items: { id: string }[] }>(callApi('customers/search', { limit: 1 }, office));
      expect(first.items[0]?.id).toBe(created.id);
    } finally {
      deskBook.close();
      backBook.close();
      await officeBook.close();
    }
  }, 180_000);

  it('refuses an office book already in use, writing nothing to it', async () => {
    const office = await freshOfficeBook();
    try {
      const before = await officeCounts(office.url);
      const e = await rejection(moveBook(deskFile, office.url, options));
      expect(e).toMatchObject({ code: 'CONFLICT', key: 'db.moveTargetNotEmpty' });
      expect(e.details.table).toBe('users');
      expect(e.toJSON('en').message).toMatch(/is not empty \(it holds users\)/);
      expect(e.toJSON('zh-CN').message).toContain('不是空的');
      expect(await officeCounts(office.url)).toEqual(before);
    } finally {
      await office.close();
    }
  });

  it('refuses a source that is not a book, and a new file that already exists', async () => {
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a book');
    expect(await rejection(moveBook(text, await database(), options))).toMatchObject({ code: 'VALIDATION', key: 'db.notADatabase' });
    const other = join(dir, 'other.db');
    const foreign = new Database(other);
    foreign.exec('CREATE TABLE t (x)');
    foreign.close();
    expect(await rejection(moveBook(other, await database(), options))).toMatchObject({ code: 'VALIDATION', key: 'db.moveNotABook' });
    expect(await rejection(moveBook(await database(), join(dir, 'nothing.db'), options))).toMatchObject({ code: 'VALIDATION', key: 'db.moveNotABook' });
    expect(existsSync(join(dir, 'nothing.db'))).toBe(false);
    expect(await rejection(moveBook(deskFile, other, options))).toMatchObject({ code: 'CONFLICT', key: 'db.moveTargetExists' });
  });

  it('leaves the office book empty when a row is refused midway', async () => {
    // A desk's file with an amount the server cannot take as a whole number: SQLite keeps what it is given.
    const damaged = join(dir, 'damaged.db');
    copyFileSync(deskFile, damaged);
    const db = new Database(damaged);
    db.prepare("UPDATE promises SET amount = 'lots' WHERE id = (SELECT max(id) FROM promises)").run();
    db.close();
    const url = await database();
    const seen = new Set<string>();
    const e = await rejection(moveBook(damaged, url, { ...options, onProgress: (p) => void seen.add(p.table) }));
    expect(e).toMatchObject({ code: 'CONFLICT', key: 'db.moveFailed' });
    expect(e.details.table).toBe('promises');
    // Tables before it were written (and rolled back with the rest).
    expect(seen.has('loans') && seen.has('installments')).toBe(true);
    expect(heldBeyondMigrations(await officeCounts(url))).toEqual([]);
    // The same target then takes the sound book.
    await moveBook(deskFile, url, options);
    expect((await officeCounts(url)).loans).toBe(300);
  });

  it('leaves the office book empty when its connection is cut midway', async () => {
    const url = await database();
    const admin = new pg.Client({ connectionString: inject('postgresUrl').replace('{db}', 'postgres') });
    await admin.connect();
    let cut = 0;
    try {
      const e = await rejection(
        moveBook(deskFile, url, {
          ...options,
          // Awaited by the move: the server ends the move's connection before the next batch goes.
          onProgress: async (p) => {
            if (cut > 0 || p.table !== 'installments') return;
            cut = (await admin.query("SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE datname = $1 AND application_name = 'suanpan-move'", [databaseName(url)])).rowCount ?? 0;
          },
        }),
      );
      expect(cut).toBe(1);
      expect(e).toMatchObject({ code: 'CONFLICT', key: 'db.moveFailed' });
      expect(e.details.table).toBe('installments');
    } finally {
      await admin.end();
    }
    expect(heldBeyondMigrations(await officeCounts(url))).toEqual([]);
  });

  it('leaves no file behind when a move to a new file fails midway', async () => {
    const url = await database();
    await moveBook(deskFile, url, options);
    const file = join(dir, 'half.db');
    const e = await rejection(
      moveBook(url, file, {
        ...options,
        onProgress: (p) => {
          if (p.table === 'loans') throw new SuanpanError('CONFLICT', 'eod.cancelled', { date: BUSINESS_DATE });
        },
      }),
    );
    expect(e.key).toBe('eod.cancelled');
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(existsSync(f)).toBe(false);
  });

  it('needs the server administrator’s grant when the book’s role is not a superuser, and says so', async () => {
    const role = `mover_${process.pid}`;
    const name = `moved_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: inject('postgresUrl').replace('{db}', 'postgres') });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE ${role} LOGIN`);
      await admin.query(`CREATE DATABASE ${name} OWNER ${role} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
      const url = inject('postgresUrl').replace('{db}', name).replace('postgres://postgres@', `postgres://${role}@`);
      const e = await rejection(moveBook(deskFile, url, options));
      expect(e).toMatchObject({ code: 'CONFLICT', key: 'db.moveReplicaRole' });
      expect(e.toJSON('en').message).toContain(`GRANT SET ON PARAMETER session_replication_role TO ${role}`);
      expect(heldBeyondMigrations(await officeCounts(url))).toEqual([]);
      await admin.query(`GRANT SET ON PARAMETER session_replication_role TO ${role}`);
      const moved = await moveBook(deskFile, url, options);
      expect(moved.tables.find((t) => t.table === 'loans')?.rows).toBe(300);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await admin.query(`REVOKE SET ON PARAMETER session_replication_role FROM ${role}`).catch(() => undefined);
      await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
      await admin.end();
    }
  });
});

describe('suanpan book move', () => {
  const principal = `command line, OS user ${userInfo().username}`;

  it('moves a desk’s book to the office book and the office book to a new file, each recorded in the book it made', async () => {
    const url = await database();
    const r = await runCli(['book', 'move', '--from', deskFile, '--to', url]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/move: \d+\/\d+ rows/);
    const result = JSON.parse(r.stdout) as { from: string; to: string; toEngine: string; rows: number; tables: { table: string; rows: number; checks: { check: string; source: string; target: string }[] }[] };
    expect(result).toMatchObject({ from: deskFile, toEngine: 'postgres' });
    expect(r.stdout).not.toContain('postgres://');
    expect(result.tables.find((t) => t.table === 'loans')).toMatchObject({ rows: 300 });
    for (const t of result.tables) for (const c of t.checks) expect(c.source, `${t.table} ${c.check}`).toBe(c.target);

    const c = await officeConnection(url);
    const moved = (await c.client.query("SELECT user_id, principal, summary, business_date FROM audit_log WHERE method = 'book/move'")).rows;
    await c.done();
    expect(moved).toEqual([{ user_id: null, principal, summary: expect.stringContaining(`book moved here from ${deskFile}`), business_date: BUSINESS_DATE }]);

    // The office book in use now: a second move into it is refused, and nothing changes.
    const before = await officeCounts(url);
    const refused = await runCli(['book', 'move', '--from', deskFile, '--to', url]);
    expect(refused.code).toBe(5);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/CONFLICT: the book at .* is not empty \(it holds users\)/);
    expect(await officeCounts(url)).toEqual(before);

    // Back to a desk: a new file (relative to the folder the command runs in), which a second move refuses.
    const back = join(dir, 'from-office.db');
    const home = await runCli(['book', 'move', '--from', url, '--to', back]);
    expect(home.code, home.stderr).toBe(0);
    expect(JSON.parse(home.stdout)).toMatchObject({ to: back, fromEngine: 'postgres', toEngine: 'sqlite' });
    const file = new Database(back, { readonly: true });
    const rows = file.prepare("SELECT user_id, principal, summary FROM audit_log WHERE method = 'book/move' ORDER BY id").all() as { summary: string }[];
    file.close();
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ user_id: null, principal, summary: expect.stringContaining(`:5432/${databaseName(url)}: `) });
    const twice = await runCli(['book', 'move', '--from', url, '--to', back, '--lang', 'zh-CN']);
    expect(twice.code).toBe(5);
    expect(twice.stderr).toContain('已存在');

    const wrong = await runCli(['book', 'copy', '--from', deskFile, '--to', back]);
    expect(wrong.code).toBe(2);
  }, 180_000);

  it('builds the demo book on an office book with the same loans as on a desk for the same seed', async () => {
    const url = await database();
    const file = join(dir, 'demo-desk.db');
    const args = ['--loans', '150', '--seed', '7', '--business-date', BUSINESS_DATE];
    const office = await runCli(['demo', '--db', url, ...args]);
    expect(office.code, office.stderr).toBe(0);
    const desk = await runCli(['demo', '--db', file, ...args]);
    expect(desk.code, desk.stderr).toBe(0);
    const summary = (s: string) => (({ seconds: _s, file: _f, book: _b, ...rest }) => rest)(JSON.parse(s) as Record<string, unknown>);
    expect(summary(office.stdout)).toEqual(summary(desk.stdout));

    const loans = 'SELECT number, principal, outstanding_principal, status, oldest_unpaid_due_date FROM loans ORDER BY number';
    const c = await officeConnection(url);
    const officeLoans = (await c.client.query(loans)).rows.map(plainRow);
    const day = (await c.client.query('SELECT business_date FROM business_day')).rows;
    const audit = (await c.client.query('SELECT method, principal, summary FROM audit_log ORDER BY id')).rows;
    await c.done();
    const db = new Database(file, { readonly: true });
    db.defaultSafeIntegers(true);
    expect(officeLoans).toEqual((db.prepare(loans).all() as Record<string, unknown>[]).map(plainRow));
    expect(officeLoans).toHaveLength(150);
    expect(day).toEqual([{ business_date: BUSINESS_DATE }]);
    expect(audit).toEqual(db.prepare('SELECT method, principal, summary FROM audit_log ORDER BY id').all());
    db.close();

    // Only into an empty book.
    const again = await runCli(['demo', '--db', url, ...args]);
    expect(again.code).toBe(5);
  }, 180_000);
});

describe('the first run on an office book', () => {
  it('sets up the administrator with a demo book, as on a desk’s book', async () => {
    const office = await freshOfficeBook({ users: false, now });
    const desk = await freshBook({ users: false, now });
    try {
      const input = { username: 'boss', displayName: 'Boss', password: 'first2025admin', book: 'demo' };
      const there = await ok<{ id: string; demoStaff: unknown[] }>(callApi('auth/setup', input, office.ctx(null)));
      const here = await ok<{ id: string; demoStaff: unknown[] }>(callApi('auth/setup', input, desk.ctx(null)));
      expect(there.demoStaff).toEqual(here.demoStaff);
      const q = office.book.q;
      const loans = await q.selectFrom('loans').select(['number', 'principal', 'outstanding_principal', 'status']).orderBy('number').execute();
      expect(loans.length).toBeGreaterThan(300);
      const deskLoans = desk.db.prepare('SELECT number, principal, outstanding_principal, status FROM loans ORDER BY number').all();
      expect(loans.map(plainRow)).toEqual((deskLoans as Record<string, unknown>[]).map(plainRow));
      const users = await q.selectFrom('users').select(['id', 'username', 'role_id']).orderBy('username').execute();
      expect(users.map((u) => u.username)).toEqual(['approver', 'boss', 'collector', 'manager', 'officer']);
      expect(users.find((u) => u.username === 'boss')).toMatchObject({ id: there.id, role_id: 'admin' });
      const audit = await q.selectFrom('audit_log').select(['method', 'principal', 'summary']).orderBy('id').execute();
      expect(audit).toEqual(desk.db.prepare('SELECT method, principal, summary FROM audit_log ORDER BY id').all());
      expect(audit.map((a) => a.principal)).toEqual(['user boss', 'user boss']);
      // The administrator signs in on the office book, and a second setup is refused.
      await ok(callApi('auth/signIn', { username: 'boss', password: 'first2025admin' }, office.ctx(null)));
      const twice = await callApi('auth/setup', input, office.ctx(null));
      expect(twice).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'auth.alreadySetUp' } });
    } finally {
      await office.close();
      desk.close();
    }
  }, 120_000);
});
