/**
 * One write path: every command of `suanpan` that changes a book does it through the api
 * dispatcher as the command line's local principal, so each change leaves its audit row naming the
 * operating-system user who ran it (and no user of the book), and the command line obeys the same
 * rules as the desk. Run as a user runs it: the package's `suanpan` program in a real process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { BOOK_COMMAND_NAMES } from '../../src/cli/main';
import { runCli } from '../helpers/cli';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: { suanpan: string } };
const bin = join(root, pkg.bin.suanpan);
const principal = `command line, OS user ${userInfo().username}`;

// The program the package names as its `suanpan` command.
const run = (args: string[], stdin = '') => runCli(args, stdin, process.execPath, [bin]);

interface AuditRow {
  id: number;
  method: string;
  user_id: string | null;
  principal: string | null;
  summary: string;
}

let dir: string;
let book: string;
/** Reads the book with a connection of the test's own (the command has exited). */
function read<T>(file: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
const auditAfter = (file: string, id: number): AuditRow[] => read<AuditRow>(file, 'SELECT id, method, user_id, principal, summary FROM audit_log WHERE id > ? ORDER BY id', id);
const lastAuditId = (file: string): number => read<{ n: number | null }>(file, 'SELECT max(id) AS n FROM audit_log')[0]?.n ?? 0;

async function ok(args: string[], stdin = ''): Promise<Record<string, unknown>> {
  const r = await run(args, stdin);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'suanpan-cli-audit-'));
  book = join(dir, 'book.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('suanpan: every change through the dispatcher, audited with its principal', () => {
  /** What each book command is expected to record; a new command must be added here. */
  const covered = new Set<string>();
  const expectAudited = (rows: AuditRow[], method: string): void => {
    expect(rows.length, method).toBeGreaterThan(0);
    for (const row of rows) expect(row, method).toMatchObject({ method, user_id: null, principal });
  };

  it('demo, backup, document, notices, repay, eod, score, restore and book move', async () => {
    // demo: a new book, built by the engine and recorded in it.
    await ok(['demo', '--db', book, '--loans', '80', '--seed', '4', '--business-date', '2025-06-30']);
    covered.add('demo');
    expectAudited(auditAfter(book, 0).filter((r) => r.method === 'book/demo'), 'book/demo');
    expect(auditAfter(book, 0).filter((r) => r.method === 'book/demo')).toHaveLength(1);

    // backup: an online copy; the book records that a copy of its borrowers' data was made.
    let mark = lastAuditId(book);
    const backup = join(dir, 'backup.db');
    await ok(['backup', '--db', book, '--out', backup]);
    covered.add('backup');
    expectAudited(auditAfter(book, mark), 'book/backup');

    // document: a loan's contract, issued and recorded.
    const [loan] = read<{ id: string; number: string }>(book, "SELECT id, number FROM loans WHERE method = 'equal-installment' AND status = 'active' ORDER BY number LIMIT 1");
    mark = lastAuditId(book);
    await ok(['document', '--db', book, '--type', 'schedule', '--id', loan!.id, '--out', join(dir, 'schedule.pdf')]);
    covered.add('document');
    expectAudited(auditAfter(book, mark), 'documents/issue');

    // notices: a batch of letters to loans at least a day late.
    mark = lastAuditId(book);
    const batch = await ok(['notices', '--db', book, '--min-dpd', '1', '--out', join(dir, 'notices.pdf')]);
    covered.add('notices');
    expect(Number(batch.count)).toBeGreaterThan(0);
    expectAudited(auditAfter(book, mark), 'notices/batch');

    // repay: one row posted, one audit row naming the statement line.
    mark = lastAuditId(book);
    await ok(['repay', '--db', book], `${loan!.number},2025-06-30,100.00,CLI-AUDIT-1\n`);
    covered.add('repay');
    const posted = auditAfter(book, mark);
    expectAudited(posted, 'loans/postStatement');
    expect(posted[0]?.summary).toContain('CLI-AUDIT-1');

    // eod: the close is recorded with who asked for it.
    mark = lastAuditId(book);
    const closed = await ok(['eod', '--db', book]);
    covered.add('eod');
    expect(closed).toMatchObject({ closed: ['2025-06-30'], businessDate: '2025-07-01' });
    expectAudited(auditAfter(book, mark), 'eod/run');

    // score: reads the book and changes nothing, so it records nothing.
    mark = lastAuditId(book);
    const scored = await run(['score', '--db', book], '{"id":"S1","product":"P-EI","amount":"20000","term":12,"idNumber":"11010519491231002X","monthlyIncome":"9000"}\n');
    covered.add('score');
    expect(scored.code, scored.stderr).toBe(0);
    expect(JSON.parse(scored.stdout.trim())).toMatchObject({ id: 'S1', ok: true });
    expect(auditAfter(book, mark)).toEqual([]);

    // restore: the backup replaces the book, and the restored book records it.
    await ok(['restore', '--db', book, '--from', backup]);
    covered.add('restore');
    const restoredRows = auditAfter(book, lastAuditId(backup));
    expect(restoredRows).toHaveLength(1);
    expectAudited(restoredRows, 'book/restore');
    // The book is the backup again: the repayment posted after it is gone.
    expect(read(book, "SELECT 1 FROM transactions WHERE reference = 'CLI-AUDIT-1'")).toEqual([]);

    // book move: the whole book copied into a new file, and the move recorded in the new book.
    const moved = join(dir, 'moved.db');
    await ok(['book', 'move', '--from', book, '--to', moved]);
    covered.add('book');
    const movedRows = auditAfter(moved, lastAuditId(book));
    expect(movedRows).toHaveLength(1);
    expectAudited(movedRows, 'book/move');
    expect(movedRows[0]?.summary).toContain(`book moved here from ${book}`);

    expect([...covered].sort()).toEqual([...BOOK_COMMAND_NAMES].sort());
  }, 240_000);

  it('refuses a statement dated after the book, posting nothing', async () => {
    // The book (restored above) stands at 2025-06-30; a statement for 2025-07-05 would post money
    // the book has not reached.
    const [loan] = read<{ number: string }>(book, "SELECT number FROM loans WHERE method = 'equal-installment' AND status = 'active' ORDER BY number LIMIT 1");
    const mark = lastAuditId(book);
    const r = await run(['repay', '--db', book, '--business-date', '2025-07-05'], `${loan!.number},2025-07-05,100.00,CLI-AHEAD-1\n`);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/VALIDATION: the statement is dated 2025-07-05, after the business date 2025-06-30/);
    expect(auditAfter(book, mark)).toEqual([]);
    expect(read(book, "SELECT 1 FROM transactions WHERE reference = 'CLI-AHEAD-1'")).toEqual([]);
    const zh = await run(['repay', '--db', book, '--business-date', '2025-07-05', '--lang', 'zh-CN'], `${loan!.number},2025-07-05,100.00,CLI-AHEAD-1\n`);
    expect(zh.stderr).toContain('晚于当前营业日 2025-06-30');
  }, 60_000);
});
