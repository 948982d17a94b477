/**
 * A throwaway PostgreSQL server for the tests: initdb in a temporary folder, listening on a Unix
 * socket only (no port to collide with), started as the `postgres` user when the tests run as root
 * (initdb refuses root), stopped and removed afterwards. SUANPAN_TEST_PG_URL points the tests at a
 * server of your own instead (a database the tests may create and drop databases on).
 *
 * The cluster uses the C collation: text compares byte by byte, as SQLite's BINARY does, so both
 * engines sort names and numbers the same way.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestServer {
  /** A connection URL for database `name` on the server. */
  url: (name: string) => string;
  stop: () => Promise<void>;
}

/** Where PostgreSQL's server programs are (Debian keeps them out of PATH). */
export function postgresBin(): string {
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => /^\d+$/.test(v) && Number(v) >= 15).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (existsSync(join(debian, v, 'bin', 'initdb'))) return join(debian, v, 'bin');
  }
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('PostgreSQL 15 or later is needed for the office-book tests: install Debian\'s postgresql (apt-get install postgresql), or set SUANPAN_TEST_PG_URL');
  }
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
/** The command line that runs `bin` as the server's owner. */
const owner = (bin: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args]);

/** Waits until the server accepts connections (or it exits, or 30 s pass). */
async function ready(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the test PostgreSQL server exited: ${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (e) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`the test PostgreSQL server did not start: ${(e as Error).message}\n${log()}`, { cause: e });
    }
    // Poll again once the event loop has had a turn: the server is starting, not a fixed wait.
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startTestServer(): Promise<TestServer> {
  const external = process.env.SUANPAN_TEST_PG_URL;
  if (external) {
    return {
      url: (name) => {
        const u = new URL(external);
        u.pathname = `/${name}`;
        return u.toString();
      },
      stop: async () => undefined,
    };
  }
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'suanpan-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const [initdb, initArgs] = owner(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '-N']);
  execFileSync(initdb, initArgs, { stdio: 'pipe' });
  let output = '';
  const [postgres, args] = owner(join(bin, 'postgres'), [
    '-D', data, '-k', dir, '-c', "listen_addresses=", '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200',
  ]);
  const server = spawn(postgres, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  server.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const url = (name: string): string => `postgres://postgres@/${name}?host=${encodeURIComponent(dir)}`;
  // runuser passes no signal on to the server, so it is stopped through its pid file, as pg_ctl
  // does; if the test process ends first, the server is stopped on the way out all the same.
  const [pgCtl, ctlArgs] = owner(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'fast', '-w']);
  let stopped = false;
  const halt = (): void => {
    if (stopped) return;
    stopped = true;
    try {
      if (server.exitCode === null) execFileSync(pgCtl, ctlArgs, { stdio: 'pipe' });
    } catch {
      // Already gone.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', halt);
  try {
    await ready(url('postgres'), server, () => output.slice(-2000));
  } catch (e) {
    halt();
    process.off('exit', halt);
    throw e;
  }
  return {
    url,
    stop: async () => {
      halt();
      process.off('exit', halt);
    },
  };
}

let counter = 0;

/**
 * Creates an empty database for one test on the server whose URL is `template` (`{db}` where the
 * database name goes: the test run's `inject('postgresUrl')`), and returns its URL and a way to drop it.
 */
export async function freshDatabase(template: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = { url: (name: string) => template.replace('{db}', name) };
  const name = `book_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: server.url('postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
  } finally {
    await admin.end();
  }
  return {
    url: server.url(name),
    drop: async () => {
      const c = new pg.Client({ connectionString: server.url('postgres') });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
