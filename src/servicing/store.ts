/**
 * The loan store: one loan by key with its installments and ledger (three keyed reads), the writer
 * of one balanced transaction with its allocations, and the loan's derived state rewritten from the
 * ledger after it, inside the caller's unit of work. Posting costs the same on a book of a hundred
 * loans or a million.
 */
import { SuanpanError } from '../errors';
import type { IdSource } from '../ids';
import type { InstallmentRow, LedgerRow, ServicingLoanRow, ServicingStore } from './records';
import type { SettingsStore } from '../settings/store';
import type { DayCount } from '../calendar/daycount';
import type { IsoDate } from '../calendar/date';
import { formatMinor, type Decimals, type Minor } from '../money/amount';
import { fromBook, toBook } from '../money/money';
import type { Rational } from '../money/rational';
import type { RoundingMode } from '../money/rounding';
import type { Recast } from '../schedule/term';
import type { Allocation as LineAllocation } from '../schedule/line';
import { lprOn, type LprEntry } from '../pricing/caps';
import { derive, liveTransactions, parseAllocationOrder, seqOf, sumAmounts, type AllocationLine, type Derived, type Due, type LedgerLoan, type Txn, type TxnKind } from './ledger';
import { rateOf, termsFromJson, termsFromRow } from './terms';

/** Who posts, when, and where the audit row goes. */
export interface Poster {
  /** The loan ledger inside the call's unit of work. */
  store: ServicingStore;
  /** The settings in the same unit of work (the waiver limits). */
  settings: SettingsStore;
  ids: IdSource;
  now: Date;
  businessDate: IsoDate;
  userId: string | null;
  role: string | null;
}

/**
 * The cap a court upholds for a lender of this kind: 4 x the one-year LPR on the contract date, from
 * the book's LPR table (src/pricing/lpr.ts).
 */
export function capRateOn(contractDate: IsoDate, table: readonly LprEntry[]): Rational | null {
  const lpr = lprOn(contractDate, table);
  if (!lpr) return null;
  const r = rateOf(lpr.rate);
  return { n: r.n * 4n, d: r.d };
}

export interface LoadedLoan {
  row: ServicingLoanRow;
  loan: LedgerLoan;
  booked: Due[];
  installmentRows: InstallmentRow[];
  txns: Txn[];
}

function ledgerLoan(row: ServicingLoanRow, lpr: () => readonly LprEntry[]): LedgerLoan {
  const revolving = row.method === 'revolving';
  const terms = revolving ? null : row.schedule_terms ? termsFromJson(row.schedule_terms) : termsFromRow(row);
  const annualRate = rateOf(row.annual_rate);
  const markup = rateOf(row.penalty_markup ?? row.product_penalty_markup);
  return {
    id: row.id,
    revolving,
    principal: BigInt(row.principal),
    disbursementDate: row.disbursement_date,
    maturityDate: row.maturity_date,
    annualRate,
    dayCount: row.day_count as DayCount,
    rounding: (terms?.rounding ?? row.rounding) as RoundingMode,
    decimals: row.decimals as Decimals,
    penaltyRate: { n: annualRate.n * (markup.d + markup.n), d: annualRate.d * markup.d },
    // Fixed at disbursement; a loan booked without it (a demo book) takes the book's LPR table now.
    capRate: row.penalty_cap_rate ? rateOf(row.penalty_cap_rate) : capRateOn(row.disbursement_date, lpr()),
    order: parseAllocationOrder(row.allocation_order),
    lineAllocation: (row.line_allocation ?? 'interest-first') as LineAllocation,
    creditLimit: row.credit_limit === null ? null : BigInt(row.credit_limit),
    terms,
  };
}

const big = (v: bigint | null): bigint => (v === null ? 0n : BigInt(v));

export function ledgerTxns(rows: readonly LedgerRow[]): Txn[] {
  const byId = new Map<string, Txn>();
  for (const r of rows) {
    let t = byId.get(r.id);
    if (!t) {
      t = {
        id: r.id,
        kind: r.kind as TxnKind,
        valueDate: r.value_date,
        businessDate: r.business_date,
        amount: BigInt(r.amount),
        reference: r.reference,
        reversesId: r.reverses_id,
        recast: r.recast as Recast | null,
        reason: r.reason,
        userId: r.user_id,
        userName: r.user_name,
        createdAt: r.created_at,
        allocations: [],
      };
      byId.set(r.id, t);
    }
    if (r.installment_n !== null) t.allocations.push({ n: r.installment_n, principal: big(r.principal), interest: big(r.interest), fee: big(r.fee), penalty: big(r.penalty) });
  }
  return [...byId.values()];
}

/**
 * The book keeps fen; a loan's engine works at its product's scale (whole yuan or fen). A loaded
 * loan speaks the loan's scale throughout — its row, installments and ledger — and everything
 * written back goes through `toBook`.
 */
