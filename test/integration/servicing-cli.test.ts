/**
 * `suanpan repay`: a bank statement posted from the command line, as a branch would, in a real
 * process against a real book: one transaction per row, bad rows rejected with their line numbers
 * and reasons, and a second import of the same statement refused row by row as duplicates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userInfo } from 'node:os';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { identityRepo } from '../../src/db/repos/identity';
import { freshBook, type Book } from '../helpers/book';
import { disbursedLoan } from '../helpers/servicing';
import { openBook } from '../../src/book';
import { runCli } from '../helpers/cli';


const run = (args: string[], stdin: string) => runCli(args, stdin);

let book: Book;
let numbers: string[];
beforeAll(async () => {
  book = await freshBook();
  identityRepo(book.db).setBusinessDate('2025-04-01');
  const ids = [await disbursedLoan(book, { amount: '10000', term: 12, rate: '0.072' }), await disbursedLoan(book, { amount: '10000', term: 12, rate: '0.072' })];
  numbers = ids.map((id) => (book.db.prepare('SELECT number FROM loans WHERE id = ?').get(id) as { number: string }).number);
  identityRepo(book.db).setBusinessDate('2025-06-01');
  book.db.close();
}, 30_000);
afterAll(() => rmSync(book.dir, { recursive: true, force: true }));

describe('suanpan repay', () => {
  it('posts good rows, rejects bad ones with reasons, and refuses a second import as duplicates', async () => {
    const [a, b] = numbers as [string, string];
    const csv = [
      'loan number,date,amount,reference',
      `${a},2025-05-01,866.19,BANK-001`,
      `${a},2025-05-02,866.19,BANK-001`,
      'JK-NOBODY,2025-05-01,100.00,BANK-002',
      `${a},2025-05-03,-5.00,BANK-003`,
      `${a},2025-06-02,100.00,BANK-004`,
      `"${b}",2025-05-01,"1,000.00",BANK-005`,
      `${b},2025-05-01,100.00`,
      '',
    ].join('\r\n');
    const r = await run(['repay', '--db', book.file], csv);
    // Some rows rejected: exit status 2, the good rows posted all the same.
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as { rows: number; posted: { line: number; kind: string; amount: string }[]; rejected: { line: number; code: string; key: string; message: string }[] };
    expect(out.rows).toBe(8);
    expect(out.posted.map((p) => [p.line, p.kind, p.amount])).toEqual([[2, 'repayment', '866.19'], [7, 'prepayment', '1000.00']]);
    expect(out.rejected.map((x) => [x.line, x.key])).toEqual([
      [3, 'servicing.duplicateReference'],
      [4, 'servicing.loanNotFound'],
      [5, 'validation.amountPositive'],
      [6, 'servicing.dateAfterBusinessDate'],
      [8, 'servicing.csvColumns'],
    ]);
    expect(out.rejected[0]?.message).toContain('BANK-001');
    expect(r.stderr).toContain('2 posted, 5 rejected');

    // The same statement again, from a file: nothing is posted twice.
    const file = join(book.dir, 'statement.csv');
    writeFileSync(file, csv);
    const again = JSON.parse((await run(['repay', '--db', book.file, '--file', file, '--lang', 'zh-CN'], '')).stdout) as typeof out;
    expect(again.posted).toEqual([]);
    expect(again.rejected.filter((x) => x.key === 'servicing.duplicateReference').map((x) => x.line)).toEqual([2, 3, 7]);
    expect(again.rejected[0]?.message).toContain('重复记账');

    // A statement whose every row posts exits 0.
    const clean = await run(['repay', '--db', book.file], `${b},2025-05-15,50.00,BANK-006\n`);
    expect(clean.code).toBe(0);
    expect((JSON.parse(clean.stdout) as typeof out).posted.map((p) => p.line)).toEqual([1]);

    const db = openBook(book.file, { create: false });
    const audit = db.prepare("SELECT count(*) AS n FROM audit_log WHERE method = 'loans/postStatement' AND user_id IS NULL AND principal = ?").get(`command line, OS user ${userInfo().username}`) as { n: number };
    const txns = db.prepare("SELECT count(*) AS n FROM transactions WHERE kind IN ('repayment', 'prepayment')").get() as { n: number };
    db.close();
    expect(audit.n).toBe(3);
    expect(txns.n).toBe(3);
  }, 60_000);
});
