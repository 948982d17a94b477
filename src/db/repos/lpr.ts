/**
 * SQL for the one-year LPR table: a row per published rate, keyed by the first day it applies. The
 * table holds one row a month at most, so it is read whole, oldest first.
 */
import type { Db } from '../connection';
import { prepared } from '../statements';
import type { Q } from '../kysely';
import type { LprStore } from '../../pricing/store';

export interface LprRow {
  effective_from: string;
  one_year: string;
}

/**
 * The table read on the synchronous connection, for the two readers that still run there: the
 * demo book's bulk load and collections' and notices' loan loader (servicing/store.ts).
 */
const LPR_SQL = {
  all: `SELECT effective_from, one_year FROM lpr_rates ORDER BY effective_from`,
};

export function lprRepo(db: Db) {
  const s = prepared(db, LPR_SQL);
  return {
    all: (): LprRow[] => s.all.all() as LprRow[],
  };
}

/** The LPR table on the book behind `q` (the book, or a unit of work's transaction). */
export const lprStore = (q: Q): LprStore => ({
  all: async () => (await q.selectFrom('lpr_rates').select(['effective_from', 'one_year']).orderBy('effective_from').execute()).map((r) => ({ from: r.effective_from, rate: r.one_year })),
  byDate: async (date) => {
    const r = await q.selectFrom('lpr_rates').select(['effective_from', 'one_year']).where('effective_from', '=', date).executeTakeFirst();
    return r && { from: r.effective_from, rate: r.one_year };
  },
  count: async () => Number((await q.selectFrom('lpr_rates').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  async put(date, rate) {
    // A correction changes the one-year rate only; a five-year rate kept on the row stays.
    await q
      .insertInto('lpr_rates')
      .values({ effective_from: date, one_year: rate })
      .onConflict((oc) => oc.column('effective_from').doUpdateSet((eb) => ({ one_year: eb.ref('excluded.one_year') })))
      .execute();
  },
  remove: async (date) => Number((await q.deleteFrom('lpr_rates').where('effective_from', '=', date).executeTakeFirst()).numDeletedRows) > 0,
});
