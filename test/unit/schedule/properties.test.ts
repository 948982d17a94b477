/** Property tests over random products: the invariants every schedule must keep. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, daysBetween } from '../../../src/calendar';
import { PERIODS_PER_YEAR, FREQUENCIES } from '../../../src/calendar/frequency';
import { SuanpanError } from '../../../src/errors';
import { D } from '../../../src/pricing';
import { quoteSchedule, scheduleRequest, toTermLoan, type ScheduleRequest } from '../../../src/schedule/service';
import { buildSchedule, METHODS } from '../../../src/schedule/term';
import { payoffQuote } from '../../../src/schedule/payoff';
import { formatMinor } from '../../../src/money';
import { parseInput } from '../../../src/validation';

const toMinor = (text: string): bigint => BigInt(text.replace('.', ''));

const rateArb = fc.integer({ min: 0, max: 3600 }).map((bp) => (bp / 10000).toFixed(4)); // 0% .. 36%, exact text
const dateArb = fc.integer({ min: 0, max: 3650 }).map((d) => addDays('2020-01-01', d));

const productArb = fc
  .record({
    method: fc.constantFrom(...METHODS),
    frequency: fc.constantFrom(...FREQUENCIES),
    term: fc.integer({ min: 1, max: 120 }),
    annualRate: rateArb,
    decimals: fc.constantFrom(0 as const, 2 as const),
    yuan: fc.integer({ min: 100, max: 10_000_000 }),
    fen: fc.integer({ min: 0, max: 99 }),
    disbursementDate: dateArb,
    oddDays: fc.integer({ min: -5, max: 20 }),
    interest: fc.constantFrom('per-period' as const, 'daily' as const),
    dayCount: fc.constantFrom('30/360' as const, 'ACT/360' as const, 'ACT/365' as const, 'ACT/ACT' as const),
    rounding: fc.constantFrom('half-up' as const, 'half-even' as const, 'up' as const, 'down' as const),
    multiple: fc.constantFrom('unit', '1', '100'),
    graceShare: fc.integer({ min: 0, max: 99 }),
  })
  .map((p): ScheduleRequest => {
    const grace = p.method === 'interest-only' ? 0 : Math.floor(((p.term - 1) * p.graceShare) / 100 / 2);
    const regular = quoteFirstDue(p.disbursementDate, p.frequency);
    const firstDue = addDays(regular, p.oddDays);
    return {
      principal: p.decimals === 2 ? `${p.yuan}.${String(p.fen).padStart(2, '0')}` : String(p.yuan),
      annualRate: p.annualRate,
      term: p.term,
      method: p.method,
      frequency: p.frequency,
      disbursementDate: p.disbursementDate,
      firstDueDate: daysBetween(p.disbursementDate, firstDue) > 0 ? firstDue : undefined,
      interest: p.interest,
      dayCount: p.dayCount,
      principalGrace: grace,
      paymentMultiple: p.multiple === 'unit' ? (p.decimals === 2 ? '0.01' : '1') : p.multiple,
      decimals: p.decimals,
      rounding: p.rounding,
    };
  });

function quoteFirstDue(disbursement: string, frequency: (typeof FREQUENCIES)[number]): string {
  const s = quoteSchedule({ principal: '1000', annualRate: '0', term: 1, method: 'equal-principal', frequency, disbursementDate: disbursement });
  return s.installments[0]?.dueDate as string;
}

/** The library's schedule for a request (no annualized rate: these properties need none). */
function scheduleOf(req: ScheduleRequest) {
  const loan = toTermLoan(parseInput(scheduleRequest, req));
  return { loan, schedule: buildSchedule(loan) };
}

/** Runs a quote, treating a refusal of the generated product (an odd first period too long) as no case. */
function tryQuote(req: ScheduleRequest) {
  try {
    return quoteSchedule(req);
  } catch (e) {
    if (e instanceof SuanpanError && e.code !== 'INTERNAL') {
      fc.pre(false);
    }
    throw e;
  }
}

describe('schedule invariants', () => {
  it('repays exactly the principal lent, never a negative balance, only whole minor units', () => {
    fc.assert(
      fc.property(productArb, (req) => {
        const s = tryQuote(req);
        fc.pre(s !== undefined);
        const pattern = req.decimals === 0 ? /^\d+$/ : /^\d+\.\d{2}$/;
        let repaid = 0n;
        for (const row of s.installments) {
          for (const v of [row.principal, row.interest, row.fee, row.total, row.balance]) expect(v).toMatch(pattern);
          expect(toMinor(row.balance) >= 0n).toBe(true);
          expect(toMinor(row.principal) >= 0n).toBe(true);
          repaid += toMinor(row.principal);
        }
        expect(repaid).toBe(toMinor(s.financedPrincipal));
        expect(s.installments.at(-1)?.balance).toMatch(/^0(\.00)?$/);
      }),
      { numRuns: 150 },
    );
  });

  it('with no fees, the IRR of a schedule is its contract rate (periodic, within 1e-6)', () => {
    const cases = productArb
      .filter((r) => r.method !== 'flat' && r.decimals === 2)
      .map((r) => ({ ...r, interest: 'per-period' as const, firstDueDate: undefined, principal: r.principal, term: Math.min(r.term, 60) }))
      .filter((r) => toMinor(String(r.principal)) >= 1_000_000n);
    fc.assert(
      fc.property(cases, (req) => {
        const s = tryQuote(req);
        const ppy = PERIODS_PER_YEAR[req.frequency ?? 'monthly'];
        const periodic = new D(s.annualizedRate.nominal).div(ppy);
        const contractPeriodic = new D(req.annualRate).div(ppy);
        expect(periodic.minus(contractPeriodic).abs().lt('1e-6')).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('a reduce-term prepayment never lengthens the loan', () => {
    fc.assert(
      fc.property(
        productArb.filter((r) => r.method !== 'flat' && r.method !== 'interest-only' && r.term >= 2),
        fc.integer({ min: 1, max: 95 }),
        fc.integer({ min: 1, max: 1000 }),
        (req, share, dayPick) => {
          let plain;
          try {
            plain = scheduleOf(req);
          } catch (e) {
            if (e instanceof SuanpanError) return fc.pre(false);
            throw e;
          }
          const { loan, schedule } = plain;
          const span = daysBetween(req.disbursementDate, schedule.maturityDate);
          fc.pre(span > 2);
          const date = addDays(req.disbursementDate, 1 + (dayPick % (span - 1)));
          // On a due date a prepayment comes on top of that day's installment; keep to days in between.
          fc.pre(!schedule.installments.some((r) => r.dueDate === date));
          const payoff = payoffQuote(loan, date, schedule);
          const part = (payoff.principal * BigInt(share)) / 100n;
          fc.pre(part > 0n);
          const amount = formatMinor(payoff.interest + part, loan.decimals);
          let after;
          try {
            after = scheduleOf({ ...req, prepayments: [{ date, amount, recast: 'reduce-term' }] }).schedule;
          } catch (e) {
            // The payoff's interest is capped at the period's; a prepayment on a 31st can accrue a little more.
            if (e instanceof SuanpanError && e.key === 'rule.prepaymentTooSmall') return fc.pre(false);
            throw e;
          }
          const count = (s: typeof schedule) => s.installments.filter((r) => r.kind === 'installment').length;
          expect(count(after)).toBeLessThanOrEqual(count(schedule));
          expect(after.maturityDate <= schedule.maturityDate).toBe(true);
          const repaid = after.installments.reduce((a, r) => a + r.principal, 0n);
          expect(repaid).toBe(after.financedPrincipal);
          expect(after.installments.every((r) => r.balance >= 0n)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
