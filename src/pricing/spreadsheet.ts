/**
 * Spreadsheet time-value functions with the sign conventions of Excel and LibreOffice Calc (money paid
 * out is negative), in 40-digit decimals so that officers can reconcile with the sheets they know.
 * type 0 = payments at the end of each period, 1 = at the beginning.
 */
import { D, type Dec } from './decimal';

type Num = Dec | string | number;
const d = (v: Num): Dec => new D(v);

export function fv(rate: Num, nper: Num, pmt: Num, pv: Num = 0, type: 0 | 1 = 0): Dec {
  const r = d(rate);
  const n = d(nper);
  if (r.isZero()) return d(pv).plus(d(pmt).times(n)).neg();
  const g = r.plus(1).pow(n);
  return d(pv).times(g).plus(d(pmt).times(r.times(type).plus(1)).times(g.minus(1)).div(r)).neg();
}

export function pmt(rate: Num, nper: Num, pv: Num, fvalue: Num = 0, type: 0 | 1 = 0): Dec {
  const r = d(rate);
  const n = d(nper);
  if (r.isZero()) return d(pv).plus(d(fvalue)).div(n).neg();
  const g = r.plus(1).pow(n);
  return d(pv).times(g).plus(d(fvalue)).times(r).div(r.times(type).plus(1).times(g.minus(1))).neg();
}

export function ipmt(rate: Num, per: number, nper: Num, pv: Num, fvalue: Num = 0, type: 0 | 1 = 0): Dec {
  if (type === 1 && per === 1) return d(0);
  const payment = pmt(rate, nper, pv, fvalue, type);
  // Balance before period `per` (as FV of what has happened so far), times the rate.
  const before = fv(rate, per - 1, payment, pv, type);
  const interest = before.times(d(rate));
  return type === 1 ? interest.div(d(rate).plus(1)) : interest;
}

export function ppmt(rate: Num, per: number, nper: Num, pv: Num, fvalue: Num = 0, type: 0 | 1 = 0): Dec {
  return pmt(rate, nper, pv, fvalue, type).minus(ipmt(rate, per, nper, pv, fvalue, type));
}

export function pv(rate: Num, nper: Num, payment: Num, fvalue: Num = 0, type: 0 | 1 = 0): Dec {
  const r = d(rate);
  const n = d(nper);
  if (r.isZero()) return d(payment).times(n).plus(d(fvalue)).neg();
  const g = r.plus(1).pow(n);
  return d(payment).times(r.times(type).plus(1)).times(g.minus(1)).div(r).plus(d(fvalue)).div(g).neg();
}

/** RATE by Newton's method on fv(rate) = 0, as the spreadsheets do, from `guess` (default 10%). */
export function rate(nper: Num, payment: Num, pvalue: Num, fvalue: Num = 0, type: 0 | 1 = 0, guess: Num = '0.1'): Dec | null {
  let r = d(guess);
  const h = new D('1e-20');
  // The balance left after nper periods at rate r; the answer makes it zero.
  const left = (x: Dec): Dec => d(fvalue).minus(fv(x, nper, payment, pvalue, type));
  for (let i = 0; i < 100; i++) {
    const f = left(r);
    const df = left(r.plus(h)).minus(f).div(h);
    if (df.isZero()) return null;
    const next = r.minus(f.div(df));
    if (next.minus(r).abs().lt('1e-25')) return next;
    r = next;
  }
  return null;
}
