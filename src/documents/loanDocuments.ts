/**
 * The loan contract (借款合同), the repayment schedule (还款计划表) and the key-facts disclosure, built
 * from one content record: the same record is hashed (the check code on every page), stored with
 * the issued document, and later booked by servicing, so the paper and the book cannot differ.
 */
import type { Lang } from '../errors';
import { parseDecimal, toDecimalString } from '../money/rational';
import { formatMinor, groupThousands, parseMinor, type Decimals } from '../money/amount';
import { BOOK_SCALE } from '../money/money';
import { divRound } from '../money/rounding';
import { CAP_NAMES, CONTRACT, DISCLOSURE, FACT_LABELS, METHOD_NAMES, SCHEDULE, SCHEDULE_COLUMNS, fill } from './wording';
import { facts, finish, heading, newDocument, paragraph, signatures, table, title, type Column, type Doc, type Frame } from './pdf';

export interface Party {
  kind: 'individual' | 'business' | 'lender';
  name: string;
  idNumber?: string | null;
  creditCode?: string | null;
  legalRepresentative?: string | null;
  address?: string | null;
  phone?: string | null;
  licence?: string | null;
}

export interface ScheduleRow {
  n: number;
  dueDate: string;
  principal: string;
  interest: string;
  fee: string;
  total: string;
  balance: string;
}

/** Everything a loan's documents say, as exact strings (amounts in yuan with 2 decimals, rates as fractions). */
export interface LoanContent {
  number: string;
  issuedOn: string;
  lender: Party;
  borrower: Party;
  court: string;
  product: string;
  method: string;
  purpose: string;
  amount: string;
  amountCapital: string;
  amountReceived: string;
  upfrontFees: string;
  term: number;
  rate: string;
  monthlyRate: string;
  dayCount: string;
  annualizedRate: string;
  capWarnings: { code: string; limit: string }[];
  penaltyRate: string;
  penaltyMarkup: string;
  disbursementDate: string;
  firstDueDate: string;
  maturityDate: string;
  repaymentDay: number;
  payment: string;
  totals: { principal: string; interest: string; fees: string; total: string };
  schedule: ScheduleRow[];
  extraClauses: string[];
  /** A line's terms (随借随还): on a line's documents only. */
  line?: LineTerms | undefined;
}

export interface LineTerms {
  limit: string;
  /** The daily rate as a fraction, to 10 decimals ("0.0004000000" is 0.04% a day). */
  dailyRate: string;
  /** How the annualized rate was worked out: daily rate x 365, simple interest (单利). */
  aprMethod: 'simple';
  allocation: 'interest-first' | 'principal-first';
  /** The whole limit drawn for some days, and its interest. */
  example: { amount: string; days: number; interest: string };
}

/** ¥1,234.50 (zh-CN) or CNY 1,234.50 (en) from an exact decimal string. */
export function money(value: string, lang: Lang): string {
  const negative = value.startsWith('-');
  return `${negative ? '-' : ''}${lang === 'zh-CN' ? '¥' : 'CNY '}${groupThousands(negative ? value.slice(1) : value)}`;
}

/** A fraction ("0.0725") as a percentage with `places` decimals ("7.25%"), exactly, half-up. */
export function percent(fraction: string, places: number): string {
  const r = parseDecimal(fraction);
  if (!r) return fraction;
  return `${toDecimalString({ n: r.n * 100n, d: r.d }, places)}%`;
}

const frameOf = (c: LoanContent, lang: Lang, titleText: string, hash: string): Frame => ({ lang, title: titleText, number: c.number, contentHash: hash, issuedOn: c.issuedOn, author: c.lender.name });

function partyFacts(p: Party, lang: Lang): [string, string][] {
  const out: [string, string][] = [[FACT_LABELS.name[lang], p.name]];
  if (p.idNumber) out.push([FACT_LABELS.idNumber[lang], p.idNumber]);
  if (p.creditCode) out.push([FACT_LABELS.creditCode[lang], p.creditCode]);
  if (p.legalRepresentative) out.push([FACT_LABELS.legalRepresentative[lang], p.legalRepresentative]);
  if (p.licence) out.push([FACT_LABELS.licence[lang], p.licence]);
  out.push([FACT_LABELS.address[lang], p.address ?? '—']);
  out.push([FACT_LABELS.phone[lang], p.phone ?? '—']);
  return out;
}

