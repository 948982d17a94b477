/**
 * The one-year LPR table a loan book keeps (`lpr_rates`): the source of the 4 x LPR line for the
 * penalty cap fixed at disbursement and for the rate-cap warnings of quotes, offers and documents.
 * A new book is seeded with the rates the program shipped with.
 */
import type { Db } from '../db/connection';
import { lprRepo } from '../db/repos/lpr';
import { DEFAULT_LPR_TABLE, type LprEntry } from './caps';

/** The book's table, oldest first. */
export function lprTable(db: Db): LprEntry[] {
  return lprRepo(db)
    .all()
    .map((r) => ({ from: r.effective_from, rate: r.one_year }));
}

/** The book's table where a book is open; the shipped one for a quote made without a book. */
export const lprTableFor = (db: Db | undefined): readonly LprEntry[] => (db ? lprTable(db) : DEFAULT_LPR_TABLE);
