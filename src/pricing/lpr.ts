/**
 * The one-year LPR table a loan book keeps (`lpr_rates`): the source of the 4 x LPR line for the
 * penalty cap fixed at disbursement and for the rate-cap warnings of quotes, offers and documents.
 * A new book is seeded with the rates the program shipped with; the lender adds each month's
 * published rate (the 20th, or the next working day), corrects one typed wrongly, and removes one
 * added by mistake. The shipped rates stay: they can be corrected, not removed.
 */
import { z } from 'zod';
import type { Db } from '../db/connection';
import { lprRepo } from '../db/repos/lpr';
import type { LprStore } from './store';
import { SuanpanError, type Details, type MessageKey } from '../errors';
import { parseDecimal } from '../money/rational';
import { dateText } from '../validation';
import { DEFAULT_LPR_TABLE, lprOn, type LprEntry } from './caps';
import { D } from './decimal';

/** The book's table, oldest first, read on the synchronous connection (the demo load, the old loan loader). */
export function lprTable(db: Db): LprEntry[] {
  return lprRepo(db)
    .all()
    .map((r) => ({ from: r.effective_from, rate: r.one_year }));
}

/** The book's table where a book is open; the shipped one for a quote made without a book. */
export const lprTableFor = async (store: LprStore | undefined): Promise<readonly LprEntry[]> => (store ? store.all() : DEFAULT_LPR_TABLE);

const SHIPPED = new Set(DEFAULT_LPR_TABLE.map((e) => e.from));

/** The highest one-year LPR taken: far above any ever published, low enough to catch a percent typed as a fraction. */
export const LPR_MAX = '0.2';

const LPR_TEXT = /^\d{1,2}(\.\d{1,6})?$/;

/**
 * A one-year LPR as the api takes every rate: a decimal fraction in text ("0.0300" is 3.00%), above
 * 0 and at most 0.2, with at most 6 decimals. Kept with at least 4 decimals, as published.
 */
export const lprRateText = z
  .string()
  .max(40)
  .transform((v) => v.trim())
  .superRefine((v, ctx) => {
    const r = LPR_TEXT.test(v) ? parseDecimal(v) : null;
    const max = parseDecimal(LPR_MAX) as NonNullable<ReturnType<typeof parseDecimal>>;
    if (!r || r.n <= 0n || r.n * max.d > max.n * r.d) {
      const params: { key: MessageKey; details: Details } = { key: 'lpr.rate', details: { value: v, max: LPR_MAX } };
      ctx.addIssue({ code: 'custom', params });
    }
  })
  .transform((v) => {
    const [whole, frac = ''] = v.split('.');
    return `${String(Number(whole))}.${frac.replace(/0+$/, '').padEnd(4, '0')}`;
  });

export const lprEntryInput = z.strictObject({ effectiveFrom: dateText, oneYear: lprRateText });
export const lprDateInput = z.strictObject({ effectiveFrom: dateText });

export interface LprRowView {
  effectiveFrom: string;
  oneYear: string;
  /** Shipped with the program: it may be corrected, not removed. */
  shipped: boolean;
}

/** The table for the settings screen, newest first, with the entry in force on the business date and its 4 x line. */
export async function lprView(store: LprStore, businessDate: string) {
  const table = await store.all();
  const inForce = lprOn(businessDate, table);
  return {
    businessDate,
    // The 4 x LPR line as the cap warnings give it.
    inForce: inForce ? { effectiveFrom: inForce.from, oneYear: inForce.rate, line: new D(inForce.rate).times(4).toFixed(4) } : null,
    rows: table.map((e): LprRowView => ({ effectiveFrom: e.from, oneYear: e.rate, shipped: SHIPPED.has(e.from) })).reverse(),
  };
}

/**
 * Adds the rate published for a date, or corrects the one kept for it. Any date up to the business
 * date (a month missed can be filled in later), none after it: a rate is entered once published.
 */
export async function saveLpr(
  store: LprStore,
  entry: z.output<typeof lprEntryInput>,
  businessDate: string,
): Promise<{ effectiveFrom: string; oneYear: string; previous: string | null }> {
  if (entry.effectiveFrom > businessDate) {
    throw new SuanpanError('VALIDATION', 'lpr.dateInFuture', { field: 'effectiveFrom', date: entry.effectiveFrom, businessDate });
  }
  const previous = (await store.byDate(entry.effectiveFrom))?.rate ?? null;
  await store.put(entry.effectiveFrom, entry.oneYear);
  return { effectiveFrom: entry.effectiveFrom, oneYear: entry.oneYear, previous };
}

/** Removes a rate the lender added by mistake; never a shipped rate, never the last one. */
export async function removeLpr(store: LprStore, effectiveFrom: string): Promise<{ effectiveFrom: string; oneYear: string }> {
  const row = await store.byDate(effectiveFrom);
  if (!row) throw new SuanpanError('NOT_FOUND', 'lpr.notFound', { field: 'effectiveFrom', date: effectiveFrom });
  if (SHIPPED.has(effectiveFrom)) throw new SuanpanError('RULE', 'lpr.shipped', { field: 'effectiveFrom', date: effectiveFrom });
  if ((await store.count()) <= 1) throw new SuanpanError('RULE', 'lpr.lastEntry', { date: effectiveFrom });
  await store.remove(effectiveFrom);
  return { effectiveFrom, oneYear: row.rate };
}
