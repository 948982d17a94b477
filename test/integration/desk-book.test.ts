/**
 * Choosing the book: the desk's settings (desk.json, never the password in plain text), and the
 * connection screen's methods through the browser-mode host against the run's throwaway PostgreSQL
 * server (which listens on a Unix socket: its "host" is the socket's folder). While no book is open
 * the api says why; a new book replaces the open one without a restart.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startHost, type Host } from '../../src/host/http';
import { connectionOfUrl, createDeskBook, officeSettingFor, officeUrl, readDeskSettings, writeDeskSettings, type DeskBook, type Keystore } from '../../src/host/deskBook';
import type { OfficeConnection } from '../../src/host/deskApi';
import { freshDatabase } from '../helpers/postgres';

const SECRET = 'office-Secret-2025';
const staticDir = mkdtempSync(join(tmpdir(), 'suanpan-deskbook-static-'));
const folders: string[] = [staticDir];
const cleanups: (() => Promise<void>)[] = [];

beforeAll(() => {
  writeFileSync(join(staticDir, 'index.html'), '<html><head></head><body></body></html>');
});

afterEach(async () => {
  while (cleanups.length > 0) await (cleanups.pop() as () => Promise<void>)().catch(() => undefined);
});

afterAll(() => {
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

const dataFolder = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'suanpan-desk-'));
  folders.push(dir);
  return dir;
};

/** A keystore standing in for the operating system's: AES-GCM under a key only this test holds. */
function fakeKeystore(available = true): Keystore {
  const key = randomBytes(32);
  return {
    available: () => available,
    encrypt: (text) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    decrypt: (b64) => {
      const bytes = Buffer.from(b64, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

/** The run's server as the form takes it: the socket folder (or a server of yours) and who to log in as. */
function formFor(url: string): OfficeConnection & { password: string } {
  const connection = connectionOfUrl(url);
  if (!connection) throw new Error(`cannot read ${url}`);
  // A server of your own (SUANPAN_TEST_PG_URL) may want its password; the throwaway one trusts the socket and takes any.
  const given = decodeURIComponent(new URL(url.replace(/^(postgres(?:ql)?:\/\/[^@/]*@)\//, '$1socket.invalid/')).password);
  return { ...connection, password: given || SECRET };
}

/**
 * An answer as the desk reads it. Each test first matches `ok` and the side it expects; the other
 * side is then absent, which a later read would report as a failure, not pass over.
 */
interface Answer {
  ok: boolean;
  result: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- read by matchers
  error: { code: string; key: string; message: string; fields: { field: string }[] };
}

interface Desk {
  desk: DeskBook;
  host: Host;
  dataDir: string;
  api: (method: string, input?: unknown, options?: { lang?: 'en' | 'zh-CN'; session?: string }) => Promise<Answer>;
  /** Every answer the desk gave, as text: none may hold the password. */
  said: string[];
}

async function openHost(options: { dataDir?: string; keystore?: Keystore; named?: string } = {}): Promise<Desk> {
  const dataDir = options.dataDir ?? dataFolder();
  const desk = createDeskBook({ dataDir, keystore: options.keystore, named: options.named, connectTimeoutMs: 5_000, now: () => new Date('2025-06-01T09:00:00Z') });
  await desk.start();
  const host = await startHost({ staticDir, desk, now: () => new Date('2025-06-01T09:00:00Z') });
  cleanups.push(async () => {
    await host.close();
    await desk.close();
  });
  const port = Number(new URL(host.url).port);
  const said: string[] = [];
  const api: Desk['api'] = (method, input = {}, { lang = 'en', session } = {}) =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = { host: `127.0.0.1:${port}`, 'content-type': 'application/json', 'x-suanpan-token': host.token, 'x-suanpan-lang': lang };
      if (session) headers['x-suanpan-session'] = session;
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: `/api/${method}`, headers }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => {
          said.push(text);
          resolve(JSON.parse(text));
        });
      });
      req.on('error', reject);
      req.end(JSON.stringify(input));
    });
  return { desk, host, dataDir, api, said };
}

const settingsText = (dataDir: string): string => readFileSync(join(dataDir, 'desk.json'), 'utf8');

describe('the desk settings', () => {
  const connection: OfficeConnection = { host: '192.168.1.10', port: 5432, database: 'suanpan', user: 'suanpan', tls: true };

  it('keep the password sealed by the keystore, never in plain text', () => {
    const dir = dataFolder();
    const keystore = fakeKeystore();
    const setting = officeSettingFor(connection, SECRET, keystore);
    writeDeskSettings(dir, { version: 1, book: setting });
    const text = settingsText(dir);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(Buffer.from(SECRET).toString('base64'));
    const read = readDeskSettings(dir);
    expect(read.problem).toBeNull();
    expect(read.settings?.book).toMatchObject({ kind: 'office', host: '192.168.1.10', password: 'keystore' });
    const sealed = (read.settings?.book as { sealedPassword: string }).sealedPassword;
    expect(keystore.decrypt(sealed)).toBe(SECRET);
  });

  it('keep no password at all without a keystore, or with one that cannot seal now', () => {
    for (const keystore of [undefined, fakeKeystore(false)]) {
      const dir = dataFolder();
      writeDeskSettings(dir, { version: 1, book: officeSettingFor(connection, SECRET, keystore) });
      const text = settingsText(dir);
      expect(text).not.toContain(SECRET);
      expect(JSON.parse(text)).toMatchObject({ book: { password: 'asked' } });
      expect(JSON.parse(text).book.sealedPassword).toBeUndefined();
    }
    expect(officeSettingFor(connection, '', fakeKeystore())).toMatchObject({ password: 'none' });
  });

  it('report a corrupt file instead of crashing on it, and the desk asks for the book again', async () => {
    const broken = ['{ "version": 1, "book": ', JSON.stringify({ version: 1, book: { kind: 'office', host: 'x' } }), JSON.stringify({ version: 1, book: { ...connection, kind: 'office', password: 'keystore' } })];
    for (const text of broken) {
      const dir = dataFolder();
      writeFileSync(join(dir, 'desk.json'), text);
      expect(readDeskSettings(dir).problem?.key).toBe('desk.settingsCorrupt');
      const d = await openHost({ dataDir: dir });
      const choice = await d.api('desk/bookChoice', {}, { lang: 'zh-CN' });
      expect(choice).toMatchObject({ ok: true, result: { state: 'choose', book: null, problem: { key: 'desk.settingsCorrupt' } } });
      expect(choice.result.problem.message).toContain('本机设置文件');
      expect(choice.result.problem.message).toContain(join(dir, 'desk.json'));
      // Choosing again writes the settings anew.
      expect(await d.api('desk/useLocal')).toMatchObject({ ok: true, result: { state: 'open', book: { engine: 'sqlite' } } });
      expect(readDeskSettings(dir)).toMatchObject({ problem: null, settings: { book: { kind: 'desk' } } });
    }
  });

  it('build the office book URL with a socket folder as the host, as PostgreSQL’s tools take it', () => {
    const url = officeUrl({ host: '/var/run/postgresql', port: 5433, database: 'suanpan', user: 'suanpan', tls: false }, 'p@ss/wörd');
    expect(url).toBe('postgres://suanpan:p%40ss%2Fw%C3%B6rd@/suanpan?host=%2Fvar%2Frun%2Fpostgresql&port=5433');
    expect(connectionOfUrl(url)).toEqual({ host: '/var/run/postgresql', port: 5433, database: 'suanpan', user: 'suanpan', tls: false });
    expect(connectionOfUrl(officeUrl(connection, ''))).toEqual(connection);
    expect(connectionOfUrl(officeUrl({ ...connection, host: '::1' }, 'x'))).toEqual({ ...connection, host: '::1' });
  });
});

describe('choosing the book through the api', () => {
  it('with no book chosen, says so, and opens the office book once the connection works', async () => {
    const d = await openHost();
    expect(await d.api('desk/bookChoice')).toMatchObject({ ok: true, result: { state: 'choose', book: null, kind: null, canChange: true, keepsPasswords: false, problem: null } });
    expect(await d.api('auth/status')).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'book.notOpen' } });
    // What needs no book still works: the quote and the desk's own info.
    expect(await d.api('system/info')).toMatchObject({ ok: true });

    const database = await freshDatabase(inject('postgresUrl'));
    cleanups.push(() => database.drop());
    const form = formFor(database.url);
    // The throwaway server is on a Unix socket: the form's host is its folder.
    if (!process.env.SUANPAN_TEST_PG_URL) expect(form.host.startsWith('/')).toBe(true);
    const connected = await d.api('desk/connect', form);
    expect(connected).toMatchObject({ ok: true, result: { state: 'open', book: { engine: 'postgres' }, kind: 'office', passwordKept: 'asked', problem: null } });
    expect(connected.result.connection).toEqual({ host: form.host, port: form.port, database: form.database, user: form.user, tls: false });
    // Swapped in without a restart: the new book asks for its first administrator.
    expect(await d.api('auth/status')).toMatchObject({ ok: true, result: { needsSetup: true } });
    expect(await d.api('auth/setup', { username: 'boss', displayName: '行长', password: 'first2025admin', book: 'empty' })).toMatchObject({ ok: true });
    expect(await d.api('auth/status')).toMatchObject({ ok: true, result: { needsSetup: false } });

    // Browser mode has no keystore: the connection is kept, the password is not.
    const saved = JSON.parse(settingsText(d.dataDir));
    expect(saved).toEqual({ version: 1, book: { kind: 'office', host: form.host, port: form.port, database: form.database, user: form.user, tls: false, password: 'asked' } });
    expect(settingsText(d.dataDir)).not.toContain(form.password);
    expect(d.said.join('\n')).not.toContain(form.password);
  });

  it('names the server and what failed when the office book cannot be reached, in both languages, with Retry', async () => {
    const d = await openHost();
    const database = await freshDatabase(inject('postgresUrl'));
    cleanups.push(() => database.drop());
    const form = { ...formFor(database.url), port: 5499 };
    const en = await d.api('desk/connect', form);
    expect(en).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'db.officeRefused' } });
    expect(en.error.message).toContain('cannot be reached');
    expect(en.error.message).toContain(':5499/');
    expect(en.error.message).not.toMatch(/\bat .*\.(ts|js):\d+/);
    // The desk keeps the failure to show it (in the language asked), and the connection to fill the form, never the password.
    const zh = await d.api('desk/bookChoice', {}, { lang: 'zh-CN' });
    expect(zh).toMatchObject({ ok: true, result: { state: 'unreachable', book: null, problem: { key: 'db.officeRefused' }, connection: { port: 5499 } } });
    expect(zh.result.problem.message).toContain('无法连接');
    expect(zh.result.problem.where).toContain(':5499/');
    // A call that needs the book answers with the connection's failure, not "no book".
    expect(await d.api('auth/status')).toMatchObject({ ok: false, error: { key: 'db.officeRefused' } });
    expect(await d.api('desk/retry', {}, { lang: 'zh-CN' })).toMatchObject({ ok: false, error: { key: 'db.officeRefused' } });
    // Nothing was saved for a connection that did not work.
    expect(readDeskSettings(d.dataDir).settings).toBeNull();
    expect(d.said.join('\n')).not.toContain(form.password);
  });

  it('refuses a host that is neither a server nor a socket folder, on its field', async () => {
    const d = await openHost();
    const base = { host: 'db.office.lan', port: 5432, database: 'suanpan', user: 'suanpan', password: SECRET, tls: false };
    for (const host of ['not a host!', 'tmp/pg', '']) {
      const r = await d.api('desk/connect', { ...base, host }, { lang: 'zh-CN' });
      expect(r, host).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'desk.host', fields: [{ field: 'host' }] } });
      expect(r.error.message).toContain('服务器');
    }
    expect(await d.api('desk/connect', { ...base, port: 70000 })).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: [{ field: 'port' }] } });
    expect(await d.api('desk/connect', { ...base, database: 'suan pan' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'desk.name' } });
    expect(await d.api('desk/connect', { ...base, password: 12345678 })).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: [{ field: 'password' }] } });
    expect(d.said.join('\n')).not.toContain(SECRET);
  });

  it('replaces a book that answers only for a signed-in administrator, and swaps to a desk book without a restart', async () => {
    const d = await openHost();
    const database = await freshDatabase(inject('postgresUrl'));
    cleanups.push(() => database.drop());
    expect(await d.api('desk/connect', formFor(database.url))).toMatchObject({ ok: true });
    expect(await d.api('auth/setup', { username: 'boss', displayName: '行长', password: 'first2025admin', book: 'empty' })).toMatchObject({ ok: true });
    expect(await d.api('desk/useLocal')).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'desk.bookInUse' } });
    expect(await d.api('desk/connect', formFor(database.url))).toMatchObject({ ok: false, error: { key: 'desk.bookInUse' } });
    const signedIn = await d.api('auth/signIn', { username: 'boss', password: 'first2025admin' });
    expect(signedIn).toMatchObject({ ok: true });
    const local = await d.api('desk/useLocal', {}, { session: signedIn.result.token });
    expect(local).toMatchObject({ ok: true, result: { state: 'open', kind: 'desk', book: { engine: 'sqlite', where: join(d.dataDir, 'suanpan.db') } } });
    expect(readDeskSettings(d.dataDir).settings).toEqual({ version: 1, book: { kind: 'desk' } });
    // The desk's new book has nobody yet: its own first run follows.
    expect(await d.api('auth/status')).toMatchObject({ ok: true, result: { needsSetup: true } });
  });

  it('asks for the password on the next start where it is not kept, and opens straight away where the keystore has it', async () => {
    const database = await freshDatabase(inject('postgresUrl'));
    cleanups.push(() => database.drop());
    const form = formFor(database.url);
    // Browser mode: no keystore.
    const first = await openHost();
    expect(await first.api('desk/connect', form)).toMatchObject({ ok: true });
    const again = await openHost({ dataDir: first.dataDir });
    expect(await again.api('desk/bookChoice')).toMatchObject({ ok: true, result: { state: 'password', book: null, kind: 'office', passwordKept: 'asked', connection: { host: form.host, database: form.database } } });
    expect(await again.api('auth/status')).toMatchObject({ ok: false, error: { key: 'desk.passwordNeeded' } });
    expect(await again.api('desk/connect', form)).toMatchObject({ ok: true, result: { state: 'open' } });

    // The Electron shell's keystore.
    const keystore = fakeKeystore();
    const sealedDesk = await openHost({ keystore });
    expect(await sealedDesk.api('desk/connect', form)).toMatchObject({ ok: true, result: { passwordKept: 'keystore', keepsPasswords: true } });
    expect(settingsText(sealedDesk.dataDir)).not.toContain(form.password);
    const reopened = await openHost({ dataDir: sealedDesk.dataDir, keystore });
    expect(await reopened.api('desk/bookChoice')).toMatchObject({ ok: true, result: { state: 'open', book: { engine: 'postgres' } } });
    // Another computer's keystore cannot unseal it: the desk asks rather than failing.
    const elsewhere = await openHost({ dataDir: sealedDesk.dataDir, keystore: fakeKeystore() });
    expect(await elsewhere.api('desk/bookChoice')).toMatchObject({ ok: true, result: { state: 'password', problem: { key: 'desk.passwordUnsealed' } } });
    expect([...first.said, ...again.said, ...sealedDesk.said, ...reopened.said, ...elsewhere.said].join('\n')).not.toContain(form.password);
  });

  it('opens the chosen book once the server has it, on Retry', async () => {
    const name = `book_late_${process.pid}_${Date.now().toString(36)}`;
    const template = inject('postgresUrl');
    const dataDir = dataFolder();
    const form = formFor(template.replace('{db}', name));
    writeDeskSettings(dataDir, { version: 1, book: officeSettingFor(form, '', undefined) });
    const d = await openHost({ dataDir });
    expect(await d.api('desk/bookChoice')).toMatchObject({ ok: true, result: { state: 'unreachable', problem: { key: 'db.officeNoDatabase' } } });
    expect(await d.api('auth/status')).toMatchObject({ ok: false, error: { key: 'db.officeNoDatabase' } });
    const admin = new pg.Client({ connectionString: template.replace('{db}', 'postgres') });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
    } finally {
      await admin.end();
    }
    cleanups.push(async () => {
      const c = new pg.Client({ connectionString: template.replace('{db}', 'postgres') });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => c.end());
    });
    expect(await d.api('desk/retry')).toMatchObject({ ok: true, result: { state: 'open', book: { engine: 'postgres' } } });
    expect(await d.api('auth/status')).toMatchObject({ ok: true, result: { needsSetup: true } });
  });

  it('says the office book cannot be reached when it goes away under an open desk, not an internal error', async () => {
    const database = await freshDatabase(inject('postgresUrl'));
    const d = await openHost();
    expect(await d.api('desk/connect', formFor(database.url))).toMatchObject({ ok: true });
    expect(await d.api('auth/status')).toMatchObject({ ok: true });
    await database.drop();
    const lost = await d.api('auth/status', {}, { lang: 'zh-CN' });
    expect(lost).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'db.officeNoDatabase' } });
    expect(await d.api('desk/bookChoice')).toMatchObject({ ok: true, result: { state: 'unreachable', book: { engine: 'postgres' }, problem: { key: 'db.officeNoDatabase' } } });
    // A signed-out desk may leave a book that no longer answers.
    expect(await d.api('desk/useLocal')).toMatchObject({ ok: true, result: { state: 'open', book: { engine: 'sqlite' } } });
  });

  it('opens a book named at start (--db), and never repeats the password the URL holds', async () => {
    const database = await freshDatabase(inject('postgresUrl'));
    cleanups.push(() => database.drop());
    const form = formFor(database.url);
    const named = officeUrl(form, form.password);
    const d = await openHost({ named });
    const choice = await d.api('desk/bookChoice');
    expect(choice).toMatchObject({ ok: true, result: { state: 'open', book: { engine: 'postgres' }, kind: 'office' } });
    expect(d.said.join('\n')).not.toContain(form.password);
    expect(d.said.join('\n')).not.toContain(encodeURIComponent(form.password));
    // A named file opens as the desk's book, in its own folder.
    const dir = dataFolder();
    mkdirSync(join(dir, 'books'));
    const file = join(dir, 'books', 'branch.db');
    const onFile = await openHost({ named: file });
    expect(await onFile.api('desk/bookChoice')).toMatchObject({ ok: true, result: { state: 'open', book: { engine: 'sqlite', where: file } } });
  });
});