function loanScaleRow(row: ServicingLoanRow): ServicingLoanRow {
  const d = row.decimals as Decimals;
  if (d === 2) return row;
  return {
    ...row,
    principal: fromBook(row.principal, d),
    amount_received: fromBook(row.amount_received, d),
    credit_limit: row.credit_limit === null ? null : fromBook(row.credit_limit, d),
    outstanding_principal: fromBook(row.outstanding_principal, d),
  };
}

function loanScaleInstallment(i: InstallmentRow, d: Decimals): InstallmentRow {
  if (d === 2) return i;
  return {
    ...i,
    principal_due: fromBook(i.principal_due, d), interest_due: fromBook(i.interest_due, d), fee_due: fromBook(i.fee_due, d),
    principal_paid: fromBook(i.principal_paid, d), interest_paid: fromBook(i.interest_paid, d), fee_paid: fromBook(i.fee_paid, d),
    penalty_accrued: fromBook(i.penalty_accrued, d), penalty_paid: fromBook(i.penalty_paid, d),
  };
}

function loanScaleLedger(r: LedgerRow, d: Decimals): LedgerRow {
  if (d === 2) return r;
  const opt = (v: bigint | null): bigint | null => (v === null ? null : fromBook(v, d));
  return { ...r, amount: fromBook(r.amount, d), principal: opt(r.principal), interest: opt(r.interest), fee: opt(r.fee), penalty: opt(r.penalty) };
}

/** A loan as read from the book (in fen), at its own scale. */
function assemble(booked: ServicingLoanRow, installments: readonly InstallmentRow[], ledger: readonly LedgerRow[], lpr: () => readonly LprEntry[]): LoadedLoan {
  const d = booked.decimals as Decimals;
  const row = loanScaleRow(booked);
  const installmentRows = installments.map((i) => loanScaleInstallment(i, d));
  const dues = installmentRows.map((i) => ({ n: i.n, dueDate: i.due_date, principal: BigInt(i.principal_due), interest: BigInt(i.interest_due), fee: BigInt(i.fee_due) }));
  return { row, loan: ledgerLoan(row, lpr), booked: dues, installmentRows, txns: ledgerTxns(ledger.map((r) => loanScaleLedger(r, d))) };
}

/** One loan by id or number, with its installments and ledger: three keyed reads (and the LPR table for a loan without a stored cap). */
export async function loadLoan(store: ServicingStore, ref: string): Promise<LoadedLoan> {
  const booked = (await store.loanById(ref)) ?? (await store.loanByNumber(ref));
  if (!booked) throw new SuanpanError('NOT_FOUND', 'servicing.loanNotFound', { loan: ref });
  const lpr = booked.penalty_cap_rate ? [] : await store.lprTable();
  return assemble(booked, await store.installments(booked.id), await store.ledger(booked.id), () => lpr);
}

export const fmt = (l: LoadedLoan, v: Minor): string => formatMinor(v, l.loan.decimals);

/** The latest live posting's date (the derived state in the book is as of that date). */
export function lastPostingDate(l: LoadedLoan): IsoDate {
  const live = liveTransactions(l.txns);
  return live.length ? (live[live.length - 1] as Txn).valueDate : l.row.disbursement_date;
}

/**
 * Rewrites the loan's derived state (installments and loan row) from its ledger, as of its latest
 * posting. `l` is the loan as the book now holds it: as loaded, with the transaction just written.
 */
async function persist(store: ServicingStore, l: LoadedLoan): Promise<Derived> {
  const loanId = l.row.id;
  const d = derive(l.loan, l.booked, l.txns, lastPostingDate(l));
  const scale = l.loan.decimals;
  const book = (v: Minor): Minor => toBook(v, scale);
  for (const [k, i] of d.installments.entries()) {
    const was = l.installmentRows[k] as InstallmentRow;
    const next = {
      loan_id: loanId,
      n: i.n,
      principal_due: i.due.principal,
      interest_due: i.due.interest,
      fee_due: i.due.fee,
      principal_paid: i.paid.principal,
      interest_paid: i.paid.interest,
      fee_paid: i.paid.fee,
      penalty_accrued: i.due.penalty,
      penalty_paid: i.paid.penalty,
      paid_date: i.paidDate,
    };
    const same =
      big(was.principal_due) === next.principal_due && big(was.interest_due) === next.interest_due && big(was.fee_due) === next.fee_due &&
      big(was.principal_paid) === next.principal_paid && big(was.interest_paid) === next.interest_paid && big(was.fee_paid) === next.fee_paid &&
      big(was.penalty_accrued) === next.penalty_accrued && big(was.penalty_paid) === next.penalty_paid && was.paid_date === next.paid_date;
    if (!same) {
      await store.updateInstallment({
        ...next,
        principal_due: book(next.principal_due), interest_due: book(next.interest_due), fee_due: book(next.fee_due),
        principal_paid: book(next.principal_paid), interest_paid: book(next.interest_paid), fee_paid: book(next.fee_paid),
        penalty_accrued: book(next.penalty_accrued), penalty_paid: book(next.penalty_paid),
      });
    }
  }
  await store.updateLoan({ id: loanId, principal: book(d.principal), outstanding_principal: book(d.outstanding), status: d.status, oldest_unpaid_due_date: d.oldestUnpaidDueDate, closed_date: d.closedDate });
  return d;
}

