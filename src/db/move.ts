/**
 * Moving a whole book into an empty one: a desk's file into the office book, or the office book into
 * a new file on a desk. Engine-neutral: each end is a dialect's own (src/db/sqlite/move.ts,
 * src/db/postgres/move.ts), and this module only reads and writes rows through them.
 *
 * - Every table is copied, row for row, but the migrations table (the target's own migrations made
 *   it, and must show the same applied ids) and the customer search index, which each engine keeps
 *   in its own shape and which is rebuilt on the target from the customers as they are copied.
 *   Customers keep their order of entry (SQLite's row number, PostgreSQL's `entry`), which the
 *   search and the customer list page down.
 * - The target is written in one transaction, with its foreign-key checks and triggers off for the
 *   copy: the rows are the source's as they stand, including what the triggers keep (the queue's
 *   copied figures, the close's note of touched loans), so nothing may fire and change them. Tables
 *   still go parents first. A move that fails leaves the target as it was: empty.
 * - Rows are streamed from one consistent snapshot of the source and written in batches, so memory
 *   stays flat whatever the size of the book.
 * - Before committing, each table is checked on both ends: its row count, the sum of every money
 *   column, and the spread of its keys (least, greatest, and a sum over them). Any difference
 *   refuses the move.
 */
import { SuanpanError } from '../errors';
import type { Book } from './book';
import { MONEY_COLUMNS } from './money';
import { isOfficeUrl, officeWhere } from './postgres/book';
import { openOfficeSource, openOfficeTarget } from './postgres/move';
import { openDeskSource, openDeskTarget } from './sqlite/move';

/** A row as read from a source: column name to value (integers as bigint or number, text as string). */
export type MoveRow = Record<string, unknown>;

/** One table as an end of a move sees it. */
export interface MoveTable {
  name: string;
  /** The columns both engines keep (not a dialect's own, such as PostgreSQL's customers.entry). */
  columns: string[];
  /** Those of them that hold text (the rest hold integers). */
  text: string[];
  /** The primary key's columns, in order. */
  key: string[];
  /** The tables its foreign keys reference. */
  parents: string[];
}

/**
 * The table whose rows carry their order of entry, and the search index over it: each engine keeps
 * both its own way (DIALECT_ONLY in src/db/postgres/migrations/index.ts).
 */
export const ENTRY_TABLE = 'customers';
export const SEARCH_INDEX = 'customer_search';
/** The name a customer's order of entry travels under between the two ends. */
export const ENTRY = 'entry';

/** What both ends of a move can do. */
export interface MoveEnd {
  readonly engine: 'sqlite' | 'postgres';
  /** Where the book is, as its user names it (never with a password). */
  readonly where: string;
  /** The book's tables (without the migrations table and the search index). */
  tables(): Promise<MoveTable[]>;
  /** The ids of the migrations applied to the book. */
  migrations(): Promise<number[]>;
  /** The expression that reads a customer's order of entry in this engine's SQL. */
  readonly entryExpression: string;
  /** Runs one aggregate query and returns its only row. */
  aggregate(sql: string): Promise<MoveRow>;
}

export interface MoveSource extends MoveEnd {
  /** Starts the snapshot every later read sees. */
  begin(): Promise<void>;
  /** The rows of `table`, in key order, `batch` at a time; customers with their ENTRY. */
  rows(table: MoveTable, batch: number): AsyncIterable<MoveRow[]>;
  /** Ends the snapshot and lets go of the book (closing it when the move opened it). */
  close(): Promise<void>;
}

export interface MoveTarget extends MoveEnd {
  /** Opens the move's one transaction, with foreign-key checks and triggers off. */
  begin(tables: readonly MoveTable[]): Promise<void>;
  /** The rows a migration or a desk's opening put in a book nobody has used: cleared before the copy. */
  clear(tables: readonly MoveTable[]): Promise<void>;
  /** Writes rows of `table` (customers with their ENTRY); `columns` may be fewer than the table's. */
  insert(table: MoveTable, columns: readonly string[], rows: readonly MoveRow[]): Promise<void>;
  /** Adds customers' search tokens to the index, under each customer's order of entry. */
  index(entries: readonly { entry: unknown; tokens: readonly string[] }[]): Promise<void>;
  /** After the copy: counters the engine keeps for its generated keys moved past the copied ones, triggers back. */
  finish(tables: readonly MoveTable[]): Promise<void>;
  commit(): Promise<void>;
  /** Rolls the transaction back and lets go of the book; a file the move created is removed. */
  abandon(): Promise<void>;
}

