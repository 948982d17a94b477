/**
 * The office book on a real PostgreSQL server (the run's throwaway one): opened as a desk opens
 * it, the same api on the same engine, and the same answers as a desk's SQLite book. The loan's
 * figures are the servicing suite's (docs/checks/servicing.py, Python decimal, ROUND_HALF_UP): a
 * 100,000.00 loan over 12 months at 12% paid 5,000.00 on its first due date splits 1,000.00
 * interest and 4,000.00 principal; 3,884.88 more pays the installment; 92,115.12 is left.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { callApi } from '../../src/api';
import { openAnyBook } from '../../src/book';
import { SuanpanError } from '../../src/errors';
import { freshBook, freshOfficeBook, PASSWORD, type Book, type OfficeTestBook } from '../helpers/book';
import { builderOf, call, disbursedLoan } from '../helpers/servicing';
import { sql } from 'kysely';
import { hostname, userInfo } from 'node:os';
import { runCli } from '../helpers/cli';

let office: OfficeTestBook | undefined;
let desk: Book | undefined;
afterEach(async () => {
  await office?.close();
  desk?.close();
  office = undefined;
  desk = undefined;
});

type View = {
  loan: { status: string; principal: string };
  balances: { outstandingPrincipal: string; daysPastDue: number };
  schedule: { n: number; dueDate: string; due: Record<string, string>; paid: Record<string, string>; status: string; paidDate: string | null }[];
  ledger: { kind: string; amount: string; allocations: Record<string, string | number>[] }[];
};

const setDate = async (b: Book | OfficeTestBook, date: string): Promise<void> => {
  await sql`UPDATE business_day SET business_date = ${date} WHERE id = 1`.execute(builderOf(b));
};

/** The same loan on a book of either engine: disbursed, then a part payment and the rest of the installment. */
async function lifecycle(b: Book | OfficeTestBook): Promise<{ part: unknown; view: View; audit: { principal: string; method: string }[] }> {
  const loanId = await disbursedLoan(b, { amount: '100000', term: 12, rate: '0.12' });
  await setDate(b, '2025-07-01');
  const part = await call<{ split: { lines: unknown[] } }>(b, 'loans/repay', { loanId, amount: '5000', reference: 'B1' }, 'officer');
  await call(b, 'loans/repay', { loanId, amount: '3884.88', reference: 'B2' }, 'officer');
  const view = await call<View>(b, 'loans/get', { id: loanId });
  const audit = (await sql<{ principal: string; method: string }>`SELECT principal, method FROM audit_log WHERE method = 'loans/repay' ORDER BY id`.execute(builderOf(b))).rows;
  return { part: part.split.lines, view, audit };
}

