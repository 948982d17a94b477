/**
 * Sign-in and customers in browser mode: an officer signs in, creates a customer (an ID number with
 * a wrong check digit is refused with the reason, then the right one is accepted), finds them again
 * by typing part of their phone number, and opens their page. Screenshots in both languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { openDesk, outputDir, settled, signIn, type Desk } from './harness';

let desk: Desk;
const visible = (locator: Locator) => locator.waitFor({ state: 'visible', timeout: 30_000 });

beforeAll(async () => {
  desk = await openDesk({ now: () => new Date('2025-06-01T09:00:00') });
  await desk.page.goto(desk.host.url);
}, 180_000);

afterAll(async () => {
  await desk?.close();
});

describe('sign-in and customers', () => {
  it('refuses a wrong password, then signs the officer in', async () => {
    await visible(desk.page.getByTestId('sign-in'));
    await desk.page.screenshot({ path: join(outputDir, 'sign-in-zh-CN.png') });
    await desk.page.locator('#signin-username').fill('officer');
    await desk.page.locator('#signin-password').fill('wrong-password-1');
    await desk.page.getByTestId('sign-in-button').click();
    await visible(desk.page.getByTestId('auth-error'));
    expect(await desk.page.getByTestId('auth-error').textContent()).toContain('用户名或密码错误');
    await signIn(desk.page, 'officer');
    expect(await desk.page.getByTestId('current-user').textContent()).toContain('信贷员');
  });

  it('creates a customer: a wrong ID check digit is refused, the right one accepted', async () => {
    await desk.page.getByTestId('nav-customers').click();
    await desk.page.getByTestId('new-customer').click();
    await desk.page.locator('#c-name').fill('陈晓梅');
    await desk.page.locator('#c-idNumber').fill('110105194912310021');
    await desk.page.locator('#c-phone').fill('13912348765');
    await desk.page.locator('#c-monthlyIncome').fill('12000');
    await desk.page.getByTestId('save-customer').click();
    await visible(desk.page.getByText('身份证号校验码不符（应为 X）'));
    await settled(desk.page);
    await desk.page.screenshot({ path: join(outputDir, 'customer-invalid-id-zh-CN.png') });
    await desk.page.locator('#c-idNumber').fill('11010519491231002X');
    await desk.page.getByTestId('save-customer').click();
    await visible(desk.page.getByTestId('customer-page'));
    expect(await desk.page.getByTestId('customer-name').textContent()).toBe('陈晓梅');
    expect(await desk.page.getByTestId('customer-id-number').textContent()).toBe('11010519491231002X');
  });

  it('finds the customer by part of the phone number and opens their page', async () => {
    await desk.page.getByText('返回客户列表').click();
    await desk.page.getByTestId('customer-search').fill('2348');
    await expect.poll(() => desk.page.getByTestId('customer-row').allTextContents()).toEqual(['陈晓梅']);
    // The list masks the ID number and the phone.
    const row = await desk.page.locator('.ant-table-row', { hasText: '陈晓梅' }).first().textContent();
    expect(row).toContain('110105********002X');
    expect(row).toContain('139****8765');
    await desk.page.screenshot({ path: join(outputDir, 'customers-search-zh-CN.png') });
    await desk.page.getByTestId('customer-row').click();
    await visible(desk.page.getByTestId('customer-page'));
    expect(await desk.page.getByTestId('customer-phone').textContent()).toBe('13912348765');
    await desk.page.screenshot({ path: join(outputDir, 'customer-page-zh-CN.png') });
  });

  it('shows the same in English', async () => {
    await desk.page.getByTestId('language').getByText('EN').click();
    await visible(desk.page.getByText('Customer details').or(desk.page.getByText('Back to customers')));
    await settled(desk.page);
    await desk.page.screenshot({ path: join(outputDir, 'customer-page-en.png') });
    await desk.page.getByText('Back to customers').click();
    await desk.page.getByTestId('customer-search').fill('陈晓');
    await expect.poll(() => desk.page.getByTestId('customer-row').allTextContents()).toEqual(['陈晓梅']);
    await desk.page.screenshot({ path: join(outputDir, 'customers-search-en.png') });
    expect(desk.consoleErrors.filter((e) => !e.includes('401') && !e.includes('403')).join('\n')).toBe('');
  });
});
