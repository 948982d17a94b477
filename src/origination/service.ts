/**
 * Applications through their life: taken as a draft, submitted (screened, scored, priced and routed
 * in the same step), reviewed and decided by someone with the authority for the amount who is not
 * the person who submitted it, returned for more information, or withdrawn. Every transition is an
 * event row; every rule result, score and decision a decision row; the caller's audit rows go in
 * the same transaction.
 */
import { z } from 'zod';
import { SuanpanError, type Lang } from '../errors';
import type { Db } from '../db/connection';
import type { IdSource } from '../ids';
import { applicationRepo, type ApplicationRow, type ProductRow, type QueueVariant } from '../db/repos/applications';
import type { CustomerStore } from '../customers/store';
import type { LprStore } from '../pricing/store';

/** The stores origination reads besides its own tables: the applicants, and the LPR table for the cap warnings. */
export interface OriginationStores {
  customers: CustomerStore;
  lpr: LprStore;
}
import { formatMinor, parseMinor } from '../money/amount';
import { BOOK_SCALE, fromBook, toBook } from '../money/money';
import { amount, invalidSettings, issuesReason, wholeNumber } from '../validation';
import { DEFAULT_SCORECARD } from '../scoring/default';
import { checkModel, scorecardModel, GRADES, type ScorecardModel } from '../scoring/scorecard';
import { assess, bpPercent, mayApproveAmount, type Applicant, type ApplicationFacts, type Assessment, type BookFacts, type ProductTerms } from './assess';
import { DEFAULT_ORIGINATION, parseOriginationSettings, originationSettingsShape, type OriginationSettings, type OriginationSettingsInput } from './settings';
import { money as yuan, REVIEW_SAMPLE, ruleMessage, ruleName } from './messages';
import type { RoundingMode, Decimals } from '../money';
import { addDays, type DayCount, type Frequency } from '../calendar';
import type { InterestMode, Method } from '../schedule/term';

export const DOCUMENT_KINDS = ['id_card', 'income_proof', 'bank_statement', 'business_licence', 'other'] as const;
const text = (max: number) => z.string().trim().max(max);
const count = wholeNumber(0, 999);

export const applicationInput = z.strictObject({
  customerId: z.string().min(1).max(40),
  productId: z.string().min(1).max(40),
  amount: amount(),
  term: wholeNumber(1, 480),
  purpose: text(100).min(1),
  monthlyIncome: amount(true).optional(),
  monthlyDebt: amount(true).optional(),
  employmentYears: wholeNumber(0, 70).optional(),
  employer: text(100).optional(),
  bureauOverdue24m: count.optional(),
  bureauInquiries6m: count.optional(),
  bureauCurrentOverdue: count.optional(),
  notes: text(500).optional(),
});
export type ApplicationInput = z.input<typeof applicationInput>;

export interface Actor {
  userId: string;
  role: string;
  /** What the actor's role may do (for the actions a screen offers). */
  permissions: ReadonlySet<string>;
}

// ---------------------------------------------------------------- products, settings, scorecard

export function productTerms(p: ProductRow): ProductTerms {
  return {
    id: p.id,
    code: p.code,
    nameZh: p.name_zh,
    nameEn: p.name_en,
    method: p.method as Method | 'revolving',
    frequency: p.frequency as Frequency,
    minRate: p.min_rate,
    maxRate: p.max_rate,
    minTerm: p.min_term,
    maxTerm: p.max_term,
    minAmount: BigInt(p.min_amount),
    maxAmount: BigInt(p.max_amount),
    interestMode: p.interest_mode as InterestMode,
    dayCount: p.day_count as DayCount,
    principalGrace: p.principal_grace,
    rounding: p.rounding as RoundingMode,
    paymentMultiple: BigInt(p.payment_multiple),
    decimals: p.decimals as Decimals,
    upfrontFeeRate: p.upfront_fee_rate,
    upfrontFeeDeducted: p.upfront_fee_deducted === 1,
    // The book keeps fen; a schedule's fee is at the product's own scale.
    installmentFee: fromBook(BigInt(p.installment_fee), p.decimals as Decimals),
    requiredDocuments: JSON.parse(p.required_documents) as string[],
  };
}

