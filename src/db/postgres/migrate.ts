/**
 * @dialect postgres
 * The office book's migrations, under the loan book's rules (src/db/migrate.ts): forward-only and
 * numbered, each applied one recorded in schema_migrations with a checksum of its SQL; a book whose
 * recorded checksum differs from the program's (an edited migration) or that has a migration the
 * program does not know (a newer program wrote it) is refused before anything changes. Each
 * migration runs in a transaction of its own, so a failed one leaves the book at the one before.
 *
 * PostgreSQL dialect: several desks open the same office book. A new book is migrated by whichever
 * desk comes first; the others wait on an advisory lock held for the whole run (a session lock: the
 * run spans one transaction per migration) and then find nothing left to do. The server lets go of
 * the lock if the connection drops mid-run. The book must sort text by the C collation (see
 * checkCollation); that is checked before anything is written.
 */
import type pg from 'pg';
import { SuanpanError } from '../../errors';
import { checkHistory, checksum, CREATE_TABLE, type AppliedMigration } from '../migrate';
import type { Migration } from '../sqlite/migrations';
import { PG_MIGRATIONS } from './migrations';

/** The advisory lock every desk takes to migrate: "Suanpan" in ASCII, read as one 64-bit number. */
export const MIGRATION_LOCK = '23491484392120686';

interface DatabaseLocale {
  database: string;
  datcollate: string;
  /** 'c' libc, 'i' ICU, 'b' builtin (PostgreSQL 17); null before PostgreSQL 15, where libc is all there is. */
  provider: string | null;
  /** The ICU or builtin locale, when the provider is one of those. */
  locale: string | null;
}

/**
 * Refuses a database whose text does not sort byte by byte. The engine's queries rely on it: ISO
 * dates and numbers compared as text, keyset pages ordered by text keys, and prefix searches
 * (`LIKE 'x%'`) served by btree indexes, which PostgreSQL does only under the C collation. SQLite's
 * BINARY comparison is the same order, so both engines page and sort alike. An ICU default
 * collation is refused whatever datcollate says: under it, datcollate is not what text sorts by.
 */
export async function checkCollation(client: pg.ClientBase): Promise<void> {
  // Read through to_jsonb so the provider's columns are looked up by name: they differ by version.
  const { rows } = await client.query<DatabaseLocale>(
    `SELECT d.datname AS database, d.datcollate, to_jsonb(d) ->> 'datlocprovider' AS provider,
       coalesce(to_jsonb(d) ->> 'datlocale', to_jsonb(d) ->> 'daticulocale') AS locale
     FROM pg_database d WHERE d.datname = current_database()`,
  );
  const db = rows[0];
  if (!db) throw new Error('the current database is missing from pg_database');
  const bytewise =
    db.provider === null || db.provider === 'c' ? db.datcollate === 'C' || db.datcollate === 'POSIX' : db.provider === 'b' && db.locale === 'C';
  if (!bytewise) {
    const collation = db.provider === null || db.provider === 'c' ? db.datcollate : `${db.provider === 'i' ? 'ICU' : db.provider} ${db.locale ?? ''}`.trim();
    throw new SuanpanError('CONFLICT', 'db.pgCollation', { database: db.database, collation });
  }
}

/**
 * Brings the office book up to `migrations`, returning the ids it applied. `client` must not be in a
 * transaction: each migration commits on its own.
 */
export async function migratePostgres(
  client: pg.ClientBase,
  migrations: readonly Migration[] = PG_MIGRATIONS,
  now: () => Date = () => new Date(),
): Promise<number[]> {
  await checkCollation(client);
  await client.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
  let ran: number[];
  try {
    ran = await migrateLocked(client, migrations, now);
  } catch (e) {
    // The error that stopped the run is the one to report; if the connection is gone with it, so is the lock.
    await client.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`).catch(() => undefined);
    throw e;
  }
  await client.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);
  return ran;
}

async function migrateLocked(client: pg.ClientBase, migrations: readonly Migration[], now: () => Date): Promise<number[]> {
  await client.query(CREATE_TABLE);
  const { rows: applied } = await client.query<AppliedMigration>('SELECT id, name, checksum FROM schema_migrations ORDER BY id');
  const done = checkHistory(applied, migrations);
  const ran: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
    if (done.has(m.id)) continue;
    await client.query('BEGIN');
    try {
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (id, name, checksum, applied_at) VALUES ($1, $2, $3, $4)', [
        m.id,
        m.name,
        checksum(m.sql),
        now().toISOString(),
      ]);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
    ran.push(m.id);
  }
  return ran;
}
