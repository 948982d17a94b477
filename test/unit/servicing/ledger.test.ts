/**
 * The ledger's pure parts on hand-made installments, and property tests on a real SQLite book: over
 * any sequence of repayments, prepayments, waivers and reversals (each run rolled back afterwards),
 * every transaction equals its allocations, nothing is paid above what is due, principal settled +
 * outstanding = principal, outstanding is never negative, and the state in the book is what the
 * ledger derives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays } from '../../../src/calendar/date';
import { identityRepo } from '../../../src/db/repos/identity';
import { SuanpanError } from '../../../src/errors';
import { allocateDue, derive, parseAllocationOrder, type InstallmentState } from '../../../src/servicing/ledger';
import { draw, repay, reverse, waive } from '../../../src/servicing/postings';
import { loadLoan, type Poster } from '../../../src/servicing/store';
import { freshBook, type Book } from '../../helpers/book';
import { disbursedLoan } from '../../helpers/servicing';
import { servicingStore } from '../../../src/db/repos/servicing';
import { settingsStore } from '../../../src/db/repos/settings';
import { kyselyOf } from '../../../src/db/kysely';

const amounts = (principal: bigint, interest: bigint, fee = 0n, penalty = 0n) => ({ principal, interest, fee, penalty });

describe('allocation order', () => {
  it('reads the product setting, filling in what it leaves out', () => {
    expect(parseAllocationOrder('penalty,fees,interest,principal')).toEqual(['penalty', 'fee', 'interest', 'principal']);
    expect(parseAllocationOrder('principal, interest')).toEqual(['principal', 'interest', 'penalty', 'fee']);
    expect(parseAllocationOrder('')).toEqual(['penalty', 'fee', 'interest', 'principal']);
  });

  it('pays the oldest installment first, each in the order given, and nothing not yet due', () => {
    const rows: InstallmentState[] = [
      { n: 1, dueDate: '2025-02-01', due: amounts(1000n, 100n, 10n, 5n), paid: amounts(200n, 100n, 0n, 0n), paidDate: null },
      { n: 2, dueDate: '2025-03-01', due: amounts(1000n, 90n, 10n, 0n), paid: amounts(0n, 0n), paidDate: null },
      { n: 3, dueDate: '2025-04-01', due: amounts(1000n, 80n, 10n, 0n), paid: amounts(0n, 0n), paidDate: null },
    ];
    const a = allocateDue(rows, '2025-03-01', 1000n, ['penalty', 'fee', 'interest', 'principal']);
    expect(a.lines).toEqual([{ n: 1, penalty: 5n, fee: 10n, interest: 0n, principal: 800n }, { n: 2, penalty: 0n, fee: 10n, interest: 90n, principal: 85n }]);
    expect(a.left).toBe(0n);
    const b = allocateDue(rows, '2025-03-01', 5000n, ['principal', 'interest', 'fee', 'penalty']);
    expect(b.lines.map((l) => l.principal + l.interest + l.fee + l.penalty)).toEqual([815n, 1100n]);
    expect(b.left).toBe(5000n - 1915n);
  });
});

let book: Book;
let termLoan: string;
let lineLoan: string;
beforeAll(async () => {
  book = await freshBook();
  identityRepo(book.db).setBusinessDate('2025-04-01');
  termLoan = await disbursedLoan(book, { amount: '10000', term: 6, rate: '0.072' });
  lineLoan = await disbursedLoan(book, { productId: 'P-RV', amount: '50000', term: 12, rate: '0.12' }, { drawAmount: '10000' });
  identityRepo(book.db).setBusinessDate('2026-12-31');
}, 30_000);
afterAll(() => book?.close());

const poster = (): Poster => ({ store: servicingStore(kyselyOf(book.db)), settings: settingsStore(kyselyOf(book.db)), ids: book.ids, now: new Date('2025-06-01T09:00:00Z'), businessDate: '2026-12-31', userId: null, role: 'branch_manager' });

/** Runs `fn` and rolls the book back afterwards. */
async function inSavepoint(fn: () => Promise<void>): Promise<void> {
  book.db.exec('SAVEPOINT prop');
  try {
    await fn();
  } finally {
    book.db.exec('ROLLBACK TO prop; RELEASE prop');
  }
}

