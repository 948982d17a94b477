/**
 * Documents in browser mode. The administrator sets the lender, the court and an extra clause that
 * contracts print. An application for 100,000 over 12 months at 7.2% is entered, submitted and
 * approved through the api; the officer opens it, issues the loan contract and sees it in the page
 * (a PDF in a frame, the contract number and its check code in the list of documents issued), saves
 * it (a PDF whose text carries the contract number and what the administrator set), issues the
 * English copy, and records that the borrower signed: the application is signed. On a demo book with
 * late loans, a collections user prints overdue notices for loans 7+ days late: cancels one run, lets
 * the next finish with its progress shown, and saves the combined PDF. Screenshots of the document
 * settings, the application page with the contract in both languages, and the batch panel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { callApi, type MethodName } from '../../src/api';
import { insertStandardProducts } from '../../src/origination/products';
import { applicationStore } from '../../src/db/repos/applications';
import { kyselyOf } from '../../src/db/kysely';
import { DEFAULT_ORIGINATION } from '../../src/origination/settings';
import { buildDemoBook } from '../../src/demo/book';
import type { Role } from '../../src/identity/roles';
import { idNumber } from '../helpers/ids';
import { openDesk, outputDir, settled, signIn, type Desk } from './harness';

// A real 1 × 1 PNG: the engine takes files by their content, not their name.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const LENDER = '华信小额贷款有限公司';
const CLAUSE = '借款人应于每月还款日前确保还款账户余额充足。';
const visible = (locator: Locator, timeout = 30_000) => locator.waitFor({ state: 'visible', timeout });

async function api<T>(desk: Desk, method: MethodName, input: unknown, role: Role): Promise<T> {
  const r = await callApi(method, input, desk.book.ctx(role, 'zh-CN'));
  if (!r.ok) throw new Error(`${method}: ${r.error.key}: ${r.error.message}`);
  return r.result as T;
}

/** The text of a PDF, as a borrower or a court would read it. */
const pdfText = (file: string): string => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

/**
 * What the preview frame shows: the blob URL it loaded and the type of the document in it
 * (Chromium's PDF viewer reports the PDF's own type).
 */
async function framed(page: Page): Promise<{ src: string; contentType: string }> {
  const src = (await page.getByTestId('pdf-frame').getAttribute('src')) ?? '';
  const frame = page.frames().find((f) => f.url() === src);
  const contentType = frame ? await frame.evaluate(() => document.contentType) : '';
  return { src, contentType };
}

/** Clicks Save and keeps the download; returns its bytes and where it was kept. */
async function saveDownload(page: Page, name: string): Promise<{ bytes: Buffer; file: string; suggested: string }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('pdf-save').click()]);
  const file = join(outputDir, name);
  await download.saveAs(file);
  return { bytes: readFileSync(file), file, suggested: download.suggestedFilename() };
}

async function shot(page: Page, name: string): Promise<void> {
  await settled(page);
  await page.screenshot({ path: join(outputDir, `${name}.png`), fullPage: true });
}

