/**
 * Points scorecards. A model is data: characteristics split into bins, each bin worth whole points,
 * and the scaling that turns a total score into odds and a probability of default. The format keeps
 * what a trained model needs (each bin's weight of evidence, the regression coefficient, counts), so
 * a scorecard trained on a lender's own history later is stored and evaluated the same way.
 *
 * Scaling (points to double the odds): factor = pdo / ln 2, offset = base − factor · ln(baseOdds);
 * score = offset + factor · ln(good:bad odds), so odds = exp((score − offset) / factor) and
 * PD = 1 / (1 + odds).
 */
import { z } from 'zod';
import { D, type Dec } from '../pricing/decimal';

export const GRADES = ['A', 'B', 'C', 'D', 'E'] as const;
export type Grade = (typeof GRADES)[number];

const text = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });

/**
 * A bin matches a number in [min, max) (either end open when absent), a category from `values`, or
 * a missing value (`missing: true`). Reason text says in the applicant's words why points were lost.
 */
const bin = z.strictObject({
  label: text,
  min: z.number().optional(),
  max: z.number().optional(),
  values: z.array(z.string()).optional(),
  missing: z.boolean().optional(),
  points: z.number().int(),
  /** Weight of evidence of the bin in the training data, where the model was trained. */
  woe: z.number().optional(),
  /** Training rows that fell in the bin (goods, bads), where trained. */
  goods: z.number().int().optional(),
  bads: z.number().int().optional(),
});

const characteristic = z.strictObject({
  key: z.string().min(1),
  label: text,
  /** Why a low score on this characteristic counts against the applicant. */
  reason: text,
  bins: z.array(bin).min(1),
  /** The logistic regression coefficient on this characteristic's WoE, where trained. */
  coefficient: z.number().optional(),
});

export const scorecardModel = z.strictObject({
  name: z.string().min(1),
  version: z.number().int().min(1),
  description: text,
  scaling: z.strictObject({ base: z.number(), baseOdds: z.number().positive(), pdo: z.number().positive() }),
  /** Lowest score of each grade, best first; a score below every bound is the last grade. */
  grades: z.array(z.strictObject({ grade: z.enum(GRADES), minScore: z.number().int() })).length(4),
  characteristics: z.array(characteristic).min(1),
  /** Training summary (rows, AUC, KS), where trained. */
  training: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ScorecardModel = z.infer<typeof scorecardModel>;
export type Characteristic = ScorecardModel['characteristics'][number];

/** The values a scorecard reads, by characteristic key: a number, a category, or missing. */
export type ScoreInput = Record<string, number | string | null | undefined>;

export interface ScoredCharacteristic {
  key: string;
  label: { zh: string; en: string };
  value: number | string | null;
  bin: { zh: string; en: string };
  points: number;
  maxPoints: number;
}

export interface ReasonCode {
  key: string;
  /** Points lost against the best bin of the characteristic. */
  pointsLost: number;
  reason: { zh: string; en: string };
}

export interface ScoreResult {
  scorecard: { name: string; version: number };
  score: number;
  grade: Grade;
  /** Probability of default implied by the score, as a fraction with 6 decimals. */
  pd: string;
  breakdown: ScoredCharacteristic[];
  /** At most four, most points lost first. */
  reasons: ReasonCode[];
}

function findBin(c: Characteristic, value: number | string | null | undefined) {
  if (value === null || value === undefined || value === '') return c.bins.find((b) => b.missing) ?? null;
  if (typeof value === 'string') return c.bins.find((b) => b.values?.includes(value)) ?? null;
  return c.bins.find((b) => !b.missing && !b.values && (b.min === undefined || value >= b.min) && (b.max === undefined || value < b.max)) ?? null;
}

/** Checks that every characteristic can place any value: a missing bin, and numeric bins without gaps. */
export function checkModel(model: ScorecardModel): string[] {
  const problems: string[] = [];
  for (const c of model.characteristics) {
    if (!c.bins.some((b) => b.missing)) problems.push(`${c.key}: no bin for a missing value`);
    const numeric = c.bins.filter((b) => !b.missing && !b.values).sort((a, b) => (a.min ?? -Infinity) - (b.min ?? -Infinity));
    for (let i = 1; i < numeric.length; i++) {
      if ((numeric[i - 1] as (typeof numeric)[number]).max !== (numeric[i] as (typeof numeric)[number]).min) problems.push(`${c.key}: bins do not meet at ${String(numeric[i]?.min)}`);
    }
  }
  const bounds = model.grades.map((g) => g.minScore);
  if (bounds.some((b, i) => i > 0 && b >= (bounds[i - 1] as number))) problems.push('grades: lower bounds must fall from A to D');
  return problems;
}

const LN2 = new D(2).ln();

// Scores are whole numbers over a few hundred values: each model's PDs are worked out once.
const pdCache = new WeakMap<ScorecardModel, Map<number, string>>();

/** The probability of default a score implies under the model's scaling, 6 decimals, half-up. */
export function pdOf(model: ScorecardModel, score: number): string {
  let byScore = pdCache.get(model);
  if (!byScore) pdCache.set(model, (byScore = new Map()));
  let pd = byScore.get(score);
  if (pd === undefined) byScore.set(score, (pd = computePd(model, score)));
  return pd;
}

function computePd(model: ScorecardModel, score: number): string {
  const { base, baseOdds, pdo } = model.scaling;
  const factor: Dec = new D(pdo).div(LN2);
  const offset = new D(base).minus(factor.times(new D(baseOdds).ln()));
  const odds = new D(score).minus(offset).div(factor).exp();
  return new D(1).div(odds.plus(1)).toFixed(6, D.ROUND_HALF_UP);
}

export function gradeOf(model: ScorecardModel, score: number): Grade {
  for (const g of model.grades) if (score >= g.minScore) return g.grade;
  return 'E';
}

export function score(model: ScorecardModel, input: ScoreInput): ScoreResult {
  const breakdown: ScoredCharacteristic[] = [];
  const lost: ReasonCode[] = [];
  let total = 0;
  for (const c of model.characteristics) {
    const raw = input[c.key];
    const b = findBin(c, raw);
    // A value no bin takes (a category the model never saw) scores as missing.
    const chosen = b ?? c.bins.find((x) => x.missing) ?? (c.bins[0] as Characteristic['bins'][number]);
    const maxPoints = Math.max(...c.bins.map((x) => x.points));
    total += chosen.points;
    breakdown.push({ key: c.key, label: c.label, value: raw ?? null, bin: chosen.label, points: chosen.points, maxPoints });
    if (chosen.points < maxPoints) lost.push({ key: c.key, pointsLost: maxPoints - chosen.points, reason: c.reason });
  }
  // Most points lost first; ties in the model's order, so the ranking is stable.
  const reasons = lost
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.pointsLost - a.r.pointsLost || a.i - b.i)
    .slice(0, 4)
    .map((x) => x.r);
  return { scorecard: { name: model.name, version: model.version }, score: total, grade: gradeOf(model, total), pd: pdOf(model, total), breakdown, reasons };
}
