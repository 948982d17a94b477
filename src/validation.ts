/**
 * Shared input validation: zod types for the values every request carries (amounts, rates, dates,
 * whole numbers, choices), and the mapping of zod issues to typed, translatable errors.
 * Amounts and rates travel as decimal strings; a JSON number is accepted for an amount only when it is
 * a safe whole number, so no binary fraction ever becomes money.
 */
import { BOOK_SCALE } from './money/money';
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { parseYmd } from './calendar/date';
import { parseDecimal, parseFraction, type Rational } from './money/rational';
import { SuanpanError, type Details, type MessageKey } from './errors';

const DECIMAL_TEXT = /^-?\d{1,18}(\.\d{1,18})?$/;

function custom(key: MessageKey, details: Details): { params: { key: MessageKey; details: Details } } {
  return { params: { key, details } };
}

/**
 * A decimal amount as text (or a safe whole JSON number), greater than zero unless `allowZero`.
 * Decimal places are checked against the currency once the request's decimals are known.
 */
export const amount = (allowZero = false) =>
  z
    .union([z.string().max(40), z.number().int().refine(Number.isSafeInteger)])
    .transform((v) => (typeof v === 'number' ? String(v) : v.trim()))
    .superRefine((v, ctx) => {
      if (!DECIMAL_TEXT.test(v)) ctx.addIssue({ code: 'custom', ...custom('validation.amount', { value: v, decimals: BOOK_SCALE }) });
      else if (v.startsWith('-') || (!allowZero && /^[0.]+$/.test(v))) {
        ctx.addIssue({ code: 'custom', ...custom('validation.amountPositive', {}) });
      }
    });
export const amountText = amount();

/** A rate as a decimal fraction in text: "0.12" is 12% a year. */
export const rateText = (max = '10') =>
  z
    .string()
    .max(40)
    .transform((v) => v.trim())
    .superRefine((v, ctx) => {
      const r = DECIMAL_TEXT.test(v) ? parseDecimal(v) : null;
      if (!r) ctx.addIssue({ code: 'custom', ...custom('validation.rate', { value: v }) });
      else {
        const limit = parseDecimal(max) as Rational;
        if (r.n < 0n || r.n * limit.d > limit.n * r.d) ctx.addIssue({ code: 'custom', ...custom('validation.rateRange', { max }) });
      }
    })
    .transform((v) => parseDecimal(v) as Rational);

/**
 * A policy share as an exact fraction, from 0 to `max`: a decimal ("0.1") or a ratio of whole
 * numbers ("1/3"). One third is a ratio, never a truncated decimal ("0.3333" is less than a third).
 */
export const fractionText = (max = '1') =>
  z
    .string()
    .max(40)
    .transform((v) => v.trim())
    .superRefine((v, ctx) => {
      const r = DECIMAL_TEXT.test(v) || /^\d{1,18}\s*\/\s*\d{1,18}$/.test(v) ? parseFraction(v) : null;
      if (!r) ctx.addIssue({ code: 'custom', message: `"${v}" is not a fraction (write 0.1 or 1/3)`, ...custom('validation.fraction', { value: v }) });
      else {
        const limit = parseDecimal(max) as Rational;
        if (r.n < 0n || r.n * limit.d > limit.n * r.d) ctx.addIssue({ code: 'custom', message: `must be from 0 to ${max}`, ...custom('validation.fractionRange', { max }) });
      }
    })
    .transform((v) => parseFraction(v) as Rational);

export const dateText = z
  .string()
  .max(20)
  .superRefine((v, ctx) => {
    if (!parseYmd(v)) ctx.addIssue({ code: 'custom', ...custom('validation.date', { value: v }) });
  });

/** A file on this computer, named by its absolute path (the engine never depends on a process's working folder). */
export const absolutePath = z
  .string()
  .max(4096)
  .superRefine((v, ctx) => {
    if (!isAbsolute(v)) ctx.addIssue({ code: 'custom', ...custom('validation.absolutePath', { value: v.slice(0, 200) }) });
  });

export const wholeNumber = (min: number, max: number) =>
  z.unknown().superRefine((v, ctx) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      ctx.addIssue({ code: 'custom', ...custom('validation.integer', { min, max, value: String(v) }) });
    }
  }) as unknown as z.ZodType<number, number>;

export const oneOf = <const T extends readonly [string, ...string[]]>(options: T) =>
  z.unknown().superRefine((v, ctx) => {
    if (typeof v !== 'string' || !(options as readonly string[]).includes(v)) {
      ctx.addIssue({ code: 'custom', ...custom('validation.oneOf', { value: String(v), options: options.join(' | ') }) });
    }
  }) as unknown as z.ZodType<T[number], T[number]>;

const fieldName = (path: readonly PropertyKey[]): string =>
  path.length === 0 ? 'request' : path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');

/** Maps a zod issue to a typed error: the first issue names the message; all are kept in details. */
function issueToError(issue: z.core.$ZodIssue): SuanpanError {
  const field = fieldName(issue.path);
  switch (issue.code) {
    case 'custom': {
      const params = (issue.params ?? {}) as { key?: MessageKey; details?: Details };
      if (params.key) return new SuanpanError('VALIDATION', params.key, { field, ...params.details });
      return new SuanpanError('VALIDATION', 'validation.type', { field, expected: 'valid' });
    }
    case 'invalid_type':
      if (issue.input === undefined) return new SuanpanError('VALIDATION', 'validation.required', { field });
      return new SuanpanError('VALIDATION', 'validation.type', { field, expected: String(issue.expected) });
    case 'unrecognized_keys':
      return new SuanpanError('VALIDATION', 'validation.unknownField', {
        field: issue.keys.map((k) => (field === 'request' ? k : `${field}.${k}`)).join(', '),
      });
    case 'too_big':
      return new SuanpanError('VALIDATION', 'validation.tooLong', { field });
    case 'invalid_value':
      return new SuanpanError('VALIDATION', 'validation.oneOf', {
        field,
        value: String(issue.input),
        options: issue.values.map(String).join(' | '),
      });
    default:
      return new SuanpanError('VALIDATION', 'validation.type', { field, expected: 'valid' });
  }
}

/** Parses `input` with `schema`; on failure throws one VALIDATION error listing every issue. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const errors = result.error.issues.map(issueToError);
  const first = errors[0] as SuanpanError;
  throw new SuanpanError('VALIDATION', first.key, {
    ...first.details,
    issues: errors.map((e) => ({ key: e.key, details: e.details })),
  });
}

/** A zod failure as one line naming each path, for settings and models stored whole (not request fields). */
export const issuesReason = (error: z.ZodError): string => error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');

/** The setting a failed settings form points at: the first issue's path ("rules.dtiDeclineBp"). */
export const issuesField = (error: z.ZodError): string => error.issues[0]?.path.join('.') || 'settings';

/** A settings form that does not validate, naming its first failing field and every reason. */
export const invalidSettings = (error: z.ZodError): SuanpanError =>
  new SuanpanError('VALIDATION', 'settings.invalid', { field: issuesField(error), reason: issuesReason(error) });
