/** The annualized-rate service: dated advances and payments in, a rate (a fraction) out. */
import { z } from 'zod';
import { amountText, dateText, oneOf, parseInput } from '../validation';
import { annualizedRate } from './apr';
import { rateString } from './decimal';
import { UNIT_PERIODS } from './unitPeriod';

const flow = z.strictObject({ date: dateText, amount: amountText });

export const aprRequest = z.strictObject({
  method: oneOf(['irr', 'actuarial', 'xirr'] as const),
  unitPeriod: oneOf(UNIT_PERIODS).optional(),
  advances: z.array(flow).min(1).max(1000),
  payments: z.array(flow).min(1).max(5000),
});
export type AprRequest = z.input<typeof aprRequest>;

export interface AprResponse {
  rate: string;
  periodicRate?: string;
  compound?: string;
  unitPeriod?: string;
}

export const quoteApr = (input: unknown): AprResponse => aprQuote(parseInput(aprRequest, input));

export function aprQuote(req: z.output<typeof aprRequest>): AprResponse {
  const result = annualizedRate(req.method, req.advances, req.payments, req.unitPeriod);
  const out: AprResponse = { rate: rateString(result.rate) };
  if (result.periodicRate) out.periodicRate = rateString(result.periodicRate);
  if (result.compound) out.compound = rateString(result.compound);
  if (result.unitPeriod) out.unitPeriod = result.unitPeriod;
  return out;
}
