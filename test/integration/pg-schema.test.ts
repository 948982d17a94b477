/**
 * The office book's schema on PostgreSQL: its migrations follow the loan book's rules (applied once,
 * in order, an edited or unknown one refused, two desks opening a new book at once migrate it once),
 * a database that does not sort text byte by byte is refused, and after the twelve migrations the
 * schema is the SQLite book's: the same tables and columns in the same order, nullability, defaults,
 * keys, unique constraints, indexes and triggers, money in BIGINT, and CHECK constraints and
 * triggers that accept and refuse the same rows. Where the two differ on purpose, the difference is
 * named in DIALECT_ONLY (src/db/postgres/migrations/index.ts) and nowhere else.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/connection';
import { checksum } from '../../src/db/migrate';
import { MONEY_COLUMNS } from '../../src/db/money';
import { MIGRATION_LOCK, migratePostgres } from '../../src/db/postgres/migrate';
import { DIALECT_ONLY, PG_MIGRATIONS } from '../../src/db/postgres/migrations';
import { MIGRATIONS } from '../../src/db/sqlite/migrations';
import { MONEY_COLUMNS_BY_TABLE } from '../../src/db/sqlite/migrations/0012_money_bigint';
import { SuanpanError } from '../../src/errors';
import { freshDatabase } from '../helpers/postgres';

const template = inject('postgresUrl');
const adminUrl = template.replace('{db}', 'postgres');

/** What to undo after each test: clients to end, then databases to drop. */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const undo of cleanups.splice(0).reverse()) await undo();
});

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  cleanups.push(() => client.end());
  return client;
}

/** A fresh, empty office-book database and a connection to it. */
async function freshBook(): Promise<{ url: string; client: pg.Client }> {
  const db = await freshDatabase(template);
  cleanups.push(db.drop);
  return { url: db.url, client: await connect(db.url) };
}

async function errorOf(promise: Promise<unknown>): Promise<SuanpanError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof SuanpanError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

const ALL_IDS = PG_MIGRATIONS.map((m) => m.id);

const recorded = async (client: pg.ClientBase): Promise<{ id: number; name: string; checksum: string }[]> =>
  (await client.query<{ id: number; name: string; checksum: string }>('SELECT id, name, checksum FROM schema_migrations ORDER BY id')).rows;

describe('PostgreSQL migrations', () => {
  it('are SQLite\'s numbered history: the same ids and names, in order', () => {
    expect(PG_MIGRATIONS.map((m) => [m.id, m.name])).toEqual(MIGRATIONS.map((m) => [m.id, m.name]));
    expect(ALL_IDS).toEqual([...ALL_IDS].sort((a, b) => a - b));
  });

  it('build a new office book from empty, and running them again applies nothing', async () => {
    const { client } = await freshBook();
    const at = new Date('2025-06-01T09:00:00.000Z');
    expect(await migratePostgres(client, PG_MIGRATIONS, () => at)).toEqual(ALL_IDS);
    expect(await recorded(client)).toEqual(PG_MIGRATIONS.map((m) => ({ id: m.id, name: m.name, checksum: checksum(m.sql) })));
    expect((await client.query('SELECT DISTINCT applied_at FROM schema_migrations')).rows).toEqual([{ applied_at: at.toISOString() }]);
    expect(await migratePostgres(client)).toEqual([]);
    expect(await recorded(client)).toHaveLength(PG_MIGRATIONS.length);
  });

  it('run once when two desks open a new office book at the same moment', async () => {
    const { url } = await freshBook();
    const [a, b, holder] = [await connect(url), await connect(url), await connect(url)];
    // Hold the migration lock so both desks are surely waiting on it together, then let go.
    await holder.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
    const runs = Promise.allSettled([migratePostgres(a), migratePostgres(b)]);
    let waiting = 0;
    for (const deadline = Date.now() + 10_000; waiting < 2 && Date.now() < deadline; ) {
      const { rows } = await holder.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
      );
      waiting = rows[0]?.n ?? 0;
      if (waiting < 2) await new Promise((r) => setTimeout(r, 20));
    }
    await holder.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);
    const settled = await runs;
    expect(waiting, 'both desks wait on the migration lock').toBe(2);
    const ran = settled.map((r) => {
      if (r.status === 'rejected') throw r.reason;
      return r.value;
    });
    expect(ran.map((r) => r.length).sort((x, y) => x - y)).toEqual([0, ALL_IDS.length]);
    expect(ran.flat()).toEqual(ALL_IDS);
    expect((await recorded(holder)).map((r) => r.id)).toEqual(ALL_IDS);
  });

  it('refuse an office book whose applied migration was edited since, changing nothing', async () => {
    const { client } = await freshBook();
    await migratePostgres(client, PG_MIGRATIONS.filter((m) => m.id < 12));
    const edited = PG_MIGRATIONS.map((m) => (m.id === 6 ? { ...m, sql: `${m.sql}\n-- edited` } : m));
    const err = await errorOf(migratePostgres(client, edited));
    expect(err).toMatchObject({ code: 'CONFLICT', key: 'db.migrationEdited', details: { id: 6, name: 'collections' } });
    // Refused before anything ran: 12 is still to do, and the lock was let go (the next run takes it).
    expect((await recorded(client)).map((r) => r.id)).toEqual(ALL_IDS.filter((id) => id < 12));
    expect(await migratePostgres(client)).toEqual(ALL_IDS.filter((id) => id >= 12));
  });

  it('refuse an office book written by a newer program, changing nothing', async () => {
    const { client } = await freshBook();
    await migratePostgres(client, PG_MIGRATIONS.filter((m) => m.id < 12));
    await client.query("INSERT INTO schema_migrations (id, name, checksum, applied_at) VALUES (999, 'future', 'x', '2030-01-01')");
    expect(await errorOf(migratePostgres(client))).toMatchObject({ code: 'CONFLICT', key: 'db.tooNew', details: { id: 999 } });
    expect((await recorded(client)).map((r) => r.id)).toEqual([...ALL_IDS.filter((id) => id < 12), 999]);
  });

  it('leave the office book at the migration before one that fails', async () => {
    const { client } = await freshBook();
    const broken = PG_MIGRATIONS.map((m) => (m.id === 3 ? { ...m, sql: `${m.sql}\nSELECT no_such_column FROM scorecards;` } : m));
    await expect(migratePostgres(client, broken)).rejects.toThrow(/no_such_column/);
    expect((await recorded(client)).map((r) => r.id)).toEqual([1, 2]);
    expect((await client.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'scorecards'")).rows).toEqual([{ n: 0 }]);
    expect(await migratePostgres(client)).toEqual(ALL_IDS.filter((id) => id > 2));
  });

  it('shipped migrations are never edited (their checksums are pinned)', () => {
    const file = fileURLToPath(new URL('../fixtures/pg-migration-checksums.json', import.meta.url));
    const pinned = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    const mine = new Map(PG_MIGRATIONS.map((m) => [`${m.id}_${m.name}`, m]));
    for (const [key, sum] of Object.entries(pinned)) {
      const m = mine.get(key);
      expect(m, `${key} is pinned but no longer in PG_MIGRATIONS`).toBeDefined();
      expect(checksum(m?.sql ?? ''), `${key} was edited after shipping; add a new migration instead`).toBe(sum);
    }
    expect(Object.keys(pinned).length).toBeGreaterThanOrEqual(12);
  });
});

