/**
 * What a loan's documents say, gathered from the book: for an approved application, the offer's
 * terms priced from the issue date (the schedule servicing will book); for a booked loan, its
 * installments as they stand in the ledger. The lender's details come from the document settings.
 */
import { z } from 'zod';
import { SuanpanError } from '../errors';
import type { CustomerStore } from '../customers/store';
import type { LprStore } from '../pricing/store';
import type { ApplicationStore, Product } from '../origination/store';

/** The stores a document reads: its own tables, the borrower, the LPR table, the application and its product, the settings. */
export interface DocumentStores {
  customers: CustomerStore;
  lpr: LprStore;
  documents: DocumentStore;
  settings: SettingsStore;
  notices: NoticeStore;
  ledger: ServicingStore;
  applications: ApplicationStore;
}
import type { DocumentStore, NoticeStore } from './store';
import type { ServicingStore } from '../servicing/records';
import type { SettingsStore } from '../settings/store';
import { addMonths, repaymentDay, type DayCount, type Frequency } from '../calendar';
import { formatMinor, toChineseCapital, type Decimals } from '../money/amount';
import { fromBook } from '../money/money';
import { parseDecimal, toDecimalString, type Rational } from '../money/rational';
import { divRound, type RoundingMode } from '../money/rounding';
import { buildSchedule, firstDueDateOf } from '../schedule/term';
import { lineAnnualizedRate, lineDailyRate, type Allocation } from '../schedule/line';
import { scheduleToJson } from '../schedule/service';
import { annualizedRate } from '../pricing/apr';
import { checkRateCaps, type LprEntry } from '../pricing/caps';
import { productTerms } from '../origination/service';
import { termLoanFor } from '../origination/termLoan';
import type { LoanContent, Party } from './loanDocuments';

export const documentSettingsShape = z.strictObject({
  lender: z.strictObject({
    name: z.string().trim().min(1).max(100),
    address: z.string().trim().max(200),
    phone: z.string().trim().max(40),
    licence: z.string().trim().max(100),
  }),
  court: z.string().trim().min(1).max(200),
  /** Clauses added at the end of every contract, one paragraph each. */
  extraClauses: z.array(z.string().trim().min(1).max(2000)).max(20),
});
export type DocumentSettings = z.infer<typeof documentSettingsShape>;

export const DEFAULT_DOCUMENT_SETTINGS: DocumentSettings = {
  lender: { name: '示范小额贷款有限公司', address: '（请在设置中填写贷款人地址）', phone: '', licence: '' },
  court: '甲方住所地有管辖权的人民法院',
  extraClauses: [],
};

/** What documents print about the lender (the shipped defaults until an administrator saves them). */
export async function documentSettings(settings: SettingsStore): Promise<DocumentSettings> {
  const row = await settings.get('documents');
  return row ? documentSettingsShape.parse(row.value) : DEFAULT_DOCUMENT_SETTINGS;
}

/** A book amount (fen) as the loan's documents print it: at the product's own scale (whole yuan or fen). */
const amountAt = (v: bigint, decimals: Decimals): string => formatMinor(fromBook(v, decimals), decimals);
const rate = (t: string): Rational => parseDecimal(t) as Rational;
const allocationOf = (a: string | null): Allocation => (a === 'principal-first' ? 'principal-first' : 'interest-first');

function lenderParty(s: DocumentSettings): Party {
  return { kind: 'lender', name: s.lender.name, address: s.lender.address || null, phone: s.lender.phone || null, licence: s.lender.licence || null };
}

async function borrowerParty(customers: CustomerStore, customerId: string): Promise<Party> {
  const c = await customers.byId(customerId);
  if (!c) throw new SuanpanError('NOT_FOUND', 'customers.notFound', { id: customerId });
  return { kind: c.kind, name: c.name, idNumber: c.idNumber, creditCode: c.creditCode, legalRepresentative: c.legalRepresentative, address: c.address, phone: c.phone };
}

