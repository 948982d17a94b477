/**
 * Rate caps to warn about when pricing a loan.
 *  - Private lending (Supreme People's Court rules, 2020 revision): interest above 4 x the one-year LPR
 *    at the contract date is not supported by courts.
 *  - The older lines still quoted in practice: 24% (supported) and 36% (excess void).
 * The LPR is a dated table the lender keeps current in the loan book (`lpr_rates`, read by
 * src/pricing/lpr.ts); every function here takes the table it should use. DEFAULT_LPR_TABLE below is
 * the one-year LPR as published by the National Interbank Funding Center up to this release: it seeds
 * a new book (migration 0008) and serves quotes made without a book (the `suanpan schedule` command).
 */
import type { IsoDate } from '../calendar/date';
import { D, type Dec } from './decimal';

export interface LprEntry {
  /** First day the rate applies. */
  from: IsoDate;
  /** One-year LPR as a fraction: "0.0385" is 3.85%. */
  rate: string;
}

/** The rates this release ships with. Adding to it takes a new migration to seed the new rows. */
export const DEFAULT_LPR_TABLE: readonly LprEntry[] = [
  { from: '2019-08-20', rate: '0.0425' },
  { from: '2019-09-20', rate: '0.0420' },
  { from: '2019-11-20', rate: '0.0415' },
  { from: '2020-02-20', rate: '0.0405' },
  { from: '2020-04-20', rate: '0.0385' },
  { from: '2021-12-20', rate: '0.0380' },
  { from: '2022-01-20', rate: '0.0370' },
  { from: '2022-08-22', rate: '0.0365' },
  { from: '2023-06-20', rate: '0.0355' },
  { from: '2023-08-21', rate: '0.0345' },
  { from: '2024-07-22', rate: '0.0335' },
  { from: '2024-10-21', rate: '0.0310' },
  { from: '2025-05-20', rate: '0.0300' },
];

/** The LPR in force on `date`, or null when the table starts later. */
export function lprOn(date: IsoDate, table: readonly LprEntry[]): LprEntry | null {
  let found: LprEntry | null = null;
  for (const entry of table) if (entry.from <= date && (!found || entry.from > found.from)) found = entry;
  return found;
}

export type CapCode = 'above-4x-lpr' | 'above-24' | 'above-36';

export interface CapWarning {
  code: CapCode;
  /** The line crossed, as a fraction. */
  limit: string;
  /** The LPR the 4 x line was taken from, for above-4x-lpr. */
  lpr?: LprEntry;
}

/** Warnings for an annualized rate (a fraction) agreed on `contractDate`, most severe last. */
export function checkRateCaps(annualized: Dec | string, contractDate: IsoDate, table: readonly LprEntry[]): CapWarning[] {
  const rate = new D(annualized);
  const warnings: CapWarning[] = [];
  const lpr = lprOn(contractDate, table);
  if (lpr) {
    const line = new D(lpr.rate).times(4);
    if (rate.gt(line)) warnings.push({ code: 'above-4x-lpr', limit: line.toFixed(4), lpr });
  }
  if (rate.gt('0.24')) warnings.push({ code: 'above-24', limit: '0.2400' });
  if (rate.gt('0.36')) warnings.push({ code: 'above-36', limit: '0.3600' });
  return warnings;
}