describe('the collation check', () => {
  /** Creates a database on the test server with `options` after its name; dropped after the test. */
  async function database(name: string, options: string): Promise<string> {
    const admin = await connect(adminUrl);
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' ${options}`);
    cleanups.push(async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => c.end());
    });
    return template.replace('{db}', name);
  }

  const refused = async (url: string): Promise<void> => {
    const client = await connect(url);
    const err = await errorOf(migratePostgres(client));
    expect(err).toMatchObject({ code: 'CONFLICT', key: 'db.pgCollation' });
    expect(err.toJSON('en').message).toContain("TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'");
    expect(err.toJSON('zh-CN').message).toContain("TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'");
    // Refused before anything is written.
    expect((await client.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'schema_migrations'")).rows).toEqual([{ n: 0 }]);
  };

  it('refuses a database that sorts text by another collation', async () => {
    const admin = await connect(adminUrl);
    const collations = new Set((await admin.query<{ collname: string }>('SELECT collname FROM pg_collation')).rows.map((r) => r.collname));
    const superuser = (await admin.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user')).rows[0]?.rolsuper === true;
    const tried: string[] = [];
    // Real databases of other collations, as far as the machine's locales allow.
    if (collations.has('en_US.utf8')) {
      await refused(await database(`coll_en_${process.pid}`, "LC_COLLATE 'en_US.utf8' LC_CTYPE 'en_US.utf8'"));
      tried.push('en_US.utf8');
    }
    if (collations.has('C.utf8')) {
      // glibc's C.UTF-8 orders by code point, but PostgreSQL treats only C and POSIX as byte order
      // (a btree index serves LIKE 'prefix%' under those alone), so it is refused too.
      await refused(await database(`coll_cutf8_${process.pid}`, "LC_COLLATE 'C.utf8' LC_CTYPE 'C.utf8'"));
      tried.push('C.utf8');
    }
    if (collations.has('en-US-x-icu')) {
      // An ICU database keeps datcollate 'C' while sorting by ICU: the provider is what counts.
      await refused(await database(`coll_icu_${process.pid}`, "LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LC_COLLATE 'C' LC_CTYPE 'C'"));
      tried.push('ICU en-US');
    }
    // Always, where the server lets us: a C database whose recorded collation is changed under an
    // open connection (the server checks the locale only when a connection starts), so the check is
    // exercised on a machine with no locale but C and POSIX as well.
    if (superuser) {
      const name = `coll_edit_${process.pid}`;
      const client = await connect(await database(name, "LC_COLLATE 'C' LC_CTYPE 'C'"));
      await admin.query("UPDATE pg_database SET datcollate = 'en_US.UTF-8' WHERE datname = $1", [name]);
      expect(await errorOf(migratePostgres(client))).toMatchObject({ key: 'db.pgCollation', details: { database: name, collation: 'en_US.UTF-8' } });
      await admin.query("UPDATE pg_database SET datcollate = 'C' WHERE datname = $1", [name]);
      tried.push('datcollate edited');
    }
    expect(tried.length, 'no database of another collation could be made on this server: install a locale (en_US.UTF-8) or use a superuser').toBeGreaterThan(0);
  });

  it('accepts C and POSIX', async () => {
    const client = await connect(await database(`coll_posix_${process.pid}`, "LC_COLLATE 'POSIX' LC_CTYPE 'POSIX'"));
    expect(await migratePostgres(client)).toEqual(ALL_IDS);
  });
});

// ---------------------------------------------------------------------------------------------
// The two schemas, read into one shape.

interface Column {
  name: string;
  /** The declared type as SQLite spells it: INTEGER, BIGINT or TEXT. */
  type: string;
  notNull: boolean;
  default: string | null;
  /** Filled in by the database when an insert leaves it out (SQLite's INTEGER PRIMARY KEY, an identity). */
  generated: boolean;
}
interface Index {
  table: string;
  columns: string[];
  unique: boolean;
  where: string | null;
}
interface Trigger {
  table: string;
  timing: string;
  event: string;
  /** UPDATE OF these columns. */
  columns: string[];
}
interface Schema {
  tables: Map<string, Column[]>;
  primaryKeys: Map<string, string[]>;
  /** Per table: each UNIQUE constraint's columns, joined by commas, sorted. */
  uniques: Map<string, string[]>;
  /** Per table: each foreign key as "columns -> table(columns) on update X on delete Y", sorted. */
  foreignKeys: Map<string, string[]>;
  /** Indexes made by CREATE INDEX, by name. */
  indexes: Map<string, Index>;
  triggers: Map<string, Trigger>;
}

/**
 * A partial index's WHERE as both engines can be compared on: PostgreSQL gives it back with casts,
 * parentheses and `= ANY (ARRAY[…])` for IN; SQLite gives back the text it was written with.
 */
const predicate = (where: string | null): string | null =>
  where === null
    ? null
    : where
        .replace(/::text\b/g, '')
        .replace(/= ANY \(ARRAY\[([^\]]*)\]\)/g, 'IN ($1)')
        .replace(/[()]/g, '')
        .replace(/\s+/g, ' ')
        .trim();

