/**
 * Term-loan repayment schedules: 等额本息 equal installment, 等额本金 equal principal, 先息后本
 * interest only, 平息 flat; per-period or daily interest; odd first periods; principal grace; fees;
 * partial prepayments with a recast. All amounts are bigint minor units; each period's interest is
 * balance x rate computed exactly and rounded once with the product's mode; the last installment
 * takes every residue so that principal repaid equals principal lent.
 */
import { PERIODS_PER_YEAR, loanDueDates, periodDate, type Frequency } from '../calendar/frequency';
import { yearFraction, type DayCount } from '../calendar/daycount';
import { toDay, type IsoDate } from '../calendar/date';
import { formatMinor, type Decimals, type Minor } from '../money/amount';
import { divInt, mul, reduce, type Rational } from '../money/rational';
import { divRound, divRoundToMultiple, type RoundingMode } from '../money/rounding';
import { rule, validation } from '../errors';

export const METHODS = ['equal-installment', 'equal-principal', 'interest-only', 'flat'] as const;
export type Method = (typeof METHODS)[number];
export const INTEREST_MODES = ['per-period', 'daily'] as const;
export type InterestMode = (typeof INTEREST_MODES)[number];
export const RECASTS = ['reduce-payment', 'reduce-term'] as const;
export type Recast = (typeof RECASTS)[number];

export interface Fee {
  kind: 'upfront' | 'per-installment';
  amount: Minor;
  /** Upfront fees only: true = taken out of the amount paid out; false = added to the principal (financed). */
  deducted: boolean;
}

export interface Prepayment {
  date: IsoDate;
  /** Total paid that day: settles interest accrued to the day first, the rest reduces principal. */
  amount: Minor;
  recast: Recast;
}

export interface TermLoan {
  principal: Minor;
  annualRate: Rational;
  term: number;
  method: Method;
  frequency: Frequency;
  disbursementDate: IsoDate;
  firstDueDate?: IsoDate | undefined;
  interest: InterestMode;
  dayCount: DayCount;
  principalGrace: number;
  /** Multiple the level payment (or the principal part, for equal-principal and flat) is rounded to. */
  paymentMultiple: Minor;
  decimals: Decimals;
  rounding: RoundingMode;
  fees: Fee[];
  prepayments: Prepayment[];
}

export interface Installment {
  kind: 'installment' | 'prepayment';
  /** The installment number; a prepayment row carries the number of the period it falls in. */
  n: number;
  dueDate: IsoDate;
  principal: Minor;
  interest: Minor;
  fee: Minor;
  total: Minor;
  /** Principal outstanding after this row. */
  balance: Minor;
}

export interface Schedule {
  /** The level payment (equal-installment, interest-only: the regular one) or the first payment. */
  payment: Minor;
  installments: Installment[];
  totals: { principal: Minor; interest: Minor; fees: Minor; total: Minor };
  /** Principal the schedule repays: the amount lent plus any financed upfront fee. */
  financedPrincipal: Minor;
  /** Cash the borrower actually receives: the amount lent less any deducted upfront fee. */
  amountReceived: Minor;
  upfrontFees: Minor;
  disbursementDate: IsoDate;
  maturityDate: IsoDate;
}

/**
 * The level payment that repays `balance` over periods with rates r[from..to] exactly:
 * M = B / sum_k prod_{i<=k} 1/(1+r_i), computed as an exact rational and rounded once.
 */
export function levelPayment(
  balance: Minor,
  rates: readonly Rational[],
  from: number,
  to: number,
  multiple: Minor,
  mode: RoundingMode,
): Minor {
  const count = to - from + 1;
  if (count <= 0) return balance;
  const first = rates[from] as Rational;
  let uniform = true;
  for (let i = from + 1; i <= to && uniform; i++) {
    const r = rates[i] as Rational;
    uniform = r.n === first.n && r.d === first.d;
  }
  if (first.n === 0n && uniform) return divRoundToMultiple(balance, BigInt(count), multiple, mode);
  let num: bigint;
  let den: bigint;
  if (uniform) {
    // Annuity: M = B·f^n·(f−c) / (c·(f^n − c^n)) with r = (f−c)/c.
    const c = first.d;
    const f = first.d + first.n;
    const fn = f ** BigInt(count);
    const cn = c ** BigInt(count);
    num = balance * fn * (f - c);
    den = c * (fn - cn);
  } else {
    // H_k = H_{k-1}·f_k + C_k, F_k = F_{k-1}·f_k; M = B·F/H.
    let h = 0n;
    let fProd = 1n;
    let cProd = 1n;
    for (let i = from; i <= to; i++) {
      const r = rates[i] as Rational;
      const f = r.d + r.n;
      cProd *= r.d;
      h = h * f + cProd;
      fProd *= f;
    }
    num = balance * fProd;
    den = h;
  }
  return divRoundToMultiple(num, den, multiple, mode);
}

