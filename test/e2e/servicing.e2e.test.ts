/**
 * Servicing in browser mode, on a fresh book whose business date is 2025-06-01. An application for
 * 12,000 over 12 months at 7.2% is entered, approved, its contract issued and signed through the api.
 * On the desk: a senior approver disburses it from the application page (confirmed) and lands on the
 * new loan's page with its schedule; a branch manager closes the days up to the first due date from
 * the end-of-day panel; a loan officer finds the loan by its number, previews a repayment smaller
 * than the first installment (the split the engine gives: interest of installment 1 first, the rest
 * to its principal), posts it, and sees it in the ledger; the manager closes up to 2025-07-05 past
 * the due date: the first installment is overdue and the loan 4 days past due. A collections user
 * finds the loan's case in the queue, opens it, logs a connected call, records a promise and prints
 * the overdue notice (a PDF in the page). Screenshots of the loan page before and after the close in
 * both languages, and of the case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { callApi, type MethodName } from '../../src/api';
import { insertStandardProducts } from '../../src/origination/products';
import { applicationStore } from '../../src/db/repos/applications';
import { kyselyOf } from '../../src/db/kysely';
import { DEFAULT_ORIGINATION } from '../../src/origination/settings';
import type { Role } from '../../src/identity/roles';
import { idNumber } from '../helpers/ids';
import { openDesk, outputDir, settled, signIn, type Desk } from './harness';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const visible = (locator: Locator, timeout = 30_000) => locator.waitFor({ state: 'visible', timeout });

// The desk's clock: 09:00 UTC is 17:00 for the borrowers (China Standard Time), inside the hours
// contact is allowed. It moves with the business date between sign-ins.
let clock = new Date('2025-06-01T09:00:00.000Z');

async function api<T>(desk: Desk, method: MethodName, input: unknown, role: Role): Promise<T> {
  const r = await callApi(method, input, desk.book.ctx(role, 'zh-CN'));
  if (!r.ok) throw new Error(`${method}: ${r.error.key}: ${r.error.message}`);
  return r.result as T;
}

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

async function setLang(page: Page, lang: 'zh-CN' | 'en'): Promise<void> {
  if ((await page.evaluate(() => document.documentElement.lang)) !== lang) await page.keyboard.press('Alt+l');
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
}

/** Closes every business day up to `to` from the header's end-of-day panel, and closes the panel. */
async function closeUpTo(page: Page, to: string): Promise<void> {
  await page.getByTestId('open-eod').click();
  await visible(page.getByTestId('eod-panel'));
  await page.locator('#eod-to').fill(to);
  await page.locator('#eod-to').press('Enter');
  await page.getByTestId('eod-close-to').click();
  await visible(page.getByTestId('eod-confirm'));
  await page.getByTestId('eod-confirm-ok').click();
  await expect.poll(() => page.getByTestId('eod-progress').getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
  await expect.poll(() => page.getByTestId('business-date').getAttribute('data-date')).toBe(to);
  await page.keyboard.press('Alt+d');
  await page.getByTestId('eod-panel').waitFor({ state: 'hidden' });
}

/** Opens a loan by its number from the loans section (Alt+4). */
async function findLoan(page: Page, number: string): Promise<void> {
  await page.keyboard.press('Alt+4');
  if (await page.getByTestId('back-to-loans').isVisible()) await page.getByTestId('back-to-loans').click();
  await visible(page.getByTestId('loans-lookup'));
  await page.getByTestId('loan-lookup').fill(number);
  await page.getByTestId('loan-lookup').press('Enter');
  await visible(page.getByTestId('loan-page'));
  expect(await page.getByTestId('loan-number').textContent()).toBe(number);
}

const scheduleState = (page: Page, n: number) => page.locator(`[data-testid="schedule-row"][data-n="${n}"]`).getAttribute('data-status');

describe('servicing on the desk: disburse, repay with the split preview, close past a due date, collect', () => {
  let desk: Desk;
  let page: Page;
  let appId = '';
  let appNumber = '';
  let loanNumber = '';
  let loanId = '';

  beforeAll(async () => {
    desk = await openDesk({ now: () => clock, timezoneId: 'Asia/Shanghai' });
    page = desk.page;
    page.setDefaultTimeout(30_000);
    await insertStandardProducts(applicationStore(kyselyOf(desk.book.db)), '2025-06-01T09:00:00.000Z');
    const price = { rate: '0.072', maxAmount: '200000', maxTerm: 12, incomeMultiple: 20 };
    await api(desk, 'settings/saveOrigination', { settings: { ...DEFAULT_ORIGINATION, pricing: { 'CONSUMER-EI': { A: price, B: price, C: price, D: price, E: price } } } }, 'admin');
    const customer = await api<{ id: string }>(desk, 'customers/create', { kind: 'individual', name: '王磊', idNumber: idNumber('110105', '19880416', '013'), phone: '13912345678', address: '北京市朝阳区建国路 8 号' }, 'officer');
    const app = await api<{ id: string; number: string }>(
      desk,
      'applications/create',
      { customerId: customer.id, productId: 'P-EI', amount: '12000', term: 12, purpose: '家电', monthlyIncome: '20000', monthlyDebt: '0', employmentYears: 6, bureauOverdue24m: 0, bureauInquiries6m: 1, bureauCurrentOverdue: 0 },
      'officer',
    );
    for (const kind of ['id_card', 'income_proof']) await api(desk, 'applications/addDocument', { applicationId: app.id, kind, fileName: `${kind}.png`, contentBase64: PNG }, 'officer');
    await api(desk, 'applications/submit', { id: app.id }, 'officer');
    await api(desk, 'applications/decide', { id: app.id, action: 'approve', note: '同意' }, 'senior_approver');
    await api(desk, 'documents/issue', { type: 'contract', id: app.id, lang: 'zh-CN' }, 'officer');
    await api(desk, 'applications/sign', { id: app.id }, 'officer');
    appId = app.id;
    appNumber = app.number;
    await page.goto(desk.host.url);
  }, 180_000);

  afterAll(async () => {
    await desk?.close();
  });

  it('a senior approver disburses the signed application from its page; the new loan’s page shows its schedule', async () => {
    await signIn(page, 'senior_approver');
    expect(await page.getByTestId('business-date').getAttribute('data-date')).toBe('2025-06-01');
    await page.keyboard.press('Alt+3');
    await choose(page, page.getByTestId('queue-state'), '已签约');
    const row = page.getByTestId('application-row').filter({ hasText: appNumber });
    await visible(row);
    await row.click();
    await visible(page.getByTestId('disburse-card'));
    expect(await page.getByTestId('app-state').getAttribute('data-state')).toBe('signed');
    await page.getByTestId('disburse').click();
    const confirm = page.getByTestId('disburse-confirm');
    await visible(confirm);
    const said = (await confirm.textContent()) ?? '';
    expect(said).toContain('¥12,000.00');
    expect(said).toContain('王磊');
    await settled(page);
    await page.screenshot({ path: join(outputDir, 'application-disburse-zh-CN.png') });
    await page.getByTestId('disburse-confirm-ok').click();

    // The loan's page opens on its own.
    await visible(page.getByTestId('loan-page'), 15_000);
    const booked = desk.book.db.prepare('SELECT id, number FROM loans WHERE application_id = ?').get(appId) as { id: string; number: string };
    loanId = booked.id;
    loanNumber = booked.number;
    expect(await page.getByTestId('loan-number').textContent()).toBe(loanNumber);
    expect(await page.getByTestId('loan-status').getAttribute('data-status')).toBe('active');
    expect(await page.getByTestId('loan-principal').textContent()).toBe('¥12,000.00');
    expect(await page.getByTestId('bal-outstanding').textContent()).toBe('¥12,000.00');
    await expect.poll(() => page.getByTestId('schedule-row').count()).toBe(12);
    expect(await scheduleState(page, 1)).toBe('upcoming');
    expect(await page.locator('[data-testid="schedule-row"][data-n="1"]').textContent()).toContain('2025-07-01');
    // The ledger holds the disbursement.
    await visible(page.locator('[data-testid="ledger-row"][data-kind="disbursement"]'));
    // Nothing is due yet: the payment form is there (senior approvers service loans too), the payoff is today's.
    await visible(page.getByTestId('loan-payment'));
    expect(await page.getByTestId('bal-overdue').textContent()).toBe('无');
    // The application now says it was disbursed, and links to the loan.
    const app = await api<{ application: { state: string } }>(desk, 'applications/get', { id: appId }, 'officer');
    expect(app.application.state).toBe('disbursed');
    await page.getByTestId('sign-out').click();
  }, 180_000);

  it('a branch manager closes the days up to the first due date from the end-of-day panel', async () => {
    await signIn(page, 'branch_manager');
    await closeUpTo(page, '2025-07-01');
    await page.getByTestId('sign-out').click();
    clock = new Date('2025-07-01T09:00:00.000Z');
  }, 240_000);

  let firstInterest = '';

  it('an officer previews a repayment smaller than the first installment, checks the split, and posts it', async () => {
    await desk.book.signInAgain('officer');
    await signIn(page, 'officer');
    await findLoan(page, loanNumber);
    // Installment 1 falls due today (amber, "due today").
    expect(await scheduleState(page, 1)).toBe('due');
    const view = await api<{ schedule: { n: number; due: { principal: string; interest: string; total: string } }[] }>(desk, 'loans/get', { id: loanId }, 'officer');
    const first = view.schedule[0] as (typeof view.schedule)[number];
    firstInterest = first.due.interest;
    expect(firstInterest).toBe('72.00');
    expect(Number(first.due.total)).toBeGreaterThan(500);

    await page.getByTestId('pay-amount').fill('500');
    // Posting waits for a preview of exactly what is posted.
    expect(await page.getByTestId('pay-post').isDisabled()).toBe(true);
    await page.getByTestId('pay-preview').click();
    const split = page.getByTestId('split-preview');
    await visible(split);
    expect(await split.getAttribute('data-kind')).toBe('repayment');
    // One line, installment 1: interest first, the rest to its principal; no penalty, no fees.
    const rows = page.getByTestId('split-row');
    expect(await rows.count()).toBe(1);
    const line = rows.first();
    expect(await line.getAttribute('data-n')).toBe('1');
    expect(await line.getAttribute('data-penalty')).toBe('0.00');
    expect(await line.getAttribute('data-fee')).toBe('0.00');
    expect(await line.getAttribute('data-interest')).toBe('72.00');
    expect(await line.getAttribute('data-principal')).toBe('428.00');
    expect(await page.getByTestId('split-interest').textContent()).toBe('¥72.00');
    expect(await page.getByTestId('split-principal').textContent()).toBe('¥428.00');
    expect(await page.getByTestId('split-penalty').textContent()).toBe('¥0.00');
    expect(await page.getByTestId('split-amount').textContent()).toBe('¥500.00');
    // The same split the engine gives through its api.
    const engine = await api<{ lines: { n: number; principal: string; interest: string; fee: string; penalty: string }[] }>(desk, 'loans/previewRepayment', { loanId, amount: '500' }, 'officer');
    expect(engine.lines).toEqual([{ n: 1, principal: '428.00', interest: '72.00', fee: '0.00', penalty: '0.00', total: '500.00' }]);
    // After it: installment 1 still has the rest to pay.
    expect(await page.getByTestId('split-after-left').textContent()).toBe('12');
    await shot(page, 'loan-preview-zh-CN');

    await page.getByTestId('pay-reference').fill('BANK-20250701-001');
    // A changed reference keeps the preview (the split does not depend on it).
    expect(await page.getByTestId('pay-post').isDisabled()).toBe(false);
    await page.getByTestId('pay-post').click();
    await visible(page.getByTestId('pay-confirm'));
    expect(await page.getByTestId('pay-confirm').textContent()).toContain('¥500.00');
    await page.getByTestId('pay-confirm-ok').click();
    await visible(page.getByTestId('pay-posted'));

    // The ledger shows the repayment with its allocation; installment 1 is part paid.
    const posted = page.locator('[data-testid="ledger-row"][data-kind="repayment"]');
    await visible(posted);
    expect(await posted.getAttribute('data-amount')).toBe('500.00');
    const text = (await posted.textContent()) ?? '';
    expect(text).toContain('BANK-20250701-001');
    expect(text).toContain('72.00');
    expect(text).toContain('428.00');
    await expect.poll(() => page.getByTestId('bal-outstanding').textContent()).toBe('¥11,572.00');
    expect(await scheduleState(page, 1)).toBe('due');
    const stored = desk.book.db.prepare("SELECT amount, reference FROM transactions WHERE loan_id = ? AND kind = 'repayment'").all(loanId);
    expect(stored).toHaveLength(1);
    // A prepayment is previewed with the borrower's recast choice: the engine's schedule after it.
    await page.getByTestId('pay-mode').getByText('提前还款').click();
    await page.getByTestId('pay-amount').fill('3,000');
    await page.getByTestId('pay-recast').getByText('月供不变，期限缩短').click();
    await page.getByTestId('pay-preview').click();
    await expect.poll(() => page.getByTestId('split-preview').getAttribute('data-kind')).toBe('prepayment');
    const shorter = await api<{ after: { installmentsLeft: number; maturityDate: string } }>(desk, 'loans/previewRepayment', { loanId, amount: '3000', recast: 'reduce-term' }, 'officer');
    expect(shorter.after.installmentsLeft).toBeLessThan(12);
    expect(await page.getByTestId('split-after-left').textContent()).toBe(String(shorter.after.installmentsLeft));
    expect(await page.getByTestId('split-after-maturity').textContent()).toBe(shorter.after.maturityDate);
    await page.getByTestId('pay-recast').getByText('月供减少，期数不变').click();
    // A changed choice asks for a new preview before anything is posted.
    expect(await page.getByTestId('split-preview').count()).toBe(0);
    expect(await page.getByTestId('pay-post').isDisabled()).toBe(true);
    await page.getByTestId('pay-preview').click();
    const lower = await api<{ after: { installmentsLeft: number; next: { total: string } } }>(desk, 'loans/previewRepayment', { loanId, amount: '3000', recast: 'reduce-payment' }, 'officer');
    await expect.poll(() => page.getByTestId('split-after-left').textContent()).toBe(String(lower.after.installmentsLeft));
    expect(await page.getByTestId('split-next-after').textContent()).toContain(`¥${lower.after.next.total}`);
    await shot(page, 'loan-prepayment-preview-zh-CN');
    // Not posted: back to an ordinary repayment, nothing previewed.
    await page.getByTestId('pay-mode').getByText('正常还款').click();
    await page.getByTestId('pay-amount').fill('');

    // The payoff quote for a later date: what the engine says settles the loan then.
    await page.locator('#payoff-date').fill('2025-07-15');
    await page.locator('#payoff-date').press('Enter');
    await page.getByTestId('payoff-quote').click();
    await expect.poll(() => page.getByTestId('payoff-result').getAttribute('data-date')).toBe('2025-07-15');
    const quoted = await api<{ total: string; principal: string }>(desk, 'loans/payoffQuote', { loanId, date: '2025-07-15' }, 'officer');
    expect(quoted.principal).toBe('11572.00');
    expect(await page.getByTestId('payoff-total').textContent()).toBe(`¥${quoted.total.replace(/\B(?=(\d{3})+\.)/g, ',')}`);
    // A later date is a quote only: no settling from it.
    expect(await page.getByTestId('payoff-settle').count()).toBe(0);
    await shot(page, 'loan-before-eod-zh-CN');
    await setLang(page, 'en');
    await visible(page.getByText('Ledger (2 transactions)'));
    await shot(page, 'loan-before-eod-en');
    await setLang(page, 'zh-CN');
    await page.getByTestId('sign-out').click();
  }, 180_000);

  it('the manager closes past the due date: installment 1 is overdue and the loan days past due', async () => {
    await desk.book.signInAgain('branch_manager');
    await signIn(page, 'branch_manager');
    await closeUpTo(page, '2025-07-05');
    await findLoan(page, loanNumber);
    await expect.poll(() => scheduleState(page, 1)).toBe('overdue');
    expect(await scheduleState(page, 2)).toBe('upcoming');
    expect(await page.getByTestId('loan-dpd').getAttribute('data-dpd')).toBe('4');
    expect(await page.getByTestId('loan-dpd').textContent()).toContain('4');
    // What is overdue: the rest of installment 1 (and any penalty on it), in red.
    const overdue = (await page.getByTestId('bal-overdue').textContent()) ?? '';
    expect(overdue).toMatch(/^¥\d/);
    await shot(page, 'loan-after-eod-zh-CN');
    await setLang(page, 'en');
    await visible(page.getByText('Overdue', { exact: true }).first());
    await shot(page, 'loan-after-eod-en');
    await setLang(page, 'zh-CN');

    // The penalty on the overdue principal is waived with a reason, and the waiver reversed (a new entry).
    await desk.book.signInAgain('branch_manager');
    const before = await api<{ balances: { overdue: { penalty: string } } }>(desk, 'loans/get', { id: loanId }, 'branch_manager');
    const penalty = before.balances.overdue.penalty;
    expect(Number(penalty)).toBeGreaterThan(0);
    await page.getByTestId('loan-action-waive').click();
    await visible(page.getByTestId('la-penalty'));
    await page.getByTestId('la-penalty').fill(penalty);
    await page.getByTestId('la-ok').click();
    // The reason is required.
    await visible(page.getByTestId('loan-action-modal').locator('.ant-form-item-explain-error'));
    await page.getByTestId('la-reason').fill('首次逾期，减免罚息');
    await page.getByTestId('la-ok').click();
    await visible(page.getByTestId('loan-action-done'));
    const waiver = page.locator('[data-testid="ledger-row"][data-kind="waiver"]');
    await visible(waiver);
    expect(await waiver.getAttribute('data-amount')).toBe(penalty);
    expect(await waiver.textContent()).toContain('首次逾期，减免罚息');
    await page.getByTestId('ledger-reverse').click();
    await visible(page.getByTestId('la-reason'));
    await page.getByTestId('la-reason').fill('减免未经审批，冲正');
    await page.getByTestId('la-ok').click();
    await visible(page.locator('[data-testid="ledger-row"][data-kind="reversal"]'));
    await expect.poll(() => waiver.getAttribute('data-reversed')).toBe('true');
    await expect.poll(() => scheduleState(page, 1)).toBe('overdue');
    const after = await api<{ balances: { overdue: { penalty: string } } }>(desk, 'loans/get', { id: loanId }, 'branch_manager');
    expect(after.balances.overdue.penalty).toBe(penalty);
    await shot(page, 'loan-waiver-reversed-zh-CN');
    await page.getByTestId('sign-out').click();
    clock = new Date('2025-07-05T09:00:00.000Z');
  }, 240_000);

  it('a collections user finds the case in the queue, logs a connected call and a promise, and prints the notice', async () => {
    await desk.book.signInAgain('collections');
    await signIn(page, 'collections');
    await page.keyboard.press('Alt+5');
    await visible(page.getByTestId('collections-queue'));
    // Everyone's cases: the new one is not assigned yet.
    await choose(page, page.getByTestId('cq-staff'), '全部案件');
    const row = page.getByTestId('case-row').filter({ hasText: loanNumber });
    await visible(row);
    expect(await row.getAttribute('data-bucket')).toBe('1-30');
    await row.getByTestId('case-link').click();
    await visible(page.getByTestId('case-page'));
    expect(await page.getByTestId('case-loan').textContent()).toBe(loanNumber);
    expect(await page.getByTestId('case-dpd').getAttribute('data-dpd')).toBe('4');
    // The case shows the penalty the loan page works out to the business date, not one stored earlier.
    const owed = await api<{ balances: { overdue: { penalty: string } } }>(desk, 'loans/get', { id: loanId }, 'collections');
    expect(Number(owed.balances.overdue.penalty)).toBeGreaterThan(0);
    expect(await page.getByTestId('case-installments').textContent()).toContain(`¥${owed.balances.overdue.penalty}`);
    expect(await page.getByTestId('conduct-local-time').textContent()).toBe('2025-07-05 17:00');

    // A connected call.
    await page.getByTestId('action-log').click();
    await visible(page.getByTestId('contact-drawer'));
    await page.getByTestId('cf-connected').click();
    await choose(page, page.getByTestId('cf-outcome'), '承诺还款');
    await page.locator('#cf-note').fill('借款人称工资到账后还清第 1 期');
    await page.getByTestId('cf-save').click();
    await page.getByTestId('contact-drawer').waitFor({ state: 'hidden' });
    await visible(page.locator('[data-testid="contact-row"][data-connected="true"]').filter({ hasText: '借款人称工资到账后还清第 1 期' }));
    await expect.poll(() => page.getByTestId('conduct-calls').getAttribute('data-calls')).toBe('1');

    // A promise to pay.
    await page.getByTestId('action-promise').click();
    await visible(page.getByTestId('pf-amount'));
    await page.getByTestId('pf-amount').fill('600');
    await page.locator('#pf-date').fill('2025-07-10');
    await page.locator('#pf-date').press('Enter');
    await page.getByTestId('pf-save').click();
    const promised = page.locator('[data-testid="promise-row"][data-state="pending"]');
    await visible(promised);
    expect(await promised.textContent()).toContain('2025-07-10');
    expect(await promised.textContent()).toContain('¥600.00');

    // A final demand waits for the ladder's step (90 days): the button is there but not yet usable, and says why.
    expect(await page.getByTestId('print-demand').isDisabled()).toBe(true);
    await page.getByTestId('demand-not-yet').hover();
    await visible(page.getByRole('tooltip').filter({ hasText: '逾期满 90 天方可发出催告函' }));

    // The overdue notice, in the page.
    await page.getByTestId('print-notice').click();
    const preview = page.getByTestId('pdf-preview');
    await visible(preview, 20_000);
    expect(await preview.getAttribute('data-type')).toBe('notice');
    expect(await page.getByTestId('pdf-preview-number').textContent()).toContain(loanNumber);
    await expect.poll(() => framedType(page), { timeout: 15_000 }).toBe('application/pdf');
    await shot(page, 'servicing-case-zh-CN');
    await setLang(page, 'en');
    await visible(page.getByText('Conduct rules'));
    await shot(page, 'servicing-case-en');
    await setLang(page, 'zh-CN');

    // The case links to the loan's page.
    await page.getByTestId('case-loan').click();
    await visible(page.getByTestId('loan-page'));
    expect(await page.getByTestId('loan-number').textContent()).toBe(loanNumber);
    // Collections staff read the loan but do not post to it; the loan links back to its case.
    expect(await page.getByTestId('loan-payment').count()).toBe(0);
    await page.getByTestId('loan-case').click();
    await visible(page.getByTestId('case-page'));
    expect(await page.getByTestId('case-loan').textContent()).toBe(loanNumber);
    expect(desk.consoleErrors.join('\n')).toBe('');
  }, 240_000);
});
