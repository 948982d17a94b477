/**
 * Assessing an application: screening rules (knock-outs and review flags, with codes), the
 * scorecard, the price and limit for the grade, the review decision and the authority needed to
 * approve. Pure: everything the book knows about the applicant (and the LPR table the cap warnings
 * are read from) comes in as `BookFacts`, so the same function serves the desk, `suanpan score` and
 * the benchmarks.
 */
import { createHash } from 'node:crypto';
import { addMonths, type DayCount, type Frequency } from '../calendar';
import { BOOK_SCALE, fromBook } from '../money/money';
import { divRound, parseDecimal, toDecimalString, type Rational, type RoundingMode, type Decimals } from '../money';
import { buildSchedule, levelPayment, type InterestMode, type Method } from '../schedule/term';
import { scheduleToJson } from '../schedule/service';
import { lineAnnualizedRate } from '../schedule/line';
import { checkRateCaps, type CapWarning, type LprEntry } from '../pricing/caps';
import { D } from '../pricing/decimal';
import { formatMinor, parseMinor } from '../money/amount';
import { score as runScorecard, type Grade, type ScoreResult, type ScorecardModel } from '../scoring/scorecard';
import type { OriginationSettings, GradePrice, RuleAction, RuleCode } from './settings';
import { termLoanFor } from './termLoan';

export interface ProductTerms {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  method: Method | 'revolving';
  frequency: Frequency;
  minRate: string;
  maxRate: string;
  minTerm: number;
  maxTerm: number;
  minAmount: bigint;
  maxAmount: bigint;
  interestMode: InterestMode;
  dayCount: DayCount;
  principalGrace: number;
  rounding: RoundingMode;
  paymentMultiple: bigint;
  decimals: Decimals;
  upfrontFeeRate: string;
  upfrontFeeDeducted: boolean;
  installmentFee: bigint;
  requiredDocuments: string[];
}

export interface Applicant {
  kind: 'individual' | 'business';
  birthDate: string | null;
  yearsInBusiness: number | null;
}

export interface ApplicationFacts {
  amount: bigint;
  term: number;
  monthlyIncome: bigint | null;
  monthlyDebt: bigint | null;
  employmentYears: number | null;
  bureauOverdue24m: number | null;
  bureauInquiries6m: number | null;
  bureauCurrentOverdue: number | null;
}

export interface ListHit {
  list: 'black' | 'white';
  kind: 'id_number' | 'phone' | 'credit_code';
  value: string;
  reason: string;
}

/** What the book knows about the applicant, looked up by the caller, and the book's LPR table. */
export interface BookFacts {
  listHits: ListHit[];
  /** This lender's loans to the applicant that are late today. */
  lateLoans: number;
  history: 'new' | 'existing' | 'good' | 'bad';
  /** Number of another open application of the same applicant, if any. */
  openApplication: string | null;
  /** The one-year LPR table the offer's 4 x LPR warning is taken from (the book's). */
  lpr: readonly LprEntry[];
}

export type RuleOutcome = 'pass' | 'fail' | 'note';

export interface RuleResult {
  code: RuleCode;
  outcome: RuleOutcome;
  /** What the result does: decline, send to review, fast-track, or nothing. */
  effect: 'decline' | 'review' | 'fast-track' | 'none';
  details: Record<string, string | number>;
}

export interface Offer {
  grade: Grade;
  rate: string;
  amount: string;
  term: number;
  /** Why the amount is below the request, if it is. */
  limitedBy: ('grade' | 'income' | 'product')[];
  monthlyPayment: string;
  annualizedRate: string;
  capWarnings: CapWarning[];
  schedule: ReturnType<typeof scheduleToJson> | null;
}

export type ApproverRole = 'officer' | 'senior_approver' | 'branch_manager';

export interface Assessment {
  rulesVersion: number;
  rules: RuleResult[];
  knockedOut: boolean;
  score: ScoreResult;
  recommendation: 'approve' | 'decline';
  offer: Offer | null;
  /** Why it goes to manual review ('sample' for the random share), empty when it does not. */
  review: (RuleCode | 'sample')[];
  requiredRole: ApproverRole;
  /** The DTI used by the rule and the scorecard, in basis points (null without income). */
  debtToIncomeBp: number | null;
  estimatedPayment: string;
}

