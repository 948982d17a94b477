/** The loan book on real SQLite files: migrations, damage, backup and restore, and indexed reads. */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../src/db/connection';
import { checksum, migrate } from '../../src/db/migrate';
import { MIGRATIONS } from '../../src/db/sqlite/migrations';
import { MONEY_COLUMNS_BY_TABLE } from '../../src/db/sqlite/migrations/0012_money_bigint';
import { MONEY_COLUMNS } from '../../src/db/money';
import { backupBook, restoreBook } from '../../src/db/backup';
import { customerQueries } from '../../src/db/repos/customers';
import { customerSearchQueries } from '../../src/db/sqlite/customerSearch';
import { kyselyOf } from '../../src/db/kysely';
import { applicationQueries } from '../../src/db/repos/applications';
import { sql as originationMigration } from '../../src/db/sqlite/migrations/0003_origination';
import { SuanpanError } from '../../src/errors';
import { callApi } from '../../src/api';
import { freshBook, type Book } from '../helpers/book';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'suanpan-db-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const errorOf = (fn: () => unknown): SuanpanError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof SuanpanError) return e;
    throw e;
  }
  throw new Error('expected an error');
};

describe('migrations', () => {
  it('build a new book from empty, and re-running them changes nothing', () => {
    const file = join(tempDir(), 'book.db');
    const db = openDatabase(file);
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
    expect(tables.n).toBeGreaterThan(20);
    expect(migrate(db)).toEqual([]);
    db.close();
    const again = openDatabase(file);
    expect((again.prepare('SELECT id FROM schema_migrations ORDER BY id').all() as { id: number }[]).map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id));
    again.close();
  });

  it('refuse a book whose applied migration was edited since', () => {
    const file = join(tempDir(), 'book.db');
    openDatabase(file).close();
    const db = openDatabase(file, { migrate: false });
    const edited = MIGRATIONS.map((m) => (m.id === 1 ? { ...m, sql: `${m.sql}\n-- edited` } : m));
    const err = errorOf(() => migrate(db, edited));
    expect(err).toMatchObject({ code: 'CONFLICT', key: 'db.migrationEdited', details: { id: 1 } });
    db.close();
  });

  it('refuse a book written by a newer program', () => {
    const file = join(tempDir(), 'book.db');
    const db = openDatabase(file);
    db.prepare("INSERT INTO schema_migrations (id, name, checksum, applied_at) VALUES (999, 'future', 'x', '2030-01-01')").run();
    db.close();
    expect(errorOf(() => openDatabase(file))).toMatchObject({ code: 'CONFLICT', key: 'db.tooNew' });
  });

  it('shipped migrations are never edited (their checksums are pinned)', () => {
    const pinned = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/migration-checksums.json', import.meta.url)), 'utf8')) as Record<string, string>;
    for (const m of MIGRATIONS) {
      const key = `${m.id}_${m.name}`;
      if (pinned[key]) expect(checksum(m.sql), `${key} was edited after shipping; add a new migration instead`).toBe(pinned[key]);
    }
    expect(Object.keys(pinned).length).toBeGreaterThanOrEqual(2);
  });
});

