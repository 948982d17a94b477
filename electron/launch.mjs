#!/usr/bin/env node
// `npm start`: build the app and open it in Electron. Electron fetches its binary on first run; where
// that cannot happen (offline, or a network that blocks the download — in mainland China set
// ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/), say so plainly and open the same desk in
// browser mode instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function run(args, label) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`suanpan: ${label} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}

/** The Electron binary's path, fetching it on first run; null when it cannot be had. */
function electronBinary() {
  const pkg = dirname(require.resolve('electron/package.json'));
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) {
    console.log('suanpan: fetching the Electron binary (first run)…');
    const fetched = spawnSync(process.execPath, [join(pkg, 'install.js')], { cwd: pkg, stdio: 'inherit', timeout: 10 * 60_000 });
    if (fetched.status !== 0 || !existsSync(pathFile)) return null;
  }
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

run([join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], 'building the app');

const binary = electronBinary();
if (binary) {
  const child = spawn(binary, [root], { cwd: root, stdio: 'inherit' });
  child.on('close', (code) => process.exit(code ?? 0));
} else {
  console.error(
    [
      'suanpan: the Electron binary could not be downloaded (no network, or the download is blocked).',
      '  In mainland China set a mirror and try again, for example:',
      '    ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ npm start',
      '  Opening the same desk in your browser instead (browser mode).',
    ].join('\n'),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/host/serve.ts'), '--open'], { cwd: root, stdio: 'inherit' });
  child.on('close', (code) => process.exit(code ?? 0));
}
