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
 * What on the page is still moving: CSS animations and transitions running that will end (a
 * spinner's or an active progress bar's endless one does not count); shown elements about to start
 * an antd motion (in its -prepare or -start phase: the active phase is an animation or transition,
 * counted as such, so one rc-motion never saw end — it waits for a transitionend that a transition
 * with nothing to change never sends — does not hold the page up for ever); and shown spinners and
 * loading buttons (a closed modal keeps its hidden buttons). Runs in the page.
 */
function stillMoving(): string[] {
  const describe = (el: Element | null | undefined): string => {
    if (!el) return '?';
    const id = el.getAttribute('data-testid');
    return `${el.tagName.toLowerCase()}${id ? `[data-testid="${id}"]` : ''}.${[...el.classList].join('.')}`;
  };
  const starting = /-(appear|enter|leave)-(prepare|start)$/;
  const animations = document
    .getAnimations()
    .filter((a) => (a.playState === 'running' || a.pending) && a.effect?.getComputedTiming().endTime !== Infinity)
    .map((a) => `${a.constructor.name} ${(a as CSSAnimation).animationName ?? (a as CSSTransition).transitionProperty ?? ''} on ${describe((a.effect as KeyframeEffect | null)?.target)}`);
  const phases = [...document.querySelectorAll('[class*="-prepare"], [class*="-start"]')]
    .filter((el) => [...el.classList].some((c) => starting.test(c)) && el.checkVisibility())
    .map((el) => `motion ${describe(el)}`);
  const spinners = [...document.querySelectorAll('.ant-spin-spinning, .ant-btn-loading')].filter((el) => el.checkVisibility()).map((el) => `busy ${describe(el)}`);
  return [...animations, ...phases, ...spinners];
}

/**
 * Waits until the page has settled, so that what a screenshot shows is the finished state: its
 * fonts loaded and nothing still moving (see stillMoving) for several frames in a row, so that a
 * motion starting on the next render is not missed. On a timeout, says what was still moving.
 */
export async function settled(page: Page, timeout = 30_000): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready;
  });
  // Given to the page as source through the protocol: the page's CSP allows it no eval of its own.
  await page.evaluate(`window.suanpanStillMoving = ${stillMoving.toString()}; window.suanpanQuietFrames = 0;`);
  try {
    await page.waitForFunction(
      (needed) => {
        const w = window as Window & { suanpanQuietFrames?: number; suanpanStillMoving?: () => string[] };
        w.suanpanQuietFrames = (w.suanpanStillMoving?.() ?? ['the page was replaced']).length > 0 ? 0 : (w.suanpanQuietFrames ?? 0) + 1;
        return w.suanpanQuietFrames >= needed;
      },
      QUIET_FRAMES,
      { polling: 'raf', timeout },
    );
  } catch (e) {
    const moving = await page.evaluate(stillMoving).catch((err: unknown) => [`(could not tell: ${String(err)})`]);
    throw new Error(`The page did not settle within ${timeout} ms; still moving: ${moving.join('; ') || 'nothing now'}`, { cause: e });
  }
}
