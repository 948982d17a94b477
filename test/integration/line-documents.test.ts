/**
 * A revolving line's documents, through the api on a real book (issue 12, item 7): a line booked at
 * the desk gets its contract, schedule and disclosure (they used to fail asking for an annualized
 * rate's advance and payment), and each states the line's terms, its daily rate and its annualized
 * rate as PBOC Announcement [2021] No. 3 asks: for a line, the daily rate x 365, simple (单利).
 * Read back with pdftotext; one page of each is rendered with pdftoppm into test-output/documents/.
 *
 * Worked by hand (docs/loan-math.md, "The annualized rate of a line"): the standard line product
 * P-RV lends at 14.40% a year, ACT/360, so the daily rate is 0.144 / 360 = 0.0004 (0.04%) and the
 * annualized rate 0.0004 x 365 = 0.146 (14.60%). The example, the whole limit of 100,000.00 for
 * 30 days: 100,000 x 0.0004 x 30 = 1,200.00, 101,200.00 with the principal; as an IRR, 1.2% over
 * 30 days, x 365 / 30 = 14.60% again. Penalty 14.40% x 1.5 = 21.60%. The one-year LPR on
 * 2025-06-01 is 3.00%, so 4 x LPR is 12.00% and 14.60% is above it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { callApi } from '../../src/api';
import { freshBook, type Book } from '../helpers/book';
import { call, signedApplication } from '../helpers/servicing';

const out = fileURLToPath(new URL('../../test-output/documents/', import.meta.url));
mkdirSync(out, { recursive: true });

let book: Book;
afterEach(() => book?.close());

type Issued = { contentBase64: string; number: string };

/** The text of an issued PDF, and the file it was written to. */
function read(issued: Issued, name: string): { text: string; file: string } {
  const file = join(out, `${name}.pdf`);
  writeFileSync(file, Buffer.from(issued.contentBase64, 'base64'));
  return { text: execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }), file };
}
/** Chinese wraps anywhere: compare without whitespace. English: whitespace as single spaces. */
const zh = (t: string): string => t.replace(/\s+/g, '');
const en = (t: string): string => t.replace(/\s+/g, ' ');

async function bookedLine(): Promise<{ appId: string; loanId: string }> {
  book = await freshBook();
  const appId = await signedApplication(book, { productId: 'P-RV', amount: '100000', term: 12, rate: '0.144' });
  const { loanId } = await call<{ loanId: string }>(book, 'loans/disburse', { applicationId: appId, drawAmount: '30000' }, 'senior_approver');
  return { appId, loanId };
}

