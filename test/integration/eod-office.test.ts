/**
 * End of day on the office book (PostgreSQL, the run's throwaway server): the same close as a desk's
 * SQLite book, day by day for a month on the same loans, giving the same summaries and leaving the
 * same loans, cases, ladder events, warnings and classification changes; one close at a time for the
 * whole office, the desk refused told who is closing and how far they have got; a day stopped or cut
 * off mid-way leaving nothing of itself, and closed whole when run again; changes from other desks
 * made while a day is closed waiting for it; every desk seeing the new date at once; and the command
 * line closing the office book.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import { userInfo } from 'node:os';
import { callApi, type ApiResponse } from '../../src/api';
import { openAnyBook } from '../../src/book';
import type { Book as BookHandle } from '../../src/db/book';
import { CLOSE_LOCK } from '../../src/db/postgres/eod';
import type { EodSummary } from '../../src/eod/close';
import { freshBook, freshOfficeBook, type Book, type OfficeTestBook } from '../helpers/book';
import { runCli } from '../helpers/cli';
import { builderOf, call, disbursedLoan } from '../helpers/servicing';

type AnyBook = Book | OfficeTestBook;

const cleanups: (() => Promise<void> | void)[] = [];
/** The test's own connections, ended first: a lock one of them holds would keep a book from closing. */
const clients: pg.Client[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.end();
  for (const undo of cleanups.splice(0).reverse()) await undo();
});

async function office(): Promise<OfficeTestBook> {
  const b = await freshOfficeBook();
  cleanups.push(() => b.close());
  return b;
}

async function desk(): Promise<Book> {
  const b = await freshBook();
  cleanups.push(() => b.close());
  return b;
}

/** Another desk on the same office book: a pool of its own, as another PC has. */
async function otherDesk(b: OfficeTestBook): Promise<BookHandle> {
  const handle = await openAnyBook(b.url);
  cleanups.push(() => handle.close());
  return handle;
}

/**
 * A connection of the test's own to the office book's server, to hold locks or to watch the close.
 * Watching needs a connection of its own, outside any transaction: the server's view of its
 * connections (pg_stat_activity) stays as first read until the transaction reading it ends.
 */
async function connection(b: OfficeTestBook): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: b.url });
  await client.connect();
  clients.push(client);
  return client;
}

const setDate = async (b: AnyBook, date: string): Promise<void> => {
  await sql`UPDATE business_day SET business_date = ${date} WHERE id = 1`.execute(builderOf(b));
};
const businessDate = async (b: AnyBook): Promise<string> =>
  (await builderOf(b).selectFrom('business_day').select('business_date').executeTakeFirstOrThrow()).business_date;

const closeDay = async (b: AnyBook): Promise<EodSummary[]> => (await call<{ days: EodSummary[] }>(b, 'eod/run', {}, 'branch_manager')).days;

type View = { schedule: { n: number; remaining: { total: string } }[] };

