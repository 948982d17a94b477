/**
 * Opening a loan book for use: the file (checked and migrated), the role matrix synced into it, and
 * a business date on a new book.
 */
import { openDatabase, type Db, type OpenOptions } from './db/connection';
import { identityRepo } from './db/repos/identity';
import { syncRoles } from './identity/service';

const isoDay = (d: Date): string =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

export function openBook(file: string, options: OpenOptions & { now?: () => Date } = {}): Db {
  const db = openDatabase(file, options);
  if (options.readonly) return db;
  syncRoles(db);
  const repo = identityRepo(db);
  if (!repo.businessDate()) repo.setBusinessDate(isoDay((options.now ?? (() => new Date()))()));
  return db;
}
