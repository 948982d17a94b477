/**
 * Applications through their life: taken as a draft, submitted (screened, scored, priced and routed
 * in the same step), reviewed and decided by someone with the authority for the amount who is not
 * the person who submitted it, returned for more information, or withdrawn. Every transition is an
 * event row; every rule result, score and decision a decision row; the caller's audit rows go in
 * the same transaction.
 */
import { z } from 'zod';
import { SuanpanError, type Lang } from '../errors';
import type { IdSource } from '../ids';
import type { Application, ApplicationFields, ApplicationStore, Product } from './store';
import type { CustomerStore } from '../customers/store';
import type { LprStore } from '../pricing/store';
import type { SettingsStore } from '../settings/store';

/**
 * The stores origination works through, in the caller's unit of work: its own tables, the
 * applicants, the LPR table for the cap warnings, and the settings that hold its policy.
 */
export interface OriginationStores {
  applications: ApplicationStore;
  customers: CustomerStore;
  lpr: LprStore;
  settings: SettingsStore;
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

export function productTerms(p: Product): ProductTerms {
  return {
    id: p.id,
    code: p.code,
    nameZh: p.nameZh,
    nameEn: p.nameEn,
    method: p.method as Method | 'revolving',
    frequency: p.frequency as Frequency,
    minRate: p.minRate,
    maxRate: p.maxRate,
    minTerm: p.minTerm,
    maxTerm: p.maxTerm,
    minAmount: p.minAmount,
    maxAmount: p.maxAmount,
    interestMode: p.interestMode as InterestMode,
    dayCount: p.dayCount as DayCount,
    principalGrace: p.principalGrace,
    rounding: p.rounding as RoundingMode,
    paymentMultiple: p.paymentMultiple,
    decimals: p.decimals as Decimals,
    upfrontFeeRate: p.upfrontFeeRate,
    upfrontFeeDeducted: p.upfrontFeeDeducted,
    // The book keeps fen; a schedule's fee is at the product's own scale.
    installmentFee: fromBook(p.installmentFee, p.decimals as Decimals),
    requiredDocuments: JSON.parse(p.requiredDocuments) as string[],
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

export const listProducts = async (apps: ApplicationStore) => (await apps.products()).map((p) => productJson(productTerms(p)));

const SETTINGS_KEY = 'origination';

/** The origination policy in force (the shipped defaults until an administrator saves one). */
export async function loadSettings(settings: SettingsStore): Promise<OriginationSettings> {
  const row = await settings.get(SETTINGS_KEY);
  if (!row) return parseOriginationSettings(DEFAULT_ORIGINATION, 0);
  return parseOriginationSettings(row.value as OriginationSettingsInput, row.version);
}

export async function saveSettings(settings: SettingsStore, now: Date, input: unknown, userId: string | null): Promise<{ version: number }> {
  const parsed = originationSettingsShape.safeParse(input);
  if (!parsed.success) throw invalidSettings(parsed.error);
  if (parsed.data.rules.dtiDeclineBp < parsed.data.rules.dtiReviewBp) {
    throw new SuanpanError('VALIDATION', 'settings.invalid', { field: 'rules.dtiDeclineBp', reason: 'rules.dtiDeclineBp must not be below rules.dtiReviewBp' });
  }
  // Stored as given (the store writes it as JSON): the settings screen shows what was typed.
  return { version: await settings.save(SETTINGS_KEY, input, now.toISOString(), userId) };
}

/** The scorecard in force: the active stored model, else the shipped default. */
export async function activeScorecard(apps: ApplicationStore): Promise<ScorecardModel> {
  const row = await apps.activeScorecard();
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

export async function importScorecard(apps: ApplicationStore, ids: IdSource, now: Date, model: unknown, userId: string | null): Promise<{ id: string; name: string; version: number }> {
  const card = parseScorecard(model);
  if (await apps.scorecardExists(card.name, card.version)) {
    throw new SuanpanError('CONFLICT', 'scorecards.exists', { name: card.name, version: card.version });
  }
  const id = ids.next();
  await apps.insertScorecard({ id, name: card.name, version: card.version, model: JSON.stringify(card), at: now.toISOString(), userId });
  await apps.activateScorecard(id);
  return { id, name: card.name, version: card.version };
}

// ---------------------------------------------------------------- assessing

export function applicationFacts(row: Application): ApplicationFacts {
  return {
    amount: row.amount,
    term: row.term,
    monthlyIncome: row.monthlyIncome,
    monthlyDebt: row.monthlyDebt,
    employmentYears: row.employmentYears,
    bureauOverdue24m: row.bureauOverdue24m,
    bureauInquiries6m: row.bureauInquiries6m,
    bureauCurrentOverdue: row.bureauCurrentOverdue,
  };
}

/** What the book knows about a customer, for screening and scoring. */
export async function bookFacts(
  stores: OriginationStores,
  customerId: string,
  applicationId: string,
  businessDate: string,
): Promise<{ applicant: Applicant; book: BookFacts }> {
  const customer = await stores.customers.byId(customerId);
  if (!customer) throw new SuanpanError('NOT_FOUND', 'customers.notFound', { id: customerId });
  const apps = stores.applications;
  const loans = await apps.loanStates(customerId, businessDate);
  return {
    applicant: { kind: customer.kind, birthDate: customer.birthDate, yearsInBusiness: customer.yearsInBusiness },
    book: {
      listHits: await apps.listHits(customer.idNumber, customer.phone, customer.creditCode),
      lateLoans: loans.late,
      history: loans.bad > 0 ? 'bad' : loans.closed > 0 ? 'good' : loans.loans > 0 ? 'existing' : 'new',
      openApplication: await apps.openApplication(customerId, applicationId),
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

function columns(input: z.output<typeof applicationInput>, product: ProductTerms): ApplicationFields {
  const money = (v: string | undefined): bigint | null => (v === undefined || v === '' ? null : (parseMinor(v, BOOK_SCALE) as bigint));
  // The amount at the product's scale (a whole-yuan product takes whole yuan), kept in the book in fen.
  const atScale = parseMinor(input.amount, product.decimals);
  if (atScale === null) throw new SuanpanError('VALIDATION', 'validation.amount', { field: 'amount', value: input.amount, decimals: product.decimals });
  const amountMinor = toBook(atScale, product.decimals);
  checkAgainstProduct(product, amountMinor, input.term);
  return {
    productId: product.id,
    amount: amountMinor,
    term: input.term,
    purpose: input.purpose,
    monthlyIncome: money(input.monthlyIncome),
    monthlyDebt: money(input.monthlyDebt),
    employmentYears: input.employmentYears ?? null,
    bureauOverdue24m: input.bureauOverdue24m ?? null,
    bureauInquiries6m: input.bureauInquiries6m ?? null,
    bureauCurrentOverdue: input.bureauCurrentOverdue ?? null,
    facts: JSON.stringify({ employer: input.employer ?? null, notes: input.notes ?? null }),
  };
}

async function productOf(apps: ApplicationStore, id: string): Promise<ProductTerms> {
  const row = await apps.productById(id);
  if (!row || !row.active) throw new SuanpanError('NOT_FOUND', 'applications.productNotFound', { field: 'productId', id });
  return productTerms(row);
}

async function nextNumber(apps: ApplicationStore, businessDate: string): Promise<string> {
  const prefix = `SQ${businessDate.replace(/-/g, '')}-`;
  const last = await apps.lastNumber(prefix);
  const n = last ? Number(last.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(n).padStart(4, '0')}`;
}

export async function createApplication(
  stores: OriginationStores,
  ids: IdSource,
  now: Date,
  businessDate: string,
  input: z.output<typeof applicationInput>,
  userId: string,
) {
  if (!(await stores.customers.byId(input.customerId))) throw new SuanpanError('NOT_FOUND', 'customers.notFound', { field: 'customerId', id: input.customerId });
  const apps = stores.applications;
  const product = await productOf(apps, input.productId);
  const id = ids.next();
  const number = await nextNumber(apps, businessDate);
  const at = now.toISOString();
  await apps.insert({ id, number, customerId: input.customerId, officerId: userId, createdAt: at, ...columns(input, product) });
  await apps.insertEvent({ id: ids.next(), applicationId: id, at, userId, fromState: null, toState: 'draft', note: null });
  return { id, number };
}

async function load(apps: ApplicationStore, id: string): Promise<Application> {
  const row = await apps.byId(id);
  if (!row) throw new SuanpanError('NOT_FOUND', 'applications.notFound', { id });
  return row;
}

function expectState(row: Application, states: readonly string[]): void {
  if (!states.includes(row.state)) throw new SuanpanError('CONFLICT', 'applications.state', { number: row.number, state: row.state, expected: states.join(' / ') });
}

export async function updateApplication(stores: OriginationStores, now: Date, id: string, input: z.output<typeof applicationInput>) {
  const apps = stores.applications;
  const row = await load(apps, id);
  expectState(row, ['draft', 'returned']);
  if (input.customerId !== row.customerId) throw new SuanpanError('VALIDATION', 'applications.customerFixed', { field: 'customerId' });
  const product = await productOf(apps, input.productId);
  await apps.update(id, columns(input, product), now.toISOString());
  return { id, number: row.number };
}

/** The product's required documents and whether each is on file (with the application or the customer). */
export async function checklist(apps: ApplicationStore, row: Application) {
  const product = await productOf(apps, row.productId);
  const docs = await apps.documents(row.id, row.customerId);
  return product.requiredDocuments.map((kind) => ({ kind, present: docs.some((d) => d.kind === kind) }));
}

interface Step {
  apps: ApplicationStore;
  ids: IdSource;
  at: string;
  row: Application;
  userId: string | null;
}

async function move(s: Step, to: string, note: string | null = null): Promise<void> {
  if (!(await s.apps.setState(s.row.id, s.row.state, to, s.at))) throw new SuanpanError('CONFLICT', 'applications.changedMeanwhile', { number: s.row.number });
  await s.apps.insertEvent({ id: s.ids.next(), applicationId: s.row.id, at: s.at, userId: s.userId, fromState: s.row.state, toState: to, note });
  s.row = { ...s.row, state: to };
}

async function decision(s: Step, kind: string, outcome: string, detail: unknown, userId: string | null = s.userId): Promise<void> {
  await s.apps.insertDecision({ id: s.ids.next(), applicationId: s.row.id, kind, outcome, detail: JSON.stringify(detail), userId, at: s.at });
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
  stores: OriginationStores,
  ids: IdSource,
  now: Date,
  businessDate: string,
  id: string,
  userId: string,
  audit: (summary: string) => void = () => {},
): Promise<SubmitResult> {
  const apps = stores.applications;
  const row = await load(apps, id);
  expectState(row, ['draft', 'returned']);
  const missing = (await checklist(apps, row)).filter((c) => !c.present).map((c) => c.kind);
  if (missing.length) throw new SuanpanError('RULE', 'applications.documentsMissing', { number: row.number, missing: missing.join(', ') });
  const s: Step = { apps, ids, at: now.toISOString(), row, userId };
  await move(s, 'submitted');
  await apps.submitted(id, userId, s.at);

  const settings = await loadSettings(stores.settings);
  const model = await activeScorecard(apps);
  const product = await productOf(apps, row.productId);
  const { applicant, book } = await bookFacts(stores, row.customerId, id, businessDate);
  const a = assess(model, settings, product, applicant, applicationFacts(row), book, businessDate, id);

  await move(s, 'screened');
  await decision(s, 'screening', a.knockedOut ? 'fail' : 'pass', { rulesVersion: a.rulesVersion, rules: a.rules });
  audit(`screening (rules v${a.rulesVersion}): ${a.rules.map((r) => `${r.code} ${r.outcome}${r.effect !== 'none' ? ` → ${r.effect}` : ''}`).join(', ')}`);
  await decision(s, 'score', a.score.grade, { scorecard: a.score.scorecard, score: a.score.score, pd: a.score.pd, reasons: a.score.reasons.map((r) => r.key) });
  audit(`score ${a.score.score} grade ${a.score.grade} pd ${a.score.pd} (${a.score.scorecard.name} v${a.score.scorecard.version})`);
  await apps.saveAssessment(id, {
    score: a.score.score,
    grade: a.score.grade,
    pd: a.score.pd,
    offeredRate: a.offer?.rate ?? null,
    offeredAmount: a.offer ? parseMinor(a.offer.amount, BOOK_SCALE) : null,
    offeredTerm: a.offer?.term ?? null,
    assessment: JSON.stringify(a),
    reviewReasons: a.review.length ? JSON.stringify(a.review) : null,
    requiredRole: a.requiredRole,
    rulesVersion: a.rulesVersion,
    scorecardVersion: a.score.scorecard.version,
  }, s.at);
  const declinedBy = a.rules.filter((r) => r.effect === 'decline').map((r) => r.code);
  if (a.knockedOut) {
    // The screening declines it, not a person: the event and the decision carry no user.
    const system: Step = { ...s, userId: null };
    await move(system, 'declined', declinedBy.join(', '));
    await decision(system, 'decline', 'declined', { automatic: true, rules: declinedBy });
    await apps.decided(id, null, s.at);
    s.row = system.row;
    audit(`declined automatically: ${declinedBy.join(', ')}`);
  } else {
    await move(s, 'scored');
    if (a.review.length) await move(s, 'review', a.review.join(', '));
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

const amountToApprove = (row: Application): bigint => row.offeredAmount ?? row.amount;

function assessmentOf(row: Application): Assessment | null {
  return row.assessment ? (JSON.parse(row.assessment) as Assessment) : null;
}

/** Why `actor` may not take `action` on the application now, or null when they may. */
export async function refusal(settingsStore: SettingsStore, row: Application, actor: Actor, action: DecisionAction | 'withdraw' | 'edit'): Promise<SuanpanError | null> {
  if (action === 'edit' || action === 'withdraw') {
    if (!actor.permissions.has('applications.write')) return new SuanpanError('FORBIDDEN', 'api.forbidden', { permission: 'applications.write' });
    const states: readonly string[] = action === 'edit' ? ['draft', 'returned'] : WITHDRAWABLE;
    if (!states.includes(row.state)) return new SuanpanError('CONFLICT', 'applications.state', { number: row.number, state: row.state, expected: states.join(' / ') });
    return null;
  }
  if (!actor.permissions.has('applications.decide')) return new SuanpanError('FORBIDDEN', 'api.forbidden', { permission: 'applications.decide' });
  if (!(DECIDABLE as readonly string[]).includes(row.state)) return new SuanpanError('CONFLICT', 'applications.state', { number: row.number, state: row.state, expected: DECIDABLE.join(' / ') });
  // Maker-checker: whoever submitted (or entered) an application never decides it.
  if (row.submittedBy === actor.userId || row.officerId === actor.userId) return new SuanpanError('FORBIDDEN', 'applications.makerChecker', { number: row.number });
  if (action === 'approve') {
    const settings = await loadSettings(settingsStore);
    const amountMinor = amountToApprove(row);
    if (!mayApproveAmount(settings, actor.role, amountMinor)) {
      return new SuanpanError('FORBIDDEN', 'applications.authority', { number: row.number, amount: yuan(formatMinor(amountMinor, BOOK_SCALE)), required: row.requiredRole ?? 'branch_manager' });
    }
    if (!row.offeredAmount) return new SuanpanError('RULE', 'applications.noOffer', { number: row.number });
  }
  return null;
}

export const decisionInput = z.strictObject({
  id: z.string().min(1).max(40),
  action: z.enum(DECISION_ACTIONS),
  note: text(1000).optional(),
  overrideReason: text(1000).optional(),
});

export async function decideApplication(stores: OriginationStores, ids: IdSource, now: Date, input: z.output<typeof decisionInput>, actor: Actor, audit: (summary: string) => void = () => {}) {
  const apps = stores.applications;
  const row = await load(apps, input.id);
  const refused = await refusal(stores.settings, row, actor, input.action);
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
  const s: Step = { apps, ids, at: now.toISOString(), row, userId: actor.userId };
  if (against && override) {
    await decision(s, 'override', input.action, { grade: a?.score.grade, score: a?.score.score, recommendation: a?.recommendation, reason: override });
    audit(`override of the score (${a?.score.grade} ${a?.score.score}, recommended ${a?.recommendation}) to ${input.action}: ${override}`);
  }
  const to = input.action === 'approve' ? 'approved' : input.action === 'decline' ? 'declined' : 'returned';
  await decision(s, input.action, to, { note, amount: formatMinor(amountToApprove(row), BOOK_SCALE), role: actor.role });
  await move(s, to, note || null);
  await apps.decided(row.id, actor.userId, s.at);
  audit(`${to} by ${actor.role}${note ? `: ${note}` : ''}`);
  return { id: row.id, number: row.number, state: to };
}

export async function withdrawApplication(stores: OriginationStores, ids: IdSource, now: Date, id: string, note: string, actor: Actor) {
  const apps = stores.applications;
  const row = await load(apps, id);
  const refused = await refusal(stores.settings, row, actor, 'withdraw');
  if (refused) throw refused;
  if (!note.trim()) throw new SuanpanError('VALIDATION', 'applications.noteRequired', { field: 'note' });
  const s: Step = { apps, ids, at: now.toISOString(), row, userId: actor.userId };
  await move(s, 'withdrawn', note.trim());
  return { id, number: row.number, state: 'withdrawn' };
}

// ---------------------------------------------------------------- reading

export async function getApplication(stores: OriginationStores, id: string, actor: Actor, lang: Lang, businessDate: string) {
  const apps = stores.applications;
  const row = await load(apps, id);
  const customer = await stores.customers.byId(row.customerId);
  const product = await productOf(apps, row.productId);
  const a = assessmentOf(row);
  const facts = JSON.parse(row.facts) as { employer?: string | null; notes?: string | null };
  const zh = lang === 'zh-CN';
  const pick = (t: { zh: string; en: string }): string => (zh ? t.zh : t.en);
  const actions: ('edit' | 'submit' | 'withdraw' | DecisionAction)[] = [];
  for (const act of ['edit', 'withdraw', ...DECISION_ACTIONS] as const) if ((await refusal(stores.settings, row, actor, act)) === null) actions.push(act);
  if (actions.includes('edit')) actions.push('submit');
  const money = (v: bigint | null): string | null => (v === null ? null : formatMinor(v, BOOK_SCALE));
  return {
    application: {
      id: row.id,
      number: row.number,
      state: row.state,
      amount: formatMinor(row.amount, BOOK_SCALE),
      term: row.term,
      purpose: row.purpose,
      monthlyIncome: money(row.monthlyIncome),
      monthlyDebt: money(row.monthlyDebt),
      employmentYears: row.employmentYears,
      employer: facts.employer ?? null,
      notes: facts.notes ?? null,
      bureauOverdue24m: row.bureauOverdue24m,
      bureauInquiries6m: row.bureauInquiries6m,
      bureauCurrentOverdue: row.bureauCurrentOverdue,
      score: row.score,
      grade: row.grade,
      pd: row.pd,
      requiredRole: row.requiredRole,
      officer: await apps.userName(row.officerId),
      submittedBy: await apps.userName(row.submittedBy),
      submittedAt: row.submittedAt,
      decidedBy: await apps.userName(row.decidedBy),
      decidedAt: row.decidedAt,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
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
    checklist: await checklist(apps, row),
    documents: (await apps.documents(row.id, row.customerId)).map((d) => ({ id: d.id, owner: d.ownerType, kind: d.kind, fileName: d.fileName, mimeType: d.mimeType, sizeBytes: d.sizeBytes, uploadedAt: d.uploadedAt })),
    events: (await apps.events(row.id)).map((e) => ({ at: e.at, user: e.userName, from: e.fromState, to: e.toState, note: e.note })),
    decisions: (await apps.decisions(row.id)).map((d) => ({ kind: d.kind, outcome: d.outcome, user: d.userName, at: d.at, detail: JSON.parse(d.detail) as Record<string, unknown> })),
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
export async function applicationQueue(apps: ApplicationStore, input: z.output<typeof queueInput>, businessDate: string) {
  const [afterAt, afterId] = input.cursor ? (input.cursor.split('|') as [string, string]) : ['', ''];
  const waited = input.minDaysWaiting ? `${addDays(businessDate, -input.minDaysWaiting)}T23:59:59.999Z` : '9999-12-31';
  const limit = input.limit ?? 50;
  const rows = await apps.queue({ state: input.state ?? 'open', officerId: input.officerId, grade: input.grade, waitedSince: waited, afterAt, afterId: afterId ?? '', limit });
  const last = rows.at(-1);
  return {
    rows: rows.map((r) => ({
      id: r.id,
      number: r.number,
      customerId: r.customerId,
      customerName: r.customerName,
      productId: r.productId,
      amount: formatMinor(r.amount, BOOK_SCALE),
      term: r.term,
      state: r.state,
      score: r.score,
      grade: r.grade,
      officer: r.officerName,
      requiredRole: r.requiredRole,
      review: r.reviewReasons !== null,
      submittedAt: r.submittedAt,
      createdAt: r.createdAt,
    })),
    next: rows.length === limit && last ? `${last.createdAt}|${last.id}` : null,
  };
}
