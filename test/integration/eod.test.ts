/**
 * End of day on real SQLite files: hand-worked loans crossing each line of days past due (the 2023
 * five-category rule, buckets, the dunning ladder, early warnings, provisions at the PBOC rates), a
 * borrower's non-performing share pulling their other loans down, idempotence, and a crash test
 * that kills the closing process at random moments and checks the book is at the day before or the
 * day after, never between, and that running again finishes the day exactly as an unbroken run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { addDays } from '../../src/calendar';
import { openBook } from '../../src/book';
import { buildDemoBook } from '../../src/demo/book';
import { closeDay } from '../../src/eod/close';
import { insertStandardProducts } from '../../src/origination/products';
import { applicationStore } from '../../src/db/repos/applications';
import { kyselyOf } from '../../src/db/kysely';
import { freshBook, type Book } from '../helpers/book';

let book: Book;
afterEach(() => book?.close());
const D = '2025-06-01';

function loan(db: Book['db'], id: string, customer: string, oldest: string | null, balanceYuan: number, category = 'normal', firstDue = '2025-01-01'): void {
  db.prepare(`INSERT INTO loans (id, number, customer_id, product_id, method, principal, annual_rate, term, frequency, day_count, disbursement_date, first_due_date,
      maturity_date, amount_received, status, outstanding_principal, oldest_unpaid_due_date, five_category, created_at)
    VALUES (?, ?, ?, 'P-EI', 'equal-installment', ?, '0.072', 12, 'monthly', '30/360', '2024-12-01', ?, '2025-12-01', ?, 'active', ?, ?, ?, '2024-12-01T00:00:00Z')`)
    .run(id, `DK-${id}`, customer, balanceYuan * 100, firstDue, balanceYuan * 100, balanceYuan * 100, oldest, category);
}

function customer(db: Book['db'], id: string): void {
  db.prepare("INSERT INTO customers (id, kind, name, credit_code, created_at, updated_at) VALUES (?, 'business', ?, ?, '2024-01-01', '2024-01-01')").run(id, `客户${id}`, `CODE-${id}`);
}

const now = () => new Date('2025-06-01T18:00:00Z');
const category = (id: string): string => (book.db.prepare('SELECT five_category FROM loans WHERE id = ?').get(id) as { five_category: string }).five_category;

describe('end of day', () => {
  it('moves each loan across the lines its days past due cross, with the ladder, warnings and provisions', async () => {
    book = await freshBook();
    await insertStandardProducts(applicationStore(kyselyOf(book.db)), '2025-01-01T00:00:00Z');
    for (const c of ['A', 'B', 'C', 'X', 'G']) customer(book.db, c);
    // On the new date 2025-06-02, days past due = 2025-06-02 − oldest unpaid due date.
    loan(book.db, 'L1', 'A', D, 10_000, 'normal', D); // first installment unpaid: 1 day late tomorrow
    loan(book.db, 'L91', 'B', addDays('2025-06-02', -91), 20_000, 'special'); // 91 days: substandard
    loan(book.db, 'L271', 'C', addDays('2025-06-02', -271), 30_000, 'substandard'); // doubtful
    loan(book.db, 'L361', 'C', addDays('2025-06-02', -361), 40_000, 'doubtful'); // loss
    loan(book.db, 'LX1', 'X', addDays('2025-06-02', -91), 100_000, 'special'); // non-performing today, 100 of X's 150
    loan(book.db, 'LX2', 'X', '2025-06-20', 50_000, 'normal'); // current, but its borrower is not
    loan(book.db, 'LG', 'G', '2025-06-15', 60_000, 'special'); // paid up since it was classified
    book.db.prepare("INSERT INTO installments (loan_id, n, due_date, principal_due, interest_due) VALUES ('LG', 7, '2025-06-05', 100000, 5000)").run();

    const s = closeDay(book.db, now);
    expect(s).toMatchObject({ businessDate: D, nextDate: '2025-06-02', alreadyClosed: false, loans: 7, newlyOverdue: 1, casesOpened: 1 });
    expect([category('L1'), category('L91'), category('L271'), category('L361'), category('LX1'), category('LX2'), category('LG')])
      .toEqual(['special', 'substandard', 'doubtful', 'loss', 'substandard', 'substandard', 'normal']);
    const changes = book.db.prepare('SELECT loan_id, from_category, to_category, reason FROM classification_changes ORDER BY loan_id').all();
    expect(changes).toEqual([
      { loan_id: 'L1', from_category: 'normal', to_category: 'special', reason: 'days past due' },
      { loan_id: 'L271', from_category: 'substandard', to_category: 'doubtful', reason: 'days past due' },
      { loan_id: 'L361', from_category: 'doubtful', to_category: 'loss', reason: 'days past due' },
      { loan_id: 'L91', from_category: 'special', to_category: 'substandard', reason: 'days past due' },
      { loan_id: 'LG', from_category: 'special', to_category: 'normal', reason: 'paid' },
      { loan_id: 'LX1', from_category: 'special', to_category: 'substandard', reason: 'days past due' },
      { loan_id: 'LX2', from_category: 'normal', to_category: 'substandard', reason: 'borrower non-performing' },
    ]);
    // Buckets on 2025-06-02: L1 1 day (1–30), L91 and LX1 (91–180), L271 (181–360), L361 (>360), LX2 and LG current.
    expect(s.byBucket).toEqual({ current: 2, '1-30': 1, '91-180': 2, '181-360': 1, '>360': 1 });
    // Provisions (PBOC 2002): special 2% of 10,000; substandard 25% of 20,000 + 100,000 + 50,000;
    // doubtful 50% of 30,000; loss 100% of 40,000; general 1% of all 310,000.
    expect(s.byCategory).toEqual({
      normal: { loans: 1, balance: '60000.00', provision: '0.00' },
      special: { loans: 1, balance: '10000.00', provision: '200.00' },
      substandard: { loans: 3, balance: '170000.00', provision: '42500.00' },
      doubtful: { loans: 1, balance: '30000.00', provision: '15000.00' },
      loss: { loans: 1, balance: '40000.00', provision: '40000.00' },
    });
    expect(s.provisions).toEqual({ general: '3100.00', specific: '97700.00', total: '100800.00' });
    // The ladder: day 1 opens a case with a reminder; day 91 refers to legal; 3 days before LG's due date, a reminder.
    expect(book.db.prepare('SELECT loan_id, step FROM dunning_events ORDER BY loan_id, step').all()).toEqual([
      { loan_id: 'L1', step: 'reminder' },
      { loan_id: 'L91', step: 'legal-referral' },
      { loan_id: 'LG', step: 'due-in-3' },
      { loan_id: 'LX1', step: 'legal-referral' },
    ]);
    expect(book.db.prepare("SELECT loan_id, status, opened_date, ladder_step FROM collection_cases").all()).toEqual([{ loan_id: 'L1', status: 'open', opened_date: '2025-06-02', ladder_step: 'reminder' }]);
    expect(book.db.prepare('SELECT loan_id, kind, detail FROM early_warnings ORDER BY loan_id, kind').all()).toEqual([
      // Buckets change at 31, 61, 91, 181 and 361 days: L91 and L361 cross one today, L271 (day 271) does not.
      { loan_id: 'L1', kind: 'first-payment-missed', detail: null },
      { loan_id: 'L361', kind: 'rising-dpd', detail: '>360' },
      { loan_id: 'L91', kind: 'rising-dpd', detail: '91-180' },
      { loan_id: 'LX1', kind: 'rising-dpd', detail: '91-180' },
    ]);
    expect((book.db.prepare('SELECT business_date FROM business_day').get() as { business_date: string }).business_date).toBe('2025-06-02');
  });

  it('closes a day once: a second close of the same date changes nothing', async () => {
    book = await freshBook();
    await insertStandardProducts(applicationStore(kyselyOf(book.db)), '2025-01-01T00:00:00Z');
    customer(book.db, 'A');
    loan(book.db, 'L1', 'A', D, 10_000, 'normal', D);
    const first = closeDay(book.db, now);
    const tables = () => book.db.prepare('SELECT (SELECT count(*) FROM classification_changes) AS c, (SELECT count(*) FROM collection_cases) AS k, (SELECT count(*) FROM dunning_events) AS d, (SELECT count(*) FROM eod_runs) AS r').get();
    const before = tables();
    // As if the date had been put back by hand: the close of 2025-06-01 is on record.
    book.db.prepare("UPDATE business_day SET business_date = ?").run(D);
    const again = closeDay(book.db, now);
    expect(again).toMatchObject({ alreadyClosed: true, businessDate: D, newlyOverdue: first.newlyOverdue });
    expect(tables()).toEqual(before);
    expect((book.db.prepare('SELECT business_date FROM business_day').get() as { business_date: string }).business_date).toBe('2025-06-02');
  });
});

describe('end of day survives a crash at any moment', () => {
  it('20 kills at random points: the book is at the day before or after, and the re-run finishes the day as an unbroken run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'suanpan-eod-crash-'));
    try {
      const seedFile = join(dir, 'seed.db');
      const seed = openBook(seedFile, { now: () => new Date('2025-06-30T09:00:00') });
      buildDemoBook(seed, { loans: 4000, seed: 9, businessDate: '2025-06-30', staff: true });
      seed.pragma('wal_checkpoint(TRUNCATE)');
      seed.close();
      // The reference: the same day closed without interruption.
      const refFile = join(dir, 'ref.db');
      copyFileSync(seedFile, refFile);
      const ref = openBook(refFile, { create: false });
      const t0 = performance.now();
      const expected = closeDay(ref, () => new Date('2025-06-30T18:00:00Z'));
      const closeMs = performance.now() - t0;
      const state = (db: Database.Database) => db.prepare(`SELECT (SELECT business_date FROM business_day) AS date, (SELECT count(*) FROM eod_runs) AS runs,
        (SELECT count(*) FROM classification_changes) AS changes, (SELECT count(*) FROM collection_cases) AS cases,
        (SELECT count(*) FROM dunning_events) AS events, (SELECT count(*) FROM early_warnings) AS warnings,
        (SELECT group_concat(five_category, '') FROM (SELECT five_category FROM loans ORDER BY id)) AS categories`).get() as Record<string, string | number>;
      const after = state(ref as unknown as Database.Database);
      ref.close();
      const beforeDb = new Database(seedFile, { readonly: true });
      const before = state(beforeDb);
      beforeDb.close();

      const script = join(dir, 'close.mts');
      const root = fileURLToPath(new URL('../..', import.meta.url));
      writeFileSync(script, `import { openBook } from '${root}src/book.ts';\nimport { closeDay } from '${root}src/eod/close.ts';\nconst db = openBook(process.argv[2], { create: false });\nprocess.stdout.write('ready\\n');\ncloseDay(db, () => new Date('2025-06-30T18:00:00Z'));\nprocess.stdout.write('closed\\n');\n`);
      let interrupted = 0;
      for (let trial = 0; trial < 20; trial++) {
        const file = join(dir, `t${trial}.db`);
        copyFileSync(seedFile, file);
        // Kill somewhere from just before the close to just after it (the close alone took closeMs).
        const delay = Math.random() * closeMs * 1.2;
        const finished = await new Promise<boolean>((resolve) => {
          const child = spawn(process.execPath, ['--import', 'tsx', script, file], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
          let out = '';
          child.stdout.on('data', (d: Buffer) => {
            out += d.toString();
            if (out.includes('ready') && !child.killed) setTimeout(() => child.kill('SIGKILL'), delay);
          });
          child.on('exit', () => resolve(out.includes('closed')));
        });
        if (!finished) interrupted++;
        const db = new Database(file);
        expect(db.pragma('quick_check', { simple: true })).toBe('ok');
        const seen = state(db);
        db.close();
        // Before or after, never between.
        expect([JSON.stringify(before), JSON.stringify(after)], `trial ${trial} after ${delay.toFixed(0)} ms`).toContain(JSON.stringify(seen));
        // Running the close again finishes the day as the unbroken run did.
        const again = openBook(file, { create: false });
        if (seen.date === '2025-06-30') {
          const summary = closeDay(again, () => new Date('2025-06-30T18:00:00Z'));
          expect({ ...summary }).toEqual({ ...expected });
        }
        expect(state(again as unknown as Database.Database)).toEqual(after);
        again.close();
      }
      // Some kills must have landed inside the close for the test to mean anything.
      expect(interrupted).toBeGreaterThan(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
