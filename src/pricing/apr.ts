/**
 * Annualized rates from cash flows.
 *  - irr: PBOC Announcement [2021] No. 3: the periodic rate i at which the present value of the
 *    payments equals the amount actually received; nominal = i x periods a year, compound =
 *    (1+i)^periods - 1. Flows are placed in unit periods by Appendix J's counting, discounted (1+i)^-(t+f).
 *  - actuarial: US Regulation Z Appendix J: A = sum P_k / ((1 + f_k i)(1 + i)^t_k), APR = i x units a year.
 *  - xirr: spreadsheet XIRR: sum P_j / (1+rate)^((d_j - d_0)/365) = 0, an effective annual rate.
 * Amounts are exact decimals; the rate is solved in 40-digit decimals by safeguarded Newton steps.
 */
import { daysBetween, type IsoDate } from '../calendar/date';
import { D, type Dec } from './decimal';
import { monthsBack, unitTime, UNITS_PER_YEAR, type UnitPeriod } from './unitPeriod';
import { rule } from '../errors';


export interface Flow {
  date: IsoDate;
  /** Amount as an exact decimal string. */
  amount: string;
}

export type AprMethod = 'irr' | 'actuarial' | 'xirr';

export interface AprResult {
  /** Nominal annual rate (irr, actuarial) or effective annual rate (xirr), as a fraction. */
  rate: Dec;
  periodicRate?: Dec;
  compound?: Dec;
  unitPeriod?: UnitPeriod;
  unitsPerYear?: Dec;
}

export interface Timed {
  /** +1 for a payment, -1 for an advance. */
  sign: 1 | -1;
  amount: Dec;
  t: Dec;
  f: Dec;
}

/**
 * Finds a root by Newton steps from `guess`; where Newton leaves [lo, hi] or stalls, falls back to
 * bisection over the bracket (which must change sign), so a solution is found whenever one exists.
 */
function solve(fn: (x: Dec) => { v: Dec; dv: Dec }, lo: Dec, hi: Dec, guess: Dec): Dec | null {
  const tolerance = new D('1e-30');
  const step = new D('1e-32');
  let x = guess;
  for (let iter = 0; iter < 30; iter++) {
    const { v, dv } = fn(x);
    if (v.abs().lt(tolerance)) return x;
    if (dv.isZero()) break;
    const next = x.minus(v.div(dv));
    if (next.lte(lo) || next.gte(hi)) break;
    if (next.minus(x).abs().lt(step)) return next;
    x = next;
  }
  let flo = fn(lo).v;
  const fhi = fn(hi).v;
  if (flo.isZero()) return lo;
  if (fhi.isZero()) return hi;
  if (flo.s === fhi.s) return null;
  for (let iter = 0; iter < 400; iter++) {
    const mid = lo.plus(hi).div(2);
    const v = fn(mid).v;
    if (v.abs().lt(tolerance) || hi.minus(lo).lt(step)) return mid;
    if (v.s === flo.s) {
      lo = mid;
      flo = v;
    } else hi = mid;
  }
  return lo.plus(hi).div(2);
}

function positive(flows: readonly Flow[]): boolean {
  return flows.length > 0 && flows.every((f) => new D(f.amount).gt(0));
}

function checkFlows(advances: readonly Flow[], payments: readonly Flow[]): IsoDate {
  if (!positive(advances) || !positive(payments)) throw rule('rule.aprFlows');
  const start = advances.map((a) => a.date).reduce((a, b) => (a < b ? a : b));
  for (const p of payments) if (p.date < start) throw rule('rule.aprPaymentBeforeAdvance', { date: p.date, start });
  return start;
}

/** Infers the unit period from the most common interval between payments (Appendix J (b)(4)). */
export function inferUnitPeriod(payments: readonly Flow[]): Exclude<UnitPeriod, 'single'> {
  const dates = payments.map((p) => p.date).sort();
  const votes = new Map<Exclude<UnitPeriod, 'single'>, number>();
  const vote = (u: Exclude<UnitPeriod, 'single'>): void => void votes.set(u, (votes.get(u) ?? 0) + 1);
  for (let i = 1; i < dates.length; i++) {
    const a = dates[i - 1] as IsoDate;
    const b = dates[i] as IsoDate;
    const days = daysBetween(a, b);
    const { months, days: rest } = monthsBack(a, b);
    if (days === 7) vote('weekly');
    else if (days === 14) vote('biweekly');
    else if (days === 28) vote('four-weekly');
    else if (months === 0 && days >= 13 && days <= 16) vote('semi-monthly');
    else if (rest === 0 && months === 1) vote('monthly');
    else if (rest === 0 && months === 2) vote('bimonthly');
    else if (rest === 0 && months === 3) vote('quarterly');
    else if (rest === 0 && months === 6) vote('semiannual');
    else if (rest === 0 && months === 12) vote('yearly');
    else vote('monthly');
  }
  let best: Exclude<UnitPeriod, 'single'> = 'monthly';
  let bestCount = 0;
  for (const [u, c] of votes) if (c > bestCount) [best, bestCount] = [u, c];
  return best;
}

