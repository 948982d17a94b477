/**
 * End-to-end harness: the built renderer served by the real browser-mode host, driven in Chromium by
 * Playwright. Uses Debian's Chromium at /usr/bin/chromium (CI installs it), or CHROMIUM_PATH.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startHost, type Host } from '../../src/host/http';
import { freshBook, PASSWORD, type Book } from '../helpers/book';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const outputDir = join(root, 'test-output', 'e2e');

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (!found) {
    throw new Error('No Chromium found for the end-to-end tests: install Debian\'s "chromium" package or set CHROMIUM_PATH.');
  }
  return found;
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface Desk {
  host: Host;
  book: Book;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
  close: () => Promise<void>;
}

export async function openDesk(options: { now?: () => Date; lang?: 'zh-CN' | 'en'; users?: boolean; timezoneId?: string } = {}): Promise<Desk> {
  const staticDir = join(root, 'out', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) throw new Error('The renderer is not built: run `npm run build` first.');
  mkdirSync(outputDir, { recursive: true });
  // A fresh loan book per desk: with one user per role (password PASSWORD), or empty for first run.
  const book = await freshBook({ ...(options.now ? { now: options.now } : {}), users: options.users !== false });
  const host = await startHost({ staticDir, ...(options.now ? { now: options.now } : {}), book: { db: book.db, dataDir: book.dir } });
  // Playwright gives each launch a fresh, empty profile of its own.
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  // The browser's time zone is the machine's unless a test sets the desk's own (timezoneId, e.g. 'Asia/Shanghai').
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}) });
  if (options.lang) {
    await context.addInitScript((lang) => localStorage.setItem('suanpan.lang', lang), options.lang);
  }
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  return {
    host,
    book,
    browser,
    context,
    page,
    consoleErrors,
    close: async () => {
      await browser.close();
      await host.close();
      book.close();
    },
  };
}

/** Signs in on the desk's sign-in screen and waits for the desk. */
export async function signIn(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.locator('#signin-username').fill(username);
  await page.locator('#signin-password').fill(password);
  await page.getByTestId('sign-in-button').click();
  await page.getByTestId('current-user').waitFor();
}

/** How many animation frames in a row the page must be quiet before it counts as settled. */
const QUIET_FRAMES = 5;

/**
 * Waits until the page has settled, so that what a screenshot shows is the finished state: its
 * fonts loaded, no antd motion in progress (no element in a motion's -appear, -enter or -leave
 * phase, no CSS animation or transition running that will ever end — a spinner's or an active
 * progress bar's endless one does not count) and no spinner or loading button, for several frames
 * in a row so that a motion starting on the next render is not missed.
 */
export async function settled(page: Page, timeout = 30_000): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready;
  });
  await page.evaluate(() => {
    (window as Window & { suanpanQuietFrames?: number }).suanpanQuietFrames = 0;
  });
  await page.waitForFunction(
    (needed) => {
      const motion = /-(appear|enter|leave)(-(prepare|start|active))?$/;
      const moving =
        document.getAnimations().some((a) => (a.playState === 'running' || a.pending) && a.effect?.getComputedTiming().endTime !== Infinity) ||
        [...document.querySelectorAll('[class*="-appear"], [class*="-enter"], [class*="-leave"]')].some((el) => [...el.classList].some((c) => motion.test(c))) ||
        document.querySelector('.ant-spin-spinning, .ant-btn-loading') !== null;
      const w = window as Window & { suanpanQuietFrames?: number };
      w.suanpanQuietFrames = moving ? 0 : (w.suanpanQuietFrames ?? 0) + 1;
      return w.suanpanQuietFrames >= needed;
    },
    QUIET_FRAMES,
    { polling: 'raf', timeout },
  );
}