export interface MoveProgress {
  table: string;
  /** Rows copied so far, of every table. */
  done: number;
  total: number;
}

/** One check of one table, as both ends answered it (figures as text: they may pass 2^53). */
export interface MoveCheck {
  check: string;
  source: string | null;
  target: string | null;
}

export interface MovedTable {
  table: string;
  rows: number;
  checks: MoveCheck[];
}

export interface MoveResult {
  from: string;
  to: string;
  fromEngine: 'sqlite' | 'postgres';
  toEngine: 'sqlite' | 'postgres';
  /** The migrations both books record as applied. */
  migrations: number[];
  rows: number;
  tables: MovedTable[];
  /** Customers whose search tokens were written on the target. */
  searchIndexed: number;
  seconds: number;
}

/** The customer fields a search token is made from. */
export interface SearchFields {
  name: string;
  phone: string | null;
  idNumber: string | null;
  creditCode: string | null;
}

/** An audit row the move writes in the target's transaction, so the book and its record commit together. */
export interface MoveNote {
  at: string;
  method: string;
  principal: string;
  userId: string | null;
  entityType: string;
  summary: string;
}

export interface MoveOptions {
  /** The search tokens of a customer (src/customers/search.ts): the index is rebuilt from them. */
  tokens: (customer: SearchFields) => readonly string[];
  /** Called after each batch, and awaited: a caller may pause the move there. */
  onProgress?: ((progress: MoveProgress) => void | Promise<void>) | undefined;
  /** The audit row to add once the copy has passed its checks, given what was moved. */
  note?: ((moved: { from: string; rows: number; tables: number }) => MoveNote) | undefined;
}

/** The tables that say a book is in use: a target holding any of their rows is refused. */
const IN_USE = ['users', 'loans', 'customers', 'applications'];

/** Rows per batch: bounded, and fewer for wide tables (PostgreSQL takes at most 65,535 parameters a statement). */
const batchOf = (table: MoveTable): number => Math.max(50, Math.min(1000, Math.floor(20_000 / (table.columns.length + 1))));

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Where a book is, as a message names it. */
const whereOf = (at: string | Book): string => (typeof at !== 'string' ? at.where : isOfficeUrl(at) ? officeWhere(at) : at);

async function openSource(at: string | Book): Promise<MoveSource> {
  if (typeof at !== 'string') return at.sqlite ? openDeskSource(at.sqlite, false) : openOfficeSource(at);
  return isOfficeUrl(at) ? openOfficeSource(at) : openDeskSource(at, true);
}

async function openTarget(at: string | Book): Promise<MoveTarget> {
  if (typeof at !== 'string') {
    // A desk's book is only ever moved into a new file, which the move makes itself.
    if (at.sqlite) throw new SuanpanError('CONFLICT', 'db.moveTargetExists', { file: at.where });
    return openOfficeTarget(at);
  }
  return isOfficeUrl(at) ? openOfficeTarget(at) : openDeskTarget(at);
}

/** Parents before children, then by name; a cycle (two tables referencing each other) is broken by name. */
export function copyOrder(tables: readonly MoveTable[]): MoveTable[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const placed = new Set<string>();
  const order: MoveTable[] = [];
  const visiting = new Set<string>();
  const visit = (t: MoveTable): void => {
    if (placed.has(t.name) || visiting.has(t.name)) return;
    visiting.add(t.name);
    for (const p of [...t.parents].sort()) {
      const parent = byName.get(p);
      if (parent && p !== t.name) visit(parent);
    }
    visiting.delete(t.name);
    placed.add(t.name);
    order.push(t);
  };
  for (const t of [...tables].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) visit(t);
  return order;
}

interface CheckPlan {
  names: string[];
  sql: string;
}

