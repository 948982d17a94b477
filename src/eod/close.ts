/**
 * End of day: closes the business date and opens the next. One transaction: a crash at any moment
 * leaves the book at the day before or the day after, never between, and closing a day already
 * closed does nothing. The close costs what changes that day, not the size of the book: days past
 * due are derived from each loan's oldest unpaid due date (never rewritten nightly), accrued
 * interest from balance and days (computed when asked, see src/servicing), so the close only touches
 * loans that cross a line today, installments falling due, promises due and loans a payment brought
 * nearer current. It then reports the book by bucket and category with provisions.
 */
import { z } from 'zod';
import { addDays } from '../calendar';
import type { Db } from '../db/connection';
import { identityRepo } from '../db/repos/identity';
import { eodRepo } from '../db/sqlite/eod';
import { bucketDates, floorDates } from '../db/rules';
import { closeCurrentCases, decidePromises } from '../collections/service';
import { SuanpanError } from '../errors';
import { ulidSource, type IdSource } from '../ids';
import { formatMinor } from '../money/amount';
import { BOOK_SCALE } from '../money/money';
import { parseDecimal, type Rational } from '../money/rational';
import { CATEGORY_FLOORS, DEFAULT_LADDER, DEFAULT_PROVISIONS, DEFAULT_REMIND_BEFORE, RISING_BUCKETS, provisionOf, reminderStep } from '../rules/lending';

/** The ladder and provisioning a lender sets (defaults from docs/risk-and-collections.md; key 'eod'). */
export const eodSettingsShape = z.strictObject({
  /** Steps by days past due, in order; the first opens a collection case. */
  ladder: z.array(z.strictObject({ dpd: z.number().int().min(1).max(3650), step: z.string().min(1).max(40) })).min(1),
  /** Reminders this many days before a due date (0 = on the day). */
  remindBefore: z.array(z.number().int().min(0).max(30)),
  /** Provision rates by category, and the general reserve on all loans (fractions). */
  provisions: z.strictObject({ general: z.string(), special: z.string(), substandard: z.string(), doubtful: z.string(), loss: z.string() }),
});
export type EodSettings = z.infer<typeof eodSettingsShape>;

/** The rule table's defaults (src/rules/lending.ts). */
export const DEFAULT_EOD_SETTINGS: EodSettings = {
  ladder: DEFAULT_LADDER.map((r) => ({ ...r })),
  remindBefore: [...DEFAULT_REMIND_BEFORE],
  provisions: { ...DEFAULT_PROVISIONS },
};

export function eodSettings(db: Db): EodSettings {
  const row = eodRepo(db).settings();
  return row ? eodSettingsShape.parse(JSON.parse(row.value)) : DEFAULT_EOD_SETTINGS;
}

export interface EodSummary {
  businessDate: string;
  nextDate: string;
  alreadyClosed: boolean;
  loans: number;
  newlyOverdue: number;
  byBucket: Record<string, number>;
  byCategory: Record<string, { loans: number; balance: string; provision: string }>;
  provisions: { general: string; specific: string; total: string };
  classificationChanges: number;
  casesOpened: number;
  promises: { kept: number; broken: number };
  casesClosed: number;
  dunning: Record<string, number>;
  warnings: Record<string, number>;
}

export type Progress = (done: number, total: number, label: string) => void;

const STEPS = 9;

/**
 * Closes the current business date (one day). `stop` is asked between steps; true abandons the day.
 * The cases and events the close opens get their ids from `ids`.
 */