describe('the office book', () => {
  it('opens a new database as a desk does: migrated, with the roles and a first business date', async () => {
    office = await freshOfficeBook({ users: false });
    expect(office.book.engine).toBe('postgres');
    const q = office.book.q;
    const roles = await q.selectFrom('roles').select('id').orderBy('id').execute();
    expect(roles.map((r) => r.id)).toContain('branch_manager');
    const day = await q.selectFrom('business_day').select('business_date').executeTakeFirstOrThrow();
    expect(day.business_date).toBe('2025-06-01');
    // A second desk opening the same book finds it set up and keeps its business date.
    const second = await openAnyBook(office.url, { now: () => new Date('2025-06-09T09:00:00Z') });
    try {
      expect((await second.q.selectFrom('business_day').select('business_date').executeTakeFirstOrThrow()).business_date).toBe('2025-06-01');
      expect(await second.q.selectFrom('roles').select('id').orderBy('id').execute()).toEqual(roles);
    } finally {
      await second.close();
    }
  });

  it('runs a loan through the api: disbursed, repaid, split exactly, each posting in the audit log with its principal', async () => {
    office = await freshOfficeBook();
    const { part, view, audit } = await lifecycle(office);
    expect(part).toEqual([{ n: 1, principal: '4000.00', interest: '1000.00', fee: '0.00', penalty: '0.00', total: '5000.00' }]);
    expect(view.schedule[0]).toMatchObject({ status: 'paid', paidDate: '2025-07-01' });
    expect(view.balances.outstandingPrincipal).toBe('92115.12');
    expect(audit).toEqual([
      { principal: 'user officer', method: 'loans/repay' },
      { principal: 'user officer', method: 'loans/repay' },
    ]);
    // Amounts stay exact integers on the server: the ledger's sum is the two payments and the loan.
    const sums = await sql<{ kind: string; amount: bigint }>`SELECT kind, sum(amount) AS amount FROM transactions GROUP BY kind ORDER BY kind`.execute(office.book.q);
    expect(sums.rows).toEqual([
      { kind: 'disbursement', amount: 10_000_000n },
      { kind: 'repayment', amount: 888_488n },
    ]);
  }, 60_000);

  it('gives the same answers as a desk’s SQLite book for the same loan', async () => {
    office = await freshOfficeBook();
    desk = await freshBook();
    const onServer = await lifecycle(office);
    const onDesk = await lifecycle(desk);
    expect(onServer.part).toEqual(onDesk.part);
    // The figures, not the ids, names or contract hashes each book makes for itself.
    const plain = (v: View) => ({ loan: { status: v.loan.status, principal: v.loan.principal }, balances: v.balances, schedule: v.schedule, ledger: v.ledger.map((t) => ({ kind: t.kind, amount: t.amount, allocations: t.allocations })) });
    expect(plain(onServer.view)).toEqual(plain(onDesk.view));
  }, 90_000);

  it('refuses a change the rules refuse, and leaves nothing half-written', async () => {
    office = await freshOfficeBook();
    const loanId = await disbursedLoan(office, { amount: '10000', term: 6, rate: '0.12' });
    const before = await office.book.q.selectFrom('transactions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const r = await callApi('loans/repay', { loanId, amount: '-5' }, office.ctx('officer'));
    expect(r.ok).toBe(false);
    const after = await office.book.q.selectFrom('transactions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  }, 60_000);
});

describe('several desks on one office book', () => {
  it('serializes postings to the same loan: four desks posting at once lose nothing and post nothing twice', async () => {
    office = await freshOfficeBook();
    const loanId = await disbursedLoan(office, { amount: '100000', term: 12, rate: '0.12' });
    await setDate(office, '2025-07-01');
    // Four more desks: each its own pool of connections to the server, as four PCs would have.
    const desks = await Promise.all([0, 1, 2, 3].map(() => openAnyBook(office!.url)));
    try {
      const token = office.tokens.officer;
      const posts = desks.flatMap((b, d) =>
        [0, 1, 2, 3, 4].map((k) => callApi('loans/repay', { loanId, amount: '100.00', reference: `D${d}-${k}` }, { ...office!.ctx('officer'), book: b, sessionToken: token })),
      );
      // The same bank reference from two desks at once: one posts, the other is told it is a duplicate.
      const twice = desks.slice(0, 2).map((b) => callApi('loans/repay', { loanId, amount: '50.00', reference: 'SAME-REF' }, { ...office!.ctx('officer'), book: b, sessionToken: token }));
      const results = await Promise.all([...posts, ...twice]);
      const failed = results.filter((r) => !r.ok).map((r) => (r.ok ? null : r.error.key));
      expect(failed).toEqual(['servicing.duplicateReference']);
    } finally {
      await Promise.all(desks.map((b) => b.close()));
    }
    const q = office.book.q;
    // 20 × 100.00 + 50.00, each balanced by its allocations; the loan's principal is what was lent less what was settled.
    const paid = await sql<{ n: number; amount: bigint }>`SELECT count(*) AS n, sum(amount) AS amount FROM transactions WHERE loan_id = ${loanId} AND kind = 'repayment'`.execute(q);
    expect(paid.rows[0]).toEqual({ n: 21, amount: 205_000n });
    const unbalanced = await sql`SELECT t.id FROM transactions t LEFT JOIN allocations a ON a.transaction_id = t.id
      GROUP BY t.id, t.amount HAVING t.amount <> coalesce(sum(a.principal + a.interest + a.fee + a.penalty), 0)`.execute(q);
    expect(unbalanced.rows).toEqual([]);
    // The first installment (7,884.88 principal, 1,000.00 interest, hand-checked in the servicing
    // suite) takes all 2,050.00: interest first, then 1,050.00 of principal.
    const view = await call<View>(office, 'loans/get', { id: loanId });
    expect(view.schedule[0]?.paid).toMatchObject({ interest: '1000.00', principal: '1050.00' });
    expect(view.balances.outstandingPrincipal).toBe('98950.00');
    const inst = await q.selectFrom('installments').select(['principal_paid', 'interest_paid']).where('loan_id', '=', loanId).where('n', '=', 1).executeTakeFirstOrThrow();
    expect(inst).toEqual({ principal_paid: 105_000n, interest_paid: 100_000n });
  }, 90_000);
});

describe('which desk did it', () => {
  it('keeps the desk with each session, each failed sign-in and each change', async () => {
    office = await freshOfficeBook();
    const loanId = await disbursedLoan(office, { amount: '10000', term: 12, rate: '0.12' });
    await setDate(office, '2025-07-01');
    const at = (desk: string, role: 'officer' | null = null) => ({ ...office!.ctx(role), deskName: desk, sessionToken: role ? office!.tokens[role] : undefined });
    const signedIn = await callApi('auth/signIn', { username: 'collections', password: PASSWORD }, at('BRANCH-PC-2'));
    expect(signedIn.ok).toBe(true);
    const wrong = await callApi('auth/signIn', { username: 'officer', password: 'not-the-password1' }, at('BRANCH-PC-3'));
    expect(wrong.ok).toBe(false);
    expect((await callApi('loans/repay', { loanId, amount: '100.00' }, at('BRANCH-PC-1', 'officer'))).ok).toBe(true);
    const q = office.book.q;
    const sessions = await q.selectFrom('sessions as s').innerJoin('users as u', 'u.id', 's.user_id').select(['u.username', 's.desk']).where('s.desk', 'is not', null).execute();
    expect(sessions).toEqual([{ username: 'collections', desk: 'BRANCH-PC-2' }]);
    const audit = await q.selectFrom('audit_log').select(['method', 'summary', 'desk']).where('desk', 'is not', null).orderBy('id').execute();
    expect(audit.map((a) => [a.method, a.desk])).toEqual([
      ['auth/signIn', 'BRANCH-PC-2'],
      ['auth/signIn', 'BRANCH-PC-3'],
      ['loans/repay', 'BRANCH-PC-1'],
    ]);
    expect(audit[1]?.summary).toMatch(/^sign-in failed/);
  }, 60_000);
});

describe('the command line on the office book', () => {
  it('posts a bank statement with --db postgres://…, as the command line principal, and refuses the same statement twice', async () => {
    office = await freshOfficeBook();
    const loanId = await disbursedLoan(office, { amount: '10000', term: 12, rate: '0.12' });
    await setDate(office, '2025-07-01');
    const { number } = await office.book.q.selectFrom('loans').select('number').where('id', '=', loanId).executeTakeFirstOrThrow();
    // The first installment of 10,000.00 over 12 months at 12%: 888.49 (docs/checks/servicing.py's formula).
    const csv = ['loan number,date,amount,reference', `${number},2025-07-01,888.49,BANK-1`, `${number},2025-07-01,888.49,BANK-1`, ''].join('\n');
    const r = await runCli(['repay', '--db', office.url], csv);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as { posted: { line: number; kind: string; amount: string }[]; rejected: { line: number; key: string }[] };
    expect(out.posted.map((p) => [p.line, p.kind, p.amount])).toEqual([[2, 'repayment', '888.49']]);
    expect(out.rejected.map((x) => [x.line, x.key])).toEqual([[3, 'servicing.duplicateReference']]);
    const audit = await office.book.q.selectFrom('audit_log').select(['principal', 'method']).where('method', '=', 'loans/postStatement').execute();
    expect(audit).toEqual([{ principal: `command line, OS user ${userInfo().username}`, method: 'loans/postStatement' }]);
    // The command line's desk is the computer it ran on.
    const desks = await office.book.q.selectFrom('audit_log').select('desk').where('method', '=', 'loans/postStatement').execute();
    expect(desks).toEqual([{ desk: hostname() }]);
    const again = await runCli(['repay', '--db', office.url], csv);
    expect((JSON.parse(again.stdout) as typeof out).posted).toEqual([]);
  }, 60_000);

  it('says plainly when the server cannot be reached, and exits with the conflict code', async () => {
    const r = await runCli(['repay', '--db', 'postgres://desk:secret@127.0.0.1:1/suanpan'], 'loan number,date,amount,reference\n');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('127.0.0.1:1/suanpan');
    expect(r.stderr).not.toContain('secret');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('an office book that cannot be reached', () => {
  const refused = async (url: string): Promise<SuanpanError> => {
    try {
      const b = await openAnyBook(url, { connectTimeoutMs: 3000 });
      await b.close();
    } catch (e) {
      if (e instanceof SuanpanError) return e;
      throw e;
    }
    throw new Error(`${url} should not have opened`);
  };

  it('says which server and what failed, in both languages, with no stack trace', async () => {
    // Port 1 on loopback: nothing listens there.
    const e = await refused('postgres://desk:secret@127.0.0.1:1/suanpan');
    expect(e.key).toBe('db.officeRefused');
    expect(e.details.where).toBe('127.0.0.1:1/suanpan');
    expect(e.toJSON('en').message).toContain('127.0.0.1:1/suanpan');
    expect(e.toJSON('zh-CN').message).toContain('无法连接');
    expect(JSON.stringify(e.toJSON('en'))).not.toContain('secret');
  });

  it('names a database the server does not have', async () => {
    const e = await refused(inject('postgresUrl').replace('{db}', 'no_such_book'));
    expect(e.key).toBe('db.officeNoDatabase');
  });
});
