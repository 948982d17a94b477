/**
 * Loan documents read back as a borrower, a court or an auditor would: text out of the PDF with
 * pdftotext, fonts with pdffonts, pages rendered with pdftoppm into test-output/documents/.
 * Expected figures are worked out independently (PMT in Python Decimal, docs/checks/origination.py;
 * capitals by hand).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { callApi, type ApiResponse } from '../../src/api';
import { insertStandardProducts } from '../../src/origination/products';
import { applicationStore } from '../../src/db/repos/applications';
import { DEFAULT_ORIGINATION } from '../../src/origination/settings';
import { prepareLoanDocument } from '../../src/documents/service';
import { schedulePdf, type LoanContent } from '../../src/documents/loanDocuments';
import { contentHash } from '../../src/documents/pdf';
import { buildSchedule } from '../../src/schedule/term';
import { formatMinor } from '../../src/money/amount';
import { freshBook, type Book } from '../helpers/book';
import { idNumber } from '../helpers/ids';
import { kyselyOf } from '../../src/db/kysely';
import { documentStores } from '../../src/db/repos/documents';

const out = fileURLToPath(new URL('../../test-output/documents/', import.meta.url));
mkdirSync(out, { recursive: true });
let book: Book;
afterEach(() => book?.close());

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex').toString('base64');

async function ok<T = Record<string, unknown>>(p: Promise<ApiResponse>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.key}: ${r.error.message}`);
  return r.result as T;
}

function pdfText(bytes: Buffer, name: string, layout = true): string {
  const file = join(out, name);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), file, '-'], { encoding: 'utf8' });
}

const pages = (file: string): number => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [join(out, file)], { encoding: 'utf8' }))?.[1]);

/** An approved application for 100,000 over 12 months at 7.2% (the price set for every grade). */
async function approved(): Promise<string> {
  book = await freshBook();
  await insertStandardProducts(applicationStore(kyselyOf(book.db)), '2025-06-01T09:00:00.000Z');
  const price = { rate: '0.072', maxAmount: '200000', maxTerm: 12, incomeMultiple: 20 };
  await ok(callApi('settings/saveOrigination', { settings: { ...DEFAULT_ORIGINATION, pricing: { 'CONSUMER-EI': { A: price, B: price, C: price, D: price, E: price } } } }, book.ctx('admin')));
  const customer = await ok<{ id: string }>(callApi('customers/create', { kind: 'individual', name: '陈静', idNumber: idNumber('110105', '19850312', '002'), phone: '13812345678', address: '北京市西城区金融街 1 号' }, book.ctx('officer')));
  const app = await ok<{ id: string }>(callApi('applications/create', {
    customerId: customer.id, productId: 'P-EI', amount: '100000', term: 12, purpose: '装修', monthlyIncome: '30000', monthlyDebt: '0',
    employmentYears: 8, bureauOverdue24m: 0, bureauInquiries6m: 1, bureauCurrentOverdue: 0,
  }, book.ctx('officer')));
  for (const kind of ['id_card', 'income_proof']) await ok(callApi('applications/addDocument', { applicationId: app.id, kind, fileName: `${kind}.png`, contentBase64: PNG }, book.ctx('officer')));
  await ok(callApi('applications/submit', { id: app.id }, book.ctx('officer')));
  await ok(callApi('applications/decide', { id: app.id, action: 'approve', note: '同意' }, book.ctx('senior_approver')));
  return app.id;
}

