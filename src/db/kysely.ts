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
import { Kysely, SqliteDialect, type DatabaseConnection, type Driver, type TransactionSettings } from 'kysely';
import type Database from 'better-sqlite3';
import type { Db } from './connection';
import type { BookSchema } from './schema';
import { safeReader } from './money';
import { SuanpanError } from '../errors';

export type Q = Kysely<BookSchema>;

const books = new WeakMap<Db, Q>();

/** The unit of work a piece of code runs inside, if any, and the book it belongs to. */
const current = new AsyncLocalStorage<{ db: Db; tx: Q; live: boolean }>();

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
    private readonly db: Db,
  ) {}
  init = (): Promise<void> => this.inner.init();
  acquireConnection(): Promise<DatabaseConnection> {
    const open = current.getStore();
    if (open?.live && open.db === this.db) throw new SuanpanError('INTERNAL', 'db.outsideUnitOfWork');
    return this.inner.acquireConnection();
  }
  beginTransaction = (c: DatabaseConnection, s: TransactionSettings): Promise<void> => this.inner.beginTransaction(c, s);
  commitTransaction = (c: DatabaseConnection): Promise<void> => this.inner.commitTransaction(c);
  rollbackTransaction = (c: DatabaseConnection): Promise<void> => this.inner.rollbackTransaction(c);
  releaseConnection = (c: DatabaseConnection): Promise<void> => this.inner.releaseConnection(c);
  destroy = (): Promise<void> => this.inner.destroy();
}

class BookDialect extends SqliteDialect {
  constructor(private readonly db: Db) {
    super({ database: sqliteDatabase(db) });
  }
  override createDriver(): Driver {
    return new GuardedDriver(super.createDriver(), this.db);
  }
}

/** The query builder over an open book (one per connection). */
export function kyselyOf(db: Db): Q {
  let q = books.get(db);
  if (!q) {
    q = new Kysely<BookSchema>({ dialect: new BookDialect(db) });
    books.set(db, q);
  }
  return q;
}

/**
 * Runs `fn` as one unit of work: everything it writes commits together, or nothing does. A unit of
 * work started inside another on the same book joins it. Only the api dispatcher starts one.
 */
export async function unitOfWork<T>(db: Db, fn: (tx: Q) => Promise<T> | T): Promise<T> {
  const open = current.getStore();
  if (open?.live && open.db === db) return fn(open.tx);
  return kyselyOf(db)
    .transaction()
    .execute((tx) => {
      const work = { db, tx, live: true };
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
export const openUnitOfWork = (db: Db): Q | undefined => {
  const open = current.getStore();
  return open?.live && open.db === db ? open.tx : undefined;
};
