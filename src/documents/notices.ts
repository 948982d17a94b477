/**
 * Receipts (收据) for payments, and collection letters for late loans: the overdue notice
 * (逾期还款提醒函) and the final demand (催告函). As with the contract, each is one content record —
 * gathered from the book as exact strings, hashed into the check code printed on every page, kept
 * with the issued document — rendered to a deterministic PDF. A receipt belongs to its transaction,
 * a letter to the loan's open collection case (or the loan when it has none); the file itself is
 * kept under the loan.
 */
import { issuesReason } from '../validation';
import { z } from 'zod';
import { SuanpanError, type Lang } from '../errors';
import type { IdSource } from '../ids';
import type { SettingsStore } from '../settings/store';
import { RECEIPTED_KINDS, type DocumentStore, type NoticeStore, type OverdueLoanRow } from './store';
import { loadLoan } from '../servicing/store';
import type { ServicingStore } from '../servicing/records';
import { overdueInBook, type OverdueLine } from '../servicing/kinds';
import { storeDocument } from '../customers/service';
import type { CustomerStore } from '../customers/store';
import { addDays, daysBetween } from '../calendar';
import { formatMinor, toChineseCapital } from '../money/amount';
import { BOOK_SCALE } from '../money/money';
import { parseDecimal, toDecimalString, type Rational } from '../money/rational';
import { documentSettings, type DocumentSettings } from './content';
import { isZeroText, money, percent, type Party } from './loanDocuments';
import { CONTRACT, FACT_LABELS, fill } from './wording';
import { DEMAND, LETTER, NOTICE, NOTICE_COLUMNS, RECEIPT, RECEIPT_COLUMNS, UNSET } from './noticeWording';
import { contentHash, contentWidth, ensureRoom, facts, finish, GREY, heading, newDocument, paragraph, RULE, SIZES, table, title, type Column, type Doc, type Frame } from './pdf';
import type { Issued } from './service';