describe('loan contract', () => {
  it('carries every required field, correct, in Chinese; signing needs it', async () => {
    const id = await approved();
    expect(await callApi('applications/sign', { id }, book.ctx('officer'))).toMatchObject({ ok: false, error: { code: 'RULE', key: 'documents.noContract' } });
    const issued = await ok<{ number: string; contentHash: string; contentBase64: string; sha256: string; reused: boolean }>(callApi('documents/issue', { type: 'contract', id, lang: 'zh-CN' }, book.ctx('officer')));
    const bytes = Buffer.from(issued.contentBase64, 'base64');
    const text = pdfText(bytes, 'contract-zh-CN.pdf');
    expect(issued.number).toBe('JK20250601-0001');
    for (const expected of [
      '借款合同', '合同编号：JK20250601-0001', '陈静', '110105198503120020', '北京市西城区金融街 1 号',
      // 100,000 in capitals (by hand: 壹拾万元整) and in figures.
      '壹拾万元整', '¥100,000.00',
      '借款期限为 12 个月，自 2025-06-01 起至 2026-06-01 止',
      '借款年利率为 7.20%', '月利率 0.6000%',
      // A fee-free schedule's IRR is its contract rate.
      '年化利率（IRR，含费用）计算的借款', '成本为 7.20%', '等额本息', '首期还款日为 2025-07-01',
      // PMT(0.6%, 12, 100000) = 8,661.90 (Python Decimal); the last row absorbs the rounding.
      '8,661.90', '年利率 10.80%（合同利率上浮 50%）', '提前还款', '争议解决', '甲方（盖章）', '乙方（签字）',
    ]) expect(text, expected).toContain(expected);
    // Every page carries the number, the check code and its page count.
    const n = pages('contract-zh-CN.pdf');
    for (let p = 1; p <= n; p++) expect(text).toMatch(new RegExp(`第\\s*${p}\\s*页\\s*共\\s*${n}\\s*页`));
    expect(text.split(`校验码 ${issued.contentHash}`).length - 1).toBe(n);
    // The English copy of the same content carries the same check code.
    const en = await ok<{ contentHash: string; contentBase64: string }>(callApi('documents/issue', { type: 'contract', id, lang: 'en' }, book.ctx('officer')));
    expect(en.contentHash).toBe(issued.contentHash);
    const enText = pdfText(Buffer.from(en.contentBase64, 'base64'), 'contract-en.pdf');
    for (const expected of ['Loan Contract', 'CNY 100,000.00', '壹拾万元整', '7.20%', '8,661.90', `Check code ${issued.contentHash}`]) expect(enText, expected).toContain(expected);
    // Fonts embedded, as subsets.
    const fonts = execFileSync('pdffonts', [join(out, 'contract-zh-CN.pdf')], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f).toMatch(/\+NotoSansSC-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    // Issuing again gives the same document (same bytes); then the borrower signs.
    const again = await ok<{ sha256: string; reused: boolean; contentBase64: string }>(callApi('documents/issue', { type: 'contract', id, lang: 'zh-CN' }, book.ctx('officer')));
    expect(again).toMatchObject({ sha256: issued.sha256, reused: true });
    expect(Buffer.from(again.contentBase64, 'base64').equals(bytes)).toBe(true);
    expect(await ok(callApi('applications/sign', { id }, book.ctx('officer')))).toMatchObject({ state: 'signed', contract: 'JK20250601-0001', contentHash: issued.contentHash });
    const audit = book.db.prepare("SELECT summary FROM audit_log WHERE entity_id = ? AND summary LIKE '%contract%' ORDER BY id").all(id) as { summary: string }[];
    expect(audit.map((a) => a.summary).join('\n')).toMatch(/contract JK20250601-0001 \(zh-CN\) issued, check code/);
    for (const [file, prefix] of [['contract-zh-CN.pdf', 'contract-zh-CN'], ['contract-en.pdf', 'contract-en']]) {
      execFileSync('pdftoppm', ['-r', '70', '-png', join(out, file as string), join(out, prefix as string)]);
    }
  });

  it('gives byte-identical files for the same inputs, and the schedule and disclosure read right', async () => {
    const id = await approved();
    const first = await prepareLoanDocument(documentStores(kyselyOf(book.db)), 'disclosure', id, 'zh-CN', '2025-06-01');
    const second = await prepareLoanDocument(documentStores(kyselyOf(book.db)), 'disclosure', id, 'zh-CN', '2025-06-01');
    expect(first.bytes.equals(second.bytes)).toBe(true);
    const text = pdfText(first.bytes, 'disclosure-zh-CN.pdf');
    // Total interest of the 12 × 8,661.90 schedule: 12 × 8,661.90 − 100,000 = 3,942.80, less the last row's rounding (worked by the engine's rows below).
    const rows = buildSchedule({ principal: 10_000_000n, annualRate: { n: 72n, d: 1000n }, term: 12, method: 'equal-installment', frequency: 'monthly', disbursementDate: '2025-06-01', interest: 'per-period', dayCount: '30/360', principalGrace: 0, paymentMultiple: 1n, decimals: 2, rounding: 'half-up', fees: [], prepayments: [] });
    const interest = rows.installments.reduce((a, r) => a + r.interest, 0n);
    expect(interest).toBeGreaterThan(394_000n); // sanity of the independent total: 3,942.80 ± a cent
    expect(interest).toBeLessThan(394_300n);
    const grouped = (v: bigint) => formatMinor(v, 2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    for (const expected of ['借款关键信息披露', '¥100,000.00', '实际到手金额', '7.2000%', `¥${grouped(interest)}`, `¥${grouped(10_000_000n + interest)}`, '可随时提前还款，不收违约金或手续费']) {
      expect(text, expected).toContain(expected);
    }
    for (const [type, lang] of [['schedule', 'zh-CN'], ['schedule', 'en'], ['disclosure', 'en']] as const) {
      const p = await prepareLoanDocument(documentStores(kyselyOf(book.db)), type, id, lang, '2025-06-01');
      pdfText(p.bytes, `${type}-${lang}.pdf`);
      execFileSync('pdftoppm', ['-r', '70', '-png', '-f', '1', '-l', '1', join(out, `${type}-${lang}.pdf`), join(out, `${type}-${lang}`)]);
    }
    execFileSync('pdftoppm', ['-r', '70', '-png', join(out, 'disclosure-zh-CN.pdf'), join(out, 'disclosure-zh-CN')]);
  });
});

describe('a 360-row schedule', () => {
  it('breaks across pages with the header on each, every row once, and the page count right', async () => {
    const loan = { principal: 100_000_000n, annualRate: { n: 49n, d: 1000n }, term: 360, method: 'equal-installment' as const, frequency: 'monthly' as const, disbursementDate: '2025-01-15', interest: 'per-period' as const, dayCount: '30/360' as const, principalGrace: 0, paymentMultiple: 1n, decimals: 2 as const, rounding: 'half-up' as const, fees: [], prepayments: [] };
    const s = buildSchedule(loan);
    const y = (v: bigint) => formatMinor(v, 2);
    const content: LoanContent = {
      number: 'DK-360', issuedOn: '2025-01-15', lender: { kind: 'lender', name: '示范小额贷款有限公司', address: '北京', phone: null }, borrower: { kind: 'individual', name: '王长', idNumber: '11010519491231002X' },
      court: '甲方住所地人民法院', product: '住房', method: 'equal-installment', purpose: '装修', amount: '1000000.00', amountCapital: '壹佰万元整', amountReceived: '1000000.00', upfrontFees: '0.00',
      term: 360, rate: '0.049', monthlyRate: '0.00408333', dayCount: '30/360', annualizedRate: '0.049', capWarnings: [], penaltyRate: '0.0735', penaltyMarkup: '0.5',
      disbursementDate: '2025-01-15', firstDueDate: s.installments[0]!.dueDate, maturityDate: s.maturityDate, repaymentDay: 15, payment: y(s.payment),
      totals: { principal: y(s.totals.principal), interest: y(s.totals.interest), fees: '0.00', total: y(s.totals.total) },
      schedule: s.installments.map((r) => ({ n: r.n, dueDate: r.dueDate, principal: y(r.principal), interest: y(r.interest), fee: '0.00', total: y(r.total), balance: y(r.balance) })), extraClauses: [],
    };
    const bytes = await schedulePdf(content, 'zh-CN', contentHash(content));
    writeFileSync(join(out, 'schedule-360-zh-CN.pdf'), bytes);
    const n = pages('schedule-360-zh-CN.pdf');
    expect(n).toBeGreaterThan(5);
    const pageTexts = execFileSync('pdftotext', ['-layout', join(out, 'schedule-360-zh-CN.pdf'), '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim());
    expect(pageTexts).toHaveLength(n);
    const seen: number[] = [];
    pageTexts.forEach((page, i) => {
      expect(page, `page ${i + 1}`).toMatch(new RegExp(`第\\s*${i + 1}\\s*页\\s*共\\s*${n}\\s*页`));
      const rows = [...page.matchAll(/^\s*(\d{1,3})\s+(\d{4}-\d{2}-\d{2})\s/gm)].map((m) => Number(m[1]));
      if (rows.length) expect(page, `header on page ${i + 1}`).toMatch(/期数\s+还款日\s+本金\s+利息\s+费用\s+应还合计\s+剩余本金/);
      seen.push(...rows);
    });
    expect(seen).toEqual(Array.from({ length: 360 }, (_, k) => k + 1));
    execFileSync('pdftoppm', ['-r', '70', '-png', '-f', String(n), '-l', String(n), join(out, 'schedule-360-zh-CN.pdf'), join(out, 'schedule-360-last')]);
  });
});

describe('documents refuse what they cannot print', () => {
  it('no contract for an application that is not approved, and a typed error for an unknown loan', async () => {
    book = await freshBook();
    const dir = mkdtempSync(join(tmpdir(), 'docs-'));
    try {
      expect(await callApi('documents/issue', { type: 'contract', id: 'NOPE' }, book.ctx('officer'))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', key: 'documents.loanNotFound' } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