describe('money columns (migration 0012)', () => {
  const declared = (db: ReturnType<typeof openDatabase>, table: string, column: string): string | undefined =>
    (db.prepare('SELECT type FROM pragma_table_info(?) WHERE name = ?').get(table, column) as { type: string } | undefined)?.type;

  it('every column that holds an amount is declared BIGINT on a new book, and none is a primary key', () => {
    const db = openDatabase(join(tempDir(), 'book.db'));
    // Every integer column anywhere in the book whose name says it holds an amount (money.ts's list)
    // is one the migration declares: a money column added later must be declared BIGINT itself.
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'").pluck().all() as string[];
    const found: string[] = [];
    for (const t of tables) {
      for (const c of db.prepare('SELECT name, type, pk FROM pragma_table_info(?)').all(t) as { name: string; type: string; pk: number }[]) {
        if (!MONEY_COLUMNS.has(c.name) || c.type === 'TEXT') continue;
        found.push(`${t}.${c.name}`);
        expect(c.type, `${t}.${c.name}`).toBe('BIGINT');
        expect(c.pk, `${t}.${c.name}`).toBe(0);
      }
    }
    expect(found.sort()).toEqual(Object.entries(MONEY_COLUMNS_BY_TABLE).flatMap(([t, cs]) => cs.map((c) => `${t}.${c}`)).sort());
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('rewrites a book made before it in place: the rows and their values stay, other connections see the new schema', () => {
    const file = join(tempDir(), 'old.db');
    const old = openDatabase(file, { migrate: false });
    migrate(old, MIGRATIONS.filter((m) => m.id < 12));
    expect(declared(old, 'roles', 'approval_limit')).toBe('INTEGER');
    // An amount beyond 2^53, which only an integer column keeps exactly.
    old.prepare("INSERT INTO roles (id, name_zh, name_en, approval_limit) VALUES ('probe', '试', 'probe', 9007199254740993), ('none', '无', 'none', NULL)").run();
    const before = old.prepare('SELECT id, approval_limit FROM roles ORDER BY id').safeIntegers(true).all();
    const pagesBefore = old.pragma('page_count', { simple: true });
    const other = openDatabase(file, { migrate: false, check: false });
    expect(declared(other, 'loans', 'principal')).toBe('INTEGER');
    // 0012 alone: later migrations add tables of their own, and pages with them.
    expect(migrate(old, MIGRATIONS.filter((m) => m.id <= 12))).toEqual([12]);
    expect(declared(old, 'loans', 'principal')).toBe('BIGINT');
    expect(declared(other, 'loans', 'principal')).toBe('BIGINT');
    expect(old.prepare('SELECT id, approval_limit FROM roles ORDER BY id').safeIntegers(true).all()).toEqual(before);
    expect(before).toEqual([{ id: 'none', approval_limit: null }, { id: 'probe', approval_limit: 9007199254740993n }]);
    expect(old.prepare("SELECT typeof(approval_limit) FROM roles WHERE id = 'probe'").pluck().get()).toBe('integer');
    expect(old.pragma('page_count', { simple: true })).toBe(pagesBefore);
    expect(old.pragma('integrity_check', { simple: true })).toBe('ok');
    // The book's safety mode is back on after the edit: the schema cannot be written any more.
    expect(() => old.pragma('writable_schema = ON') && old.prepare("UPDATE sqlite_schema SET sql = sql WHERE name = 'roles'").run()).toThrow();
    other.close();
    old.close();
  });
});

describe('a damaged book', () => {
  it('that is not a database at all gets a clear message', () => {
    const file = join(tempDir(), 'notes.db');
    writeFileSync(file, 'these are meeting notes, not a loan book');
    expect(errorOf(() => openDatabase(file))).toMatchObject({ code: 'VALIDATION', key: 'db.notADatabase' });
  });

  it('that was truncated is detected and left untouched', async () => {
    const book = await freshBook();
    for (let i = 0; i < 300; i++) {
      book.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, '2025-01-01')").run(`k${i}`, 'x'.repeat(500));
    }
    book.db.pragma('wal_checkpoint(TRUNCATE)');
    book.db.close();
    const size = statSync(book.file).size;
    truncateSync(book.file, Math.floor(size / 2));
    const err = errorOf(() => openDatabase(book.file));
    expect(err.code).toBe('CONFLICT');
    expect(err.key).toBe('db.damaged');
    expect(err.toJSON('en').message).toContain('suanpan restore');
    expect(statSync(book.file).size).toBe(Math.floor(size / 2));
    rmSync(book.dir, { recursive: true, force: true });
  });

  it('with a scribbled page is caught by the check on open', async () => {
    const book = await freshBook();
    for (let i = 0; i < 300; i++) book.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, '2025-01-01')").run(`k${i}`, 'y'.repeat(500));
    book.db.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = book.db.pragma('page_size', { simple: true }) as number;
    book.db.close();
    // Overwrite a whole page near the end of the file, where the settings rows are.
    const fd = openSync(book.file, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, statSync(book.file).size - 2 * pageSize);
    closeSync(fd);
    expect(errorOf(() => openDatabase(book.file))).toMatchObject({ code: 'CONFLICT', key: 'db.damaged' });
    rmSync(book.dir, { recursive: true, force: true });
  });
});

describe('backup and restore', () => {
  let book: Book;
  afterEach(() => book?.close());

  const dump = (file: string): string => {
    const db = openDatabase(file, { readonly: true, migrate: false });
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'customer_search%' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    const out = tables.map((t) => `${t}:${JSON.stringify(db.prepare(`SELECT * FROM "${t}" ORDER BY 1`).all())}`).join('\n');
    db.close();
    return out;
  };

  it('a backup restored over a changed book gives back the book as it was', async () => {
    book = await freshBook();
    await callApi('customers/create', { kind: 'individual', name: '王小明', idNumber: '11010519491231002X', phone: '13812345678' }, book.ctx('officer'));
    const backup = join(book.dir, 'backup.db');
    await backupBook(book.db, backup);
    const before = dump(book.file);
    await callApi('customers/create', { kind: 'individual', name: '李四', idNumber: '110101199003070070', phone: '13700000000' }, book.ctx('officer'));
    expect(dump(book.file)).not.toBe(before);
    book.db.close();
    restoreBook(book.file, backup);
    expect(dump(book.file)).toBe(before);
    book.db = openDatabase(book.file);
    const found = book.db.prepare("SELECT rowid FROM customer_search WHERE customer_search MATCH '\"n小明\"'").all();
    expect(found).toHaveLength(1);
  });

  it('refuses to restore from a file that is not a book, leaving the book alone', async () => {
    book = await freshBook();
    const bogus = join(book.dir, 'bogus.db');
    writeFileSync(bogus, 'not a backup');
    book.db.close();
    const before = readFileSync(book.file);
    expect(errorOf(() => restoreBook(book.file, bogus))).toMatchObject({ key: 'db.notADatabase' });
    expect(readFileSync(book.file).equals(before)).toBe(true);
    book.db = openDatabase(book.file);
  });
});

