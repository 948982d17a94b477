/**
 * `npm run bench`: speed of the exact schedule engine against, in the same run,
 *  (a) the speed limit: a plain floating-point loop computing the same schedule (target: within 10x);
 *  (b) @formulajs/formulajs PMT/IPMT/PPMT and the `financial` package computing the same schedule
 *      period by period, as spreadsheet-style code does (target: faster than both).
 * It also counts how many rows each float version gets wrong against the exact engine.
 * Figures vary with the machine and its load; the ratios are what to compare.
 */
import * as formulajs from '@formulajs/formulajs';
import * as financial from 'financial';
import { buildSchedule, type TermLoan } from '../../src/schedule/term';
import { formatMinor } from '../../src/money/amount';
import { benchDesk } from './desk';
import { benchBook } from './book';
import { benchOrigination } from './origination';
import { benchDocuments } from './documents';
import { benchCli } from './cli';
import { benchMove } from './move';
import { benchOffice } from './office';

interface Row {
  n: number;
  dueDate: string;
  principal: number | bigint;
  interest: number | bigint;
  total: number | bigint;
  balance: number | bigint;
}

const loan = (term: number): TermLoan => ({
  principal: 100_000_000n, // 1,000,000.00
  annualRate: { n: 49n, d: 1000n }, // 4.9%
  term,
  method: 'equal-installment',
  frequency: 'monthly',
  disbursementDate: '2025-01-31',
  interest: 'per-period',
  dayCount: '30/360',
  principalGrace: 0,
  paymentMultiple: 1n,
  decimals: 2,
  rounding: 'half-up',
  fees: [],
  prepayments: [],
});

// Due dates for the float versions: month-end clamped, from the anchor, as the engine does.
const pad = (v: number): string => (v < 10 ? `0${v}` : `${v}`);
function dueDate(k: number): string {
  const index = 2025 * 12 + 0 + k; // anchor 2025-01-31
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${y}-${pad(m)}-${pad(Math.min(31, dim))}`;
}

const cents = (x: number): number => Math.round(x * 100) / 100;

function floatLoop(term: number): Row[] {
  const r = 0.049 / 12;
  const p = 1_000_000;
  const g = Math.pow(1 + r, term);
  const payment = cents((p * r * g) / (g - 1));
  const rows: Row[] = new Array(term);
  let balance = p;
  for (let k = 1; k <= term; k++) {
    const interest = cents(balance * r);
    const principal = k === term ? balance : cents(payment - interest);
    balance = cents(balance - principal);
    rows[k - 1] = { n: k, dueDate: dueDate(k), principal, interest, total: cents(principal + interest), balance };
  }
  return rows;
}

function spreadsheetLoop(term: number, lib: 'formulajs' | 'financial'): Row[] {
  const r = 0.049 / 12;
  const p = 1_000_000;
  const rows: Row[] = new Array(term);
  let balance = p;
  for (let k = 1; k <= term; k++) {
    const interest = cents(-(lib === 'formulajs' ? (formulajs.IPMT(r, k, term, p) as number) : financial.ipmt(r, k, term, p)));
    const principal = cents(-(lib === 'formulajs' ? (formulajs.PPMT(r, k, term, p) as number) : financial.ppmt(r, k, term, p)));
    balance = cents(balance - principal);
    rows[k - 1] = { n: k, dueDate: dueDate(k), principal, interest, total: cents(principal + interest), balance };
  }
  return rows;
}

function time(label: string, fn: () => unknown, installments: number): number {
  // Warm up, then run for about a second.
  for (let i = 0; i < 20; i++) fn();
  let runs = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0n;
  while (elapsed < 1_000_000_000n) {
    for (let i = 0; i < 10; i++) fn();
    runs += 10;
    elapsed = process.hrtime.bigint() - start;
  }
  const perSecond = (runs * installments) / (Number(elapsed) / 1e9);
  console.log(`  ${label.padEnd(34)} ${Math.round(perSecond).toLocaleString('en-US').padStart(14)} installments/s`);
  return perSecond;
}

function wrongRows(exact: Row[], other: Row[]): number {
  let wrong = 0;
  for (let i = 0; i < exact.length; i++) {
    const e = exact[i] as Row;
    const o = other[i] as Row;
    const same = (a: number | bigint, b: number | bigint) => formatMinor(a as bigint, 2) === (b as number).toFixed(2);
    if (!same(e.principal, o.principal) || !same(e.interest, o.interest) || !same(e.balance, o.balance)) wrong++;
  }
  return wrong;
}

console.log('Suanpan schedule benchmark (equal installment, 1,000,000.00 at 4.9%, monthly)');
console.log(`node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
const summary: string[] = [];
for (const term of [360, 36]) {
  console.log(`${term}-period schedule`);
  const exact = buildSchedule(loan(term)).installments as Row[];
  const engine = time('exact engine (bigint, exact)', () => buildSchedule(loan(term)), term);
  const float = time('plain float loop (speed limit)', () => floatLoop(term), term);
  const fjs = time('@formulajs PMT/IPMT/PPMT', () => spreadsheetLoop(term, 'formulajs'), term);
  const fin = time('financial pmt/ipmt/ppmt', () => spreadsheetLoop(term, 'financial'), term);
  console.log(`  rows off by a cent or more: float ${wrongRows(exact, floatLoop(term))}/${term}, formulajs ${wrongRows(exact, spreadsheetLoop(term, 'formulajs'))}/${term}, financial ${wrongRows(exact, spreadsheetLoop(term, 'financial'))}/${term}`);
  const vsFloat = float / engine;
  console.log(`  engine is ${vsFloat.toFixed(2)}x slower than the float loop (target <= 10x): ${vsFloat <= 10 ? 'met' : 'MISSED'}`);
  console.log(`  engine is ${(engine / fjs).toFixed(2)}x the speed of formulajs and ${(engine / fin).toFixed(2)}x of financial (target > 1x): ${engine > fjs && engine > fin ? 'met' : 'MISSED'}\n`);
  summary.push(`${term}: float/engine ${vsFloat.toFixed(2)}x, engine/formulajs ${(engine / fjs).toFixed(2)}x, engine/financial ${(engine / fin).toFixed(2)}x`);
}
summary.push(...(await benchCli()));
summary.push(...(await benchDesk()));
summary.push(...(await benchOrigination()));
summary.push(...(await benchDocuments()));
summary.push(...(await benchBook()));
summary.push(...(await benchMove()));
summary.push(...(await benchOffice()));
console.log('Summary');
for (const line of summary) console.log(`  ${line}`);
