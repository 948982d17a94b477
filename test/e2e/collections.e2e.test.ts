/**
 * End of day and collections in browser mode, on a demo book of 1,500 loans on 2025-06-30 (a couple
 * of hundred of them late, with their collection cases). A branch manager opens the end-of-day
 * panel from the business date in the header and closes the day: the progress runs to the end, the
 * summary shows the book by bucket and class, and the header moves to 2025-07-01. A collections
 * user opens the queue, filters a bucket, opens a case from the keyboard, logs a connected call
 * (the day's count goes up), records a promise to pay, tries to log a call at 23:00 the debtor's
 * time and is refused (no consent on file) by the time field, and prints the loan's overdue notice
 * (a PDF in the page). With the borrower's consent recorded the same late call is logged; a visit is
 * planned; the case goes to legal once the reason is given and confirmed. Screenshots of the queue,
 * the case page and the end-of-day panel in both languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { buildDemoBook } from '../../src/demo/book';
import { openDesk, outputDir, settled, signIn, type Desk } from './harness';

const visible = (locator: Locator, timeout = 30_000) => locator.waitFor({ state: 'visible', timeout });

async function shot(page: Page, name: string): Promise<void> {
  await settled(page);
  await page.screenshot({ path: join(outputDir, `${name}.png`), fullPage: true });
}

/** What the preview frame shows (Chromium's PDF viewer reports the PDF's own type). */
async function framedType(page: Page): Promise<string> {
  const src = (await page.getByTestId('pdf-frame').getAttribute('src')) ?? '';
  const frame = page.frames().find((f) => f.url() === src);
  return frame ? await frame.evaluate(() => document.contentType) : '';
}

/** Picks an option of an antd Select by its visible text. */
async function choose(page: Page, select: Locator, option: string): Promise<void> {
  await select.click();
  const item = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: option }).first();
  await visible(item);
  await item.click();
  await item.waitFor({ state: 'hidden' });
}

/** Switches the desk's language with its shortcut (Alt+L), which works with a drawer open too. */
async function setLang(page: Page, lang: 'zh-CN' | 'en'): Promise<void> {
  if ((await page.evaluate(() => document.documentElement.lang)) !== lang) await page.keyboard.press('Alt+l');
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
}

