/**
 * The lending rules, once: the five-category floors and borrower contagion (the 2023 risk
 * classification rule), the days-past-due buckets, the dunning ladder, promise keeping, the
 * collections queue's priority and the provision rates (PBOC 2002 guideline). Each rule is typed
 * data with a TypeScript function that applies it to one case; the set-based SQL of the close and
 * the queue (src/db/rules.ts) is generated from the same data, so the two cannot drift apart. The
 * facts and their sources: docs/risk-and-collections.md.
 *
 * What the law fixes is fixed here; what is a lender's choice (the ladder, the reminders, the
 * provision rates, the queue's weights) is a setting ('eod' and 'collections'), whose defaults are
 * the ones here and in the docs.
 */
import type { Rational } from '../money/rational';
import { divRound } from '../money/rounding';

// ——— Five categories ————————————————————————————————————————————————————————————————————————

/** From best to worst: a loan's rank is its place in this list. */
export const CATEGORIES = ['normal', 'special', 'substandard', 'doubtful', 'loss'] as const;
export type Category = (typeof CATEGORIES)[number];

export const rankOf = (c: Category): number => CATEGORIES.indexOf(c);
export const worseOf = (a: Category, b: Category): Category => (rankOf(a) >= rankOf(b) ? a : b);

/**
 * The floors of the 2023 rule: a loan this many days past due (or more) is at least this category.
 * Any amount overdue is special mention; more than 90 days substandard; more than 270 doubtful;
 * more than 360 loss.
 */
export const CATEGORY_FLOORS: readonly { dpd: number; category: Exclude<Category, 'normal'> }[] = [
  { dpd: 1, category: 'special' },
  { dpd: 91, category: 'substandard' },
  { dpd: 271, category: 'doubtful' },
  { dpd: 361, category: 'loss' },
];

/** Substandard and worse: more than 90 days overdue is non-performing whatever the collateral. */
export const NON_PERFORMING: readonly Category[] = ['substandard', 'doubtful', 'loss'];
export const isNonPerforming = (c: Category): boolean => NON_PERFORMING.includes(c);

/** The category a loan's days past due alone imply. */
export function categoryByDpd(dpd: number): Category {
  let category: Category = 'normal';
  for (const floor of CATEGORY_FLOORS) if (dpd >= floor.dpd) category = floor.category;
  return category;
}

/**
 * Borrower contagion: when more than `share` of one borrower's outstanding principal is
 * non-performing, every loan of theirs is at least `floor` (the loans `lifts` covers move to it).
 */
export const CONTAGION: { share: Rational; floor: Category; lifts: readonly Category[] } = {
  share: { n: 1n, d: 10n },
  floor: 'substandard',
  lifts: ['normal', 'special'],
};

/** Whether `bad` of a balance of `all` is more than the contagion share (strictly more: exactly a tenth is not). */
export const beyondContagionShare = (bad: bigint, all: bigint): boolean => bad * CONTAGION.share.d > all * CONTAGION.share.n;

/** Whether a borrower whose loans stand so is non-performing as a whole. */
export function borrowerNonPerforming(loans: readonly { category: Category; outstanding: bigint }[]): boolean {
  let bad = 0n;
  let all = 0n;
  for (const l of loans) {
    all += l.outstanding;
    if (isNonPerforming(l.category)) bad += l.outstanding;
  }
  return beyondContagionShare(bad, all);
}

/**
 * The close, loan by loan, in its three steps:
 * 1. `worsened`: a loan whose days past due reach a floor is at least that floor's category; it
 *    never moves better for it.
 * 2. `lifted`: a borrower who became non-performing beyond the share today has every loan in
 *    `CONTAGION.lifts` moved to the contagion floor.
 * 3. `improved`: a loan (not moved today) classified worse than its days now say — a payment brought
 *    it nearer current — moves back to what they say, but never better than the contagion floor
 *    while the borrower's other loans hold more than the share of their balance non-performing.
 */
export const worsened = (category: Category, dpd: number): Category => worseOf(category, categoryByDpd(dpd));

export const lifted = (category: Category): Category => (CONTAGION.lifts.includes(category) ? CONTAGION.floor : category);

export function improved(category: Category, dpd: number, othersNonPerforming: boolean): Category {
  const byDays = categoryByDpd(dpd);
  const target = othersNonPerforming ? worseOf(byDays, CONTAGION.floor) : byDays;
  return rankOf(target) < rankOf(category) ? target : category;
}

// ——— Buckets ——————————————————————————————————————————————————————————————————————————————————

