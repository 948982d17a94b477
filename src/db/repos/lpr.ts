/**
 * SQL for the one-year LPR table: a row per published rate, keyed by the first day it applies. The
 * table holds one row a month at most, so it is read whole, oldest first.
 */
import type { Db } from '../connection';
import { prepared } from '../statements';

export interface LprRow {
  effective_from: string;
  one_year: string;
}

export const LPR_SQL = {
  all: `SELECT effective_from, one_year FROM lpr_rates ORDER BY effective_from`,
  byDate: `SELECT effective_from, one_year FROM lpr_rates WHERE effective_from = ?`,
  count: `SELECT count(*) AS n FROM lpr_rates`,
  // A correction changes the one-year rate only; a five-year rate kept on the row stays.
  put: `INSERT INTO lpr_rates (effective_from, one_year) VALUES (@date, @rate)
    ON CONFLICT (effective_from) DO UPDATE SET one_year = excluded.one_year`,
  remove: `DELETE FROM lpr_rates WHERE effective_from = ?`,
};

export function lprRepo(db: Db) {
  const s = prepared(db, LPR_SQL);
  return {
    all: (): LprRow[] => s.all.all() as LprRow[],
    byDate: (date: string): LprRow | undefined => s.byDate.get(date) as LprRow | undefined,
    count: (): number => (s.count.get() as { n: number }).n,
    put: (date: string, rate: string): void => void s.put.run({ date, rate }),
    remove: (date: string): boolean => s.remove.run(date).changes > 0,
  };
}
