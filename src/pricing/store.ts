/**
 * What the pricing module needs from the book: the one-year LPR table, a row per published rate
 * keyed by the first day it applies. The store (src/db) is the only code that knows SQL.
 */
import type { LprEntry } from './caps';

export interface LprStore {
  /** The whole table, oldest first (a row a month at most, so it is read whole). */
  all(): Promise<LprEntry[]>;
  byDate(date: string): Promise<LprEntry | undefined>;
  count(): Promise<number>;
  /** Adds the rate for a date, or corrects the one-year rate kept for it. */
  put(date: string, rate: string): Promise<void>;
  /** Removes the rate for a date; false when there was none. */
  remove(date: string): Promise<boolean>;
}