/** The contract number of an application: its own number under the contract prefix. */
export const contractNumberOf = (applicationNumber: string): string => applicationNumber.replace(/^SQ/, 'JK');

/**
 * The documents' content for an approved (or signed) application. Once a contract has been issued,
 * its content is what every later copy says: the dates do not move with the business date.
 */
export async function applicationContent(stores: DocumentStores, applicationId: string, businessDate: string): Promise<LoanContent> {
  const row = await stores.applications.byId(applicationId);
  if (!row) throw new SuanpanError('NOT_FOUND', 'applications.notFound', { id: applicationId });
  if (!['approved', 'signed', 'disbursed'].includes(row.state)) {
    throw new SuanpanError('CONFLICT', 'applications.state', { number: row.number, state: row.state, expected: 'approved / signed' });
  }
  const issued = await stores.documents.latestContent('application', applicationId, 'contract');
  if (issued) return JSON.parse(issued) as LoanContent;
  const stored = await productOf(stores.applications, row.productId);
  const product = productTerms(stored);
  const d = product.decimals;
  const yuan = (v: bigint): string => amountAt(v, d);
  const amount = row.offeredAmount ?? row.amount;
  const term = row.offeredTerm ?? row.term;
  const annual = rate(row.offeredRate ?? product.minRate);
  const settings = await documentSettings(stores.settings);
  const markup = rate(stored.penaltyMarkup);
  // The 4 x LPR warning takes the line from the book's LPR table.
  const lpr = await stores.lpr.all();
  const borrower = await borrowerParty(stores.customers, row.customerId);
  if (product.method === 'revolving') {
    return lineContent({
      number: contractNumberOf(row.number), issuedOn: businessDate, borrower, product: product.nameZh, purpose: row.purpose,
      limit: amount, term, annual, dayCount: product.dayCount, markup, rounding: product.rounding, allocation: allocationOf(stored.lineAllocation),
      opens: businessDate, firstDueDate: businessDate, expires: addMonths(businessDate, term), decimals: d,
    }, settings, lpr);
  }
  // Paid out on the issue date; the first installment one period later and every due date on the
  // day of the month paid out (the last day of a shorter month), as the offer and servicing have it.
  const loan = termLoanFor({ ...product, method: product.method }, { principal: fromBook(amount, d), annualRate: annual, term, disbursementDate: businessDate });
  const firstDue = firstDueDateOf(loan);
  const day = repaymentDay(businessDate, firstDue, product.frequency);
  const json = scheduleToJson(loan, buildSchedule(loan), lpr);
  return {
    number: contractNumberOf(row.number),
    issuedOn: businessDate,
    lender: lenderParty(settings),
    borrower,
    court: settings.court,
    product: product.nameZh,
    method: product.method,
    purpose: row.purpose,
    amount: yuan(amount),
    amountCapital: toChineseCapital(amount),
    amountReceived: json.amountReceived,
    upfrontFees: json.upfrontFees,
    term,
    rate: toDecimalString(annual, 6),
    monthlyRate: json.rateEquivalents.monthly,
    dayCount: product.dayCount,
    annualizedRate: json.annualizedRate.nominal,
    capWarnings: json.annualizedRate.capWarnings.map((w) => ({ code: w.code, limit: w.limit })),
    penaltyRate: toDecimalString({ n: annual.n * (markup.d + markup.n), d: annual.d * markup.d }, 6),
    penaltyMarkup: toDecimalString(markup, 4),
    disbursementDate: businessDate,
    firstDueDate: firstDue,
    maturityDate: json.maturityDate,
    repaymentDay: day,
    payment: json.payment,
    totals: { principal: json.totals.principal, interest: json.totals.interest, fees: json.totals.fees, total: json.totals.total },
    schedule: json.installments.filter((r) => r.kind === 'installment').map((r) => ({ n: r.n, dueDate: r.dueDate, principal: r.principal, interest: r.interest, fee: r.fee, total: r.total, balance: r.balance })),
    extraClauses: settings.extraClauses,
  };
}

