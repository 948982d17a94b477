/**
 * Settings in browser mode. The administrator opens Settings (Alt+7), is refused a policy whose
 * decline line is below its review line (the engine says why, on the field), then lowers the
 * officer's approval authority from 50,000 to 30,000 and the debt-to-income review line to 45%
 * and saves version 1; imports a scorecard model (a file that is not JSON is refused); prices two
 * grades of a product and saves version 2. A senior
 * approver sees only the lists, adds a phone to the blacklist with a reason and takes it off again
 * with a reason. The administrator adds the month's one-year LPR in percent (a rate out of range is
 * refused) and sees it in force. A branch manager reads the policy but cannot change it. Screenshots
 * of the policy, the LPR table and the lists in both languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { callApi, type MethodName } from '../../src/api';
import { insertStandardProducts } from '../../src/origination/products';
import { applicationStore } from '../../src/db/repos/applications';
import { kyselyOf } from '../../src/db/kysely';
import { DEFAULT_SCORECARD } from '../../src/scoring/default';
import type { Role } from '../../src/identity/roles';
import { openDesk, outputDir, settled, signIn, type Desk } from './harness';

let desk: Desk;
let page: Page;
const files = mkdtempSync(join(tmpdir(), 'suanpan-settings-'));
const visible = (locator: Locator) => locator.waitFor({ state: 'visible', timeout: 30_000 });
const text = async (testId: string) => (await page.getByTestId(testId).first().textContent())?.trim() ?? '';

async function api<T>(method: MethodName, input: unknown, role: Role): Promise<T> {
  const r = await callApi(method, input, desk.book.ctx(role, 'zh-CN'));
  if (!r.ok) throw new Error(`${method}: ${r.error.key}: ${r.error.message}`);
  return r.result as T;
}

async function language(lang: 'EN' | '中文'): Promise<void> {
  await page.getByTestId('language').getByText(lang).click();
}

/** Picks an option of an antd Select by its text. */
/** Picks an option of an antd select: in the dropdown that is open now, once the last one has closed. */
async function choose(selector: string, option: string): Promise<void> {
  const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  await expect.poll(() => open.count()).toBe(0);
  await page.locator(selector).click();
  const item = open.locator('.ant-select-item-option').filter({ hasText: option }).first();
  await item.waitFor({ state: 'visible' });
  await item.click();
  await expect.poll(() => open.count()).toBe(0);
}

async function shot(name: string): Promise<void> {
  await settled(page);
  await page.screenshot({ path: join(outputDir, `${name}.png`), fullPage: true });
}

const PHONE = '13900002222';

beforeAll(async () => {
  desk = await openDesk({ now: () => new Date('2025-06-01T09:00:00') });
  page = desk.page;
  // A step that cannot happen fails with its own message rather than the test's timeout.
  page.setDefaultTimeout(30_000);
  // A book made by the harness has no products: the standard catalogue, as a new book gets.
  await insertStandardProducts(applicationStore(kyselyOf(desk.book.db)), '2025-06-01T09:00:00.000Z');
  writeFileSync(join(files, 'scorecard.json'), JSON.stringify({ ...DEFAULT_SCORECARD, name: 'branch-trial', version: 2 }));
  writeFileSync(join(files, 'broken.json'), '{ "name": "branch-trial", ');
  await page.goto(desk.host.url);
}, 180_000);

afterAll(async () => {
  await desk?.close();
});

