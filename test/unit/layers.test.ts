/**
 * The layers as the architecture section of the README states them, read off the source: SQL lives
 * in src/db; what only SQLite understands lives in modules that say so in their header
 * (`@dialect sqlite`) or sit in src/db/sqlite, and what only PostgreSQL understands in src/db/postgres
 * (`@dialect postgres`), all in src/db; no amount is formatted at a scale written into the code;
 * nothing runs TypeScript through tsx at run time. Each check names the file and line it trips on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sources(dir: string, ext = /\.(ts|tsx|mjs|cjs)$/): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(path, ext));
    else if (ext.test(entry.name)) out.push(path);
  }
  return out;
}

const text = (file: string): string => readFileSync(join(root, file), 'utf8');
/** The file's lines without `//` comment lines (words in comments may name what the code avoids). */
const codeLines = (file: string): { n: number; line: string }[] =>
  text(file)
    .split('\n')
    .map((line, i) => ({ n: i + 1, line }))
    .filter(({ line }) => !/^\s*(\/\/|\*|\/\*)/.test(line));

const hits = (files: readonly string[], pattern: RegExp): string[] =>
  files.flatMap((f) => codeLines(f).filter(({ line }) => pattern.test(line)).map(({ n, line }) => `${relative(root, join(root, f))}:${n}: ${line.trim().slice(0, 120)}`));

/** A dialect module: under src/db/sqlite, or elsewhere in src/db with `@dialect sqlite` in its header. */
const isDialectModule = (file: string): boolean => file.startsWith('src/db/sqlite/') || /^\s*\*\s*@dialect sqlite\b/m.test(text(file).slice(0, 600));

/** What only SQLite understands: its pragmas, full-text tables, rowids, planner hints, TEMP tables and date and text functions. */
const SQLITE_ONLY = /\bpragma\b|\bfts5\b|\bINDEXED BY\b|\browid\b|\bprintf\s*\(|\bjulianday\s*\(|\btemp\.|\bCREATE TEMP\b|\bjson_each\b|\bWITHOUT ROWID\b|\bsqlite_(master|schema)\b|\bunsafeMode\b/i;
/** FTS5's operator (upper case, as SQL is written here: the word "match" in code is something else). */
const FTS_MATCH = /\bMATCH\b/;
/** An SQL statement in a string. */
const SQL = /\b(SELECT\s+[\w*.,\s()]+\s+FROM\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|CREATE\s+(TABLE|INDEX|VIRTUAL)\s)|\.prepare\(/;

const src = sources('src');

describe('the layers', () => {
  it('SQL is written only in src/db', () => {
    expect(hits(src.filter((f) => !f.startsWith('src/db/')), SQL)).toEqual([]);
  });

  it('what only SQLite understands is only in modules marked @dialect sqlite, all in src/db', () => {
    const marked = src.filter(isDialectModule);
    expect(marked.filter((f) => !f.startsWith('src/db/'))).toEqual([]);
    const plain = src.filter((f) => !isDialectModule(f));
    expect([...hits(plain, SQLITE_ONLY), ...hits(plain, FTS_MATCH)]).toEqual([]);
    // The check can see what it looks for: the dialect modules do hold such constructs.
    expect(hits(marked, SQLITE_ONLY).length).toBeGreaterThan(10);
  });

  it('what only PostgreSQL understands is only in src/db/postgres, each module marked @dialect postgres', () => {
    const PG_ONLY = /\bpg_advisory\w*|\bpg_catalog\b|::(text|jsonb?|bigint|int\w*)\b|\bunnest\s*\(|\bstrpos\s*\(|\bILIKE\b|\bjsonb?_array_elements\b|\bGENERATED (ALWAYS|BY DEFAULT) AS IDENTITY\b|\bfrom 'pg'/;
    const office = src.filter((f) => f.startsWith('src/db/postgres/'));
    expect(hits(src.filter((f) => !f.startsWith('src/db/postgres/')), PG_ONLY)).toEqual([]);
    const unmarked = office.filter((f) => !f.includes('/migrations/') && !/^\s*\*\s*@dialect postgres\b/m.test(text(f).slice(0, 600)));
    expect(unmarked).toEqual([]);
    // The check can see what it looks for.
    expect(hits(office, PG_ONLY).length).toBeGreaterThan(3);
  });

  it('no amount is formatted or parsed at a scale written into the code', () => {
    const all = [...src, ...sources('renderer/src'), ...sources('electron')];
    expect(hits(all, /\b(formatMinor|parseMinor)\([^()]*(\([^()]*\))?[^()]*,\s*2\s*\)/)).toEqual([]);
  });

  it('nothing outside dev tooling runs TypeScript through tsx', () => {
    const shipped = [...src, ...sources('electron')];
    expect(hits(shipped, /['"]tsx(\/[\w/-]*)?['"]|--import[= ]tsx|tsx\/esm|tsx\/cjs/)).toEqual([]);
    const pkg = JSON.parse(text('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.dependencies.tsx).toBeUndefined();
  });
});