export function closeDay(db: Db, now: () => Date, onProgress: Progress = () => {}, stop: () => boolean = () => false, ids: IdSource = ulidSource()): EodSummary {
  const bd = identityRepo(db).businessDate();
  if (!bd) throw new SuanpanError('CONFLICT', 'book.notOpen');
  const repo = eodRepo(db);
  const { s } = repo;
  const done = s.run.get(bd) as { next_date: string; summary: string } | undefined;
  if (done) {
    // Closed before: the business date belongs on the day after (it moved in the same transaction,
    // so only a hand-edited date lands here); put it back and do nothing else.
    s.advance.run({ n: done.next_date, bd });
    return { ...(JSON.parse(done.summary) as EodSummary), alreadyClosed: true };
  }
  const settings = eodSettings(db);
  const n = addDays(bd, 1);
  const back = (k: number): string => addDays(n, -k);
  const started = now().toISOString();
  const floors = floorDates(back);
  let step = 0;
  const tick = (label: string): void => {
    step++;
    onProgress(step, STEPS, `${bd} ${label}`);
    // Abandoning throws inside the transaction: nothing of the day is kept.
    if (stop()) throw new SuanpanError('CONFLICT', 'eod.cancelled', { date: bd });
  };

  return db.transaction((): EodSummary => {
    // 1. Categories worsen as days past due cross the 2023 rule's lines.
    for (const line of CATEGORY_FLOORS) {
      const p = { n, d: back(line.dpd), category: line.category };
      s.worsenChanges.run(p);
      s.worsen.run(p);
    }
    tick('classification');
    // 2. A borrower with more than a tenth of their balance non-performing has every loan at least
    //    substandard; loans a payment brought nearer current move back to what their days say.
    s.dropNpl.run();
    s.nplToday.run({ n });
    s.borrowerChanges.run({ n });
    s.borrowerWorsen.run();
    s.dropNpl.run();
    // One range of the classified index per category: loans whose oldest unpaid due date is now later
    // than their category allows.
    for (const floor of CATEGORY_FLOORS) {
      s.improveChanges.run({ n, ...floors, category: floor.category, after: back(floor.dpd) });
      s.improveNothingDue.run({ n, ...floors, category: floor.category });
    }
    s.improve.run({ n });
    tick('borrowers');
    // 3. The dunning ladder: cases open at its first step; each step is an event on the loan.
    const [first] = settings.ladder;
    const casesOpened = first ? repo.openCases(back(first.dpd), n, first.step, started, () => ids.next()) : 0;
    for (const rung of settings.ladder) {
      s.ladderStep.run({ n, d: back(rung.dpd), step: rung.step });
      s.caseStep.run({ d: back(rung.dpd), step: rung.step });
    }
    for (const days of settings.remindBefore) s.dueReminder.run({ n, due: addDays(n, days), step: reminderStep(days) });
    tick('ladder');
    // 4. Promises due are kept or broken by what was paid; lines that owe nothing on their expiry
    //    close; cases of loans current again (or closed) close.
    const promises = decidePromises(db, bd);
    s.closeExpiredLines.run({ bd });
    const casesClosed = closeCurrentCases(db, n, now(), ids);
    s.clearTouched.run();
    tick('promises');
    // 5. Early warnings.
    s.firstPaymentMissed.run({ n, d1: back(1) });
    for (const line of RISING_BUCKETS) s.risingDpd.run({ n, d: back(line.from), bucket: line.bucket });
    s.shortfall.run({ n, bd });
    s.brokenPromises.run({ n, bd });
    tick('warnings');
    // 6. The book by bucket and category, with provisions.
    const byBucket: Record<string, number> = {};
    const active = { n: 0, balance: 0n };
    for (const r of s.buckets.all({ n, ...bucketDates(back) }) as { bucket: string; n: number; balance: bigint }[]) {
      byBucket[r.bucket] = r.n;
      active.n += r.n;
      active.balance += BigInt(r.balance);
    }
    tick('buckets');
    const classified = s.classified.all() as { five_category: string; n: number; balance: bigint }[];
    const rate = (t: string): Rational => parseDecimal(t) as Rational;
    const provision = provisionOf;
    let normalLoans = active.n;
    let normalBalance = BigInt(active.balance);
    const byCategory: EodSummary['byCategory'] = {};
    let specific = 0n;
    for (const c of classified) {
      normalLoans -= c.n;
      normalBalance -= BigInt(c.balance);
      const p = provision(BigInt(c.balance), rate(settings.provisions[c.five_category as keyof EodSettings['provisions']]));
      specific += p;
      byCategory[c.five_category] = { loans: c.n, balance: formatMinor(BigInt(c.balance), BOOK_SCALE), provision: formatMinor(p, BOOK_SCALE) };
    }
    byCategory.normal = { loans: normalLoans, balance: formatMinor(normalBalance, BOOK_SCALE), provision: formatMinor(0n, BOOK_SCALE) };
    const general = provision(BigInt(active.balance), rate(settings.provisions.general));
    tick('provisions');
    const count = (rows: { n: number }[], key: string): Record<string, number> => Object.fromEntries((rows as unknown as Record<string, string | number>[]).map((r) => [String(r[key]), Number(r.n)]));
    const summary: EodSummary = {
      businessDate: bd,
      nextDate: n,
      alreadyClosed: false,
      loans: active.n,
      newlyOverdue: (s.newlyOverdue.get({ d1: back(1) }) as { n: number }).n,
      byBucket,
      byCategory,
      provisions: { general: formatMinor(general, BOOK_SCALE), specific: formatMinor(specific, BOOK_SCALE), total: formatMinor(general + specific, BOOK_SCALE) },
      classificationChanges: (s.countChanges.get({ n }) as { n: number }).n,
      casesOpened,
      promises,
      casesClosed,
      dunning: count(s.countEvents.all({ n }) as { n: number }[], 'step'),
      warnings: count(s.countWarnings.all({ n }) as { n: number }[], 'kind'),
    };
    tick('summary');
    // 7. The next business day opens; the close is recorded, so running it again does nothing.
    if (s.advance.run({ n, bd }).changes !== 1) throw new SuanpanError('CONFLICT', 'eod.dateMoved', { date: bd });
    s.insertRun.run({ bd, n, started, finished: now().toISOString(), summary: JSON.stringify(summary) });
    tick('close');
    return summary;
  })();
}

/** Closes every day up to (not including) `to`: the business date becomes `to`. */
export function closeDaysTo(db: Db, to: string, now: () => Date, onProgress: Progress = () => {}, stop: () => boolean = () => false, ids: IdSource = ulidSource()): EodSummary[] {
  const out: EodSummary[] = [];
  for (;;) {
    const bd = identityRepo(db).businessDate() as string;
    if (bd >= to) break;
    out.push(closeDay(db, now, onProgress, stop, ids));
  }
  return out;
}
