/**
 * Desk figures for `npm run bench`: time from starting the browser-mode host to the quote screen's
 * first interactive paint in Chromium (target under 1 s), and the renderer's production bundle
 * (the first screen's JavaScript, target under 500 KB gzipped). Needs `npm run build` first.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startHost } from '../../src/host/http';
import { CHROMIUM_ARGS, chromiumPath, root } from '../e2e/harness';

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
  const times: number[] = [];
  try {
    for (let run = 0; run < 6; run++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      const start = performance.now();
      const host = await startHost({ staticDir });
      await page.goto(host.url);
      // Interactive: the schedule is on screen and the amount field takes input.
      await page.getByTestId('payment').waitFor();
      await page.locator('#q-principal').waitFor({ state: 'visible' });
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
      const ms = performance.now() - start;
      if (run > 0) times.push(ms); // the first run warms the disk cache
      await context.close();
      await host.close();
    }
  } finally {
    await browser.close();
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] as number;
  console.log(`  host start -> interactive quote   median ${median.toFixed(0)} ms, best ${(times[0] as number).toFixed(0)} ms over ${times.length} runs (target < 1000 ms): ${median < 1000 ? 'met' : 'MISSED'}\n`);
  return [`desk: first screen JS ${kb(gz)} gzipped; host start to interactive quote ${median.toFixed(0)} ms (median)`];
}
