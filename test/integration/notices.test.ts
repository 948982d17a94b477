/**
 * Receipts, overdue notices, final demands and notice batches, read back as a borrower or an auditor
 * would: text out of the PDF with pdftotext, fonts with pdffonts, pages rendered with pdftoppm into
 * test-output/documents/. The book is a demo book on 2025-06-30 plus one loan written here by hand,
 * whose figures (days late, totals, capitals) are worked out by hand below; the demo loans' figures
 * are worked out from their installment rows in SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { callApi, DESK_PERMISSIONS, type ApiContext, type ApiEvent, type ApiResponse } from '../../src/api';
import { openBook } from '../../src/book';
import { buildDemoBook, DEMO_PASSWORD } from '../../src/demo/book';
import { signIn } from '../../src/identity/service';
import { ulidSource } from '../../src/ids';
import { prepareNotice, prepareReceipt } from '../../src/documents/notices';
import { startNoticeBatch } from '../../src/documents/noticeBatch';
import { idNumber } from '../helpers/ids';
import { runCli } from '../helpers/cli';
import { kyselyOf } from '../../src/db/kysely';
import { documentStores } from '../../src/db/repos/documents';

const out = fileURLToPath(new URL('../../test-output/documents/', import.meta.url));
mkdirSync(out, { recursive: true });

const BD = '2025-06-30';
const now = (): Date => new Date(`${BD}T09:00:00.000Z`);
let dir: string;
let file: string;
let db: ReturnType<typeof openBook>;
const ids = ulidSource(() => now().getTime());
const tokens: Record<string, string> = {};

function ctx(user: 'officer' | 'collector' | 'manager', events?: ApiEvent[], lang: 'zh-CN' | 'en' = 'zh-CN'): ApiContext {
  return { lang, permissions: DESK_PERMISSIONS, now, emit: (e) => events?.push(e), db, ids, dataDir: dir, sessionToken: tokens[user] };
}

async function ok<T = Record<string, unknown>>(p: Promise<ApiResponse>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.key}: ${r.error.message}`);
  return r.result as T;
}

const one = <T>(sql: string, ...args: unknown[]): T => db.prepare(sql).get(...args) as T;
const all = <T>(sql: string, ...args: unknown[]): T[] => db.prepare(sql).all(...args) as T[];

function save(bytes: Buffer, name: string): string {
  const path = join(out, name);
  writeFileSync(path, bytes);
  return path;
}
const text = (path: string, layout = true): string => execFileSync('pdftotext', [...(layout ? ['-layout'] : []), path, '-'], { encoding: 'utf8' });
/** Chinese text with pdftotext's spacing and line breaks taken out. */
const flat = (t: string): string => t.replace(/\s+/g, '');
/** English text with every run of spaces and line breaks as one space. */
const words = (t: string): string => t.replace(/\s+/g, ' ');
const pageCount = (path: string): number => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))?.[1]);
const png = (path: string, prefix: string, last?: number): void =>
  void execFileSync('pdftoppm', ['-r', '70', '-png', ...(last ? ['-f', '1', '-l', String(last)] : []), path, join(out, prefix)]);

