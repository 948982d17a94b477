/**
 * @dialect sqlite
 * Forward-only numbered migrations. Each applied migration is recorded with a checksum of its SQL;
 * a book whose recorded checksum differs from the program's (an edited migration) or that has a
 * migration the program does not know (a newer program wrote it) is refused before anything changes.
 */
import { createHash } from 'node:crypto';
import { SuanpanError } from '../errors';
import type { Db } from './connection';
import { MIGRATIONS, type Migration } from './sqlite/migrations';

export const checksum = (sql: string): string => createHash('sha256').update(sql, 'utf8').digest('hex');

/** The table each engine records its applied migrations in (portable SQL). */
export const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  checksum TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

export interface AppliedMigration {
  id: number;
  name: string;
  checksum: string;
}

/**
 * Rewrites declared text in the schema, inside the caller's transaction, as SQLite documents for
 * changes that leave stored rows as they are: writable_schema on (better-sqlite3 allows it only in
 * its unsafe mode, for these statements alone), the edit, schema_version one up so every
 * connection reads the schema again, and a check that the edited schema still parses.
 */
function editSchemaText(db: Db, sql: string): void {
  const version = Number(db.pragma('schema_version', { simple: true }));
  db.unsafeMode(true);
  try {
    db.pragma('writable_schema = ON');
    db.exec(sql);
    db.pragma(`schema_version = ${version + 1}`);
    db.pragma('writable_schema = OFF');
  } finally {
    db.unsafeMode(false);
  }
  const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
  for (const t of tables) db.prepare(`SELECT * FROM "${t.replace(/"/g, '""')}" LIMIT 0`).all();
}

/**
 * Checks a book's recorded history against the program's migrations, on either engine: refuses a
 * migration the program does not know (a newer program wrote it) or one edited since it was applied.
 * Returns the ids already applied.
 */
export function checkHistory(applied: readonly AppliedMigration[], migrations: readonly Migration[]): Set<number> {
  const known = new Map(migrations.map((m) => [m.id, m]));
  for (const row of applied) {
    const mine = known.get(row.id);
    if (!mine) throw new SuanpanError('CONFLICT', 'db.tooNew', { id: row.id });
    if (checksum(mine.sql) !== row.checksum) throw new SuanpanError('CONFLICT', 'db.migrationEdited', { id: row.id, name: row.name });
  }
  return new Set(applied.map((r) => r.id));
}

export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS, now: () => Date = () => new Date()): number[] {
  db.exec(CREATE_TABLE);
  const done = checkHistory(db.prepare('SELECT id, name, checksum FROM schema_migrations ORDER BY id').all() as AppliedMigration[], migrations);
  const ran: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (id, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
    if (done.has(m.id)) continue;
    db.transaction(() => {
      if (m.kind === 'schema-text') editSchemaText(db, m.sql);
      else db.exec(m.sql);
      record.run(m.id, m.name, checksum(m.sql), now().toISOString());
    })();
    ran.push(m.id);
  }
  return ran;
}
