/**
 * End of day: closes the business date and opens the next. One transaction: a crash at any moment
 * leaves the book at the day before or the day after, never between, and closing a day already
 * closed does nothing. The close costs what changes that day, not the size of the book: days past
 * due are derived from each loan's oldest unpaid due date (never rewritten nightly), accrued
 * interest from balance and days (computed when asked, see src/servicing), so the close only touches
 * loans that cross a line today, installments falling due, promises due and loans a payment brought
 * nearer current. It then reports the book by bucket and category with provisions.
 *
 * The steps are written once, as a generator of statements (src/db/eod.ts), and run on either
 * engine: on a desk's book synchronously in the close's worker thread (closeDay), on the office
 * book asynchronously over one connection to the server (closeDayOn, run by src/eod/office.ts).
 */
import { z } from 'zod';
import { addDays } from '../calendar';
import type { Db } from '../db/connection';
import { all, get, run, runSteps, runStepsAsync, type ServerTransaction, type Steps } from '../db/eod';
import { sqliteClose } from '../db/sqlite/eod';
import { bucketDates, floorDates } from '../db/rules';
import { closeCurrentCasesSteps, decidePromisesSteps } from '../collections/service';
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

/** The close's policy as last saved, or the defaults where nobody has saved one. */
function* eodSettings(): Steps<EodSettings> {
  const row = yield* get<{ value: string; version: number }>('settings');
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

/** What a day's close is given: the clock, where its progress goes, whether to stop, and ids. */
interface DayCalls {
  now: () => Date;
  onProgress: Progress;
  /** Asked between steps; true abandons the day. */
  stop: () => boolean;
  ids: IdSource;
}

/** The steps of one day's close, as its progress counts them. */
export const CLOSE_STEPS = 9;

/** The day to close, read before its transaction. */
interface OpenDay {
  bd: string;
  settings: EodSettings;
  started: string;
}

/** The date to close and the close's policy; or, for a day closed before, that close's summary. */
function* dayToClose(now: () => Date): Steps<OpenDay | { closed: EodSummary }> {
  const bd = (yield* get<{ business_date: string }>('businessDate'))?.business_date;
  if (!bd) throw new SuanpanError('CONFLICT', 'book.notOpen');
  const done = yield* get<{ next_date: string; summary: string }>('run', { bd });
  if (done) {
    // Closed before: the business date belongs on the day after (it moved in the same transaction,
    // so only a hand-edited date lands here); put it back and do nothing else.
    yield* run('advance', { n: done.next_date, bd });
    return { closed: { ...(JSON.parse(done.summary) as EodSummary), alreadyClosed: true } };
  }
  const settings = yield* eodSettings();
  return { bd, settings, started: now().toISOString() };
}

/** The day's close itself: everything here is one transaction. */
function* closeOpenDay({ bd, settings, started }: OpenDay, { now, onProgress, stop, ids }: DayCalls): Steps<EodSummary> {
  const n = addDays(bd, 1);
  const back = (k: number): string => addDays(n, -k);
  const floors = floorDates(back);
  let step = 0;
  const tick = (label: string): void => {
    step++;
    onProgress(step, CLOSE_STEPS, `${bd} ${label}`);
    // Abandoning throws inside the transaction: nothing of the day is kept.
    if (stop()) throw new SuanpanError('CONFLICT', 'eod.cancelled', { date: bd });
  };

  // 1. Categories worsen as days past due cross the 2023 rule's lines.
  for (const line of CATEGORY_FLOORS) {
    const p = { n, d: back(line.dpd), category: line.category };
    yield* run('worsenChanges', p);
    yield* run('worsen', p);
  }
  tick('classification');
  // 2. A borrower with more than a tenth of their balance non-performing has every loan at least
  //    substandard; loans a payment brought nearer current move back to what their days say.
  yield* run('dropNpl');
  yield* run('nplToday', { n });
  yield* run('borrowerChanges', { n });
  yield* run('borrowerWorsen');
  yield* run('dropNpl');
  // One range of the classified index per category: loans whose oldest unpaid due date is now later
  // than their category allows.
  for (const floor of CATEGORY_FLOORS) {
    yield* run('improveChanges', { n, ...floors, category: floor.category, after: back(floor.dpd) });
    yield* run('improveNothingDue', { n, ...floors, category: floor.category });
  }
  yield* run('improve', { n });
  tick('borrowers');
  // 3. The dunning ladder: cases open at its first step; each step is an event on the loan.
  const [first] = settings.ladder;
  const casesOpened = first ? yield* openCases(back(first.dpd), n, first.step, started, ids) : 0;
  for (const rung of settings.ladder) {
    yield* run('ladderStep', { n, d: back(rung.dpd), step: rung.step });
    yield* run('caseStep', { d: back(rung.dpd), step: rung.step });
  }
  for (const days of settings.remindBefore) yield* run('dueReminder', { n, due: addDays(n, days), step: reminderStep(days) });
  tick('ladder');
  // 4. Promises due are kept or broken by what was paid; lines that owe nothing on their expiry
  //    close; cases of loans current again (or closed) close.
  const promises = yield* decidePromisesSteps(bd);
  yield* run('closeExpiredLines', { bd });
  const casesClosed = yield* closeCurrentCasesSteps(n, now(), ids);
  yield* run('clearTouched');
  tick('promises');
  // 5. Early warnings.
  yield* run('firstPaymentMissed', { n, d1: back(1) });
  for (const line of RISING_BUCKETS) yield* run('risingDpd', { n, d: back(line.from), bucket: line.bucket });
  yield* run('shortfall', { n, bd });
  yield* run('brokenPromises', { n, bd });
  tick('warnings');
  // 6. The book by bucket and category, with provisions.
  const byBucket: Record<string, number> = {};
  const active = { n: 0, balance: 0n };
  for (const r of yield* all<{ bucket: string; n: number; balance: bigint }>('buckets', { n, ...bucketDates(back) })) {
    byBucket[r.bucket] = r.n;
    active.n += r.n;
    active.balance += BigInt(r.balance);
  }
  tick('buckets');
  const classified = yield* all<{ five_category: string; n: number; balance: bigint }>('classified');
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
    newlyOverdue: ((yield* get<{ n: number }>('newlyOverdue', { d1: back(1) })) as { n: number }).n,
    byBucket,
    byCategory,
    provisions: { general: formatMinor(general, BOOK_SCALE), specific: formatMinor(specific, BOOK_SCALE), total: formatMinor(general + specific, BOOK_SCALE) },
    classificationChanges: ((yield* get<{ n: number }>('countChanges', { n })) as { n: number }).n,
    casesOpened,
    promises,
    casesClosed,
    dunning: count(yield* all<{ n: number }>('countEvents', { n }), 'step'),
    warnings: count(yield* all<{ n: number }>('countWarnings', { n }), 'kind'),
  };
  tick('summary');
  // 7. The next business day opens; the close is recorded, so running it again does nothing.
  if ((yield* run('advance', { n, bd })) !== 1) throw new SuanpanError('CONFLICT', 'eod.dateMoved', { date: bd });
  yield* run('insertRun', { bd, n, started, finished: now().toISOString(), summary: JSON.stringify(summary) });
  tick('close');
  return summary;
}