const posted = new Map<string, number>();
/** An engine refusal (a rule, a conflict, bad input) is an expected answer; anything else is a bug. */
async function attempt(fn: () => Promise<unknown>): Promise<void> {
  try {
    const r = (await fn()) as { split?: { kind: string } };
    const kind = r.split?.kind ?? 'other';
    posted.set(kind, (posted.get(kind) ?? 0) + 1);
  } catch (e) {
    if (!(e instanceof SuanpanError) || e.code === 'INTERNAL') throw e;
  }
}

async function checkInvariants(loanId: string): Promise<void> {
  const unbalanced = book.db.prepare(`SELECT t.id FROM transactions t LEFT JOIN allocations a ON a.transaction_id = t.id WHERE t.loan_id = ?
    GROUP BY t.id HAVING t.amount <> coalesce(sum(a.principal + a.interest + a.fee + a.penalty), 0)`).all(loanId);
  expect(unbalanced).toEqual([]);
  const loan = book.db.prepare('SELECT principal, outstanding_principal, status, method FROM loans WHERE id = ?').get(loanId) as { principal: number; outstanding_principal: number; status: string; method: string };
  expect(loan.outstanding_principal).toBeGreaterThanOrEqual(0);
  const live = `NOT EXISTS (SELECT 1 FROM transactions r WHERE r.reverses_id = t.id) AND t.kind <> 'reversal'`;
  const settled = book.db.prepare(`SELECT coalesce(sum(a.principal), 0) AS p FROM transactions t JOIN allocations a ON a.transaction_id = t.id
    WHERE t.loan_id = ? AND t.kind IN ('repayment', 'prepayment', 'waiver', 'write_off') AND ${live}`).get(loanId) as { p: number };
  if (loan.method === 'revolving') {
    const drawn = book.db.prepare(`SELECT coalesce(sum(a.principal), 0) AS p FROM transactions t JOIN allocations a ON a.transaction_id = t.id
      WHERE t.loan_id = ? AND t.kind IN ('disbursement', 'draw') AND ${live}`).get(loanId) as { p: number };
    expect(drawn.p).toBe(loan.principal);
  }
  expect(settled.p + loan.outstanding_principal).toBe(loan.principal);
  const over = book.db.prepare(`SELECT n FROM installments WHERE loan_id = ? AND (principal_paid > principal_due OR interest_paid > interest_due
    OR fee_paid > fee_due OR penalty_paid > penalty_accrued)`).all(loanId);
  expect(over).toEqual([]);
  const dues = book.db.prepare('SELECT coalesce(sum(principal_due), 0) AS p FROM installments WHERE loan_id = ?').get(loanId) as { p: number };
  const prepaid = book.db.prepare(`SELECT coalesce(sum(a.principal), 0) AS p FROM transactions t JOIN allocations a ON a.transaction_id = t.id
    WHERE t.loan_id = ? AND t.kind = 'prepayment' AND a.installment_n = 0 AND ${live}`).get(loanId) as { p: number };
  if (loan.method !== 'revolving') expect(dues.p + prepaid.p).toBe(loan.principal);
  // The state in the book is the ledger's derivation, as of the latest posting.
  const l = await loadLoan(servicingStore(kyselyOf(book.db)), loanId);
  const rows = book.db.prepare('SELECT max(value_date) AS d FROM transactions WHERE loan_id = ?').get(loanId) as { d: string };
  const d = derive(l.loan, l.booked, l.txns, rows.d);
  expect(d.outstanding).toBe(BigInt(loan.outstanding_principal));
  expect(d.status).toBe(loan.status);
}

