/**
 * Moving a book for `npm run bench`: a demo book of 20,000 loans (SUANPAN_BENCH_MOVE_LOANS for
 * another size) moved from its file into an office book on a throwaway PostgreSQL server (the
 * tests' own, test/helpers/postgres.ts; SUANPAN_TEST_PG_URL for a server of yours), then back into
 * a new file, each with its checks; rows a second, and the time scaled to a million loans.
 * Skipped, saying so, where no PostgreSQL server can be started.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBook } from '../../src/book';
import { buildDemoBook } from '../../src/demo/book';
import { moveBook } from '../../src/db/move';
import { customerTokens } from '../../src/customers/search';
import { freshDatabase, startTestServer, type TestServer } from '../helpers/postgres';

export async function benchMove(): Promise<string[]> {
  const loans = Number(process.env.SUANPAN_BENCH_MOVE_LOANS ?? 20_000);
  console.log(`Moving a book (demo book of ${loans.toLocaleString('en-US')} loans)`);
  let server: TestServer;
  try {
    server = await startTestServer();
  } catch (e) {
    console.log(`  skipped: ${(e as Error).message.split('\n')[0]}\n`);
    return ['move: skipped (no PostgreSQL server)'];
  }
  const dir = mkdtempSync(join(tmpdir(), 'suanpan-bench-move-'));
  try {
    const file = join(dir, 'book.db');
    const db = openBook(file, { now: () => new Date('2025-06-30T09:00:00') });
    buildDemoBook(db, { loans, seed: 7, businessDate: '2025-06-30', staff: true });
    db.close();
    const office = await freshDatabase(server.url('{db}'));
    try {
      let t = performance.now();
      const there = await moveBook(file, office.url, { tokens: customerTokens });
      const up = (performance.now() - t) / 1000;
      t = performance.now();
      await moveBook(office.url, join(dir, 'back.db'), { tokens: customerTokens });
      const down = (performance.now() - t) / 1000;
      const rate = (s: number): string => Math.round(there.rows / s).toLocaleString('en-US');
      const scaled = (s: number): string => ((s * 1_000_000) / loans).toFixed(0);
      console.log(`  desk file → office book             ${up.toFixed(1)} s for ${there.rows.toLocaleString('en-US')} rows (${rate(up)} rows/s, checks included); scaled to 1M loans: ${scaled(up)} s`);
      console.log(`  office book → new file              ${down.toFixed(1)} s (${rate(down)} rows/s); scaled to 1M loans: ${scaled(down)} s\n`);
      return [`move ${loans.toLocaleString('en-US')} loans: to the office book ${up.toFixed(1)} s, back to a file ${down.toFixed(1)} s`];
    } finally {
      await office.drop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  }
}