/** A column default as both engines can be compared on: PostgreSQL adds the literal's type. */
const defaultValue = (value: string | null): string | null => (value === null ? null : value.replace(/::(text|bigint|integer)\b/g, ''));

const FK_ACTIONS: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

function sqliteSchema(db: Db): Schema & { dialectOnly: string[] } {
  const listed = db.prepare("SELECT name, type FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string; type: string }[];
  const schema: Schema & { dialectOnly: string[] } = {
    tables: new Map(), primaryKeys: new Map(), uniques: new Map(), foreignKeys: new Map(), indexes: new Map(), triggers: new Map(),
    dialectOnly: listed.filter((t) => t.type !== 'table').map((t) => t.name),
  };
  const sqlOf = db.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').pluck();
  for (const { name: table } of listed.filter((t) => t.type === 'table')) {
    const info = db.prepare('SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid').all(table) as
      { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[];
    const keys = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    const withoutRowid = /\bWITHOUT ROWID\s*$/i.test(String(sqlOf.get(table)));
    const rowidAlias = keys.length === 1 && keys[0]?.type.toUpperCase() === 'INTEGER' && !withoutRowid ? keys[0].name : null;
    schema.tables.set(
      table,
      info.map((c) => ({
        name: c.name,
        type: c.type.toUpperCase(),
        // A primary key column counts as NOT NULL: PostgreSQL makes it so, and the engine never
        // writes a NULL key. (SQLite itself lets a NULL into a non-INTEGER primary key of an
        // ordinary table, a quirk it keeps for compatibility; see the report of this schema.)
        notNull: c.notnull === 1 || c.pk > 0,
        default: c.dflt_value,
        generated: c.name === rowidAlias,
      })),
    );
    schema.primaryKeys.set(table, keys.map((c) => c.name));
    const uniques: string[] = [];
    for (const ix of db.prepare('SELECT name, "unique", origin, partial FROM pragma_index_list(?)').all(table) as { name: string; unique: number; origin: string; partial: number }[]) {
      const columns = (db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(ix.name) as { name: string }[]).map((c) => c.name);
      if (ix.origin === 'u') uniques.push(columns.join(','));
      if (ix.origin !== 'c') continue;
      const where = ix.partial ? (/\bWHERE\s+([\s\S]*)$/i.exec(String(sqlOf.get(ix.name)))?.[1] ?? '?') : null;
      schema.indexes.set(ix.name, { table, columns, unique: ix.unique === 1, where: predicate(where) });
    }
    schema.uniques.set(table, uniques.sort());
    const fks = new Map<number, { from: string[]; table: string; to: (string | null)[]; onUpdate: string; onDelete: string }>();
    for (const fk of db.prepare('SELECT id, seq, "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq').all(table) as
      { id: number; seq: number; table: string; from: string; to: string | null; on_update: string; on_delete: string }[]) {
      const entry = fks.get(fk.id) ?? { from: [], table: fk.table, to: [], onUpdate: fk.on_update, onDelete: fk.on_delete };
      entry.from.push(fk.from);
      entry.to.push(fk.to);
      fks.set(fk.id, entry);
    }
    schema.foreignKeys.set(table, [...fks.values()].map((f) => `${f.from.join(',')} -> ${f.table}(${f.to.join(',')}) on update ${f.onUpdate} on delete ${f.onDelete}`).sort());
  }
  for (const t of db.prepare("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'trigger'").all() as { name: string; tbl_name: string; sql: string }[]) {
    const m = /^CREATE TRIGGER\s+\w+\s+(BEFORE|AFTER)\s+(INSERT|UPDATE|DELETE)(?:\s+OF\s+([\w\s,]+?))?\s+ON\s/i.exec(t.sql);
    expect(m, t.sql).toBeTruthy();
    const columns = (m?.[3] ?? '').split(',').map((c) => c.trim()).filter(Boolean).sort();
    schema.triggers.set(t.name, { table: t.tbl_name, timing: (m?.[1] ?? '').toUpperCase(), event: (m?.[2] ?? '').toUpperCase(), columns });
  }
  return schema;
}

const PG_TYPES: Record<string, string> = { integer: 'INTEGER', bigint: 'BIGINT', text: 'TEXT' };

async function postgresSchema(client: pg.ClientBase): Promise<Schema> {
  const schema: Schema = { tables: new Map(), primaryKeys: new Map(), uniques: new Map(), foreignKeys: new Map(), indexes: new Map(), triggers: new Map() };
  const columns = await client.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null; is_identity: string }>(
    `SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default, c.is_identity
     FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' ORDER BY c.table_name, c.ordinal_position`,
  );
  for (const c of columns.rows) {
    const list = schema.tables.get(c.table_name) ?? [];
    list.push({
      name: c.column_name,
      type: PG_TYPES[c.data_type] ?? c.data_type,
      notNull: c.is_nullable === 'NO',
      default: defaultValue(c.column_default),
      generated: c.is_identity === 'YES',
    });
    schema.tables.set(c.table_name, list);
  }
  for (const table of schema.tables.keys()) {
    schema.primaryKeys.set(table, []);
    schema.uniques.set(table, []);
    schema.foreignKeys.set(table, []);
  }
  // Column lists in the constraint's own order (conkey, confkey), read as text arrays.
  const names = (rel: string, keys: string) =>
    `array(SELECT a.attname::text FROM unnest(${keys}) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = ${rel} AND a.attnum = k.n ORDER BY k.i)`;
  const constraints = await client.query<{ table: string; type: string; columns: string[]; ref_table: string | null; ref_columns: string[]; on_update: string; on_delete: string }>(
    `SELECT r.relname AS table, c.contype AS type, ${names('c.conrelid', 'c.conkey')} AS columns,
       f.relname AS ref_table, ${names('c.confrelid', 'c.confkey')} AS ref_columns, c.confupdtype AS on_update, c.confdeltype AS on_delete
     FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid LEFT JOIN pg_class f ON f.oid = c.confrelid
     WHERE c.connamespace = current_schema()::regnamespace AND c.contype IN ('p', 'u', 'f')`,
  );
  for (const c of constraints.rows) {
    if (c.type === 'p') schema.primaryKeys.set(c.table, c.columns);
    else if (c.type === 'u') schema.uniques.get(c.table)?.push(c.columns.join(','));
    else schema.foreignKeys.get(c.table)?.push(`${c.columns.join(',')} -> ${c.ref_table}(${c.ref_columns.join(',')}) on update ${FK_ACTIONS[c.on_update]} on delete ${FK_ACTIONS[c.on_delete]}`);
  }
  for (const list of [...schema.uniques.values(), ...schema.foreignKeys.values()]) list.sort();
  // Indexes of CREATE INDEX: not the ones PostgreSQL makes for a primary key or UNIQUE constraint.
  const indexes = await client.query<{ name: string; table: string; columns: string[]; unique: boolean; where: string | null }>(
    `SELECT x.relname AS name, r.relname AS table, ${names('i.indrelid', 'i.indkey::int2[]')} AS columns, i.indisunique AS unique,
       pg_get_expr(i.indpred, i.indrelid) AS where
     FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid JOIN pg_class r ON r.oid = i.indrelid JOIN pg_indexes p ON p.indexname = x.relname AND p.schemaname = current_schema()
     WHERE NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u'))`,
  );
  for (const ix of indexes.rows) schema.indexes.set(ix.name, { table: ix.table, columns: ix.columns, unique: ix.unique, where: predicate(ix.where) });
  const triggers = await client.query<{ name: string; table: string; timing: string; event: string; columns: string[] }>(
    `SELECT t.trigger_name AS name, t.event_object_table AS table, t.action_timing AS timing, t.event_manipulation AS event,
       array(SELECT u.event_object_column::text FROM information_schema.triggered_update_columns u
             WHERE u.trigger_schema = t.trigger_schema AND u.trigger_name = t.trigger_name AND u.event_object_table = t.event_object_table ORDER BY 1) AS columns
     FROM information_schema.triggers t WHERE t.trigger_schema = current_schema()`,
  );
  for (const t of triggers.rows) schema.triggers.set(t.name, { table: t.table, timing: t.timing, event: t.event, columns: t.columns });
  return schema;
}

const PG_ONLY = DIALECT_ONLY.postgres;
const pgOnlyColumns = (table: string): readonly string[] => PG_ONLY.columns[table] ?? [];
const sorted = <T>(xs: Iterable<T>): T[] => [...xs].sort();

describe('the office book\'s schema is the loan book\'s', () => {
  let sqlite: Db | undefined;
  afterEach(() => {
    sqlite?.close();
    sqlite = undefined;
  });

  it('tables, columns, keys, indexes and triggers', async () => {
    sqlite = openDatabase(':memory:');
    const lite = sqliteSchema(sqlite);
    const { client } = await freshBook();
    await migratePostgres(client);
    const post = await postgresSchema(client);

    // SQLite's own: the FTS5 table and its shadow tables, and nothing else.
    const sqliteOnly = (t: string): boolean => DIALECT_ONLY.sqlite.tables.includes(t) || DIALECT_ONLY.sqlite.shadowTablesOf.some((s) => t.startsWith(`${s}_`));
    expect(lite.dialectOnly.filter((t) => !sqliteOnly(t))).toEqual([]);
    expect(lite.dialectOnly).toContain('customer_search');
    const shared = sorted(lite.tables.keys());
    expect(sorted(post.tables.keys()).filter((t) => !PG_ONLY.tables.includes(t))).toEqual(shared);
    expect(shared.length).toBeGreaterThan(35);

    for (const table of shared) {
      const mine = lite.tables.get(table) ?? [];
      const theirs = (post.tables.get(table) ?? []).filter((c) => !pgOnlyColumns(table).includes(c.name));
      expect(theirs.map((c) => c.name), `${table}: columns in order`).toEqual(mine.map((c) => c.name));
      for (const [i, c] of mine.entries()) {
        const p = theirs[i];
        const where = `${table}.${c.name}`;
        const wider = (PG_ONLY.wider[table] ?? []).includes(c.name);
        expect(p?.type, `${where}: type`).toBe(wider ? 'BIGINT' : c.type);
        expect(p?.notNull, `${where}: NOT NULL`).toBe(c.notNull);
        expect(p?.default, `${where}: default`).toBe(c.default);
        // The runner's own table: its ids are always the migration's, on both engines.
        if (table !== 'schema_migrations') expect(p?.generated, `${where}: filled in when left out`).toBe(c.generated);
      }
      expect(post.primaryKeys.get(table), `${table}: primary key`).toEqual(lite.primaryKeys.get(table));
      expect(post.uniques.get(table), `${table}: UNIQUE constraints`).toEqual(lite.uniques.get(table));
      expect(post.foreignKeys.get(table), `${table}: foreign keys`).toEqual(lite.foreignKeys.get(table));
    }

    const indexNames = sorted(lite.indexes.keys());
    expect(sorted(post.indexes.keys()).filter((n) => !PG_ONLY.indexes.includes(n))).toEqual(indexNames);
    expect(indexNames.filter((n) => lite.indexes.get(n)?.where !== null).length).toBeGreaterThanOrEqual(10);
    for (const name of indexNames) expect(post.indexes.get(name), `index ${name}`).toEqual(lite.indexes.get(name));

    expect(sorted(post.triggers.keys())).toEqual(sorted(lite.triggers.keys()));
    for (const [name, t] of lite.triggers) {
      const timing = PG_ONLY.triggerTiming[name] ?? t.timing;
      expect(post.triggers.get(name), `trigger ${name}`).toEqual({ ...t, timing });
    }

    // The office book's own: the search table and the order of entry.
    expect(post.tables.get('customer_search')).toEqual([
      { name: 'entry', type: 'BIGINT', notNull: true, default: null, generated: false },
      { name: 'token', type: 'TEXT', notNull: true, default: null, generated: false },
    ]);
    expect(post.primaryKeys.get('customer_search')).toEqual(['token', 'entry']);
    expect(post.foreignKeys.get('customer_search')).toEqual(['entry -> customers(entry) on update NO ACTION on delete CASCADE']);
    expect(post.tables.get('customers')?.at(-1)).toEqual({ name: 'entry', type: 'BIGINT', notNull: true, default: null, generated: true });
    expect(post.indexes.get('customers_entry')).toEqual({ table: 'customers', columns: ['entry'], unique: true, where: null });
    expect(post.indexes.get('customer_search_entry')).toEqual({ table: 'customer_search', columns: ['entry'], unique: false, where: null });
  });

  it('every amount is BIGINT from the migration that made it', async () => {
    const { client } = await freshBook();
    const declared = async (): Promise<Map<string, string>> => {
      const { rows } = await client.query<{ t: string; c: string; type: string }>(
        "SELECT table_name AS t, column_name AS c, data_type AS type FROM information_schema.columns WHERE table_schema = current_schema()",
      );
      return new Map(rows.map((r) => [`${r.t}.${r.c}`, r.type]));
    };
    await migratePostgres(client, PG_MIGRATIONS.filter((m) => m.id < 12));
    const before = await declared();
    const money = Object.entries(MONEY_COLUMNS_BY_TABLE).flatMap(([t, cs]) => cs.map((c) => `${t}.${c}`)).sort();
    for (const col of money) expect(before.get(col), col).toBe('bigint');
    // Any integer column whose name says it holds an amount is one of them.
    const named = [...before].filter(([col, type]) => MONEY_COLUMNS.has(col.split('.')[1] ?? '') && type !== 'text').map(([col]) => col).sort();
    expect(named).toEqual(money);
    // 0012 changes nothing here: the columns were BIGINT already.
    const pgSchema = async (): Promise<string> => JSON.stringify(Object.fromEntries(Object.entries(await postgresSchema(client)).map(([k, v]) => [k, [...(v as Map<string, unknown>)]])));
    const schemaBefore = await pgSchema();
    expect(await migratePostgres(client, PG_MIGRATIONS.filter((m) => m.id <= 12))).toEqual([12]);
    expect(await declared()).toEqual(before);
    expect(await pgSchema()).toBe(schemaBefore);
  });
});

// ---------------------------------------------------------------------------------------------
// The same rows on both engines.

type Value = string | number | bigint | null;
const literal = (v: Value): string => (v === null ? 'NULL' : typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : String(v));
const insert = (table: string, row: Record<string, Value>): string =>
  `INSERT INTO ${table} (${Object.keys(row).join(', ')}) VALUES (${Object.values(row).map(literal).join(', ')})`;

type Outcome = 'ok' | 'check' | 'not null' | 'foreign key' | 'unique' | `retention` | `other: ${string}`;

function sqliteOutcome(e: unknown): Outcome {
  const { code, message } = e as { code?: string; message?: string };
  if (message?.startsWith('collections.retention')) return 'retention';
  if (code === 'SQLITE_CONSTRAINT_CHECK') return 'check';
  if (code === 'SQLITE_CONSTRAINT_NOTNULL') return 'not null';
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return 'foreign key';
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return 'unique';
  return `other: ${code} ${message}`;
}

function postgresOutcome(e: unknown): Outcome {
  const { code, message } = e as { code?: string; message?: string };
  if (message?.startsWith('collections.retention')) return 'retention';
  const classes: Record<string, Outcome> = { '23514': 'check', '23502': 'not null', '23503': 'foreign key', '23505': 'unique' };
  return classes[code ?? ''] ?? `other: ${code} ${message}`;
}

/** Both engines with the same book; each statement runs on both and its outcome is compared. */
interface Pair {
  /** Runs `sql` on both and returns the outcome both gave (the test fails if they differ). */
  run: (sql: string) => Promise<Outcome>;
  /** Runs `sql` on both, each inside a savepoint rolled back after, so the book stays as it was. */
  attempt: (sql: string) => Promise<Outcome>;
  /** The rows of a query on both, every value as text (the engines hand back integers differently). */
  rows: (sql: string) => Promise<Record<string, string | null>[]>;
}

async function pair(): Promise<Pair> {
  const lite = openDatabase(':memory:');
  cleanups.push(async () => {
    lite.close();
  });
  const { client } = await freshBook();
  await migratePostgres(client);
  const both = async (sql: string, savepoint: boolean): Promise<Outcome> => {
    let a: Outcome = 'ok';
    if (savepoint) lite.exec('SAVEPOINT probe');
    try {
      lite.exec(sql);
    } catch (e) {
      a = sqliteOutcome(e);
    }
    if (savepoint) lite.exec('ROLLBACK TO probe; RELEASE probe');
    let b: Outcome = 'ok';
    if (savepoint) await client.query('BEGIN');
    try {
      await client.query(sql);
    } catch (e) {
      b = postgresOutcome(e);
    }
    if (savepoint) await client.query('ROLLBACK');
    expect(b, `PostgreSQL gave what SQLite gave for: ${sql}`).toBe(a);
    return a;
  };
  const text = (row: Record<string, unknown>): Record<string, string | null> =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? null : String(v)]));
  return {
    run: (sql) => both(sql, false),
    attempt: (sql) => both(sql, true),
    rows: async (sql) => {
      const a = (lite.prepare(sql).safeIntegers(true).all() as Record<string, unknown>[]).map(text);
      const b = (await client.query(sql)).rows.map(text);
      expect(b, sql).toEqual(a);
      return a;
    },
  };
}