/** What the first `count` installments of a loan still owe, in yuan. */
async function owed(b: AnyBook, loanId: string, count: number): Promise<string> {
  const view = await call<View>(b, 'loans/get', { id: loanId });
  const fen = view.schedule.slice(0, count).reduce((a, i) => a + BigInt(i.remaining.total.replace('.', '')), 0n);
  return `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;
}

const repay = (b: AnyBook, loanId: string, amount: string): Promise<unknown> => call(b, 'loans/repay', { loanId, amount }, 'officer');

async function openCase(b: AnyBook, loanId: string): Promise<string> {
  return (await builderOf(b).selectFrom('collection_cases').select('id').where('loan_id', '=', loanId).where('status', '=', 'open').executeTakeFirstOrThrow()).id;
}

/**
 * A month of closes from 2025-06-20 on the same loans, built through the api: four loans of different
 * methods and terms paid out on 2025-06-01 and first due on 2025-07-01 (paid on time, paid short and
 * the rest later, never paid with a promise broken, paid late with a promise kept), and two of one
 * borrower paid out on 2025-03-01 (one never paid, crossing 90 days in the month and pulling the
 * other, kept current, down with it).
 */
async function month(b: AnyBook): Promise<EodSummary[]> {
  const onTime = await disbursedLoan(b, { productId: 'P-EP', amount: '200000', term: 12, rate: '0.085' });
  const short = await disbursedLoan(b, { productId: 'P-IO', amount: '100000', term: 6, rate: '0.10' });
  const unpaid = await disbursedLoan(b, { productId: 'P-FL', amount: '60000', term: 12, rate: '0.06' });
  const promised = await disbursedLoan(b, { amount: '30000', term: 12, rate: '0.096' });
  await setDate(b, '2025-03-01');
  const old = await disbursedLoan(b, { amount: '100000', term: 12, rate: '0.12' });
  const { customer_id: borrower } = await builderOf(b).selectFrom('loans').select('customer_id').where('id', '=', old).executeTakeFirstOrThrow();
  const sibling = await disbursedLoan(b, { amount: '20000', term: 6, rate: '0.096', customerId: borrower });
  await setDate(b, '2025-06-20');
  await repay(b, sibling, await owed(b, sibling, 3));

  const actions: Record<string, () => Promise<void>> = {
    '2025-07-01': async () => {
      await repay(b, onTime, await owed(b, onTime, 1));
      const half = BigInt((await owed(b, short, 1)).replace('.', '')) / 2n;
      await repay(b, short, `${half / 100n}.${String(half % 100n).padStart(2, '0')}`);
      await repay(b, sibling, await owed(b, sibling, 4));
    },
    '2025-07-02': async () => {
      await call(b, 'collections/promise', { caseId: await openCase(b, promised), amount: await owed(b, promised, 1), promisedDate: '2025-07-08' }, 'collections');
      await call(b, 'collections/promise', { caseId: await openCase(b, unpaid), amount: '1000', promisedDate: '2025-07-10' }, 'collections');
    },
    '2025-07-05': async () => {
      await repay(b, short, await owed(b, short, 1));
    },
    '2025-07-07': async () => {
      await repay(b, promised, await owed(b, promised, 1));
    },
  };
  const summaries: EodSummary[] = [];
  for (let day = 0; day < 30; day++) {
    await actions[await businessDate(b)]?.();
    summaries.push(...(await closeDay(b)));
  }
  return summaries;
}

/** What the month left in the book, with each id replaced by the order it was made in (the books make their own ids). */
async function outcome(b: AnyBook) {
  const q = builderOf(b);
  const loans = await q.selectFrom('loans').select(['id', 'status', 'five_category', 'oldest_unpaid_due_date', 'outstanding_principal']).orderBy('id').execute();
  const loan = new Map(loans.map((l, i) => [l.id, i]));
  const cases = await q.selectFrom('collection_cases').select(['id', 'loan_id', 'opened_date', 'status', 'closed_date', 'ladder_step', 'loan_oldest', 'loan_outstanding', 'broken_promises']).orderBy('id').execute();
  const kase = new Map(cases.map((c, i) => [c.id, i]));
  const byKey = <T>(rows: T[]): T[] => rows.sort((x, y) => JSON.stringify(x, big).localeCompare(JSON.stringify(y, big)));
  return {
    loans: loans.map(({ id: _id, ...l }) => l),
    cases: cases.map(({ id: _id, loan_id, ...c }) => ({ loan: loan.get(loan_id), ...c })),
    caseEvents: byKey(
      (await q.selectFrom('collection_case_events').select(['case_id', 'business_date', 'kind', 'reason']).execute()).map(({ case_id, ...e }) => ({ case: kase.get(case_id), ...e })),
    ),
    promises: byKey(
      (await q.selectFrom('promises').select(['case_id', 'promised_date', 'amount', 'status', 'decided_date', 'paid_amount']).execute()).map(({ case_id, ...p }) => ({ case: kase.get(case_id), ...p })),
    ),
    dunning: byKey((await q.selectFrom('dunning_events').select(['loan_id', 'business_date', 'step']).execute()).map(({ loan_id, ...e }) => ({ loan: loan.get(loan_id), ...e }))),
    // A broken promise's warning names the promise (an id): its kind says enough here.
    warnings: byKey(
      (await q.selectFrom('early_warnings').select(['loan_id', 'business_date', 'kind', 'detail']).execute()).map(({ loan_id, kind, detail, ...w }) => ({
        loan: loan.get(loan_id), kind, detail: kind === 'broken-promise' ? 'a promise' : detail, ...w,
      })),
    ),
    changes: byKey(
      (await q.selectFrom('classification_changes').select(['loan_id', 'business_date', 'from_category', 'to_category', 'reason']).execute()).map(({ loan_id, ...c }) => ({ loan: loan.get(loan_id), ...c })),
    ),
    runs: (await q.selectFrom('eod_runs').select(['business_date', 'next_date', 'summary']).orderBy('business_date').execute()),
  };
}
const big = (_: string, v: unknown): unknown => (typeof v === 'bigint' ? `${v}n` : v);

describe('the close on the office book and on a desk’s book', () => {
  it('closes the same month day by day into the same summaries, loans, cases, ladder events, warnings and category changes', async () => {
    const [server, file] = [await office(), await desk()];
    const onServer = await month(server);
    const onDesk = await month(file);
    expect(onServer).toHaveLength(30);
    for (const [i, day] of onDesk.entries()) expect(onServer[i], `the close of ${day.businessDate}`).toEqual(day);
    const [a, b] = [await outcome(server), await outcome(file)];
    expect(a.loans).toEqual(b.loans);
    expect(a.cases).toEqual(b.cases);
    expect(a.caseEvents).toEqual(b.caseEvents);
    expect(a.promises).toEqual(b.promises);
    expect(a.dunning).toEqual(b.dunning);
    expect(a.warnings).toEqual(b.warnings);
    expect(a.changes).toEqual(b.changes);
    // The summaries on record are the same text, key for key in the same order.
    expect(a.runs).toEqual(b.runs);
    expect(await businessDate(server)).toBe('2025-07-20');

    // The month reached every part of the close, so the comparison means something.
    const reasons = new Set(b.changes.map((c) => c.reason));
    expect([...reasons].sort()).toEqual(['borrower non-performing', 'days past due', 'paid']);
    expect(new Set(b.warnings.map((w) => w.kind))).toEqual(new Set(['first-payment-missed', 'payment-shortfall', 'rising-dpd', 'broken-promise']));
    expect(b.promises.map((p) => p.status).sort()).toEqual(['broken', 'kept']);
    expect(b.cases.map((c) => c.status).sort()).toEqual(['closed', 'closed', 'open']);
    expect(new Set(b.dunning.map((e) => e.step))).toEqual(new Set(['due-in-3', 'due-today', 'reminder', 'first-notice', 'final-demand', 'legal-referral']));
    expect(b.loans.map((l) => l.five_category)).toContain('substandard');
  }, 240_000);
});

/** The pid of the server connection holding the office's close lock, once one does. */
async function closer(client: pg.Client): Promise<number> {
  return until(async () => {
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
         AND classid::bigint * 4294967296 + objid::bigint = ${CLOSE_LOCK}`,
    );
    return rows[0]?.pid;
  }, 'a desk to take the close');
}