describe('settings on the desk', () => {
  it('the administrator lowers the officer’s authority and the DTI review line and saves version 1', async () => {
    await signIn(page, 'admin');
    await page.keyboard.press('Alt+7');
    await visible(page.getByTestId('policy'));
    // An administrator keeps the policy but sees no borrower data: no lists tab.
    await visible(page.getByTestId('settings-tab-scorecard'));
    expect(await page.getByTestId('settings-tab-lists').count()).toBe(0);
    expect(await text('policy-version')).toBe('第 0 版（系统默认）');
    expect(await page.locator('#policy_officer').inputValue()).toBe('50000');
    expect(await page.locator('#policy_dtiReview').inputValue()).toBe('50');
    expect(await page.locator('#policy_dtiDecline').inputValue()).toBe('55');
    // The default share is exactly one third (docs/risk-and-collections.md), shown as the ratio.
    expect(await page.locator('#policy_incomeShare').inputValue()).toBe('1/3');
    expect(await page.locator('#policy_reviewShare').inputValue()).toBe('10');

    await page.locator('#policy_officer').fill('30000');
    await page.locator('#policy_dtiReview').fill('45');
    // A decline line below the review line: the engine refuses it and names the field.
    await page.locator('#policy_dtiDecline').fill('40');
    await page.getByTestId('policy-save').click();
    await visible(page.getByTestId('policy-confirm'));
    expect(await text('policy-confirm')).toContain('第 1 版');
    await page.getByTestId('policy-confirm-ok').click();
    await visible(page.getByTestId('policy-error'));
    expect(await text('policy-error')).toContain('设置无效');
    await visible(page.getByTestId('policy').getByText('此项未通过校验'));
    expect(await text('policy-version')).toBe('第 0 版（系统默认）');

    await page.locator('#policy_dtiDecline').fill('55');
    await page.getByTestId('policy-save').click();
    await visible(page.getByTestId('policy-confirm'));
    await page.getByTestId('policy-confirm-ok').click();
    await visible(page.getByTestId('policy-saved'));
    expect(await text('policy-saved')).toContain('第 1 版');
    await expect.poll(() => page.getByTestId('policy-version').getAttribute('data-version')).toBe('1');
    expect(await text('policy-version')).toBe('第 1 版');
    // The form shows what is now in force, and the engine holds it in its own units.
    expect(await page.locator('#policy_officer').inputValue()).toBe('30000');
    expect(await page.locator('#policy_dtiReview').inputValue()).toBe('45');
    const stored = await api<{ version: number; settings: { authority: { officer: string; branch_manager: string | null }; rules: { dtiReviewBp: number; dtiDeclineBp: number; incomeShare: string }; reviewShare: string; pricing: object } }>('settings/origination', {}, 'admin');
    expect(stored.version).toBe(1);
    expect(stored.settings.authority).toEqual({ officer: '30000', senior_approver: '200000', branch_manager: null });
    expect(stored.settings.rules.dtiReviewBp).toBe(4500);
    expect(stored.settings.rules.dtiDeclineBp).toBe(5500);
    expect(stored.settings.rules.incomeShare).toBe('1/3');
    expect(stored.settings.reviewShare).toBe('0.1');
    expect(stored.settings.pricing).toEqual({});
    await shot('settings-policy-zh-CN');

    await language('EN');
    await visible(page.getByText('Approval authority', { exact: false }));
    expect(await text('policy-version')).toBe('Version 1');
    await shot('settings-policy-en');
    await language('中文');
    await visible(page.getByText('审批权限', { exact: false }));
  });

  it('the administrator imports a scorecard model; a file that is not JSON is refused', async () => {
    await page.getByTestId('settings-tab-scorecard').click();
    await visible(page.getByTestId('scorecard-in-force'));
    expect(await text('scorecard-in-force')).toContain('suanpan-application');
    expect(await page.getByTestId('characteristic-debtToIncome').textContent()).toContain('每月还款负担占收入比例较高');
    const upload = page.getByTestId('scorecard').locator('input[type="file"]');
    await upload.setInputFiles(join(files, 'broken.json'));
    await visible(page.getByTestId('scorecard-import-error'));
    expect(await text('scorecard-import-error')).toContain('JSON');
    await upload.setInputFiles(join(files, 'scorecard.json'));
    await visible(page.getByTestId('scorecard-imported'));
    expect(await text('scorecard-imported')).toContain('branch-trial');
    await expect.poll(() => text('scorecard-in-force')).toContain('branch-trial');
    expect(await page.getByTestId('scorecard-versions').locator('.ant-table-row').count()).toBe(1);
    // The same name and version again: the engine says it is already stored.
    await upload.setInputFiles(join(files, 'scorecard.json'));
    await visible(page.getByTestId('scorecard-import-error'));
    expect(await text('scorecard-import-error')).toContain('已存在');
    await shot('settings-scorecard-zh-CN');
  });

  it('the administrator prices grades A and B of a product, added by its code, as version 2', async () => {
    await page.getByTestId('settings-tab-policy').click();
    await visible(page.getByTestId('pricing'));
    // An administrator may not read the products list, so a product is added by its code.
    await page.getByTestId('pricing').getByLabel('产品代码').fill('consumer-ei');
    await page.getByTestId('pricing').getByText('添加产品').click();
    const pricing = page.getByTestId('pricing-CONSUMER-EI');
    await visible(pricing);
    expect(await pricing.textContent()).toContain('按产品自身区间定价');
    await choose('#policy_pricing_CONSUMER-EI_A_mode', '设定价格');
    await page.locator('#policy_pricing_CONSUMER-EI_A_rate').fill('7.2');
    await page.locator('#policy_pricing_CONSUMER-EI_A_maxAmount').fill('200,000');
    await page.locator('#policy_pricing_CONSUMER-EI_A_maxTerm').fill('36');
    await page.locator('#policy_pricing_CONSUMER-EI_A_incomeMultiple').fill('12');
    await choose('#policy_pricing_CONSUMER-EI_B_mode', '不放款');
    await visible(page.getByTestId('price-none-CONSUMER-EI-B'));
    await page.getByTestId('policy-save').click();
    await visible(page.getByTestId('policy-confirm'));
    await page.getByTestId('policy-confirm-ok').click();
    await expect.poll(() => page.getByTestId('policy-version').getAttribute('data-version')).toBe('2');
    const stored = await api<{ settings: { pricing: object; authority: { officer: string } } }>('settings/origination', {}, 'admin');
    expect(stored.settings.pricing).toEqual({ 'CONSUMER-EI': { A: { rate: '0.072', maxAmount: '200000', maxTerm: 36, incomeMultiple: 12 }, B: null } });
    expect(stored.settings.authority.officer).toBe('30000');
    expect(await page.locator('#policy_pricing_CONSUMER-EI_A_rate').inputValue()).toBe('7.2');
  });

  it('the administrator adds the month’s one-year LPR, in percent, and sees it in force', async () => {
    await page.getByTestId('settings-tab-lpr').click();
    await visible(page.getByTestId('lpr-row').first());
    expect(await text('lpr-in-force')).toBe('2025-06-01 适用：2025-05-20 起 3.00%，四倍 LPR 为 12.00%');
    await page.getByTestId('lpr-add').click();
    await visible(page.getByTestId('lpr-add-drawer'));
    // The date starts at the business date; 29.5 is refused as a percentage out of range.
    expect(await page.locator('#lpr-add-date').inputValue()).toBe('2025-06-01');
    await page.locator('#lpr-add-rate').fill('29.5');
    await page.getByTestId('lpr-add-save').click();
    await visible(page.getByTestId('lpr-add-drawer').getByText('请填写大于 0、不超过 20 的百分比'));
    await shot('settings-lpr-add-zh-CN');
    await page.locator('#lpr-add-rate').fill('2.95');
    await page.getByTestId('lpr-add-save').click();
    const row = page.locator('[data-testid="lpr-row"][data-date="2025-06-01"]');
    await visible(row);
    expect(await row.textContent()).toContain('2.95%');
    expect(await text('lpr-in-force')).toBe('2025-06-01 适用：2025-06-01 起 2.95%，四倍 LPR 为 11.80%');
    expect((await api<{ inForce: unknown }>('settings/lpr', {}, 'admin')).inForce).toEqual({ effectiveFrom: '2025-06-01', oneYear: '0.0295', line: '0.1180' });
    await shot('settings-lpr-zh-CN');
    await language('EN');
    await visible(page.getByText('One-year loan prime rate (LPR)'));
    expect(await text('lpr-in-force')).toBe('In force on 2025-06-01: 2.95% from 2025-06-01; the 4 × LPR line is 11.80%');
    await shot('settings-lpr-en');
    await language('中文');
    await visible(page.getByText('一年期贷款市场报价利率（LPR）'));
    await page.getByTestId('sign-out').click();
  });

  it('a senior approver adds a phone to the blacklist with a reason and takes it off again', async () => {
    await signIn(page, 'senior_approver');
    await page.keyboard.press('Alt+7');
    await visible(page.getByTestId('lists'));
    // Lists only: no policy for this role, so no policy editor and no save.
    expect(await page.getByTestId('settings-tab-policy').count()).toBe(0);
    expect(await page.getByTestId('policy-save').count()).toBe(0);

    await page.getByTestId('list-add').click();
    await visible(page.getByTestId('list-add-drawer'));
    // Not a mobile number: the engine refuses it, and the drawer says so under the field.
    await page.locator('#list-add-value').fill('1390000');
    await page.locator('#list-add-reason').fill('冒用他人身份申请，已报案');
    await page.getByTestId('list-add-save').click();
    await visible(page.getByTestId('list-add-drawer').getByText('这不是有效的手机号'));
    await page.locator('#list-add-value').fill(PHONE);
    await page.getByTestId('list-add-save').click();
    const row = page.locator(`[data-testid="list-row"][data-value="${PHONE}"]`);
    await visible(row);
    expect(await row.textContent()).toContain('黑名单');
    expect(await row.textContent()).toContain('冒用他人身份申请，已报案');
    expect(await row.textContent()).toContain('senior_approver user');
    const listed = await api<{ rows: { list: string; value: string }[] }>('lists/list', { kind: 'phone', value: PHONE }, 'senior_approver');
    expect(listed.rows).toMatchObject([{ list: 'black', value: PHONE }]);
    await shot('settings-lists-zh-CN');

    await language('EN');
    await visible(page.getByText('Black and white lists').first());
    expect(await row.textContent()).toContain('Blacklist');
    await shot('settings-lists-en');
    await language('中文');
    await visible(page.getByText('黑白名单').first());

    // Looked up by number, then taken off with a reason (confirmed).
    await page.getByTestId('list-lookup-value').fill(PHONE);
    await page.getByTestId('list-lookup').click();
    await expect.poll(() => page.getByTestId('list-row').count()).toBe(1);
    await row.getByTestId('list-remove-button').click();
    await visible(page.getByTestId('list-remove'));
    await page.getByTestId('list-remove-ok').click();
    // No reason, no removal.
    await visible(page.getByTestId('list-remove').getByText('必填'));
    await page.locator('#list-remove-reason').fill('核实为本人申请，误列');
    await page.getByTestId('list-remove-ok').click();
    await expect.poll(() => row.count()).toBe(0);
    const after = await api<{ rows: unknown[] }>('lists/list', { kind: 'phone', value: PHONE }, 'senior_approver');
    expect(after.rows).toEqual([]);
    await page.getByTestId('sign-out').click();
  });

  it('a branch manager reads the policy in force but cannot change it', async () => {
    await signIn(page, 'branch_manager');
    await page.keyboard.press('Alt+7');
    await visible(page.getByTestId('policy'));
    await visible(page.getByTestId('settings-tab-lists'));
    expect(await text('policy-version')).toBe('第 2 版');
    expect(await page.getByTestId('policy-save').count()).toBe(0);
    expect(await page.locator('#policy_officer').isDisabled()).toBe(true);
    expect(await page.locator('#policy_officer').inputValue()).toBe('30000');
    // Product names and ranges come from the products list this role may read.
    const pricing = page.getByTestId('pricing-CONSUMER-EI');
    expect(await pricing.textContent()).toContain('个人消费贷（等额本息）');
    expect(await pricing.textContent()).toContain('产品区间：7.20% – 11.80%');
    expect(await page.locator('#policy_pricing_CONSUMER-EI_A_rate').inputValue()).toBe('7.2');
    expect(await page.locator('#policy_pricing_CONSUMER-EI_A_rate').isDisabled()).toBe(true);
    await visible(page.getByTestId('price-none-CONSUMER-EI-B'));
    await shot('settings-policy-readonly-zh-CN');
    expect(desk.consoleErrors.filter((e) => !e.includes('401') && !e.includes('403')).join('\n')).toBe('');
  });
});