const NOW = '2025-06-01T09:00:00.000Z';
/** The rows every case below hangs off, inserted on both engines. */
const PARENTS: [string, Record<string, Value>][] = [
  ['roles', { id: 'officer', name_zh: '信贷员', name_en: 'officer', approval_limit: 5_000_000_00 }],
  ['users', { id: 'u1', username: 'wang', display_name: '王', role_id: 'officer', password_hash: 'h', password_salt: 's', created_at: NOW, updated_at: NOW }],
  ['customers', { id: 'c1', kind: 'individual', name: '王小明', id_number: '11010519491231002X', created_at: NOW, updated_at: NOW }],
  ['customer_contacts', { id: 'cc1', customer_id: 'c1', name: '李四', relation: 'friend', created_at: NOW }],
  ['products', {
    id: 'p1', code: 'P1', name_zh: '消费贷', name_en: 'consumer', method: 'equal-installment', frequency: 'monthly', min_rate: '0.05', max_rate: '0.24',
    min_term: 3, max_term: 36, min_amount: 100_000, max_amount: 50_000_000, created_at: NOW,
  }],
  ['loans', {
    id: 'l1', number: 'L1', customer_id: 'c1', product_id: 'p1', method: 'equal-installment', principal: 1_000_000, annual_rate: '0.12', term: 12,
    frequency: 'monthly', day_count: '30/360', disbursement_date: '2025-06-01', first_due_date: '2025-07-01', maturity_date: '2026-06-01',
    amount_received: 1_000_000, status: 'active', outstanding_principal: 1_000_000, oldest_unpaid_due_date: '2025-07-01', created_at: NOW,
  }],
  ['collection_cases', { id: 'k1', loan_id: 'l1', opened_date: '2025-08-01', status: 'open' }],
];

