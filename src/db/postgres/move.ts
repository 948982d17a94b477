/**
 * @dialect postgres
 * The office book as either end of a book's move (src/db/move.ts), on a connection of the move's own.
 *
 * As the source: a database that is a book (it has the migrations table, with rows) is migrated
 * forward as a desk opening it would, then read in one REPEATABLE READ, READ ONLY transaction (one
 * snapshot for the rows and their checks, while desks keep working), each table through a cursor,
 * FETCH by FETCH, in key order; customers with their `entry`, their order of entry.
 *
 * As the target: the database is migrated (a new one gets its tables here) and filled in one
 * transaction with session_replication_role = replica, which keeps every trigger from firing
 * (the retention triggers, the queue's copies, the close's note of touched loans: the copied rows
 * already hold what they keep) and the foreign-key checks with them; the setting ends with the
 * transaction. It is a superuser's setting: the book's own role needs the server administrator's
 * `GRANT SET ON PARAMETER session_replication_role TO suanpan` (PostgreSQL 15) once. The book's
 * tables are locked against other desks' writes for the move (they may still read). Rows go in as
 * multi-row INSERTs; customers keep their `entry` (OVERRIDING SYSTEM VALUE: it is an identity
 * column), and the identity counters are moved past the copied values before the commit, so the
 * next audit row or customer gets the next number. The search index is written as (entry, token) rows.
 */
import type pg from 'pg';
import { SuanpanError } from '../../errors';
import type { Book } from '../book';
import { ENTRY, ENTRY_TABLE, SEARCH_INDEX, type MoveRow, type MoveSource, type MoveTable, type MoveTarget } from '../move';
import { officeConnection, unreachable, type OfficeConnection } from './book';
import { migratePostgres } from './migrate';
import { DIALECT_ONLY } from './migrations';

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

const INTEGER_TYPES = new Set(['smallint', 'integer', 'bigint']);

interface ColumnRow {
  table_name: string;
  column_name: string;
  data_type: string;
  is_identity: string;
}

/** What the book's tables are, read from the catalog of the schema the connection works in. */
async function describe(client: pg.ClientBase): Promise<{ tables: MoveTable[]; identities: { table: string; column: string }[] }> {
  const skipped = new Set<string>([...DIALECT_ONLY.postgres.tables, 'schema_migrations']);
  const { rows: columns } = await client.query<ColumnRow>(
    `SELECT c.table_name, c.column_name, c.data_type, c.is_identity
     FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
     ORDER BY c.table_name, c.ordinal_position`,
  );
  const { rows: keys } = await client.query<{ table_name: string; column_name: string }>(
    `SELECT k.table_name, k.column_name FROM information_schema.table_constraints tc
     JOIN information_schema.key_column_usage k ON k.constraint_schema = tc.constraint_schema AND k.constraint_name = tc.constraint_name AND k.table_name = tc.table_name
     WHERE tc.table_schema = current_schema() AND tc.constraint_type = 'PRIMARY KEY'
     ORDER BY k.table_name, k.ordinal_position`,
  );
  const { rows: references } = await client.query<{ child: string; parent: string }>(
    `SELECT DISTINCT c.relname AS child, p.relname AS parent FROM pg_catalog.pg_constraint f
     JOIN pg_catalog.pg_class c ON c.oid = f.conrelid JOIN pg_catalog.pg_class p ON p.oid = f.confrelid
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE f.contype = 'f' AND n.nspname = current_schema()`,
  );
  const byTable = new Map<string, MoveTable>();
  const identities: { table: string; column: string }[] = [];
  for (const c of columns) {
    if (skipped.has(c.table_name)) continue;
    if (c.is_identity === 'YES') identities.push({ table: c.table_name, column: c.column_name });
    // The order of entry travels beside the columns, not as one of them.
    if ((DIALECT_ONLY.postgres.columns[c.table_name] ?? []).includes(c.column_name)) continue;
    let t = byTable.get(c.table_name);
    if (!t) byTable.set(c.table_name, (t = { name: c.table_name, columns: [], text: [], key: [], parents: [] }));
    t.columns.push(c.column_name);
    if (!INTEGER_TYPES.has(c.data_type)) t.text.push(c.column_name);
  }
  for (const k of keys) byTable.get(k.table_name)?.key.push(k.column_name);
  for (const r of references) byTable.get(r.child)?.parents.push(r.parent);
  return { tables: [...byTable.values()].sort((a, b) => (a.name < b.name ? -1 : 1)), identities };
}

