/**
 * Bulk loading for demo books and imports: many rows per INSERT statement, and the secondary
 * indexes of the loaded tables dropped during the load and rebuilt after it (one sort instead of
 * millions of index updates). SQLite dialect where noted.
 */
import type Database from 'better-sqlite3';
import type { Db } from './connection';

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