const rate = (text: string): Rational => parseDecimal(text) as Rational;

/** Whole years from `birth` to `on` (both ISO dates). */
export function ageOn(birth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  return on.slice(5) < birth.slice(5) ? years - 1 : years;
}

/**
 * The borrower's heaviest monthly payment on this loan, for the debt-to-income test: at the
 * product's highest rate (the grade is not known yet), per method; half-up to the fen.
 */
export function estimatedPayment(product: ProductTerms, amount: bigint, term: number): bigint {
  const top = rate(product.maxRate);
  const monthly: Rational = { n: top.n, d: top.d * 12n };
  const interest = divRound(amount * monthly.n, monthly.d, 'half-up');
  switch (product.method) {
    case 'equal-installment':
      // The exact level payment (the engine's annuity), half-up to the fen.
      return levelPayment(amount, Array.from({ length: term }, () => monthly), 0, term - 1, 1n, 'half-up');
    case 'equal-principal':
    case 'flat':
      return divRound(amount, BigInt(term), 'half-up') + interest;
    default:
      // Interest-only and lines: the monthly interest (principal is due at the end or at will).
      return interest;
  }
}

/** The price for a grade: the lender's setting for the product, else one drawn from the product's range. */
export function gradePrice(settings: OriginationSettings, product: ProductTerms, grade: Grade): GradePrice | null {
  const set = settings.pricing[product.code]?.[grade];
  if (set !== undefined) return set;
  if (grade === 'E') return null;
  const k = BigInt('ABCD'.indexOf(grade));
  const lo = rate(product.minRate);
  const hi = rate(product.maxRate);
  // min + (max − min)·k/3, in millionths, half-up.
  const micro = divRound((lo.n * hi.d * 3n + (hi.n * lo.d - lo.n * hi.d) * k) * 1_000_000n, lo.d * hi.d * 3n, 'half-up');
  const r: Rational = { n: micro, d: 1_000_000n };
  const share = [100n, 80n, 60n, 40n][Number(k)] as bigint;
  const maxAmount = (divRound(product.maxAmount * share, 100n * 10_000n, 'down') * 10_000n) as bigint;
  return {
    rate: r,
    rateText: toDecimalString(r, 6),
    maxAmount: maxAmount < product.minAmount ? product.minAmount : maxAmount,
    maxTerm: grade === 'D' ? Math.max(product.minTerm, Math.min(product.maxTerm, 24)) : product.maxTerm,
    incomeMultiple: [12, 10, 8, 6][Number(k)] as number,
  };
}

/** The role that may approve `amount`: the lowest whose limit covers it. */
export function requiredRole(settings: OriginationSettings, amount: bigint): ApproverRole {
  if (amount <= settings.authority.officer) return 'officer';
  if (amount <= settings.authority.senior_approver) return 'senior_approver';
  return 'branch_manager';
}

/** Whether a role's authority covers `amount` (roles outside the ladder approve nothing). */
export function mayApproveAmount(settings: OriginationSettings, role: string, amount: bigint): boolean {
  if (role === 'officer') return amount <= settings.authority.officer;
  if (role === 'senior_approver') return amount <= settings.authority.senior_approver;
  if (role === 'branch_manager') return settings.authority.branch_manager === null || amount <= settings.authority.branch_manager;
  return false;
}

/** A stable draw in [0, 1) from the application's id, so the random review share is reproducible. */
export function reviewDraw(applicationId: string): Rational {
  const h = createHash('sha256').update(applicationId).digest();
  return { n: BigInt(h.readUInt32BE(0)), d: 2n ** 32n };
}

const lessThan = (a: Rational, b: Rational): boolean => a.n * b.d < b.n * a.d;

