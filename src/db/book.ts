/**
 * An open loan book, whatever its engine: a file on this desk (SQLite) or the office book on a
 * PostgreSQL server. The api and the domain see only this: the builder every store takes, where the
 * book is (for messages), whether it may be written yet, and how to close it. Code that only one
 * engine can run (the SQLite close in its worker, the online file backup) asks for `sqlite` and
 * says so when it is absent.
 */
import type { Db } from './connection';
import { bookHealth, whenChecked, type Health } from './health';
import { kyselyOf, type Q } from './kysely';

export type Engine = 'sqlite' | 'postgres';

export interface Book {
  readonly engine: Engine;
  /** Where the book is, as its user would name it: the file, or host:port/database. */
  readonly where: string;
  /** The builder on the book: each query outside a unit of work stands on its own. */
  readonly q: Q;
  /** The SQLite connection, on a desk's book only. */
  readonly sqlite: Db | undefined;
  /** Whether the book may be written now (its integrity check has passed). */
  health(): Health;
  /** Resolves once the book's integrity check is done. */
  checked(): Promise<Health>;
  close(): Promise<void>;
}

const sqliteBooks = new WeakMap<Db, Book>();

/** The book on an open SQLite connection (one per connection). */
export function sqliteBook(db: Db): Book {
  let book = sqliteBooks.get(db);
  if (!book) {
    book = {
      engine: 'sqlite',
      where: db.name,
      q: kyselyOf(db),
      sqlite: db,
      health: () => bookHealth(db),
      checked: () => whenChecked(db),
      close: async () => {
        db.close();
      },
    };
    sqliteBooks.set(db, book);
  }
  return book;
}

/** A book, from either a Book or a bare SQLite connection. */
export const asBook = (book: Book | Db): Book => ('engine' in book && 'q' in book ? book : sqliteBook(book as Db));