function scheduleTable(doc: Doc, c: LoanContent, lang: Lang): void {
  const h = SCHEDULE_COLUMNS;
  const columns: Column[] = [
    { header: h.n[lang], width: 0.6, align: 'center' },
    { header: h.dueDate[lang], width: 1.3, align: 'center' },
    { header: h.principal[lang], width: 1.4, align: 'right' },
    { header: h.interest[lang], width: 1.2, align: 'right' },
    { header: h.fee[lang], width: 1.0, align: 'right' },
    { header: h.total[lang], width: 1.4, align: 'right' },
    { header: h.balance[lang], width: 1.5, align: 'right' },
  ];
  const plain = (v: string) => money(v, lang).replace(/^(¥|CNY )/, '');
  const rows = c.schedule.map((r) => [String(r.n), r.dueDate, plain(r.principal), plain(r.interest), plain(r.fee), plain(r.total), plain(r.balance)]);
  rows.push([SCHEDULE.totals[lang], '', plain(c.totals.principal), plain(c.totals.interest), plain(c.totals.fees), plain(c.totals.total), '']);
  table(doc, columns, rows);
}

function values(c: LoanContent, lang: Lang) {
  return {
    number: c.number,
    date: c.issuedOn,
    amount: money(c.amount, lang),
    capital: c.amountCapital,
    purpose: c.purpose,
    fees: money(c.upfrontFees, lang),
    received: money(c.amountReceived, lang),
    term: c.term,
    start: c.disbursementDate,
    end: c.maturityDate,
    rate: percent(c.rate, 2),
    monthly: percent(c.monthlyRate, 4),
    dayCount: c.dayCount,
    apr: percent(c.annualizedRate, 2),
    method: (METHOD_NAMES[c.method] ?? { 'zh-CN': c.method, en: c.method })[lang],
    day: c.repaymentDay,
    dueDay: fill((c.repaymentDay > 28 ? CONTRACT.dueDayMonthEnd : CONTRACT.dueDay)[lang], { day: c.repaymentDay }),
    first: c.firstDueDate,
    principal: money(c.totals.principal, lang),
    interest: money(c.totals.interest, lang),
    total: money(c.totals.total, lang),
    penalty: percent(c.penaltyRate, 2),
    markup: percent(c.penaltyMarkup, 0),
    court: c.court,
  };
}

export async function contractPdf(c: LoanContent, lang: Lang, hash: string): Promise<Buffer> {
  const t = CONTRACT;
  const v = values(c, lang);
  const frame = frameOf(c, lang, t.title[lang], hash);
  const doc = newDocument(frame);
  title(doc, t.title[lang], fill(t.subtitle[lang], v));
  if (t.translationNote[lang]) paragraph(doc, t.translationNote[lang], { size: 8 });
  heading(doc, t.parties[lang]);
  doc.fontSize(10).text(t.lender[lang]);
  facts(doc, partyFacts(c.lender, lang));
  doc.text(t.borrower[lang]);
  facts(doc, partyFacts(c.borrower, lang));
  paragraph(doc, t.preamble[lang]);
  const line = c.method === 'revolving';
  const lv = line ? lineValues(c, lang) : {};
  heading(doc, t.art1[lang]);
  paragraph(doc, fill((line ? t.art1Line : t.art1Text)[lang], v));
  if (!isZeroText(c.upfrontFees)) paragraph(doc, fill(t.art1Received[lang], v));
  heading(doc, t.art2[lang]);
  paragraph(doc, fill((line ? t.art2Line : t.art2Text)[lang], v));
  heading(doc, t.art3[lang]);
  paragraph(doc, fill((line ? t.art3Line : t.art3Text)[lang], { ...v, ...lv }));
  heading(doc, t.art4[lang]);
  if (line) paragraph(doc, t.art4Line[lang]);
  else {
    scheduleTable(doc, c, lang);
    paragraph(doc, fill(t.art4Totals[lang], { ...v, fees: money(c.totals.fees, lang) }));
  }
  heading(doc, t.art5[lang]);
  paragraph(doc, isZeroText(c.totals.fees) ? t.art5None[lang] : fill(t.art4Totals[lang], { ...v, fees: money(c.totals.fees, lang) }));
  heading(doc, t.art6[lang]);
  paragraph(doc, fill(t.art6Text[lang], v));
  heading(doc, t.art7[lang]);
  paragraph(doc, (line ? t.art7Line : t.art7Text)[lang]);
  heading(doc, t.art8[lang]);
  paragraph(doc, t.art8Text[lang]);
  heading(doc, t.art9[lang]);
  paragraph(doc, fill(t.art9Text[lang], v));
  heading(doc, t.art10[lang]);
  paragraph(doc, t.art10Text[lang]);
  for (const clause of c.extraClauses) paragraph(doc, clause);
  signatures(doc, [
    { label: `${t.signLender[lang]}\u3000${c.lender.name}`, lines: [t.seal[lang], ...t.signLines[lang]] },
    { label: `${t.signBorrower[lang]}\u3000${c.borrower.name}`, lines: t.signBorrowerLines[lang] },
  ]);
  return finish(doc, frame);
}

