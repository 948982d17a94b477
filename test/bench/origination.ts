/**
 * Origination figures for `npm run bench`: screening + scoring + pricing throughput on one core over
 * the open applications of a demo book (against scoring alone, measured in the same run), and the
 * application queue's first page through the api with 100,000 applications in the book (against a
 * bare indexed page of the same table).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBook } from '../../src/book';
import { buildDemoBook } from '../../src/demo/book';
import { callApi, DESK_PERMISSIONS } from '../../src/api';
import { signIn } from '../../src/identity/service';
import { ulidSource } from '../../src/ids';
import { applicationStore } from '../../src/db/repos/applications';
import type { Application } from '../../src/origination/store';
import { activeScorecard, applicationFacts, bookFacts, loadSettings, productTerms } from '../../src/origination/service';
import { assess } from '../../src/origination/assess';
import { score } from '../../src/scoring/scorecard';
import { customerStore } from '../../src/db/repos/customers';
import { lprStore } from '../../src/db/repos/lpr';
import { settingsStore } from '../../src/db/repos/settings';
import { kyselyOf } from '../../src/db/kysely';

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;

export async function benchOrigination(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'suanpan-bench-orig-'));
  const businessDate = '2025-06-30';
  try {
    const db = openBook(join(dir, 'book.db'), { now: () => new Date(`${businessDate}T09:00:00`) });
    // 97,000 loans' applications plus 3% still in origination: just over 100,000 applications.
    buildDemoBook(db, { loans: 97_100, seed: 5, businessDate, staff: true });
    const total = (db.prepare('SELECT count(*) AS n FROM applications').get() as { n: number }).n;
    console.log(`Origination (demo book with ${total.toLocaleString('en-US')} applications)`);

    // Throughput: everything the desk does on submit, minus the writes, for each open application.
    const q = kyselyOf(db);
    const stores = { applications: applicationStore(q), customers: customerStore(q), lpr: lprStore(q), settings: settingsStore(q) };
    const rows: Application[] = [];
    for (const { id } of db.prepare("SELECT id FROM applications WHERE state <> 'disbursed' AND monthly_income IS NOT NULL LIMIT 3000").all() as { id: string }[]) {
      rows.push((await stores.applications.byId(id)) as Application);
    }
    const settings = await loadSettings(stores.settings);
    const model = await activeScorecard(stores.applications);
    const products = new Map((await stores.applications.products()).map((p) => [p.id, productTerms(p)]));
    const inputs: ({ row: Application; facts: ReturnType<typeof applicationFacts> } & Awaited<ReturnType<typeof bookFacts>>)[] = [];
    for (const row of rows) inputs.push({ row, ...(await bookFacts(stores, row.customerId, row.id, businessDate)), facts: applicationFacts(row) });
    const grades = new Map<string, number>();
    const full = (): number => {
      const t0 = process.hrtime.bigint();
      const first = grades.size === 0;
      for (const x of inputs) {
        const a = assess(model, settings, products.get(x.row.productId)!, x.applicant, x.facts, x.book, businessDate, x.row.id);
        if (first) grades.set(a.score.grade, (grades.get(a.score.grade) ?? 0) + 1);
      }
      return inputs.length / (Number(process.hrtime.bigint() - t0) / 1e9);
    };
    const scoringOnly = (): number => {
      const t0 = process.hrtime.bigint();
      for (const x of inputs) score(model, { monthlyIncome: Number(x.facts.monthlyIncome ?? 0n) / 100, employmentYears: x.facts.employmentYears, bureauOverdue24m: x.facts.bureauOverdue24m, bureauInquiries6m: x.facts.bureauInquiries6m, history: x.book.history });
      return inputs.length / (Number(process.hrtime.bigint() - t0) / 1e9);
    };
    full(); // warm up, and the grades of one pass
    const perSecond = Math.max(full(), full(), full());
    const scorePerSecond = Math.max(scoringOnly(), scoringOnly(), scoringOnly());
    const spread = ['A', 'B', 'C', 'D', 'E'].map((g) => `${g} ${Math.round((100 * (grades.get(g) ?? 0)) / inputs.length)}%`).join(', ');
    console.log(`  screen + score + price             ${Math.round(perSecond).toLocaleString('en-US')} applications/s on one core (target > 5,000): ${perSecond > 5000 ? 'met' : 'MISSED'}`);
    console.log(`  scorecard alone                    ${Math.round(scorePerSecond).toLocaleString('en-US')} applications/s → the whole assessment costs ${(scorePerSecond / perSecond).toFixed(1)}x scoring alone`);
    console.log(`  grades of the demo book's open applications: ${spread}`);

    // The queue's first page, through the api as the desk calls it, under the filters officers use.
    const ids = ulidSource();
    const token = (await signIn(db, ids, new Date(`${businessDate}T09:00:00`), 'approver', 'demo2025')).token;
    const officer = (db.prepare("SELECT id FROM users WHERE username = 'officer'").get() as { id: string }).id;
    const ctx = { lang: 'zh-CN' as const, permissions: DESK_PERMISSIONS, now: () => new Date(`${businessDate}T09:00:00`), emit: () => {}, db, ids, sessionToken: token };
    const filters = [{}, { state: 'review' }, { grade: 'B' }, { officerId: officer }, { state: 'disbursed' }, { minDaysWaiting: 7 }, { officerId: officer, grade: 'C' }, { state: 'approved', grade: 'A' }];
    const times: number[] = [];
    for (let i = 0; i < 400; i++) {
      const t0 = performance.now();
      const r = await callApi('applications/queue', { ...filters[i % filters.length], limit: 50 }, ctx);
      times.push(performance.now() - t0);
      if (!r.ok) throw new Error(r.error.message);
    }
    times.sort((a, b) => a - b);
    const bare = db.prepare('SELECT * FROM applications WHERE state = ? ORDER BY state, created_at LIMIT 50');
    const bareTimes: number[] = [];
    for (let i = 0; i < 400; i++) {
      const t0 = performance.now();
      bare.all('review');
      bareTimes.push(performance.now() - t0);
    }
    bareTimes.sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    console.log(`  queue first page (400 calls, 8 filters) median ${percentile(times, 50).toFixed(2)} ms, p95 ${p95.toFixed(2)} ms (target p95 < 50 ms): ${p95 < 50 ? 'met' : 'MISSED'}`);
    console.log(`  bare indexed page of 50 rows         median ${percentile(bareTimes, 50).toFixed(2)} ms, p95 ${percentile(bareTimes, 95).toFixed(2)} ms → queue p95 is ${(p95 / percentile(bareTimes, 95)).toFixed(1)}x\n`);
    db.close();
    return [`origination: ${Math.round(perSecond).toLocaleString('en-US')} applications/s (scoring alone ${Math.round(scorePerSecond).toLocaleString('en-US')}/s); queue first page p95 ${p95.toFixed(2)} ms over ${total.toLocaleString('en-US')} applications`];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('origination.ts')) await benchOrigination();
