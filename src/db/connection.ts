/**
 * @dialect sqlite
 * The loan book: one SQLite file. This is the only place that opens it.
 *
 * SQLite dialect (kept here, away from the portable SQL in repositories): WAL so readers never block
 * the writer, synchronous=FULL so that a committed repayment survives a power cut, foreign keys on,
 * a busy timeout for the worker threads, and PRAGMA quick_check so a damaged file is caught before
 * anything is written to it (see health.ts for large books).
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { checkInBackground } from './health';
import { SuanpanError } from '../errors';
import { migrate } from './migrate';

export type Db = Database.Database;

export interface OpenOptions {
  /** Path of a better-sqlite3 native module built for another runtime (Electron's ABI). */
  nativeBinding?: string | undefined;
  /** Create the file when it does not exist (default true). */
  create?: boolean;
  readonly?: boolean;
  /** Skip migrations (for inspecting a backup read-only). */
  migrate?: boolean;
  /** Books larger than this many bytes are checked in a worker after opening (default 512 MiB). */
  backgroundCheckAbove?: number;
  /**
   * Run the integrity check on opening (default true). A worker's second, read-only connection to a
   * book the desk has already opened and checked skips it: on a large book it reads every page.
   */
  check?: boolean;
}

const BACKGROUND_CHECK_ABOVE = 512 * 1024 * 1024;

const HEADER = 'SQLite format 3\u0000';

function looksLikeSqlite(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    const read = readSync(fd, buf, 0, 16, 0);
    return read === 0 || buf.toString('latin1') === HEADER;
  } finally {
    closeSync(fd);
  }
}

/**
 * Page cache per connection, in KiB as SQLite takes a negative cache_size: 128 MiB, filled only as
 * pages are read. SQLite's default (2 MiB, 125 of our 16 KiB pages) sends every step of the close
 * on a big book back to the file; the cache holds the index pages a day's writes walk.
 */
export const CACHE_SIZE = -131_072;

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const exists = file !== ':memory:' && existsSync(file);
  if (!exists && options.create === false) throw new SuanpanError('NOT_FOUND', 'db.missing', { file });
  if (exists && !looksLikeSqlite(file)) throw new SuanpanError('VALIDATION', 'db.notADatabase', { file });
  let db: Db;
  try {
    db = new Database(file, {
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      ...(options.readonly ? { readonly: true, fileMustExist: true } : {}),
    });
  } catch (e) {
    throw new SuanpanError('CONFLICT', 'db.damaged', { file, detail: (e as Error).message });
  }
  try {
    if (!options.readonly) {
      // 16 KiB pages suit the ledger's long runs of small rows (fewer splits, shallower trees);
      // only a new, empty file takes the setting.
      if (!exists) db.pragma('page_size = 16384');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma(`cache_size = ${CACHE_SIZE}`);
    const large = exists && statSync(file).size > (options.backgroundCheckAbove ?? BACKGROUND_CHECK_ABOVE);
    // A second connection to a book already opened and checked (a worker's) skips the check.
    const check = options.check !== false;
    if (check && large && !options.readonly) checkInBackground(db, file, options.nativeBinding);
    else if (check) {
      const result = db.pragma('quick_check', { simple: true }) as string;
      if (result !== 'ok') throw new SuanpanError('CONFLICT', 'db.damaged', { file, detail: String(result).slice(0, 200) });
    }
    if (options.migrate !== false && !options.readonly) migrate(db);
    return db;
  } catch (e) {
    db.close();
    if (e instanceof SuanpanError) throw e;
    throw new SuanpanError('CONFLICT', 'db.damaged', { file, detail: (e as Error).message });
  }
}

/** Online backup to `destination` while the book stays open (pages copied in steps). */
export async function backupDatabase(db: Db, destination: string): Promise<void> {
  await db.backup(destination);
}