describe('reads used by screens are paged and indexed', () => {
  it('no full table scan in any screen query plan', async () => {
    const book = await freshBook();
    const q = kyselyOf(book.db);
    const built: [string, { sql: string; parameters: readonly unknown[] }][] = [
      ['customers first page', customerSearchQueries.page(null, 50).compile(q)],
      ['customers next page', customerSearchQueries.page(100, 50).compile(q)],
      ['customer by id', customerQueries.byId(q, 'x').compile()],
      ['customer by ID number', customerQueries.byIdNumber(q, 'x').compile()],
      ['customer contacts', customerQueries.contacts(q, 'x').compile()],
      ['customer loans', customerQueries.loans(q, 'x').compile()],
      ['customer applications', customerQueries.applications(q, 'x').compile()],
      ['customer documents', customerQueries.documents(q, 'x').compile()],
    ];
    const screenQueries = built.map(([label, c]) => [label, c.sql, [...c.parameters]] as [string, string, unknown[]]);
    for (const [label, sql, params] of screenQueries) {
      const plan = (book.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
      for (const step of plan) expect(step, `${label}: ${plan.join(' / ')}`).not.toMatch(/^SCAN (?!.*VIRTUAL TABLE)/);
      expect(sql, `${label} is paged or keyed`).toMatch(/LIMIT|WHERE .*= \?/is);
    }
    // The application queue, each way in, and the application page's reads.
    const application: [string, { sql: string; parameters: readonly unknown[] }][] = [
      ...queueWays.map(([way, filter]) => [`queue ${way}`, applicationQueries.queue(q, filter).compile()] as [string, { sql: string; parameters: readonly unknown[] }]),
      ['application events', applicationQueries.events(q, 'x').compile()],
      ['application decisions', applicationQueries.decisions(q, 'x').compile()],
      ['application documents', applicationQueries.documents(q, 'x', 'y').compile()],
      ['list hits', applicationQueries.listHits(q, 'x', 'y', 'z').compile()],
      ['customer loan states', applicationQueries.loanStates(q, 'x', '2025-06-01').compile()],
      ['open application of a customer', applicationQueries.openApplication(q, 'x', 'y').compile()],
      ['list page', applicationQueries.listPage(q, '9999', '~', 50).compile()],
      ['list entries for a value', applicationQueries.listByValue(q, 'phone', 'x').compile()],
      ['next application number', applicationQueries.lastNumber(q, 'SQ20250601-').compile()],
    ];
    for (const [label, { sql, parameters }] of application) {
      const plan = (book.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters) as { detail: string }[]).map((r) => r.detail);
      for (const step of plan) expect(step, `${label}: ${plan.join(' / ')}`).not.toMatch(/^SCAN (?!.*VIRTUAL TABLE)/);
      expect(sql, `${label} is paged or keyed`).toMatch(/LIMIT|WHERE .*= \?/is);
    }
    const searched = customerSearchQueries.search({ terms: [{ token: 'n王', prefix: false }], join: 'all' }, null, 50).compile(q);
    const search = (book.db.prepare(`EXPLAIN QUERY PLAN ${searched.sql}`).all(...searched.parameters) as { detail: string }[]).map((r) => r.detail);
    expect(search.join(' / ')).toMatch(/VIRTUAL TABLE INDEX/);
    expect(search.join(' / ')).not.toMatch(/SCAN c\b/);
    book.close();
  });
});

/** The queue's ways in: open or one state, with or without an officer, with or without a grade. */
const queuePage = { waitedSince: '9999', afterAt: '', afterId: '', limit: 50 };
const queueWays: [string, Parameters<typeof applicationQueries.queue>[1]][] = [
  ['open', { state: 'open', ...queuePage }],
  ['state', { state: 'review', ...queuePage }],
  ['officerOpen', { state: 'open', officerId: 'u', ...queuePage }],
  ['officerState', { state: 'review', officerId: 'u', ...queuePage }],
  ['gradeOpen', { state: 'open', grade: 'B', ...queuePage }],
  ['gradeState', { state: 'review', grade: 'B', ...queuePage }],
  ['officerGradeOpen', { state: 'open', officerId: 'u', grade: 'B', ...queuePage }],
  ['officerGradeState', { state: 'review', officerId: 'u', grade: 'B', ...queuePage }],
];