// ---------------------------------------------------------------- checks

export function checkDate(l: LoadedLoan, date: IsoDate, businessDate: IsoDate): void {
  if (date < l.row.disbursement_date) throw new SuanpanError('VALIDATION', 'servicing.dateBeforeDisbursement', { field: 'date', date, disbursed: l.row.disbursement_date });
  if (date > businessDate) throw new SuanpanError('VALIDATION', 'servicing.dateAfterBusinessDate', { field: 'date', date, businessDate });
  const last = lastPostingDate(l);
  if (date < last) throw new SuanpanError('RULE', 'servicing.dateBeforeLast', { date, last });
}

export function checkActive(l: LoadedLoan): void {
  if (l.row.status !== 'active') throw new SuanpanError('CONFLICT', 'servicing.loanClosed', { number: l.row.number, state: l.row.status });
}

/**
 * The loan's version: its latest posting's id (postings are numbered in the order they are made, a
 * reversal included), so any change to its ledger gives it a new one.
 */
export function versionOf(l: LoadedLoan): string {
  let latest = `${l.row.id}.000`;
  for (const t of l.txns) {
    const [a, b] = [seqOf(t.id), seqOf(latest)];
    if (a > b || (a === b && t.id > latest)) latest = t.id;
  }
  return latest;
}

/**
 * Refuses a posting made on a view of the loan older than the book's (another desk posted to it
 * since): the caller is told and reloads, rather than posting over what it has not seen.
 */
export function checkSeen(l: LoadedLoan, seen: string | undefined): void {
  if (seen !== undefined && seen !== versionOf(l)) throw new SuanpanError('CONFLICT', 'servicing.loanChanged', { number: l.row.number });
}

export function checkReference(l: LoadedLoan, reference: string | null): void {
  if (!reference) return;
  const live = liveTransactions(l.txns);
  const same = live.find((t) => t.reference === reference);
  if (same) throw new SuanpanError('CONFLICT', 'servicing.duplicateReference', { reference, number: l.row.number, transaction: same.id });
}

/** The next posting id on the loan: '<loan>.001', '<loan>.002', … (the disbursement is '.000'). */
function nextId(l: LoadedLoan): string {
  let max = 0;
  for (const t of l.txns) if (t.id.startsWith(`${l.row.id}.`)) max = Math.max(max, seqOf(t.id));
  return `${l.row.id}.${String(max + 1).padStart(3, '0')}`;
}

export interface NewTxn {
  kind: TxnKind;
  valueDate: IsoDate;
  lines: AllocationLine[];
  reference?: string | null;
  reversesId?: string | null;
  recast?: Recast | null;
  reason?: string | null;
  id?: string;
}

/** Writes one balanced transaction and its allocations, then the loan's derived state. */
export async function writeTxn(p: Poster, l: LoadedLoan, t: NewTxn): Promise<{ id: string; derived: Derived }> {
  const id = t.id ?? nextId(l);
  const amount = t.lines.reduce((a, x) => a + sumAmounts(x), 0n);
  if (amount <= 0n) throw new SuanpanError('INTERNAL', 'internal', { reason: 'a transaction must move money' });
  await p.store.insertTransaction({
    id,
    loan_id: l.row.id,
    kind: t.kind,
    value_date: t.valueDate,
    business_date: p.businessDate,
    amount: toBook(amount, l.loan.decimals),
    reference: t.reference ?? null,
    reverses_id: t.reversesId ?? null,
    user_id: p.userId,
    created_at: p.now.toISOString(),
    recast: t.recast ?? null,
    reason: t.reason ?? null,
  });
  const lines = [...t.lines].sort((x, y) => x.n - y.n);
  for (const a of lines) {
    const d = l.loan.decimals;
    await p.store.insertAllocation({ transaction_id: id, installment_n: a.n, principal: toBook(a.principal, d), interest: toBook(a.interest, d), fee: toBook(a.fee, d), penalty: toBook(a.penalty, d) });
  }
  // The ledger now is what was loaded and this transaction, as written: no second read of the loan.
  const written: Txn = {
    id,
    kind: t.kind,
    valueDate: t.valueDate,
    businessDate: p.businessDate,
    amount,
    reference: t.reference ?? null,
    reversesId: t.reversesId ?? null,
    recast: t.recast ?? null,
    reason: t.reason ?? null,
    userId: p.userId,
    userName: null,
    createdAt: p.now.toISOString(),
    allocations: lines.map((a) => ({ n: a.n, principal: a.principal, interest: a.interest, fee: a.fee, penalty: a.penalty })),
  };
  return { id, derived: await persist(p.store, { ...l, txns: [...l.txns, written] }) };
}