async function migrationsOf(client: pg.ClientBase): Promise<number[]> {
  return (await client.query<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id')).rows.map((r) => Number(r.id));
}

const aggregateOf = (client: pg.ClientBase) => async (sql: string): Promise<MoveRow> => (await client.query(sql)).rows[0] ?? {};

/** A connection of the move's own: from an open office book's pool, or to the book at a URL. */
const connect = (at: string | Book): Promise<OfficeConnection> => officeConnection(at, { applicationName: 'suanpan-move' });

/** Migrates the book at the connection forward (a desk opening it would), reporting the server's failures by name. */
async function migrated(connection: OfficeConnection): Promise<void> {
  try {
    await migratePostgres(connection.client);
  } catch (e) {
    await connection.done(true);
    if (e instanceof SuanpanError) throw e;
    throw unreachable(connection.where, e);
  }
}

/** The office book as the source of a move. */
export async function openOfficeSource(at: string | Book): Promise<MoveSource> {
  const connection = await connect(at);
  const { client, where } = connection;
  if (typeof at === 'string') {
    let present: boolean;
    try {
      const found = await client.query<{ present: boolean }>(`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`);
      present = found.rows[0]?.present === true && (await client.query('SELECT 1 FROM schema_migrations LIMIT 1')).rows.length > 0;
    } catch (e) {
      await connection.done(true);
      throw unreachable(where, e);
    }
    if (!present) {
      await connection.done();
      throw new SuanpanError('VALIDATION', 'db.moveNotABook', { where });
    }
    await migrated(connection);
  }
  let reading = false;
  let shape: MoveTable[] | undefined;
  return {
    engine: 'postgres',
    where,
    entryExpression: quote(ENTRY),
    tables: async () => (shape ??= (await describe(client)).tables),
    migrations: () => migrationsOf(client),
    aggregate: aggregateOf(client),
    async begin() {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      reading = true;
    },
    async *rows(table: MoveTable, batch: number): AsyncIterable<MoveRow[]> {
      const columns = table.columns.map(quote).join(', ');
      const select = table.name === ENTRY_TABLE ? `${quote(ENTRY)}, ${columns}` : columns;
      const order = table.key.length > 0 ? ` ORDER BY ${table.key.map(quote).join(', ')}` : '';
      await client.query(`DECLARE move_rows NO SCROLL CURSOR FOR SELECT ${select} FROM ${quote(table.name)}${order}`);
      try {
        for (;;) {
          const { rows } = await client.query<MoveRow>(`FETCH FORWARD ${batch} FROM move_rows`);
          if (rows.length === 0) break;
          yield rows;
          if (rows.length < batch) break;
        }
      } finally {
        await client.query('CLOSE move_rows').catch(() => undefined);
      }
    },
    async close() {
      if (reading) await client.query('ROLLBACK').catch(() => undefined);
      reading = false;
      await connection.done();
    },
  };
}

/** The office book as the target of a move. */
export async function openOfficeTarget(at: string | Book): Promise<MoveTarget> {
  const connection = await connect(at);
  const { client, where } = connection;
  if (typeof at === 'string') await migrated(connection);
  let described: Awaited<ReturnType<typeof describe>> | undefined;
  const shape = async () => (described ??= await describe(client));
  let open = false;
  let done = false;
  return {
    engine: 'postgres',
    where,
    entryExpression: quote(ENTRY),
    tables: async () => (await shape()).tables,
    migrations: () => migrationsOf(client),
    aggregate: aggregateOf(client),
    async begin(tables) {
      await client.query('BEGIN');
      open = true;
      try {
        await client.query('SET LOCAL session_replication_role = replica');
      } catch (e) {
        if ((e as { code?: string }).code === '42501') {
          await client.query('ROLLBACK');
          open = false;
          const role = (await client.query<{ role: string }>('SELECT current_user AS role')).rows[0]?.role ?? 'suanpan';
          throw new SuanpanError('CONFLICT', 'db.moveReplicaRole', { where, role });
        }
        throw e;
      }
      await client.query(`LOCK TABLE ${[...tables.map((t) => t.name), SEARCH_INDEX].map(quote).join(', ')} IN EXCLUSIVE MODE`);
    },
    async clear(tables) {
      // With triggers off, a delete neither asks the retention rule nor cascades: the index goes by name.
      for (const t of [...tables.map((x) => x.name), SEARCH_INDEX]) await client.query(`DELETE FROM ${quote(t)}`);
    },
    async insert(table, columns, rows) {
      if (rows.length === 0) return;
      const entry = table.name === ENTRY_TABLE && ENTRY in (rows[0] as MoveRow);
      const names = [...(entry ? [ENTRY] : []), ...columns];
      const identity = (await shape()).identities.some((i) => i.table === table.name);
      const values: unknown[] = [];
      const tuples: string[] = [];
      for (const row of rows) {
        const base = values.length;
        for (const n of names) values.push(row[n] ?? null);
        tuples.push(`(${names.map((_, i) => `$${base + i + 1}`).join(', ')})`);
      }
      await client.query(
        `INSERT INTO ${quote(table.name)} (${names.map(quote).join(', ')})${identity ? ' OVERRIDING SYSTEM VALUE' : ''} VALUES ${tuples.join(', ')}`,
        values,
      );
    },
    async index(entries) {
      const keys: unknown[] = [];
      const tokens: string[] = [];
      for (const e of entries) {
        for (const t of new Set(e.tokens.map((x) => x.toLowerCase()))) {
          keys.push(e.entry);
          tokens.push(t);
        }
      }
      if (tokens.length === 0) return;
      await client.query(`INSERT INTO ${quote(SEARCH_INDEX)} (entry, token) SELECT * FROM unnest($1::bigint[], $2::text[])`, [keys.map(String), tokens]);
    },
    async finish() {
      // The next number each identity column gives is the one after the greatest copied.
      for (const { table, column } of (await shape()).identities) {
        await client.query(
          `SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${quote(column)}) FROM ${quote(table)}), 0) + 1, false)`,
          [quote(table), column],
        );
      }
    },
    async commit() {
      await client.query('COMMIT');
      open = false;
      done = true;
      await connection.done();
    },
    async abandon() {
      if (done) return;
      done = true;
      let broken = false;
      if (open) await client.query('ROLLBACK').catch(() => (broken = true));
      await connection.done(broken);
    },
  };
}
