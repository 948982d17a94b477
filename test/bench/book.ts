/**
 * Loan book figures for `npm run bench`: building the demo book (default 1,000,000 loans; set
 * SUANPAN_BENCH_LOANS for another size), against a bare insert of the same rows measured in the same
 * run (the built rows copied with INSERT … SELECT into the same tables without secondary indexes);
 * the file's size; customer search latency (200 random queries by name, phone fragment and ID
 * number) against a bare indexed SQLite lookup of the same count.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openBook } from '../../src/book';
import { buildDemoBook, DEMO_PASSWORD } from '../../src/demo/book';
import { searchCustomers } from '../../src/customers/service';
import { customerStore } from '../../src/db/repos/customers';
import { kyselyOf } from '../../src/db/kysely';
import { seededRandom, ulidSource } from '../../src/ids';
import { callApi, DESK_PERMISSIONS } from '../../src/api';
import { signIn } from '../../src/identity/service';
import { closeDay } from '../../src/eod/close';

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;

export async function benchBook(): Promise<string[]> {
  const loans = Number(process.env.SUANPAN_BENCH_LOANS ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'suanpan-bench-'));
  const file = join(dir, 'book.db');
  console.log(`Loan book (demo book of ${loans.toLocaleString('en-US')} loans)`);
  try {
    const db = openBook(file, { now: () => new Date('2025-06-30T09:00:00') });
    const started = performance.now();
    const summary = buildDemoBook(db, { loans, seed: 7, businessDate: '2025-06-30', staff: true });
    const buildSeconds = (performance.now() - started) / 1000;
    db.pragma('wal_checkpoint(TRUNCATE)');
    const size = statSync(file).size;
    console.log(`  build                             ${buildSeconds.toFixed(1)} s for ${summary.rows.toLocaleString('en-US')} rows (${Math.round(summary.rows / buildSeconds).toLocaleString('en-US')} rows/s) — ${summary.loans.toLocaleString('en-US')} loans, ${summary.installments.toLocaleString('en-US')} installments, ${summary.transactions.toLocaleString('en-US')} transactions, ${summary.customers.toLocaleString('en-US')} customers`);
    console.log(`  file size                         ${(size / 1e9).toFixed(2)} GB (${Math.round(size / summary.loans).toLocaleString('en-US')} bytes a loan)`);

    // Baseline: the same rows, copied by SQLite itself into index-free tables.
    const bareFile = join(dir, 'bare.db');
    const bare = new Database(bareFile);
    bare.pragma('journal_mode = OFF');
    bare.pragma('synchronous = OFF');
    bare.pragma('page_size = 16384');
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'customer_search%' AND name <> 'schema_migrations' AND name NOT LIKE 'sqlite_%'").all() as { name: string; sql: string }[];
    for (const t of tables) bare.exec(t.sql);
    bare.close();
    db.exec(`ATTACH DATABASE '${bareFile}' AS bare`);
    const t0 = performance.now();
    db.transaction(() => {
      for (const t of tables) db.exec(`INSERT INTO bare."${t.name}" SELECT * FROM main."${t.name}"`);
    })();
    const bareSeconds = (performance.now() - t0) / 1000;
    db.exec('DETACH DATABASE bare');
    const ratio = buildSeconds / bareSeconds;
    console.log(`  bare insert of the same rows      ${bareSeconds.toFixed(1)} s → build is ${ratio.toFixed(2)}x the bare insert`);
    const scaled = loans === 1_000_000 ? buildSeconds : (buildSeconds * 1_000_000) / loans;
    console.log(`  target: 1M-loan book under 120 s: ${scaled < 120 ? 'met' : 'MISSED'} (${loans === 1_000_000 ? 'measured' : `scaled to 1M: ${scaled.toFixed(0)} s`})`);

    // Search: 200 queries drawn from real customers: a name prefix, a phone fragment, an ID number.
    const r = seededRandom(11);
    const people = db.prepare("SELECT name, phone, id_number FROM customers WHERE kind = 'individual' AND rowid % 97 = 0 LIMIT 2000").all() as { name: string; phone: string; id_number: string }[];
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
    const customers = customerStore(kyselyOf(db));
    for (const q of queries.slice(0, 20)) await searchCustomers(customers, q, undefined, 50); // warm the cache
    const times: number[] = [];
    let found = 0;
    for (const q of queries) {
      const s = performance.now();
      found += (await searchCustomers(customers, q, undefined, 50)).items.length > 0 ? 1 : 0;
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    const lookup = db.prepare('SELECT * FROM customers WHERE id_number = ?');
    const bareTimes: number[] = [];
    for (const p of people.slice(0, 200)) {
      const s = performance.now();
      lookup.get(p.id_number);
      bareTimes.push(performance.now() - s);
    }
    bareTimes.sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    console.log(`  customer search (200 queries)     median ${percentile(times, 50).toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, ${found}/200 found (target p95 < 20 ms): ${p95 < 20 ? 'met' : 'MISSED'}`);
    console.log(`  bare indexed lookup (ID number)   median ${percentile(bareTimes, 50).toFixed(3)} ms, p95 ${percentile(bareTimes, 95).toFixed(3)} ms → search p95 is ${(p95 / percentile(bareTimes, 95)).toFixed(0)}x\n`);

    // Posting repayments on the full book, through the api as the desk posts them (session, checks,
    // one transaction with its audit row), against a bare keyed posting of one transaction row.
    const ids = ulidSource();
    const token = (await signIn(db, ids, new Date('2025-06-30T09:00:00'), 'officer', DEMO_PASSWORD)).token;
    const ctx = { lang: 'zh-CN' as const, permissions: DESK_PERMISSIONS, now: () => new Date('2025-06-30T09:00:00'), emit: () => {}, db, ids, sessionToken: token };
    const late = db.prepare("SELECT id FROM loans WHERE status = 'active' AND method <> 'revolving' AND oldest_unpaid_due_date < '2025-06-30' AND rowid % 7 = 0 LIMIT 300").all() as { id: string }[];
    const postTimes: number[] = [];
    let posted = 0;
    for (const l of late.slice(0, 200)) {
      const t = performance.now();
      const r = await callApi('loans/repay', { loanId: l.id, amount: '100.00', reference: `BENCH-${l.id}` }, ctx);
      postTimes.push(performance.now() - t);
      if (r.ok) posted++;
    }
    postTimes.sort((a, b) => a - b);
    const bareInsert = db.prepare("INSERT INTO transactions (id, loan_id, kind, value_date, business_date, amount, created_at) VALUES (?, ?, 'repayment', '2025-06-30', '2025-06-30', 100, '2025-06-30T09:00:00Z')");
    const bareTimes2: number[] = [];
    for (const l of late.slice(200, 300)) {
      const t = performance.now();
      db.transaction(() => bareInsert.run(`BARE-${l.id}`, l.id))();
      bareTimes2.push(performance.now() - t);
    }
    db.prepare("DELETE FROM transactions WHERE id LIKE 'BARE-%'").run();
    bareTimes2.sort((a, b) => a - b);
    const postP95 = percentile(postTimes, 95);
    console.log(`  repayment posting (${posted}/${postTimes.length} posted)  median ${percentile(postTimes, 50).toFixed(2)} ms, p95 ${postP95.toFixed(2)} ms (target p95 < 20 ms): ${postP95 < 20 ? 'met' : 'MISSED'}`);
    console.log(`  bare keyed posting (one row, committed) median ${percentile(bareTimes2, 50).toFixed(2)} ms, p95 ${percentile(bareTimes2, 95).toFixed(2)} ms → posting p95 is ${(postP95 / percentile(bareTimes2, 95)).toFixed(1)}x\n`);

    // End of day on the same book: one day, then 30 more, against the floor of one UPDATE over every
    // loan row (committed, as the close commits), measured here.
    console.log(`End of day (the same book)`);
    const t1 = performance.now();
    db.transaction(() => db.prepare('UPDATE loans SET closed_date = closed_date').run())();
    const floor = (performance.now() - t1) / 1000;
    // Thirty consecutive days. The demo book posts no payments after its business date, so every
    // loan falls overdue at its next due date: a heavy month, about 13,000 loans a day crossing a line.
    const perDay: { seconds: number; changed: number }[] = [];
    let fellOverdue = 0;
    for (let i = 0; i < 30; i++) {
      const t = performance.now();
      const d = closeDay(db, () => new Date());
      perDay.push({ seconds: (performance.now() - t) / 1000, changed: d.newlyOverdue + d.classificationChanges + d.casesOpened });
      fellOverdue += d.newlyOverdue;
    }
    const monthSeconds = perDay.reduce((a, d) => a + d.seconds, 0);
    const worst = perDay.reduce((a, d) => (d.seconds > a.seconds ? d : a));
    const median = [...perDay].sort((a, b) => a.seconds - b.seconds)[15] as { seconds: number };
    console.log(`  floor: one UPDATE over every loan   ${floor.toFixed(2)} s`);
    console.log(`  one business day                  median ${median.seconds.toFixed(2)} s, slowest ${worst.seconds.toFixed(2)} s (${worst.changed.toLocaleString('en-US')} loans changed that day) → slowest is ${(worst.seconds / floor).toFixed(1)}x the floor (targets < 5 s and < 10x): ${worst.seconds < 5 && worst.seconds / floor < 10 ? 'met' : 'MISSED'}`);
    console.log(`  30 consecutive days               ${monthSeconds.toFixed(1)} s (${fellOverdue.toLocaleString('en-US')} loans fell overdue; target < 120 s): ${monthSeconds < 120 ? 'met' : 'MISSED'}\n`);

    // The collections queue after that month: a page of 50 by priority, as a collector opens it
    // (everyone's, by bucket, unassigned, by promise state), with each row's overdue amount worked
    // out from its ledger, against a bare indexed read of 50 open cases.
    const openCases = (db.prepare("SELECT count(*) AS n FROM collection_cases WHERE status IN ('open', 'legal')").get() as { n: number }).n;
    const collector = { ...ctx, now: () => new Date(), sessionToken: (await signIn(db, ids, new Date(), 'collector', DEMO_PASSWORD)).token };
    const filters = [{}, { bucket: '1-30' }, { bucket: '91-180' }, { assignedTo: 'none' }, { promise: 'broken' }];
    const queueTimes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      const r = await callApi('collections/queue', { ...filters[i % filters.length], limit: 50 }, collector);
      queueTimes.push(performance.now() - t);
      if (!r.ok) throw new Error(r.error.message);
    }
    queueTimes.sort((a, b) => a - b);
    const bareCases = db.prepare("SELECT * FROM collection_cases WHERE status = 'open' LIMIT 50");
    const bareQueue: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      bareCases.all();
      bareQueue.push(performance.now() - t);
    }
    bareQueue.sort((a, b) => a - b);
    const queueP95 = percentile(queueTimes, 95);
    console.log(`Collections queue (${openCases.toLocaleString('en-US')} open cases)`);
    console.log(`  a page of 50 by priority          median ${percentile(queueTimes, 50).toFixed(0)} ms, p95 ${queueP95.toFixed(0)} ms`);
    console.log(`  bare indexed read of 50 cases     median ${percentile(bareQueue, 50).toFixed(2)} ms, p95 ${percentile(bareQueue, 95).toFixed(2)} ms (the ranked page ranks every open case and works out what each of its 50 loans owes today)\n`);
    db.close();
    return [
      `book: ${loans.toLocaleString('en-US')} loans built in ${buildSeconds.toFixed(1)} s (${ratio.toFixed(2)}x bare insert ${bareSeconds.toFixed(1)} s), ${(size / 1e9).toFixed(2)} GB; search p95 ${p95.toFixed(2)} ms`,
      `servicing: repayment posting p95 ${postP95.toFixed(2)} ms`,
      `eod: a day median ${median.seconds.toFixed(2)} s, slowest ${worst.seconds.toFixed(2)} s (${(worst.seconds / floor).toFixed(1)}x the ${floor.toFixed(2)} s floor), 30 days ${monthSeconds.toFixed(1)} s`,
      `collections: queue page p95 ${queueP95.toFixed(0)} ms over ${openCases.toLocaleString('en-US')} open cases`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
