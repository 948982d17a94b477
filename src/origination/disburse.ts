/**
 * Disbursement: the step from a signed contract to a booked loan. Books the loan and exactly the
 * schedule printed in its issued contract (after checking that the schedule engine, with the
 * product's settings, gives the same rows, so later recasts continue the printed schedule), records
 * the disbursement, and moves the application to 'disbursed'. A line opens with its limit and a
 * first draw.
 */
import { SuanpanError } from '../errors';
import type { DayCount } from '../calendar/daycount';
import type { DocumentStore } from '../documents/store';
import type { ApplicationStore } from './store';
import { formatMinor, parseMinor, type Decimals, type Minor } from '../money/amount';
import { toDecimalString } from '../money/rational';
import { toBook } from '../money/money';
import { amountField } from '../schedule/service';
import { buildSchedule, type Fee, type Method, type Recast } from '../schedule/term';
import type { LoanContent } from '../documents/loanDocuments';
import { zeroAmounts, type AllocationLine } from '../servicing/ledger';
import { capRateOn, loadLoan, writeTxn, type Poster } from '../servicing/store';
import { rateOf, termsToJson } from '../servicing/terms';
import { productTerms } from './service';
import { termLoanFor } from './termLoan';

const minorOf = (text: string, decimals: number): Minor => {
  const v = parseMinor(text, decimals);
  if (v === null) throw new SuanpanError('INTERNAL', 'internal', { reason: `not an amount: ${text}` });
  return v;
};

/** Pays out a signed application (see the top of this file). */
export async function disburse(p: Poster, docs: DocumentStore, apps: ApplicationStore, input: { applicationId: string; recast?: Recast | undefined; drawAmount?: string | undefined }) {
  const app = await apps.byId(input.applicationId);
  if (!app) throw new SuanpanError('NOT_FOUND', 'applications.notFound', { id: input.applicationId });
  if (app.state !== 'signed') throw new SuanpanError('CONFLICT', 'applications.state', { number: app.number, state: app.state, expected: 'signed' });
  const text = await docs.latestContent('application', app.id, 'contract');
  if (!text) throw new SuanpanError('RULE', 'documents.noContract', { number: app.number });
  const content = JSON.parse(text) as LoanContent;
  const contractHash = (await docs.issuedFor('application', app.id)).find((d) => d.type === 'contract')?.content_hash ?? null;
  const product = await apps.productById(app.productId);
  if (!product) throw new SuanpanError('NOT_FOUND', 'applications.productNotFound', { id: app.productId });
  if (content.disbursementDate !== p.businessDate) {
    throw new SuanpanError('RULE', 'servicing.contractDate', { number: content.number, date: content.disbursementDate, businessDate: p.businessDate });
  }
  const decimals = product.decimals as Decimals;
  const money = (t: string): Minor => minorOf(t, decimals);
  // The book keeps fen; the loan's amounts are at its product's scale.
  const book = (v: Minor): Minor => toBook(v, decimals);
  const loanId = p.ids.next();
  // The line is fixed now, from the LPR the book has for the contract date, and stays with the loan.
  const capRate = capRateOn(content.issuedOn, await p.store.lprTable());
  const repo = p.store;
  const base = {
    id: loanId,
    number: content.number,
    application_id: app.id,
    customer_id: app.customerId,
    product_id: app.productId,
    annual_rate: content.rate,
    term: content.term,
    frequency: product.frequency,
    day_count: content.dayCount,
    disbursement_date: content.disbursementDate,
    first_due_date: content.firstDueDate,
    maturity_date: content.maturityDate,
    contract_hash: contractHash,
    created_at: p.now.toISOString(),
    penalty_markup: content.penaltyMarkup,
    penalty_cap_rate: capRate ? toDecimalString(capRate, 6) : null,
    recast_choice: input.recast ?? 'reduce-payment',
  };
  let lines: AllocationLine[];
  let received: Minor;
  if (content.method === 'revolving') {
    const limit = money(content.amount);
    // The first draw, at the line's own scale (whole yuan on a whole-yuan line).
    const first = input.drawAmount === undefined ? limit : amountField(input.drawAmount, 'drawAmount', decimals);
    if (first > limit) throw new SuanpanError('RULE', 'servicing.lineLimit', { amount: formatMinor(first, decimals), limit: content.amount, available: content.amount });
    received = first;
    await repo.insertLoan({ ...base, method: 'revolving', principal: book(first), amount_received: book(first), credit_limit: book(limit), oldest_unpaid_due_date: null, schedule_terms: null });
    lines = [{ n: 0, ...zeroAmounts(), principal: first }];
  } else {
    const amount = money(content.amount);
    received = money(content.amountReceived);
    const upfront = money(content.upfrontFees);
    const perInstallment = content.schedule[0] ? money(content.schedule[0].fee) : 0n;
    const fees: Fee[] = [];
    if (upfront > 0n) fees.push({ kind: 'upfront', amount: upfront, deducted: received < amount });
    if (perInstallment > 0n) fees.push({ kind: 'per-installment', amount: perInstallment, deducted: false });
    // The terms as printed: the product's schedule settings, the contract's amount, rate, dates and fees.
    const terms = termLoanFor({ ...productTerms(product), method: content.method as Method }, {
      principal: amount,
      annualRate: rateOf(content.rate),
      term: content.term,
      disbursementDate: content.disbursementDate,
      firstDueDate: content.firstDueDate,
      dayCount: content.dayCount as DayCount,
      fees,
    });
    // The printed rows must be what the engine gives: recasts continue from them.
    const engine = buildSchedule(terms).installments;
    content.schedule.forEach((r, k) => {
      const e = engine[k];
      const ok = e && e.n === r.n && e.dueDate === r.dueDate && e.principal === money(r.principal) && e.interest === money(r.interest) && e.fee === money(r.fee) && e.balance === money(r.balance);
      if (!ok) throw new SuanpanError('RULE', 'servicing.contractMismatch', { number: content.number, n: r.n });
    });
    if (engine.length !== content.schedule.length) throw new SuanpanError('RULE', 'servicing.contractMismatch', { number: content.number, n: engine.length });
    const financed = content.schedule.reduce((a, r) => a + money(r.principal), 0n);
    await repo.insertLoan({
      ...base, method: content.method, principal: book(financed), amount_received: book(received), credit_limit: null,
      oldest_unpaid_due_date: content.schedule[0]?.dueDate ?? null, schedule_terms: termsToJson(terms),
    });
    for (const r of content.schedule) {
      await repo.insertInstallment({ loan_id: loanId, n: r.n, due_date: r.dueDate, principal_due: book(money(r.principal)), interest_due: book(money(r.interest)), fee_due: book(money(r.fee)) });
    }
    lines = [{ n: 0, ...zeroAmounts(), principal: financed, fee: -upfront }];
  }
  const at = p.now.toISOString();
  if (!(await apps.setState(app.id, 'signed', 'disbursed', at))) throw new SuanpanError('CONFLICT', 'applications.changedMeanwhile', { number: app.number });
  await apps.insertEvent({ id: p.ids.next(), applicationId: app.id, at, userId: p.userId, fromState: 'signed', toState: 'disbursed', note: content.number });
  const l = await loadLoan(p.store, loanId);
  const { id } = await writeTxn(p, l, { id: `${loanId}.000`, kind: 'disbursement', valueDate: content.disbursementDate, lines });
  return { loanId, number: content.number, transactionId: id, amountPaidOut: received, decimals, disbursementDate: content.disbursementDate };
}