function screen(settings: OriginationSettings, product: ProductTerms, applicant: Applicant, facts: ApplicationFacts, book: BookFacts, businessDate: string, dtiBp: number | null): RuleResult[] {
  const s = settings.rules;
  const out: RuleResult[] = [];
  const push = (code: RuleCode, failed: boolean, action: RuleAction, details: Record<string, string | number> = {}) =>
    out.push({ code, outcome: failed && action !== 'off' ? 'fail' : 'pass', effect: failed && action !== 'off' ? action : 'none', details });

  if (applicant.kind === 'individual' && applicant.birthDate) {
    const age = ageOn(applicant.birthDate, businessDate);
    push('AGE_MIN', age < s.minAge, s.ageAction, { age, min: s.minAge });
    const maturity = addMonths(businessDate, facts.term);
    const atMaturity = ageOn(applicant.birthDate, maturity);
    push('AGE_MAX', atMaturity > s.maxAgeAtMaturity, s.ageAction, { age: atMaturity, max: s.maxAgeAtMaturity, maturity });
  }
  if (applicant.kind === 'business') {
    push('BUSINESS_AGE', (applicant.yearsInBusiness ?? -1) < s.minYearsInBusiness, s.businessAgeAction, { years: applicant.yearsInBusiness ?? '?', min: s.minYearsInBusiness });
  }
  const black = book.listHits.filter((h) => h.list === 'black');
  push('BLACKLIST', black.length > 0, s.blacklistAction, black.length ? { kind: (black[0] as ListHit).kind, reason: (black[0] as ListHit).reason } : {});
  const white = book.listHits.find((h) => h.list === 'white');
  out.push(white ? { code: 'WHITELIST', outcome: 'note', effect: 'fast-track', details: { kind: white.kind, reason: white.reason } } : { code: 'WHITELIST', outcome: 'pass', effect: 'none', details: {} });
  const bureau = facts.bureauCurrentOverdue ?? 0;
  push('CURRENT_OVERDUE', bureau > 0 || book.lateLoans > 0, s.currentOverdueAction, { bureau, ours: book.lateLoans });
  if (dtiBp === null) out.push({ code: 'DEBT_TO_INCOME', outcome: 'fail', effect: 'review', details: { dti: '?' } });
  else {
    const action: RuleAction = dtiBp >= s.dtiDeclineBp ? 'decline' : 'review';
    push('DEBT_TO_INCOME', dtiBp >= s.dtiReviewBp, action, { dti: bpPercent(dtiBp), review: bpPercent(s.dtiReviewBp), decline: bpPercent(s.dtiDeclineBp) });
  }
  const cap = s.amountCap < product.maxAmount ? s.amountCap : product.maxAmount;
  push('AMOUNT_CAP', facts.amount > cap, s.amountCapAction, { amount: formatMinor(facts.amount, BOOK_SCALE), cap: formatMinor(cap, BOOK_SCALE) });
  if (facts.monthlyIncome !== null && facts.monthlyIncome > 0n) {
    const annual = facts.monthlyIncome * 12n;
    const limit = divRound(annual * s.incomeShare.n, s.incomeShare.d, 'down');
    push('INCOME_SHARE', facts.amount > limit, s.incomeShareAction, { amount: formatMinor(facts.amount, BOOK_SCALE), limit: formatMinor(limit, BOOK_SCALE) });
  }
  push('DUPLICATE', book.openApplication !== null, s.duplicateAction, book.openApplication ? { number: book.openApplication } : {});
  return out;
}