const interestOn = (balance: Minor, rate: Rational, mode: RoundingMode): Minor =>
  rate.n === 0n ? 0n : divRound(balance * rate.n, rate.d, mode);

/** Interest on `balance` from `from` to `to` under the loan's rate and day count, rounded once. */
export const accruedInterest = (loan: TermLoan, balance: Minor, from: IsoDate, to: IsoDate): Minor =>
  interestOn(balance, mul(loan.annualRate, yearFraction(loan.dayCount, from, to)), loan.rounding);

/** The rate of each period: per-period annual/ppy (odd first period by its days), or daily by days. */
export function periodRates(loan: TermLoan, dates: readonly IsoDate[]): Rational[] {
  const ppy = BigInt(PERIODS_PER_YEAR[loan.frequency]);
  const regular = reduce(divInt(loan.annualRate, ppy));
  const regularFirst = periodDate(loan.disbursementDate, 1, loan.frequency);
  const rates = new Array<Rational>(dates.length);
  for (let i = 0; i < dates.length; i++) {
    const from = i === 0 ? loan.disbursementDate : (dates[i - 1] as IsoDate);
    const to = dates[i] as IsoDate;
    const odd = i === 0 && to !== regularFirst;
    rates[i] = loan.interest === 'daily' || odd ? mul(loan.annualRate, yearFraction(loan.dayCount, from, to)) : regular;
  }
  return rates;
}

export function firstDueDateOf(loan: TermLoan): IsoDate {
  return loan.firstDueDate ?? periodDate(loan.disbursementDate, 1, loan.frequency);
}

function checkShape(loan: TermLoan): void {
  const first = firstDueDateOf(loan);
  const start = toDay(loan.disbursementDate);
  const firstDay = toDay(first);
  if (firstDay <= start || firstDay >= toDay(periodDate(loan.disbursementDate, 2, loan.frequency))) {
    throw validation('validation.firstDueDate', { firstDueDate: first, disbursementDate: loan.disbursementDate });
  }
  if (loan.method === 'interest-only' && loan.principalGrace > 0) throw validation('validation.interestOnlyGrace');
  if (loan.principalGrace < 0 || loan.principalGrace >= loan.term) {
    throw validation('validation.grace', { max: loan.term - 1, term: loan.term });
  }
}

