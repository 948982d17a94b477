/**
 * `suanpan score`: re-scores a file of applicants against a book's products, lists, policy and
 * scorecard (or a scorecard being tried), one JSON line in and one out, saving nothing.
 */
import { z } from 'zod';
import { SuanpanError, type Lang } from '../errors';
import { checkIdNumber } from '../customers/intake';
import { parseMinor } from '../money/amount';
import { BOOK_SCALE } from '../money/money';
import { amount, parseInput, wholeNumber } from '../validation';
import { assess, type Applicant, type BookFacts, type ProductTerms } from './assess';
import { ruleMessage } from './messages';
import { activeScorecard, loadSettings, productTerms, type OriginationStores } from './service';
import type { ScorecardModel } from '../scoring/scorecard';

const count = wholeNumber(0, 999);

export const scoreLine = z.strictObject({
  id: z.string().min(1).max(60),
  /** Product id or code. */
  product: z.string().min(1).max(40),
  amount: amount(),
  term: wholeNumber(1, 480),
  /** An applicant already in the book (their lists and history are used), or one described here. */
  customerId: z.string().max(40).optional(),
  kind: z.enum(['individual', 'business']).optional(),
  idNumber: z.string().max(30).optional(),
  birthDate: z.string().max(10).optional(),
  phone: z.string().max(30).optional(),
  creditCode: z.string().max(30).optional(),
  yearsInBusiness: wholeNumber(0, 200).optional(),
  monthlyIncome: amount(true).optional(),
  monthlyDebt: amount(true).optional(),
  employmentYears: wholeNumber(0, 70).optional(),
  bureauOverdue24m: count.optional(),
  bureauInquiries6m: count.optional(),
  bureauCurrentOverdue: count.optional(),
});

export interface ScoreRun {
  lines: number;
  scored: number;
  rejected: number;
}

/** Scores each line of `text`, writing one JSON line per input line through `write`; with `trying`, on that scorecard instead of the one in force. */
export async function scoreFile(
  stores: OriginationStores,
  text: string,
  businessDate: string,
  lang: Lang,
  write: (line: string) => void,
  trying?: ScorecardModel,
): Promise<ScoreRun> {
  const model = trying ?? (await activeScorecard(stores.applications));
  const settings = await loadSettings(stores.settings);
  const lpr = await stores.lpr.all();
  const customers = stores.customers;
  const repo = stores.applications;
  const products = new Map<string, ProductTerms>();
  for (const p of (await repo.products()).map(productTerms)) {
    products.set(p.id, p);
    products.set(p.code, p);
  }
  const run: ScoreRun = { lines: 0, scored: 0, rejected: 0 };
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    if (!raw.trim()) continue;
    run.lines++;
    try {
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch (e) {
        throw new SuanpanError('VALIDATION', 'validation.json', { reason: (e as Error).message });
      }
      const a = parseInput(scoreLine, json);
      const product = products.get(a.product);
      if (!product) throw new SuanpanError('NOT_FOUND', 'applications.productNotFound', { field: 'product', id: a.product });
      const known = a.customerId ? await customers.byId(a.customerId) : a.idNumber ? await customers.byIdNumber(a.idNumber.toUpperCase()) : undefined;
      if (a.customerId && !known) throw new SuanpanError('NOT_FOUND', 'customers.notFound', { field: 'customerId', id: a.customerId });
      let birthDate = a.birthDate ?? known?.birthDate ?? null;
      if (!birthDate && a.idNumber) {
        const id = checkIdNumber(a.idNumber, businessDate);
        if (!id.ok) throw new SuanpanError('VALIDATION', id.key, { field: 'idNumber', ...(id.details ?? {}) });
        birthDate = id.value.birthDate;
      }
      const applicant: Applicant = { kind: a.kind ?? known?.kind ?? 'individual', birthDate, yearsInBusiness: a.yearsInBusiness ?? known?.yearsInBusiness ?? null };
      const loans = known ? await repo.loanStates(known.id, businessDate) : null;
      const book: BookFacts = {
        listHits: await repo.listHits(a.idNumber?.toUpperCase() ?? known?.idNumber ?? null, a.phone ?? known?.phone ?? null, a.creditCode?.toUpperCase() ?? known?.creditCode ?? null),
        lateLoans: loans?.late ?? 0,
        history: !loans || loans.loans === 0 ? 'new' : loans.bad > 0 ? 'bad' : loans.closed > 0 ? 'good' : 'existing',
        openApplication: known ? await repo.openApplication(known.id, '') : null,
        lpr,
      };
      const money = (v: string | undefined): bigint | null => (v === undefined ? null : (parseMinor(v, BOOK_SCALE) as bigint));
      const result = assess(model, settings, product, applicant, {
        amount: money(a.amount) as bigint,
        term: a.term,
        monthlyIncome: money(a.monthlyIncome),
        monthlyDebt: money(a.monthlyDebt),
        employmentYears: a.employmentYears ?? null,
        bureauOverdue24m: a.bureauOverdue24m ?? null,
        bureauInquiries6m: a.bureauInquiries6m ?? null,
        bureauCurrentOverdue: a.bureauCurrentOverdue ?? null,
      }, book, businessDate, a.id);
      const pick = (t: { zh: string; en: string }): string => (lang === 'zh-CN' ? t.zh : t.en);
      write(JSON.stringify({
        id: a.id,
        ok: true,
        knockedOut: result.knockedOut,
        recommendation: result.recommendation,
        rules: result.rules.map((r) => ({ code: r.code, outcome: r.outcome, effect: r.effect, message: ruleMessage(r, lang) })),
        scorecard: result.score.scorecard,
        score: result.score.score,
        grade: result.score.grade,
        pd: result.score.pd,
        reasons: result.score.reasons.map((r) => ({ key: r.key, pointsLost: r.pointsLost, reason: pick(r.reason) })),
        review: result.review,
        requiredRole: result.requiredRole,
        offer: result.offer && { rate: result.offer.rate, amount: result.offer.amount, term: result.offer.term, limitedBy: result.offer.limitedBy, monthlyPayment: result.offer.monthlyPayment, annualizedRate: result.offer.annualizedRate, capWarnings: result.offer.capWarnings.map((w) => w.code) },
      }));
      run.scored++;
    } catch (e) {
      const error = e instanceof SuanpanError ? e : new SuanpanError('INTERNAL', 'internal', { reason: e instanceof Error ? e.message : String(e) });
      const body = error.toJSON(lang);
      write(JSON.stringify({ line: i + 1, ok: false, error: { code: body.code, message: body.message } }));
      run.rejected++;
    }
  }
  return run;
}
