/**
 * The one-year LPR table kept in the book, on real SQLite files through the api: seeded with the
 * shipped rates (a lender's own rows kept), a rate added for a month moves the 4 x LPR line of every
 * loan paid out after it and of every quote, offer and contract dated after it, while a loan already
 * paid out keeps the cap it was given; typed, translated refusals; who may read and change it; an
 * audit row for every change. Cap amounts are worked by hand in the comments (and in
 * docs/checks/servicing.py).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { callApi, type MethodName } from '../../src/api';
import { openDatabase } from '../../src/db/connection';
import { migrate } from '../../src/db/migrate';
import { MIGRATIONS } from '../../src/db/sqlite/migrations';
import { identityRepo } from '../../src/db/repos/identity';
import { DEFAULT_LPR_TABLE } from '../../src/pricing/caps';
import { DEFAULT_ORIGINATION } from '../../src/origination/settings';
import { insertStandardProducts } from '../../src/origination/products';
import { applicationStore } from '../../src/db/repos/applications';
import { kyselyOf } from '../../src/db/kysely';
import type { Role } from '../../src/identity/roles';
import { freshBook, type Book } from '../helpers/book';
import { call, disbursedLoan, idNumber, signedApplication } from '../helpers/servicing';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex').toString('base64');

let book: Book;
afterEach(() => book?.close());

const TODAY = '2026-11-28';
const open = (): Promise<Book> => freshBook({ now: () => new Date(`${TODAY}T09:00:00Z`) });
const setDate = (d: string): void => identityRepo(book.db).setBusinessDate(d);
const fails = async (name: MethodName, input: Record<string, unknown>, role: Role | null = 'admin', lang: 'en' | 'zh-CN' = 'en') => {
  const r = await callApi(name, input, book.ctx(role, lang));
  if (r.ok) throw new Error(`${name} should have failed`);
  return r.error;
};
type Table = { businessDate: string; inForce: { effectiveFrom: string; oneYear: string; line: string } | null; rows: { effectiveFrom: string; oneYear: string; shipped: boolean }[] };
const table = (): Promise<Table> => call<Table>(book, 'settings/lpr', {}, 'admin');
type Warning = { code: string; limit: string; lpr?: { from: string; rate: string } };
const quote = { principal: '100000', annualRate: '0.119', term: 12, method: 'equal-installment', disbursementDate: TODAY };
const quoteWarnings = async (role: Role | null = null): Promise<Warning[]> => {
  const r = await callApi('quote/schedule', quote, book.ctx(role));
  if (!r.ok) throw new Error(r.error.message);
  return (r.result as { annualizedRate: { capWarnings: Warning[] } }).annualizedRate.capWarnings;
};
type LoanView = { loan: { penaltyCapRate: string | null }; balances: { penalty: { cap: string | null } } };
const loan = (id: string): Promise<LoanView> => call<LoanView>(book, 'loans/get', { id });
const storedCap = (id: string): string | null => (book.db.prepare('SELECT penalty_cap_rate AS r FROM loans WHERE id = ?').get(id) as { r: string | null }).r;

describe('the book’s LPR table', () => {
  it('starts as the shipped table, newest first, with the rate in force on the business date', async () => {
    book = await open();
    const t = await table();
    expect(t.businessDate).toBe(TODAY);
    expect(t.rows).toEqual([...DEFAULT_LPR_TABLE].reverse().map((e) => ({ effectiveFrom: e.from, oneYear: e.rate, shipped: true })));
    expect(t.inForce).toEqual({ effectiveFrom: '2025-05-20', oneYear: '0.0300', line: '0.1200' });
    const info = await call<{ lpr: { from: string; rate: string } }>(book, 'system/info', {}, 'officer');
    expect(info.lpr).toEqual({ from: '2025-05-20', rate: '0.0300' });
  });

  it('is seeded by migration 0008 without touching the rows a lender already keeps', () => {
    const dir = mkdtempSync(join(tmpdir(), 'suanpan-lpr-'));
    try {
      const db = openDatabase(join(dir, 'book.db'), { migrate: false });
      migrate(db, MIGRATIONS.filter((m) => m.id < 8));
      db.prepare("INSERT INTO lpr_rates (effective_from, one_year, five_year) VALUES ('2025-05-20', '0.0310', '0.0350'), ('2025-06-20', '0.0300', NULL)").run();
      // 0008 alone, as a book written before it is opened by this release.
      expect(migrate(db, MIGRATIONS.filter((m) => m.id <= 8))).toEqual([8]);
      const rows = db.prepare('SELECT effective_from, one_year, five_year FROM lpr_rates ORDER BY effective_from').all() as { effective_from: string; one_year: string; five_year: string | null }[];
      expect(rows).toHaveLength(DEFAULT_LPR_TABLE.length + 1);
      expect(rows.find((r) => r.effective_from === '2025-05-20')).toEqual({ effective_from: '2025-05-20', one_year: '0.0310', five_year: '0.0350' });
      expect(rows.find((r) => r.effective_from === '2025-06-20')?.one_year).toBe('0.0300');
      expect(rows.find((r) => r.effective_from === '2019-08-20')?.one_year).toBe('0.0425');
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a rate added for a month sets the cap of loans paid out after it; a loan paid out before keeps its own', async () => {
    book = await open();
    // Paid out on 2026-10-21 at 11.9%, before the lender entered October's rate: the line is
    // 4 x 3.00% (in force from 2025-05-20) = 12.00%, and it is fixed on the loan.
    setDate('2026-10-21');
    const before = await disbursedLoan(book, { amount: '100000', term: 12, rate: '0.119' });
    expect(storedCap(before)).toBe('0.120000');

    setDate(TODAY);
    // 11.9% is under the 12.00% line: no warning yet.
    expect(await quoteWarnings()).toEqual([]);
    const saved = await call(book, 'settings/saveLpr', { effectiveFrom: '2026-10-20', oneYear: '0.0295' }, 'admin');
    expect(saved).toEqual({ effectiveFrom: '2026-10-20', oneYear: '0.0295', previous: null });
    expect((await table()).inForce).toEqual({ effectiveFrom: '2026-10-20', oneYear: '0.0295', line: '0.1180' });
    expect((await call<{ lpr: unknown }>(book, 'system/info', {}, 'officer')).lpr).toEqual({ from: '2026-10-20', rate: '0.0295' });

    // Now the line is 4 x 2.95% = 11.80%: the same quote is above it, signed out or in.
    const warning = { code: 'above-4x-lpr', limit: '0.1180', lpr: { from: '2026-10-20', rate: '0.0295' } };
    expect(await quoteWarnings()).toEqual([warning]);
    expect(await quoteWarnings('officer')).toEqual([warning]);
    const compared = await call<{ annualizedRate: { capWarnings: Warning[] } }[]>(book, 'quote/compare', { ...(({ method: _m, ...rest }) => rest)(quote), methods: ['equal-installment'] }, 'officer');
    expect(compared[0]?.annualizedRate.capWarnings).toEqual([warning]);

    // A contract issued today carries the warning, and the loan paid out on it stores 11.80%.
    const appId = await signedApplication(book, { amount: '100000', term: 12, rate: '0.119' });
    const contract = JSON.parse((book.db.prepare("SELECT content FROM issued_documents WHERE owner_type = 'application' AND owner_id = ? AND type = 'contract'").get(appId) as { content: string }).content) as { capWarnings: unknown[] };
    expect(contract.capWarnings).toEqual([{ code: 'above-4x-lpr', limit: '0.1180' }]);
    const after = (await call<{ loanId: string }>(book, 'loans/disburse', { applicationId: appId }, 'senior_approver')).loanId;
    expect(storedCap(after)).toBe('0.118000');
    expect((await loan(after)).loan.penaltyCapRate).toBe('0.118000');
    // The loan paid out before keeps 12.00%.
    expect(storedCap(before)).toBe('0.120000');
    expect((await loan(before)).loan.penaltyCapRate).toBe('0.120000');

    // The cap on 2027-02-28, nothing repaid (principal in use 100,000 throughout, ACT/365, rounded down):
    //   after:  100,000 x 11.80% x 92 / 365 (2026-11-28 to 2027-02-28)  = 2,974.2465… -> 2,974.24
    //   before: 100,000 x 12.00% x 130 / 365 (2026-10-21 to 2027-02-28) = 4,273.9726… -> 4,273.97
    setDate('2027-02-28');
    expect((await loan(after)).balances.penalty.cap).toBe('2974.24');
    expect((await loan(before)).balances.penalty.cap).toBe('4273.97');

    // A loan booked without a stored cap (as a demo book books them) takes the line from the table.
    book.db.prepare('UPDATE loans SET penalty_cap_rate = NULL WHERE id = ?').run(after);
    expect((await loan(after)).loan.penaltyCapRate).toBe('0.118000');
    expect((await loan(after)).balances.penalty.cap).toBe('2974.24');
  }, 60_000);

  it('an offer priced after the rate was added warns against 4 x that rate', async () => {
    book = await open();
    const pricing = Object.fromEntries(['A', 'B', 'C', 'D', 'E'].map((g) => [g, { rate: '0.119', maxAmount: '200000', maxTerm: 36, incomeMultiple: 12 }]));
    await call(book, 'settings/saveOrigination', { settings: { ...DEFAULT_ORIGINATION, reviewShare: '0', pricing: { 'CONSUMER-EI': pricing } } }, 'admin');
    await insertStandardProducts(applicationStore(kyselyOf(book.db)), `${TODAY}T09:00:00.000Z`);
    const offerWarnings = async (n: number): Promise<Warning[]> => {
      // An application with its documents, submitted for screening, scoring and pricing today.
      const customer = await call<{ id: string }>(book, 'customers/create', { kind: 'individual', name: `申请人${n}`, idNumber: idNumber('110105', '19850312', `20${n}`), phone: `1390000000${n}` }, 'officer');
      const app = await call<{ id: string }>(book, 'applications/create', { customerId: customer.id, productId: 'P-EI', amount: '20000', term: 12, purpose: '消费', monthlyIncome: '30000' }, 'officer');
      for (const kind of ['id_card', 'income_proof']) await call(book, 'applications/addDocument', { applicationId: app.id, kind, fileName: `${kind}.png`, contentBase64: PNG }, 'officer');
      await call(book, 'applications/submit', { id: app.id }, 'officer');
      const page = await call<{ assessment: { offer: { rate: string; capWarnings: Warning[] } } }>(book, 'applications/get', { id: app.id }, 'senior_approver');
      expect(page.assessment.offer.rate).toBe('0.119');
      return page.assessment.offer.capWarnings;
    };
    expect(await offerWarnings(1)).toEqual([]);
    await call(book, 'settings/saveLpr', { effectiveFrom: '2026-10-20', oneYear: '0.0295' }, 'admin');
    expect(await offerWarnings(2)).toEqual([{ code: 'above-4x-lpr', limit: '0.1180', lpr: { from: '2026-10-20', rate: '0.0295' } }]);
  }, 60_000);
});

describe('keeping the table', () => {
  it('corrects a rate, keeps it with four decimals, and writes an audit row for each change', async () => {
    book = await open();
    expect(await call(book, 'settings/saveLpr', { effectiveFrom: '2026-10-20', oneYear: ' 0.03 ' }, 'admin')).toMatchObject({ oneYear: '0.0300', previous: null });
    expect(await call(book, 'settings/saveLpr', { effectiveFrom: '2026-10-20', oneYear: '0.029500' }, 'admin')).toMatchObject({ oneYear: '0.0295', previous: '0.0300' });
    // A shipped rate may be corrected too (it stays shipped: it cannot be removed).
    expect(await call(book, 'settings/saveLpr', { effectiveFrom: '2025-05-20', oneYear: '0.03' }, 'admin')).toMatchObject({ oneYear: '0.0300', previous: '0.0300' });
    // A month missed is filled in later, before the rows already there.
    await call(book, 'settings/saveLpr', { effectiveFrom: '2025-06-20', oneYear: '0.0300' }, 'admin');
    const t = await table();
    expect(t.rows.slice(0, 3)).toEqual([
      { effectiveFrom: '2026-10-20', oneYear: '0.0295', shipped: false },
      { effectiveFrom: '2025-06-20', oneYear: '0.0300', shipped: false },
      { effectiveFrom: '2025-05-20', oneYear: '0.0300', shipped: true },
    ]);
    expect(await call(book, 'settings/removeLpr', { effectiveFrom: '2025-06-20' }, 'admin')).toEqual({ effectiveFrom: '2025-06-20', oneYear: '0.0300' });
    expect((await table()).rows.map((r) => r.effectiveFrom)).not.toContain('2025-06-20');
    const audit = book.db.prepare("SELECT a.method, a.entity_type, a.entity_id, a.summary, u.username FROM audit_log a JOIN users u ON u.id = a.user_id WHERE a.entity_type = 'lpr' ORDER BY a.id").all();
    expect(audit).toEqual([
      { method: 'settings/saveLpr', entity_type: 'lpr', entity_id: '2026-10-20', summary: 'one-year LPR from 2026-10-20 set to 0.0300 (added)', username: 'admin' },
      { method: 'settings/saveLpr', entity_type: 'lpr', entity_id: '2026-10-20', summary: 'one-year LPR from 2026-10-20 set to 0.0295 (was 0.0300)', username: 'admin' },
      { method: 'settings/saveLpr', entity_type: 'lpr', entity_id: '2025-05-20', summary: 'one-year LPR from 2025-05-20 set to 0.0300 (was 0.0300)', username: 'admin' },
      { method: 'settings/saveLpr', entity_type: 'lpr', entity_id: '2025-06-20', summary: 'one-year LPR from 2025-06-20 set to 0.0300 (added)', username: 'admin' },
      { method: 'settings/removeLpr', entity_type: 'lpr', entity_id: '2025-06-20', summary: 'one-year LPR from 2025-06-20 (0.0300) removed', username: 'admin' },
    ]);
  });

  it('refuses bad rates and dates with typed errors in the desk’s language, and writes nothing', async () => {
    book = await open();
    const count = () => (book.db.prepare('SELECT (SELECT count(*) FROM lpr_rates) + (SELECT count(*) FROM audit_log) AS n').get() as { n: number }).n;
    const before = count();
    // A percentage typed where a fraction is asked for: 2.95 is 295%.
    expect(await fails('settings/saveLpr', { effectiveFrom: '2026-10-20', oneYear: '2.95' })).toMatchObject({
      code: 'VALIDATION',
      key: 'lpr.rate',
      message: 'oneYear: "2.95" is not a one-year LPR: give it as a fraction above 0 and at most 0.2, with at most 6 decimals ("0.0300" is 3.00%)',
      fields: [{ field: 'oneYear' }],
    });
    expect(await fails('settings/saveLpr', { effectiveFrom: '2026-10-20', oneYear: '2.95' }, 'admin', 'zh-CN')).toMatchObject({
      code: 'VALIDATION',
      message: '一年期 LPR：“2.95”不是有效的一年期 LPR：请以小数填写，大于 0 且不超过 0.2，最多 6 位小数（"0.0300" 即 3.00%）',
    });
    for (const bad of ['0', '0.0000', '-0.03', '0.2001', '0.0295%', '0.02951234', 'abc', '']) {
      expect(await fails('settings/saveLpr', { effectiveFrom: '2026-10-20', oneYear: bad }), bad).toMatchObject({ code: 'VALIDATION', key: 'lpr.rate' });
    }
    expect(await call(book, 'settings/saveLpr', { effectiveFrom: '2026-10-20', oneYear: '0.2' }, 'admin')).toMatchObject({ oneYear: '0.2000' });
    await call(book, 'settings/removeLpr', { effectiveFrom: '2026-10-20' }, 'admin');
    const afterEdge = count();
    expect(await fails('settings/saveLpr', { effectiveFrom: '2026-11-30', oneYear: '0.0295' })).toMatchObject({
      code: 'VALIDATION',
      key: 'lpr.dateInFuture',
      message: 'the LPR effective from 2026-11-30 is after the business date 2026-11-28; enter a rate once it is published and in force',
      fields: [{ field: 'effectiveFrom' }],
    });
    expect((await fails('settings/saveLpr', { effectiveFrom: '2026-11-30', oneYear: '0.0295' }, 'admin', 'zh-CN')).message).toBe('LPR 生效日 2026-11-30 晚于营业日 2026-11-28；请在报价公布并生效后再录入');
    expect(await fails('settings/saveLpr', { effectiveFrom: '2026-02-30', oneYear: '0.0295' })).toMatchObject({ code: 'VALIDATION', key: 'validation.date' });
    expect((await fails('settings/saveLpr', { effectiveFrom: '2026-02-30', oneYear: '0.0295' }, 'admin', 'zh-CN')).message).toBe('生效日：“2026-02-30”不是有效日期（格式 YYYY-MM-DD）');
    expect(await fails('settings/saveLpr', { effectiveFrom: '2026-10-20' })).toMatchObject({ code: 'VALIDATION', key: 'validation.required' });
    expect(count()).toBe(afterEdge);
    expect(afterEdge).toBe(before + 2);
  });

  it('removes only what the lender added, and never the last rate', async () => {
    book = await open();
    expect(await fails('settings/removeLpr', { effectiveFrom: '2026-10-20' })).toMatchObject({ code: 'NOT_FOUND', key: 'lpr.notFound', message: 'there is no LPR effective from 2026-10-20' });
    expect(await fails('settings/removeLpr', { effectiveFrom: '2025-05-20' })).toMatchObject({
      code: 'RULE',
      key: 'lpr.shipped',
      message: 'the LPR effective from 2025-05-20 is a published rate shipped with Suanpan; correct its rate instead of removing it',
    });
    expect((await fails('settings/removeLpr', { effectiveFrom: '2025-05-20' }, 'admin', 'zh-CN')).message).toBe('2025-05-20 起生效的 LPR 是系统随附的已公布报价，只能更正利率，不能删除');
    // A table left with one rate (as if the shipped ones had been deleted by hand) keeps it.
    await call(book, 'settings/saveLpr', { effectiveFrom: '2026-10-20', oneYear: '0.0295' }, 'admin');
    book.db.prepare("DELETE FROM lpr_rates WHERE effective_from <> '2026-10-20'").run();
    expect(await fails('settings/removeLpr', { effectiveFrom: '2026-10-20' })).toMatchObject({ code: 'RULE', key: 'lpr.lastEntry' });
    expect((await fails('settings/removeLpr', { effectiveFrom: '2026-10-20' }, 'admin', 'zh-CN')).message).toBe('2026-10-20 的 LPR 是表中仅有的一条报价；四倍 LPR 上限至少需要一条');
    expect((await table()).rows).toEqual([{ effectiveFrom: '2026-10-20', oneYear: '0.0295', shipped: false }]);
  });

  it('is read by managers and administrators, and kept by administrators only', async () => {
    book = await open();
    for (const role of [null, 'officer', 'senior_approver', 'collections'] as const) {
      expect((await fails('settings/lpr', {}, role)).code, `${role} reads`).toBe('FORBIDDEN');
    }
    for (const role of ['branch_manager', 'admin'] as const) expect((await call<Table>(book, 'settings/lpr', {}, role)).rows.length).toBe(DEFAULT_LPR_TABLE.length);
    for (const role of [null, 'officer', 'senior_approver', 'collections', 'branch_manager'] as const) {
      expect(await fails('settings/saveLpr', { effectiveFrom: '2026-10-20', oneYear: '0.0295' }, role), `${role} saves`).toMatchObject({ code: 'FORBIDDEN' });
      expect(await fails('settings/removeLpr', { effectiveFrom: '2025-05-20' }, role), `${role} removes`).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await fails('settings/saveLpr', { effectiveFrom: '2026-10-20', oneYear: '0.0295' }, 'branch_manager', 'zh-CN')).message).toBe('您没有执行此操作的权限（settings.manage）');
    expect((await table()).rows.length).toBe(DEFAULT_LPR_TABLE.length);
  });
});