/** What a line's documents are made from, for an approved application or a booked line alike. */
interface LineSpec {
  number: string;
  issuedOn: string;
  borrower: Party;
  product: string;
  purpose: string;
  limit: bigint;
  term: number;
  annual: Rational;
  dayCount: DayCount;
  markup: Rational;
  rounding: RoundingMode;
  allocation: Allocation;
  /** The day the line opens and the day it expires (every draw repaid by then). */
  opens: string;
  firstDueDate: string;
  expires: string;
  /** The product's scale; `limit` is in fen, as the book keeps it. */
  decimals: Decimals;
}

/** Days in the example draw a line's documents work through. */
const EXAMPLE_DAYS = 30;

/**
 * A line (随借随还): a limit, a daily rate and the availability period, no fixed schedule; interest
 * only on what is drawn, for the days it is drawn. Its annualized rate is the daily rate x 365,
 * simple (PBOC Announcement [2021] No. 3; a line charges no fee, see `lineAnnualizedRate`), and the
 * documents show it at work on an example: the whole limit drawn for 30 days.
 */
function lineContent(spec: LineSpec, settings: DocumentSettings, lpr: readonly LprEntry[]): LoanContent {
  const { annual, markup } = spec;
  const d = spec.decimals;
  // The limit in the line's own units, so the example's interest rounds as its ledger will.
  const limit = fromBook(spec.limit, d);
  const yuan = (v: bigint): string => formatMinor(v, d);
  const zero = yuan(0n);
  const daily = lineDailyRate(annual, spec.dayCount);
  const apr = toDecimalString(lineAnnualizedRate(annual, spec.dayCount), 6);
  // limit x daily rate x 30 days, rounded once with the product's mode, as the ledger rounds a line's interest.
  const exampleInterest = divRound(limit * daily.n * BigInt(EXAMPLE_DAYS), daily.d, spec.rounding);
  return {
    number: spec.number,
    issuedOn: spec.issuedOn,
    lender: lenderParty(settings),
    borrower: spec.borrower,
    court: settings.court,
    product: spec.product,
    method: 'revolving',
    purpose: spec.purpose,
    amount: yuan(limit),
    amountCapital: toChineseCapital(spec.limit),
    amountReceived: yuan(limit),
    upfrontFees: zero,
    term: spec.term,
    rate: toDecimalString(annual, 6),
    monthlyRate: toDecimalString({ n: annual.n, d: annual.d * 12n }, 8),
    dayCount: spec.dayCount,
    annualizedRate: apr,
    capWarnings: checkRateCaps(apr, spec.opens, lpr).map((w) => ({ code: w.code, limit: w.limit })),
    penaltyRate: toDecimalString({ n: annual.n * (markup.d + markup.n), d: annual.d * markup.d }, 6),
    penaltyMarkup: toDecimalString(markup, 4),
    disbursementDate: spec.opens,
    firstDueDate: spec.firstDueDate,
    maturityDate: spec.expires,
    repaymentDay: 0,
    payment: zero,
    totals: { principal: zero, interest: zero, fees: zero, total: zero },
    schedule: [],
    extraClauses: settings.extraClauses,
    line: {
      limit: yuan(limit),
      dailyRate: toDecimalString(daily, 10),
      aprMethod: 'simple',
      allocation: spec.allocation,
      example: { amount: yuan(limit), days: EXAMPLE_DAYS, interest: yuan(exampleInterest) },
    },
  };
}

async function productOf(apps: ApplicationStore, id: string): Promise<Product> {
  const p = await apps.productById(id);
  if (!p) throw new SuanpanError('NOT_FOUND', 'applications.productNotFound', { id });
  return p;
}