/** Days-past-due buckets: [from, to] days, `to` null for the last. */
export const BUCKET_EDGES = [
  { bucket: 'current', from: 0, to: 0 },
  { bucket: '1-30', from: 1, to: 30 },
  { bucket: '31-60', from: 31, to: 60 },
  { bucket: '61-90', from: 61, to: 90 },
  { bucket: '91-180', from: 91, to: 180 },
  { bucket: '181-360', from: 181, to: 360 },
  { bucket: '>360', from: 361, to: null },
] as const satisfies readonly { bucket: string; from: number; to: number | null }[];

export type Bucket = (typeof BUCKET_EDGES)[number]['bucket'];
/** The buckets in order, as a non-empty tuple (for validation of a chosen bucket). */
export const BUCKETS = BUCKET_EDGES.map((b) => b.bucket) as unknown as readonly [Bucket, ...Bucket[]];

export function bucketOf(dpd: number): Bucket {
  for (const b of BUCKET_EDGES) if (dpd <= (b.to ?? Infinity)) return b.bucket;
  return '>360';
}

/** The days a bucket spans. */
export function bucketRange(bucket: Bucket): { from: number; to: number | null } {
  const b = BUCKET_EDGES.find((e) => e.bucket === bucket) as (typeof BUCKET_EDGES)[number];
  return { from: b.from, to: b.to };
}

/** The buckets a loan enters as it grows later (each entry is a rising-DPD warning); 1–30 is the first-missed warning's. */
export const RISING_BUCKETS = BUCKET_EDGES.filter((b) => b.from > 30);

// ——— The dunning ladder (settings) ————————————————————————————————————————————————————————————

export interface LadderRung {
  dpd: number;
  step: string;
}

/** Reminders and rungs: a rung applies on the day a loan is exactly `dpd` days late; the first opens a case. */
export const DEFAULT_LADDER: readonly LadderRung[] = [
  { dpd: 1, step: 'reminder' },
  { dpd: 7, step: 'first-notice' },
  { dpd: 30, step: 'second-notice' },
  { dpd: 60, step: 'field-visit' },
  { dpd: 90, step: 'final-demand' },
  { dpd: 91, step: 'legal-referral' },
];
export const DEFAULT_REMIND_BEFORE: readonly number[] = [3, 0];

/** The reminder's step name for a due date so many days ahead. */
export const reminderStep = (daysBefore: number): string => (daysBefore === 0 ? 'due-today' : `due-in-${daysBefore}`);

// ——— Promises to pay ———————————————————————————————————————————————————————————————————————————

/**
 * A promise due is kept when the loan was paid at least the promised amount (repayments,
 * prepayments and recoveries by value date, from the business day it was made through the business
 * date, reversed payments not counted), broken otherwise.
 */
export const PROMISE_PAYMENTS = ['repayment', 'prepayment', 'recovery'] as const;
export const promiseKept = (paid: bigint, promised: bigint): boolean => paid >= promised;

// ——— The collections queue (settings) ——————————————————————————————————————————————————————————

export interface PriorityWeights {
  perDayPastDue: number;
  perThousandOutstanding: number;
  perBrokenPromise: number;
  perDaySinceContact: number;
  contactDaysCap: number;
}

export const DEFAULT_PRIORITY: PriorityWeights = { perDayPastDue: 1, perThousandOutstanding: 1, perBrokenPromise: 30, perDaySinceContact: 1, contactDaysCap: 30 };

/** A thousand yuan in fen: outstanding principal counts in whole thousands, rounded down. */
export const PRIORITY_THOUSAND_MINOR = 100_000n;

/**
 * A case's priority: points per day past due, per whole thousand of outstanding principal, per
 * broken promise and per day since the last contact, capped (a case never contacted counts the cap).
 */
export function queuePriority(
  c: { dpd: number; outstanding: bigint; brokenPromises: number; daysSinceContact: number | null },
  w: PriorityWeights,
): number {
  const thousands = Number(c.outstanding / PRIORITY_THOUSAND_MINOR);
  const since = c.daysSinceContact === null ? w.contactDaysCap : Math.max(0, Math.min(w.contactDaysCap, c.daysSinceContact));
  return c.dpd * w.perDayPastDue + thousands * w.perThousandOutstanding + c.brokenPromises * w.perBrokenPromise + since * w.perDaySinceContact;
}

// ——— Provisions (settings) —————————————————————————————————————————————————————————————————————

export type ProvisionRates = Record<'general' | Exclude<Category, 'normal'>, Rational>;

export const DEFAULT_PROVISIONS: Record<keyof ProvisionRates, string> = { general: '0.01', special: '0.02', substandard: '0.25', doubtful: '0.50', loss: '1.00' };

/** A provision on a balance at a rate, rounded half-up to the cent. */
export const provisionOf = (balance: bigint, rate: Rational): bigint => divRound(balance * rate.n, rate.d, 'half-up');
