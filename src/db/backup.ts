/**
 * Backup and restore of the loan book. A backup is taken online (the book stays open); a restore
 * checks the backup first (an SQLite file, undamaged, written by migrations this program knows) and
 * then replaces the book in one rename, so a failed restore leaves the book as it was.
 */
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { SuanpanError } from '../errors';
import { openDatabase, type Db } from './connection';
import { checksum } from './migrate';
import { MIGRATIONS } from './sqlite/migrations';

export async function backupBook(db: Db, destination: string): Promise<void> {
  const temp = `${destination}.partial`;
  rmSync(temp, { force: true });
  await db.backup(temp);
  renameSync(temp, destination);
}

/** Opens a backup read-only and checks it can stand in for the book. */
export function verifyBackup(file: string): void {
  const db = openDatabase(file, { readonly: true, create: false, migrate: false });
  try {
    const applied = db.prepare('SELECT id, name, checksum FROM schema_migrations ORDER BY id').all() as { id: number; name: string; checksum: string }[];
    for (const row of applied) {
      const mine = MIGRATIONS.find((m) => m.id === row.id);
      if (!mine) throw new SuanpanError('CONFLICT', 'db.tooNew', { id: row.id });
      if (checksum(mine.sql) !== row.checksum) throw new SuanpanError('CONFLICT', 'db.migrationEdited', { id: row.id, name: row.name });
    }
  } finally {
    db.close();
  }
}

/** Replaces the (closed) book at `target` with the backup `from`. */
export function restoreBook(target: string, from: string): void {
  if (!existsSync(from)) throw new SuanpanError('NOT_FOUND', 'db.missing', { file: from });
  if (resolve(target) === resolve(from)) throw new SuanpanError('VALIDATION', 'db.restoreSame');
  verifyBackup(from);
  const temp = `${target}.restoring`;
  copyFileSync(from, temp);
  const fd = openSync(temp, 'r+');
  fsyncSync(fd);
  closeSync(fd);
  // The old book's write-ahead log belongs to the old file: remove it with it.
  rmSync(`${target}-wal`, { force: true });
  rmSync(`${target}-shm`, { force: true });
  renameSync(temp, target);
}