/**
 * The checks of one table as one query that both engines read alike: the count, each money column's
 * sum, and for each key column its least and greatest value and a sum (of the values when they are
 * numbers, of their lengths when they are text), so a lost, doubled or altered key shows.
 */
function checkPlan(table: MoveTable, end: MoveEnd): CheckPlan {
  const parts: [string, string][] = [['count', 'count(*)']];
  // An amount's name on a column of text is something else (audit_log.principal names who acted).
  for (const c of table.columns) if (MONEY_COLUMNS.has(c) && !table.text.includes(c)) parts.push([`sum(${c})`, `sum(${quote(c)})`]);
  const keys = table.key.map((k) => [k, quote(k)] as const);
  if (table.name === ENTRY_TABLE) keys.push([ENTRY, end.entryExpression]);
  for (const [k, expr] of keys) {
    parts.push([`min(${k})`, `min(${expr})`], [`max(${k})`, `max(${expr})`]);
    parts.push(table.text.includes(k) ? [`sum(length(${k}))`, `sum(length(${expr}))`] : [`sum(${k})`, `sum(${expr})`]);
  }
  return { names: parts.map(([n]) => n), sql: `SELECT ${parts.map(([, e], i) => `${e} AS c${i}`).join(', ')} FROM ${quote(table.name)}` };
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

async function runChecks(end: MoveEnd, table: MoveTable, plan: CheckPlan): Promise<(string | null)[]> {
  const row = await end.aggregate(plan.sql);
  return plan.names.map((_, i) => text(row[`c${i}`]));
}

/** Refuses two books whose tables or columns differ (a program older than one of them, say). */
function sameShape(source: readonly MoveTable[], target: readonly MoveTable[], where: { from: string; to: string }): void {
  const theirs = new Map(target.map((t) => [t.name, t]));
  for (const t of source) {
    const other = theirs.get(t.name);
    // The same columns, each holding the same kind of value.
    const missing = other ? t.columns.find((c) => !other.columns.includes(c) || t.text.includes(c) !== other.text.includes(c)) : undefined;
    if (!other || missing) throw new SuanpanError('CONFLICT', 'db.moveSchema', { ...where, table: missing ? `${t.name}.${missing}` : t.name });
  }
  const mine = new Set(source.map((t) => t.name));
  for (const t of target) {
    if (!mine.has(t.name)) throw new SuanpanError('CONFLICT', 'db.moveSchema', { ...where, table: t.name });
    const extra = t.columns.find((c) => !source.find((s) => s.name === t.name)?.columns.includes(c));
    if (extra) throw new SuanpanError('CONFLICT', 'db.moveSchema', { ...where, table: `${t.name}.${extra}` });
  }
}

/** A driver's or server's failure during the move, as the desk says it. */
function moveFailure(e: unknown, where: { from: string; to: string }, table: string | undefined): SuanpanError {
  if (e instanceof SuanpanError) return e;
  const err = e as { message?: string };
  return new SuanpanError('CONFLICT', 'db.moveFailed', { ...where, table: table ?? '-', detail: (err.message ?? String(e)).slice(0, 200) });
}

/**
 * Copies the whole book at `from` into the empty book at `to`: a file or a postgres:// URL each,
 * or a book already open. Returns what was copied and checked; throws a SuanpanError, leaving the
 * target empty, when the source is not a book, the target is not empty, or anything fails.
 */
export async function moveBook(from: string | Book, to: string | Book, options: MoveOptions): Promise<MoveResult> {
  const started = performance.now();
  const where = { from: whereOf(from), to: whereOf(to) };
  if (where.from === where.to) throw new SuanpanError('VALIDATION', 'db.moveSame', { where: where.from });
  const source = await openSource(from);
  let target: MoveTarget | undefined;
  let current: string | undefined;
  try {
    target = await openTarget(to);
    const [sourceTables, targetTables] = [await source.tables(), await target.tables()];
    sameShape(sourceTables, targetTables, where);
    const [sourceMigrations, targetMigrations] = [await source.migrations(), await target.migrations()];
    if (sourceMigrations.join() !== targetMigrations.join()) {
      throw new SuanpanError('CONFLICT', 'db.moveHistory', { ...where, source: sourceMigrations.join(', '), target: targetMigrations.join(', ') });
    }
    const tables = copyOrder(targetTables);
    const byName = new Map(sourceTables.map((t) => [t.name, t]));

    await source.begin();
    const plans = new Map(tables.map((t) => [t.name, { source: checkPlan(t, source), target: checkPlan(t, target as MoveEnd) }]));
    const before = new Map<string, (string | null)[]>();
    for (const t of tables) before.set(t.name, await runChecks(source, t, plans.get(t.name)!.source));
    const total = tables.reduce((n, t) => n + Number(before.get(t.name)?.[0] ?? 0), 0);
    const businessDate = text((await source.aggregate('SELECT max(business_date) AS c0 FROM business_day')).c0);

    await target.begin(tables);
    for (const name of IN_USE) {
      if (!byName.has(name)) continue;
      const found = await target.aggregate(`SELECT count(*) AS c0 FROM (SELECT 1 FROM ${quote(name)} LIMIT 1) AS t`);
      if (Number(found.c0) > 0) throw new SuanpanError('CONFLICT', 'db.moveTargetNotEmpty', { where: where.to, table: name });
    }
    await target.clear(tables);

    let done = 0;
    let indexed = 0;
    const moved: MovedTable[] = [];
    for (const t of tables) {
      current = t.name;
      // Read with the source's own description of the table: the same columns, checked above.
      const readAs = byName.get(t.name) as MoveTable;
      let rows = 0;
      for await (const batch of source.rows(readAs, batchOf(t))) {
        await target.insert(t, t.columns, batch);
        if (t.name === ENTRY_TABLE) {
          await target.index(
            batch.map((r) => ({
              entry: r[ENTRY],
              tokens: options.tokens({ name: String(r.name), phone: (r.phone as string | null) ?? null, idNumber: (r.id_number as string | null) ?? null, creditCode: (r.credit_code as string | null) ?? null }),
            })),
          );
          indexed += batch.length;
        }
        rows += batch.length;
        done += batch.length;
        await options.onProgress?.({ table: t.name, done, total });
      }
      moved.push({ table: t.name, rows, checks: [] });
    }
    current = undefined;
    await target.finish(tables);

    for (const m of moved) {
      const t = tables.find((x) => x.name === m.table) as MoveTable;
      const plan = plans.get(t.name)!;
      const after = await runChecks(target, t, plan.target);
      const mine = before.get(t.name) as (string | null)[];
      m.checks = plan.source.names.map((check, i) => ({ check, source: mine[i] ?? null, target: after[i] ?? null }));
      const differs = m.checks.find((c) => c.source !== c.target);
      if (differs) throw new SuanpanError('CONFLICT', 'db.moveMismatch', { ...where, table: t.name, check: differs.check, source: differs.source ?? 'null', target: differs.target ?? 'null' });
      if (String(m.rows) !== mine[0]) throw new SuanpanError('CONFLICT', 'db.moveMismatch', { ...where, table: t.name, check: 'rows read', source: mine[0] ?? 'null', target: String(m.rows) });
    }

    const note = options.note?.({ from: where.from, rows: done, tables: moved.length });
    if (note) {
      const audit = tables.find((t) => t.name === 'audit_log');
      if (!audit) throw new SuanpanError('CONFLICT', 'db.moveSchema', { ...where, table: 'audit_log' });
      const row = { at: note.at, business_date: businessDate, user_id: note.userId, principal: note.principal, method: note.method, entity_type: note.entityType, entity_id: null, summary: note.summary };
      await target.insert(audit, Object.keys(row), [row]);
    }
    await target.commit();
    return {
      ...where,
      fromEngine: source.engine,
      toEngine: target.engine,
      migrations: targetMigrations,
      rows: done,
      tables: moved,
      searchIndexed: indexed,
      seconds: Math.round(performance.now() - started) / 1000,
    };
  } catch (e) {
    await target?.abandon().catch(() => undefined);
    throw moveFailure(e, where, current);
  } finally {
    await source.close().catch(() => undefined);
  }
}