/** Resolves once server connection `pid` is waiting for a lock. */
async function waitingForLock(client: pg.Client, pid: number): Promise<void> {
  await until(async () => {
    const { rows } = await client.query<{ wait: string | null }>('SELECT wait_event_type AS wait FROM pg_stat_activity WHERE pid = $1', [pid]);
    return rows[0]?.wait === 'Lock' || undefined;
  }, `connection ${pid} to wait for a lock`);
}

/** Asks `probe` again, a moment apart, until it gives a value: a wait for a condition, not for a time. */
async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  for (const deadline = Date.now() + ms; ; ) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const failure = (r: ApiResponse): { code: string; key: string; message: string; details: Record<string, unknown> } => {
  if (r.ok) throw new Error(`expected a refusal, got ${JSON.stringify(r.result)}`);
  return r.error as never;
};

describe('one close for the whole office', () => {
  it('two desks asking at once: one closes, the other is told who is closing and how far they have got', async () => {
    const b = await office();
    await disbursedLoan(b, { amount: '10000', term: 6, rate: '0.12' });
    await setDate(b, '2025-07-01');
    const [deskA, deskB, deskC] = [await otherDesk(b), await otherDesk(b), await otherDesk(b)];
    const [hold, watch] = [await connection(b), await connection(b)];
    // Hold the business date, so that whichever desk takes the close waits at its first statement.
    await hold.query('BEGIN');
    await hold.query('SELECT business_date FROM business_day WHERE id = 1 FOR SHARE');
    const asking = [
      callApi('eod/run', {}, { ...b.ctx('branch_manager'), book: deskA }),
      callApi('eod/run', {}, { ...b.ctx('admin', 'zh-CN'), book: deskB }),
    ];
    const pid = await closer(watch);
    await waitingForLock(watch, pid);
    // Every desk sees the close under way, and who runs it.
    const status = await call<{ running: boolean; progress: { who: string; done: number; total: number; label: string } | null }>({ ctx: (role) => ({ ...b.ctx(role), book: deskC }) }, 'eod/status', {});
    expect(status.running).toBe(true);
    expect(status.progress).toMatchObject({ done: 0, total: 9, label: '2025-07-01' });
    const refused = await Promise.race(asking.map((p, i) => p.then((r) => ({ r, i }))));
    await hold.query('ROLLBACK');
    const results = await Promise.all(asking);
    const winner = results[1 - refused.i] as ApiResponse;
    expect(winner.ok).toBe(true);
    const error = failure(refused.r);
    const who = refused.i === 0 ? 'admin user (admin)' : 'branch_manager user (branch_manager)';
    expect(status.progress?.who).toBe(who);
    expect(error).toMatchObject({ code: 'CONFLICT', key: 'eod.runningBy', details: { who, done: 0, total: 9, label: '2025-07-01' } });
    expect(error.message).toContain(who);
    expect(error.message).toMatch(refused.i === 1 ? /正在执行日终/ : /is closing the business day/);
    // One day closed, once; the close's note is gone with it.
    expect(await businessDate(b)).toBe('2025-07-02');
    expect(await builderOf(b).selectFrom('eod_runs').select('business_date').execute()).toEqual([{ business_date: '2025-07-01' }]);
    expect(await builderOf(b).selectFrom('eod_progress').selectAll().execute()).toEqual([]);
    expect(await call(b, 'eod/status', {})).toMatchObject({ running: false, progress: null, businessDate: '2025-07-02' });
  }, 60_000);

  it('every desk sees the next business date as soon as the close has committed', async () => {
    const b = await office();
    await disbursedLoan(b, { amount: '10000', term: 6, rate: '0.12' });
    const other = await otherDesk(b);
    const onOther = { ctx: (role?: Parameters<OfficeTestBook['ctx']>[0]) => ({ ...b.ctx(role), book: other }) };
    expect((await call<{ businessDate: string }>(onOther, 'system/info', {})).businessDate).toBe('2025-06-01');
    await closeDay(b);
    expect((await call<{ businessDate: string }>(onOther, 'system/info', {})).businessDate).toBe('2025-06-02');
    expect(await call(onOther, 'eod/status', {})).toMatchObject({ businessDate: '2025-06-02', running: false });
  }, 60_000);
});

