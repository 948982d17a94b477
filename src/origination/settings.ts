/**
 * Origination policy a lender sets: screening rules and their thresholds, the share sent to manual
 * review, approval authority by amount, and prices by grade. Stored as one versioned setting
 * ('origination'); every assessment records the version it used.
 * Amounts are decimal yuan text in the setting (as an officer types them) and minor units in use.
 */
import { z } from 'zod';
import { amount, fractionText, rateText } from '../validation';
import { parseMinor } from '../money/amount';
import { BOOK_SCALE } from '../money/money';
import type { Rational } from '../money/rational';
import { GRADES, type Grade } from '../scoring/scorecard';

export const RULE_CODES = ['AGE_MIN', 'AGE_MAX', 'BLACKLIST', 'WHITELIST', 'CURRENT_OVERDUE', 'DEBT_TO_INCOME', 'AMOUNT_CAP', 'INCOME_SHARE', 'DUPLICATE', 'BUSINESS_AGE'] as const;
export type RuleCode = (typeof RULE_CODES)[number];

/** What a failed rule does: decline at once, send to manual review, or nothing (rule off). */
export const RULE_ACTIONS = ['decline', 'review', 'off'] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];

const action = z.enum(RULE_ACTIONS);
const yuan = amount();
/** A share of something (income, applications): an exact fraction, "1/3" or "0.10". */
const share = fractionText('1');

const gradePrice = z.strictObject({ rate: rateText('1'), maxAmount: yuan, maxTerm: z.number().int().min(1).max(480), incomeMultiple: z.number().int().min(1).max(120) });

export const originationSettingsShape = z.strictObject({
  rules: z.strictObject({
    minAge: z.number().int().min(18).max(100),
    /** Age at the loan's maturity. */
    maxAgeAtMaturity: z.number().int().min(18).max(120),
    ageAction: action,
    blacklistAction: action,
    currentOverdueAction: action,
    /** Monthly debt service with this loan over income, in basis points: review above the first, decline above the second. */
    dtiReviewBp: z.number().int().min(0).max(100_000),
    dtiDeclineBp: z.number().int().min(0).max(100_000),
    /** Regulatory cap on one borrower's loan (online micro-loans: 300,000). */
    amountCap: yuan,
    amountCapAction: action,
    /** The amount against annual income: at most this share of it (one third, written "1/3": exactly a third). */
    incomeShare: share,
    incomeShareAction: action,
    duplicateAction: action,
    minYearsInBusiness: z.number().int().min(0).max(100),
    businessAgeAction: action,
  }),
  /** Share of clean applications sent to manual review at random (a fraction). */
  reviewShare: share,
  /** Largest amount each role may approve; a role without a limit approves any amount. */
  authority: z.strictObject({ officer: yuan, senior_approver: yuan, branch_manager: yuan.nullable() }),
  /** Price by grade, per product code; products not listed are priced from their own range. */
  pricing: z.record(z.string(), z.partialRecord(z.enum(GRADES), gradePrice.nullable())),
});
export type OriginationSettingsInput = z.input<typeof originationSettingsShape>;
type Parsed = z.output<typeof originationSettingsShape>;

export interface GradePrice {
  rate: Rational;
  rateText: string;
  maxAmount: bigint;
  maxTerm: number;
  incomeMultiple: number;
}

export interface OriginationSettings {
  version: number;
  rules: Omit<Parsed['rules'], 'amountCap' | 'incomeShare'> & { amountCap: bigint; incomeShare: Rational };
  reviewShare: Rational;
  authority: { officer: bigint; senior_approver: bigint; branch_manager: bigint | null };
  pricing: Record<string, Partial<Record<Grade, GradePrice | null>>>;
  /** The setting as stored, for the settings screen. */
  raw: OriginationSettingsInput;
}

export const DEFAULT_ORIGINATION: OriginationSettingsInput = {
  rules: {
    minAge: 18,
    maxAgeAtMaturity: 65,
    ageAction: 'decline',
    blacklistAction: 'decline',
    currentOverdueAction: 'decline',
    dtiReviewBp: 5000,
    dtiDeclineBp: 5500,
    amountCap: '300000',
    amountCapAction: 'decline',
    incomeShare: '1/3',
    incomeShareAction: 'review',
    duplicateAction: 'decline',
    minYearsInBusiness: 1,
    businessAgeAction: 'review',
  },
  reviewShare: '0.10',
  authority: { officer: '50000', senior_approver: '200000', branch_manager: null },
  pricing: {},
};

const minorOf = (text: string): bigint => parseMinor(text.replace(/,/g, ''), BOOK_SCALE) as bigint;

/** Turns a validated setting into the values the engine uses. */
export function originationSettings(parsed: Parsed, version: number, raw: OriginationSettingsInput): OriginationSettings {
  const pricing: OriginationSettings['pricing'] = {};
  for (const [code, grades] of Object.entries(parsed.pricing)) {
    const out: Partial<Record<Grade, GradePrice | null>> = {};
    for (const g of GRADES) {
      const p = grades[g];
      if (p === undefined) continue;
      const rawRate = (raw.pricing[code]?.[g] as { rate: string } | null | undefined)?.rate ?? '';
      out[g] = p === null ? null : { rate: p.rate, rateText: rawRate, maxAmount: minorOf(p.maxAmount), maxTerm: p.maxTerm, incomeMultiple: p.incomeMultiple };
    }
    pricing[code] = out;
  }
  return {
    version,
    rules: { ...parsed.rules, amountCap: minorOf(parsed.rules.amountCap), incomeShare: parsed.rules.incomeShare },
    reviewShare: parsed.reviewShare,
    authority: {
      officer: minorOf(parsed.authority.officer),
      senior_approver: minorOf(parsed.authority.senior_approver),
      branch_manager: parsed.authority.branch_manager === null ? null : minorOf(parsed.authority.branch_manager),
    },
    pricing,
    raw,
  };
}

export const parseOriginationSettings = (raw: OriginationSettingsInput, version: number): OriginationSettings =>
  originationSettings(originationSettingsShape.parse(raw), version, raw);
