/**
 * The income-share rule through the api (issue 12, item 7): the amount against exactly one third
 * of annual income, a policy share kept as an exact fraction ("1/3") in the setting. Limits are
 * worked out by hand: 12 x the monthly income ÷ 3 (docs/risk-and-collections.md, "Amount and
 * burden"). On a desk's book and on the office book alike.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { callApi, type ApiResponse } from '../../src/api';
import { insertStandardProducts } from '../../src/origination/products';
import { applicationStore } from '../../src/db/repos/applications';
import { DEFAULT_ORIGINATION } from '../../src/origination/settings';
import { freshBook, freshOfficeBook, type Book, type OfficeTestBook } from '../helpers/book';
import { idNumber } from '../helpers/ids';
import { builderOf } from '../helpers/servicing';

let book: Book | OfficeTestBook;
afterEach(async () => {
  await book?.close();
});

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex').toString('base64');

async function ok<T = Record<string, unknown>>(p: Promise<ApiResponse>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.key}: ${r.error.message}`);
  return r.result as T;
}

type Rule = { code: string; outcome: string; effect: string; message: string };

/** Submits an application for `amount` on `income` a month and returns its INCOME_SHARE result, in `lang`. */
async function incomeShare(amount: string, income: string, lang: 'en' | 'zh-CN' = 'en'): Promise<Rule | undefined> {
  const c = await ok<{ id: string }>(callApi('customers/create', { kind: 'individual', name: '陈静', idNumber: idNumber('110105', '19850312', '002'), phone: '13812345678' }, book.ctx('officer')));
  const app = await ok<{ id: string }>(callApi('applications/create', {
    customerId: c.id, productId: 'P-EI', amount, term: 36, purpose: '装修', monthlyIncome: income, monthlyDebt: '0',
    employmentYears: 8, bureauOverdue24m: 0, bureauInquiries6m: 1, bureauCurrentOverdue: 0,
  }, book.ctx('officer')));
  for (const kind of ['id_card', 'income_proof']) await ok(callApi('applications/addDocument', { applicationId: app.id, kind, fileName: `${kind}.png`, contentBase64: PNG }, book.ctx('officer')));
  await ok(callApi('applications/submit', { id: app.id }, book.ctx('officer')));
  const page = await ok<{ assessment: { rules: Rule[] } }>(callApi('applications/get', { id: app.id }, book.ctx('senior_approver', lang)));
  return page.assessment.rules.find((r) => r.code === 'INCOME_SHARE');
}

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`income share on ${engine === 'sqlite' ? 'a desk’s book' : 'the office book'}`, () => {
    it('80,000 on 20,000 a month is within a third of annual income (240,000 ÷ 3 = 80,000.00)', async () => {
      book = engine === 'sqlite' ? await freshBook() : await freshOfficeBook();
      await insertStandardProducts(applicationStore(builderOf(book)), '2025-06-01T09:00:00.000Z');
      const policy = await ok<{ settings: { rules: { incomeShare: string } } }>(callApi('settings/origination', {}, book.ctx('admin')));
      expect(policy.settings.rules.incomeShare).toBe('1/3');
      // Before the fix the default 0.3333 gave 240,000 x 0.3333 = 79,992.00 and flagged this one.
      expect(await incomeShare('80000', '20000')).toMatchObject({ outcome: 'pass', effect: 'none', message: '¥80,000.00 is within ¥80,000.00 (the share of annual income allowed)' });
    });

    it('one fen over the third goes to review, and says so in Chinese', async () => {
      book = engine === 'sqlite' ? await freshBook() : await freshOfficeBook();
      await insertStandardProducts(applicationStore(builderOf(book)), '2025-06-01T09:00:00.000Z');
      expect(await incomeShare('80000.01', '20000', 'zh-CN')).toMatchObject({ outcome: 'fail', effect: 'review', message: '申请金额 ¥80,000.01 超过年收入允许比例 ¥80,000.00' });
    });

    it('an administrator may write a share as a ratio or a decimal; anything else is refused in words', async () => {
      book = engine === 'sqlite' ? await freshBook() : await freshOfficeBook();
      const save = (incomeShare: string, lang: 'en' | 'zh-CN' = 'en') =>
        callApi('settings/saveOrigination', { settings: { ...DEFAULT_ORIGINATION, rules: { ...DEFAULT_ORIGINATION.rules, incomeShare } } }, book.ctx('admin', lang));
      expect(await ok(save('1/3'))).toEqual({ version: 1 });
      expect(await ok(save('0.25'))).toEqual({ version: 2 });
      const stored = await ok<{ version: number; settings: { rules: { incomeShare: string } } }>(callApi('settings/origination', {}, book.ctx('admin')));
      expect(stored).toMatchObject({ version: 2, settings: { rules: { incomeShare: '0.25' } } });
      const bad = await save('4/3');
      expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'settings.invalid' } });
      if (!bad.ok) expect(bad.error.message).toBe('the settings are not valid: rules.incomeShare: must be from 0 to 1');
      const worse = await save('三分之一', 'zh-CN');
      if (worse.ok) throw new Error('saved');
      expect(worse.error.message).toBe('设置无效：rules.incomeShare: "三分之一" is not a fraction (write 0.1 or 1/3)');
    });
  });
}