function fontsEmbeddedAsSubsets(path: string): void {
  const fonts = execFileSync('pdffonts', [path], { encoding: 'utf8' }).trim().split('\n').slice(2);
  expect(fonts.length).toBeGreaterThan(0);
  for (const f of fonts) expect(f).toMatch(/^[A-Z]{6}\+\S+\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
}

/** Fen as the documents print them: thousands separators, two decimals. */
const grouped = (fen: number): string => `${Math.floor(fen / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${String(fen % 100).padStart(2, '0')}`;
/** Calendar days between two ISO dates, counted on UTC midnights. */
const daysBetween = (from: string, to: string): number => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

// The loan written by hand: 120,000.00 at 12% over 12 months from 2024-12-15, due on the 15th.
// Installments 1–3 are paid (the second 5 days late, with its 25.00 of penalty interest: 10,000.00 ×
// 18% / 360 × 5); 4–6 are not. Every
// installment is 10,000.00 principal + 203.05 interest. The 4th's row still holds 50.00 of penalty
// stored at some earlier posting: a letter must not read that, but the penalty the ledger charges to
// the letter's date (worked out by hand in the test).
const LOAN = 'LOAN-BY-HAND';
const NUMBER = 'DK202412990001';
const NAME = '欧阳明月';
const ID_NUMBER = idNumber('440305', '19880214', '027');

function writeLoanByHand(): void {
  const collector = one<{ id: string }>("SELECT id FROM users WHERE username = 'collector'").id;
  const at = '2024-12-15T09:00:00.000Z';
  db.prepare(`INSERT INTO customers (id, kind, name, id_number, phone, address, created_at, updated_at) VALUES ('C-BY-HAND', 'individual', ?, ?, '13912340000', '深圳市南山区科技园路 8 号', ?, ?)`).run(NAME, ID_NUMBER, at, at);
  db.prepare(`INSERT INTO loans (id, number, customer_id, product_id, method, principal, annual_rate, term, frequency, day_count, disbursement_date, first_due_date,
      maturity_date, amount_received, status, outstanding_principal, oldest_unpaid_due_date, five_category, created_at)
    VALUES (?, ?, 'C-BY-HAND', 'P-EI', 'equal-installment', 12000000, '0.12', 12, 'monthly', '30/360', '2024-12-15', '2025-01-15', '2025-12-15', 12000000, 'active', 9000000, '2025-04-15', 'special', ?)`).run(LOAN, NUMBER, at);
  const due = db.prepare(`INSERT INTO installments (loan_id, n, due_date, principal_due, interest_due, principal_paid, interest_paid, penalty_accrued, penalty_paid, paid_date)
    VALUES (?, ?, ?, 1000000, 20305, ?, ?, ?, ?, ?)`);
  for (let n = 1; n <= 12; n++) {
    const date = `2025-${String(n).padStart(2, '0')}-15`;
    const paid = n <= 3;
    const penalty = n === 2 ? 2500 : n === 4 ? 5000 : 0;
    due.run(LOAN, n, date, paid ? 1000000 : 0, paid ? 20305 : 0, penalty, paid ? penalty : 0, paid ? (n === 2 ? '2025-02-20' : date) : null);
  }
  const tx = db.prepare(`INSERT INTO transactions (id, loan_id, kind, value_date, business_date, amount, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const alloc = db.prepare('INSERT INTO allocations (transaction_id, installment_n, principal, interest, fee, penalty) VALUES (?, ?, ?, ?, 0, ?)');
  tx.run(`D${LOAN}`, LOAN, 'disbursement', '2024-12-15', '2024-12-15', 12000000, at);
  for (const [n, date, penalty] of [[1, '2025-01-15', 0], [2, '2025-02-20', 2500], [3, '2025-03-15', 0]] as const) {
    tx.run(`${LOAN}.00${n}`, LOAN, 'repayment', date, date, 1020305 + penalty, at);
    alloc.run(`${LOAN}.00${n}`, n, 1000000, 20305, penalty);
  }
  db.prepare("INSERT INTO collection_cases (id, loan_id, opened_date, status, assigned_to, ladder_step) VALUES ('CASE-BY-HAND', ?, '2025-04-16', 'open', ?, 'second-notice')").run(LOAN, collector);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'suanpan-notices-'));
  file = join(dir, 'book.db');
  db = openBook(file, { now });
  buildDemoBook(db, { loans: 300, seed: 11, businessDate: BD, staff: true });
  writeLoanByHand();
  for (const user of ['officer', 'collector', 'manager']) tokens[user] = (await signIn(db, ids, now(), user, DEMO_PASSWORD)).token;
}, 60_000);

afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('receipt (收据)', () => {
  it('states the payment in figures and capitals, how it was applied and the principal left, and reprints the same', async () => {
    // The second repayment: 10,228.05 = 10,000.00 principal + 203.05 interest + 25.00 penalty.
    // In capitals, by hand: 壹万 零 贰佰 贰拾 捌元 零 伍分.
    const r = await ok<{ number: string; contentHash: string; contentBase64: string; sha256: string; reused: boolean; owner: unknown }>(
      callApi('documents/receipt', { transactionId: `${LOAN}.002` }, ctx('officer')),
    );
    expect(r.number).toBe(`SJ-${NUMBER}-002`);
    expect(r.owner).toEqual({ type: 'transaction', id: `${LOAN}.002` });
    const path = save(Buffer.from(r.contentBase64, 'base64'), 'receipt-zh-CN.pdf');
    const zh = flat(text(path, false));
    const masked = `${ID_NUMBER.slice(0, 6)}********${ID_NUMBER.slice(-4)}`;
    for (const expected of [
      '收据', `收据编号：SJ-${NUMBER}-002`, '开具日期：2025-02-20', `今收到${NAME}交来归还借款（合同编号${NUMBER}）的款项`,
      '人民币（大写）壹万零贰佰贰拾捌元零伍分', '（小写）¥10,228.05', '收款日期2025-02-20', masked, '个人消费贷', '按期还款',
      `交易流水号：${LOAN}.002`, '本次还款后剩余本金：¥100,000.00', '收款单位（盖章）', '（公章处）', '经办人：',
    ]) expect(zh, expected).toContain(expected);
    expect(zh).not.toContain(ID_NUMBER);
    // The split, as the allocation rows say, and the total row.
    expect(text(path)).toMatch(/^\s*2\s+2025-02-15\s+10,000\.00\s+203\.05\s+0\.00\s+25\.00\s+10,228\.05\s*$/m);
    expect(text(path)).toMatch(/^\s*合计\s+10,000\.00\s+203\.05\s+0\.00\s+25\.00\s+10,228\.05\s*$/m);
    expect(zh).toMatch(/第1页共1页/);
    expect(zh).toContain(`校验码${r.contentHash}`);
    fontsEmbeddedAsSubsets(path);

    // Reprinting gives the same file and records nothing new; a receipt does not change with the business date.
    const again = await ok<{ sha256: string; reused: boolean }>(callApi('documents/receipt', { transactionId: `${LOAN}.002` }, ctx('manager')));
    expect(again).toMatchObject({ sha256: r.sha256, reused: true });
    const p1 = await prepareReceipt(documentStores(kyselyOf(db)), `${LOAN}.002`, 'zh-CN');
    const p2 = await prepareReceipt(documentStores(kyselyOf(db)), `${LOAN}.002`, 'zh-CN');
    expect(p1.bytes.equals(p2.bytes)).toBe(true);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM issued_documents WHERE owner_type = 'transaction' AND owner_id = ?", `${LOAN}.002`).n).toBe(1);
    // The file is kept under the loan.
    expect(one<{ owner_type: string; owner_id: string }>('SELECT d.owner_type, d.owner_id FROM documents d JOIN issued_documents i ON i.document_id = d.id WHERE i.owner_id = ?', `${LOAN}.002`))
      .toEqual({ owner_type: 'loan', owner_id: LOAN });

    // The third: 10,203.05, by hand 壹万零贰佰零叁元零伍分; in English with the same check code as in Chinese.
    const zh3 = await prepareReceipt(documentStores(kyselyOf(db)), `${LOAN}.003`, 'zh-CN');
    const en = await prepareReceipt(documentStores(kyselyOf(db)), `${LOAN}.003`, 'en');
    expect(en.hash).toBe(zh3.hash);
    const enPath = save(en.bytes, 'receipt-en.pdf');
    const enText = words(text(enPath, false));
    for (const expected of [
      'Receipt', `Receipt No. SJ-${NUMBER}-003`, `Received from ${NAME}, in repayment of loan ${NUMBER}`, 'CNY 10,203.05 (in Chinese capitals: 壹万零贰佰零叁元零伍分)',
      'Principal outstanding after this payment: CNY 90,000.00', 'Received by (seal)', '(seal)', `Check code ${en.hash}`, 'Page 1 of 1',
    ]) expect(enText, expected).toContain(expected);
    fontsEmbeddedAsSubsets(enPath);
    png(path, 'receipt-zh-CN');
    png(enPath, 'receipt-en');
  });

  it('agrees with the book for a demo loan: number, amount and principal left after each payment', async () => {
    const loan = one<{ id: string; number: string; principal: number }>(
      "SELECT id, number, principal FROM loans WHERE method = 'equal-installment' AND status = 'active' AND (SELECT count(*) FROM transactions t WHERE t.loan_id = loans.id AND t.kind = 'repayment') >= 3 ORDER BY id LIMIT 1",
    );
    const payments = all<{ id: string; amount: number; value_date: string; principal: number }>(
      `SELECT t.id, t.amount, t.value_date, (SELECT sum(a.principal) FROM allocations a WHERE a.transaction_id = t.id) AS principal
       FROM transactions t WHERE t.loan_id = ? AND t.kind = 'repayment' ORDER BY t.value_date, t.id`, loan.id);
    let left = loan.principal;
    for (const [k, p] of payments.slice(0, 3).entries()) {
      left -= p.principal;
      const r = await prepareReceipt(documentStores(kyselyOf(db)), p.id, 'zh-CN');
      const t = flat(text(save(r.bytes, 'receipt-demo.pdf'), false));
      expect(r.number).toBe(`SJ-${loan.number}-${String(k + 1).padStart(3, '0')}`);
      expect(t).toContain(`（小写）¥${grouped(p.amount)}`);
      expect(t).toContain(`收款日期${p.value_date}`);
      expect(t).toContain(`本次还款后剩余本金：¥${grouped(left)}`);
    }
  });

  it('is refused for anything but a payment, with a typed error', async () => {
    expect(await callApi('documents/receipt', { transactionId: `D${LOAN}` }, ctx('officer'))).toMatchObject({ ok: false, error: { code: 'RULE', key: 'notices.notAPayment' } });
    expect(await callApi('documents/receipt', { transactionId: 'NO-SUCH' }, ctx('officer', [], 'zh-CN'))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: '交易 NO-SUCH 不存在' } });
    expect(await callApi('documents/receipt', { transactionId: `${LOAN}.001` }, ctx('collector'))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('overdue notice (逾期还款提醒函) and final demand (催告函)', () => {
  it('lists what is overdue, with days late, totals in capitals, how to pay and what follows, lawfully', async () => {
    const r = await ok<{ number: string; contentHash: string; contentBase64: string; owner: unknown; reused: boolean }>(
      callApi('documents/notice', { loanId: LOAN, type: 'notice' }, ctx('collector')),
    );
    expect(r.number).toBe(`TZ-${NUMBER}-20250630`);
    // A letter belongs to the loan's open collection case.
    expect(r.owner).toEqual({ type: 'case', id: 'CASE-BY-HAND' });
    const path = save(Buffer.from(r.contentBase64, 'base64'), 'notice-zh-CN.pdf');
    const layout = text(path);
    // Days late from the dates: 2025-04-15 → 06-30 is 15 + 31 + 30 = 76; 05-15 → 46; 06-15 → 15.
    expect([daysBetween('2025-04-15', BD), daysBetween('2025-05-15', BD), daysBetween('2025-06-15', BD)]).toEqual([76, 46, 15]);
    // Penalty interest on each overdue 10,000.00 of principal at 12% × 1.5 = 18% a year, counted
    // ACT/360 for a 30/360 loan: 10,000 × 0.18 / 360 = 5.00 a day, so 76 × 5 = 380.00, 46 × 5 =
    // 230.00 and 15 × 5 = 75.00. The cap (4 × the 3.10% LPR of 2024-12-15 = 12.4% on the principal in
    // use, 6,662.03 to 06-30) less the interest charged (6 × 203.05 + 300.00 accrued) leaves 5,143.73:
    // it does not bite.
    expect(layout).toMatch(/^\s*4\s+2025-04-15\s+76\s+10,000\.00\s+203\.05\s+380\.00\s+10,583\.05\s*$/m);
    expect(layout).toMatch(/^\s*5\s+2025-05-15\s+46\s+10,000\.00\s+203\.05\s+230\.00\s+10,433\.05\s*$/m);
    expect(layout).toMatch(/^\s*6\s+2025-06-15\s+15\s+10,000\.00\s+203\.05\s+75\.00\s+10,278\.05\s*$/m);
    expect(layout).toMatch(/^\s*合计\s+30,000\.00\s+609\.15\s+685\.00\s+31,294\.15\s*$/m);
    // The loan page and the collector's case view say the same on the same day.
    const page = await ok<{ balances: { overdue: { penalty: string; total: string } } }>(callApi('loans/get', { id: LOAN }, ctx('collector')));
    expect(page.balances.overdue).toMatchObject({ penalty: '685.00', total: '31294.15' });
    const caseView = await ok<{ overdueInstallments: { n: number; penalty: string; total: string }[] }>(callApi('collections/case', { id: 'CASE-BY-HAND' }, ctx('collector')));
    expect(caseView.overdueInstallments.map((i) => [i.n, i.penalty, i.total])).toEqual([[4, '380.00', '10583.05'], [5, '230.00', '10433.05'], [6, '75.00', '10278.05']]);
    expect(layout).not.toMatch(/^\s*7\s+2025-07-15/m);
    const zh = flat(layout);
    for (const expected of [
      '逾期还款提醒函', `编号：TZ-${NUMBER}-20250630`, '日期：2025-06-30', `借款人${NAME}`, '深圳市南山区科技园路8号',
      `您于2024-12-15与示范小额贷款有限公司签订借款合同（合同编号${NUMBER}），借款金额¥120,000.00`,
      '截至2025-06-30，该笔借款有3期款项未按期偿还，最早一期应还日为2025-04-15，已逾期76天',
      // 31,294.15 by hand: 叁万 壹仟 贰佰 玖拾 肆元 壹角 伍分.
      '逾期应还合计：¥31,294.15（大写：叁万壹仟贰佰玖拾肆元壹角伍分）', '尚未归还的本金共计¥90,000.00',
      '请您于2025-07-07前归还上述逾期款项', '还款方式', '附言请注明合同编号', '户名', '开户银行', '账号', '柜台还款',
      // Consequences as the contract and the law set them: 12% × 1.5 = 18% penalty interest.
      '按年利率18.00%计收罚息', '《征信业管理条例》', '金融信用信息基础数据库',
      // Conduct: the borrower only, no third parties, contact hours, a way to complain and to ask for help.
      '本函仅致借款人本人', '不会向您的家人、同事或其他任何第三方透露', '不会在22:00至次日08:00之间与您联系', '投诉电话', '协商可行的还款安排',
      '联系人王催收', '接听时间工作日09:00–18:00', '示范小额贷款有限公司', '（公章处）', `校验码${r.contentHash}`,
    ]) expect(zh, expected).toContain(expected);
    // No threat, no legal action in a first notice.
    for (const absent of ['诉讼', '起诉', '上门', '曝光', '通讯录']) expect(zh, absent).not.toContain(absent);
    const n = pageCount(path);
    for (let p = 1; p <= n; p++) expect(zh).toContain(`第${p}页共${n}页`);
    fontsEmbeddedAsSubsets(path);
    png(path, 'notice-zh-CN');

    const en = await prepareNotice(documentStores(kyselyOf(db)), LOAN, 'notice', 'en', BD);
    expect(en.hash).toBe(r.contentHash);
    const enPath = save(en.bytes, 'notice-en.pdf');
    const enText = words(text(enPath, false));
    for (const expected of [
      'Overdue Payment Notice', `No. TZ-${NUMBER}-20250630`, `Under loan contract No. ${NUMBER}`, '3 installment(s)', 'The oldest fell due on 2025-04-15 and is now 76 days overdue',
      'Total overdue: CNY 31,294.15 (in Chinese capitals: 叁万壹仟贰佰玖拾肆元壹角伍分)', 'Please pay the overdue amounts by 2025-07-07', '18.00% a year',
      'This letter is for the Borrower only', 'between 22:00 and 08:00', `Check code ${r.contentHash}`,
    ]) expect(enText, expected).toContain(expected);
    fontsEmbeddedAsSubsets(enPath);
    png(enPath, 'notice-en');

    // The same inputs give the same bytes; the same letter again is not recorded twice.
    const a = await prepareNotice(documentStores(kyselyOf(db)), LOAN, 'notice', 'zh-CN', BD);
    const b = await prepareNotice(documentStores(kyselyOf(db)), LOAN, 'notice', 'zh-CN', BD);
    expect(a.bytes.equals(b.bytes)).toBe(true);
    expect(await ok(callApi('documents/notice', { loanId: LOAN, type: 'notice' }, ctx('manager')))).toMatchObject({ reused: true });
  });

  it('agrees with the installment rows of a demo loan long overdue, penalty to the letter\'s date; the demand adds acceleration and suit', async () => {
    // A loan 90+ days late with 3+ installments unpaid, none of them partly paid (so each one's
    // penalty runs on its whole principal from its due date).
    const loan = one<{ id: string; number: string; oldest: string; outstanding: number; rate: string; markup: string; dayCount: string }>(
      `SELECT l.id, l.number, l.oldest_unpaid_due_date AS oldest, l.outstanding_principal AS outstanding, l.annual_rate AS rate,
         coalesce(l.penalty_markup, p.penalty_markup) AS markup, l.day_count AS dayCount
       FROM loans l JOIN products p ON p.id = l.product_id
       WHERE l.status = 'active' AND julianday(?) - julianday(l.oldest_unpaid_due_date) >= 90
         AND (SELECT count(*) FROM installments i WHERE i.loan_id = l.id AND i.paid_date IS NULL AND i.due_date < ?) >= 3
         AND NOT EXISTS (SELECT 1 FROM installments i WHERE i.loan_id = l.id AND i.paid_date IS NULL AND i.due_date < ? AND i.principal_paid + i.penalty_paid > 0)
       ORDER BY l.oldest_unpaid_due_date, l.id LIMIT 1`, BD, BD, BD);
    // Penalty a year = the contract rate × (1 + markup), per day over 360 (30/360 and ACT/360 loans)
    // or 365, half up to the fen. The cap does not bind here: 4 × LPR ≥ 12.4% on the whole principal
    // from the disbursement leaves more room than this loan's interest and penalty use.
    const exact = (t: string): [bigint, bigint] => {
      const [w, f = ''] = t.split('.');
      return [BigInt(`${w}${f}`), 10n ** BigInt(f.length)];
    };
    const [rn, rd] = exact(loan.rate);
    const [mn, md] = exact(loan.markup);
    const basis = loan.dayCount === 'ACT/365' ? 365n : 360n;
    const penaltyOf = (principal: number, days: number): number => {
      const num = BigInt(principal) * rn * (md + mn) * BigInt(days);
      const den = rd * md * basis;
      return Number((2n * num + den) / (2n * den));
    };
    const rows = all<{ n: number; due_date: string; principal: number; interest: number; fee: number }>(
      `SELECT n, due_date, principal_due - principal_paid AS principal, interest_due - interest_paid AS interest, fee_due - fee_paid AS fee
       FROM installments WHERE loan_id = ? AND paid_date IS NULL AND due_date < ? ORDER BY n`, loan.id, BD).map((r) => {
      const penalty = penaltyOf(r.principal, daysBetween(r.due_date, BD));
      return { ...r, penalty, total: r.principal + r.interest + r.fee + penalty };
    });
    const total = rows.reduce((s, r) => s + r.total, 0);
    expect(rows.some((r) => r.penalty > 0)).toBe(true);
    const page = await ok<{ balances: { overdue: { penalty: string } } }>(callApi('loans/get', { id: loan.id }, ctx('collector')));
    expect(page.balances.overdue.penalty).toBe(grouped(rows.reduce((s, r) => s + r.penalty, 0)).replace(/,/g, ''));
    const dpd = daysBetween(loan.oldest, BD);
    const d = await ok<{ number: string; contentBase64: string; contentHash: string }>(callApi('documents/notice', { loanId: loan.id, type: 'demand' }, ctx('collector')));
    expect(d.number).toBe(`CG-${loan.number}-20250630`);
    const path = save(Buffer.from(d.contentBase64, 'base64'), 'demand-zh-CN.pdf');
    const layout = text(path);
    for (const r of rows) {
      const penalty = r.penalty > 0 ? `\\s+${grouped(r.penalty)}` : '\\s+0\\.00';
      const line = new RegExp(`^\\s*${r.n}\\s+${r.due_date}\\s+${daysBetween(r.due_date, BD)}\\s+${grouped(r.principal)}\\s+${grouped(r.interest)}${penalty}\\s+${grouped(r.total)}\\s*$`, 'm');
      expect(layout, `installment ${r.n}`).toMatch(line);
    }
    const zh = flat(layout);
    for (const expected of [
      '催告函', `已逾期${dpd}天`, `有${rows.length}期款项未按期偿还`, `逾期应还合计：¥${grouped(total)}`, '本函即为正式催告', '请您于2025-07-15前清偿上述全部逾期款项',
      '宣布全部借款提前到期', `全部剩余本金¥${grouped(loan.outstanding)}`, '甲方住所地有管辖权的人民法院提起诉讼', '本函仅致借款人本人', '不会在22:00至次日08:00之间与您联系',
    ]) expect(zh, expected).toContain(expected);
    for (const absent of ['上门', '曝光', '通讯录', '拘留']) expect(zh, absent).not.toContain(absent);
    fontsEmbeddedAsSubsets(path);
    png(path, 'demand-zh-CN');
    const en = await prepareNotice(documentStores(kyselyOf(db)), loan.id, 'demand', 'en', BD);
    const enPath = save(en.bytes, 'demand-en.pdf');
    const enText = words(text(enPath, false));
    for (const expected of ['Final Demand for Payment', 'This letter is a formal demand', 'declare the whole loan due at once', `${dpd} days overdue`, `CNY ${grouped(total)}`]) {
      expect(enText, expected).toContain(expected);
    }
    png(enPath, 'demand-en');
  });

  it('is refused for a loan that is not late, not active, or not yet at the final-demand step', async () => {
    const current = one<{ id: string }>("SELECT id FROM loans WHERE status = 'active' AND method <> 'revolving' AND (oldest_unpaid_due_date IS NULL OR oldest_unpaid_due_date >= ?) LIMIT 1", BD);
    const closed = one<{ id: string }>("SELECT id FROM loans WHERE status = 'closed' LIMIT 1");
    expect(await callApi('documents/notice', { loanId: current.id, type: 'notice' }, ctx('collector'))).toMatchObject({ ok: false, error: { code: 'RULE', key: 'notices.notOverdue' } });
    expect(await callApi('documents/notice', { loanId: closed.id, type: 'notice' }, ctx('collector', [], 'zh-CN'))).toMatchObject({ ok: false, error: { code: 'RULE', key: 'notices.notActive', message: expect.stringContaining('已结清') } });
    // 76 days: the ladder's final demand comes at 90.
    expect(await callApi('documents/notice', { loanId: LOAN, type: 'demand' }, ctx('collector'))).toMatchObject({ ok: false, error: { code: 'RULE', key: 'notices.demandTooEarly' } });
    expect(await callApi('documents/notice', { loanId: LOAN, type: 'notice' }, ctx('officer'))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('notice batch', () => {
  const lateBy = (days: number): string[] =>
    all<{ id: string }>("SELECT id FROM loans WHERE status = 'active' AND oldest_unpaid_due_date IS NOT NULL AND julianday(?) - julianday(oldest_unpaid_due_date) >= ? ORDER BY id", BD, days).map((r) => r.id);
  const recorded = () => one<{ n: number }>('SELECT (SELECT count(*) FROM issued_documents) + (SELECT count(*) FROM documents) + (SELECT count(*) FROM audit_log) AS n').n;
  const files = (): number => (existsSync(join(dir, 'documents')) ? readdirSync(join(dir, 'documents'), { recursive: true }).length : 0);

  it('prints one letter per loan 30+ days late into one PDF, each on its own pages, and records each', async () => {
    const expected = lateBy(30);
    expect(expected.length).toBeGreaterThan(5);
    expect(expected).toContain(LOAN);
    const events: ApiEvent[] = [];
    const r = await ok<{ task: string; number: string; count: number; pages: number; documentId: string; sha256: string; reused: boolean; contentHash: string }>(
      callApi('notices/batch', { minDaysPastDue: 30, task: 'batch-30' }, ctx('collector', events)),
    );
    expect(r).toMatchObject({ task: 'batch-30', number: 'PL20250630-TZ30', count: expected.length, reused: false });
    // Progress under the task's name, ending at the whole.
    expect(events.length).toBeGreaterThan(1);
    expect(events.every((e) => e.type === 'progress' && e.task === 'batch-30' && e.total === expected.length)).toBe(true);
    expect(events.at(-1)).toMatchObject({ done: expected.length, total: expected.length });

    // The file, fetched as the desk fetches it.
    const content = await ok<{ contentBase64: string }>(callApi('documents/content', { id: r.documentId }, ctx('collector')));
    const bytes = Buffer.from(content.contentBase64, 'base64');
    const path = save(bytes, 'notices-batch-zh-CN.pdf');
    expect(pageCount(path)).toBe(r.pages);
    fontsEmbeddedAsSubsets(path);

    // One letter per loan, each linked to the one file, and the batch's own row with where each letter is.
    const letters = all<{ loan: string; number: string; owner_type: string; content_hash: string }>(
      `SELECT d.owner_id AS loan, i.number, i.owner_type, i.content_hash FROM issued_documents i JOIN documents d ON d.id = i.document_id
       WHERE i.type = 'notice' AND d.sha256 = ? ORDER BY d.owner_id`, r.sha256);
    expect(letters.map((l) => l.loan)).toEqual(expected);
    expect(new Set(letters.map((l) => l.number)).size).toBe(expected.length);
    const batchRow = one<{ content: string }>("SELECT content FROM issued_documents WHERE type = 'notices' AND owner_type = 'batch' AND owner_id = ?", r.number);
    const layout = JSON.parse(batchRow.content) as { notices: { loanId: string; number: string; contentHash: string; firstPage: number; pages: number }[] };
    expect(layout.notices).toHaveLength(expected.length);

    // Each letter starts a page with its title, and numbers its own pages with its own number and check code.
    const pages = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' }).split('\f').map(flat);
    let next = 1;
    for (const n of layout.notices) {
      expect(n.firstPage).toBe(next);
      next += n.pages;
      expect(pages[n.firstPage - 1]?.startsWith('逾期还款提醒函'), n.number).toBe(true);
      for (let k = 1; k <= n.pages; k++) {
        const page = pages[n.firstPage - 2 + k] as string;
        expect(page).toContain(`编号${n.number}校验码${n.contentHash}`);
        expect(page).toContain(`第${k}页共${n.pages}页`);
      }
    }
    expect(next - 1).toBe(r.pages);
    // The letter in the batch is the letter printed alone: same check code.
    const alone = await prepareNotice(documentStores(kyselyOf(db)), LOAN, 'notice', 'zh-CN', BD);
    expect(layout.notices.find((n) => n.loanId === LOAN)?.contentHash).toBe(alone.hash);
    // Longest overdue first.
    const oldest = layout.notices.map((n) => one<{ d: string }>('SELECT oldest_unpaid_due_date AS d FROM loans WHERE id = ?', n.loanId).d);
    expect([...oldest].sort()).toEqual(oldest);
    png(path, 'notices-batch-zh-CN', 3);

    // The same batch again: the same file, nothing new recorded.
    const before = recorded();
    const again = await ok<{ sha256: string; reused: boolean }>(callApi('notices/batch', { minDaysPastDue: 30 }, ctx('manager')));
    expect(again).toMatchObject({ sha256: r.sha256, reused: true });
    expect(recorded()).toBe(before + 1); // the call's audit row only
  });

  it('prints in English too, and is byte-identical for the same inputs', async () => {
    const run = async () => {
      const b = await startNoticeBatch(file, { businessDate: BD, minDaysPastDue: 60, kind: 'notice', lang: 'en' }).done;
      if (!b) throw new Error('cancelled');
      return b;
    };
    const [a, b] = [await run(), await run()];
    expect(a.bytes.equals(b.bytes)).toBe(true);
    expect(a.notices.map((n) => n.loanId).sort()).toEqual(lateBy(60));
    const path = save(a.bytes, 'notices-batch-en.pdf');
    const t = words(text(path, false));
    expect(t.split('Overdue Payment Notice').length - 1).toBe(a.notices.length);
    png(path, 'notices-batch-en', 2);
  });

  it('final demands go only to loans at the ladder step, whatever the threshold asked', async () => {
    const r = await ok<{ count: number; threshold: number }>(callApi('notices/batch', { minDaysPastDue: 30, type: 'demand' }, ctx('collector')));
    expect(r).toMatchObject({ threshold: 90, count: lateBy(90).length });
  });

  it('cancelled, leaves nothing recorded and no file', async () => {
    const before = { rows: recorded(), files: files() };
    const events: ApiEvent[] = [];
    let cancel: Promise<ApiResponse> | undefined;
    const c = ctx('collector', events);
    c.emit = (e) => {
      events.push(e);
      cancel ??= callApi('notices/cancel', { task: 'to-cancel' }, ctx('collector'));
    };
    const r = await callApi('notices/batch', { minDaysPastDue: 1, task: 'to-cancel' }, c);
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'notices.cancelled' } });
    expect(await cancel).toMatchObject({ ok: true, result: { cancelled: true } });
    expect(recorded()).toBe(before.rows);
    expect(files()).toBe(before.files);
    // Only the one who started a batch may cancel it; an unknown task is simply not running.
    expect(await ok(callApi('notices/cancel', { task: 'to-cancel' }, ctx('manager')))).toEqual({ task: 'to-cancel', cancelled: false });
  });

  it('a batch that fails says why, with a typed error, and records nothing', async () => {
    const before = recorded();
    await expect(startNoticeBatch(join(dir, 'missing.db'), { businessDate: BD, minDaysPastDue: 1, kind: 'notice', lang: 'zh-CN' }).done).rejects.toMatchObject({ code: 'NOT_FOUND', key: 'db.missing' });
    expect(recorded()).toBe(before);
    expect(await ok(callApi('notices/batch', { minDaysPastDue: 3000 }, ctx('collector')))).toMatchObject({ count: 0, documentId: null });
  });

  it('runs from the command line: progress on stderr, a JSON summary on stdout', async () => {
    const copy = join(dir, 'copy.db');
    await db.backup(copy);
    const target = join(dir, 'cli-notices.pdf');
    const run = await runCli(['notices', '--db', copy, '--min-dpd', '60', '--out', target]);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { count: number; pages: number; number: string; out: string };
    expect(summary).toMatchObject({ count: lateBy(60).length, number: 'PL20250630-TZ60', out: target });
    expect(run.stderr).toContain(`notices: ${summary.count}/${summary.count}`);
    expect(pageCount(target)).toBe(summary.pages);
  }, 60_000);
});
