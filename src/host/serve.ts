/**
 * `npm run serve`: the desk in browser mode. Serves the built renderer (out/renderer) on 127.0.0.1
 * and, with --open, opens it in the system browser. --port N picks the port (default: any free one).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startHost } from './http';

const args = process.argv.slice(2);
const portFlag = args.indexOf('--port');
const port = portFlag >= 0 ? Number(args[portFlag + 1]) : 0;
const staticDir = fileURLToPath(new URL('../../out/renderer', import.meta.url));

if (!existsSync(`${staticDir}/index.html`)) {
  console.error('suanpan: the desk is not built yet; run `npm run build` first.');
  process.exit(1);
}

const host = await startHost({ staticDir, port });
console.log(`Suanpan desk (browser mode): ${host.url}`);
console.log('Press Ctrl+C to stop.');

if (args.includes('--open')) {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  spawn(opener, [host.url], { stdio: 'ignore', detached: true }).on('error', () => {
    console.log(`Open ${host.url} in your browser.`);
  });
}

const stop = (): void => void host.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
