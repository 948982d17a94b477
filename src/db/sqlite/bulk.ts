/**
 * Bulk loading for demo books and imports: many rows per INSERT statement, and the secondary
 * indexes of the loaded tables dropped during the load and rebuilt after it (one sort instead of
 * millions of index updates). SQLite dialect where noted.
 */
import type Database from 'better-sqlite3';
import { CACHE_SIZE, type Db } from '../connection';

type Value = string | number | bigint | null;

export class BulkInsert {
  private readonly many: Database.Statement<unknown[]>;
  private readonly one: Database.Statement<unknown[]>;
  private readonly buffer: Value[] = [];
  private pending = 0;
  count = 0;

  constructor(
    db: Db,
    table: string,
    private readonly columns: readonly string[],
    private readonly rowsPerStatement = 200,
  ) {
    const row = `(${columns.map(() => '?').join(', ')})`;
    const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
    this.many = db.prepare(head + Array.from({ length: rowsPerStatement }, () => row).join(', '));
    this.one = db.prepare(head + row);
  }

  add(...values: Value[]): void {
    for (const v of values) this.buffer.push(v);
    this.count++;
    if (++this.pending === this.rowsPerStatement) {
      this.many.run(this.buffer);
      this.buffer.length = 0;
      this.pending = 0;
    }
  }

  flush(): void {
    const width = this.columns.length;
    for (let i = 0; i < this.pending; i++) this.one.run(this.buffer.slice(i * width, (i + 1) * width));
    this.buffer.length = 0;
    this.pending = 0;
  }
}

/** Drops the secondary indexes of `tables` (but those named in `keep`), returning the SQL that recreates them. */
export function dropIndexes(db: Db, tables: readonly string[], keep: readonly string[] = []): string[] {
  const rows = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => '?').join(', ')})`)
    .all(...tables) as { name: string; sql: string }[];
  const dropped = rows.filter((r) => !keep.includes(r.name));
  for (const r of dropped) db.exec(`DROP INDEX "${r.name}"`);
  return dropped.map((r) => r.sql);
}

export function recreateIndexes(db: Db, sqls: readonly string[]): void {
  for (const sql of sqls) db.exec(sql);
}

// ——— SQLite dialect: the connection's settings for a bulk load ————————————————————————————————

/** Memory-mapped reads while a big book is filled (16 GiB of address space, not memory). */
const BULK_MMAP = 2 ** 34;

/**
 * Before a bulk load: references are checked once at the end, not row by row. A big load into a new
 * file also skips the journal and the fsyncs (if it dies, the book is rebuilt), gives the page cache
 * room for the growing indexes, and reads the tables it expands back through a memory map.
 */
export function beginBulkLoad(db: Db, big: boolean): void {
  db.pragma('foreign_keys = OFF');
  if (!big) return;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  db.pragma(`mmap_size = ${BULK_MMAP}`);
  db.pragma('temp_store = MEMORY');
}

/** After it: the book's own settings back, and statistics from a sample of each index (a thousand rows). */
export function endBulkLoad(db: Db, big: boolean): void {
  if (big) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma(`cache_size = ${CACHE_SIZE}`);
    db.pragma('temp_store = DEFAULT');
    db.pragma('mmap_size = 0');
    db.pragma('analysis_limit = 1000');
    db.pragma('optimize');
    db.pragma('analysis_limit = 0');
  }
  db.pragma('foreign_keys = ON');
}
