/**
 * Integer-safe reads. Every statement a repository prepares reads integers as bigint
 * (better-sqlite3 `safeIntegers`), so no amount reaches JavaScript as a float, however large. The
 * book's money columns, and the aliases queries give sums of them, stay bigint; every other integer
 * (counts, terms, flags, versions, scores) becomes a number, and one beyond 2^53 is an error rather
 * than a silently rounded value.
 */
import type Database from 'better-sqlite3';
import { SuanpanError } from '../errors';

/** Columns and result aliases that hold amounts in minor units. */
export const MONEY_COLUMNS: ReadonlySet<string> = new Set([
  'amount', 'amount_received', 'annual_revenue', 'approval_limit', 'credit_limit', 'fee', 'fee_due', 'fee_paid', 'installment_fee',
  'interest', 'interest_due', 'interest_paid', 'max_amount', 'min_amount', 'monthly_debt', 'monthly_income', 'offered_amount',
  'outstanding_principal', 'payment_multiple', 'penalty', 'penalty_accrued', 'penalty_paid', 'principal', 'principal_due',
  'principal_paid', 'loan_outstanding', 'paid_amount',
  // sums of them
  'balance', 'paid', 'principal_repaid', 'drawn',
]);

type Row = Record<string, unknown>;

function toNumber(value: bigint, column: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new SuanpanError('INTERNAL', 'db.integerRange', { column, value: String(value) });
  }
  return Number(value);
}

/**
 * The same rule for a row read from another engine, whose driver hands every 64-bit integer over
 * as a bigint: the row's non-money integers become numbers (in place).
 */
export function plainIntegers<R>(row: R): R {
  const r = row as Row;
  for (const name of Object.keys(r)) {
    const v = r[name];
    if (typeof v === 'bigint' && !MONEY_COLUMNS.has(name)) r[name] = toNumber(v, name);
  }
  return row;
}

/**
 * A reading statement with integer-safe reads: its non-money integer columns are turned back into
 * numbers as each row is read.
 */
export function safeReader(st: Database.Statement<unknown[]>): Database.Statement<unknown[]> {
  st.safeIntegers(true);
  const plain = st.columns().map((c) => c.name).filter((name) => !MONEY_COLUMNS.has(name));
  if (plain.length === 0) return st;
  const fix = (row: unknown): unknown => {
    if (row === undefined || row === null) return row;
    const r = row as Row;
    for (const name of plain) {
      const v = r[name];
      if (typeof v === 'bigint') r[name] = toNumber(v, name);
    }
    return row;
  };
  const get = st.get.bind(st);
  const all = st.all.bind(st);
  const iterate = st.iterate.bind(st);
  // Only what the repositories call; the statement itself stays private to this wrapper.
  const wrapped = {
    source: st.source,
    reader: true,
    get: (...params: unknown[]) => fix(get(...params)),
    all: (...params: unknown[]) => all(...params).map(fix),
    *iterate(...params: unknown[]) {
      for (const row of iterate(...params)) yield fix(row);
    },
    run: st.run.bind(st),
  };
  return wrapped as unknown as Database.Statement<unknown[]>;
}