export async function schedulePdf(c: LoanContent, lang: Lang, hash: string): Promise<Buffer> {
  const v = values(c, lang);
  const frame = frameOf(c, lang, SCHEDULE.title[lang], hash);
  const doc = newDocument(frame);
  title(doc, SCHEDULE.title[lang], fill(SCHEDULE.subtitle[lang], v));
  const r = DISCLOSURE.rows;
  if (c.method === 'revolving') {
    // A line has no installments: the sheet states how each draw is repaid, with the example.
    const lv = lineValues(c, lang);
    const f = SCHEDULE.lineFacts;
    facts(doc, [
      [CONTRACT.borrower[lang], c.borrower.name],
      [f.limit[lang], v.amount],
      [r.method[lang], v.method],
      [r.rate[lang], v.rate],
      [f.daily[lang], lv.daily],
      [f.apr[lang], v.apr],
      [f.period[lang], `${c.disbursementDate} / ${c.maturityDate}`],
    ]);
    paragraph(doc, fill(SCHEDULE.line[lang], { ...v, ...lv }));
    paragraph(doc, fill(SCHEDULE.example[lang], { ...v, ...lv }));
    return finish(doc, frame);
  }
  facts(doc, [
    [CONTRACT.borrower[lang], c.borrower.name],
    [r.amount[lang], v.amount],
    [r.method[lang], v.method],
    [r.rate[lang], v.rate],
    [r.term[lang], `${c.term}`],
    [r.apr[lang], v.apr],
    [r.dates[lang], `${c.firstDueDate} / ${c.maturityDate}`],
    [r.total[lang], v.total],
  ]);
  scheduleTable(doc, c, lang);
  paragraph(doc, SCHEDULE.note[lang], { size: 8.5 });
  return finish(doc, frame);
}

