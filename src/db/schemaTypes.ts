/**
 * @dialect sqlite
 * Writes the book's table types for the query builder (src/db/schema.ts) from a migrated book, so
 * the types can never drift from the migrations: a unit test regenerates them and compares, and
 * `npm run db:types` rewrites the file after a new migration.
 *
 * SQLite dialect: reads the schema with PRAGMA table_list / table_info. Money columns (money.ts)
 * are bigint; every other INTEGER is a number; TEXT is a string. A column the database fills in (a
 * default, or an INTEGER PRIMARY KEY) is Generated, so an insert may leave it out.
 */
import type { Db } from './connection';
import { MONEY_COLUMNS } from './money';

interface ColumnInfo {
  name: string;
  type: string;
  notnull: number | bigint;
  dflt_value: string | null;
  pk: number | bigint;
}

const camel = (table: string): string =>
  table
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

function tsType(column: ColumnInfo): string {
  const declared = column.type.toUpperCase();
  if (declared.includes('INT')) return MONEY_COLUMNS.has(column.name) ? 'bigint' : 'number';
  if (declared.includes('TEXT') || declared === '') return 'string';
  throw new Error(`column ${column.name}: type ${column.type} has no TypeScript type here`);
}

export function schemaTypes(db: Db): string {
  const tables = (
    db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%'
      AND name NOT LIKE 'customer_search_%' ORDER BY name`).all() as { name: string }[]
  ).map((t) => t.name);
  const out: string[] = [
    '/**',
    ' * The book\'s tables as the query builder sees them. Written by `npm run db:types` from the',
    ' * migrations (src/db/schemaTypes.ts); a unit test fails when it is out of date. Do not edit.',
    ' */',
    "import type { Generated } from 'kysely';",
    '',
  ];
  for (const table of tables) {
    const columns = db.prepare(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid`).all(table) as ColumnInfo[];
    const pkCount = columns.filter((c) => Number(c.pk) > 0).length;
    out.push(`export interface ${camel(table)}Table {`);
    for (const c of columns) {
      let type = tsType(c);
      const rowidAlias = pkCount === 1 && Number(c.pk) === 1 && c.type.toUpperCase() === 'INTEGER';
      if (Number(c.notnull) === 0 && Number(c.pk) === 0) type = `${type} | null`;
      if (c.dflt_value !== null || rowidAlias) type = `Generated<${type}>`;
      out.push(`  ${c.name}: ${type};`);
    }
    out.push('}', '');
  }
  out.push('export interface BookSchema {');
  for (const table of tables) out.push(`  ${table}: ${camel(table)}Table;`);
  out.push('}', '');
  return out.join('\n');
}