/** A valid row per table, and changes to it that one CHECK (or NOT NULL) refuses, or accepts. */
const CASES: { table: string; row: Record<string, Value>; changes: [string, Record<string, Value>, Outcome][] }[] = [
  {
    table: 'customers',
    row: { id: 'c2', kind: 'individual', name: '李四', id_number: '110101199003070070', monthly_income: 1_200_000, gender: 'F', created_at: NOW, updated_at: NOW },
    changes: [
      ['a kind that is not one', { kind: 'person' }, 'check'],
      ['an empty name', { name: '' }, 'check'],
      // length() counts characters on both engines, not bytes: 100 Chinese characters are 300 bytes.
      ['a name of 100 characters', { name: '王'.repeat(100) }, 'ok'],
      ['a name of 101 characters', { name: '王'.repeat(101) }, 'check'],
      ['an individual without an ID number', { id_number: null }, 'check'],
      ['a business without a credit code', { kind: 'business', id_number: null }, 'check'],
      ['a negative income', { monthly_income: -1 }, 'check'],
      ['an income past 2^53 fen', { monthly_income: 9007199254740993n }, 'ok'],
      ['a gender that is not one', { gender: 'X' }, 'check'],
      ['no name', { name: null }, 'not null'],
      ['a creator who is not a user', { created_by: 'nobody' }, 'foreign key'],
      ['the ID number of another customer', { id_number: '11010519491231002X' }, 'unique'],
    ],
  },
  {
    table: 'products',
    row: {
      id: 'p2', code: 'P2', name_zh: '经营贷', name_en: 'business', method: 'revolving', frequency: 'monthly', min_rate: '0.05', max_rate: '0.24',
      min_term: 1, max_term: 12, min_amount: 100_000, max_amount: 3_000_000_000, created_at: NOW,
    },
    changes: [
      ['a method that is not one', { method: 'balloon' }, 'check'],
      ['a zero minimum amount', { min_amount: 0 }, 'check'],
      ['a maximum below the minimum', { max_amount: 99_999 }, 'check'],
      ['a longest term below the shortest', { min_term: 13 }, 'check'],
      ['one decimal place', { decimals: 1 }, 'check'],
      ['whole yuan', { decimals: 0 }, 'ok'],
      ['an active flag of 2', { active: 2 }, 'check'],
      ['a line allocation that is not one', { line_allocation: 'fees-first' }, 'check'],
      ['a code already taken', { code: 'P1' }, 'unique'],
    ],
  },
  {
    table: 'loans',
    row: {
      id: 'l2', number: 'L2', customer_id: 'c1', product_id: 'p1', method: 'equal-installment', principal: 5_000_000_000, annual_rate: '0.12', term: 12,
      frequency: 'monthly', day_count: '30/360', disbursement_date: '2025-06-01', first_due_date: '2025-07-01', maturity_date: '2026-06-01',
      amount_received: 5_000_000_000, status: 'active', outstanding_principal: 5_000_000_000, created_at: NOW,
    },
    changes: [
      ['a negative principal', { principal: -100 }, 'check'],
      ['a status that is not one', { status: 'open' }, 'check'],
      ['a category that is not one', { five_category: 'bad' }, 'check'],
      ['a recast choice that is not one', { recast_choice: 'reduce-rate' }, 'check'],
      ['a zero credit limit', { credit_limit: 0 }, 'check'],
      ['a negative balance', { outstanding_principal: -1 }, 'check'],
    ],
  },
  {
    table: 'installments',
    row: { loan_id: 'l1', n: 1, due_date: '2025-07-01', principal_due: 80_000, interest_due: 10_000, principal_paid: 80_000 },
    changes: [
      ['number zero', { n: 0 }, 'check'],
      ['more principal paid than due', { principal_paid: 80_001 }, 'check'],
      ['more penalty paid than accrued', { penalty_paid: 1 }, 'check'],
      ['a negative interest due', { interest_due: -1 }, 'check'],
    ],
  },
  {
    table: 'transactions',
    row: { id: 't1', loan_id: 'l1', kind: 'repayment', value_date: '2025-07-01', business_date: '2025-07-01', amount: 90_000, created_at: NOW },
    changes: [
      ['a zero amount', { amount: 0 }, 'check'],
      ['a kind that is not one', { kind: 'refund' }, 'check'],
      ['a recast that is not one', { recast: 'reduce-rate' }, 'check'],
      ['a reversal of nothing', { reverses_id: 'none' }, 'foreign key'],
    ],
  },
  {
    table: 'documents',
    row: { id: 'd1', owner_type: 'customer', owner_id: 'c1', kind: 'id_card', file_name: 'id.pdf', mime_type: 'application/pdf', size_bytes: 3_000_000_000, sha256: 'a'.repeat(64), uploaded_at: NOW },
    changes: [
      ['a hash of 63 characters', { sha256: 'a'.repeat(63) }, 'check'],
      ['a negative size', { size_bytes: -1 }, 'check'],
      ['an owner type that is not one', { owner_type: 'user' }, 'check'],
    ],
  },
  {
    table: 'promises',
    row: { id: 'pr1', case_id: 'k1', promised_date: '2025-08-10', amount: 50_000, status: 'pending', created_at: NOW, paid_amount: 0 },
    changes: [
      ['a zero amount', { amount: 0 }, 'check'],
      ['a status that is not one', { status: 'maybe' }, 'check'],
      ['a negative paid amount', { paid_amount: -1 }, 'check'],
    ],
  },
  {
    table: 'collection_case_events',
    row: { id: 'e1', case_id: 'k1', at: NOW, business_date: '2025-08-01', kind: 'escalated', reason: 'no contact in 30 days' },
    changes: [
      ['an escalation with an empty reason', { reason: '' }, 'check'],
      // The CHECK reads `kind <> 'escalated' OR length(reason) >= 1`: a NULL reason makes it
      // unknown, which a CHECK lets through, on both engines alike.
      ['an escalation with no reason at all', { reason: null }, 'ok'],
      ['a kind that is not one', { kind: 'paused' }, 'check'],
    ],
  },
  {
    table: 'collection_schedule',
    row: { id: 's1', case_id: 'k1', planned_at: NOW, local_time: '10:00', channel: 'call', party: 'contact', contact_id: 'cc1', created_at: NOW },
    changes: [
      ['a contact call with no contact', { contact_id: null }, 'check'],
      ['a debtor call naming a contact', { party: 'debtor' }, 'check'],
      ['a debtor call', { party: 'debtor', contact_id: null }, 'ok'],
      ['a channel that is not one', { channel: 'note' }, 'check'],
    ],
  },
  {
    table: 'contact_consents',
    row: { id: 'cs1', customer_id: 'c1', given_date: '2025-06-01', how: 'signed form', recorded_at: NOW },
    changes: [
      ['an empty how', { how: '' }, 'check'],
      ['a how of 500 characters', { how: '书'.repeat(500) }, 'ok'],
      ['a how of 501 characters', { how: '书'.repeat(501) }, 'check'],
    ],
  },
  {
    table: 'holidays',
    row: { date: '2025-10-01', name: '国庆节' },
    changes: [
      ['a workday flag of 2', { is_workday: 2 }, 'check'],
      ['a make-up workday', { is_workday: 1 }, 'ok'],
    ],
  },
  {
    table: 'business_day',
    row: { business_date: '2025-06-01' },
    changes: [
      ['the one row, by its id', { id: 1 }, 'ok'],
      ['a second row', { id: 2 }, 'check'],
    ],
  },
  {
    table: 'audit_log',
    row: { at: NOW, method: 'customers/create', summary: 'created' },
    changes: [['no summary', { summary: null }, 'not null']],
  },
];