function makeOffer(settings: OriginationSettings, product: ProductTerms, facts: ApplicationFacts, grade: Grade, businessDate: string, lpr: readonly LprEntry[]): Offer | null {
  // Grade E is not priced (the scorecard recommends declining); an approver who overrides the score
  // lends at the terms of the lowest priced grade.
  const price = gradePrice(settings, product, grade) ?? (grade === 'E' ? gradePrice(settings, product, 'D') : null);
  if (!price) return null;
  const limitedBy: Offer['limitedBy'] = [];
  let amount = facts.amount;
  if (amount > price.maxAmount) {
    amount = price.maxAmount;
    limitedBy.push('grade');
  }
  if (facts.monthlyIncome !== null) {
    const byIncome = facts.monthlyIncome * BigInt(price.incomeMultiple);
    if (amount > byIncome) {
      amount = byIncome;
      limitedBy.push('income');
    }
  }
  if (amount > product.maxAmount) {
    amount = product.maxAmount;
    limitedBy.push('product');
  }
  // Offers are in whole hundreds of yuan, rounded down.
  amount = divRound(amount, 10_000n, 'down') * 10_000n;
  if (amount < product.minAmount) return null;
  const term = Math.max(product.minTerm, Math.min(facts.term, price.maxTerm));
  if (product.method === 'revolving') {
    const annual = toDecimalString(price.rate, 6);
    const monthly = divRound(amount * price.rate.n, price.rate.d * 12n, 'half-up');
    // As the line's contract states it: the daily rate x 365, simple (ACT/360: above the contract rate).
    const apr = toDecimalString(lineAnnualizedRate(price.rate, product.dayCount), 6);
    return { grade, rate: price.rateText || annual, amount: formatMinor(amount, BOOK_SCALE), term, limitedBy, monthlyPayment: formatMinor(monthly, BOOK_SCALE), annualizedRate: apr, capWarnings: checkRateCaps(apr, businessDate, lpr), schedule: null };
  }
  // The offer is in fen (the book's scale); its schedule runs at the product's (whole yuan or fen).
  const loan = termLoanFor({ ...product, method: product.method }, { principal: fromBook(amount, product.decimals), annualRate: price.rate, term, disbursementDate: businessDate });
  const schedule = buildSchedule(loan);
  // The schedule as the quote screen shows it, with its annualized rate (solved once, here).
  const json = scheduleToJson(loan, schedule, lpr);
  const apr = json.annualizedRate;
  const first = schedule.installments[0];
  return {
    grade,
    rate: price.rateText || toDecimalString(price.rate, 6),
    amount: formatMinor(amount, BOOK_SCALE),
    term,
    limitedBy,
    monthlyPayment: formatMinor(first ? first.total : 0n, product.decimals),
    annualizedRate: new D(apr.nominal).toFixed(6, D.ROUND_HALF_UP),
    capWarnings: apr.capWarnings,
    schedule: json,
  };
}

export interface AssessOptions {
  /** Price the offer with its full schedule (the desk); false skips the schedule (fast re-scoring). */
  offer?: boolean;
}

export function assess(
  model: ScorecardModel,
  settings: OriginationSettings,
  product: ProductTerms,
  applicant: Applicant,
  facts: ApplicationFacts,
  book: BookFacts,
  businessDate: string,
  applicationId: string,
  options: AssessOptions = {},
): Assessment {
  const payment = estimatedPayment(product, facts.amount, facts.term);
  const income = facts.monthlyIncome;
  const dtiBp = income !== null && income > 0n ? Number(divRound(((facts.monthlyDebt ?? 0n) + payment) * 10_000n, income, 'half-up')) : null;
  const rules = screen(settings, product, applicant, facts, book, businessDate, dtiBp);
  const knockedOut = rules.some((r) => r.effect === 'decline');
  const scored = runScorecard(model, {
    age: applicant.kind === 'individual' && applicant.birthDate ? ageOn(applicant.birthDate, businessDate) : null,
    employmentYears: applicant.kind === 'business' ? applicant.yearsInBusiness : facts.employmentYears,
    monthlyIncome: income === null ? null : Number(income / 100n),
    debtToIncome: dtiBp,
    bureauOverdue24m: facts.bureauOverdue24m,
    bureauInquiries6m: facts.bureauInquiries6m,
    history: book.history,
  });
  const offer = knockedOut || options.offer === false ? null : makeOffer(settings, product, facts, scored.grade, businessDate, book.lpr);
  const recommendation = knockedOut || scored.grade === 'E' ? 'decline' : 'approve';
  const fastTrack = rules.some((r) => r.effect === 'fast-track');
  const review: Assessment['review'] = rules.filter((r) => r.effect === 'review').map((r) => r.code);
  if (!knockedOut && !fastTrack && !review.length && lessThan(reviewDraw(applicationId), settings.reviewShare)) review.push('sample');
  const amountToApprove = offer ? (parseMinor(offer.amount, BOOK_SCALE) as bigint) : facts.amount;
  return {
    rulesVersion: settings.version,
    rules,
    knockedOut,
    score: scored,
    recommendation,
    offer,
    review: knockedOut ? [] : review,
    requiredRole: requiredRole(settings, amountToApprove),
    debtToIncomeBp: dtiBp,
    estimatedPayment: formatMinor(payment, BOOK_SCALE),
  };
}

/** Whole basis points as a percentage with two decimals ("5212" → "52.12"), in integers. */
export const bpPercent = (bp: number): string => `${Math.trunc(bp / 100)}.${String(bp % 100).padStart(2, '0')}`;
