/**
 * The office book's figures for `npm run bench`, each against its own floor measured in the same
 * run on the same server: a demo book (SUANPAN_BENCH_OFFICE_LOANS loans; default that of the desk
 * book's bench, SUANPAN_BENCH_LOANS, or 1,000,000) built on a desk's file and moved into an office
 * book on a throwaway PostgreSQL server (the tests' own, test/helpers/postgres.ts, or
 * SUANPAN_TEST_PG_URL); then
 *  - customer search, 200 queries (name prefix, phone fragment, ID number), against a bare indexed
 *    lookup by ID number on the server (target p95 < 30 ms);
 *  - repayments posted through the api by four desks at once (four pools, as four PCs), against a
 *    bare keyed posting of one row, committed (target p95 < 30 ms);
 *  - end of day, day by day, against one UPDATE over every loan, committed (targets: a business day
 *    < 10 s and < 10x the floor).
 * The throwaway server runs without fsync (it is a test server): the floors run under the same
 * settings, so the ratios compare like with like; a server of your own gives real commit costs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openAnyBook, openBook } from '../../src/book';
import { buildDemoBook, DEMO_PASSWORD } from '../../src/demo/book';
import { moveBook } from '../../src/db/move';
import { customerTokens } from '../../src/customers/search';
import { searchCustomers } from '../../src/customers/service';
import { customerStore } from '../../src/db/repos/customers';
import { callApi, DESK_PERMISSIONS } from '../../src/api';
import { signIn } from '../../src/identity/service';
import { seededRandom, ulidSource } from '../../src/ids';
import { startOfficeEod } from '../../src/eod/office';
import { freshDatabase, startTestServer, type TestServer } from '../helpers/postgres';

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);

export async function benchOffice(): Promise<string[]> {
  const loans = Number(process.env.SUANPAN_BENCH_OFFICE_LOANS ?? process.env.SUANPAN_BENCH_LOANS ?? 1_000_000);
  console.log(`Office book on PostgreSQL (demo book of ${loans.toLocaleString('en-US')} loans)`);
  let server: TestServer;
  try {
    server = await startTestServer();
  } catch (e) {
    console.log(`  skipped: ${(e as Error).message.split('\n')[0]}\n`);
    return ['office book: skipped (no PostgreSQL server)'];
  }
  const dir = mkdtempSync(join(tmpdir(), 'suanpan-bench-office-'));
  const database = await freshDatabase(server.url('{db}'));
  try {
    const file = join(dir, 'book.db');
    const db = openBook(file, { now: () => new Date('2025-06-30T09:00:00') });
    buildDemoBook(db, { loans, seed: 7, businessDate: '2025-06-30', staff: true });
    db.close();
    let t = performance.now();
    const moved = await moveBook(file, database.url, { tokens: customerTokens });
    console.log(`  moved into the office book        ${((performance.now() - t) / 1000).toFixed(1)} s for ${moved.rows.toLocaleString('en-US')} rows`);
    const book = await openAnyBook(database.url, { now: () => new Date('2025-06-30T09:00:00') });
    const q = book.q;
    try {
      // Search: queries drawn from real customers, as the desk book's bench draws them.
      const r = seededRandom(11);
      const people = (await sql<{ name: string; phone: string; id_number: string }>`SELECT name, phone, id_number FROM customers WHERE kind = 'individual' AND entry % 97 = 0 LIMIT 2000`.execute(q)).rows;
      const queries: string[] = [];
      for (let i = 0; i < 200; i++) {
        const p = people[Math.floor(r() * people.length)] as (typeof people)[number];
        const kind = i % 3;
        if (kind === 0) queries.push([...p.name].slice(0, 1 + Math.floor(r() * 2)).join(''));
        else if (kind === 1) {
          const start = 3 + Math.floor(r() * 4);
          queries.push(p.phone.slice(start, start + 4));
        } else queries.push(p.id_number);
      }
      const customers = customerStore(q);
      for (const text of queries.slice(0, 20)) await searchCustomers(customers, text, undefined, 50);
      const searchTimes: number[] = [];
      for (const text of queries) {
        const s = performance.now();
        await searchCustomers(customers, text, undefined, 50);
        searchTimes.push(performance.now() - s);
      }
      const bareLookup: number[] = [];
      for (const p of people.slice(0, 200)) {
        const s = performance.now();
        await sql`SELECT * FROM customers WHERE id_number = ${p.id_number}`.execute(q);
        bareLookup.push(performance.now() - s);
      }
      const searchP95 = percentile(sorted(searchTimes), 95);
      const lookupP95 = percentile(sorted(bareLookup), 95);
      console.log(`  customer search (200 queries)     median ${percentile(sorted(searchTimes), 50).toFixed(2)} ms, p95 ${searchP95.toFixed(2)} ms (target < 30 ms): ${searchP95 < 30 ? 'met' : 'MISSED'}`);
      console.log(`  bare indexed lookup (ID number)   p95 ${lookupP95.toFixed(2)} ms → search p95 is ${(searchP95 / lookupP95).toFixed(1)}x`);

      // Four desks posting at once, each to loans of its own, through the api as the desk posts.
      const late = (await sql<{ id: string }>`SELECT id FROM loans WHERE status = 'active' AND method <> 'revolving' AND oldest_unpaid_due_date < '2025-06-30' ORDER BY id LIMIT 500`.execute(q)).rows;
      const desks = await Promise.all([0, 1, 2, 3].map(() => openAnyBook(database.url)));
      const postTimes: number[] = [];
      let posted = 0;
      try {
        const ids = ulidSource();
        await Promise.all(
          desks.map(async (desk, d) => {
            const token = (await signIn(desk, ids, new Date('2025-06-30T09:00:00'), 'officer', DEMO_PASSWORD)).token;
            const ctx = { lang: 'zh-CN' as const, permissions: DESK_PERMISSIONS, now: () => new Date('2025-06-30T09:00:00'), emit: () => {}, book: desk, ids, sessionToken: token };
            for (let k = d; k < Math.min(late.length, 400); k += 4) {
              const loan = late[k] as { id: string };
              const s = performance.now();
              const res = await callApi('loans/repay', { loanId: loan.id, amount: '100.00', reference: `BENCH-${loan.id}` }, ctx);
              postTimes.push(performance.now() - s);
              if (res.ok) posted++;
            }
          }),
        );
      } finally {
        await Promise.all(desks.map((b) => b.close()));
      }
      const bareTimes: number[] = [];
      for (const loan of late.slice(400, 500)) {
        const s = performance.now();
        await sql`INSERT INTO transactions (id, loan_id, kind, value_date, business_date, amount, created_at) VALUES (${`BARE-${loan.id}`}, ${loan.id}, 'repayment', '2025-06-30', '2025-06-30', 100, '2025-06-30T09:00:00Z')`.execute(q);
        bareTimes.push(performance.now() - s);
      }
      await sql`DELETE FROM transactions WHERE id LIKE 'BARE-%'`.execute(q);
      const postP95 = percentile(sorted(postTimes), 95);
      const bareP95 = percentile(sorted(bareTimes), 95);
      console.log(`  repayment posting, 4 desks at once (${posted}/${postTimes.length} posted)  median ${percentile(sorted(postTimes), 50).toFixed(2)} ms, p95 ${postP95.toFixed(2)} ms (target < 30 ms): ${postP95 < 30 ? 'met' : 'MISSED'}`);
      console.log(`  bare keyed posting (one row, committed)  p95 ${bareP95.toFixed(2)} ms → posting p95 is ${(postP95 / bareP95).toFixed(1)}x`);

      // End of day: the floor, then five consecutive days.
      t = performance.now();
      await sql`UPDATE loans SET closed_date = closed_date`.execute(q);
      const floor = (performance.now() - t) / 1000;
      const perDay: number[] = [];
      const ids = ulidSource();
      for (let i = 0; i < 5; i++) {
        t = performance.now();
        await startOfficeEod({ book, now: () => new Date(), who: 'bench', ids }).done;
        perDay.push((performance.now() - t) / 1000);
      }
      const worst = Math.max(...perDay);
      const median = percentile(sorted(perDay), 50);
      console.log(`  floor: one UPDATE over every loan   ${floor.toFixed(2)} s`);
      console.log(`  one business day                  median ${median.toFixed(2)} s, slowest ${worst.toFixed(2)} s → slowest is ${(worst / floor).toFixed(1)}x the floor (targets < 10 s and < 10x): ${worst < 10 && worst / floor < 10 ? 'met' : 'MISSED'}\n`);
      return [
        `office book: ${loans.toLocaleString('en-US')} loans; search p95 ${searchP95.toFixed(2)} ms (${(searchP95 / lookupP95).toFixed(1)}x a bare lookup); posting p95 ${postP95.toFixed(2)} ms with 4 desks (${(postP95 / bareP95).toFixed(1)}x a bare posting); a day median ${median.toFixed(2)} s, slowest ${worst.toFixed(2)} s (${(worst / floor).toFixed(1)}x the ${floor.toFixed(2)} s floor)`,
      ];
    } finally {
      await book.close();
    }
  } finally {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  }
}

if (process.argv[1]?.endsWith('office.ts')) console.log((await benchOffice()).join('\n'));
