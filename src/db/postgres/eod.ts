/**
 * @dialect postgres
 * The end-of-day close on the office book: the close's statements (written once, in src/db/eod.ts)
 * in PostgreSQL's words, run on one connection of the desk's pool, one transaction a day; and the
 * office-wide lock that lets one desk close at a time, with the note of who holds it.
 *
 * PostgreSQL dialect: parameters are numbered ($1, $2, …) where SQLite's are named; the planner
 * picks each statement's index and join order (no INDEXED BY, a plain JOIN); the scratch table of
 * non-performing borrowers is a temporary table made in each day's transaction and dropped at its
 * end, so the pooled connection keeps nothing; the JSON array of engine-made ids is read with
 * jsonb_array_elements. Other desks keep writing while a day is closed, so the close reads the
 * business date FOR UPDATE: a change in progress (which holds the date FOR SHARE, see
 * src/db/repos/identity.ts) finishes first and is closed with its day, and one asked for meanwhile
 * waits for the close and is dated the next day, as on a desk's book, where the close holds the
 * one write lock.
 */
import { CompiledQuery, sql } from 'kysely';
import type { Q } from '../kysely';
import { closeStatements, type AsyncCloseExecutor, type CloseDialect, type CloseStatement, type Params, type ServerTransaction } from '../eod';
import { progressNote } from '../repos/eod';
import type { EodProgressNote } from '../../eod/store';

export const POSTGRES_CLOSE: CloseDialect = {
  indexed: (table) => table,
  orderedJoin: 'JOIN',
  nplTable: 'pg_temp.eod_npl',
  jsonRows: (param) => `jsonb_array_elements(@${param}::jsonb) j`,
  holdDate: ' FOR UPDATE',
};

/** A statement with its named parameters numbered: each name one number, in the order names first appear. */
export function numbered(text: string): { text: string; names: string[] } {
  const names: string[] = [];
  const out = text.replace(/@(\w+)/g, (_, name: string) => {
    let i = names.indexOf(name);
    if (i < 0) i = names.push(name) - 1;
    return `$${i + 1}`;
  });
  return { text: out, names };
}

const STATEMENTS = Object.fromEntries(Object.entries(closeStatements(POSTGRES_CLOSE)).map(([name, text]) => [name, numbered(text)])) as Record<
  CloseStatement,
  { text: string; names: string[] }
>;

/** The close's statements answered on `tx` (the day's transaction on the close's connection). */
function officeClose(tx: Q): AsyncCloseExecutor {
  const execute = (name: CloseStatement, params: Params) => {
    const st = STATEMENTS[name];
    const values = st.names.map((k) => {
      const v = params[k];
      if (v === undefined) throw new Error(`the close's ${name} needs @${k}`);
      return v;
    });
    // Through the book's builder, so rows are read as everywhere else (integers exact, money as bigint).
    return tx.executeQuery<Record<string, unknown>>(CompiledQuery.raw(st.text, values));
  };
  return {
    run: async (name, params) => Number((await execute(name, params)).numAffectedRows ?? 0n),
    get: async (name, params) => (await execute(name, params)).rows[0],
    all: async (name, params) => (await execute(name, params)).rows,
  };
}

/** One transaction on the close's connection `conn`, with the day's scratch table. */
export const dayTransaction =
  (conn: Q): ServerTransaction =>
  (fn) =>
    conn.transaction().execute(async (tx) => {
      await sql`CREATE TEMPORARY TABLE eod_npl (customer_id TEXT PRIMARY KEY) ON COMMIT DROP`.execute(tx);
      return fn(officeClose(tx));
    });

/** The office-wide lock a close holds for its whole run: a session lock on the close's connection. */
export const CLOSE_LOCK = '23491484392120688';

class Held extends Error {}

/**
 * Takes the office's close for the run `runId` on `conn` (the close's own connection, kept for the
 * run): the lock, and the note of who holds it. When another desk holds it, says whose note there is.
 *
 * The note is written before the lock is tried, in one transaction: a second desk's note waits on
 * the first's until that commits, so a desk refused the lock always finds the holder's note. A desk
 * that is refused rolls its own note back.
 */
export async function takeClose(conn: Q, runId: string, note: EodProgressNote): Promise<{ taken: true } | { taken: false; holder: EodProgressNote | undefined }> {
  const row = { id: 1, run_id: runId, who: note.who, started_at: note.startedAt, done: note.done, total: note.total, label: note.label, heartbeat: note.heartbeat };
  try {
    await conn.transaction().execute(async (tx) => {
      await tx
        .insertInto('eod_progress')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet({ run_id: row.run_id, who: row.who, started_at: row.started_at, done: row.done, total: row.total, label: row.label, heartbeat: row.heartbeat }))
        .execute();
      const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_lock(${sql.raw(CLOSE_LOCK)}) AS locked`.execute(tx);
      if (rows[0]?.locked !== true) throw new Held();
    });
    return { taken: true };
  } catch (e) {
    if (!(e instanceof Held)) throw e;
  }
  const holder = await conn.selectFrom('eod_progress').selectAll().where('id', '=', 1).executeTakeFirst();
  return { taken: false, holder: holder && progressNote(holder) };
}

/**
 * Lets the office's close go at the end of run `runId`: its note is deleted and the lock released
 * in one transaction, so a desk asking at that moment waits for both and then takes the close.
 */
export async function releaseClose(conn: Q, runId: string): Promise<void> {
  await conn.transaction().execute(async (tx) => {
    await tx.deleteFrom('eod_progress').where('id', '=', 1).where('run_id', '=', runId).execute();
    await sql`SELECT pg_advisory_unlock(${sql.raw(CLOSE_LOCK)})`.execute(tx);
  });
}

/**
 * The close in progress on the office book, if any: the note, while some desk's connection holds the
 * lock. A note left by a desk that went away mid-close (its lock went with its connection) is none.
 */
export async function closeInProgress(q: Q): Promise<EodProgressNote | undefined> {
  const row = await q
    .selectFrom('eod_progress')
    .selectAll()
    .where('id', '=', 1)
    .where(
      sql<boolean>`EXISTS (SELECT 1 FROM pg_locks k WHERE k.locktype = 'advisory' AND k.granted AND k.objsubid = 1
        AND k.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND k.classid::bigint * 4294967296 + k.objid::bigint = ${sql.raw(CLOSE_LOCK)})`,
    )
    .executeTakeFirst();
  return row && progressNote(row);
}