function timed(start: IsoDate, advances: readonly Flow[], payments: readonly Flow[], unit: Exclude<UnitPeriod, 'single'>): Timed[] {
  const place = (flow: Flow, sign: 1 | -1): Timed => {
    const { t, fNum, fDen } = unitTime(start, flow.date, unit);
    return { sign, amount: new D(flow.amount), t: new D(t), f: new D(fNum).div(fDen) };
  };
  return [...advances.map((a) => place(a, -1)), ...payments.map((p) => place(p, 1))];
}

/** Net present value (payments minus advances) at periodic rate i, and its derivative. */
function npv(flows: readonly Timed[], actuarial: boolean) {
  return (i: Dec): { v: Dec; dv: Dec } => {
    let v = new D(0);
    let dv = new D(0);
    const onePlus = i.plus(1);
    const inverse = new D(1).div(onePlus);
    // Whole-period exponents (most flows) reuse a running power of 1/(1+i) instead of a general power.
    let powerAt = 0;
    let power = new D(1);
    for (const flow of flows) {
      let pv: Dec;
      let dlog: Dec; // d/di of ln(discount factor denominator)
      if (actuarial) {
        const odd = flow.f.times(i).plus(1);
        pv = flow.amount.div(odd.times(onePlus.pow(flow.t))).times(flow.sign);
        dlog = flow.f.div(odd).plus(flow.t.div(onePlus));
      } else {
        const x = flow.t.plus(flow.f);
        let discount: Dec;
        if (x.isInteger() && x.gte(powerAt) && x.lte(powerAt + 1200)) {
          const n = x.toNumber();
          while (powerAt < n) {
            power = power.times(inverse);
            powerAt++;
          }
          discount = power;
        } else discount = new D(1).div(onePlus.pow(x));
        pv = flow.amount.times(discount).times(flow.sign);
        dlog = x.times(inverse);
      }
      v = v.plus(pv);
      dv = dv.minus(pv.times(dlog));
    }
    return { v, dv };
  };
}

export function annualizedRate(
  method: AprMethod,
  advances: readonly Flow[],
  payments: readonly Flow[],
  unitPeriod?: UnitPeriod,
): AprResult {
  const start = checkFlows(advances, payments);
  if (method === 'xirr') {
    const all = [...advances.map((a) => ({ ...a, sign: -1 as const })), ...payments.map((p) => ({ ...p, sign: 1 as const }))];
    const d0 = all.map((f) => f.date).reduce((a, b) => (a < b ? a : b));
    const flows = all.map((f) => ({ amount: new D(f.amount).times(f.sign), x: new D(daysBetween(d0, f.date)).div(365) }));
    const fn = (r: Dec): { v: Dec; dv: Dec } => {
      let v = new D(0);
      let dv = new D(0);
      const onePlus = r.plus(1);
      for (const f of flows) {
        const pv = f.amount.div(onePlus.pow(f.x));
        v = v.plus(pv);
        dv = dv.minus(pv.times(f.x).div(onePlus));
      }
      return { v, dv };
    };
    const rate = solve(fn, new D('-0.999999'), new D(1000), new D('0.1'));
    if (!rate) throw rule('rule.aprNoSolution');
    return { rate };
  }

  let unit: Exclude<UnitPeriod, 'single'>;
  let unitsPerYear: Dec;
  let flows: Timed[];
  if (unitPeriod === 'single') {
    if (advances.length !== 1 || payments.length !== 1) throw rule('rule.aprSingle');
    const adv = advances[0] as Flow;
    const pay = payments[0] as Flow;
    const { months, days } = monthsBack(adv.date, pay.date);
    const whole = days === 0 && months > 0;
    unit = 'monthly';
    unitsPerYear = whole ? new D(12).div(months) : new D(365).div(Math.max(1, daysBetween(adv.date, pay.date)));
    flows = [
      { sign: -1, amount: new D(adv.amount), t: new D(0), f: new D(0) },
      { sign: 1, amount: new D(pay.amount), t: new D(1), f: new D(0) },
    ];
  } else {
    unit = unitPeriod ?? inferUnitPeriod(payments);
    unitsPerYear = new D(UNITS_PER_YEAR[unit]);
    flows = timed(start, advances, payments, unit);
  }
  return periodicResult(flows, unitsPerYear, method === 'actuarial', unitPeriod === 'single' ? 'single' : unit);
}

/**
 * Solves the periodic rate of flows already placed in unit periods (a schedule places its own rows:
 * installment k at k periods, so a semi-monthly 16-day period still counts as one period).
 */
export function periodicResult(
  flows: readonly Timed[],
  unitsPerYear: Dec,
  actuarial: boolean,
  unitPeriod?: UnitPeriod,
  guess: Dec = new D('0.01'),
): AprResult {
  const periodic = solve(npv(flows, actuarial), new D('-0.99'), new D(100), guess);
  if (!periodic) throw rule('rule.aprNoSolution');
  return {
    rate: periodic.times(unitsPerYear),
    periodicRate: periodic,
    compound: periodic.plus(1).pow(unitsPerYear).minus(1),
    ...(unitPeriod ? { unitPeriod } : {}),
    unitsPerYear,
  };
}
