/**
 * The quote services: JSON in, JSON out, amounts and rates as decimal strings. The CLI and the api
 * both call these; neither has a second implementation.
 */
import { z } from 'zod';
import { DAY_COUNTS } from '../calendar/daycount';
import { FREQUENCIES, PERIODS_PER_YEAR, periodDate } from '../calendar/frequency';
import { formatMinor, MAX_MINOR, parseMinor, type Decimals, type Minor } from '../money/amount';
import { ROUNDING_MODES } from '../money/rounding';
import { toDecimalString } from '../money/rational';
import { SuanpanError } from '../errors';
import { amountText, dateText, oneOf, parseInput, rateText, wholeNumber } from '../validation';
import { periodicResult, type Timed } from '../pricing/apr';
import { checkRateCaps, DEFAULT_LPR_TABLE, type CapWarning, type LprEntry } from '../pricing/caps';
import { D, rateString, type Dec } from '../pricing/decimal';
import { daysBetween } from '../calendar/date';
import { ALLOCATIONS, runLine } from './line';
import { payoffQuote } from './payoff';
import { buildSchedule, INTEREST_MODES, METHODS, RECASTS, type Installment, type Schedule, type TermLoan } from './term';

const feeSchema = z.strictObject({
  kind: oneOf(['upfront', 'per-installment'] as const),
  amount: amountText,
  deducted: z.boolean().optional(),
});

const prepaymentSchema = z.strictObject({
  date: dateText,
  amount: amountText,
  recast: oneOf(RECASTS),
});

export const scheduleRequestShape = {
  principal: amountText,
  annualRate: rateText(),
  term: wholeNumber(1, 1560),
  method: oneOf(METHODS),
  frequency: oneOf(FREQUENCIES).optional(),
  disbursementDate: dateText,
  firstDueDate: dateText.optional(),
  interest: oneOf(INTEREST_MODES).optional(),
  dayCount: oneOf(DAY_COUNTS).optional(),
  principalGrace: wholeNumber(0, 1559).optional(),
  paymentMultiple: amountText.optional(),
  decimals: z.union([z.literal(0), z.literal(2)]).optional(),
  rounding: oneOf(ROUNDING_MODES).optional(),
  fees: z.array(feeSchema).max(20).optional(),
  prepayments: z.array(prepaymentSchema).max(240).optional(),
};

export const scheduleRequest = z.strictObject(scheduleRequestShape);
export type ScheduleRequest = z.input<typeof scheduleRequest>;

export const payoffRequest = z.strictObject({ ...scheduleRequestShape, payoffDate: dateText });
export type PayoffRequest = z.input<typeof payoffRequest>;

/** Parses an amount already shape-checked by zod against the currency's decimals and sign. */
export function amountField(text: string, field: string, decimals: number, allowZero = false): Minor {
  const minor = parseMinor(text, decimals);
  if (minor === null) throw new SuanpanError('VALIDATION', 'validation.amount', { field, value: text, decimals });
  if (minor < 0n || (!allowZero && minor === 0n)) throw new SuanpanError('VALIDATION', 'validation.amountPositive', { field });
  if (minor > MAX_MINOR) throw new SuanpanError('VALIDATION', 'validation.amountTooLarge', { field, max: formatMinor(MAX_MINOR, decimals) });
  return minor;
}

export function toTermLoan(req: z.output<typeof scheduleRequest>): TermLoan {
  const decimals: Decimals = req.decimals ?? 2;
  const multipleText = req.paymentMultiple ?? (decimals === 0 ? '1' : '0.01');
  const paymentMultiple = parseMinor(multipleText, decimals);
  if (paymentMultiple === null || paymentMultiple <= 0n) {
    throw new SuanpanError('VALIDATION', 'validation.paymentMultiple', {
      field: 'paymentMultiple',
      value: multipleText,
      unit: decimals === 0 ? '1' : '0.01',
      decimals,
    });
  }
  return {
    principal: amountField(req.principal, 'principal', decimals),
    annualRate: req.annualRate,
    term: req.term,
    method: req.method,
    frequency: req.frequency ?? 'monthly',
    disbursementDate: req.disbursementDate,
    firstDueDate: req.firstDueDate,
    interest: req.interest ?? 'per-period',
    dayCount: req.dayCount ?? '30/360',
    principalGrace: req.principalGrace ?? 0,
    paymentMultiple,
    decimals,
    rounding: req.rounding ?? 'half-up',
    fees: (req.fees ?? []).map((f, i) => ({
      kind: f.kind,
      amount: amountField(f.amount, `fees[${i}].amount`, decimals),
      deducted: f.deducted ?? true,
    })),
    prepayments: (req.prepayments ?? []).map((p, i) => ({
      date: p.date,
      amount: amountField(p.amount, `prepayments[${i}].amount`, decimals),
      recast: p.recast,
    })),
  };
}