export function buildSchedule(loan: TermLoan): Schedule {
  checkShape(loan);
  const { term: n, rounding: mode, method, decimals } = loan;
  const fmt = (v: Minor): string => formatMinor(v, decimals);
  const dates = loanDueDates(loan.disbursementDate, firstDueDateOf(loan), n, loan.frequency);
  const rates = periodRates(loan, dates);
  const maturity = dates[n - 1] as IsoDate;

  let upfrontDeducted = 0n;
  let upfrontFinanced = 0n;
  let feePerInstallment = 0n;
  for (const fee of loan.fees) {
    if (fee.kind === 'per-installment') feePerInstallment += fee.amount;
    else if (fee.deducted) upfrontDeducted += fee.amount;
    else upfrontFinanced += fee.amount;
  }
  const financed = loan.principal + upfrontFinanced;
  const grace = method === 'interest-only' ? n - 1 : loan.principalGrace;
  const multiple = loan.paymentMultiple;

  const prepayments = [...loan.prepayments].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  if (prepayments.length > 0 && method === 'flat') throw rule('rule.prepaymentFlat');
  for (const p of prepayments) {
    if (p.date <= loan.disbursementDate || p.date >= maturity) {
      throw rule('rule.prepaymentDate', { date: p.date, start: loan.disbursementDate, end: maturity });
    }
  }

  // Flat: interest on the original principal for the whole term, spread evenly.
  const ppy = BigInt(PERIODS_PER_YEAR[loan.frequency]);
  const flatTotal =
    method === 'flat' ? divRound(financed * loan.annualRate.n * BigInt(n), loan.annualRate.d * ppy, mode) : 0n;
  const flatPer = method === 'flat' ? divRound(flatTotal, BigInt(n), mode) : 0n;

  // Level payment (equal-installment, interest-only) or principal per period (equal-principal, flat).
  let level = 0n;
  let principalPer = 0n;
  const recast = (balance: Minor, fromPeriod: number, periodRate: readonly Rational[]): void => {
    const amortFrom = Math.max(fromPeriod, grace + 1);
    if (method === 'equal-installment' || method === 'interest-only') {
      level = levelPayment(balance, periodRate, amortFrom - 1, n - 1, multiple, mode);
    } else {
      const remaining = BigInt(n - amortFrom + 1);
      principalPer = remaining > 0n ? divRoundToMultiple(balance, remaining, multiple, mode) : balance;
    }
  };
  recast(financed, 1, rates);
  const regularPayment =
    method === 'equal-installment'
      ? level
      : method === 'interest-only'
        ? interestOn(financed, rates[0] as Rational, mode)
        : method === 'flat'
          ? principalPer + flatPer
          : principalPer + interestOn(financed, rates[grace] as Rational, mode);

  const rows: Installment[] = [];
  let balance = financed;
  let flatPaid = 0n;
  let p = 0; // next prepayment

  const prepaymentRow = (k: number, date: IsoDate, interest: Minor, amount: Minor): void => {
    const principal = amount - interest;
    if (principal > balance) {
      throw rule('rule.prepaymentExceedsPayoff', { amount: fmt(amount), date, payoff: fmt(balance + interest) });
    }
    balance -= principal;
    rows.push({ kind: 'prepayment', n: k, dueDate: date, principal, interest, fee: 0n, total: amount, balance });
  };

  for (let k = 1; k <= n && balance > 0n; k++) {
    const due = dates[k - 1] as IsoDate;
    let rate = rates[k - 1] as Rational;
    let lastEvent = k === 1 ? loan.disbursementDate : (dates[k - 2] as IsoDate);

    // Prepayments inside the period: interest runs to the prepayment day only.
    while (p < prepayments.length && (prepayments[p] as Prepayment).date < due && balance > 0n) {
      const pre = prepayments[p++] as Prepayment;
      const accrued = accruedInterest(loan, balance, lastEvent, pre.date);
      if (pre.amount <= accrued) {
        throw rule('rule.prepaymentTooSmall', { amount: fmt(pre.amount), date: pre.date, interest: fmt(accrued) });
      }
      prepaymentRow(k, pre.date, accrued, pre.amount);
      lastEvent = pre.date;
      rate = mul(loan.annualRate, yearFraction(loan.dayCount, lastEvent, due));
      if (pre.recast === 'reduce-payment' && balance > 0n) {
        const stubbed = rates.slice();
        stubbed[k - 1] = rate;
        recast(balance, k, stubbed);
      }
    }
    if (balance === 0n) break;

    const last = k === n;
    let interest: Minor;
    if (method === 'flat') {
      // Evenly spread, never past the total: an 'up' rounding of the share leaves less for the end.
      const left = flatTotal - flatPaid;
      interest = last || flatPer > left ? left : flatPer;
      flatPaid += interest;
    } else {
      interest = interestOn(balance, rate, mode);
    }
    let principal: Minor;
    if (last) principal = balance;
    else if (k <= grace) principal = 0n;
    else if (method === 'equal-installment' || method === 'interest-only') principal = level - interest;
    else principal = principalPer;
    if (principal < 0n) principal = 0n;
    if (principal > balance) principal = balance;
    balance -= principal;
    const total = principal + interest + feePerInstallment;
    rows.push({ kind: 'installment', n: k, dueDate: due, principal, interest, fee: feePerInstallment, total, balance });

    // Prepayments on the due date itself go straight to principal after the installment.
    while (p < prepayments.length && (prepayments[p] as Prepayment).date === due && balance > 0n) {
      const pre = prepayments[p++] as Prepayment;
      prepaymentRow(k, pre.date, 0n, pre.amount);
      if (pre.recast === 'reduce-payment' && balance > 0n) recast(balance, k + 1, rates);
    }
  }

  if (p < prepayments.length) {
    const late = prepayments[p] as Prepayment;
    throw rule('rule.prepaymentDate', { date: late.date, start: loan.disbursementDate, end: (rows.at(-1) as Installment).dueDate });
  }

  let tp = 0n;
  let ti = 0n;
  let tf = 0n;
  let tt = 0n;
  for (const r of rows) {
    tp += r.principal;
    ti += r.interest;
    tf += r.fee;
    tt += r.total;
  }
  const lastRow = rows[rows.length - 1] as Installment;
  return {
    payment: regularPayment,
    installments: rows,
    totals: { principal: tp, interest: ti, fees: tf + upfrontDeducted + upfrontFinanced, total: tt },
    financedPrincipal: financed,
    amountReceived: loan.principal - upfrontDeducted,
    upfrontFees: upfrontDeducted + upfrontFinanced,
    disbursementDate: loan.disbursementDate,
    maturityDate: lastRow.dueDate,
  };
}