export const productJson = (p: ProductTerms) => ({
  id: p.id,
  code: p.code,
  nameZh: p.nameZh,
  nameEn: p.nameEn,
  method: p.method,
  minRate: p.minRate,
  maxRate: p.maxRate,
  minTerm: p.minTerm,
  maxTerm: p.maxTerm,
  minAmount: formatMinor(p.minAmount, BOOK_SCALE),
  maxAmount: formatMinor(p.maxAmount, BOOK_SCALE),
  requiredDocuments: p.requiredDocuments,
});

export const listProducts = (db: Db) => applicationRepo(db).products().map((p) => productJson(productTerms(p)));

const SETTINGS_KEY = 'origination';

/** The origination policy in force (the shipped defaults until an administrator saves one). */
export function loadSettings(db: Db): OriginationSettings {
  const row = applicationRepo(db).setting(SETTINGS_KEY);
  if (!row) return parseOriginationSettings(DEFAULT_ORIGINATION, 0);
  return parseOriginationSettings(JSON.parse(row.value) as OriginationSettingsInput, row.version);
}

export function saveSettings(db: Db, now: Date, input: unknown, userId: string | null): { version: number } {
  const parsed = originationSettingsShape.safeParse(input);
  if (!parsed.success) throw invalidSettings(parsed.error);
  if (parsed.data.rules.dtiDeclineBp < parsed.data.rules.dtiReviewBp) {
    throw new SuanpanError('VALIDATION', 'settings.invalid', { field: 'rules.dtiDeclineBp', reason: 'rules.dtiDeclineBp must not be below rules.dtiReviewBp' });
  }
  return { version: applicationRepo(db).saveSetting(SETTINGS_KEY, JSON.stringify(input), now.toISOString(), userId) };
}

/** The scorecard in force: the active stored model, else the shipped default. */
export function activeScorecard(db: Db): ScorecardModel {
  const row = applicationRepo(db).activeScorecard();
  return row ? scorecardModel.parse(JSON.parse(row.model)) : DEFAULT_SCORECARD;
}

/** Stores a scorecard model as a new version and makes it the one in force. */
/** A scorecard model checked as the engine needs it (its shape, and bins that place every value). */
export function parseScorecard(model: unknown): ScorecardModel {
  const parsed = scorecardModel.safeParse(model);
  if (!parsed.success) throw new SuanpanError('VALIDATION', 'scorecards.invalid', { reason: issuesReason(parsed.error) });
  const problems = checkModel(parsed.data);
  if (problems.length) throw new SuanpanError('VALIDATION', 'scorecards.invalid', { reason: problems.join('; ') });
  return parsed.data;
}

export function importScorecard(db: Db, ids: IdSource, now: Date, model: unknown, userId: string | null): { id: string; name: string; version: number } {
  const card = parseScorecard(model);
  const repo = applicationRepo(db);
  if (repo.scorecardExists(card.name, card.version)) {
    throw new SuanpanError('CONFLICT', 'scorecards.exists', { name: card.name, version: card.version });
  }
  const id = ids.next();
  repo.insertScorecard({ id, name: card.name, version: card.version, model: JSON.stringify(card), at: now.toISOString(), user: userId });
  repo.activateScorecard(id);
  return { id, name: card.name, version: card.version };
}

// ---------------------------------------------------------------- assessing

const minor = (v: bigint | null): bigint | null => (v === null ? null : BigInt(v));

export function applicationFacts(row: ApplicationRow): ApplicationFacts {
  return {
    amount: BigInt(row.amount),
    term: row.term,
    monthlyIncome: minor(row.monthly_income),
    monthlyDebt: minor(row.monthly_debt),
    employmentYears: row.employment_years,
    bureauOverdue24m: row.bureau_overdue_24m,
    bureauInquiries6m: row.bureau_inquiries_6m,
    bureauCurrentOverdue: row.bureau_current_overdue,
  };
}