/** A book with loans crossing the first line on 2025-07-01, its business date: the day to close. */
async function lateBook(b: AnyBook): Promise<string[]> {
  const loans = [
    await disbursedLoan(b, { amount: '10000', term: 6, rate: '0.12' }),
    await disbursedLoan(b, { productId: 'P-EP', amount: '50000', term: 12, rate: '0.085' }),
    await disbursedLoan(b, { amount: '8000', term: 6, rate: '0.096' }),
  ];
  await setDate(b, '2025-07-01');
  return loans;
}

/** What the close of 2025-07-01 writes, as counts: all zero before it, the same after every whole close. */
async function dayWritten(b: AnyBook) {
  const q = builderOf(b);
  const n = async (table: 'classification_changes' | 'dunning_events' | 'early_warnings', date = '2025-07-02') =>
    Number((await q.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('business_date', '=', date).executeTakeFirstOrThrow()).n);
  return {
    date: await businessDate(b),
    runs: (await q.selectFrom('eod_runs').select('business_date').execute()).map((r) => r.business_date),
    changes: await n('classification_changes'),
    dunning: await n('dunning_events'),
    warnings: await n('early_warnings'),
    cases: Number((await q.selectFrom('collection_cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    categories: (await q.selectFrom('loans').select('five_category').orderBy('id').execute()).map((l) => l.five_category),
    progress: await q.selectFrom('eod_progress').selectAll().execute(),
  };
}

describe('a close stopped mid-day on the office book', () => {
  /**
   * Starts the close of 2025-07-01 and returns once the whole day is written but not yet kept: the
   * test holds an uncommitted record of that day's close, so the close waits at its last statement,
   * recording the day, with every change of the day made inside its transaction.
   */
  async function closeHeldMidDay(b: OfficeTestBook) {
    const [hold, watch] = [await connection(b), await connection(b)];
    await hold.query('BEGIN');
    await hold.query("INSERT INTO eod_runs (business_date, next_date, started_at, finished_at, summary) VALUES ('2025-07-01', '2025-07-02', 'held', 'held', '{}')");
    const running = callApi('eod/run', {}, b.ctx('branch_manager'));
    const pid = await closer(watch);
    await waitingForLock(watch, pid);
    // The close has got that far: its progress, as every desk reads it, says so.
    expect(await call(b, 'eod/status', {})).toMatchObject({ running: true, progress: { label: '2025-07-01 summary', done: 8, total: 9 } });
    return { hold, watch, pid, running };
  }

  it('cut off from the server while a day runs: nothing of the day is kept, and running again closes it whole', async () => {
    const [b, twin] = [await office(), await office()];
    await lateBook(b);
    await lateBook(twin);
    const before = await dayWritten(b);
    expect(before).toMatchObject({ date: '2025-07-01', runs: [], changes: 0, dunning: 0, warnings: 0, cases: 0 });
    const { hold, watch, pid, running } = await closeHeldMidDay(b);
    await watch.query('SELECT pg_terminate_backend($1)', [pid]);
    await hold.query('ROLLBACK');
    const error = failure(await running);
    expect(error).toMatchObject({ code: 'CONFLICT', key: 'eod.interrupted', details: { date: '2025-07-01' } });
    expect(error.message).toMatch(/^the close of 2025-07-01 on .* stopped before it finished .*nothing of that day was kept/);
    expect(await dayWritten(b)).toEqual(before);
    expect(await call(b, 'eod/status', {})).toMatchObject({ running: false, progress: null });

    const again = await closeDay(b);
    const whole = await closeDay(twin);
    expect(again).toEqual(whole);
    expect(again[0]).toMatchObject({ businessDate: '2025-07-01', newlyOverdue: 3, casesOpened: 3 });
    expect(await dayWritten(b)).toEqual(await dayWritten(twin));
  }, 90_000);

  it('cancelled while a day runs: nothing of the day is kept, and running again closes it', async () => {
    const b = await office();
    await lateBook(b);
    const before = await dayWritten(b);
    const { hold, running } = await closeHeldMidDay(b);
    expect(await call(b, 'eod/cancel', {})).toEqual({ cancelled: true });
    await hold.query('ROLLBACK');
    const error = failure(await running);
    expect(error).toMatchObject({ code: 'CONFLICT', key: 'eod.cancelled', details: { date: '2025-07-01' } });
    expect(await dayWritten(b)).toEqual(before);
    expect((await closeDay(b))[0]).toMatchObject({ businessDate: '2025-07-01', casesOpened: 3 });
    expect(await businessDate(b)).toBe('2025-07-02');
  }, 90_000);

  it('a repayment asked for on another desk while a day is closed waits for the close and is dated the next day', async () => {
    const b = await office();
    const [, other] = await lateBook(b);
    const otherDeskBook = await otherDesk(b);
    const { hold, watch, pid, running } = await closeHeldMidDay(b);
    const posting = callApi('loans/repay', { loanId: other, amount: '100.00', reference: 'WAIT-1' }, { ...b.ctx('officer'), book: otherDeskBook });
    // The repayment waits on the business date the close holds.
    const waiting = await until(async () => {
      const { rows } = await watch.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> $1 AND query LIKE '%business_day%'", [pid]);
      return rows[0]?.pid;
    }, 'the repayment to wait for the close');
    expect(waiting).toBeGreaterThan(0);
    await hold.query('ROLLBACK');
    expect(await running).toMatchObject({ ok: true });
    expect(await posting).toMatchObject({ ok: true });
    const q = builderOf(b);
    expect(await q.selectFrom('transactions').select(['business_date', 'value_date']).where('reference', '=', 'WAIT-1').execute()).toEqual([{ business_date: '2025-07-02', value_date: '2025-07-02' }]);
    expect(await q.selectFrom('audit_log').select('business_date').where('method', '=', 'loans/repay').execute()).toEqual([{ business_date: '2025-07-02' }]);
  }, 90_000);
});

describe('the command line on the office book', () => {
  it('suanpan eod --db postgres://… closes the day and writes its audit row as the command line’s principal', async () => {
    const b = await office();
    await lateBook(b);
    const r = await runCli(['eod', '--db', b.url]);
    expect(r.stderr).not.toMatch(/suanpan: /);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { closed: string[]; businessDate: string; casesOpened: number; days: EodSummary[] };
    expect(out).toMatchObject({ closed: ['2025-07-01'], businessDate: '2025-07-02', casesOpened: 3 });
    expect(out.days[0]).toMatchObject({ businessDate: '2025-07-01', nextDate: '2025-07-02', newlyOverdue: 3 });
    expect(await businessDate(b)).toBe('2025-07-02');
    const audit = await builderOf(b).selectFrom('audit_log').select(['principal', 'method', 'entity_type', 'entity_id', 'summary', 'business_date']).where('method', '=', 'eod/run').execute();
    expect(audit).toEqual([
      { principal: `command line, OS user ${userInfo().username}`, method: 'eod/run', entity_type: 'business_day', entity_id: '2025-07-01', summary: 'end of day: 2025-07-01 → 2025-07-02', business_date: '2025-07-02' },
    ]);
  }, 90_000);
});