export async function disclosurePdf(c: LoanContent, lang: Lang, hash: string): Promise<Buffer> {
  const v = values(c, lang);
  const d = DISCLOSURE;
  const frame = frameOf(c, lang, d.title[lang], hash);
  const doc = newDocument(frame);
  title(doc, d.title[lang], fill(d.subtitle[lang], v));
  const line = c.method === 'revolving';
  paragraph(doc, (line ? d.introLine : d.intro)[lang]);
  const cost = addDecimal(c.totals.interest, c.totals.fees);
  const r = d.rows;
  const lv = line ? lineValues(c, lang) : null;
  const l = d.lineRows;
  const rows: [string, string][] = lv ? [
    [l.limit[lang], `${v.amount}（${c.amountCapital}）`.replace('（', lang === 'zh-CN' ? '（' : ' (').replace('）', lang === 'zh-CN' ? '）' : ')')],
    [l.period[lang], lang === 'zh-CN' ? `${c.term} 个月（${c.disbursementDate} 至 ${c.maturityDate}）` : `${c.term} months (${c.disbursementDate} to ${c.maturityDate})`],
    [r.method[lang], v.method],
    [r.rate[lang], v.rate],
    [l.daily[lang], lv.daily],
    [l.apr[lang], percent(c.annualizedRate, 4)],
    [l.interest[lang], fill(d.lineInterest[lang], v)],
    [l.example[lang], fill(d.lineExample[lang], lv)],
    [l.fees[lang], d.lineFees[lang]],
    [l.allocation[lang], lv.allocation],
    [r.penalty[lang], fill(d.penalty[lang], v)],
    [r.early[lang], d.early[lang]],
  ] : [
    [r.amount[lang], `${v.amount}（${c.amountCapital}）`.replace('（', lang === 'zh-CN' ? '（' : ' (').replace('）', lang === 'zh-CN' ? '）' : ')')],
    [r.received[lang], v.received],
    [r.term[lang], lang === 'zh-CN' ? `${c.term} 个月（${c.disbursementDate} 至 ${c.maturityDate}）` : `${c.term} months (${c.disbursementDate} to ${c.maturityDate})`],
    [r.method[lang], v.method],
    [r.rate[lang], v.rate],
    [r.apr[lang], percent(c.annualizedRate, 4)],
    [r.payment[lang], money(c.payment, lang)],
    [r.interest[lang], v.interest],
    [r.fees[lang], money(c.totals.fees, lang)],
    [r.cost[lang], money(cost, lang)],
    [r.total[lang], v.total],
    [r.dates[lang], `${c.firstDueDate} / ${c.maturityDate}`],
    [r.penalty[lang], fill(d.penalty[lang], v)],
    [r.early[lang], d.early[lang]],
  ];
  table(doc, [{ header: lang === 'zh-CN' ? '项目' : 'Item', width: 1.2 }, { header: lang === 'zh-CN' ? '内容' : 'Detail', width: 2.4 }], rows, { size: 10 });
  for (const w of c.capWarnings) {
    paragraph(doc, fill(d.capWarning[lang], { apr: percent(c.annualizedRate, 2), limit: percent(w.limit, 2), what: (CAP_NAMES[w.code] ?? { 'zh-CN': w.code, en: w.code })[lang] }));
  }
  doc.moveDown(1);
  paragraph(doc, d.acknowledge[lang]);
  signatures(doc, [{ label: `${CONTRACT.signBorrower[lang]}\u3000${c.borrower.name}`, lines: CONTRACT.signBorrowerLines[lang] }]);
  return finish(doc, frame);
}

/** The days in a line's year: 360 (ACT/360, 30/360) or 365 (ACT/365, ACT/ACT), as `lineDailyRate` counts them. */
const lineBasis = (dayCount: string): number => (dayCount === 'ACT/360' || dayCount === '30/360' ? 360 : 365);

/**
 * A line's terms as its documents word them. Content issued before lines carried their terms
 * (`line`) is read from its rate, day count and limit, as `lineContent` works them out.
 */
function lineValues(c: LoanContent, lang: Lang) {
  const l = c.line ?? legacyLineTerms(c);
  return {
    daily: percent(l.dailyRate, 4),
    basis: lineBasis(c.dayCount),
    exampleAmount: money(l.example.amount, lang),
    exampleDays: l.example.days,
    exampleInterest: money(l.example.interest, lang),
    exampleTotal: money(addDecimal(l.example.amount, l.example.interest), lang),
    allocation: (l.allocation === 'principal-first' ? CONTRACT.allocationPrincipalFirst : CONTRACT.allocation)[lang],
  };
}

function legacyLineTerms(c: LoanContent): LineTerms {
  const r = parseDecimal(c.rate) ?? { n: 0n, d: 1n };
  const daily = { n: r.n, d: r.d * BigInt(lineBasis(c.dayCount)) };
  // Contracts issued before lines stated their terms printed their limit in fen.
  const limit = parseMinor(c.amount, BOOK_SCALE) ?? 0n;
  // The whole limit for 30 days, half-up (the products' rounding then).
  const interest = divRound(limit * daily.n * 30n, daily.d, 'half-up');
  return { limit: c.amount, dailyRate: toDecimalString(daily, 10), aprMethod: 'simple', allocation: 'interest-first', example: { amount: c.amount, days: 30, interest: formatMinor(interest, BOOK_SCALE) } };
}

/** Whether a printed amount is zero, at either scale ("0", "0.00"). */
export const isZeroText = (text: string): boolean => /^0+(\.0+)?$/.test(text);

/**
 * Sum of two amounts as a document prints them, exactly, at the scale they are printed in: whole
 * yuan ("8885") or fen ("8884.88").
 */
function addDecimal(a: string, b: string): string {
  const scale: Decimals = a.includes('.') || b.includes('.') ? BOOK_SCALE : 0;
  return formatMinor((parseMinor(a, scale) ?? 0n) + (parseMinor(b, scale) ?? 0n), scale);
}