/** What the book knows about a customer, for screening and scoring. */
export async function bookFacts(
  db: Db,
  stores: OriginationStores,
  customerId: string,
  applicationId: string,
  businessDate: string,
): Promise<{ applicant: Applicant; book: BookFacts }> {
  const customer = await stores.customers.byId(customerId);
  if (!customer) throw new SuanpanError('NOT_FOUND', 'customers.notFound', { id: customerId });
  const repo = applicationRepo(db);
  const loans = repo.loanStates(customerId, businessDate);
  return {
    applicant: { kind: customer.kind, birthDate: customer.birthDate, yearsInBusiness: customer.yearsInBusiness },
    book: {
      listHits: repo.listHits(customer.idNumber, customer.phone, customer.creditCode),
      lateLoans: loans.late,
      history: loans.bad > 0 ? 'bad' : loans.closed > 0 ? 'good' : loans.loans > 0 ? 'existing' : 'new',
      openApplication: repo.openApplication(customerId, applicationId),
      lpr: await stores.lpr.all(),
    },
  };
}

// ---------------------------------------------------------------- taking an application

function checkAgainstProduct(product: ProductTerms, amountMinor: bigint, term: number): void {
  if (amountMinor < product.minAmount) {
    throw new SuanpanError('VALIDATION', 'applications.amountBelowProduct', { field: 'amount', min: yuan(formatMinor(product.minAmount, BOOK_SCALE)) });
  }
  if (term < product.minTerm || term > product.maxTerm) {
    throw new SuanpanError('VALIDATION', 'applications.termOutsideProduct', { field: 'term', min: product.minTerm, max: product.maxTerm });
  }
}

function columns(input: z.output<typeof applicationInput>, product: ProductTerms) {
  const money = (v: string | undefined): bigint | null => (v === undefined || v === '' ? null : (parseMinor(v, BOOK_SCALE) as bigint));
  // The amount at the product's scale (a whole-yuan product takes whole yuan), kept in the book in fen.
  const atScale = parseMinor(input.amount, product.decimals);
  if (atScale === null) throw new SuanpanError('VALIDATION', 'validation.amount', { field: 'amount', value: input.amount, decimals: product.decimals });
  const amountMinor = toBook(atScale, product.decimals);
  checkAgainstProduct(product, amountMinor, input.term);
  return {
    product_id: product.id,
    amount: amountMinor,
    term: input.term,
    purpose: input.purpose,
    monthly_income: money(input.monthlyIncome),
    monthly_debt: money(input.monthlyDebt),
    employment_years: input.employmentYears ?? null,
    bureau_overdue_24m: input.bureauOverdue24m ?? null,
    bureau_inquiries_6m: input.bureauInquiries6m ?? null,
    bureau_current_overdue: input.bureauCurrentOverdue ?? null,
    facts: JSON.stringify({ employer: input.employer ?? null, notes: input.notes ?? null }),
  };
}

function productOf(db: Db, id: string): ProductTerms {
  const row = applicationRepo(db).productById(id);
  if (!row || row.active !== 1) throw new SuanpanError('NOT_FOUND', 'applications.productNotFound', { field: 'productId', id });
  return productTerms(row);
}

