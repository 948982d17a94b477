/**
 * The query builder over the loan book (Kysely), and the unit of work every change runs in.
 *
 * Stores take a `Q` (the book, or the unit of work's transaction, which is the same type) and
 * await their queries, so the same store code can target another engine. On SQLite the builder
 * runs on the book's one better-sqlite3 connection: statements are prepared once per connection and
 * read integers safely (money.ts), and a unit of work holds the connection until it commits, so
 * another call's queries wait for it rather than reading what it has not committed.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Kysely, PostgresAdapter, SqliteDialect, type DatabaseConnection, type Dialect, type Driver, type KyselyPlugin, type TransactionSettings } from 'kysely';
import type Database from 'better-sqlite3';
import type { Db } from './connection';
import type { BookSchema } from './schema';
import { safeReader } from './money';
import { SuanpanError } from '../errors';

export type Q = Kysely<BookSchema>;

const books = new WeakMap<Db, Q>();

/**
 * Which book a builder belongs to: the book's own key object (its SQLite connection, or its
 * server's pool), so the unit of work and the guard below recognise the book whatever its engine.
 */
const keys = new WeakMap<Q, object>();

/** The unit of work a piece of code runs inside, if any, and the book it belongs to. */
const current = new AsyncLocalStorage<{ key: object; tx: Q; live: boolean }>();

/**
 * better-sqlite3 behind Kysely's SQLite dialect, with the book's statement cache and safe-integer
 * reads. Kysely prepares a statement for every query; the cache makes that a lookup.
 */
function sqliteDatabase(db: Db) {
  const statements = new Map<string, Database.Statement<unknown[]>>();
  return {
    close: () => undefined,
    prepare(sql: string) {
      let st = statements.get(sql);
      if (!st) {
        st = db.prepare(sql);
        if (st.reader) st = safeReader(st);
        statements.set(sql, st);
      }
      return st;
    },
  };
}

/**
 * Refuses a query made on the book itself while a unit of work holds its connection: on SQLite it
 * would wait for ever, and on a server it would run outside the call's transaction. Code inside a
 * unit of work uses the transaction it was given.
 */
class GuardedDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly key: object,
  ) {}
  init = (): Promise<void> => this.inner.init();
  acquireConnection(): Promise<DatabaseConnection> {
    const open = current.getStore();
    if (open?.live && open.key === this.key) throw new SuanpanError('INTERNAL', 'db.outsideUnitOfWork');
    return this.inner.acquireConnection();
  }
  beginTransaction = (c: DatabaseConnection, s: TransactionSettings): Promise<void> => this.inner.beginTransaction(c, s);
  commitTransaction = (c: DatabaseConnection): Promise<void> => this.inner.commitTransaction(c);
  rollbackTransaction = (c: DatabaseConnection): Promise<void> => this.inner.rollbackTransaction(c);
  releaseConnection = (c: DatabaseConnection): Promise<void> => this.inner.releaseConnection(c);
  destroy = (): Promise<void> => this.inner.destroy();
}

/** A dialect whose driver refuses queries made around an open unit of work on the same book. */
function guarded(dialect: Dialect, key: object): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new GuardedDriver(dialect.createDriver(), key),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}

/**
 * The query builder over a book on `dialect`, recognised by `key` (one builder per book). The
 * office book's PostgreSQL dialect builds its own this way (src/db/postgres).
 */
export function bookKysely(dialect: Dialect, key: object, plugins: KyselyPlugin[] = []): Q {
  const q = new Kysely<BookSchema>({ dialect: guarded(dialect, key), plugins });
  keys.set(q, key);
  return q;
}

/** The query builder over an open SQLite book (one per connection). */
export function kyselyOf(db: Db): Q {
  let q = books.get(db);
  if (!q) {
    q = bookKysely(new SqliteDialect({ database: sqliteDatabase(db) }), db);
    books.set(db, q);
  }
  return q;
}

/** The book a unit of work runs on: an SQLite connection, or the builder of any book. */
export type BookRef = Db | Q;

const rootOf = (book: BookRef): { q: Q; key: object } => {
  if (book instanceof Kysely) {
    const key = keys.get(book);
    if (!key) throw new SuanpanError('INTERNAL', 'internal', { reason: 'a unit of work needs the book’s own builder' });
    return { q: book, key };
  }
  const q = kyselyOf(book);
  return { q, key: book };
};

/**
 * Runs `fn` as one unit of work: everything it writes commits together, or nothing does. A unit of
 * work started inside another on the same book joins it. Only the api dispatcher starts one.
 */
export async function unitOfWork<T>(book: BookRef, fn: (tx: Q) => Promise<T> | T): Promise<T> {
  const { q, key } = rootOf(book);
  const open = current.getStore();
  if (open?.live && open.key === key) return fn(open.tx);
  return q
    .transaction()
    .execute((tx) => {
      const work = { key, tx, live: true };
      // Work the call leaves running after it returns is no longer inside it.
      return current.run(work, async () => {
        try {
          return await fn(tx);
        } finally {
          work.live = false;
        }
      });
    });
}

/** The unit of work open on this book, if the caller is inside one. */
export const openUnitOfWork = (book: BookRef): Q | undefined => {
  const open = current.getStore();
  return open?.live && open.key === rootOf(book).key ? open.tx : undefined;
};

/** The engine a builder (or a unit of work's transaction) runs on. */
export const engineOf = (q: Q): 'sqlite' | 'postgres' => (q.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite');