describe('the application queue', () => {
  it('names the open states as the partial index applications_open does, word for word', () => {
    const index = /CREATE INDEX applications_open ON applications\(created_at, id\)\s+WHERE (state IN \([^)]*\))/.exec(originationMigration)?.[1];
    expect(index).toBeTruthy();
    const db = openDatabase(':memory:');
    const q = kyselyOf(db);
    for (const [way, filter] of queueWays.filter(([, f]) => f.state === 'open')) expect(applicationQueries.queue(q, filter).compile().sql, way).toContain(`a.${index}`);
    db.close();
  });

  it('reads through the index made for each way in, on a book with the statistics of a real one', async () => {
    const book = await freshBook();
    // A demo book's statistics (20,600 applications, 420 of them open), as ANALYZE wrote them.
    book.db.exec('ANALYZE');
    book.db.prepare("DELETE FROM sqlite_stat1 WHERE tbl = 'applications'").run();
    const add = book.db.prepare("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('applications', ?, ?)");
    for (const [idx, stat] of [
      ['applications_open', '420 21 1'],
      ['applications_grade', '20600 501 251 7'],
      ['applications_officer', '20600 1001 334 9'],
      ['applications_customer', '20600 3'],
      ['applications_state', '20600 334 12'],
      ['sqlite_autoindex_applications_2', '20600 1'],
      ['sqlite_autoindex_applications_1', '20600 1'],
    ]) add.run(idx, stat);
    book.db.exec('ANALYZE sqlite_schema');
    const q = kyselyOf(book.db);
    const expected: Record<string, string> = {
      open: 'applications_open',
      state: 'applications_state',
      officerOpen: 'applications_open',
      officerState: 'applications_officer',
      gradeOpen: 'applications_open',
      gradeState: 'applications_grade',
      officerGradeOpen: 'applications_open',
      officerGradeState: 'applications_grade',
    };
    for (const [way, filter] of queueWays) {
      const { sql, parameters } = applicationQueries.queue(q, filter).compile();
      const plan = (book.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters) as { detail: string }[]).map((r) => r.detail);
      expect(plan[0], `${way}: ${plan.join(' / ')}`).toMatch(new RegExp(`^SEARCH a USING INDEX ${expected[way]} `));
    }
    book.close();
  });
});

describe('a large book', () => {
  it('opens at once, is checked in a worker, and takes no changes until the check passes', async () => {
    const { whenChecked, bookHealth } = await import('../../src/db/health');
    const book = await freshBook();
    book.db.close();
    const db = openDatabase(book.file, { backgroundCheckAbove: 0 });
    expect(bookHealth(db).state).toBe('checking');
    const ctx = { ...book.ctx('officer'), db };
    const early = await callApi('customers/create', { kind: 'individual', name: '王小明', idNumber: '11010519491231002X', phone: '13812345678' }, ctx);
    expect(early).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'db.checking' } });
    expect(await whenChecked(db)).toEqual({ state: 'ok' });
    const later = await callApi('customers/create', { kind: 'individual', name: '王小明', idNumber: '11010519491231002X', phone: '13812345678' }, ctx);
    expect(later.ok).toBe(true);
    db.close();
    rmSync(book.dir, { recursive: true, force: true });
  });

  it('found damaged by the background check takes no changes at all', async () => {
    const { whenChecked } = await import('../../src/db/health');
    const book = await freshBook();
    for (let i = 0; i < 300; i++) book.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, '2025-01-01')").run(`k${i}`, 'y'.repeat(500));
    book.db.pragma('wal_checkpoint(TRUNCATE)');
    book.db.close();
    const pageSize = 16384;
    const fd = openSync(book.file, 'r+');
    // Scribble over a page deep in the file (the settings rows), leaving the schema readable.
    const size = statSync(book.file).size;
    writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, size - 2 * pageSize);
    closeSync(fd);
    const db = openDatabase(book.file, { backgroundCheckAbove: 0 });
    const health = await whenChecked(db);
    expect(health.state).toBe('damaged');
    const r = await callApi('customers/create', { kind: 'individual', name: '王小明', idNumber: '11010519491231002X', phone: '13812345678' }, { ...book.ctx('officer'), db });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'db.damaged' } });
    db.close();
    rmSync(book.dir, { recursive: true, force: true });
  });
});
