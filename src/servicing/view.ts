/**
 * The loan page, in no language: facts, balances on the business date, the schedule with states,
 * the ledger, and the actions the caller may take now (the desk shows those and no others; every
 * action is still checked when it is called). Product names come in both languages; the desk picks.
 */
import type { CollectionStore } from '../collections/store';
import { daysBetween, type IsoDate } from '../calendar/date';
import { formatMinor, type Decimals, type Minor } from '../money/amount';
import { toDecimalString } from '../money/rational';
import { derive, liveTransactions, remaining, REVERSIBLE, seqOf, sumAmounts, zeroAmounts, type Amounts } from './ledger';
import { fmt, loadLoan, versionOf } from './store';
import type { ServicingStore } from './records';
import { kindOf, payoffOf, type Split } from './kinds';
import type { Permission } from '../api/define';

export type InstallmentStatus = 'paid' | 'partial' | 'overdue' | 'due' | 'upcoming';

/** What the caller may do to the loan now, from its state and the caller's permissions. */
export interface LoanActions {
  /** Repay, prepay or pay off. */
  pay: boolean;
  draw: boolean;
  waive: boolean;
  writeOff: boolean;
  recover: boolean;
  /** The posting a reversal would undo (only the latest live one, of a kind that can be reversed), if the caller may. */
  reverse: string | null;
  /** Open the loan's collection case page. */
  viewCase: boolean;
  /** Open a collection case for a late loan that has none (after a write-off is reversed, say). */
  openCase: boolean;
}