export interface AnnualizedRateResult {
  nominal: string;
  compound: string;
  /** Warnings for caps crossed at the disbursement date (4 x LPR, 24%, 36%). */
  capWarnings: CapWarning[];
}

/**
 * The PBOC annualized rate of a schedule: the IRR of the cash received against every payment, with
 * installment k placed at k periods (an odd first period at its length in periods, a prepayment at
 * the share of its period elapsed), so the rate of a fee-free schedule is its contract rate. The cap
 * warnings take the 4 x LPR line from `lpr` (the book's table).
 */
export function scheduleAnnualizedRate(loan: TermLoan, schedule: Schedule, lpr: readonly LprEntry[]): AnnualizedRateResult {
  const dec = (v: Minor): Dec => new D(formatMinor(v, loan.decimals));
  const regularFirst = periodDate(loan.disbursementDate, 1, loan.frequency);
  const regularDays = daysBetween(loan.disbursementDate, regularFirst);
  const dues = [schedule.disbursementDate];
  for (const r of schedule.installments) if (r.kind === 'installment') dues[r.n] = r.dueDate;
  // The first period's length in regular periods (1 unless the first due date is odd).
  const firstLength = new D(daysBetween(schedule.disbursementDate, dues[1] as string)).div(regularDays);
  const unitsTo = (row: Installment): Dec => {
    const start = dues[row.n - 1] as string;
    const end = dues[row.n] ?? periodDate(start, 1, loan.frequency);
    const before = row.n === 1 ? new D(0) : firstLength.plus(row.n - 2);
    const length = row.n === 1 ? firstLength : new D(1);
    return before.plus(length.times(daysBetween(start, row.dueDate)).div(daysBetween(start, end)));
  };
  const flows: Timed[] = [{ sign: -1, amount: dec(schedule.amountReceived), t: new D(0), f: new D(0) }];
  // A row can round to nothing (a tiny rate in a grace period); it is no cash flow.
  for (const row of schedule.installments) {
    if (row.total > 0n) flows.push({ sign: 1, amount: dec(row.total), t: unitsTo(row), f: new D(0) });
  }
  const ppy = PERIODS_PER_YEAR[loan.frequency];
  const contractPeriodic = new D(loan.annualRate.n.toString()).div(loan.annualRate.d.toString()).div(ppy);
  const apr = periodicResult(flows, new D(ppy), false, undefined, contractPeriodic);
  return {
    nominal: rateString(apr.rate),
    compound: rateString(apr.compound as NonNullable<typeof apr.compound>),
    capWarnings: checkRateCaps(apr.rate, loan.disbursementDate, lpr),
  };
}

/**
 * The contract rate as officers also quote it: monthly (月利率, annual / 12) and daily (日利率,
 * annual / 360 under ACT/360 and 30/360, annual / 365 otherwise), as fractions.
 */
export function rateEquivalents(loan: Pick<TermLoan, 'annualRate' | 'dayCount'>): { monthly: string; daily: string } {
  const basis = loan.dayCount === 'ACT/365' || loan.dayCount === 'ACT/ACT' ? 365n : 360n;
  return {
    monthly: toDecimalString({ n: loan.annualRate.n, d: loan.annualRate.d * 12n }, 8),
    daily: toDecimalString({ n: loan.annualRate.n, d: loan.annualRate.d * basis }, 8),
  };
}

export function scheduleToJson(loan: TermLoan, schedule: Schedule, lpr: readonly LprEntry[]) {
  const fmt = (v: Minor): string => formatMinor(v, loan.decimals);
  return {
    payment: fmt(schedule.payment),
    installments: schedule.installments.map((r) => ({
      n: r.n,
      kind: r.kind,
      dueDate: r.dueDate,
      principal: fmt(r.principal),
      interest: fmt(r.interest),
      fee: fmt(r.fee),
      total: fmt(r.total),
      balance: fmt(r.balance),
    })),
    totals: {
      principal: fmt(schedule.totals.principal),
      interest: fmt(schedule.totals.interest),
      fees: fmt(schedule.totals.fees),
      installmentFees: fmt(schedule.totals.fees - schedule.upfrontFees),
      total: fmt(schedule.totals.total),
    },
    amountReceived: fmt(schedule.amountReceived),
    financedPrincipal: fmt(schedule.financedPrincipal),
    upfrontFees: fmt(schedule.upfrontFees),
    maturityDate: schedule.maturityDate,
    contractRate: toDecimalString(loan.annualRate, 6),
    rateEquivalents: rateEquivalents(loan),
    annualizedRate: scheduleAnnualizedRate(loan, schedule, lpr),
  };
}

export type ScheduleResult = ReturnType<typeof scheduleToJson>;