describe('the same rows on both engines', () => {
  it('CHECK constraints accept and refuse the same rows', async () => {
    const both = await pair();
    for (const [table, row] of PARENTS) expect(await both.run(insert(table, row)), table).toBe('ok');
    // The ids SQLite assigns to a row that leaves them out, PostgreSQL assigns the same (before any
    // insert is rolled back: SQLite then hands the id out again, a sequence never does).
    await both.run(insert('audit_log', { at: NOW, method: 'a', summary: 'first' }));
    await both.run(insert('audit_log', { at: NOW, method: 'b', summary: 'second' }));
    expect(await both.rows('SELECT id, method FROM audit_log ORDER BY id')).toEqual([{ id: '1', method: 'a' }, { id: '2', method: 'b' }]);
    for (const { table, row, changes } of CASES) {
      expect(await both.attempt(insert(table, row)), `${table}: a valid row`).toBe('ok');
      for (const [label, change, outcome] of changes) expect(await both.attempt(insert(table, { ...row, ...change })), `${table}: ${label}`).toBe(outcome);
    }
  });

  it('triggers keep the same copies and refuse the same deletes', async () => {
    const both = await pair();
    for (const [table, row] of PARENTS) await both.run(insert(table, row));
    // A case inserted without its loan's figures takes them; one inserted with them keeps its own.
    await both.run(insert('collection_cases', { id: 'k2', loan_id: 'l1', opened_date: '2025-08-01', status: 'open', loan_outstanding: 5, loan_oldest: '2025-01-01' }));
    expect(await both.rows("SELECT id, loan_oldest, loan_outstanding, broken_promises FROM collection_cases ORDER BY id")).toEqual([
      { id: 'k1', loan_oldest: '2025-07-01', loan_outstanding: '1000000', broken_promises: '0' },
      { id: 'k2', loan_oldest: '2025-01-01', loan_outstanding: '5', broken_promises: '0' },
    ]);
    // A loan's change reaches its open cases and is noted for the close.
    await both.run("UPDATE loans SET outstanding_principal = 920000, oldest_unpaid_due_date = '2025-08-01' WHERE id = 'l1'");
    await both.run("UPDATE collection_cases SET status = 'closed', closed_date = '2025-08-02' WHERE id = 'k2'");
    await both.run("UPDATE loans SET outstanding_principal = 900000 WHERE id = 'l1'");
    expect(await both.rows("SELECT id, loan_oldest, loan_outstanding FROM collection_cases ORDER BY id")).toEqual([
      { id: 'k1', loan_oldest: '2025-08-01', loan_outstanding: '900000' },
      { id: 'k2', loan_oldest: '2025-08-01', loan_outstanding: '920000' },
    ]);
    expect(await both.rows('SELECT loan_id FROM eod_touched')).toEqual([{ loan_id: 'l1' }]);
    await both.run('DELETE FROM eod_touched');
    await both.run("UPDATE loans SET outstanding_principal = 800000 WHERE id = 'l1'");
    await both.run("UPDATE loans SET status = 'active' WHERE id = 'l1'");
    expect(await both.rows('SELECT loan_id FROM eod_touched')).toEqual([]);
    // Broken promises count on their case, as they are made or decided.
    const promise = (id: string, status: string): string =>
      insert('promises', { id, case_id: 'k1', promised_date: '2025-08-10', amount: 50_000, status, created_at: NOW, created_date: '2025-08-01' });
    await both.run(promise('pr1', 'broken'));
    await both.run(promise('pr2', 'pending'));
    await both.run("UPDATE promises SET status = 'broken' WHERE id = 'pr2'");
    await both.run("UPDATE promises SET status = 'broken' WHERE id = 'pr2'");
    expect(await both.rows("SELECT broken_promises FROM collection_cases WHERE id = 'k1'")).toEqual([{ broken_promises: '2' }]);
    await both.run("UPDATE promises SET status = 'kept' WHERE id = 'pr1'");
    expect(await both.rows("SELECT broken_promises FROM collection_cases WHERE id = 'k1'")).toEqual([{ broken_promises: '1' }]);
    expect(await both.run(promise('pr3', 'pending'))).toBe('ok');
    expect(await both.run(promise('pr4', 'pending'))).toBe('unique');

    // Retention: nothing of collections goes before it is five years old on the book's business date.
    const event = (id: string, at: string): string => insert('collection_case_events', { id, case_id: 'k1', at, business_date: at.slice(0, 10), kind: 'opened' });
    await both.run(event('e1', '2023-02-28T10:00:00.000Z'));
    await both.run(event('e2', '2023-03-01T10:00:00.000Z'));
    await both.run(event('e3', '2023-03-02T10:00:00.000Z'));
    await both.run(insert('collection_case_events', { id: 'e4', case_id: 'k1', at: NOW, business_date: '2025-06-01', kind: 'opened' }));
    expect(await both.attempt("DELETE FROM collection_case_events WHERE id = 'e1'")).toBe('retention');
    // Five years before 29 February 2028 is, as SQLite's date() counts, 1 March 2023.
    await both.run("INSERT INTO business_day (id, business_date) VALUES (1, '2028-02-29')");
    expect(await both.run("DELETE FROM collection_case_events WHERE id = 'e1'")).toBe('ok');
    expect(await both.run("DELETE FROM collection_case_events WHERE id = 'e2'")).toBe('ok');
    expect(await both.attempt("DELETE FROM collection_case_events WHERE id = 'e3'")).toBe('retention');
    // An open case is kept, and so is what was recorded on it, however old.
    expect(await both.attempt("DELETE FROM collection_cases WHERE id = 'k1'")).toBe('retention');
    await both.run(insert('promises', { id: 'pr0', case_id: 'k1', promised_date: '2020-01-10', amount: 50_000, status: 'kept', created_at: '2020-01-01T00:00:00Z' }));
    expect(await both.attempt("DELETE FROM promises WHERE id = 'pr0'")).toBe('retention');
    // A consent never withdrawn is kept.
    await both.run(insert('contact_consents', { id: 'cs1', customer_id: 'c1', given_date: '2020-01-01', how: 'form', recorded_at: '2020-01-01T00:00:00Z' }));
    expect(await both.attempt("DELETE FROM contact_consents WHERE id = 'cs1'")).toBe('retention');
    await both.run("UPDATE contact_consents SET withdrawn_at = '2021-01-01T00:00:00Z' WHERE id = 'cs1'");
    expect(await both.run("DELETE FROM contact_consents WHERE id = 'cs1'")).toBe('ok');
    // A case closed five years before goes, with what was recorded on it; one closed a day later stays.
    await both.run("UPDATE collection_cases SET status = 'closed', closed_date = '2025-09-01' WHERE id = 'k1'");
    await both.run("UPDATE collection_cases SET closed_date = '2025-09-02' WHERE id = 'k2'");
    await both.run("UPDATE business_day SET business_date = '2030-09-01' WHERE id = 1");
    expect(await both.run("DELETE FROM promises WHERE case_id = 'k1'")).toBe('ok');
    expect(await both.attempt("DELETE FROM collection_cases WHERE id = 'k2'")).toBe('retention');
    expect(await both.rows('SELECT count(*) AS n FROM promises')).toEqual([{ n: '0' }]);
  });
});
