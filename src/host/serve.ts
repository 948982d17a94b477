/**
 * `npm run serve`: the desk in browser mode. Serves the built renderer (out/renderer) on 127.0.0.1
 * over the loan book (--db FILE; default: suanpan.db in the desk's data folder) and, with --open,
 * opens it in the system browser. --port N picks the port (default: any free one).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBook } from '../book';
import { SuanpanError } from '../errors';
import { defaultDataDir } from './paths';
import { startHost } from './http';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const port = Number(flag('--port') ?? 0);
const staticDir = fileURLToPath(new URL('../../out/renderer', import.meta.url));

if (!existsSync(`${staticDir}/index.html`)) {
  console.error('suanpan: the desk is not built yet; run `npm run build` first.');
  process.exit(1);
}

const file = resolve(flag('--db') ?? join(defaultDataDir(), 'suanpan.db'));
mkdirSync(dirname(file), { recursive: true });
let db;
try {
  db = openBook(file);
} catch (e) {
  console.error(`suanpan: ${e instanceof SuanpanError ? e.toJSON('en').message : (e as Error).message}`);
  process.exit(1);
}
const host = await startHost({ staticDir, port, book: { db, dataDir: dirname(file) } });
console.log(`Suanpan desk (browser mode): ${host.url}`);
console.log(`Loan book: ${file}`);
console.log('Press Ctrl+C to stop.');

if (args.includes('--open')) {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  spawn(opener, [host.url], { stdio: 'ignore', detached: true }).on('error', () => {
    console.log(`Open ${host.url} in your browser.`);
  });
}

const stop = (): void =>
  void host.close().then(() => {
    db.close();
    process.exit(0);
  });
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