/**
 * Opens a case at `step` for each active loan whose oldest unpaid due date is `d` and that has
 * none open, with its opening event, under ids the engine makes; returns how many.
 */
function* openCases(d: string, n: string, step: string, at: string, ids: IdSource): Steps<number> {
  const late = yield* all<{ id: string }>('lateWithoutCase', { d });
  if (late.length === 0) return 0;
  const opened = JSON.stringify(late.map(({ id }) => [id, ids.next(), ids.next()]));
  yield* run('openCases', { opened, n, step });
  yield* run('openedEvents', { opened, n, at });
  return late.length;
}

/**
 * Closes the current business date (one day) of a desk's book, synchronously on `db` (the close
 * worker's own connection). `stop` is asked between steps; true abandons the day. The cases and
 * events the close opens get their ids from `ids`.
 */
export function closeDay(db: Db, now: () => Date, onProgress: Progress = () => {}, stop: () => boolean = () => false, ids: IdSource = ulidSource()): EodSummary {
  const book = sqliteClose(db);
  const day = runSteps(book, dayToClose(now));
  if ('closed' in day) return day.closed;
  return db.transaction(() => runSteps(book, closeOpenDay(day, { now, onProgress, stop, ids })))();
}

/** Closes every day of a desk's book up to (not including) `to`: the business date becomes `to`. */
export function closeDaysTo(db: Db, to: string, now: () => Date, onProgress: Progress = () => {}, stop: () => boolean = () => false, ids: IdSource = ulidSource()): EodSummary[] {
  const out: EodSummary[] = [];
  for (;;) {
    const bd = (runSteps(sqliteClose(db), get<{ business_date: string }>('businessDate')))?.business_date as string;
    if (bd >= to) break;
    out.push(closeDay(db, now, onProgress, stop, ids));
  }
  return out;
}

/**
 * Closes the current business date (one day) of a book on a server: the same steps as closeDay,
 * every one of them (the date's read included) inside one transaction of `transaction`.
 */
export function closeDayOn(transaction: ServerTransaction, now: () => Date, onProgress: Progress, stop: () => boolean, ids: IdSource): Promise<EodSummary> {
  return transaction(async (exec) => {
    const day = await runStepsAsync(exec, dayToClose(now));
    if ('closed' in day) return day.closed;
    return runStepsAsync(exec, closeOpenDay(day, { now, onProgress, stop, ids }));
  });
}