type Action =
  | { type: 'repay'; days: number; amount: number; recast: 'reduce-payment' | 'reduce-term' }
  | { type: 'reverse' }
  | { type: 'waive'; days: number; amount: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ type: fc.constant('repay' as const), days: fc.integer({ min: 0, max: 45 }), amount: fc.integer({ min: 1, max: 400_000 }), recast: fc.constantFrom('reduce-payment' as const, 'reduce-term' as const) }) },
  { weight: 2, arbitrary: fc.constant({ type: 'reverse' as const }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('waive' as const), days: fc.integer({ min: 0, max: 20 }), amount: fc.integer({ min: 1, max: 3_000 }) }) },
);

async function latestLive(loanId: string): Promise<string | null> {
  const l = await loadLoan(servicingStore(kyselyOf(book.db)), loanId);
  const reversed = new Set(l.txns.filter((t) => t.reversesId).map((t) => t.reversesId));
  const live = l.txns.filter((t) => t.kind !== 'reversal' && t.kind !== 'disbursement' && t.kind !== 'draw' && !reversed.has(t.id));
  live.sort((a, b) => (a.valueDate < b.valueDate ? -1 : a.valueDate > b.valueDate ? 1 : a.id < b.id ? -1 : 1));
  return live.at(-1)?.id ?? null;
}

describe('ledger properties', () => {
  it('a term loan balances after any sequence of repayments, prepayments, waivers and reversals', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 14 }), async (actions) => {
        await inSavepoint(async () => {
          let date = '2025-04-01';
          for (const a of actions) {
            if (a.type === 'repay') {
              date = addDays(date, a.days);
              await attempt(() => repay(poster(), { loan: termLoan, date, amount: BigInt(a.amount), recast: a.recast }));
            } else if (a.type === 'waive') {
              date = addDays(date, a.days);
              await attempt(() => waive(poster(), { loan: termLoan, date, penalty: BigInt(a.amount % 500), fee: 0n, interest: BigInt(a.amount), reason: 'test' }));
            } else {
              const id = await latestLive(termLoan);
              if (id) await attempt(() => reverse(poster(), { transactionId: id, reason: 'test' }));
            }
            await checkInvariants(termLoan);
          }
        });
      }),
      { numRuns: 60 },
    );
    // The sequences really post: repayments, prepayments (recasts) and reversals or waivers.
    expect(posted.get('repayment') ?? 0).toBeGreaterThan(30);
    expect(posted.get('prepayment') ?? 0).toBeGreaterThan(10);
    expect(posted.get('other') ?? 0).toBeGreaterThan(10);
    posted.clear();
  }, 120_000);

  it('a revolving line balances after any sequence of draws, repayments and reversals', async () => {
    const lineAction = fc.record({ kind: fc.constantFrom('draw', 'repay', 'repay', 'reverse'), days: fc.integer({ min: 0, max: 30 }), amount: fc.integer({ min: 1, max: 3_000_000 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(lineAction, { minLength: 1, maxLength: 14 }), async (actions) => {
        await inSavepoint(async () => {
          let date = '2025-04-01';
          for (const a of actions) {
            date = addDays(date, a.days);
            if (a.kind === 'draw') await attempt(() => draw(poster(), { loan: lineLoan, date, amount: BigInt(a.amount) }));
            else if (a.kind === 'repay') await attempt(() => repay(poster(), { loan: lineLoan, date, amount: BigInt(a.amount) }));
            else {
              const id = await latestLive(lineLoan);
              if (id) await attempt(() => reverse(poster(), { transactionId: id, reason: 'test' }));
            }
            await checkInvariants(lineLoan);
          }
        });
      }),
      { numRuns: 60 },
    );
    expect(posted.get('repayment') ?? 0).toBeGreaterThan(30);
    expect(posted.get('other') ?? 0).toBeGreaterThan(10);
  }, 120_000);
});
