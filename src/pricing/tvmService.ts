/**
 * Spreadsheet time-value functions as a service, so an officer can reconcile a quote with the sheet
 * they know: { fn: "pmt"|"ipmt"|"ppmt"|"rate"|"pv"|"fv", ... } with Excel's argument names.
 */
import { z } from 'zod';
import { SuanpanError } from '../errors';
import { oneOf, parseInput, wholeNumber } from '../validation';
import { D, type Dec } from './decimal';
import { fv, ipmt, pmt, ppmt, pv, rate } from './spreadsheet';

/** A decimal as text, optionally over a whole divisor as spreadsheets write rates: "0.1/12". */
const decimalText = z
  .union([z.string().max(60), z.number().int()])
  .transform((v) => String(v).trim())
  .superRefine((v, ctx) => {
    if (!/^-?\d{1,18}(\.\d{1,30})?(\/[1-9]\d{0,5})?$/.test(v)) {
      ctx.addIssue({ code: 'custom', params: { key: 'validation.type', details: { expected: 'a decimal number as text, such as "0.01" or "0.1/12"' } } });
    }
  })
  .transform((v): Dec => {
    const [num, den] = v.split('/');
    return den ? new D(num as string).div(den) : new D(v);
  });

export const tvmRequest = z.strictObject({
  fn: oneOf(['pmt', 'ipmt', 'ppmt', 'rate', 'pv', 'fv'] as const),
  rate: decimalText.optional(),
  nper: wholeNumber(1, 10_000).optional(),
  per: wholeNumber(1, 10_000).optional(),
  pv: decimalText.optional(),
  pmt: decimalText.optional(),
  fv: decimalText.optional(),
  type: z.union([z.literal(0), z.literal(1)]).optional(),
});
export type TvmRequest = z.input<typeof tvmRequest>;

function need<T>(value: T | undefined, field: string): T {
  if (value === undefined) throw new SuanpanError('VALIDATION', 'validation.required', { field });
  return value;
}

export const quoteTvm = (input: unknown): { value: string } => tvmQuote(parseInput(tvmRequest, input));

export function tvmQuote(req: z.output<typeof tvmRequest>): { value: string } {
  const type = req.type ?? 0;
  const f = req.fv ?? new D(0);
  const nper = (): number => need(req.nper, 'nper');
  const r = (): Dec => need(req.rate, 'rate');
  let value;
  switch (req.fn) {
    case 'pmt':
      value = pmt(r(), nper(), need(req.pv, 'pv'), f, type);
      break;
    case 'ipmt':
      value = ipmt(r(), need(req.per, 'per'), nper(), need(req.pv, 'pv'), f, type);
      break;
    case 'ppmt':
      value = ppmt(r(), need(req.per, 'per'), nper(), need(req.pv, 'pv'), f, type);
      break;
    case 'pv':
      value = pv(r(), nper(), need(req.pmt, 'pmt'), f, type);
      break;
    case 'fv':
      value = fv(r(), nper(), need(req.pmt, 'pmt'), need(req.pv, 'pv'), type);
      break;
    case 'rate': {
      const solved = rate(nper(), need(req.pmt, 'pmt'), need(req.pv, 'pv'), f, type);
      if (!solved) throw new SuanpanError('RULE', 'rule.aprNoSolution');
      value = solved;
      break;
    }
  }
  return { value: value.toFixed(12) };
}
