import type Database from 'better-sqlite3';
import type { Db } from './connection';
import { safeReader } from './money';

type Statement = Database.Statement<unknown[]>;
const cache = new WeakMap<Db, Map<string, Statement>>();

/** Prepares a repository's named statements once per connection; readers read integers safely (money.ts). */
export function prepared<K extends string>(db: Db, sql: Record<K, string>): Record<K, Statement> {
  let byText = cache.get(db);
  if (!byText) {
    byText = new Map();
    cache.set(db, byText);
  }
  const out = {} as Record<K, Statement>;
  for (const [name, text] of Object.entries(sql) as [K, string][]) {
    let st = byText.get(text);
    if (!st) {
      st = db.prepare(text);
      if (st.reader) st = safeReader(st);
      byText.set(text, st);
    }
    out[name] = st;
  }
  return out;
}