function nextNumber(db: Db, businessDate: string): string {
  const prefix = `SQ${businessDate.replace(/-/g, '')}-`;
  const last = applicationRepo(db).lastNumber(prefix);
  const n = last ? Number(last.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(n).padStart(4, '0')}`;
}

export async function createApplication(
  db: Db,
  stores: OriginationStores,
  ids: IdSource,
  now: Date,
  businessDate: string,
  input: z.output<typeof applicationInput>,
  userId: string,
) {
  if (!(await stores.customers.byId(input.customerId))) throw new SuanpanError('NOT_FOUND', 'customers.notFound', { field: 'customerId', id: input.customerId });
  const product = productOf(db, input.productId);
  const id = ids.next();
  const number = nextNumber(db, businessDate);
  const at = now.toISOString();
  const repo = applicationRepo(db);
  repo.insert({ id, number, customer_id: input.customerId, officer_id: userId, at, ...columns(input, product) });
  repo.insertEvent({ id: ids.next(), application_id: id, at, user_id: userId, from_state: null, to_state: 'draft', note: null });
  return { id, number };
}

function load(db: Db, id: string): ApplicationRow {
  const row = applicationRepo(db).byId(id);
  if (!row) throw new SuanpanError('NOT_FOUND', 'applications.notFound', { id });
  return row;
}

function expectState(row: ApplicationRow, states: readonly string[]): void {
  if (!states.includes(row.state)) throw new SuanpanError('CONFLICT', 'applications.state', { number: row.number, state: row.state, expected: states.join(' / ') });
}

export function updateApplication(db: Db, now: Date, id: string, input: z.output<typeof applicationInput>) {
  const row = load(db, id);
  expectState(row, ['draft', 'returned']);
  if (input.customerId !== row.customer_id) throw new SuanpanError('VALIDATION', 'applications.customerFixed', { field: 'customerId' });
  const product = productOf(db, input.productId);
  applicationRepo(db).update({ id, at: now.toISOString(), ...columns(input, product) });
  return { id, number: row.number };
}

/** The product's required documents and whether each is on file (with the application or the customer). */
export function checklist(db: Db, row: ApplicationRow) {
  const product = productOf(db, row.product_id);
  const docs = applicationRepo(db).documents(row.id, row.customer_id);
  return product.requiredDocuments.map((kind) => ({ kind, present: docs.some((d) => d.kind === kind) }));
}

interface Step {
  db: Db;
  ids: IdSource;
  at: string;
  row: ApplicationRow;
  userId: string | null;
}

function move(s: Step, to: string, note: string | null = null): void {
  const repo = applicationRepo(s.db);
  if (!repo.setState(s.row.id, s.row.state, to, s.at)) throw new SuanpanError('CONFLICT', 'applications.changedMeanwhile', { number: s.row.number });
  repo.insertEvent({ id: s.ids.next(), application_id: s.row.id, at: s.at, user_id: s.userId, from_state: s.row.state, to_state: to, note });
  s.row = { ...s.row, state: to };
}

function decision(s: Step, kind: string, outcome: string, detail: unknown, userId: string | null = s.userId): void {
  applicationRepo(s.db).insertDecision({ id: s.ids.next(), application_id: s.row.id, kind, outcome, detail: JSON.stringify(detail), user_id: userId, at: s.at });
}

export interface SubmitResult {
  id: string;
  number: string;
  state: string;
  grade: string;
  score: number;
  requiredRole: string;
  review: string[];
  declinedBy: string[];
}

/**
 * Submits an application: checks its documents, then screens, scores and prices it in the same
 * transaction. A knock-out declines it at once (a system decision, with the rules that did it);
 * otherwise it waits for an approver, in manual review when a rule or the random share says so.
 */
export async function submitApplication(
  db: Db,
  stores: OriginationStores,
  ids: IdSource,
  now: Date,
  businessDate: string,
  id: string,
  userId: string,
  audit: (summary: string) => void = () => {},
): Promise<SubmitResult> {
  const row = load(db, id);
  expectState(row, ['draft', 'returned']);
  const missing = checklist(db, row).filter((c) => !c.present).map((c) => c.kind);
  if (missing.length) throw new SuanpanError('RULE', 'applications.documentsMissing', { number: row.number, missing: missing.join(', ') });
  const s: Step = { db, ids, at: now.toISOString(), row, userId };
  const repo = applicationRepo(db);
  move(s, 'submitted');
  repo.submitted(id, userId, s.at);

  const settings = loadSettings(db);
  const model = activeScorecard(db);
  const product = productOf(db, row.product_id);
  const { applicant, book } = await bookFacts(db, stores, row.customer_id, id, businessDate);
  const a = assess(model, settings, product, applicant, applicationFacts(row), book, businessDate, id);

  move(s, 'screened');
  decision(s, 'screening', a.knockedOut ? 'fail' : 'pass', { rulesVersion: a.rulesVersion, rules: a.rules });
  audit(`screening (rules v${a.rulesVersion}): ${a.rules.map((r) => `${r.code} ${r.outcome}${r.effect !== 'none' ? ` → ${r.effect}` : ''}`).join(', ')}`);
  decision(s, 'score', a.score.grade, { scorecard: a.score.scorecard, score: a.score.score, pd: a.score.pd, reasons: a.score.reasons.map((r) => r.key) });
  audit(`score ${a.score.score} grade ${a.score.grade} pd ${a.score.pd} (${a.score.scorecard.name} v${a.score.scorecard.version})`);
  repo.saveAssessment({
    id,
    at: s.at,
    score: a.score.score,
    grade: a.score.grade,
    pd: a.score.pd,
    offered_rate: a.offer?.rate ?? null,
    offered_amount: a.offer ? parseMinor(a.offer.amount, BOOK_SCALE) : null,
    offered_term: a.offer?.term ?? null,
    assessment: JSON.stringify(a),
    review_reasons: a.review.length ? JSON.stringify(a.review) : null,
    required_role: a.requiredRole,
    rules_version: a.rulesVersion,
    scorecard_version: a.score.scorecard.version,
  });
  const declinedBy = a.rules.filter((r) => r.effect === 'decline').map((r) => r.code);
  if (a.knockedOut) {
    // The screening declines it, not a person: the event and the decision carry no user.
    const system: Step = { ...s, userId: null };
    move(system, 'declined', declinedBy.join(', '));
    decision(system, 'decline', 'declined', { automatic: true, rules: declinedBy });
    repo.decided(id, null, s.at);
    s.row = system.row;
    audit(`declined automatically: ${declinedBy.join(', ')}`);
  } else {
    move(s, 'scored');
    if (a.review.length) move(s, 'review', a.review.join(', '));
    audit(`routed to ${a.requiredRole}${a.review.length ? `, manual review (${a.review.join(', ')})` : ''}`);
  }
  return { id, number: row.number, state: s.row.state, grade: a.score.grade, score: a.score.score, requiredRole: a.requiredRole, review: a.review, declinedBy };
}

// ---------------------------------------------------------------- deciding

export const DECISION_ACTIONS = ['approve', 'decline', 'return'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];
const DECIDABLE = ['scored', 'review'] as const;
const WITHDRAWABLE = ['draft', 'submitted', 'screened', 'scored', 'review', 'returned', 'approved'] as const;
export const MIN_OVERRIDE_REASON = 10;

const amountToApprove = (row: ApplicationRow): bigint => BigInt(row.offered_amount ?? row.amount);

function assessmentOf(row: ApplicationRow): Assessment | null {
  return row.assessment ? (JSON.parse(row.assessment) as Assessment) : null;
}

/** Why `actor` may not take `action` on the application now, or null when they may. */
export function refusal(db: Db, row: ApplicationRow, actor: Actor, action: DecisionAction | 'withdraw' | 'edit'): SuanpanError | null {
  if (action === 'edit' || action === 'withdraw') {
    if (!actor.permissions.has('applications.write')) return new SuanpanError('FORBIDDEN', 'api.forbidden', { permission: 'applications.write' });
    const states: readonly string[] = action === 'edit' ? ['draft', 'returned'] : WITHDRAWABLE;
    if (!states.includes(row.state)) return new SuanpanError('CONFLICT', 'applications.state', { number: row.number, state: row.state, expected: states.join(' / ') });
    return null;
  }
  if (!actor.permissions.has('applications.decide')) return new SuanpanError('FORBIDDEN', 'api.forbidden', { permission: 'applications.decide' });
  if (!(DECIDABLE as readonly string[]).includes(row.state)) return new SuanpanError('CONFLICT', 'applications.state', { number: row.number, state: row.state, expected: DECIDABLE.join(' / ') });
  // Maker-checker: whoever submitted (or entered) an application never decides it.
  if (row.submitted_by === actor.userId || row.officer_id === actor.userId) return new SuanpanError('FORBIDDEN', 'applications.makerChecker', { number: row.number });
  if (action === 'approve') {
    const settings = loadSettings(db);
    const amountMinor = amountToApprove(row);
    if (!mayApproveAmount(settings, actor.role, amountMinor)) {
      return new SuanpanError('FORBIDDEN', 'applications.authority', { number: row.number, amount: yuan(formatMinor(amountMinor, BOOK_SCALE)), required: row.required_role ?? 'branch_manager' });
    }
    if (!row.offered_amount) return new SuanpanError('RULE', 'applications.noOffer', { number: row.number });
  }
  return null;
}

export const decisionInput = z.strictObject({
  id: z.string().min(1).max(40),
  action: z.enum(DECISION_ACTIONS),
  note: text(1000).optional(),
  overrideReason: text(1000).optional(),
});

export function decideApplication(db: Db, ids: IdSource, now: Date, input: z.output<typeof decisionInput>, actor: Actor, audit: (summary: string) => void = () => {}) {
  const row = load(db, input.id);
  const refused = refusal(db, row, actor, input.action);
  if (refused) throw refused;
  const a = assessmentOf(row);
  const note = input.note?.trim() ?? '';
  // A decline or a return tells the applicant why; a manual review is signed off in words.
  if ((input.action !== 'approve' || row.state === 'review') && !note) throw new SuanpanError('VALIDATION', 'applications.noteRequired', { field: 'note' });
  const against = a !== null && ((input.action === 'approve' && a.recommendation === 'decline') || (input.action === 'decline' && a.recommendation === 'approve' && a.score.grade === 'A'));
  const override = input.overrideReason?.trim() ?? '';
  if (input.action === 'approve' && a?.recommendation === 'decline' && override.length < MIN_OVERRIDE_REASON) {
    throw new SuanpanError('VALIDATION', 'applications.overrideReason', { field: 'overrideReason', grade: a.score.grade, min: MIN_OVERRIDE_REASON });
  }
  const s: Step = { db, ids, at: now.toISOString(), row, userId: actor.userId };
  if (against && override) {
    decision(s, 'override', input.action, { grade: a?.score.grade, score: a?.score.score, recommendation: a?.recommendation, reason: override });
    audit(`override of the score (${a?.score.grade} ${a?.score.score}, recommended ${a?.recommendation}) to ${input.action}: ${override}`);
  }
  const to = input.action === 'approve' ? 'approved' : input.action === 'decline' ? 'declined' : 'returned';
  decision(s, input.action, to, { note, amount: formatMinor(amountToApprove(row), BOOK_SCALE), role: actor.role });
  move(s, to, note || null);
  applicationRepo(db).decided(row.id, actor.userId, s.at);
  audit(`${to} by ${actor.role}${note ? `: ${note}` : ''}`);
  return { id: row.id, number: row.number, state: to };
}

export function withdrawApplication(db: Db, ids: IdSource, now: Date, id: string, note: string, actor: Actor) {
  const row = load(db, id);
  const refused = refusal(db, row, actor, 'withdraw');
  if (refused) throw refused;
  if (!note.trim()) throw new SuanpanError('VALIDATION', 'applications.noteRequired', { field: 'note' });
  const s: Step = { db, ids, at: now.toISOString(), row, userId: actor.userId };
  move(s, 'withdrawn', note.trim());
  return { id, number: row.number, state: 'withdrawn' };
}

// ---------------------------------------------------------------- reading

export async function getApplication(db: Db, stores: OriginationStores, id: string, actor: Actor, lang: Lang, businessDate: string) {
  const row = load(db, id);
  const repo = applicationRepo(db);
  const customer = await stores.customers.byId(row.customer_id);
  const product = productOf(db, row.product_id);
  const a = assessmentOf(row);
  const facts = JSON.parse(row.facts) as { employer?: string | null; notes?: string | null };
  const zh = lang === 'zh-CN';
  const pick = (t: { zh: string; en: string }): string => (zh ? t.zh : t.en);
  const actions: ('edit' | 'submit' | 'withdraw' | DecisionAction)[] = (['edit', 'withdraw', ...DECISION_ACTIONS] as const).filter((act) => refusal(db, row, actor, act) === null);
  if (actions.includes('edit')) actions.push('submit');
  const money = (v: bigint | null): string | null => (v === null ? null : formatMinor(BigInt(v), BOOK_SCALE));
  return {
    application: {
      id: row.id,
      number: row.number,
      state: row.state,
      amount: formatMinor(BigInt(row.amount), BOOK_SCALE),
      term: row.term,
      purpose: row.purpose,
      monthlyIncome: money(row.monthly_income),
      monthlyDebt: money(row.monthly_debt),
      employmentYears: row.employment_years,
      employer: facts.employer ?? null,
      notes: facts.notes ?? null,
      bureauOverdue24m: row.bureau_overdue_24m,
      bureauInquiries6m: row.bureau_inquiries_6m,
      bureauCurrentOverdue: row.bureau_current_overdue,
      score: row.score,
      grade: row.grade,
      pd: row.pd,
      requiredRole: row.required_role,
      officer: repo.userName(row.officer_id),
      submittedBy: repo.userName(row.submitted_by),
      submittedAt: row.submitted_at,
      decidedBy: repo.userName(row.decided_by),
      decidedAt: row.decided_at,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      businessDate,
    },
    customer: customer
      ? { id: customer.id, kind: customer.kind, name: customer.name, idNumber: customer.idNumber, creditCode: customer.creditCode, phone: customer.phone, birthDate: customer.birthDate }
      : null,
    product: productJson(product),
    assessment: a
      ? {
          rulesVersion: a.rulesVersion,
          knockedOut: a.knockedOut,
          recommendation: a.recommendation,
          debtToIncome: a.debtToIncomeBp === null ? null : bpPercent(a.debtToIncomeBp),
          estimatedPayment: a.estimatedPayment,
          rules: a.rules.map((r) => ({ code: r.code, name: ruleName(r.code, lang), outcome: r.outcome, effect: r.effect, message: ruleMessage(r, lang) })),
          score: {
            scorecard: a.score.scorecard,
            score: a.score.score,
            grade: a.score.grade,
            pd: a.score.pd,
            breakdown: a.score.breakdown.map((b) => ({ key: b.key, label: pick(b.label), value: b.value, bin: pick(b.bin), points: b.points, maxPoints: b.maxPoints })),
            reasons: a.score.reasons.map((r) => ({ key: r.key, pointsLost: r.pointsLost, reason: pick(r.reason) })),
          },
          review: a.review.map((code) => (code === 'sample' ? REVIEW_SAMPLE[lang] : ruleName(code, lang))),
          offer: a.offer,
        }
      : null,
    checklist: checklist(db, row),
    documents: repo.documents(row.id, row.customer_id).map((d) => ({ id: d.id, owner: d.owner_type, kind: d.kind, fileName: d.file_name, mimeType: d.mime_type, sizeBytes: d.size_bytes, uploadedAt: d.uploaded_at })),
    events: repo.events(row.id).map((e) => ({ at: e.at, user: e.user_name, from: e.from_state, to: e.to_state, note: e.note })),
    decisions: repo.decisions(row.id).map((d) => ({ kind: d.kind, outcome: d.outcome, user: d.user_name, at: d.at, detail: JSON.parse(d.detail) as Record<string, unknown> })),
    actions,
  };
}

export const queueInput = z.strictObject({
  state: z.enum(['open', 'draft', 'submitted', 'screened', 'scored', 'review', 'approved', 'declined', 'returned', 'signed', 'disbursed', 'withdrawn']).optional(),
  officerId: z.string().min(1).max(40).optional(),
  grade: z.enum(GRADES).optional(),
  /** Only applications waiting at least this many days. */
  minDaysWaiting: wholeNumber(0, 3650).optional(),
  cursor: z.string().max(80).optional(),
  limit: wholeNumber(1, 200).optional(),
});

/** The application queue, oldest first, a page at a time (the cursor is the last row's key). */
export function applicationQueue(db: Db, input: z.output<typeof queueInput>, businessDate: string) {
  const state = input.state ?? 'open';
  const open = state === 'open';
  const chosen: QueueVariant = input.officerId
    ? input.grade
      ? open ? 'officerGradeOpen' : 'officerGradeState'
      : open ? 'officerOpen' : 'officerState'
    : input.grade
      ? open ? 'gradeOpen' : 'gradeState'
      : open ? 'open' : 'state';
  const [afterAt, afterId] = input.cursor ? (input.cursor.split('|') as [string, string]) : ['', ''];
  const waited = input.minDaysWaiting ? `${addDays(businessDate, -input.minDaysWaiting)}T23:59:59.999Z` : '9999-12-31';
  const limit = input.limit ?? 50;
  const rows = applicationRepo(db).queue(chosen, { state: open ? undefined : state, officer: input.officerId, grade: input.grade, waitedSince: waited, afterAt, afterId: afterId ?? '', limit });
  const last = rows.at(-1);
  return {
    rows: rows.map((r) => ({
      id: r.id,
      number: r.number,
      customerId: r.customer_id,
      customerName: r.customer_name,
      productId: r.product_id,
      amount: formatMinor(BigInt(r.amount), BOOK_SCALE),
      term: r.term,
      state: r.state,
      score: r.score,
      grade: r.grade,
      officer: r.officer_name,
      requiredRole: r.required_role,
      review: r.review_reasons !== null,
      submittedAt: r.submitted_at,
      createdAt: r.created_at,
    })),
    next: rows.length === limit && last ? `${last.created_at}|${last.id}` : null,
  };
}