export const NOTICE_KINDS = ['notice', 'demand'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

// ——— Settings ———————————————————————————————————————————————————————————————————————————————

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/**
 * How borrowers pay and whom they call, and the collections ladder's timing. Contact hours must lie
 * inside 08:00–22:00: outside them no one may be called without their consent.
 */
export const noticeSettingsShape = z.strictObject({
  payment: z.strictObject({
    accountName: z.string().trim().max(100),
    bank: z.string().trim().max(100),
    accountNumber: z.string().trim().max(40),
    counter: z.string().trim().max(200),
  }),
  contact: z
    .strictObject({
      phone: z.string().trim().max(40),
      complaints: z.string().trim().max(40),
      days: z.enum(['weekdays', 'daily']),
      from: clock,
      to: clock,
    })
    .refine((c) => c.from >= '08:00' && c.to <= '22:00' && c.from < c.to, { message: 'contact hours must lie within 08:00–22:00' }),
  /** Days from the letter's date to pay by. */
  payWithinDays: z.strictObject({ notice: z.number().int().min(1).max(60), demand: z.number().int().min(1).max(60) }),
  /** The ladder's final-demand step: no 催告函 before this many days past due. */
  demandFromDays: z.number().int().min(1).max(3650),
});
export type NoticeSettings = z.infer<typeof noticeSettingsShape>;

export const DEFAULT_NOTICE_SETTINGS: NoticeSettings = {
  payment: { accountName: '', bank: '', accountNumber: '', counter: '' },
  contact: { phone: '', complaints: '', days: 'weekdays', from: '09:00', to: '18:00' },
  payWithinDays: { notice: 7, demand: 15 },
  demandFromDays: 90,
};

export async function noticeSettings(settings: SettingsStore): Promise<NoticeSettings> {
  const row = await settings.get('notices');
  if (!row) return DEFAULT_NOTICE_SETTINGS;
  const parsed = noticeSettingsShape.safeParse(row.value);
  if (!parsed.success) throw new SuanpanError('CONFLICT', 'settings.invalid', { reason: issuesReason(parsed.error) });
  return parsed.data;
}

/** What a letter prints besides the loan: the collections desk's details and the lender's. */
export interface NoticePolicy {
  notices: NoticeSettings;
  documents: DocumentSettings;
}

export const noticePolicy = async (settings: SettingsStore): Promise<NoticePolicy> => ({ notices: await noticeSettings(settings), documents: await documentSettings(settings) });

// ——— Shared pieces ————————————————————————————————————————————————————————————————————————————

const yuan = (v: bigint): string => formatMinor(v, BOOK_SCALE);
const big = (v: bigint | null): bigint => BigInt(v ?? 0);
const compact = (date: string): string => date.replace(/-/g, '');
/** Amounts in a table: the column says yuan, so no currency sign. */
const plain = (v: string, lang: Lang): string => money(v, lang).replace(/^(-?)(¥|CNY )/, '$1');

/** An ID number shows its region and last four only; a credit code is public and shown whole. */
export function maskIdNumber(id: string): string {
  return id.length > 10 ? `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}` : id;
}

function lenderOf(s: DocumentSettings): Party {
  return { kind: 'lender', name: s.lender.name, address: s.lender.address || null, phone: s.lender.phone || null, licence: s.lender.licence || null };
}

function penaltyRate(annualRate: string, markup: string): string {
  const a = parseDecimal(annualRate) as Rational;
  const m = parseDecimal(markup) as Rational;
  return toDecimalString({ n: a.n * (m.d + m.n), d: a.d * m.d }, 6);
}

const orUnset = (value: string, lang: Lang): string => value || UNSET[lang];

/**
 * The lender's closing on the right of the page: a dashed circle where the seal is stamped, and
 * beside it the lender's name and the lines below it. A line that ends in a colon is a blank to
 * fill in by hand, so it gets a rule to write on.
 */
function sealBlock(doc: Doc, lines: readonly string[], lang: Lang, share = 0.5): void {
  const width = contentWidth(doc) * share;
  const x = doc.page.margins.left + contentWidth(doc) - width;
  const radius = 30;
  const step = 22;
  const height = Math.max(2 * radius, lines.length * step) + 12;
  ensureRoom(doc, height + 10);
  const y = doc.y + 10;
  const cy = y + height / 2 - 6;
  doc.save().circle(x + radius, cy, radius).dash(2, { space: 2 }).lineWidth(0.5).strokeColor(RULE).stroke().undash().restore();
  doc.fontSize(SIZES.small).fillColor(GREY).text(LETTER.seal[lang], x, cy - 5, { width: 2 * radius, align: 'center', lineBreak: false });
  const tx = x + 2 * radius + 12;
  const tw = width - 2 * radius - 12;
  let ly = cy - (lines.length * step) / 2 + 4;
  doc.fontSize(SIZES.body).fillColor('black');
  for (const line of lines) {
    doc.text(line, tx, ly, { width: tw });
    if (/[:：]$/.test(line)) {
      const from = tx + doc.widthOfString(line) + 4;
      doc.save().moveTo(from, ly + 12).lineTo(tx + tw, ly + 12).lineWidth(0.4).strokeColor(RULE).stroke().restore();
    }
    ly += Math.max(step, doc.heightOfString(line, { width: tw }) + 8);
  }
  doc.x = doc.page.margins.left;
  doc.y = y + height;
}

// ——— Receipts —————————————————————————————————————————————————————————————————————————————————

export interface ReceiptLine {
  /** The installment paid, or 0 for a line's balance. */
  n: number;
  dueDate: string | null;
  principal: string;
  interest: string;
  fee: string;
  penalty: string;
  total: string;
}

export interface ReceiptContent {
  number: string;
  /** The day the payment was booked: a reprint on any later day is the same receipt. */
  issuedOn: string;
  valueDate: string;
  lender: Party;
  payer: { name: string; kind: 'individual' | 'business'; idNumber: string };
  loanId: string;
  loanNumber: string;
  product: string;
  transactionId: string;
  kind: string;
  reference: string | null;
  amount: string;
  amountCapital: string;
  lines: ReceiptLine[];
  totals: { principal: string; interest: string; fee: string; penalty: string; total: string };
  unallocated: string;
  outstandingAfter: string;
}

/** Receipt number: the loan's number and the payment's place among its payments. */
export const receiptNumber = (loanNumber: string, ordinal: number): string => `SJ-${loanNumber}-${String(ordinal).padStart(3, '0')}`;

/** The stores receipts and letters read. */
export interface NoticeStores {
  customers: CustomerStore;
  documents: DocumentStore;
  notices: NoticeStore;
  ledger: ServicingStore;
  settings: SettingsStore;
}

export async function receiptContent(stores: NoticeStores, transactionId: string): Promise<ReceiptContent> {
  const t = await stores.notices.receiptTransaction(transactionId);
  if (!t) throw new SuanpanError('NOT_FOUND', 'notices.transactionNotFound', { id: transactionId });
  if (!(RECEIPTED_KINDS as readonly string[]).includes(t.kind)) throw new SuanpanError('RULE', 'notices.notAPayment', { id: transactionId });
  if (t.reversed) throw new SuanpanError('RULE', 'notices.reversed', { id: transactionId });
  const loan = await stores.documents.loan(t.loan_id);
  if (!loan) throw new SuanpanError('NOT_FOUND', 'documents.loanNotFound', { id: t.loan_id });
  const customer = await stores.customers.byId(loan.customer_id);
  if (!customer) throw new SuanpanError('NOT_FOUND', 'customers.notFound', { id: loan.customer_id });
  const sums = { principal: 0n, interest: 0n, fee: 0n, penalty: 0n };
  const lines = (await stores.notices.receiptAllocations(transactionId, t.loan_id)).map((a) => {
    const [p, i, f, x] = [big(a.principal), big(a.interest), big(a.fee), big(a.penalty)];
    sums.principal += p;
    sums.interest += i;
    sums.fee += f;
    sums.penalty += x;
    return { n: a.n, dueDate: a.due_date, principal: yuan(p), interest: yuan(i), fee: yuan(f), penalty: yuan(x), total: yuan(p + i + f + x) };
  });
  const allocated = sums.principal + sums.interest + sums.fee + sums.penalty;
  const amount = big(t.amount);
  // A line's principal is what was drawn by the payment's day; a term loan's is the amount lent.
  const lent = loan.method === 'revolving' ? big(t.drawn) : big(loan.principal);
  const after = lent - big(t.principal_repaid);
  const settings = await documentSettings(stores.settings);
  return {
    number: receiptNumber(loan.number, t.ordinal),
    issuedOn: t.business_date,
    valueDate: t.value_date,
    lender: lenderOf(settings),
    payer: customer.kind === 'business'
      ? { name: customer.name, kind: 'business', idNumber: customer.creditCode ?? '' }
      : { name: customer.name, kind: 'individual', idNumber: maskIdNumber(customer.idNumber ?? '') },
    loanId: loan.id,
    loanNumber: loan.number,
    product: loan.product_name,
    transactionId: t.id,
    kind: t.kind,
    reference: t.reference,
    amount: yuan(amount),
    amountCapital: toChineseCapital(amount),
    lines,
    totals: { principal: yuan(sums.principal), interest: yuan(sums.interest), fee: yuan(sums.fee), penalty: yuan(sums.penalty), total: yuan(allocated) },
    unallocated: yuan(amount - allocated),
    outstandingAfter: yuan(after > 0n ? after : 0n),
  };
}

export async function receiptPdf(c: ReceiptContent, lang: Lang, hash: string): Promise<Buffer> {
  const r = RECEIPT;
  const frame: Frame = { lang, title: r.title[lang], number: c.number, contentHash: hash, issuedOn: c.issuedOn, author: c.lender.name };
  const doc = newDocument(frame);
  title(doc, r.title[lang], fill(r.subtitle[lang], { number: c.number, date: c.issuedOn }));
  if (CONTRACT.translationNote[lang]) paragraph(doc, CONTRACT.translationNote[lang], { size: 8 });
  paragraph(doc, fill(r.received[lang], { payer: c.payer.name, loan: c.loanNumber }));
  paragraph(doc, fill(r.amountLine[lang], { capital: c.amountCapital, amount: money(c.amount, lang) }), { size: 12 });
  doc.moveDown(0.3);
  const f = r.facts;
  const idLabel = (c.payer.kind === 'business' ? FACT_LABELS.creditCode : FACT_LABELS.idNumber)[lang];
  const pairs: [string, string][] = [
    [f.valueDate[lang], c.valueDate],
    [f.payer[lang], c.payer.name],
    [f.loan[lang], c.loanNumber],
    [idLabel, c.payer.idNumber || '—'],
    [f.product[lang], c.product],
    [f.kind[lang], (r.kinds[c.kind] ?? { 'zh-CN': c.kind, en: c.kind })[lang]],
  ];
  facts(doc, pairs);
  // The transaction id is long: a line of its own, in small print.
  const refs = [`${f.transaction[lang]}${lang === 'zh-CN' ? '：' : ': '}${c.transactionId}`];
  if (c.reference) refs.push(`${f.reference[lang]}${lang === 'zh-CN' ? '：' : ': '}${c.reference}`);
  paragraph(doc, refs.join(lang === 'zh-CN' ? '　' : '   '), { size: SIZES.small });
  heading(doc, r.split[lang]);
  const h = RECEIPT_COLUMNS;
  const columns: Column[] = [
    { header: h.n[lang], width: 0.7, align: 'center' },
    { header: h.dueDate[lang], width: 1.3, align: 'center' },
    { header: h.principal[lang], width: 1.3, align: 'right' },
    { header: h.interest[lang], width: 1.2, align: 'right' },
    { header: h.fee[lang], width: 1.0, align: 'right' },
    { header: h.penalty[lang], width: 1.0, align: 'right' },
    { header: h.total[lang], width: 1.4, align: 'right' },
  ];
  const rows = c.lines.map((l) => [l.n === 0 ? r.line[lang] : String(l.n), l.dueDate ?? '—', plain(l.principal, lang), plain(l.interest, lang), plain(l.fee, lang), plain(l.penalty, lang), plain(l.total, lang)]);
  if (!isZeroText(c.unallocated)) rows.push([r.unallocated[lang], '', '', '', '', '', plain(c.unallocated, lang)]);
  const t = c.totals;
  rows.push([h.sum[lang], '', plain(t.principal, lang), plain(t.interest, lang), plain(t.fee, lang), plain(t.penalty, lang), plain(c.amount, lang)]);
  table(doc, columns, rows, { size: 9 });
  paragraph(doc, fill(r.after[lang], { after: money(c.outstandingAfter, lang) }), { size: 11 });
  if (isZeroText(c.outstandingAfter)) paragraph(doc, r.settled[lang]);
  paragraph(doc, r.note[lang], { size: SIZES.small });
  sealBlock(doc, [r.signLender[lang], c.lender.name, ...r.signLines[lang]], lang);
  return finish(doc, frame);
}

// ——— Overdue notices and final demands —————————————————————————————————————————————————————

export interface NoticeRow {
  n: number;
  dueDate: string;
  daysLate: number;
  principal: string;
  interest: string;
  fee: string;
  penalty: string;
  total: string;
}

export interface NoticeContent {
  kind: NoticeKind;
  number: string;
  /** The business date: amounts and days are as of it. */
  issuedOn: string;
  payBy: string;
  lender: Party;
  court: string;
  borrower: { name: string; kind: 'individual' | 'business'; idNumber: string; address: string | null };
  loanId: string;
  caseId: string | null;
  loan: { number: string; product: string; amount: string; disbursementDate: string; maturityDate: string; outstanding: string; rate: string; penaltyRate: string };
  oldestDueDate: string;
  daysPastDue: number;
  rows: NoticeRow[];
  totals: { principal: string; interest: string; fee: string; penalty: string; total: string };
  totalCapital: string;
  payment: NoticeSettings['payment'];
  contact: { collector: string | null; phone: string; complaints: string; days: 'weekdays' | 'daily'; from: string; to: string };
}

export const noticeNumber = (kind: NoticeKind, loanNumber: string, businessDate: string): string =>
  `${kind === 'demand' ? 'CG' : 'TZ'}-${loanNumber}-${compact(businessDate)}`;

/** What each loan owes on the letter's date, past-due installments only, penalty to that date. */
/** What each loan owes on the letter's date, installment by installment, from its ledger. */
export async function overdueLines(ledger: ServicingStore, loans: readonly OverdueLoanRow[], businessDate: string): Promise<OverdueLine[]> {
  const out: OverdueLine[] = [];
  for (const l of loans) out.push(...overdueInBook(await loadLoan(ledger, l.id), businessDate));
  return out;
}

/** The letters for loans and their unpaid installments (rows of one loan together, in loan order). */
export function noticeContents(
  loans: readonly OverdueLoanRow[],
  installments: readonly OverdueLine[],
  kind: NoticeKind,
  businessDate: string,
  settings: NoticeSettings,
  docs: DocumentSettings,
): NoticeContent[] {
  const byLoan = new Map<string, OverdueLine[]>();
  for (const row of installments) {
    const list = byLoan.get(row.loanId);
    if (list) list.push(row);
    else byLoan.set(row.loanId, [row]);
  }
  const lender = lenderOf(docs);
  const contact = {
    phone: settings.contact.phone || docs.lender.phone,
    complaints: settings.contact.complaints || docs.lender.phone,
    days: settings.contact.days,
    from: settings.contact.from,
    to: settings.contact.to,
  };
  const out: NoticeContent[] = [];
  for (const l of loans) {
    const unpaid = byLoan.get(l.id);
    if (!unpaid?.length || !l.oldest_unpaid_due_date) continue;
    const sums = { principal: 0n, interest: 0n, fee: 0n, penalty: 0n };
    const rows = unpaid.map((i) => {
      const [p, r, f, x] = [i.principal, i.interest, i.fee, i.penalty];
      sums.principal += p;
      sums.interest += r;
      sums.fee += f;
      sums.penalty += x;
      return { n: i.n, dueDate: i.dueDate, daysLate: daysBetween(i.dueDate, businessDate), principal: yuan(p), interest: yuan(r), fee: yuan(f), penalty: yuan(x), total: yuan(p + r + f + x) };
    });
    const total = sums.principal + sums.interest + sums.fee + sums.penalty;
    out.push({
      kind,
      number: noticeNumber(kind, l.number, businessDate),
      issuedOn: businessDate,
      payBy: addDays(businessDate, settings.payWithinDays[kind]),
      lender,
      court: docs.court,
      borrower: {
        name: l.customer_name,
        kind: l.customer_kind,
        idNumber: l.customer_kind === 'business' ? (l.credit_code ?? '') : maskIdNumber(l.id_number ?? ''),
        address: l.address,
      },
      loanId: l.id,
      caseId: l.case_id,
      loan: {
        number: l.number,
        product: l.product_name,
        amount: yuan(big(l.principal)),
        disbursementDate: l.disbursement_date,
        maturityDate: l.maturity_date,
        outstanding: yuan(big(l.outstanding_principal)),
        rate: toDecimalString(parseDecimal(l.annual_rate) as Rational, 6),
        penaltyRate: penaltyRate(l.annual_rate, l.penalty_markup),
      },
      oldestDueDate: l.oldest_unpaid_due_date,
      daysPastDue: daysBetween(l.oldest_unpaid_due_date, businessDate),
      rows,
      totals: { principal: yuan(sums.principal), interest: yuan(sums.interest), fee: yuan(sums.fee), penalty: yuan(sums.penalty), total: yuan(total) },
      totalCapital: toChineseCapital(total),
      payment: settings.payment,
      contact: { collector: l.collector_name, ...contact },
    });
  }
  return out;
}

/** One loan's letter, after the checks a collector would make. */
export async function noticeContent(stores: Pick<NoticeStores, 'notices' | 'ledger'>, policy: NoticePolicy, loanId: string, kind: NoticeKind, businessDate: string): Promise<NoticeContent> {
  const loan = await stores.notices.overdueLoan(loanId);
  if (!loan) throw new SuanpanError('NOT_FOUND', 'documents.loanNotFound', { id: loanId });
  if (loan.status !== 'active') throw new SuanpanError('RULE', 'notices.notActive', { number: loan.number, state: loan.status });
  const [content] = noticeContents([loan], await overdueLines(stores.ledger, [loan], businessDate), kind, businessDate, policy.notices, policy.documents);
  if (!content || !loan.oldest_unpaid_due_date || loan.oldest_unpaid_due_date >= businessDate) {
    throw new SuanpanError('RULE', 'notices.notOverdue', { number: loan.number, date: businessDate });
  }
  if (kind === 'demand' && content.daysPastDue < policy.notices.demandFromDays) {
    throw new SuanpanError('RULE', 'notices.demandTooEarly', { number: loan.number, dpd: content.daysPastDue, min: policy.notices.demandFromDays });
  }
  return content;
}

export const noticeFrame = (c: NoticeContent, lang: Lang, hash: string): Frame => ({
  lang,
  title: (c.kind === 'demand' ? DEMAND : NOTICE).title[lang],
  number: c.number,
  contentHash: hash,
  issuedOn: c.issuedOn,
  author: c.lender.name,
});

const hoursOf = (c: NoticeContent['contact'], lang: Lang): string => fill((c.days === 'daily' ? LETTER.hoursDaily : LETTER.hoursWeekdays)[lang], { from: c.from, to: c.to });

/** Draws one letter from the top of the current page; a long table runs on to the next. */
export function drawNotice(doc: Doc, c: NoticeContent, lang: Lang): void {
  const L = LETTER;
  const kind = c.kind === 'demand' ? DEMAND : NOTICE;
  const v = {
    number: c.number,
    date: c.issuedOn,
    asOf: c.issuedOn,
    name: c.borrower.name,
    lender: c.lender.name,
    loan: c.loan.number,
    start: c.loan.disbursementDate,
    amount: money(c.loan.amount, lang),
    count: c.rows.length,
    oldest: c.oldestDueDate,
    dpd: c.daysPastDue,
    total: money(c.totals.total, lang),
    capital: c.totalCapital,
    outstanding: money(c.loan.outstanding, lang),
    payBy: c.payBy,
    penalty: percent(c.loan.penaltyRate, 2),
    court: c.court,
  };
  title(doc, kind.title[lang], fill(L.subtitle[lang], v));
  if (CONTRACT.translationNote[lang]) paragraph(doc, CONTRACT.translationNote[lang], { size: 8 });
  facts(doc, [[L.to[lang], c.borrower.name], [L.address[lang], c.borrower.address ?? '—']]);
  paragraph(doc, fill(L.greeting[lang], v));
  paragraph(doc, fill(L.opening[lang], v));

  // Fees and penalty get a column only when some row has them.
  const h = NOTICE_COLUMNS;
  const withFee = c.rows.some((r) => !isZeroText(r.fee));
  const withPenalty = c.rows.some((r) => !isZeroText(r.penalty));
  const columns: Column[] = [
    { header: h.n[lang], width: 0.6, align: 'center' },
    { header: h.dueDate[lang], width: 1.3, align: 'center' },
    { header: h.daysLate[lang], width: 1.0, align: 'right' },
    { header: h.principal[lang], width: 1.4, align: 'right' },
    { header: h.interest[lang], width: 1.2, align: 'right' },
    ...(withFee ? [{ header: h.fee[lang], width: 1.0, align: 'right' as const }] : []),
    ...(withPenalty ? [{ header: h.penalty[lang], width: 1.1, align: 'right' as const }] : []),
    { header: h.total[lang], width: 1.5, align: 'right' },
  ];
  const cells = (first: string, second: string, third: string, x: { principal: string; interest: string; fee: string; penalty: string; total: string }) => [
    first,
    second,
    third,
    plain(x.principal, lang),
    plain(x.interest, lang),
    ...(withFee ? [plain(x.fee, lang)] : []),
    ...(withPenalty ? [plain(x.penalty, lang)] : []),
    plain(x.total, lang),
  ];
  // A line falls due as a whole at its expiry: its one row is the line, not an installment number.
  const rows = c.rows.map((r) => cells(r.n === 0 ? RECEIPT.line[lang] : String(r.n), r.dueDate, String(r.daysLate), r));
  rows.push(cells(h.sum[lang], '', '', c.totals));
  table(doc, columns, rows, { size: 9 });
  paragraph(doc, fill(L.total[lang], v), { size: 11 });
  paragraph(doc, fill(L.outstanding[lang], v));
  paragraph(doc, fill(kind.request[lang], v), { size: 11 });

  heading(doc, L.howToPay[lang]);
  paragraph(doc, fill(L.payIntro[lang], v));
  const p = c.payment;
  facts(doc, [
    [L.accountName[lang], orUnset(p.accountName, lang)],
    [L.bank[lang], orUnset(p.bank, lang)],
    [L.accountNumber[lang], orUnset(p.accountNumber, lang)],
    [L.counter[lang], p.counter ? fill(L.counterHours[lang], { address: p.counter, hours: hoursOf(c.contact, lang) }) : UNSET[lang]],
  ]);

  heading(doc, L.consequences[lang]);
  paragraph(doc, fill(L.penalty[lang], v));
  paragraph(doc, L.credit[lang]);
  if (c.kind === 'demand') paragraph(doc, fill(DEMAND.legal[lang], v));

  // The closing (whom to call, the seal, the conduct note) stays together on one page.
  const width = contentWidth(doc);
  const helpHeight = doc.fontSize(SIZES.body).heightOfString(L.help[lang], { width, lineGap: 2 });
  const conductHeight = doc.fontSize(SIZES.small).heightOfString(L.conduct[lang], { width, lineGap: 2 });
  const headingHeight = doc.fontSize(SIZES.heading).currentLineHeight(true) * 1.7;
  ensureRoom(doc, headingHeight + helpHeight + 84 + conductHeight + 6);
  heading(doc, L.contactHeading[lang]);
  paragraph(doc, L.help[lang]);
  // Whom to call on the left, the lender's seal on the right, side by side to keep a letter on one page.
  ensureRoom(doc, 84);
  const top = doc.y;
  const full = contentWidth(doc);
  const right = doc.page.margins.right;
  doc.page.margins.right = right + full * 0.52;
  facts(doc, [
    [L.collector[lang], c.contact.collector ?? L.department[lang]],
    [L.phone[lang], orUnset(c.contact.phone, lang)],
    [L.hours[lang], hoursOf(c.contact, lang)],
    [L.complaints[lang], orUnset(c.contact.complaints, lang)],
  ], 1);
  doc.page.margins.right = right;
  const below = doc.y;
  doc.y = top - 10;
  sealBlock(doc, [c.lender.name, fill(L.date[lang], v)], lang, 0.45);
  doc.y = Math.max(below, doc.y) + 4;
  paragraph(doc, L.conduct[lang], { size: SIZES.small });
}

export async function noticePdf(c: NoticeContent, lang: Lang, hash: string): Promise<Buffer> {
  const frame = noticeFrame(c, lang, hash);
  const doc = newDocument(frame);
  drawNotice(doc, c, lang);
  return finish(doc, frame);
}

// ——— Issuing and recording ———————————————————————————————————————————————————————————————————

export type NoticeDocumentType = 'receipt' | NoticeKind;

export interface PreparedNotice {
  type: NoticeDocumentType;
  lang: Lang;
  /** Whose document it is: the payment, the collection case, or the loan. */
  owner: { type: 'transaction' | 'case' | 'loan'; id: string };
  /** The loan the file is kept under. */
  loanId: string;
  number: string;
  content: ReceiptContent | NoticeContent;
  hash: string;
  bytes: Buffer;
}

/** A payment's receipt and its PDF. Writes nothing. */
export async function prepareReceipt(stores: NoticeStores, transactionId: string, lang: Lang): Promise<PreparedNotice> {
  const content = await receiptContent(stores, transactionId);
  const hash = contentHash(content);
  const bytes = await receiptPdf(content, lang, hash);
  return { type: 'receipt', lang, owner: { type: 'transaction', id: transactionId }, loanId: content.loanId, number: content.number, content, hash, bytes };
}

export const noticeOwner = (c: NoticeContent): PreparedNotice['owner'] => (c.caseId ? { type: 'case', id: c.caseId } : { type: 'loan', id: c.loanId });

/** A late loan's notice or final demand and its PDF. Writes nothing. */
export async function prepareNotice(stores: NoticeStores, loanId: string, kind: NoticeKind, lang: Lang, businessDate: string): Promise<PreparedNotice> {
  const content = await noticeContent(stores, await noticePolicy(stores.settings), loanId, kind, businessDate);
  const hash = contentHash(content);
  const bytes = await noticePdf(content, lang, hash);
  return { type: kind, lang, owner: noticeOwner(content), loanId, number: content.number, content, hash, bytes };
}

/**
 * Records a prepared receipt or letter (inside the caller's transaction). The same content in the
 * same language, issued again, is the document already issued: printing twice adds nothing.
 */
export async function recordNotice(repo: DocumentStore, files: Pick<CustomerStore, 'insertDocument'>, ids: IdSource, now: Date, dataDir: string, p: PreparedNotice, userId: string | null): Promise<Issued> {
  const same = await repo.sameContent(p.owner.type, p.owner.id, p.type, p.lang, p.hash);
  if (same) return { id: same.id, documentId: same.document_id, number: same.number, contentHash: same.content_hash, sha256: same.sha256, sizeBytes: same.size_bytes, reused: true };
  const stored = await storeDocument(files, ids, now, dataDir, { type: 'loan', id: p.loanId }, { kind: p.type, fileName: `${p.number}-${p.lang}.pdf`, bytes: p.bytes }, userId);
  const id = ids.next();
  await repo.insertIssued({
    id,
    document_id: stored.id,
    type: p.type,
    number: p.number,
    lang: p.lang,
    owner_type: p.owner.type,
    owner_id: p.owner.id,
    content_hash: p.hash,
    content: JSON.stringify(p.content),
    issued_at: now.toISOString(),
    issued_by: userId,
  });
  return { id, documentId: stored.id, number: p.number, contentHash: p.hash, sha256: stored.sha256, sizeBytes: stored.sizeBytes, reused: false };
}
