/**
 * SQLite dialect of the end-of-day close (its statements are written once, in src/db/eod.ts). Each
 * statement is told the index it reads (INDEXED BY) and, where it joins, the order (CROSS JOIN):
 * the planner, without statistics for tables that are empty at every ANALYZE (the day's scratch
 * table, the loans touched since the last close), would otherwise walk every loan or every case.
 * The scratch table of non-performing borrowers is a TEMP table, which lives with the close's
 * connection; the engine-made ids are read from their JSON array with json_each. The close is the
 * book's only writer while it runs (it holds SQLite's write lock), so the business date needs no
 * holding of its own.
 */
import type { Db } from '../connection';
import { prepared } from '../statements';
import { closeStatements, eodStatements, type CloseDialect, type CloseExecutor, type CloseStatement, type Params } from '../eod';

export const SQLITE_CLOSE: CloseDialect = {
  indexed: (table, index) => `${table} INDEXED BY ${index}`,
  orderedJoin: 'CROSS JOIN',
  nplTable: 'temp.eod_npl',
  jsonRows: (param) => `json_each(@${param}) j`,
  holdDate: '',
};

export const EOD_SQL = eodStatements(SQLITE_CLOSE);
const CLOSE_SQL = closeStatements(SQLITE_CLOSE);

/** The close's statements on an SQLite connection (the close worker's own), answered at once. */
export function sqliteClose(db: Db): CloseExecutor {
  // A temporary table lives with the connection, so it exists before the statements that use it.
  db.exec('CREATE TEMP TABLE IF NOT EXISTS eod_npl (customer_id TEXT PRIMARY KEY)');
  const s = prepared(db, CLOSE_SQL);
  return {
    run: (name: CloseStatement, params: Params) => s[name].run(params).changes,
    get: (name: CloseStatement, params: Params) => s[name].get(params),
    all: (name: CloseStatement, params: Params) => s[name].all(params),
  };
}
