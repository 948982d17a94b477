/**
 * Integer-safe reads: amounts come back from the book as exact bigints however large, other
 * integers as numbers, and an integer too large for a number is an error, never a rounded value.
 * 2^53 + 1 = 9,007,199,254,740,993 is the first integer a float cannot hold (it reads back as ...992).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { prepared } from '../../../src/db/statements';
import { collectionStore } from '../../../src/db/repos/collections';
import { kyselyOf } from '../../../src/db/kysely';
import { SuanpanError } from '../../../src/errors';
import { freshBook, type Book } from '../../helpers/book';

let book: Book;
afterEach(() => book?.close());

const BIG = 9_007_199_254_740_993n;

describe('integer-safe reads', () => {
  it('reads money exactly as bigint and counts as numbers', async () => {
    book = await freshBook();
    const s = prepared(book.db, { q: 'SELECT @a AS amount, @a AS balance, @k AS n, @k AS term' });
    const row = s.q.get({ a: BIG, k: 12 }) as Record<string, unknown>;
    expect(row).toEqual({ amount: BIG, balance: BIG, n: 12, term: 12 });
    expect(typeof row.n).toBe('number');
    // Through a float the value would have lost its last digit.
    expect(BigInt(Number(BIG))).toBe(BIG - 1n);
  });

  it('refuses to read a non-money integer beyond 2^53', async () => {
    book = await freshBook();
    const s = prepared(book.db, { q: 'SELECT @k AS n' });
    let error: unknown;
    try {
      s.q.get({ k: BIG });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SuanpanError);
    expect((error as SuanpanError).key).toBe('db.integerRange');
  });

  it('carries a loan balance beyond 2^53 through a repository exactly', async () => {
    book = await freshBook();
    book.db.prepare("INSERT INTO customers (id, kind, name, credit_code, created_at, updated_at) VALUES ('C', 'business', 'X', 'X', '2025-01-01', '2025-01-01')").run();
    book.db.prepare("INSERT INTO products (id, code, name_zh, name_en, method, frequency, min_rate, max_rate, min_term, max_term, min_amount, max_amount, created_at) VALUES ('P', 'P', 'P', 'P', 'equal-installment', 'monthly', '0.01', '0.2', 1, 36, 1, ?, '2025-01-01')").run(BIG);
    book.db.prepare(`INSERT INTO loans (id, number, customer_id, product_id, method, principal, annual_rate, term, frequency, day_count, disbursement_date, first_due_date,
        maturity_date, amount_received, status, outstanding_principal, created_at)
      VALUES ('L', 'DK-L', 'C', 'P', 'equal-installment', ?, '0.072', 12, 'monthly', '30/360', '2024-12-01', '2025-01-01', '2025-12-01', ?, 'active', ?, '2024-12-01')`).run(BIG, BIG, BIG);
    expect((await collectionStore(kyselyOf(book.db)).loan('L'))?.outstandingPrincipal).toBe(BIG);
  });
});
