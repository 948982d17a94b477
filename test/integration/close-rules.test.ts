/**
 * The close's set-based SQL against the rule table's TypeScript, on a seeded random book: loans at
 * every line of days past due and either side of it, borrowers with several loans, loans classified
 * worse than their days (paid up since), and open cases with contacts and broken promises. After a
 * real close on a real SQLite file, each loan's category, the buckets, the provisions, the cases
 * opened and the queue's priorities must be what src/rules/lending.ts says, applied one loan at a
 * time. The seed is printed; SUANPAN_SEED repeats a run.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/calendar';
import { closeDay } from '../../src/eod/close';
import { seededRandom } from '../../src/ids';
import { formatMinor } from '../../src/money/amount';
import {
  CATEGORIES, CATEGORY_FLOORS, DEFAULT_PRIORITY, beyondContagionShare, borrowerNonPerforming, bucketOf, categoryByDpd, improved, isNonPerforming,
  lifted, provisionOf, queuePriority, rankOf, worsened, type Category,
} from '../../src/rules/lending';
import { fixture, type Fixture } from '../unit/collections/fixture';

const seed = Number(process.env.SUANPAN_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`close-rules seed ${seed}`);

interface Loan { id: string; customer: string; dpd: number; oldest: string | null; outstanding: bigint; before: Category; caseId?: string; contactDays: number | null; broken: number }

let f: Fixture;
afterAll(() => f?.close());

describe(`the close against the rule table (seed ${seed})`, () => {
  it('classifies, buckets, provisions, opens cases and ranks the queue as the rules say', async () => {
    f = await fixture('2025-06-02T02:00:00.000Z', '2025-06-02');
    const random = seededRandom(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    const bd = '2025-06-02';
    const n = addDays(bd, 1); // days past due are counted on the new business date
    const edges = [0, 1, 2, ...CATEGORY_FLOORS.flatMap((fl) => [fl.dpd - 1, fl.dpd, fl.dpd + 1]), 30, 31, 60, 61, 180, 181, 360];
    const loans: Loan[] = [];
    for (let c = 0; c < 60; c++) {
      const customer = `C${c}`;
      f.customer(customer, `借款人${c}`, `CODE${c}`);
      const count = 1 + Math.floor(random() * 4);
      for (let k = 0; k < count; k++) {
        const dpd = random() < 0.6 ? pick(edges) : Math.floor(random() * 420);
        // Current loans owe their next installment some day from the new business date on, or owe
        // nothing due at all (a credit line with nothing drawn, or all of it repaid).
        const oldest = dpd > 0 ? addDays(n, -dpd) : random() < 0.3 ? null : addDays(n, Math.floor(random() * 20));
        // Yesterday the loan was at least what yesterday's days said; some are worse (paid since).
        const yesterday = categoryByDpd(Math.max(0, dpd - 1));
        const before = random() < 0.3 ? pick(CATEGORIES.filter((x) => rankOf(x) >= rankOf(yesterday))) : yesterday;
        const outstanding = BigInt(1 + Math.floor(random() * 20_000_000));
        loans.push({ id: `L${c}-${k}`, customer, dpd, oldest, outstanding, before, contactDays: null, broken: 0 });
      }
      // Every tenth borrower also has a line classified worse than normal that now owes nothing due.
      if (c % 10 === 0) loans.push({ id: `L${c}-line`, customer, dpd: 0, oldest: null, outstanding: BigInt(1 + Math.floor(random() * 1_000_000)), before: pick(CATEGORIES.slice(1)), contactDays: null, broken: 0 });
    }
    for (const l of loans) {
      f.loan(l.id, l.customer, { oldest: l.oldest, outstanding: Number(l.outstanding) });
      f.db.prepare('UPDATE loans SET five_category = ? WHERE id = ?').run(l.before, l.id);
      // Some late loans already have a case, contacted some days ago (or never), with broken promises.
      if (l.dpd >= 2 && random() < 0.5) {
        l.caseId = `K-${l.id}`;
        l.contactDays = random() < 0.25 ? null : Math.floor(random() * 60);
        const contact = l.contactDays === null ? null : `${addDays(n, -l.contactDays)}T03:00:00.000Z`;
        f.db.prepare("INSERT INTO collection_cases (id, loan_id, opened_date, status, last_contact_at) VALUES (?, ?, '2025-01-01', 'open', ?)").run(l.caseId, l.id, contact);
        l.broken = Math.floor(random() * 3);
        for (let p = 0; p < l.broken; p++) {
          f.db.prepare("INSERT INTO promises (id, case_id, promised_date, amount, status, created_at) VALUES (?, ?, '2025-05-01', 10000, 'broken', ?)")
            .run(`P-${l.id}-${p}`, l.caseId, `2025-04-2${p}T02:00:00.000Z`);
        }
      }
    }

    const summary = closeDay(f.db, () => new Date('2025-06-02T18:00:00Z'));

    // The rules, one loan at a time: worsen on days, lift the borrowers who became non-performing
    // today, then move paid-up loans back.
    const step1 = new Map(loans.map((l) => [l.id, worsened(l.before, l.dpd)]));
    const byCustomer = new Map<string, Loan[]>();
    for (const l of loans) byCustomer.set(l.customer, [...(byCustomer.get(l.customer) ?? []), l]);
    const step2 = new Map(step1);
    for (const [, own] of byCustomer) {
      const becameBad = own.some((l) => step1.get(l.id) !== l.before && isNonPerforming(step1.get(l.id) as Category));
      if (becameBad && borrowerNonPerforming(own.map((l) => ({ category: step1.get(l.id) as Category, outstanding: l.outstanding })))) {
        for (const l of own) step2.set(l.id, lifted(step1.get(l.id) as Category));
      }
    }
    const expected = new Map(step2);
    for (const [, own] of byCustomer) {
      const all = own.reduce((a, l) => a + l.outstanding, 0n);
      for (const l of own) {
        const now = step2.get(l.id) as Category;
        if (now !== l.before || now === 'normal') continue; // moved today, or nothing to improve
        const othersBad = own.filter((o) => o.id !== l.id && isNonPerforming(step2.get(o.id) as Category)).reduce((a, o) => a + o.outstanding, 0n);
        expected.set(l.id, improved(now, l.dpd, beyondContagionShare(othersBad, all)));
      }
    }
    const actual = new Map((f.db.prepare('SELECT id, five_category FROM loans').all() as { id: string; five_category: Category }[]).map((r) => [r.id, r.five_category]));
    const wrong = loans.filter((l) => actual.get(l.id) !== expected.get(l.id)).map((l) => ({ ...l, outstanding: String(l.outstanding), got: actual.get(l.id), want: expected.get(l.id) }));
    expect(wrong).toEqual([]);
    expect(summary.classificationChanges).toBe(loans.filter((l) => expected.get(l.id) !== l.before).length);
    // The random book must reach each step for the comparison to mean anything.
    expect(loans.some((l) => step2.get(l.id) !== step1.get(l.id)), 'some borrower pulled down').toBe(true);
    expect(loans.some((l) => step2.get(l.id) === l.before && expected.get(l.id) !== l.before), 'some loan moved back').toBe(true);

    // Buckets and provisions.
    const buckets: Record<string, number> = {};
    for (const l of loans) buckets[bucketOf(l.dpd)] = (buckets[bucketOf(l.dpd)] ?? 0) + 1;
    expect(summary.byBucket).toEqual(buckets);
    const rate = { special: 2n, substandard: 25n, doubtful: 50n, loss: 100n } as Record<string, bigint>;
    let specific = 0n;
    for (const c of CATEGORIES.filter((x) => x !== 'normal')) {
      const of = loans.filter((l) => expected.get(l.id) === c);
      if (of.length === 0) continue;
      const balance = of.reduce((a, l) => a + l.outstanding, 0n);
      const p = provisionOf(balance, { n: rate[c] as bigint, d: 100n });
      specific += p;
      expect(summary.byCategory[c], c).toEqual({ loans: of.length, balance: formatMinor(balance, 2), provision: formatMinor(p, 2) });
    }
    const general = provisionOf(loans.reduce((a, l) => a + l.outstanding, 0n), { n: 1n, d: 100n });
    expect(summary.provisions).toEqual({ general: formatMinor(general, 2), specific: formatMinor(specific, 2), total: formatMinor(general + specific, 2) });

    // Cases open for the loans one day late (the ladder's first rung), with engine-made ids.
    const opened = f.db.prepare("SELECT k.id, k.loan_id, e.id AS event FROM collection_cases k JOIN collection_case_events e ON e.case_id = k.id AND e.kind = 'opened' WHERE k.opened_date = ?").all(n) as { id: string; loan_id: string; event: string }[];
    expect(opened.map((r) => r.loan_id).sort()).toEqual(loans.filter((l) => l.dpd === 1).map((l) => l.id).sort());
    expect(summary.casesOpened).toBe(opened.length);
    for (const r of opened) {
      expect(r.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(r.event).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    }

    // The queue on the new business date ranks every open case by queuePriority.
    const { rows } = await f.must<{ rows: { loanNumber: string; priority: number }[] }>('collections/queue', { limit: 500 });
    const byNumber = new Map(loans.map((l) => [`DK-${l.id}`, l]));
    expect(rows.length).toBe(loans.filter((l) => l.caseId || l.dpd === 1).length);
    for (const r of rows) {
      const l = byNumber.get(r.loanNumber) as Loan;
      const want = queuePriority({ dpd: l.dpd, outstanding: l.outstanding, brokenPromises: l.broken, daysSinceContact: l.contactDays }, DEFAULT_PRIORITY);
      expect(r.priority, r.loanNumber).toBe(want);
    }
  });
});
