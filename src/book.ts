/**
 * Opening a loan book for use: the file (checked and migrated), the role matrix synced into it, and
 * a business date on a new book.
 */
import { isoDay } from './calendar/date';
import { openDatabase, type Db, type OpenOptions } from './db/connection';
import { identityRepo } from './db/repos/identity';
import { syncRoles } from './identity/service';


export function openBook(file: string, options: OpenOptions & { now?: () => Date } = {}): Db {
  const db = openDatabase(file, options);
  if (options.readonly) return db;
  syncRoles(db);
  const repo = identityRepo(db);
  if (!repo.businessDate()) repo.setBusinessDate(isoDay((options.now ?? (() => new Date()))()));
  return db;
}
