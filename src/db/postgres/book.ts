/**
 * @dialect postgres
 * The office book: one PostgreSQL database that every desk of an office opens, through a pool of
 * connections in each desk's main process. This is the only place that connects to it.
 *
 * PostgreSQL dialect: 64-bit integers and integral numerics (what `sum` of a BIGINT column returns)
 * are read as bigint, never as a float or a string, and a row's non-money integers become numbers,
 * as on SQLite (src/db/money.ts); the book is migrated on opening (src/db/postgres/migrate.ts) and
 * its role matrix and first business date set under an advisory lock, so desks opening a new book
 * at once do it once. A server that cannot be reached is reported by host and cause, never as a
 * driver's stack trace.
 */
import pg from 'pg';
import { PostgresDialect, sql, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import { SuanpanError } from '../../errors';
import type { Book } from '../book';
import { bookKysely, unitOfWork, type Q } from '../kysely';
import { plainIntegers } from '../money';
import { migratePostgres } from './migrate';

const INT8 = 20;
const NUMERIC = 1700;
const WHOLE = /^-?\d+$/;

/** The driver's readers: integers exactly, whatever their size. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8) return (v: string) => BigInt(v);
    if (oid === NUMERIC) return (v: string) => (WHOLE.test(v) ? BigInt(v) : v);
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

/** Non-money integers as numbers, as the SQLite book reads them. */
class PlainIntegers implements KyselyPlugin {
  transformQuery = (args: PluginTransformQueryArgs): RootOperationNode => args.node;
  transformResult = async (args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => {
    for (const row of args.result.rows) plainIntegers(row);
    return args.result;
  };
}

/** Where an office book is, as its user would name it (never with its password). */
export function officeWhere(url: string): string {
  // Not WHATWG URL: a server on a Unix socket leaves the host empty and names its folder in ?host=.
  const m = /^postgres(?:ql)?:\/\/(?:[^@/]*@)?(\[[^\]]*\]|[^/:?]*)(?::(\d+))?(\/[^?]*)?(?:\?(.*))?$/i.exec(url);
  if (!m) throw new SuanpanError('VALIDATION', 'db.officeUrl', { field: 'db' });
  const params = new URLSearchParams(m[4] ?? '');
  const host = decodeURIComponent(m[1] || '') || params.get('host') || 'localhost';
  return `${host}:${m[2] || params.get('port') || '5432'}${decodeURIComponent(m[3] || '/')}`;
}

/** Whether `text` names an office book rather than a file. */
export const isOfficeUrl = (text: string): boolean => /^postgres(ql)?:\/\//i.test(text);

/** The driver's failure as the desk says it: which server, and what went wrong, in plain words. */
export function unreachable(where: string, e: unknown): SuanpanError {
  const err = e as { code?: string; message?: string };
  const key =
    err.code === 'ECONNREFUSED' || err.code === 'ENOENT' ? 'db.officeRefused' :
    err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN' ? 'db.officeUnknownHost' :
    err.code === 'ETIMEDOUT' || /timeout/i.test(err.message ?? '') ? 'db.officeTimeout' :
    err.code === '28P01' || err.code === '28000' ? 'db.officeLogin' :
    err.code === '3D000' ? 'db.officeNoDatabase' :
    'db.officeUnreachable';
  return new SuanpanError('CONFLICT', key, { where, detail: (err.message ?? String(e)).slice(0, 200) });
}

export interface OfficeOptions {
  now?: () => Date;
  /** Connections this desk keeps to the server (default 10). */
  poolSize?: number;
  /** How long to wait for the server before saying it cannot be reached (default 10 s). */
  connectTimeoutMs?: number;
  /** Sets up a new book (roles, first business date) after migrating; default true. */
  setUp?: (q: Q) => Promise<void>;
}

/** Each open office book's pool, for work that needs one connection of its own (a book's move). */
const pools = new WeakMap<Book, pg.Pool>();

/** One connection to an office book, held by its user until `done`. */
export interface OfficeConnection {
  client: pg.ClientBase;
  where: string;
  /** Gives the connection back (to its book's pool) or closes it; `broken` discards it. */
  done: (broken?: boolean) => Promise<void>;
}

/**
 * A connection of its own to the office book at `url`, or from the pool of the open office book
 * `book`, reading integers as the book does. Errors the server sends while it is held (it dropped
 * the connection, say) reach the query that was running, not the process.
 */
export async function officeConnection(at: string | Book, options: { applicationName?: string; connectTimeoutMs?: number } = {}): Promise<OfficeConnection> {
  const ignore = (): void => undefined;
  if (typeof at !== 'string') {
    const pool = pools.get(at);
    if (!pool) throw new SuanpanError('INTERNAL', 'internal', { reason: 'not an open office book' });
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (e) {
      throw unreachable(at.where, e);
    }
    client.on('error', ignore);
    return {
      client,
      where: at.where,
      done: async (broken) => {
        client.off('error', ignore);
        client.release(broken === true);
      },
    };
  }
  const where = officeWhere(at);
  const client = new pg.Client({
    connectionString: at,
    types,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    application_name: options.applicationName ?? 'suanpan',
  });
  client.on('error', ignore);
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(ignore);
    throw unreachable(where, e);
  }
  return { client, where, done: () => client.end().catch(ignore) };
}