describe('loan documents on the desk', () => {
  let desk: Desk;
  let page: Page;
  let appId = '';
  let appNumber = '';

  beforeAll(async () => {
    desk = await openDesk({ now: () => new Date('2025-06-01T09:00:00') });
    page = desk.page;
    page.setDefaultTimeout(30_000);
    // The standard catalogue, and one price for every grade so the offer is known: 100,000 over 12 months at 7.2%.
    await insertStandardProducts(applicationStore(kyselyOf(desk.book.db)), '2025-06-01T09:00:00.000Z');
    const price = { rate: '0.072', maxAmount: '200000', maxTerm: 12, incomeMultiple: 20 };
    await api(desk, 'settings/saveOrigination', { settings: { ...DEFAULT_ORIGINATION, pricing: { 'CONSUMER-EI': { A: price, B: price, C: price, D: price, E: price } } } }, 'admin');
    const customer = await api<{ id: string }>(desk, 'customers/create', { kind: 'individual', name: '陈静', idNumber: idNumber('110105', '19850312', '002'), phone: '13812345678', address: '北京市西城区金融街 1 号' }, 'officer');
    const app = await api<{ id: string; number: string }>(
      desk,
      'applications/create',
      { customerId: customer.id, productId: 'P-EI', amount: '100000', term: 12, purpose: '装修', monthlyIncome: '30000', monthlyDebt: '0', employmentYears: 8, bureauOverdue24m: 0, bureauInquiries6m: 1, bureauCurrentOverdue: 0 },
      'officer',
    );
    for (const kind of ['id_card', 'income_proof']) await api(desk, 'applications/addDocument', { applicationId: app.id, kind, fileName: `${kind}.png`, contentBase64: PNG }, 'officer');
    await api(desk, 'applications/submit', { id: app.id }, 'officer');
    await api(desk, 'applications/decide', { id: app.id, action: 'approve', note: '同意' }, 'senior_approver');
    appId = app.id;
    appNumber = app.number;
    await page.goto(desk.host.url);
  }, 180_000);

  afterAll(async () => {
    await desk?.close();
  });

  it('the administrator sets the lender, the court and an extra clause that contracts print', async () => {
    await signIn(page, 'admin');
    await page.keyboard.press('Alt+7');
    await page.getByTestId('settings-tab-documents').click();
    await visible(page.getByTestId('document-settings'));
    expect(await page.getByTestId('documents-version').textContent()).toBe('第 0 版（系统默认）');
    expect(await page.locator('#docs_lender_name').inputValue()).toBe('示范小额贷款有限公司');
    await page.locator('#docs_lender_name').fill(LENDER);
    await page.locator('#docs_lender_address').fill('北京市东城区东长安街 10 号');
    await page.locator('#docs_lender_phone').fill('010-65550000');
    await page.locator('#docs_court').fill('北京市东城区人民法院');
    await page.getByTestId('add-clause').click();
    await page.getByTestId('clause-0').fill(CLAUSE);
    await page.getByTestId('documents-save').click();
    await visible(page.getByTestId('documents-confirm'));
    await page.getByTestId('documents-confirm-ok').click();
    await visible(page.getByTestId('documents-saved'));
    expect(await page.getByTestId('documents-version').textContent()).toBe('第 1 版');
    const saved = await api<{ version: number; settings: { lender: { name: string }; court: string; extraClauses: string[] } }>(desk, 'settings/documents', {}, 'admin');
    expect(saved).toMatchObject({ version: 1, settings: { lender: { name: LENDER }, court: '北京市东城区人民法院', extraClauses: [CLAUSE] } });
    await shot(page, 'settings-documents-zh-CN');
    await page.getByTestId('sign-out').click();
    // A branch manager reads them and cannot change them.
    await signIn(page, 'branch_manager');
    await page.keyboard.press('Alt+7');
    await page.getByTestId('settings-tab-documents').click();
    await visible(page.getByTestId('document-settings'));
    expect(await page.locator('#docs_lender_name').inputValue()).toBe(LENDER);
    expect(await page.locator('#docs_lender_name').isDisabled()).toBe(true);
    expect(await page.getByTestId('documents-save').count()).toBe(0);
    expect(await page.getByTestId('add-clause').count()).toBe(0);
    await page.getByTestId('sign-out').click();
  });

  it('the officer issues the contract of an approved application and sees it in the page', async () => {
    await signIn(page, 'officer');
    await page.keyboard.press('Alt+3');
    const row = page.getByTestId('application-row').filter({ hasText: appNumber });
    await visible(row);
    await row.click();
    await visible(page.getByTestId('loan-documents'));
    expect(await page.getByTestId('app-state').getAttribute('data-state')).toBe('approved');
    // Nothing issued yet: no contract to sign.
    await visible(page.getByTestId('issued-documents').getByText('尚未出具任何文书'));
    expect(await page.getByTestId('sign').isDisabled()).toBe(true);

    await page.getByTestId('issue-contract').click();
    const preview = page.getByTestId('pdf-preview');
    await visible(preview);
    const contract = appNumber.replace(/^SQ/, 'JK');
    expect(contract).toBe('JK20250601-0001');
    expect(await preview.getAttribute('data-type')).toBe('contract');
    expect(await preview.getAttribute('data-lang')).toBe('zh-CN');
    expect(await page.getByTestId('pdf-preview-number').textContent()).toBe(contract);
    // The frame shows the PDF from a blob: URL, in Chromium's PDF viewer.
    await expect.poll(async () => (await framed(page)).contentType, { timeout: 30_000 }).toBe('application/pdf');
    expect((await framed(page)).src).toMatch(/^blob:http:\/\/127\.0\.0\.1:\d+\//);

    // The list of documents issued: the contract's number, type, language and check code, as recorded.
    const issued = await api<{ number: string; contentHash: string; type: string; lang: string; issuedBy: string }[]>(desk, 'documents/issued', { ownerType: 'application', ownerId: appId }, 'officer');
    expect(issued).toHaveLength(1);
    expect(issued[0]).toMatchObject({ number: contract, type: 'contract', lang: 'zh-CN', issuedBy: 'officer user' });
    const code = issued[0]?.contentHash ?? '';
    expect(code).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);
    const listed = page.getByTestId('issued-row').filter({ hasText: contract });
    await visible(listed);
    const line = (await listed.textContent()) ?? '';
    for (const expected of [contract, '借款合同', '中文', code, 'officer user', '2025-06-01 09:00']) expect(line, expected).toContain(expected);
    expect(await page.getByTestId('pdf-preview-check').textContent()).toBe(code);
    await shot(page, 'application-contract-zh-CN');
  });

  it('saves the contract: a PDF whose text carries the contract number and the check code', async () => {
    const saved = await saveDownload(page, 'saved-contract-zh-CN.pdf');
    expect(saved.suggested).toBe('JK20250601-0001-contract-zh-CN.pdf');
    expect(saved.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(saved.file);
    expect(text).toContain('合同编号：JK20250601-0001');
    expect(text).toContain('借款合同');
    expect(text).toContain('壹拾万元整');
    // What the administrator set.
    expect(text).toContain(LENDER);
    expect(text).toContain('北京市东城区人民法院');
    expect(text.replace(/\s+/g, '')).toContain(CLAUSE);
  });

  it('issues the English copy when the desk is in English, and re-opens the Chinese one from the list', async () => {
    await page.getByTestId('language').getByText('EN').click();
    await visible(page.getByText('Contract and documents'));
    await page.getByTestId('issue-contract').click();
    await expect.poll(() => page.getByTestId('pdf-preview').getAttribute('data-lang')).toBe('en');
    await expect.poll(async () => (await framed(page)).contentType, { timeout: 30_000 }).toBe('application/pdf');
    await expect.poll(() => page.getByTestId('issued-row').count()).toBe(2);
    const english = await saveDownload(page, 'saved-contract-en.pdf');
    expect(english.suggested).toBe('JK20250601-0001-contract-en.pdf');
    expect(pdfText(english.file)).toContain('Loan Contract');
    await shot(page, 'application-contract-en');
    // The Chinese copy again, from the list.
    await page.locator('[data-testid="issued-row"][data-lang="zh-CN"]').click();
    await expect.poll(() => page.getByTestId('pdf-preview').getAttribute('data-lang')).toBe('zh-CN');
    await page.getByTestId('language').getByText('中文').click();
    await visible(page.getByText('合同与文书'));
  });

  it('records that the borrower signed the contract: the application is signed', async () => {
    const code = (await page.getByTestId('pdf-preview-check').textContent()) ?? '';
    await page.getByTestId('sign').click();
    const confirm = page.getByTestId('sign-confirm');
    await visible(confirm);
    const said = (await confirm.textContent()) ?? '';
    expect(said).toContain('JK20250601-0001');
    expect(said).toContain(code);
    await settled(page);
    await page.screenshot({ path: join(outputDir, 'application-sign-confirm-zh-CN.png') });
    await page.getByTestId('sign-confirm-ok').click();
    await expect.poll(() => page.getByTestId('app-state').getAttribute('data-state')).toBe('signed');
    expect(await page.getByTestId('app-state').textContent()).toBe('已签约');
    await visible(page.getByTestId('signed-contract'));
    expect(await page.getByTestId('sign').count()).toBe(0);
    expect(await page.getByTestId('app-history').textContent()).toContain('已签约');
    const app = await api<{ application: { state: string } }>(desk, 'applications/get', { id: appId }, 'officer');
    expect(app.application.state).toBe('signed');
    await shot(page, 'application-signed-zh-CN');
    expect(desk.consoleErrors.join('\n')).toBe('');
  });
});

describe('batch notices on the desk', () => {
  let desk: Desk;
  let page: Page;

  beforeAll(async () => {
    desk = await openDesk({ now: () => new Date('2025-06-30T09:00:00') });
    page = desk.page;
    page.setDefaultTimeout(30_000);
    // A demo book of 1,500 loans on 2025-06-30: about a hundred and eighty of them 7 or more days late.
    buildDemoBook(desk.book.db, { loans: 1500, seed: 3, businessDate: '2025-06-30' });
    await page.goto(desk.host.url);
  }, 180_000);

  afterAll(async () => {
    await desk?.close();
  });

  it('a collections user cancels a batch of overdue notices: nothing is recorded', async () => {
    await signIn(page, 'collections');
    await page.keyboard.press('Alt+5');
    await visible(page.getByTestId('notice-batch'));
    await visible(page.getByTestId('collections-queue'));
    expect(await page.locator('#batch-days').inputValue()).toBe('7');
    await page.getByTestId('batch-run').click();
    await visible(page.getByTestId('batch-cancel'));
    // Progress arrives from the engine's worker as it writes the letters.
    await expect.poll(async () => Number(await page.getByTestId('batch-progress').getAttribute('data-done')), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: join(outputDir, 'collections-batch-running-zh-CN.png') });
    await page.getByTestId('batch-cancel').click();
    await visible(page.getByTestId('batch-cancelled'), 20_000);
    expect(await page.getByTestId('pdf-preview').count()).toBe(0);
    const recorded = desk.book.db.prepare("SELECT COUNT(*) AS n FROM issued_documents WHERE type = 'notice'").get() as { n: number };
    expect(recorded.n).toBe(0);
  });

  it('prints overdue notices for loans 7+ days late into one PDF, with progress to the end', async () => {
    await page.getByTestId('batch-run').click();
    const progress = page.getByTestId('batch-progress');
    await expect.poll(() => progress.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    const count = Number(await progress.getAttribute('data-total'));
    expect(count).toBeGreaterThan(20);
    expect(Number(await progress.getAttribute('data-done'))).toBe(count);
    const status = (await page.getByTestId('batch-status').textContent()) ?? '';
    expect(status).toContain(`${count} 封函件`);
    expect(status).toContain('PL20250630-TZ7');
    await visible(page.getByTestId('pdf-preview'));
    expect(await page.getByTestId('pdf-preview').getAttribute('data-type')).toBe('notice');
    await expect.poll(async () => (await framed(page)).contentType, { timeout: 15_000 }).toBe('application/pdf');
    const recorded = desk.book.db.prepare("SELECT COUNT(*) AS n FROM issued_documents WHERE type = 'notice'").get() as { n: number };
    expect(recorded.n).toBe(count);
    await shot(page, 'collections-batch-zh-CN');

    const saved = await saveDownload(page, 'saved-notices-zh-CN.pdf');
    expect(saved.suggested).toBe('PL20250630-TZ7-zh-CN.pdf');
    expect(saved.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(saved.file);
    expect(text).toContain('逾期还款提醒函');
    expect(text.split('\f').filter((p) => p.trim()).length).toBeGreaterThanOrEqual(count);
    expect(desk.consoleErrors.join('\n')).toBe('');
  });

  it('shows the batch panel in English', async () => {
    await page.getByTestId('language').getByText('EN').click();
    await visible(page.getByText('Print collection letters'));
    await shot(page, 'collections-batch-en');
  });
});
