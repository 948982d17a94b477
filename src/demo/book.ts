/**
 * `suanpan demo`: a realistic loan book, deterministic for a seed. Customers (individuals and small
 * businesses), products of every method, applications in every state, loans of all ages booked from
 * the schedule engine with their installments, repayments and allocations, some late, some written
 * off, and collection cases for the late ones. Used by first run, the tests and the benchmarks.
 */
import type { Db } from '../db/connection';
import { demoLoader } from '../db/sqlite/demo';
import { identityRepo } from '../db/repos/identity';
import { addDays, daysBetween, periodDate } from '../calendar';
import { buildSchedule, type Method } from '../schedule/term';
import { termLoanFor, type TermProduct } from '../origination/termLoan';
import { parseDecimal, toDecimalString, type Rational } from '../money/rational';
import { lprTable } from '../pricing/lpr';
import { capRateOn } from '../servicing/store';
import { divRound } from '../money/rounding';
import { seededRandom } from '../ids';
import { customerTokens } from '../customers/search';
import { hashPassword } from '../identity/passwords';
import type { Role } from '../identity/roles';
import * as people from './people';
import { DEFAULT_SCORECARD } from '../scoring/default';
import { score } from '../scoring/scorecard';
import { standardProducts, STANDARD_PRODUCTS, type StandardProduct } from '../origination/products';