export const scheduleQuote = (req: z.output<typeof scheduleRequest>, lpr: readonly LprEntry[]): ScheduleResult => {
  const loan = toTermLoan(req);
  return scheduleToJson(loan, buildSchedule(loan), lpr);
};

/** A schedule from a raw request; without a book, the cap warnings use the shipped LPR table. */
export const quoteSchedule = (input: unknown, lpr: readonly LprEntry[] = DEFAULT_LPR_TABLE): ScheduleResult => scheduleQuote(parseInput(scheduleRequest, input), lpr);

export interface PayoffResult {
  date: string;
  principal: string;
  interest: string;
  fees: string;
  total: string;
}

export const quotePayoff = (input: unknown): PayoffResult => payoffQuoteOf(parseInput(payoffRequest, input));

export function payoffQuoteOf(req: z.output<typeof payoffRequest>): PayoffResult {
  const { payoffDate, ...rest } = req;
  const loan = toTermLoan(rest);
  const quote = payoffQuote(loan, payoffDate);
  const fmt = (v: Minor): string => formatMinor(v, loan.decimals);
  return { date: quote.date, principal: fmt(quote.principal), interest: fmt(quote.interest), fees: fmt(quote.fees), total: fmt(quote.total) };
}

export const lineRequest = z.strictObject({
  annualRate: rateText(),
  dayCount: oneOf(DAY_COUNTS).optional(),
  allocation: oneOf(ALLOCATIONS).optional(),
  events: z
    .array(z.strictObject({ date: dateText, type: oneOf(['draw', 'repay'] as const), amount: amountText }))
    .min(1)
    .max(10_000),
  payoffDate: dateText,
  creditLimit: amountText.optional(),
  decimals: z.union([z.literal(0), z.literal(2)]).optional(),
  rounding: oneOf(ROUNDING_MODES).optional(),
});
export type LineRequest = z.input<typeof lineRequest>;

export const quoteLine = (input: unknown): LineResult => lineQuote(parseInput(lineRequest, input));

export function lineQuote(req: z.output<typeof lineRequest>) {
  const decimals: Decimals = req.decimals ?? 2;
  const fmt = (v: Minor): string => formatMinor(v, decimals);
  const result = runLine({
    annualRate: req.annualRate,
    dayCount: req.dayCount ?? 'ACT/360',
    allocation: req.allocation ?? 'interest-first',
    decimals,
    rounding: req.rounding ?? 'half-up',
    payoffDate: req.payoffDate,
    creditLimit: req.creditLimit === undefined ? undefined : amountField(req.creditLimit, 'creditLimit', decimals),
    events: req.events.map((e, i) => ({ date: e.date, type: e.type, amount: amountField(e.amount, `events[${i}].amount`, decimals) })),
  });
  return {
    payoff: { date: result.payoff.date, principal: fmt(result.payoff.principal), interest: fmt(result.payoff.interest), total: fmt(result.payoff.total) },
    interestPaid: fmt(result.interestPaid),
    totalInterest: fmt(result.totalInterest),
    events: result.events.map((e) => ({
      date: e.date,
      type: e.type,
      amount: fmt(e.amount),
      interestAccrued: fmt(e.interestAccrued),
      interestPaid: fmt(e.interestPaid),
      principalPaid: fmt(e.principalPaid),
      balance: fmt(e.balance),
      interestOwed: fmt(e.interestOwed),
    })),
  };
}
export type LineResult = ReturnType<typeof lineQuote>;

/** Several repayment methods for the same loan, side by side, for the customer across the desk. */
export const compareRequest = z.strictObject({
  ...(({ method: _m, prepayments: _p, ...rest }) => rest)(scheduleRequestShape),
  methods: z.array(oneOf(METHODS)).min(1).max(4),
});
export type CompareRequest = z.input<typeof compareRequest>;

export interface MethodComparison {
  method: (typeof METHODS)[number];
  payment: string;
  firstTotal: string;
  lastTotal: string;
  totalInterest: string;
  totalFees: string;
  totalRepaid: string;
  maturityDate: string;
  annualizedRate: AnnualizedRateResult;
}

export function compareMethods(req: z.output<typeof compareRequest>, lpr: readonly LprEntry[], onProgress?: (done: number, total: number) => void): MethodComparison[] {
  const { methods, ...rest } = req;
  return methods.map((m, i) => {
    const result = scheduleQuote({ ...rest, method: m }, lpr);
    onProgress?.(i + 1, methods.length);
    return {
      method: m,
      payment: result.payment,
      firstTotal: result.installments[0]?.total ?? '0',
      lastTotal: result.installments.at(-1)?.total ?? '0',
      totalInterest: result.totals.interest,
      totalFees: result.totals.fees,
      totalRepaid: result.totals.total,
      maturityDate: result.maturityDate,
      annualizedRate: result.annualizedRate,
    };
  });
}
