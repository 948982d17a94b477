/**
 * @dialect sqlite
 * A desk's file as either end of a book's move (src/db/move.ts).
 *
 * As the source: a file that is a book (an SQLite database with a migrations table) is opened as any
 * command opens it (checked, and migrated forward if this program is newer), and read in one read
 * transaction: with WAL that is a snapshot, so a desk may keep working while it is copied. Each
 * table is streamed in key order by a statement's iterator, integers read as bigint, and customers
 * with their row number, which is their order of entry.
 *
 * As the target: a new file, created and migrated here, and filled in one transaction. SQLite
 * checks foreign keys per statement and has no switch for triggers, so the copy runs with
 * foreign_keys off (set outside the transaction, the only place SQLite takes it) and the triggers
 * dropped and recreated from their own SQL inside the same transaction: what they keep (the queue's
 * copied figures, the close's note of touched loans) arrives as the source had it, and a failed
 * move rolls the drop back with everything else. Customers are written under their order of entry
 * as row number, and the FTS5 search index under the same number. A move that fails removes the file.
 */
import { existsSync, rmSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { SuanpanError } from '../../errors';
import { openDatabase, type Db } from '../connection';
import { whenChecked } from '../health';
import { ENTRY, ENTRY_TABLE, SEARCH_INDEX, type MoveRow, type MoveSource, type MoveTable, type MoveTarget } from '../move';

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

interface ColumnInfo {
  name: string;
  type: string;
  pk: number;
}

/** The book's own tables: not SQLite's, not virtual (the search index) nor their shadow tables, not the migrations. */
function tablesOf(db: Db): MoveTable[] {
  const names = (
    db.prepare(`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> 'schema_migrations' ORDER BY name`).all() as { name: string }[]
  ).map((r) => r.name);
  return names.map((name) => {
    const columns = db.prepare('SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid').all(name) as ColumnInfo[];
    const parents = (db.prepare('SELECT DISTINCT "table" AS parent FROM pragma_foreign_key_list(?)').all(name) as { parent: string }[]).map((r) => r.parent);
    return {
      name,
      columns: columns.map((c) => c.name),
      text: columns.filter((c) => !/INT/i.test(c.type)).map((c) => c.name),
      key: columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
      parents,
    };
  });
}

const migrationsOf = (db: Db): number[] => (db.prepare('SELECT id FROM schema_migrations ORDER BY id').pluck().all() as number[]).map(Number);

function aggregateOf(db: Db) {
  return async (sql: string): Promise<MoveRow> => {
    const st = db.prepare(sql);
    st.safeIntegers(true);
    return (st.get() as MoveRow | undefined) ?? {};
  };
}

/** Whether the file at `file` is a book: an SQLite database with the migrations table. Opened read-only, nothing written. */
function isBook(file: string): boolean {
  const probe = openDatabase(file, { create: false, readonly: true, migrate: false, check: false });
  try {
    return probe.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`).get() !== undefined &&
      probe.prepare('SELECT 1 FROM schema_migrations LIMIT 1').get() !== undefined;
  } finally {
    probe.close();
  }
}

/**
 * A desk's book as the source of a move: the file `at` (opened here and closed when the move is
 * done), or a connection already open (left open).
 */
export async function openDeskSource(at: string | Db, own: boolean): Promise<MoveSource> {
  let db: Db;
  if (typeof at === 'string') {
    if (!existsSync(at)) throw new SuanpanError('NOT_FOUND', 'db.missing', { file: at });
    if (!isBook(at)) throw new SuanpanError('VALIDATION', 'db.moveNotABook', { where: at });
    db = openDatabase(at, { create: false });
  } else {
    db = at;
  }
  const health = await whenChecked(db);
  if (health.state === 'damaged') {
    if (own) db.close();
    throw new SuanpanError('CONFLICT', 'db.damaged', { file: db.name, detail: health.detail });
  }
  let reading = false;
  return {
    engine: 'sqlite',
    where: db.name,
    entryExpression: 'rowid',
    tables: async () => tablesOf(db),
    migrations: async () => migrationsOf(db),
    aggregate: aggregateOf(db),
    async begin() {
      db.exec('BEGIN');
      reading = true;
    },
    async *rows(table: MoveTable, batch: number): AsyncIterable<MoveRow[]> {
      const columns = table.columns.map(quote).join(', ');
      const select = table.name === ENTRY_TABLE ? `rowid AS ${ENTRY}, ${columns}` : columns;
      const order = table.key.length > 0 ? table.key.map(quote).join(', ') : 'rowid';
      const st = db.prepare(`SELECT ${select} FROM ${quote(table.name)} ORDER BY ${order}`);
      st.safeIntegers(true);
      let rows: MoveRow[] = [];
      for (const row of st.iterate() as IterableIterator<MoveRow>) {
        rows.push(row);
        if (rows.length === batch) {
          yield rows;
          rows = [];
        }
      }
      if (rows.length > 0) yield rows;
    },
    async close() {
      if (reading && db.inTransaction) db.exec('ROLLBACK');
      reading = false;
      if (own && db.open) db.close();
    },
  };
}

/** A value as SQLite stores it exactly: a whole number from another engine as an integer, never a float. */
const exact = (v: unknown): unknown => (typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : v);

/** A new file on this desk as the target of a move. Refuses a file that exists. */
export async function openDeskTarget(file: string): Promise<MoveTarget> {
  if (existsSync(file)) throw new SuanpanError('CONFLICT', 'db.moveTargetExists', { file });
  const remove = (): void => {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  };
  let db: Db;
  try {
    db = openDatabase(file);
  } catch (e) {
    remove();
    throw e;
  }
  let triggers: { name: string; sql: string }[] = [];
  const inserts = new Map<string, Database.Statement<unknown[]>>();
  let search: Database.Statement<unknown[]> | undefined;
  return {
    engine: 'sqlite',
    where: file,
    entryExpression: 'rowid',
    tables: async () => tablesOf(db),
    migrations: async () => migrationsOf(db),
    aggregate: aggregateOf(db),
    async begin() {
      db.pragma('foreign_keys = OFF');
      db.exec('BEGIN IMMEDIATE');
      triggers = db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name`).all() as { name: string; sql: string }[];
      for (const t of triggers) db.exec(`DROP TRIGGER ${quote(t.name)}`);
    },
    async clear(tables) {
      for (const t of tables) db.exec(`DELETE FROM ${quote(t.name)}`);
      db.exec(`DELETE FROM ${quote(SEARCH_INDEX)}`);
    },
    async insert(table, columns, rows) {
      const entry = table.name === ENTRY_TABLE && rows[0] !== undefined && ENTRY in rows[0];
      const key = `${table.name}|${entry ? 1 : 0}|${columns.join(',')}`;
      let st = inserts.get(key);
      if (!st) {
        const names = [...(entry ? ['rowid'] : []), ...columns.map(quote)];
        st = db.prepare(`INSERT INTO ${quote(table.name)} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`);
        inserts.set(key, st);
      }
      for (const row of rows) {
        const values = columns.map((c) => exact(row[c]));
        st.run(entry ? [exact(row[ENTRY]), ...values] : values);
      }
    },
    async index(entries) {
      search ??= db.prepare(`INSERT INTO ${quote(SEARCH_INDEX)} (rowid, tokens) VALUES (?, ?)`);
      for (const e of entries) if (e.tokens.length > 0) search.run(exact(e.entry), e.tokens.join(' '));
    },
    async finish() {
      for (const t of triggers) db.exec(t.sql);
    },
    async commit() {
      db.exec('COMMIT');
      db.pragma('foreign_keys = ON');
      db.close();
    },
    async abandon() {
      if (db.open) {
        if (db.inTransaction) db.exec('ROLLBACK');
        db.close();
      }
      remove();
    },
  };
}
