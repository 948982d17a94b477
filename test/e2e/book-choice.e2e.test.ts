/**
 * Choosing the book on a new desk: the host starts with no book chosen, the desk asks which, the
 * office book's form is filled against the run's throwaway PostgreSQL server (its host is the
 * folder of its Unix socket). A wrong port is said plainly, in English and in Chinese, with Retry;
 * the right one opens the office book, and the administrator's first-run setup follows.
 * Screenshots of the connection screen in both languages.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startHost, type Host } from '../../src/host/http';
import { connectionOfUrl, createDeskBook, type DeskBook } from '../../src/host/deskBook';
import { freshDatabase } from '../helpers/postgres';
import { CHROMIUM_ARGS, chromiumPath, outputDir, root, settled } from './harness';

const SECRET = 'office-Secret-2025';
const staticDir = join(root, 'out', 'renderer');

interface OpenDesk {
  desk: DeskBook;
  host: Host;
  dataDir: string;
  page: Page;
  consoleErrors: string[];
  close: () => Promise<void>;
}

let browser: Browser;
let database: { url: string; drop: () => Promise<void> };
const desks: OpenDesk[] = [];

/** A host with no book chosen, in a data folder of its own, and a page on it in `lang`. */
async function openNewDesk(lang: 'en' | 'zh-CN'): Promise<OpenDesk> {
  const dataDir = mkdtempSync(join(tmpdir(), 'suanpan-e2e-desk-'));
  const desk = createDeskBook({ dataDir, connectTimeoutMs: 5_000 });
  await desk.start();
  const host = await startHost({ staticDir, desk });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  // Only a first visit starts in `lang`: a language chosen on the desk outlives a reload, as it does for an officer.
  await context.addInitScript((l) => {
    if (!localStorage.getItem('suanpan.lang')) localStorage.setItem('suanpan.lang', l);
  }, lang);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  const open: OpenDesk = {
    desk,
    host,
    dataDir,
    page,
    consoleErrors,
    close: async () => {
      await context.close();
      await host.close();
      await desk.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  desks.push(open);
  await page.goto(host.url);
  return open;
}

/** The run's server as the form takes it. */
function server(): { host: string; port: number; database: string; user: string; password: string } {
  const c = connectionOfUrl(database.url);
  if (!c) throw new Error(`cannot read ${database.url}`);
  const given = decodeURIComponent(new URL(database.url.replace(/^(postgres(?:ql)?:\/\/[^@/]*@)\//, '$1socket.invalid/')).password);
  return { host: c.host, port: c.port, database: c.database, user: c.user, password: given || SECRET };
}

async function fillOffice(page: Page, values: { host: string; port: number; database: string; user: string; password: string }): Promise<void> {
  await page.locator('#book-host').fill(values.host);
  await page.locator('#book-port').fill(String(values.port));
  await page.locator('#book-database').fill(values.database);
  await page.locator('#book-user').fill(values.user);
  await page.locator('#book-password').fill(values.password);
}

async function shot(page: Page, name: string): Promise<void> {
  await settled(page);
  await page.screenshot({ path: join(outputDir, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  if (!existsSync(join(staticDir, 'index.html'))) throw new Error('The renderer is not built: run `npm run build` first.');
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  database = await freshDatabase(inject('postgresUrl'));
}, 180_000);

afterAll(async () => {
  for (const d of desks) await d.close().catch(() => undefined);
  await browser?.close();
  await database?.drop();
});

describe('choosing the book on a new desk', () => {
  it('shows the first-run choice in Chinese, with the office book’s form', async () => {
    const { page, consoleErrors } = await openNewDesk('zh-CN');
    await page.getByTestId('book-choice').waitFor();
    expect(await page.getByTestId('book-choice').textContent()).toContain('选择贷款账册');
    // No business date before a book is open: the clock's day would not be the book's.
    expect(await page.getByTestId('business-date').count()).toBe(0);
    await shot(page, 'book-choice-desk-zh-CN');
    await page.getByText('办公室共享账册（多台工作台共用）').click();
    await page.locator('#book-host').waitFor();
    expect(await page.locator('#book-port').inputValue()).toBe('5432');
    expect(await page.locator('#book-database').inputValue()).toBe('suanpan');
    await fillOffice(page, { ...server(), host: '192.168.1.10', database: 'suanpan', user: 'suanpan' });
    await shot(page, 'book-choice-office-zh-CN');
    expect(consoleErrors).toEqual([]);
  });

  it('says plainly that the office book cannot be reached on a wrong port, with Retry, in both languages; the right port opens it and the setup follows', async () => {
    const { page, dataDir, consoleErrors } = await openNewDesk('en');
    await page.getByTestId('book-choice').waitFor();
    await page.getByText('The office book (shared by several desks)').click();
    await fillOffice(page, { ...server(), port: 5499 });
    await shot(page, 'book-choice-office-en');
    await page.getByTestId('book-connect').click();

    const problem = page.getByTestId('book-problem');
    await problem.waitFor();
    await expect.poll(() => problem.textContent()).toContain('The office book cannot be reached');
    const said = (await problem.textContent()) ?? '';
    expect(said).toContain('cannot be reached: nothing answers there');
    expect(said).toContain(':5499/');
    expect(said).not.toMatch(/\bat .*\.(ts|js|cjs|mjs):\d+|Error:|ECONNREFUSED|ENOENT/);
    await page.getByTestId('book-retry').waitFor();
    await shot(page, 'book-unreachable-en');
    // Retry tries the same connection again, and says the same.
    await page.getByTestId('book-retry').click();
    await settled(page);
    expect(await page.getByTestId('book-problem-message').textContent()).toContain('cannot be reached');

    // In Chinese the engine says it in Chinese.
    await page.getByTestId('language').getByText('中文').click();
    await expect.poll(() => page.getByTestId('book-problem-message').textContent()).toContain('无法连接位于');
    expect(await problem.textContent()).toContain('无法连接办公室共享账册');
    // antd sets a space between the two characters of a two-character button.
    expect(await page.getByTestId('book-retry').textContent()).toMatch(/^重\s?试$/);
    await shot(page, 'book-unreachable-zh-CN');
    await page.getByTestId('book-retry').click();
    await settled(page);
    expect(await page.getByTestId('book-problem-message').textContent()).toContain('该地址无响应');

    // After a reload the desk still says what went wrong (the engine kept it), and Change the
    // connection brings the form back as it was tried, but for the password, which the engine
    // never gives back. The right port opens the book.
    await page.reload();
    await page.getByTestId('book-problem').waitFor();
    expect(await page.getByTestId('book-problem-message').textContent()).toContain('该地址无响应');
    await page.getByTestId('book-change').click();
    await page.locator('#book-port').waitFor();
    expect(await page.locator('#book-port').inputValue()).toBe('5499');
    expect(await page.locator('#book-password').inputValue()).toBe('');
    await page.locator('#book-port').fill(String(server().port));
    await page.locator('#book-password').fill(server().password);
    await page.getByTestId('book-connect').click();
    await page.getByTestId('setup').waitFor();
    await shot(page, 'book-office-setup-zh-CN');

    // The administrator's first run on the office book, then sign-in.
    await page.locator('#setup-username').fill('boss');
    await page.locator('#setup-displayName').fill('网点管理员');
    await page.locator('#setup-password').fill('first2025admin');
    await page.locator('#setup-confirm').fill('first2025admin');
    await page.getByText('空账册', { exact: true }).click();
    await page.getByRole('button', { name: '创建并继续' }).click();
    await page.getByTestId('sign-in').waitFor();

    // Browser mode keeps the connection, never the password.
    const settings = readFileSync(join(dataDir, 'desk.json'), 'utf8');
    expect(JSON.parse(settings)).toMatchObject({ version: 1, book: { kind: 'office', port: server().port, password: 'asked' } });
    expect(settings).not.toContain(server().password);
    expect(consoleErrors).toEqual([]);
  });
});