/** The loan page: facts, balances on the business date, the schedule with states, the ledger, and the caller's actions. */
export async function loanView(store: ServicingStore, cases: CollectionStore, ref: string, businessDate: IsoDate, may: (permission: Permission) => boolean) {
  const l = await loadLoan(store, ref);
  const asOf = businessDate < l.row.disbursement_date ? l.row.disbursement_date : businessDate;
  const d = derive(l.loan, l.booked, l.txns, asOf);
  const f = (v: Minor): string => fmt(l, v);
  const amounts = (a: Amounts) => ({ principal: f(a.principal), interest: f(a.interest), fee: f(a.fee), penalty: f(a.penalty), total: f(sumAmounts(a)) });
  const overdue = zeroAmounts();
  const dueToday = zeroAmounts();
  const schedule = d.installments.map((i) => {
    const rest = remaining(i);
    const open = sumAmounts(rest) > 0n;
    const status: InstallmentStatus = !open ? 'paid' : i.dueDate < asOf ? 'overdue' : i.dueDate === asOf ? 'due' : sumAmounts(i.paid) > 0n ? 'partial' : 'upcoming';
    const target = status === 'overdue' ? overdue : status === 'due' ? dueToday : null;
    if (target) for (const c of ['principal', 'interest', 'fee', 'penalty'] as const) target[c] += rest[c];
    return { n: i.n, dueDate: i.dueDate, due: amounts(i.due), paid: amounts(i.paid), remaining: amounts(rest), paidDate: i.paidDate, status };
  });
  const reversed = new Set(l.txns.filter((t) => t.kind === 'reversal').map((t) => t.reversesId));
  const ledger = [...l.txns]
    .sort((a, b) => (a.valueDate < b.valueDate ? -1 : a.valueDate > b.valueDate ? 1 : seqOf(a.id) - seqOf(b.id)))
    .map((t) => ({
      id: t.id, kind: t.kind, valueDate: t.valueDate, businessDate: t.businessDate, amount: f(t.amount), reference: t.reference, reversesId: t.reversesId,
      reversed: reversed.has(t.id), recast: t.recast, reason: t.reason, user: t.userName, createdAt: t.createdAt,
      allocations: t.allocations.map((a) => ({ n: a.n, principal: f(a.principal), interest: f(a.interest), fee: f(a.fee), penalty: f(a.penalty) })),
    }));
  const payoff = d.status === 'active' ? payoffOf(l, asOf) : null;
  const oldest = d.oldestUnpaidDueDate;
  const daysPastDue = oldest && oldest < asOf ? daysBetween(oldest, asOf) : 0;
  const collectionCase = await cases.openCaseOfLoan(l.row.id);
  const active = d.status === 'active';
  const services = may('loans.service');
  const live = liveTransactions(l.txns);
  const latest = live.at(-1);
  // A write-off made by mistake is undone only by someone who may write loans off.
  const reversible = latest && REVERSIBLE.has(latest.kind) && services && (latest.kind !== 'write_off' || may('loans.writeOff'));
  const actions: LoanActions = {
    pay: services && active,
    draw: services && active && kindOf(l).draws,
    // A line's interest is the line engine's to settle: only its penalty interest, when there is some, can be waived.
    waive: services && active && (!kindOf(l).draws || (payoff?.penalty ?? 0n) > 0n),
    writeOff: may('loans.writeOff') && active,
    recover: services && d.status === 'written_off',
    reverse: reversible ? latest.id : null,
    viewCase: collectionCase !== null && may('collections.read'),
    openCase: collectionCase === null && may('collections.work') && active && daysPastDue > 0,
  };
  return {
    loan: {
      id: l.row.id, number: l.row.number, applicationId: l.row.application_id, customerId: l.row.customer_id, customerName: l.row.customer_name,
      productId: l.row.product_id, product: { zh: l.row.product_name_zh, en: l.row.product_name_en }, method: l.row.method,
      principal: f(d.principal), annualRate: l.row.annual_rate, term: l.row.term, dayCount: l.row.day_count,
      disbursementDate: l.row.disbursement_date, firstDueDate: l.row.first_due_date, maturityDate: l.row.maturity_date,
      amountReceived: f(BigInt(l.row.amount_received)), creditLimit: l.loan.creditLimit === null ? null : f(l.loan.creditLimit),
      status: d.status, fiveCategory: l.row.five_category, closedDate: d.closedDate, recastChoice: l.row.recast_choice,
      penaltyRate: toDecimalString(l.loan.penaltyRate, 6), penaltyCapRate: l.loan.capRate ? toDecimalString(l.loan.capRate, 6) : null,
      contractHash: l.row.contract_hash,
    },
    businessDate: asOf,
    // Sent back with a posting (`seen`): a posting made on an older view of the loan is refused.
    version: versionOf(l),
    balances: {
      outstandingPrincipal: f(d.outstanding),
      overdue: amounts(overdue),
      dueToday: amounts(dueToday),
      oldestUnpaidDueDate: oldest,
      daysPastDue,
      lineInterest: f(d.lineInterest),
      available: l.loan.creditLimit === null ? null : f(l.loan.creditLimit - d.outstanding),
      penalty: { charged: f(d.charges.penalty), uncapped: f(d.charges.penaltyUncapped), cap: d.charges.cap === null ? null : f(d.charges.cap), interestCharged: f(d.charges.interest), feesCharged: f(d.charges.fees) },
      writtenOff: amounts(d.writtenOff),
      recovered: amounts(d.recovered),
      payoff: payoff ? { date: payoff.date, principal: f(payoff.principal), interest: f(payoff.interest), fees: f(payoff.fees), penalty: f(payoff.penalty), total: f(payoff.total) } : null,
    },
    schedule,
    ledger,
    // The loan's collection case still open, if any (the desk links to it, or offers to open one).
    collectionCase,
    actions,
  };
}

export function splitJson(s: Split, decimals: Decimals) {
  const f = (v: Minor): string => formatMinor(v, decimals);
  return {
    loanId: s.loanId,
    number: s.number,
    kind: s.kind,
    date: s.date,
    amount: f(s.amount),
    lines: s.lines.map((a) => ({ n: a.n, principal: f(a.principal), interest: f(a.interest), fee: f(a.fee), penalty: f(a.penalty), total: f(sumAmounts(a)) })),
    totals: { principal: f(s.totals.principal), interest: f(s.totals.interest), fee: f(s.totals.fee), penalty: f(s.totals.penalty) },
    prepaid: s.prepaid ? { interest: f(s.prepaid.interest), principal: f(s.prepaid.principal) } : null,
    recast: s.recast,
    after: {
      outstanding: f(s.after.outstanding),
      next: s.after.next ? { n: s.after.next.n, dueDate: s.after.next.dueDate, total: f(s.after.next.total) } : null,
      installmentsLeft: s.after.installmentsLeft,
      maturityDate: s.after.maturityDate,
    },
  };
}
