/**
 * The terms a term loan was booked with, kept on the loan (`schedule_terms`) so every recast
 * continues the printed schedule: written at disbursement, read back exactly (rates as n/d).
 */
import type { DayCount } from '../calendar/daycount';
import type { Frequency } from '../calendar/frequency';
import type { ServicingLoanRow } from '../db/repos/servicing';
import { SuanpanError } from '../errors';
import type { Decimals } from '../money/amount';
import { parseDecimal, type Rational } from '../money/rational';
import type { RoundingMode } from '../money/rounding';
import { termLoanFor } from '../origination/termLoan';
import type { Fee, InterestMode, Method, TermLoan } from '../schedule/term';

/** A rate stored as decimal text ("0.072"); anything else in the book is a defect, not an officer's error. */
export const rateOf = (text: string): Rational => {
  const r = parseDecimal(text);
  if (!r) throw new SuanpanError('INTERNAL', 'internal', { reason: `not a rate: ${text}` });
  return r;
};

interface StoredTerms {
  principal: string;
  annualRate: string;
  term: number;
  method: Method;
  frequency: Frequency;
  disbursementDate: string;
  firstDueDate: string;
  interest: InterestMode;
  dayCount: DayCount;
  principalGrace: number;
  paymentMultiple: string;
  decimals: Decimals;
  rounding: RoundingMode;
  fees: { kind: Fee['kind']; amount: string; deducted: boolean }[];
}

export const termsToJson = (t: TermLoan): string =>
  JSON.stringify({
    principal: t.principal.toString(),
    annualRate: `${t.annualRate.n}/${t.annualRate.d}`,
    term: t.term,
    method: t.method,
    frequency: t.frequency,
    disbursementDate: t.disbursementDate,
    firstDueDate: t.firstDueDate ?? '',
    interest: t.interest,
    dayCount: t.dayCount,
    principalGrace: t.principalGrace,
    paymentMultiple: t.paymentMultiple.toString(),
    decimals: t.decimals,
    rounding: t.rounding,
    fees: t.fees.map((f) => ({ kind: f.kind, amount: f.amount.toString(), deducted: f.deducted })),
  } satisfies StoredTerms);

export function termsFromJson(text: string): TermLoan {
  const s = JSON.parse(text) as StoredTerms;
  const [n, d] = s.annualRate.split('/');
  return {
    principal: BigInt(s.principal),
    annualRate: { n: BigInt(n as string), d: BigInt(d as string) },
    term: s.term,
    method: s.method,
    frequency: s.frequency,
    disbursementDate: s.disbursementDate,
    firstDueDate: s.firstDueDate || undefined,
    interest: s.interest,
    dayCount: s.dayCount,
    principalGrace: s.principalGrace,
    paymentMultiple: BigInt(s.paymentMultiple),
    decimals: s.decimals,
    rounding: s.rounding,
    fees: s.fees.map((f) => ({ kind: f.kind, amount: BigInt(f.amount), deducted: f.deducted })),
    prepayments: [],
  };
}

/**
 * Terms for a loan booked without them (demo books): the loan row and its product's schedule
 * settings, the loan's own day count, no fees.
 */
export function termsFromRow(row: ServicingLoanRow): TermLoan {
  return termLoanFor(
    {
      method: row.method as Method,
      frequency: row.frequency as Frequency,
      interestMode: row.interest_mode as InterestMode,
      dayCount: row.day_count as DayCount,
      principalGrace: row.principal_grace,
      paymentMultiple: BigInt(row.payment_multiple),
      decimals: row.decimals as Decimals,
      rounding: row.rounding as RoundingMode,
      upfrontFeeRate: '0',
      upfrontFeeDeducted: false,
      installmentFee: 0n,
    },
    { principal: BigInt(row.principal), annualRate: rateOf(row.annual_rate), term: row.term, disbursementDate: row.disbursement_date, firstDueDate: row.first_due_date, fees: [] },
  );
}