describe('a revolving line booked at the desk', () => {
  it('gets its contract, schedule and disclosure, in Chinese, with its terms, daily rate and annualized rate', async () => {
    const { loanId } = await bookedLine();
    const issue = (type: string, lang: 'zh-CN' | 'en' = 'zh-CN') => callApi('documents/issue', { type, id: loanId, lang }, book.ctx('officer'));

    const contract = await issue('contract');
    if (!contract.ok) throw new Error(`${contract.error.key}: ${contract.error.message}`);
    const c = read(contract.result as Issued, 'line-contract-zh-CN');
    for (const expected of [
      '借款合同', '随借随还',
      '授信额度为人民币（大写）壹拾万元整（小写¥100,000.00）',
      '额度期限为12个月，自2025-06-01起至2026-06-01止',
      '日利率为0.0400%（年利率14.40%÷360，按ACT/360计息，单利）',
      '按中国人民银行公告〔2021〕第3号计算的年化利率为14.60%（单利，日利率×365',
      '提款¥100,000.00使用30天，应付利息¥1,200.00',
      '还款先还利息后还本金', '年利率21.60%（合同利率上浮50%）',
      '乙方可随时偿还全部或部分提款',
    ]) expect(zh(c.text), expected).toContain(expected);
    // Nothing of a term loan's schedule or recast wording.
    expect(zh(c.text)).not.toContain('减少月供');
    expect(zh(c.text)).not.toContain('借款年利率为');

    const schedule = await issue('schedule');
    if (!schedule.ok) throw new Error(`${schedule.error.key}: ${schedule.error.message}`);
    const s = read(schedule.result as Issued, 'line-schedule-zh-CN');
    for (const expected of [
      '还款计划表', '授信额度', '¥100,000.00', '日利率（单利）', '0.0400%', '年化利率（单利）', '14.60%', '2025-06-01/2026-06-01',
      '无固定还款计划', '最迟于额度到期日2026-06-01还清全部本息',
      '示例：提款¥100,000.00，使用30天后一次还清，应付利息¥1,200.00（¥100,000.00×0.0400%×30），本息合计¥101,200.00；年化利率14.60%（单利）',
    ]) expect(zh(s.text), expected).toContain(expected);

    const disclosure = await issue('disclosure');
    if (!disclosure.ok) throw new Error(`${disclosure.error.key}: ${disclosure.error.message}`);
    const d = read(disclosure.result as Issued, 'line-disclosure-zh-CN');
    for (const expected of [
      '借款关键信息披露', '循环额度（随借随还）', '年化利率按中国人民银行公告〔2021〕第3号计算，为日利率×365（单利）',
      '授信额度', '¥100,000.00（壹拾万元整）', '12个月（2025-06-01至2026-06-01）',
      '日利率（单利）0.0400%', '年化利率（单利，日利率×365）14.6000%',
      '提款¥100,000.00使用30天，利息¥1,200.00', '无（不收取利息以外的任何费用）',
      '提示：本借款年化利率14.60%高于12.00%（一年期贷款市场报价利率的四倍）',
    ]) expect(zh(d.text), expected).toContain(expected);
    // No term-loan rows that mean nothing for a line (a payment of ¥0.00, an IRR with fees).
    expect(zh(d.text)).not.toContain('每期还款额');
    expect(zh(d.text)).not.toContain('IRR，含费用');

    // One page of each, to look at.
    for (const f of [c.file, s.file, d.file]) execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', f, f.replace(/\.pdf$/, '')]);
  }, 60_000);

  it('in English too, and the contract issued before the line was booked says the same', async () => {
    const { appId, loanId } = await bookedLine();
    const english = await call<Issued>(book, 'documents/issue', { type: 'contract', id: loanId, lang: 'en' }, 'officer');
    const e = en(read(english, 'line-contract-en').text);
    for (const expected of [
      'The credit limit is CNY 100,000.00', 'The line is available for 12 months, from 2025-06-01 to 2026-06-01',
      'The daily rate is 0.0400% (the annual rate 14.40% ÷ 360, on a ACT/360 basis, simple)',
      'The annualized rate under PBOC Announcement [2021] No. 3 is 14.60% (simple: the daily rate × 365',
      'CNY 100,000.00 drawn for 30 days costs CNY 1,200.00 in interest', 'Repayments pay interest first, then principal.',
    ]) expect(e, expected).toContain(expected);
    const disclosure = en(read(await call<Issued>(book, 'documents/issue', { type: 'disclosure', id: loanId, lang: 'en' }, 'officer'), 'line-disclosure-en').text);
    expect(disclosure).toContain('Annualized rate (simple, daily rate × 365) 14.6000%');
    expect(disclosure).toContain('Note: the annualized rate 14.60% is above 12.00% (four times the one-year LPR)');

    // The application's contract, issued and signed before the draw, carries the same terms.
    const signed = JSON.parse((book.db.prepare("SELECT content FROM issued_documents WHERE owner_id = ? AND type = 'contract'").get(appId) as { content: string }).content) as Record<string, unknown>;
    expect(signed).toMatchObject({
      method: 'revolving', amount: '100000.00', rate: '0.144000', dayCount: 'ACT/360', annualizedRate: '0.146000', maturityDate: '2026-06-01',
      capWarnings: [{ code: 'above-4x-lpr', limit: '0.1200' }],
      line: { limit: '100000.00', dailyRate: '0.0004000000', aprMethod: 'simple', allocation: 'interest-first', example: { amount: '100000.00', days: 30, interest: '1200.00' } },
    });
    const loanContent = JSON.parse((book.db.prepare("SELECT content FROM issued_documents WHERE owner_id = ? AND type = 'contract' AND lang = 'en'").get(loanId) as { content: string }).content) as Record<string, unknown>;
    for (const k of ['amount', 'rate', 'annualizedRate', 'capWarnings', 'line', 'disbursementDate', 'maturityDate', 'penaltyRate']) expect(loanContent[k], k).toEqual(signed[k]);
  }, 60_000);
});
