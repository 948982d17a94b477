/**
 * A term loan's terms from its product and the deal: the one place a `TermLoan` is made from a
 * product, for the offer, the contract, the booked loan and its recasts alike, so the schedule a
 * borrower is shown is the schedule that is booked.
 */
import type { DayCount } from '../calendar/daycount';
import type { Frequency } from '../calendar/frequency';
import type { IsoDate } from '../calendar/date';
import type { Decimals, Minor } from '../money/amount';
import { parseDecimal, type Rational } from '../money/rational';
import { divRound, type RoundingMode } from '../money/rounding';
import type { Fee, InterestMode, Method, TermLoan } from '../schedule/term';

/** What a term product fixes about its loans' schedules and fees. */
export interface TermProduct {
  method: Method;
  frequency: Frequency;
  interestMode: InterestMode;
  dayCount: DayCount;
  principalGrace: number;
  paymentMultiple: Minor;
  decimals: Decimals;
  rounding: RoundingMode;
  /** A fraction of the principal, as text ("0.01"). */
  upfrontFeeRate: string;
  upfrontFeeDeducted: boolean;
  installmentFee: Minor;
}

export interface Deal {
  principal: Minor;
  annualRate: Rational;
  term: number;
  disbursementDate: IsoDate;
  firstDueDate?: IsoDate | undefined;
  /** The loan's own day count where it was fixed apart from the product's (a contract states it). */
  dayCount?: DayCount | undefined;
  /** The fees as agreed; absent, the product's: its upfront rate of the principal (half-up) and its fee per installment. */
  fees?: Fee[] | undefined;
}

/** The product's fees on a principal: upfront = rate × principal rounded half-up, and the fee per installment. */
export function productFees(product: TermProduct, principal: Minor): Fee[] {
  const fees: Fee[] = [];
  const upfront = parseDecimal(product.upfrontFeeRate) ?? { n: 0n, d: 1n };
  if (upfront.n > 0n) fees.push({ kind: 'upfront', amount: divRound(principal * upfront.n, upfront.d, 'half-up'), deducted: product.upfrontFeeDeducted });
  if (product.installmentFee > 0n) fees.push({ kind: 'per-installment', amount: product.installmentFee, deducted: false });
  return fees;
}

export function termLoanFor(product: TermProduct, deal: Deal): TermLoan {
  return {
    principal: deal.principal,
    annualRate: deal.annualRate,
    term: deal.term,
    method: product.method,
    frequency: product.frequency,
    disbursementDate: deal.disbursementDate,
    firstDueDate: deal.firstDueDate,
    interest: product.interestMode,
    dayCount: deal.dayCount ?? product.dayCount,
    // A grace period never covers the last installment, which must repay the principal.
    principalGrace: Math.min(product.principalGrace, deal.term - 1),
    paymentMultiple: product.paymentMultiple,
    decimals: product.decimals,
    rounding: product.rounding,
    fees: deal.fees ?? productFees(product, deal.principal),
    prepayments: [],
  };
}
