/**
 * Opening a loan book for use: the file (checked and migrated), the role matrix synced into it, and
 * a business date on a new book.
 */
import { isoDay } from './calendar/date';
import { openDatabase, type Db, type OpenOptions } from './db/connection';
import { identityRepo, identityStore } from './db/repos/identity';
import { syncRoles, syncRolesIn } from './identity/service';
import { sqliteBook, type Book } from './db/book';
import { isOfficeUrl, openOfficeBook, type OfficeOptions } from './db/postgres/book';

export function openBook(file: string, options: OpenOptions & { now?: () => Date } = {}): Db {
  const db = openDatabase(file, options);
  if (options.readonly) return db;
  syncRoles(db);
  const repo = identityRepo(db);
  if (!repo.businessDate()) repo.setBusinessDate(isoDay((options.now ?? (() => new Date()))()));
  return db;
}

/**
 * Opens the book `where` names: a file on this desk, or the office book at a postgres:// URL
 * (migrated, its roles synced and a first business date set, by whichever desk comes first).
 */
export async function openAnyBook(where: string, options: OpenOptions & Omit<OfficeOptions, 'setUp'> & { now?: () => Date } = {}): Promise<Book> {
  if (!isOfficeUrl(where)) return sqliteBook(openBook(where, options));
  const today = isoDay((options.now ?? (() => new Date()))());
  return openOfficeBook(where, {
    ...options,
    setUp: async (tx) => {
      const store = identityStore(tx);
      await syncRolesIn(store);
      await store.startBusinessDate(today);
    },
  });
}
