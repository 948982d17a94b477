/**
 * The quote screen in browser mode, driven in Chromium as an officer would use it: the 等额本息 check
 * value (100,000 at 12% for 12 months: payment 8,884.88, total interest 6,618.53), in Chinese and in
 * English, a validation error, the side-by-side comparison and keyboard navigation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { openDesk, outputDir, settled, signIn, type Desk } from './harness';

let desk: Desk;

beforeAll(async () => {
  desk = await openDesk({ now: () => new Date('2025-01-15T09:00:00') });
  await desk.page.goto(desk.host.url);
  await signIn(desk.page, 'officer');
  await desk.page.getByTestId('payment').waitFor();
}, 180_000);

afterAll(async () => {
  await desk?.close();
});

async function fill(id: string, value: string): Promise<void> {
  const input = desk.page.locator(`#q-${id}`);
  await input.click();
  await input.press('ControlOrMeta+a');
  await input.pressSequentially(value, { delay: 10 });
}

const text = (testId: string) => desk.page.getByTestId(testId).textContent();
const visible = (locator: Locator) => locator.waitFor({ state: 'visible', timeout: 30_000 });

describe('the quote screen', () => {
  it('works out the 等额本息 check value in Chinese', async () => {
    await fill('principal', '100000');
    await fill('ratePercent', '12');
    await fill('term', '12');
    await desk.page.getByRole('radio', { name: '等额本息' }).check();
    await expect.poll(() => text('payment')).toBe('¥8,884.88');
    await expect.poll(() => text('total-interest')).toBe('¥6,618.53');
    const rows = desk.page.locator('[data-testid="schedule"] .ant-table-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    // Disbursed on the business date (2025-01-15), so the first installment falls due on 2025-02-15.
    expect(await rows.first().textContent()).toContain('2025-02-15');
    await visible(desk.page.getByText('还款计划', { exact: true }));
    await desk.page.screenshot({ path: join(outputDir, 'quote-zh-CN.png'), fullPage: true });
  });

  it('shows the same numbers in English', async () => {
    await desk.page.getByTestId('language').getByText('EN').click();
    await visible(desk.page.getByText('Repayment schedule', { exact: true }));
    await expect.poll(() => text('payment')).toBe('¥8,884.88');
    await expect.poll(() => text('total-interest')).toBe('¥6,618.53');
    await desk.page.screenshot({ path: join(outputDir, 'quote-en.png'), fullPage: true });
  });

  it('says what is wrong with term 0, under the field, as you type', async () => {
    await fill('term', '0');
    await visible(desk.page.getByText('term must be a whole number from 1 to 1560'));
    await settled(desk.page); // the message has finished fading in
    await desk.page.screenshot({ path: join(outputDir, 'quote-validation-en.png') });
    await desk.page.getByTestId('language').getByText('中文').click();
    await visible(desk.page.getByText('期数 应为 1 到 1560 之间的整数'));
    await settled(desk.page);
    await desk.page.screenshot({ path: join(outputDir, 'quote-validation-zh-CN.png') });
    await fill('term', '12');
    await expect.poll(() => text('payment')).toBe('¥8,884.88');
  });

  it('compares methods side by side in one click', async () => {
    await desk.page.getByTestId('compare-button').click();
    const modal = desk.page.locator('.ant-modal');
    await visible(modal.getByText('还款方式对比'));
    await visible(modal.getByText('¥6,618.53')); // 等额本息
    await visible(modal.getByText('¥6,500.00')); // 等额本金
    await visible(modal.getByText('¥12,000.00')); // 先息后本
    await settled(desk.page); // the modal's zoom-in has finished
    await desk.page.screenshot({ path: join(outputDir, 'compare-zh-CN.png') });
    await desk.page.keyboard.press('Escape');
    await modal.waitFor({ state: 'hidden' });
  });

  it('warns plainly when the annualized rate crosses a cap', async () => {
    // 2025-01-15: the one-year LPR is 3.10%, so the 4 x LPR line is 12.40%; 30% is also above 24%.
    await fill('ratePercent', '30');
    await visible(desk.page.getByTestId('cap-warning'));
    const warning = await text('cap-warning');
    expect(warning).toContain('4 倍');
    expect(warning).toContain('12.40%');
    expect(warning).toContain('24%');
    await desk.page.screenshot({ path: join(outputDir, 'quote-cap-warning-zh-CN.png') });
    await fill('ratePercent', '12');
    await desk.page.getByTestId('cap-warning').waitFor({ state: 'detached' });
  });

  it('reaches every section by keyboard', async () => {
    await desk.page.locator('body').click({ position: { x: 5, y: 600 } });
    await desk.page.keyboard.press('Alt+6');
    await visible(desk.page.getByText('即将推出'));
    await desk.page.keyboard.press('Alt+1');
    await visible(desk.page.getByTestId('payment'));
    await desk.page.keyboard.press('Alt+l');
    await visible(desk.page.getByText('Loan quote').first());
  });

  it('shows the business date and logs no errors (CSP included)', async () => {
    expect(await text('business-date')).toContain('2025');
    expect(desk.consoleErrors.join("\n")).toBe("");
  });
});
