/**
 * Origination engine: the scorecard against a worked example added up by hand, every screening
 * rule, prices by grade and the authority ladder. Expected values come from the rules in
 * docs/risk-and-collections.md and from a Python Decimal computation (noted inline;
 * docs/checks/origination.py).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORECARD } from '../../../src/scoring/default';
import { checkModel, pdOf, score } from '../../../src/scoring/scorecard';
import { assess, estimatedPayment, gradePrice, mayApproveAmount, requiredRole, type Applicant, type ApplicationFacts, type BookFacts, type ProductTerms } from '../../../src/origination/assess';
import { DEFAULT_ORIGINATION, parseOriginationSettings, type OriginationSettingsInput } from '../../../src/origination/settings';
import { ruleMessage } from '../../../src/origination/messages';
import { DEFAULT_LPR_TABLE } from '../../../src/pricing/caps';

const BD = '2025-06-01';
const product: ProductTerms = {
  id: 'P-EI', code: 'CONSUMER-EI', nameZh: '个人消费贷', nameEn: 'Consumer loan', method: 'equal-installment', frequency: 'monthly',
  minRate: '0.0720', maxRate: '0.1180', minTerm: 6, maxTerm: 36, minAmount: 500_000n, maxAmount: 20_000_000n,
  interestMode: 'per-period', dayCount: '30/360', principalGrace: 0, rounding: 'half-up', paymentMultiple: 1n, decimals: 2,
  upfrontFeeRate: '0', upfrontFeeDeducted: true, installmentFee: 0n, requiredDocuments: ['id_card', 'income_proof'],
};
const person: Applicant = { kind: 'individual', birthDate: '1985-03-12', yearsInBusiness: null };
const facts: ApplicationFacts = { amount: 3_000_000n, term: 36, monthlyIncome: 1_000_000n, monthlyDebt: 100_000n, employmentYears: 4, bureauOverdue24m: 0, bureauInquiries6m: 1, bureauCurrentOverdue: 0 };
const clean: BookFacts = { listHits: [], lateLoans: 0, history: 'new', openApplication: null, lpr: DEFAULT_LPR_TABLE };
const settings = (patch: Omit<Partial<OriginationSettingsInput>, 'rules'> & { rules?: Partial<OriginationSettingsInput['rules']> } = {}) =>
  parseOriginationSettings({ ...DEFAULT_ORIGINATION, reviewShare: '0', ...patch, rules: { ...DEFAULT_ORIGINATION.rules, ...(patch.rules ?? {}) } }, 1);
const run = (f: Partial<ApplicationFacts> = {}, b: Partial<BookFacts> = {}, a: Applicant = person, s = settings()) =>
  assess(DEFAULT_SCORECARD, s, product, a, { ...facts, ...f }, { ...clean, ...b }, BD, 'APP-1');
const rule = (r: ReturnType<typeof run>, code: string) => r.rules.find((x) => x.code === code);

describe('scorecard', () => {
  it('the default model places every value', () => {
    expect(checkModel(DEFAULT_SCORECARD)).toEqual([]);
  });

  it('adds up a worked example by hand', () => {
    // age 40 → 35–49: 96; 4 years employed → 3–5: 92; ¥12,000 → 10,000–19,999: 96; DTI 28% → 20–34.99%: 94;
    // 1 late payment → 1–2: 76; 3 inquiries → 2–3: 88; new customer: 82. 96+92+96+94+76+88+82 = 624 → C (600–629).
    const r = score(DEFAULT_SCORECARD, { age: 40, employmentYears: 4, monthlyIncome: 12000, debtToIncome: 2800, bureauOverdue24m: 1, bureauInquiries6m: 3, history: 'new' });
    expect(r.breakdown.map((b) => b.points)).toEqual([96, 92, 96, 94, 76, 88, 82]);
    expect(r.score).toBe(624);
    expect(r.grade).toBe('C');
    // odds = 50·2^((624−600)/20) = 114.8698…; PD = 1/(1+odds) = 0.0086304 (Python Decimal).
    expect(r.pd).toBe('0.008630');
    // Points lost against each characteristic's best bin: late payments 24, history 18, DTI 10,
    // employment 8 and inquiries 8 (a tie: the model's order decides), income 6, age 0.
    expect(r.reasons.map((x) => [x.key, x.pointsLost])).toEqual([['bureauOverdue24m', 24], ['history', 18], ['debtToIncome', 10], ['employmentYears', 8]]);
  });

  it('scales 600 points to 50:1 and doubles the odds every 20 points', () => {
    expect(pdOf(DEFAULT_SCORECARD, 600)).toBe('0.019608'); // 1/51
    expect(pdOf(DEFAULT_SCORECARD, 620)).toBe('0.009901'); // 1/101
    expect(pdOf(DEFAULT_SCORECARD, 580)).toBe('0.038462'); // 1/26
  });

  it('scores missing values in their own bin and grades the bounds', () => {
    const r = score(DEFAULT_SCORECARD, {});
    expect(r.breakdown.every((b) => b.bin.en.length > 0)).toBe(true);
    expect(r.score).toBe(86 + 70 + 60 + 50 + 80 + 82 + 82);
    const at = (total: number) => DEFAULT_SCORECARD.grades.find((g) => total >= g.minScore)?.grade ?? 'E';
    expect([660, 659, 630, 629, 600, 599, 570, 569].map(at)).toEqual(['A', 'B', 'B', 'C', 'C', 'D', 'D', 'E']);
  });
});

describe('screening rules', () => {
  it('passes a clean applicant on every rule', () => {
    const r = run();
    expect(r.knockedOut).toBe(false);
    expect(r.rules.filter((x) => x.outcome !== 'pass')).toEqual([]);
    expect(r.review).toEqual([]);
  });

  it('AGE_MIN and AGE_MAX: 18 at application, 65 at maturity', () => {
    expect(rule(run({}, {}, { ...person, birthDate: '2007-06-02' }), 'AGE_MIN')).toMatchObject({ outcome: 'fail', effect: 'decline', details: { age: 17 } });
    expect(rule(run({}, {}, { ...person, birthDate: '2007-06-01' }), 'AGE_MIN')?.outcome).toBe('pass');
    // Born 1963-06-02: 61 today, 64 at a 36-month maturity (2028-06-01), 65 on 2028-06-02.
    expect(rule(run({}, {}, { ...person, birthDate: '1963-06-02' }), 'AGE_MAX')).toMatchObject({ outcome: 'pass', details: { age: 64 } });
    expect(rule(run({}, {}, { ...person, birthDate: '1962-06-01' }), 'AGE_MAX')).toMatchObject({ outcome: 'fail', effect: 'decline', details: { age: 66, maturity: '2028-06-01' } });
  });

  it('BUSINESS_AGE: a business trading less than the minimum goes to review', () => {
    const r = run({}, {}, { kind: 'business', birthDate: null, yearsInBusiness: 0 });
    expect(rule(r, 'BUSINESS_AGE')).toMatchObject({ outcome: 'fail', effect: 'review' });
    expect(r.review).toContain('BUSINESS_AGE');
    expect(rule(r, 'AGE_MIN')).toBeUndefined();
  });

  it('BLACKLIST declines with the list’s reason; WHITELIST skips the random review', () => {
    const black = run({}, { listHits: [{ list: 'black', kind: 'phone', value: '13900001111', reason: '冒用身份' }] });
    expect(black.knockedOut).toBe(true);
    expect(black.recommendation).toBe('decline');
    expect(black.offer).toBeNull();
    expect(ruleMessage(rule(black, 'BLACKLIST')!, 'zh-CN')).toBe('手机号命中黑名单：冒用身份');
    expect(ruleMessage(rule(black, 'BLACKLIST')!, 'en')).toBe('On the blacklist by phone: 冒用身份');
    const everyone = settings({ reviewShare: '1' });
    expect(run({}, {}, person, everyone).review).toEqual(['sample']);
    const white = run({}, { listHits: [{ list: 'white', kind: 'id_number', value: 'x', reason: '代发工资' }] }, person, everyone);
    expect(rule(white, 'WHITELIST')).toMatchObject({ outcome: 'note', effect: 'fast-track' });
    expect(white.review).toEqual([]);
  });

  it('CURRENT_OVERDUE: on the credit report or with us', () => {
    expect(rule(run({ bureauCurrentOverdue: 1 }), 'CURRENT_OVERDUE')).toMatchObject({ outcome: 'fail', effect: 'decline' });
    expect(rule(run({}, { lateLoans: 1 }), 'CURRENT_OVERDUE')).toMatchObject({ outcome: 'fail', effect: 'decline' });
  });

  it('DEBT_TO_INCOME: review from 50%, decline from 55%, with this loan’s payment at the product’s top rate', () => {
    // 100,000 over 36 months at 11.80%: 3,311.89 a month (Python Decimal, half-up).
    expect(estimatedPayment(product, 10_000_000n, 36)).toBe(331_189n);
    // (1,900 + 3,311.89) / 10,000 = 52.12% → review; (3,000 + 3,311.89) / 10,000 = 63.12% → decline.
    expect(rule(run({ amount: 10_000_000n, monthlyDebt: 190_000n }), 'DEBT_TO_INCOME')).toMatchObject({ outcome: 'fail', effect: 'review', details: { dti: '52.12' } });
    expect(rule(run({ amount: 10_000_000n, monthlyDebt: 300_000n }), 'DEBT_TO_INCOME')).toMatchObject({ outcome: 'fail', effect: 'decline', details: { dti: '63.12' } });
    expect(rule(run({ monthlyIncome: null }), 'DEBT_TO_INCOME')).toMatchObject({ outcome: 'fail', effect: 'review' });
  });

  it('AMOUNT_CAP: the product’s maximum or the regulatory cap, whichever is lower', () => {
    expect(rule(run({ amount: 20_000_100n }), 'AMOUNT_CAP')).toMatchObject({ outcome: 'fail', effect: 'decline', details: { cap: '200000.00' } });
    expect(rule(run({ amount: 20_000_000n }), 'AMOUNT_CAP')?.outcome).toBe('pass');
    expect(rule(run({ amount: 15_000_000n }, {}, person, settings({ rules: { amountCap: '100000' } })), 'AMOUNT_CAP')).toMatchObject({ outcome: 'fail', details: { cap: '100000.00' } });
  });

  it('INCOME_SHARE: the amount against exactly a third of annual income goes to review', () => {
    // 10,000 a month: 120,000 a year ÷ 3 = 40,000.00 exactly (docs/risk-and-collections.md). This
    // test used to expect 39,996.00, the limit of the truncated default 0.3333 (120,000 × 0.3333):
    // that encoded the defect of issue 12 item 7, a third read as 0.3333.
    expect(rule(run({ amount: 4_000_000n, term: 12 }), 'INCOME_SHARE')).toMatchObject({ outcome: 'pass', effect: 'none', details: { limit: '40000.00' } });
    expect(rule(run({ amount: 4_000_001n, term: 12 }), 'INCOME_SHARE')).toMatchObject({ outcome: 'fail', effect: 'review', details: { amount: '40000.01', limit: '40000.00' } });
    // 20,000 a month: 240,000 a year ÷ 3 = 80,000.00; 80,000 is at the limit, not over it.
    const at = rule(run({ amount: 8_000_000n, term: 12, monthlyIncome: 2_000_000n }), 'INCOME_SHARE');
    expect(at).toMatchObject({ outcome: 'pass', details: { amount: '80000.00', limit: '80000.00' } });
    expect(ruleMessage(at!, 'en')).toBe('¥80,000.00 is within ¥80,000.00 (the share of annual income allowed)');
    expect(ruleMessage(at!, 'zh-CN')).toBe('申请金额 ¥80,000.00 未超过年收入允许比例 ¥80,000.00');
    // A third of 1,000.01 a month (12,000.12 a year) is 4,000.04 exactly.
    expect(rule(run({ amount: 400_004n, monthlyIncome: 100_001n }), 'INCOME_SHARE')).toMatchObject({ outcome: 'pass', details: { limit: '4000.04' } });
    // A share that does not come to whole fen rounds down: 120,000 ÷ 7 = 17,142.857142… → 17,142.85.
    const seventh = settings({ rules: { incomeShare: '1/7' } });
    expect(rule(run({ amount: 1_714_286n }, {}, person, seventh), 'INCOME_SHARE')).toMatchObject({ outcome: 'fail', details: { limit: '17142.85' } });
  });

  it('policy shares are exact fractions: "1/3" and decimals are taken, the default is one third', () => {
    expect(DEFAULT_ORIGINATION.rules.incomeShare).toBe('1/3');
    expect(settings().rules.incomeShare).toEqual({ n: 1n, d: 3n });
    expect(settings({ rules: { incomeShare: ' 2 / 6 ' } }).rules.incomeShare).toEqual({ n: 1n, d: 3n });
    expect(settings({ rules: { incomeShare: '0.5' } }).rules.incomeShare).toEqual({ n: 1n, d: 2n });
    expect(settings({ reviewShare: '1/20' }).reviewShare).toEqual({ n: 1n, d: 20n });
    for (const bad of ['1/0', '4/3', '-1/3', '1/3/4', 'one third', '33%']) {
      expect(() => settings({ rules: { incomeShare: bad } }), bad).toThrow();
    }
  });

  it('DUPLICATE: another open application declines; a rule set to off does nothing', () => {
    expect(rule(run({}, { openApplication: 'SQ20250601-0001' }), 'DUPLICATE')).toMatchObject({ outcome: 'fail', effect: 'decline', details: { number: 'SQ20250601-0001' } });
    const off = run({}, { openApplication: 'SQ20250601-0001' }, person, settings({ rules: { duplicateAction: 'off' } }));
    expect(rule(off, 'DUPLICATE')?.outcome).toBe('pass');
    expect(off.knockedOut).toBe(false);
  });
});

describe('pricing by grade', () => {
  it('draws grade prices from the product’s range unless the lender set them', () => {
    const s = settings();
    // min + (max − min)·k/3 to the millionth, half-up: 0.072, 0.087333, 0.102667, 0.118.
    expect(['A', 'B', 'C', 'D'].map((g) => gradePrice(s, product, g as 'A')?.rateText)).toEqual(['0.072000', '0.087333', '0.102667', '0.118000']);
    expect(['A', 'B', 'C', 'D'].map((g) => gradePrice(s, product, g as 'A')?.maxAmount)).toEqual([20_000_000n, 16_000_000n, 12_000_000n, 8_000_000n]);
    expect(gradePrice(s, product, 'D')?.maxTerm).toBe(24);
    expect(gradePrice(s, product, 'E')).toBeNull();
    const set = settings({ pricing: { 'CONSUMER-EI': { A: { rate: '0.065', maxAmount: '150000', maxTerm: 24, incomeMultiple: 10 } } } });
    expect(gradePrice(set, product, 'A')).toMatchObject({ rateText: '0.065', maxAmount: 15_000_000n, maxTerm: 24, incomeMultiple: 10 });
  });

  it('offers the grade’s rate, the amount capped by grade and income, and the schedule of that offer', () => {
    const f = { amount: 15_000_000n, term: 36, monthlyIncome: 1_500_000n, monthlyDebt: 0n };
    const s = settings({ pricing: { 'CONSUMER-EI': { [run(f).score.grade]: { rate: '0.072', maxAmount: '200000', maxTerm: 12, incomeMultiple: 6 } } } });
    // Income 15,000 × 6 = 90,000 caps a 150,000 request; the grade allows 12 months of the 36 asked.
    const r = run(f, {}, person, s);
    expect(r.offer).toMatchObject({ rate: '0.072', amount: '90000.00', term: 12, limitedBy: ['income'] });
    // 90,000 over 12 months at 7.2%: 7,795.71 (PMT, Python Decimal); fee-free, so the annualized rate is the contract rate.
    expect(r.offer?.monthlyPayment).toBe('7795.71');
    expect(r.offer?.annualizedRate).toBe('0.072000');
    expect(r.offer?.schedule?.installments).toHaveLength(12);
  });

  it('an offer made on 2025-01-31 is due on each month-end and matures on 2026-01-31, as the contract will be', () => {
    const price = { rate: '0.072', maxAmount: '200000', maxTerm: 12, incomeMultiple: 10 };
    const s = settings({ pricing: { 'CONSUMER-EI': { A: price, B: price, C: price, D: price, E: price } } });
    const r = assess(DEFAULT_SCORECARD, s, product, person, { ...facts, term: 12 }, clean, '2025-01-31', 'APP-1');
    // By hand: the 31st, or the last day of a shorter month (February 2025 has 28 days; April,
    // June, September and November 30).
    expect(r.offer?.schedule?.installments.map((i) => i.dueDate)).toEqual([
      '2025-02-28', '2025-03-31', '2025-04-30', '2025-05-31', '2025-06-30', '2025-07-31',
      '2025-08-31', '2025-09-30', '2025-10-31', '2025-11-30', '2025-12-31', '2026-01-31',
    ]);
    expect(r.offer?.schedule?.maturityDate).toBe('2026-01-31');
  });

  it('a line’s offer states the annualized rate its contract will: the daily rate x 365, simple', () => {
    const line: ProductTerms = { ...product, id: 'P-RV', code: 'LINE-RV', method: 'revolving', dayCount: 'ACT/360', minRate: '0.144', maxRate: '0.144', minTerm: 12, maxTerm: 12 };
    const r = assess(DEFAULT_SCORECARD, settings(), line, person, { ...facts, term: 12 }, clean, BD, 'APP-1');
    // 14.40% / 360 = 0.04% a day; x 365 = 14.60% (docs/loan-math.md), above 4 x the 3.00% LPR of 2025-06-01.
    expect(r.offer).toMatchObject({ rate: '0.144000', annualizedRate: '0.146000', capWarnings: [{ code: 'above-4x-lpr' }], schedule: null });
  });
});

describe('authority', () => {
  const s = settings();
  it('routes by amount to the lowest role whose limit covers it', () => {
    expect(requiredRole(s, 5_000_000n)).toBe('officer');
    expect(requiredRole(s, 5_000_001n)).toBe('senior_approver');
    expect(requiredRole(s, 20_000_000n)).toBe('senior_approver');
    expect(requiredRole(s, 20_000_001n)).toBe('branch_manager');
  });

  it('matches the authority matrix: role × amount', () => {
    const amounts = [5_000_000n, 5_000_001n, 20_000_000n, 20_000_001n, 100_000_000n];
    const matrix = Object.fromEntries(['officer', 'senior_approver', 'branch_manager', 'collections', 'admin'].map((role) => [role, amounts.map((a) => mayApproveAmount(s, role, a))]));
    expect(matrix).toEqual({
      officer: [true, false, false, false, false],
      senior_approver: [true, true, true, false, false],
      branch_manager: [true, true, true, true, true],
      collections: [false, false, false, false, false],
      admin: [false, false, false, false, false],
    });
  });
});

describe('rule messages', () => {
  it('write amounts as amounts', () => {
    expect(ruleMessage({ code: 'AMOUNT_CAP', outcome: 'fail', details: { amount: '1234567.50', cap: '300000.00' } }, 'zh-CN')).toBe('申请金额 ¥1,234,567.50 超过产品或监管上限 ¥300,000.00');
  });
});