export interface DemoOptions {
  loans: number;
  seed: number;
  businessDate: string;
  /** Also create demo staff (one per role) with DEMO_PASSWORD. */
  staff?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export const DEMO_PASSWORD = 'demo2025';
export const DEMO_STAFF: { username: string; displayName: string; role: Role }[] = [
  { username: 'officer', displayName: '张信贷', role: 'officer' },
  { username: 'approver', displayName: '李审批', role: 'senior_approver' },
  { username: 'collector', displayName: '王催收', role: 'collections' },
  { username: 'manager', displayName: '赵网点', role: 'branch_manager' },
];

type Product = StandardProduct;

/**
 * The schedule settings of every demo term loan: monthly, per-period 30/360 interest, no grace, the
 * payment to the fen, half-up, no fees. Amounts do not depend on the day paid out, so one schedule
 * per method, amount, rate and term serves every loan that shares them.
 */
const DEMO_TERMS: Omit<TermProduct, 'method'> = {
  frequency: 'monthly', interestMode: 'per-period', dayCount: '30/360', principalGrace: 0, paymentMultiple: 1n,
  decimals: 2, rounding: 'half-up', upfrontFeeRate: '0', upfrontFeeDeducted: false, installmentFee: 0n,
};
const PRODUCTS = STANDARD_PRODUCTS;

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Cheap unique, time-ordered ids for bulk rows (ULID layout: time then a counter). */
function idMaker(startMs: number) {
  let counter = 0;
  let time = '';
  for (let t = startMs, i = 0; i < 10; i++, t = Math.floor(t / 32)) time = (ALPHABET[t % 32] as string) + time;
  return (): string => {
    let c = counter++;
    let tail = '';
    for (let i = 0; i < 16; i++, c = Math.floor(c / 32)) tail = (ALPHABET[c % 32] as string) + tail;
    return time + tail;
  };
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const category = (dpd: number): string => (dpd <= 0 ? 'normal' : dpd <= 90 ? 'special' : dpd <= 270 ? 'substandard' : dpd <= 360 ? 'doubtful' : 'loss');

export interface DemoSummary {
  customers: number;
  loans: number;
  installments: number;
  transactions: number;
  applications: number;
  cases: number;
  rows: number;
}

export function buildDemoBook(db: Db, options: DemoOptions): DemoSummary {
  const r = seededRandom(options.seed);
  const at = `${options.businessDate}T09:00:00.000Z`;
  const newId = idMaker(Date.parse(at));
  const bd = options.businessDate;
  const identity = identityRepo(db);
  identity.setBusinessDate(bd);

  if (options.staff) {
    const ids = { next: newId };
    for (const s of DEMO_STAFF) {
      if (identity.userByUsername(s.username)) continue;
      const { hash, salt } = hashPassword(DEMO_PASSWORD);
      identity.insertUser({ id: ids.next(), username: s.username, display_name: s.displayName, role_id: s.role, password_hash: hash, password_salt: salt, created_at: at });
    }
  }
  // Rows go in child-first within a loan and in batches, into tables the dialect's loader keeps.
  const big = options.loans >= 20_000;
  const load = demoLoader(db, big);
  const officerIds = load.userIds(['officer', 'senior_approver']);
  const collectorIds = load.userIds(['collections']);
  const pickOf = <T>(list: readonly T[]): T | null => (list.length ? (list[Math.floor(r() * list.length)] as T) : null);

  const summary: DemoSummary = { customers: 0, loans: 0, installments: 0, transactions: 0, applications: 0, cases: 0, rows: 0 };
  load.insertProducts(standardProducts(at));

  const { customers, search, applications, events, loans, cases, actions, promises } = load.tables;
  const { templates: templateRows, ledger, transactions, allocations } = load.scratch;
  // The legal line fixed on each loan as at its disbursement (4 x the book's LPR then), as a desk disbursement fixes it.
  const lpr = lprTable(db);
  const caps = new Map<string, string | null>();
  const capOn = (date: string): string | null => {
    let c = caps.get(date);
    if (c === undefined) {
      const r = capRateOn(date, lpr);
      c = r ? toDecimalString(r, 6) : null;
      caps.set(date, c);
    }
    return c;
  };
  const existing = load.lastCustomerKey();
  let customerKey = existing;
  const customerIds: string[] = [];
  const customerBirths: (string | null)[] = [];
  const seenIds = new Set<string>();
  const templates = new Map<string, { id: number; principal: bigint[]; interest: bigint[]; cumulative: bigint[]; received: bigint }>();
  const rates = new Map<string, Rational>(PRODUCTS.flatMap((p) => p.rates.map((x) => [x, parseDecimal(x) as Rational] as const)));
  const weightTotal = PRODUCTS.reduce((a, p) => a + p.weight, 0);
  const bdYear = Number(bd.slice(0, 4));

  const newCustomer = (since: string = bd): string => {
    const id = newId();
    const onFile = `${since}T09:00:00.000Z`;
    const business = r() < 0.1;
    let birthOf: string | null = null;
    customerKey++;
    if (business) {
      const name = people.businessName(r);
      const code = people.creditCode(r);
      const tel = people.phone(r);
      customers.add(id, 'business', name, null, code, tel, people.address(r), null, null, null, null, people.personName(r), BigInt(Math.floor(50 + r() * 5000)) * 1_000_000n, 1 + Math.floor(r() * 20), onFile, onFile);
      search.add(customerKey, customerTokens({ name, phone: tel, creditCode: code }).join(' '));
    } else {
      let idn: { id: string; birth: string };
      const male = r() < 0.55;
      do idn = people.idNumber(r, bdYear - 22 - Math.floor(r() * 40), male);
      while (seenIds.has(idn.id));
      seenIds.add(idn.id);
      const name = people.personName(r);
      const tel = people.phone(r);
      customers.add(id, 'individual', name, idn.id, null, tel, people.address(r), people.employer(r), BigInt(Math.floor(3 + r() * 40)) * 100_000n, idn.birth, male ? 'M' : 'F', null, null, null, onFile, onFile);
      birthOf = idn.birth;
      search.add(customerKey, customerTokens({ name, phone: tel, idNumber: idn.id }).join(' '));
    }
    customerIds.push(id);
    customerBirths.push(business ? null : birthOf);
    summary.customers++;
    return id;
  };

  let appSeq = 0;
  const appNumber = (date: string): string => `SQ${date.slice(0, 4)}${date.slice(5, 7)}${pad(++appSeq, 7)}`;

  const run = load.batch((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      // When, who and what. Loans come in date order, as a real book grows: the oldest first, three years back.
      const age = 1 + Math.floor(((options.loans - i) / options.loans) * (3 * 365 - 1));
      // Lenders here set due days 1-28, so a month-end never moves a due date.
      const drawnOn = addDays(bd, -age);
      const disbursed = Number(drawnOn.slice(8, 10)) > 28 ? `${drawnOn.slice(0, 8)}28` : drawnOn;
      const customerId = customerIds.length > 50 && r() < 0.3 ? (customerIds[Math.floor(r() * customerIds.length)] as string) : newCustomer(addDays(disbursed, -7));
      let w = r() * weightTotal;
      const product = PRODUCTS.find((p) => (w -= p.weight) < 0) ?? (PRODUCTS[0] as Product);
      const term = product.terms[Math.floor(r() * product.terms.length)] as number;
      const rateText = product.rates[Math.floor(r() * product.rates.length)] as string;
      // Amounts in round thousands, and round five-thousands above 50,000, as officers book them.
      const thousands = product.minYuan + Math.floor(r() * (product.maxYuan - product.minYuan + 1));
      const amountYuan = (thousands > 50 ? Math.round(thousands / 5) * 5 : thousands) * 1000;
      const principal = BigInt(amountYuan) * 100n;
      const firstDue = periodDate(disbursed, 1, 'monthly');
      const loanId = newId();
      const appId = `${loanId}.A`;
      // Its application (written from the loan rows below, in one pass).
      summary.applications++;
      const number = `DK${disbursed.slice(0, 4)}${pad(i + 1, 8)}`;
      const behaviour = r();

      if (product.method === 'revolving') {
        // A line: one draw, perhaps a repayment; no installment schedule.
        const drawn = principal / 2n;
        const repaid = behaviour < 0.6 ? drawn / 2n : 0n;
        const expiry = periodDate(disbursed, term, 'monthly');
        const rate = rates.get(rateText) as Rational;
        // Interest on a balance for some days at the line's rate (ACT/360), half up to the fen, as the ledger rounds it.
        const interestOn = (balance: bigint, from: string, to: string): bigint => divRound(balance * BigInt(daysBetween(from, to)) * rate.n, rate.d * 360n, 'half-up');
        // A line that has expired was repaid in full on its expiry; one still open owes its balance then.
        const expired = expiry <= bd;
        loans.add(loanId, number, appId, customerId, product.id, 'revolving', drawn, rateText, term, 'monthly', 'ACT/360', disbursed, firstDue, expiry, drawn, principal,
          expired ? 'closed' : 'active', expired ? 0n : drawn - repaid, expired || drawn === repaid ? null : expiry, 'normal', expired ? expiry : null, at, capOn(disbursed));
        transactions.add(`D${loanId}`, loanId, 'draw', disbursed, disbursed, drawn, at);
        allocations.add(`D${loanId}`, 0, drawn, 0n);
        let since = disbursed;
        if (repaid > 0n) {
          const repay = `R${loanId}`;
          const day = addDays(disbursed, Math.min(age - 1, 20));
          const interest = interestOn(drawn, disbursed, day);
          transactions.add(repay, loanId, 'repayment', day, day, repaid + interest, at);
          allocations.add(repay, 0, repaid, interest);
          since = day;
        }
        if (expired) {
          const payoff = `R${loanId}.2`;
          const interest = interestOn(drawn - repaid, since, expiry);
          transactions.add(payoff, loanId, 'repayment', expiry, expiry, drawn - repaid + interest, at);
          allocations.add(payoff, 0, drawn - repaid, interest);
        }
        summary.loans++;
        continue;
      }

      const key = `${product.method}|${principal}|${rateText}|${term}`;
      let tpl = templates.get(key);
      if (!tpl) {
        const loan = termLoanFor({ ...DEMO_TERMS, method: product.method as Method }, { principal, annualRate: rates.get(rateText) as Rational, term, disbursementDate: '2025-01-15', fees: [] });
        const sch = buildSchedule(loan);
        const cumulative = [0n];
        for (const row of sch.installments) cumulative.push((cumulative.at(-1) as bigint) + row.principal);
        tpl = { id: templates.size + 1, principal: sch.installments.map((x) => x.principal), interest: sch.installments.map((x) => x.interest), cumulative, received: sch.amountReceived };
        templates.set(key, tpl);
        sch.installments.forEach((row, k) => templateRows.add(tpl!.id, k + 1, row.principal, row.interest));
      }
      // Due dates fall on the disbursement day (1-28) of each month, so the count due by the
      // business date is a month difference.
      const elapsed = (bdYear - Number(firstDue.slice(0, 4))) * 12 + (Number(bd.slice(5, 7)) - Number(firstDue.slice(5, 7))) + (Number(bd.slice(8, 10)) >= Number(firstDue.slice(8, 10)) ? 1 : 0);
      const dueCount = Math.max(0, Math.min(term, elapsed));
      // Good payers pay everything due; late payers stopped at some installment; a few were written off.
      let paidCount = dueCount;
      let status = dueCount === term ? 'closed' : 'active';
      if (behaviour > 0.86 && dueCount > 0) {
        paidCount = Math.floor(r() * dueCount);
        status = 'active';
      }
      const writtenOff = behaviour > 0.975 && dueCount - paidCount >= 7;
      if (writtenOff) status = 'written_off';
      ledger.add(loanId, tpl.id, firstDue, paidCount, tpl.received);
      const paidPrincipal = tpl.cumulative[paidCount] as bigint;
      summary.installments += term;
      const maturity = periodDate(firstDue, term - 1, 'monthly');
      const outstanding = principal - paidPrincipal;
      const oldestUnpaid = paidCount < term ? periodDate(firstDue, paidCount, 'monthly') : null;
      const dpd = oldestUnpaid && oldestUnpaid < bd ? daysBetween(oldestUnpaid, bd) : 0;
      const closedDate = status === 'closed' ? maturity : null;
      loans.add(loanId, number, appId, customerId, product.id, product.method, principal, rateText, term, 'monthly', '30/360', disbursed, firstDue, maturity, tpl.received, null, status, writtenOff ? 0n : outstanding, oldestUnpaid, writtenOff ? 'loss' : category(dpd), closedDate, at, capOn(disbursed));
      if (writtenOff) {
        const day = addDays(oldestUnpaid as string, 181);
        transactions.add(`W${loanId}`, loanId, 'write_off', day <= bd ? day : bd, day <= bd ? day : bd, outstanding, at);
        // The principal still owed on each unpaid installment, as a write-off at the desk settles it.
        for (let k = paidCount; k < term; k++) allocations.add(`W${loanId}`, k + 1, tpl.principal[k] as bigint, 0n);
      }
      summary.loans++;

      if (dpd > 0 && !writtenOff) {
        const caseId = newId();
        const collector = pickOf(collectorIds);
        cases.add(caseId, loanId, addDays(oldestUnpaid as string, 1), dpd > 90 ? 'legal' : 'open', collector, dpd >= 90 ? 'final-demand' : dpd >= 30 ? 'second-notice' : dpd >= 7 ? 'first-notice' : 'reminder', `${addDays(bd, -1)}T10:30:00.000Z`, oldestUnpaid, outstanding);
        actions.add(newId(), caseId, `${addDays(bd, -1)}T10:30:00.000Z`, collector, 'call', 'debtor', r() < 0.6 ? 1 : 0, r() < 0.5 ? 'promised' : 'no-answer', null);
        if (r() < 0.4) {
          // A promise already past its date was broken (the loan is still late); one ahead is pending.
          const days = r() < 0.5 ? -3 : 5;
          r(); // (kept: the draw that once chose the state, so books from a seed stay the same otherwise)
          promises.add(newId(), caseId, addDays(bd, days), (tpl.principal[paidCount] as bigint) + (tpl.interest[paidCount] as bigint), days < 0 ? 'broken' : 'pending', at, collector);
        }
        summary.cases++;
      }
    }
  });

  const chunk = 5000;
  for (let from = 0; from < options.loans; from += chunk) {
    run(from, Math.min(options.loans, from + chunk));
    options.onProgress?.(Math.min(options.loans, from + chunk), options.loans);
  }

  // Every loan's application, written by SQL from the loan rows while the applications table
  // holds nothing else, so its keys append in order.
  load.finishLoans(officerIds);

  // Applications still moving through origination, in every state.
  const states = ['draft', 'submitted', 'screened', 'scored', 'review', 'approved', 'declined', 'returned', 'signed', 'withdrawn'] as const;
  load.batch(() => {
    const extra = Math.max(10, Math.floor(options.loans * 0.03));
    for (let i = 0; i < extra; i++) {
      const state = states[i % states.length] as (typeof states)[number];
      const id = newId();
      const k = Math.floor(r() * customerIds.length);
      const customerId = (customerIds[k] ?? newCustomer()) as string;
      const birth = customerBirths[k] ?? null;
      const officer = pickOf(officerIds);
      const created = addDays(bd, -Math.floor(r() * 20));
      // What an officer copies from the applicant and the credit report; scored with the shipped
      // scorecard (debt to income here without the new loan's payment, which submitting adds).
      const income = 3000 + Math.floor(r() * 37_000);
      const debt = Math.floor(income * r() * 0.5);
      const years = Math.floor(r() * 15);
      const late24 = r() < 0.75 ? 0 : 1 + Math.floor(r() * 6);
      const inquiries = Math.floor(r() * 9);
      const lateNow = r() < 0.95 ? 0 : 1;
      const scored = state === 'draft' ? null : score(DEFAULT_SCORECARD, {
        age: birth ? Number(bd.slice(0, 4)) - Number(birth.slice(0, 4)) : null, employmentYears: years, monthlyIncome: income,
        debtToIncome: Math.floor((debt * 10_000) / income), bureauOverdue24m: late24, bureauInquiries6m: inquiries, history: 'new',
      });
      applications.add(id, appNumber(created), customerId, (PRODUCTS[i % 4] as Product).id, BigInt((10 + Math.floor(r() * 290)) * 1000) * 100n, 12, '消费', state,
        BigInt(income) * 100n, BigInt(debt) * 100n, years, late24, inquiries, lateNow, scored?.score ?? null, scored?.grade ?? null, scored?.pd ?? null,
        officer, state === 'draft' ? null : officer, state === 'draft' ? null : `${created}T10:00:00.000Z`, `${created}T09:00:00.000Z`, `${created}T10:00:00.000Z`);
      events.add(newId(), id, `${created}T09:00:00.000Z`, officer, null, 'draft', null);
      if (state !== 'draft') events.add(newId(), id, `${created}T10:00:00.000Z`, officer, 'draft', state, null);
      summary.applications++;
    }
  })();
  load.flushApplications();

  // The term loans' installments, repayments and allocations, from their schedule templates.
  const counts = load.finish(bd, at);
  summary.transactions = counts.transactions;
  summary.applications = counts.applications;
  summary.rows = [customers, search, events, loans, cases, actions, promises].reduce((a, b) => a + b.count, 0) + counts.applications + counts.transactions + counts.installments + counts.allocations;
  return summary;
}