/** The documents' content for a loan in the book, from its installments as booked. */
export async function loanContent(stores: DocumentStores, loanId: string, businessDate: string): Promise<LoanContent> {
  const docs = stores.documents;
  const loan = await docs.loan(loanId);
  if (!loan) throw new SuanpanError('NOT_FOUND', 'documents.loanNotFound', { id: loanId });
  const borrower = await borrowerParty(stores.customers, loan.customer_id);
  const lpr = await stores.lpr.all();
  if (loan.method === 'revolving') {
    // A line has no installments to read back: its documents state its terms as booked.
    return lineContent({
      number: loan.number, issuedOn: businessDate, borrower, product: loan.product_name, purpose: loan.purpose ?? '—',
      limit: BigInt(loan.credit_limit ?? loan.principal), term: loan.term, annual: rate(loan.annual_rate), dayCount: loan.day_count as DayCount,
      markup: rate(loan.penalty_markup), rounding: loan.rounding as RoundingMode, allocation: allocationOf(loan.line_allocation),
      opens: loan.disbursement_date, firstDueDate: loan.first_due_date, expires: loan.maturity_date, decimals: loan.decimals as Decimals,
    }, await documentSettings(stores.settings), lpr);
  }
  const yuan = (v: bigint): string => amountAt(v, loan.decimals as Decimals);
  const rows = await docs.installments(loanId);
  const principal = BigInt(loan.principal);
  let balance = principal;
  const totals = { principal: 0n, interest: 0n, fees: 0n };
  const schedule = rows.map((r) => {
    const p = BigInt(r.principal_due);
    const i = BigInt(r.interest_due);
    const f = BigInt(r.fee_due);
    balance -= p;
    totals.principal += p;
    totals.interest += i;
    totals.fees += f;
    return { n: r.n, dueDate: r.due_date, principal: yuan(p), interest: yuan(i), fee: yuan(f), total: yuan(p + i + f), balance: yuan(balance) };
  });
  const received = BigInt(loan.amount_received);
  const apr = annualizedRate('irr', [{ date: loan.disbursement_date, amount: yuan(received) }], schedule.map((r) => ({ date: r.dueDate, amount: r.total })), 'monthly');
  const annual = rate(loan.annual_rate);
  const markup = rate(loan.penalty_markup);
  const settings = await documentSettings(stores.settings);
  const aprText = apr.rate.toFixed(6);
  return {
    number: loan.number,
    issuedOn: businessDate,
    lender: lenderParty(settings),
    borrower,
    court: settings.court,
    product: loan.product_name,
    method: loan.method,
    purpose: loan.purpose ?? '—',
    amount: yuan(principal),
    amountCapital: toChineseCapital(principal),
    amountReceived: yuan(received),
    upfrontFees: yuan(principal - received > 0n ? principal - received : 0n),
    term: loan.term,
    rate: toDecimalString(annual, 6),
    monthlyRate: toDecimalString({ n: annual.n, d: annual.d * 12n }, 8),
    dayCount: loan.day_count,
    annualizedRate: aprText,
    capWarnings: checkRateCaps(aprText, loan.disbursement_date, lpr).map((w) => ({ code: w.code, limit: w.limit })),
    penaltyRate: toDecimalString({ n: annual.n * (markup.d + markup.n), d: annual.d * markup.d }, 6),
    penaltyMarkup: toDecimalString(markup, 4),
    disbursementDate: loan.disbursement_date,
    firstDueDate: loan.first_due_date,
    maturityDate: loan.maturity_date,
    repaymentDay: repaymentDay(loan.disbursement_date, loan.first_due_date, loan.frequency as Frequency),
    payment: schedule[0]?.total ?? yuan(0n),
    totals: { principal: yuan(totals.principal), interest: yuan(totals.interest), fees: yuan(totals.fees), total: yuan(totals.principal + totals.interest + totals.fees) },
    schedule,
    extraClauses: settings.extraClauses,
  };
}
