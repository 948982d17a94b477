/**
 * `npm run serve`: the desk in browser mode. Serves the built renderer (out/renderer) on 127.0.0.1
 * and, with --open, opens it in the system browser. --port N picks the port (default: any free one).
 *
 * The loan book: --db names one for this run (a file, or the office book's postgres:// URL);
 * without it the desk opens the book chosen in its settings (desk.json in the desk's data folder),
 * and on first run asks which. Browser mode has no keystore, so the office book's password is never
 * kept: the desk asks for it when it opens the book.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultDataDir } from './paths';
import { startHost } from './http';
import { createDeskBook } from './deskBook';

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

const desk = createDeskBook({ dataDir: defaultDataDir(), named: flag('--db') });
const opened = await desk.start();
const host = await startHost({ staticDir, port, desk });
console.log(`Suanpan desk (browser mode): ${host.url}`);
// Where the book is, never the URL it was named by: that may hold the password.
if (opened.state === 'open' && opened.book) console.log(`Loan book: ${opened.book.where}`);
else if (opened.problem) console.log(`Loan book not open: ${opened.problem.toJSON('en').message}.\nRetry or choose another book on the desk.`);
else if (opened.state === 'password') console.log(`Loan book: the office book at ${opened.where ?? '?'}; enter its password on the desk.`);
else console.log('Loan book: none chosen yet; choose it on the desk.');
console.log('Press Ctrl+C to stop.');

if (args.includes('--open')) {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  spawn(opener, [host.url], { stdio: 'ignore', detached: true }).on('error', () => {
    console.log(`Open ${host.url} in your browser.`);
  });
}

const stop = (): void =>
  void host
    .close()
    .then(() => desk.close())
    .then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
