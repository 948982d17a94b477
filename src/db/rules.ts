/**
 * SQL generated from the lending rules (src/rules/lending.ts): the close and the queue test a
 * loan's category, bucket and contagion with these expressions, so the SQL says what the rule table
 * says and nothing else. Dates are parameters: a rule in days past due becomes a comparison of the
 * loan's oldest unpaid due date with the date that many days before the new business date `@n`.
 */
import { BUCKET_EDGES, CATEGORIES, CATEGORY_FLOORS, CONTAGION, NON_PERFORMING, PROMISE_PAYMENTS, rankOf } from '../rules/lending';

/** A rule's name as an SQL literal; the names are the engine's own, checked to be plain words. */
export function literal(value: string): string {
  if (!/^[a-z0-9>-]+$/.test(value)) throw new Error(`not a rule name: ${value}`);
  return `'${value}'`;
}

const list = (values: readonly string[]): string => values.map(literal).join(', ');

/** A category's rank (0 = normal … 4 = loss). */
export function rankSql(column: string): string {
  const whens = CATEGORIES.slice(0, -1).map((c, i) => `WHEN ${literal(c)} THEN ${i}`);
  return `CASE ${column} ${whens.join(' ')} ELSE ${CATEGORIES.length - 1} END`;
}

/** The parameter holding the date `dpd` days before `@n`, and the values of all the floors' ones. */
export const floorParam = (dpd: number): string => `dpd${dpd}`;
export const floorDates = (back: (days: number) => string): Record<string, string> =>
  Object.fromEntries(CATEGORY_FLOORS.map((f) => [floorParam(f.dpd), back(f.dpd)]));

/** The category the oldest unpaid due date in `column` implies on `@n` (categoryByDpd). */
export function categoryByDpdSql(column: string): string {
  const whens = CATEGORY_FLOORS.slice(0, -1).map((f, i) => `WHEN ${column} > @${floorParam((CATEGORY_FLOORS[i + 1] as { dpd: number }).dpd)} THEN ${literal(f.category)}`);
  const last = CATEGORY_FLOORS.at(-1) as { category: string };
  return `CASE WHEN ${column} IS NULL OR ${column} >= @n THEN 'normal' ${whens.join(' ')} ELSE ${literal(last.category)} END`;
}

/** The non-performing categories, for `IN (…)`. */
export const nonPerformingList = (): string => list(NON_PERFORMING);
/** The categories contagion lifts to its floor, for `IN (…)`. */
export const liftedList = (): string => list(CONTAGION.lifts);
export const contagionFloor = (): string => literal(CONTAGION.floor);
export const contagionFloorRank = (): number => rankOf(CONTAGION.floor);

/**
 * Whether the loans aggregated under `alias` are non-performing beyond the contagion share
 * (borrowerNonPerforming); `except`, when given, leaves one loan's own balance out of the bad side.
 */
export function contagionSql(alias: string, except?: string): string {
  const own = except ? ` AND ${alias}.id <> ${except}` : '';
  const bad = `sum(CASE WHEN ${alias}.five_category IN (${nonPerformingList()})${own} THEN ${alias}.outstanding_principal ELSE 0 END)`;
  return `${bad} * ${CONTAGION.share.d} > sum(${alias}.outstanding_principal) * ${CONTAGION.share.n}`;
}

/** The parameter holding the date `to` days before `@n`: a bucket ends there. */
export const bucketParam = (to: number): string => `b${to}`;
export const bucketDates = (back: (days: number) => string): Record<string, string> =>
  Object.fromEntries(BUCKET_EDGES.flatMap((b) => (b.to !== null && b.to > 0 ? [[bucketParam(b.to), back(b.to)]] : [])));

/** The bucket the oldest unpaid due date in `column` falls in on `@n` (bucketOf). */
export function bucketSql(column: string): string {
  const [current, ...rest] = BUCKET_EDGES;
  const whens = rest.flatMap((b) => (b.to === null ? [] : [`WHEN ${column} >= @${bucketParam(b.to)} THEN ${literal(b.bucket)}`]));
  const last = BUCKET_EDGES.at(-1) as { bucket: string };
  return `CASE WHEN ${column} IS NULL OR ${column} >= @n THEN ${literal(current.bucket)} ${whens.join(' ')} ELSE ${literal(last.bucket)} END`;
}

/** The transaction kinds that count towards a promise. */
export const promisePaymentList = (): string => list(PROMISE_PAYMENTS);
/** promiseKept: paid at least the promised amount. */
export const promiseKeptSql = (paid: string, promised: string): string => `${paid} >= ${promised}`;