/** The advisory lock desks take to set up a new book: held for one transaction. */
const SETUP_LOCK = '23491484392120687';

/**
 * Opens the office book at `url` (postgres://user:password@host:port/database?sslmode=…), migrating
 * it first. Throws db.officeUnreachable when the server cannot be reached or refuses the login.
 */
export async function openOfficeBook(url: string, options: OfficeOptions = {}): Promise<Book> {
  const where = officeWhere(url);
  const pool = new pg.Pool({
    connectionString: url,
    types,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    application_name: 'suanpan',
  });
  // A connection the server drops while idle in the pool is discarded; the next query opens another.
  pool.on('error', () => undefined);
  // One it drops while a call holds it fails the query that was running, which says so; the error
  // the connection raises besides must not end the desk's process.
  pool.on('connect', (client) => client.on('error', () => undefined));
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw unreachable(where, e);
  }
  try {
    await migratePostgres(client);
  } catch (e) {
    client.release(true);
    await pool.end().catch(() => undefined);
    if (e instanceof SuanpanError) throw e;
    throw unreachable(where, e);
  }
  client.release();
  const q = bookKysely(new PostgresDialect({ pool }), pool, [new PlainIntegers()]);
  const book: Book = {
    engine: 'postgres',
    where,
    q,
    sqlite: undefined,
    // The server keeps its own pages sound: there is no file check to wait for.
    health: () => ({ state: 'ok' }),
    checked: async () => ({ state: 'ok' }),
    close: () => q.destroy(),
  };
  pools.set(book, pool);
  if (options.setUp) {
    try {
      await unitOfWork(q, async (tx) => {
        await officeLock(tx, SETUP_LOCK);
        await options.setUp?.(tx);
      });
    } catch (e) {
      await q.destroy().catch(() => undefined);
      if (e instanceof SuanpanError) throw e;
      throw unreachable(where, e);
    }
  }
  return book;
}

/** Waits for the office-wide lock `key` for the rest of the unit of work `tx`. */
export async function officeLock(tx: Q, key: string): Promise<void> {
  if (!/^\d+$/.test(key)) throw new Error(`not a lock key: ${key}`);
  await sql`SELECT pg_advisory_xact_lock(${sql.raw(key)})`.execute(tx);
}

/**
 * Asks the office book's server for one round trip: resolves when it answers, and otherwise throws
 * what failed in the desk's words (unreachable). Used to tell a call that failed because the
 * network or the server went away from one that failed for a reason of its own.
 */
export async function probeOfficeBook(book: Book, timeoutMs = 5_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('timeout probing the server'), { code: 'ETIMEDOUT' })), timeoutMs);
  });
  try {
    await Promise.race([sql`SELECT 1`.execute(book.q), late]);
  } catch (e) {
    if (e instanceof SuanpanError) throw e;
    throw unreachable(book.where, e);
  } finally {
    clearTimeout(timer);
  }
}
