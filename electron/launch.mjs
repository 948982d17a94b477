#!/usr/bin/env node
// `npm start`: build the app and open it in Electron. Electron fetches its binary on first run; where
// that cannot happen (offline, or a network that blocks the download — in mainland China set
// ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/), say so plainly and open the same desk in
// browser mode instead.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
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

/**
 * better-sqlite3 built for Electron's ABI, kept apart from the Node build that `npm test` and the CLI
 * use (node_modules/better-sqlite3 stays as it is). Fetched once per Electron version with
 * prebuild-install, or compiled with node-gyp against Electron's headers where no prebuilt exists.
 */
function electronSqlite() {
  const electronVersion = require('electron/package.json').version;
  const dir = join(root, 'node_modules', '.suanpan-electron', electronVersion);
  const binding = join(dir, 'better_sqlite3.node');
  if (existsSync(binding)) return binding;
  console.log(`suanpan: building the SQLite module for Electron ${electronVersion} (first run)…`);
  const work = join(dir, 'better-sqlite3');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(dirname(require.resolve('better-sqlite3/package.json')), work, { recursive: true, filter: (src) => !src.includes(`${sep}build${sep}`) });
  const attempts = [
    () => [join(root, 'node_modules/prebuild-install/bin.js'), '--runtime', 'electron', '--target', electronVersion, '--arch', process.arch],
    // npm ships node-gyp; it compiles against Electron's headers.
    () => [require.resolve('node-gyp/bin/node-gyp.js', { paths: [work, root, dirname(process.execPath)] }), 'rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'],
  ];
  for (const args of attempts) {
    try {
      const r = spawnSync(process.execPath, args(), { cwd: work, stdio: 'inherit', timeout: 15 * 60_000 });
      const built = join(work, 'build', 'Release', 'better_sqlite3.node');
      if (r.status === 0 && existsSync(built)) {
        copyFileSync(built, binding);
        rmSync(work, { recursive: true, force: true });
        return binding;
      }
    } catch {
      // try the next way
    }
  }
  return null;
}

run([join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], 'building the app');

const binary = electronBinary();
const sqlite = binary ? electronSqlite() : null;
if (binary && !sqlite) {
  console.error('suanpan: could not build the SQLite module for Electron (no network?); opening browser mode instead.');
}
if (binary && sqlite) {
  const child = spawn(binary, [root], { cwd: root, stdio: 'inherit', env: { ...process.env, SUANPAN_SQLITE_BINDING: sqlite } });
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
  run([join(root, 'src/cli/build.mjs')], 'building the browser-mode host');
  const child = spawn(process.execPath, [join(root, 'out/node/serve.mjs'), '--open'], { cwd: root, stdio: 'inherit' });
  child.on('close', (code) => process.exit(code ?? 0));
}
