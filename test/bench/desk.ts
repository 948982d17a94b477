/**
 * Desk figures for `npm run bench`: time from starting the browser-mode host to the first
 * interactive screen in Chromium (sign-in; target under 1 s), then from signing in to an interactive
 * quote screen, and the renderer's production bundle (the first screen's JavaScript, target under
 * 500 KB gzipped). Needs `npm run build` first.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startHost } from '../../src/host/http';
import { CHROMIUM_ARGS, chromiumPath, root } from '../e2e/harness';
import { freshBook, PASSWORD } from '../helpers/book';

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

export async function benchDesk(): Promise<string[]> {
  const staticDir = join(root, 'out', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) {
    console.log('Desk: the renderer is not built (run `npm run build`); skipping the desk figures.');
    return [];
  }
  console.log('Desk (browser mode, Chromium headless)');

  // What the first screen loads: the scripts index.html references, and what they import statically.
  const html = readFileSync(join(staticDir, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/src="\.?\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
  const preloads = [...html.matchAll(/href="\.?\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
  const firstScreen = [...new Set([...scripts, ...preloads])];
  let raw = 0;
  let gz = 0;
  for (const file of firstScreen) {
    const body = readFileSync(join(staticDir, file));
    raw += body.length;
    gz += gzipSync(body, { level: 9 }).length;
  }
  const allJs = readdirSync(join(staticDir, 'assets')).filter((f) => f.endsWith('.js'));
  const allJsBytes = allJs.reduce((a, f) => a + statSync(join(staticDir, 'assets', f)).size, 0);
  console.log(`  first screen JavaScript           ${kb(raw)} raw, ${kb(gz)} gzipped (target < 500 KB gzipped): ${gz < 500 * 1024 ? 'met' : 'MISSED'}`);
  console.log(`  all renderer JavaScript           ${kb(allJsBytes)} in ${allJs.length} file(s)`);

  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const book = await freshBook();
  const toSignIn: number[] = [];
  const toQuote: number[] = [];
  try {
    for (let run = 0; run < 6; run++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      const start = performance.now();
      const host = await startHost({ staticDir, book: { db: book.db, dataDir: book.dir } });
      await page.goto(host.url);
      // Interactive: the sign-in form takes input.
      await page.locator('#signin-username').waitFor({ state: 'visible' });
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
      const signInMs = performance.now() - start;
      await page.locator('#signin-username').fill('officer');
      await page.locator('#signin-password').fill(PASSWORD);
      const submitted = performance.now();
      await page.getByTestId('sign-in-button').click();
      // Interactive: the schedule is on screen and the amount field takes input.
      await page.getByTestId('payment').waitFor();
      await page.locator('#q-principal').waitFor({ state: 'visible' });
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
      const quoteMs = performance.now() - submitted;
      if (run > 0) {
        // the first run warms the disk cache
        toSignIn.push(signInMs);
        toQuote.push(quoteMs);
      }
      await context.close();
      await host.close();
    }
  } finally {
    await browser.close();
    book.close();
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const first = median(toSignIn);
  const quote = median(toQuote);
  console.log(`  host start -> interactive sign-in median ${first.toFixed(0)} ms over ${toSignIn.length} runs (target < 1000 ms): ${first < 1000 ? 'met' : 'MISSED'}`);
  console.log(`  sign-in -> interactive quote      median ${quote.toFixed(0)} ms (includes the password check, scrypt): ${quote < 1000 ? 'met' : 'MISSED'}\n`);
  return [`desk: first screen JS ${kb(gz)} gzipped; host start to interactive sign-in ${first.toFixed(0)} ms, sign-in to interactive quote ${quote.toFixed(0)} ms (medians)`];
}
