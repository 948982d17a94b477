/**
 * The real Electron window, driven by Playwright's Electron support. It needs the Electron binary,
 * which Electron downloads on first run; machines that cannot download it (such as the offline build
 * machines) skip this file and say so. Everything behind the window is tested without it.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { _electron } from 'playwright-core';
import { outputDir, root } from './harness';

const require = createRequire(import.meta.url);

function electronBinary(): string | null {
  const pkg = dirname(require.resolve('electron/package.json'));
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
if (!binary) {
  console.warn('electron-window.e2e: no Electron binary on this machine (it could not be downloaded); the real-window test is skipped.');
}

describe.skipIf(!binary)('the Electron window', () => {
  it('opens the quote screen and quotes the check value', async () => {
    const app = await _electron.launch({ executablePath: binary as string, args: [root, '--no-sandbox'] });
    try {
      const window = await app.firstWindow();
      await window.getByTestId('payment').waitFor({ timeout: 30_000 });
      expect(await window.getByTestId('payment').textContent()).toMatch(/8,884\.88$/);
      await window.screenshot({ path: join(outputDir, 'electron-window.png') });
    } finally {
      await app.close();
    }
  }, 180_000);
});