describe('end of day and collections on the desk', () => {
  let desk: Desk;
  let page: Page;

  beforeAll(async () => {
    // 09:00 UTC is 17:00 for the borrowers (China Standard Time): inside the hours contact is allowed.
    // The desk's own clock is China Standard Time too, as at a branch.
    desk = await openDesk({ now: () => new Date('2025-06-30T09:00:00.000Z'), timezoneId: 'Asia/Shanghai' });
    page = desk.page;
    page.setDefaultTimeout(30_000);
    buildDemoBook(desk.book.db, { loans: 1500, seed: 3, businessDate: '2025-06-30' });
    await page.goto(desk.host.url);
  }, 180_000);

  afterAll(async () => {
    await desk?.close();
  });

  it('a branch manager closes the day from the end-of-day panel: progress to the end, the header moves a day', async () => {
    await signIn(page, 'branch_manager');
    expect(await page.getByTestId('business-date').getAttribute('data-date')).toBe('2025-06-30');
    await page.getByTestId('open-eod').click();
    const panel = page.getByTestId('eod-panel');
    await visible(panel);
    expect(await page.getByTestId('eod-business-date').getAttribute('data-date')).toBe('2025-06-30');
    await visible(page.getByTestId('eod-runs').getByText('尚未执行过日终'));

    await page.getByTestId('eod-close-day').click();
    const confirm = page.getByTestId('eod-confirm');
    await visible(confirm);
    const said = (await confirm.textContent()) ?? '';
    expect(said).toContain('2025年6月30日');
    expect(said).toContain('2025年7月1日');
    await settled(page);
    await page.screenshot({ path: join(outputDir, 'eod-confirm-zh-CN.png') });
    await page.getByTestId('eod-confirm-ok').click();

    // The worker closes the day; the bar runs to the end and the summary of the day shows.
    const progress = page.getByTestId('eod-progress');
    await expect.poll(() => progress.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    expect(Number(await progress.getAttribute('data-percent'))).toBe(100);
    await visible(page.getByTestId('eod-result'));
    expect(await page.getByTestId('eod-done').textContent()).toBe('已完成 2025-06-30 的日终，营业日为 2025-07-01。');
    const summary = page.getByTestId('eod-result-summary');
    expect(await summary.getByTestId('eod-buckets').locator('[data-bucket="31-60"]').count()).toBe(1);
    const categories = (await summary.getByTestId('eod-categories').textContent()) ?? '';
    for (const word of ['正常', '关注', '次级', '拨备合计']) expect(categories).toContain(word);
    const stored = desk.book.db.prepare('SELECT summary FROM eod_runs WHERE business_date = ?').get('2025-06-30') as { summary: string } | undefined;
    const closed = JSON.parse(stored?.summary ?? '{}') as { loans: number; provisions: { total: string } };
    // Active loans of the 1,500 (the rest repaid or written off), as the engine counted them.
    expect(closed.loans).toBeGreaterThan(500);
    expect(await summary.getByTestId('eod-loans').textContent()).toBe(String(closed.loans));
    expect(await summary.getByTestId('eod-provision-total').textContent()).toBe(`¥${Number(closed.provisions.total.split('.')[0]).toLocaleString('en-US')}.${closed.provisions.total.split('.')[1]}`);

    // The header and the panel now show the next business day; the close is listed.
    await expect.poll(() => page.getByTestId('business-date').getAttribute('data-date')).toBe('2025-07-01');
    expect(await page.getByTestId('business-date').textContent()).toContain('2025年7月1日');
    await expect.poll(() => page.getByTestId('eod-business-date').getAttribute('data-date')).toBe('2025-07-01');
    await visible(page.locator('[data-testid="eod-run"][data-date="2025-06-30"]'));
    await shot(page, 'eod-panel-zh-CN');
    await setLang(page, 'en');
    await visible(page.getByText('Closed 2025-06-30; the business date is 2025-07-01.'));
    await shot(page, 'eod-panel-en');
    await setLang(page, 'zh-CN');
    // Alt+D closes the panel again.
    await page.keyboard.press('Alt+d');
    await panel.waitFor({ state: 'hidden' });
    // The manager's queue starts on everyone's cases and can be narrowed to one collector.
    await page.keyboard.press('Alt+5');
    await visible(page.getByTestId('collections-queue'));
    expect(await page.getByTestId('cq-staff').textContent()).toContain('全部案件');
    await expect.poll(() => page.getByTestId('case-row').count()).toBeGreaterThan(5);
    await choose(page, page.getByTestId('cq-staff'), 'collections user');
    await expect.poll(async () => new Set(await page.getByTestId('case-row').evaluateAll((els) => els.map((e) => e.textContent?.includes('collections user'))))).toEqual(new Set([true]));
    await page.getByTestId('sign-out').click();
  }, 240_000);

  let caseLoan = '';

  it('a collections user filters the queue by bucket and opens a case from the keyboard', async () => {
    await signIn(page, 'collections');
    // Collectors read the business date but do not close the day.
    await page.keyboard.press('Alt+5');
    const queue = page.getByTestId('collections-queue');
    await visible(queue);
    const rows = page.getByTestId('case-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(5);
    // The batch printing panel is reached from the queue.
    await visible(page.getByTestId('open-batch'));
    await visible(page.getByTestId('notice-batch'));

    await choose(page, page.getByTestId('cq-bucket'), '31–60 天');
    await expect.poll(async () => new Set(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-bucket'))))).toEqual(new Set(['31-60']));
    const count = await rows.count();
    expect(count).toBeGreaterThan(0);
    // Highest priority first: days past due never rise down the list by more than the other weights allow.
    const dpds = await rows.evaluateAll((els) => els.map((e) => Number(e.querySelector('[data-dpd]')?.getAttribute('data-dpd'))));
    for (const d of dpds) expect(d >= 31 && d <= 60).toBe(true);
    await shot(page, 'collections-queue-zh-CN');

    // A case with no promise pending (one can be recorded), opened from the keyboard.
    const row = page.locator('[data-testid="case-row"]:not([data-promise="pending"])').first();
    caseLoan = ((await row.getByTestId('case-link').textContent()) ?? '').trim();
    await row.focus();
    await page.keyboard.press('Enter');
    await visible(page.getByTestId('case-page'));
    expect(await page.getByTestId('case-loan').textContent()).toBe(caseLoan);
    const dpd = Number(await page.getByTestId('case-dpd').getAttribute('data-dpd'));
    expect(dpd).toBeGreaterThanOrEqual(31);
    expect(await page.getByTestId('conduct-consent').getAttribute('data-consent')).toBe('no');
    expect(await page.getByTestId('conduct-local-time').textContent()).toBe('2025-06-30 17:00');
    expect(await page.getByTestId('conduct-calls').getAttribute('data-calls')).toBe('0');
    await visible(page.getByTestId('action-log'));
    await visible(page.getByTestId('action-promise'));
  });

  it('logs a connected call: the contact log and the day’s connected calls show it', async () => {
    const before = await page.getByTestId('contact-row').count();
    await page.getByTestId('action-log').click();
    const drawer = page.getByTestId('contact-drawer');
    await visible(drawer);
    // The rules stand at the top of the form.
    const rules = (await page.getByTestId('contact-rules').textContent()) ?? '';
    expect(rules).toContain('22:00');
    expect(rules).toContain('每日最多接通 3 次');
    expect(await page.locator('#cf-at').inputValue()).toBe('2025-06-30 17:00');
    await page.getByTestId('cf-connected').click();
    await choose(page, page.getByTestId('cf-outcome'), '承诺还款');
    await page.locator('#cf-note').fill('借款人表示本周内还款');
    await page.getByTestId('cf-save').click();
    await drawer.waitFor({ state: 'hidden' });
    await visible(page.getByTestId('action-done'));
    await expect.poll(() => page.getByTestId('contact-row').count()).toBe(before + 1);
    const logged = page.locator('[data-testid="contact-row"][data-connected="true"]').filter({ hasText: '借款人表示本周内还款' });
    await visible(logged);
    expect(await logged.textContent()).toContain('2025-06-30 17:00');
    await expect.poll(() => page.getByTestId('conduct-calls').getAttribute('data-calls')).toBe('1');
  });

  it('records a promise to pay', async () => {
    await page.getByTestId('action-promise').click();
    await visible(page.getByTestId('pf-amount'));
    await page.getByTestId('pf-amount').fill('1,200.50');
    await page.locator('#pf-date').fill('2025-07-05');
    await page.locator('#pf-date').press('Enter');
    await page.getByTestId('pf-save').click();
    const promised = page.locator('[data-testid="promise-row"][data-state="pending"]');
    await visible(promised);
    const line = (await promised.textContent()) ?? '';
    expect(line).toContain('2025-07-05');
    expect(line).toContain('¥1,200.50');
    expect(line).toContain('待兑现');
    // One pending promise at a time: the action is gone until it is decided.
    expect(await page.getByTestId('action-promise').count()).toBe(0);
  });

  it('a call logged at 23:00 the debtor’s time is refused: no consent on file', async () => {
    const before = await page.getByTestId('contact-row').count();
    await page.getByTestId('action-log').click();
    await visible(page.getByTestId('contact-drawer'));
    await page.locator('#cf-at').fill('2025-06-29 23:00');
    await choose(page, page.getByTestId('cf-outcome'), '无人接听');
    await page.getByTestId('cf-save').click();
    const field = page.getByTestId('cf-item-at');
    await visible(field.locator('.ant-form-item-explain-error'));
    const refusal = (await field.locator('.ant-form-item-explain-error').textContent()) ?? '';
    expect(refusal).toContain('22:00 至次日 08:00 不得联系借款人');
    expect(refusal).toContain('2025-06-29 23:00');
    expect(refusal).toContain('借款人未同意');
    await visible(page.getByTestId('cf-error'));
    await settled(page);
    await page.screenshot({ path: join(outputDir, 'collections-refusal-zh-CN.png') });
    // Nothing was logged.
    await page.getByTestId('cf-cancel').click();
    await page.getByTestId('contact-drawer').waitFor({ state: 'hidden' });
    expect(await page.getByTestId('contact-row').count()).toBe(before);
    const rows = desk.book.db.prepare("SELECT count(*) AS n FROM collection_actions WHERE local_time = '2025-06-29T23:00'").get() as { n: number };
    expect(rows.n).toBe(0);
  });

  it('prints the case’s overdue notice: a PDF in the page', async () => {
    await page.getByTestId('print-notice').click();
    const preview = page.getByTestId('pdf-preview');
    await visible(preview, 20_000);
    expect(await preview.getAttribute('data-type')).toBe('notice');
    expect(await preview.getAttribute('data-lang')).toBe('zh-CN');
    expect(await page.getByTestId('pdf-preview-number').textContent()).toContain(caseLoan);
    await expect.poll(() => framedType(page), { timeout: 15_000 }).toBe('application/pdf');
    const issued = desk.book.db.prepare("SELECT count(*) AS n FROM issued_documents WHERE type = 'notice'").get() as { n: number };
    expect(issued.n).toBe(1);
    await shot(page, 'collections-case-zh-CN');
  });

  it('shows the case and the queue in English', async () => {
    await setLang(page, 'en');
    await visible(page.getByText('Conduct rules'));
    await visible(page.getByText('Contact log (', { exact: false }));
    await page.getByTestId('pdf-close').click();
    await shot(page, 'collections-case-en');
    await page.getByTestId('back-to-queue').click();
    await visible(page.getByTestId('collections-queue'));
    await visible(page.getByText('Collections queue'));
    await expect.poll(() => page.getByTestId('case-row').count()).toBeGreaterThan(0);
    await shot(page, 'collections-queue-en');
    await setLang(page, 'zh-CN');
    expect(desk.consoleErrors.join('\n')).toBe('');
  });

  it('with consent on file the late call is logged; a contact is planned; the case goes to legal once confirmed', async () => {
    const row = page.getByTestId('case-row').filter({ hasText: caseLoan });
    await visible(row);
    await row.dblclick();
    await visible(page.getByTestId('case-page'));
    // The borrower agreed on 2025-06-28, on a recorded call.
    await page.getByTestId('action-consent').click();
    await visible(page.getByTestId('consent-how'));
    await page.locator('#consent-date').fill('2025-06-28');
    await page.locator('#consent-date').press('Enter');
    await page.getByTestId('consent-modal').getByText('电话录音确认').click();
    expect(await page.getByTestId('consent-how').inputValue()).toBe('电话录音确认');
    await page.getByTestId('consent-save').click();
    await expect.poll(() => page.getByTestId('conduct-consent').getAttribute('data-consent')).toBe('yes');
    expect(await page.getByTestId('conduct-consent').textContent()).toContain('2025-06-28');

    const before = await page.getByTestId('contact-row').count();
    await page.getByTestId('action-log').click();
    await visible(page.getByTestId('contact-drawer'));
    await page.locator('#cf-at').fill('2025-06-29 23:00');
    await choose(page, page.getByTestId('cf-outcome'), '无人接听');
    await page.getByTestId('cf-save').click();
    await page.getByTestId('contact-drawer').waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('contact-row').count()).toBe(before + 1);
    await visible(page.getByTestId('contact-row').filter({ hasText: '2025-06-29 23:00' }));

    // A visit planned for the day after tomorrow, 10:00 the borrower's time.
    await page.getByTestId('action-schedule').click();
    await visible(page.getByTestId('contact-drawer'));
    await page.getByTestId('cf-channel').getByText('上门').click();
    await page.locator('#cf-at').fill('2025-07-02 10:00');
    await page.getByTestId('cf-save').click();
    await page.getByTestId('contact-drawer').waitFor({ state: 'hidden' });
    const planned = page.getByTestId('case-planned');
    await visible(planned);
    expect(await planned.textContent()).toContain('2025-07-02 10:00');

    // Escalation asks for the reason and a confirmation.
    await page.getByTestId('action-escalate').click();
    await visible(page.getByTestId('escalate-reason'));
    await page.getByTestId('escalate-save').click();
    await visible(page.getByTestId('escalate-modal').locator('.ant-form-item-explain-error'));
    await page.getByTestId('escalate-reason').fill('多次承诺未兑现，移交法务处理');
    await page.getByTestId('escalate-save').click();
    await expect.poll(() => page.getByTestId('case-status').getAttribute('data-status')).toBe('legal');
    expect(await page.getByTestId('action-escalate').count()).toBe(0);
    expect(await page.getByTestId('case-history').textContent()).toContain('多次承诺未兑现，移交法务处理');
    expect(desk.consoleErrors.join('\n')).toBe('');
  });
});
