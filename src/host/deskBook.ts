/**
 * The desk's choice of loan book, for the two transports that have a desk in front of them (the
 * browser-mode host and the Electron main process): a book on this desk, or the office book on a
 * PostgreSQL server. The choice lives in the desk's own settings, `desk.json` in its data folder,
 * never in a book; the office book's password is kept only sealed by the operating system's
 * keystore (passed in by the Electron shell), and where there is none it is not kept at all: the
 * desk asks for it when it opens the book, and holds it in memory for the run.
 *
 * While no book is open (first run, or the chosen book cannot be reached), calls that need one are
 * answered with why, and the desk's connection screen works through the desk/* methods
 * (deskApi.ts). A new book replaces the open one without a restart: calls already running finish on
 * the old one, which is closed after the last of them.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { openAnyBook } from '../book';
import { hostname } from 'node:os';
import { callApi, type ApiContext, type ApiErrorBody, type ApiResponse } from '../api';
import type { Book } from '../db/book';
import { isOfficeUrl, officeWhere, probeOfficeBook } from '../db/postgres/book';
import { identityStore } from '../db/repos/identity';
import { permissionsOf, resolveSession } from '../identity/service';
import { SuanpanError, type Details, type Lang } from '../errors';
import { fixedStateOf, type DeskControl, type DeskState, type OfficeConnection, type PasswordKept } from './deskApi';

export const DESK_SETTINGS_FILE = 'desk.json';
/** The desk's own book, in its data folder, when the desk keeps its book itself. */
export const DESK_BOOK_FILE = 'suanpan.db';

/** The operating system's keystore, as the Electron shell offers it (safeStorage); absent in browser mode. */
export interface Keystore {
  /** Seals `text`; the sealed bytes in base64. */
  encrypt(text: string): string;
  decrypt(b64: string): string;
  available(): boolean;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const officeSetting = z.object({
  kind: z.literal('office'),
  host: z.string().min(1).max(1000),
  port: z.number().int().min(1).max(65535),
  database: z.string().min(1).max(63),
  user: z.string().min(1).max(63),
  tls: z.boolean(),
  password: z.enum(['keystore', 'asked', 'none']),
  /** The password sealed by the keystore (base64), when `password` is `keystore`. */
  sealedPassword: z.string().max(8192).regex(BASE64).optional(),
});

const deskSettingsSchema = z
  .object({
    version: z.literal(1),
    book: z.discriminatedUnion('kind', [z.object({ kind: z.literal('desk'), file: z.string().min(1).max(4096).optional() }), officeSetting]),
  })
  .superRefine((s, ctx) => {
    if (s.book.kind === 'office' && (s.book.password === 'keystore') !== (s.book.sealedPassword !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['book', 'sealedPassword'], message: 'a sealed password goes with a password kept in the keystore, and only with it' });
    }
  });

export type DeskSettings = z.infer<typeof deskSettingsSchema>;
export type OfficeSetting = z.infer<typeof officeSetting>;

const settingsFile = (dataDir: string): string => join(dataDir, DESK_SETTINGS_FILE);

/**
 * Reads the desk's settings: null when there are none yet (first run), and a problem, not a crash,
 * when the file cannot be read or is not what this desk writes.
 */
export function readDeskSettings(dataDir: string): { settings: DeskSettings | null; problem: SuanpanError | null } {
  const file = settingsFile(dataDir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { settings: null, problem: null };
    return { settings: null, problem: new SuanpanError('CONFLICT', 'desk.settingsCorrupt', { file, detail: (e as Error).message.slice(0, 200) }) };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { settings: null, problem: new SuanpanError('CONFLICT', 'desk.settingsCorrupt', { file, detail: `not JSON: ${(e as Error).message.slice(0, 160)}` }) };
  }
  const parsed = deskSettingsSchema.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ').slice(0, 200);
    return { settings: null, problem: new SuanpanError('CONFLICT', 'desk.settingsCorrupt', { file, detail }) };
  }
  return { settings: parsed.data, problem: null };
}

/** Writes the desk's settings whole (a new file renamed over the old), readable by this user only. */
export function writeDeskSettings(dataDir: string, settings: DeskSettings): void {
  const file = settingsFile(dataDir);
  const partial = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(partial, `${JSON.stringify(deskSettingsSchema.parse(settings), null, 2)}\n`, { mode: 0o600 });
    renameSync(partial, file);
  } catch (e) {
    rmSync(partial, { force: true });
    throw new SuanpanError('CONFLICT', 'desk.settingsUnwritable', { file, detail: (e as Error).message.slice(0, 200) });
  }
}

/** Whether the keystore can seal now (a keystore that fails to answer cannot). */
const canSeal = (keystore: Keystore | undefined): boolean => {
  try {
    return !!keystore && keystore.available();
  } catch {
    return false;
  }
};

/** The office book's setting as it is kept: the password sealed by the keystore, or not kept at all. */
export function officeSettingFor(connection: OfficeConnection, password: string, keystore: Keystore | undefined): OfficeSetting {
  const base = { kind: 'office' as const, host: connection.host, port: connection.port, database: connection.database, user: connection.user, tls: connection.tls };
  if (password === '') return { ...base, password: 'none' };
  if (canSeal(keystore)) {
    try {
      return { ...base, password: 'keystore', sealedPassword: (keystore as Keystore).encrypt(password) };
    } catch {
      // A keystore that will not seal now keeps nothing: the desk asks next time.
    }
  }
  return { ...base, password: 'asked' };
}

/** The password a setting keeps, unsealed: '' when none is needed, undefined when it must be asked for. */
function unsealed(setting: OfficeSetting, keystore: Keystore | undefined): { password: string | undefined; problem: SuanpanError | null } {
  if (setting.password === 'none') return { password: '', problem: null };
  if (setting.password === 'asked' || !setting.sealedPassword) return { password: undefined, problem: null };
  try {
    if (!canSeal(keystore)) throw new Error('no keystore');
    return { password: (keystore as Keystore).decrypt(setting.sealedPassword), problem: null };
  } catch {
    return { password: undefined, problem: new SuanpanError('CONFLICT', 'desk.passwordUnsealed', { where: whereOf(setting) }) };
  }
}

/**
 * The office book's URL for the driver. A host that is a folder (as PostgreSQL's own tools take a
 * Unix socket's) goes in `?host=`, with the port, which names the socket file in it.
 */
export function officeUrl(c: OfficeConnection, password: string): string {
  const auth = `${encodeURIComponent(c.user)}${password ? `:${encodeURIComponent(password)}` : ''}@`;
  const params = new URLSearchParams();
  let server: string;
  if (c.host.startsWith('/')) {
    server = '';
    params.set('host', c.host);
    params.set('port', String(c.port));
  } else {
    server = `${c.host.includes(':') ? `[${c.host}]` : c.host}:${c.port}`;
  }
  if (c.tls) params.set('sslmode', 'require');
  const query = params.toString();
  // encodeURI, not encodeURIComponent: the driver decodes the database with decodeURI, which leaves "%24" ($) as it is.
  return `postgres://${auth}${server}/${encodeURI(c.database)}${query ? `?${query}` : ''}`;
}

/** The connection a postgres:// URL names, without its password (to fill the desk's form). */
export function connectionOfUrl(url: string): OfficeConnection | null {
  try {
    // As the driver does: a URL with an empty host (a socket named in ?host=) is read with a stand-in host.
    const emptyHost = /^postgres(?:ql)?:\/\/(?:[^@/]*@)?\//i.test(url);
    const u = new URL(emptyHost ? url.replace(/^(postgres(?:ql)?:\/\/(?:[^@/]*@)?)\//i, '$1socket.invalid/') : url);
    const p = u.searchParams;
    const host = p.get('host') ?? (emptyHost ? 'localhost' : decodeURIComponent(u.hostname).replace(/^\[(.*)\]$/, '$1'));
    const user = decodeURIComponent(u.username) || p.get('user') || '';
    const sslmode = p.get('sslmode');
    return {
      host,
      port: Number(p.get('port') || u.port || 5432),
      database: decodeURI(u.pathname.slice(1)) || user,
      user,
      tls: sslmode === 'require' || sslmode === 'verify-ca' || sslmode === 'verify-full' || p.get('ssl') === 'true',
    };
  } catch {
    return null;
  }
}

const whereOf = (c: OfficeConnection): string => officeWhere(officeUrl(c, ''));

/**
 * A copy of `error` with the password taken out of every detail: the driver does not put it in its
 * messages, and this makes sure no message built from them ever does. Passwords of under four
 * characters are left to that, since masking them would mangle ordinary words.
 */
function scrub(error: SuanpanError, password: string | undefined): SuanpanError {
  if (!password || password.length < 4) return error;
  const secrets = [...new Set([password, encodeURIComponent(password)])];
  const clean = (v: unknown): unknown => (typeof v === 'string' ? secrets.reduce((s, secret) => s.split(secret).join('***'), v) : v);
  const details: Details = {};
  for (const [k, v] of Object.entries(error.details)) details[k] = Array.isArray(v) ? v.map(clean) : (clean(v) as Details[string]);
  return new SuanpanError(error.code, error.key, details);
}

/** Any failure to open a book, as the desk says it. */
const asProblem = (e: unknown, where: string, password?: string): SuanpanError =>
  scrub(e instanceof SuanpanError ? e : new SuanpanError('CONFLICT', 'desk.openFailed', { where, detail: String((e as Error)?.message ?? e).slice(0, 200) }), password);

export interface DeskBookOptions {
  /** The desk's data folder: its settings, and its own book when it keeps one. */
  dataDir: string;
  keystore?: Keystore | undefined;
  /** A book named when the desk was started (`--db`: a file, or a postgres:// URL); it is opened instead of the saved choice. */
  named?: string | undefined;
  nativeBinding?: string | undefined;
  now?: () => Date;
  /** How long to wait for the office book's server before saying it cannot be reached (default 10 s). */
  connectTimeoutMs?: number;
}

/** An open book lent to one call: the book is not closed under it, even if another replaces it meanwhile. */
export interface Lease {
  book: Book;
  dataDir: string | undefined;
  release(): void;
}

export interface DeskBook {
  /** Opens the chosen book; never throws: what went wrong is the desk's state. */
  start(): Promise<DeskState>;
  /** Resolves once start() has finished (at once if it was never called). */
  started(): Promise<void>;
  /** The open book, for one call. */
  lease(): Lease | undefined;
  /** What the desk/* methods drive; undefined where the book cannot be changed. */
  readonly control: DeskControl | undefined;
  /** A failed call's answer, said as the desk sees it: the connection's failure rather than "no book", or an internal error. */
  explain(error: ApiErrorBody, lease: Lease | undefined, lang: Lang): Promise<ApiErrorBody>;
  state(): DeskState;
  close(): Promise<void>;
}

interface Opened {
  book: Book;
  dataDir: string | undefined;
  /** The file, for a desk's book. */
  file: string | undefined;
  users: number;
  retired: boolean;
}

type Chosen =
  | { kind: 'desk'; file: string }
  /** `url` when named at start: the password inside it stays in memory. */
  | { kind: 'office'; connection: OfficeConnection; passwordKept: PasswordKept; url?: string };

export function createDeskBook(options: DeskBookOptions): DeskBook {
  const { dataDir, keystore } = options;
  const now = options.now ?? (() => new Date());
  let opened: Opened | undefined;
  let state: DeskState['state'] = 'choose';
  let problem: SuanpanError | null = null;
  let chosen: Chosen | null = null;
  /** The office book's password for this run (never written anywhere). */
  let password: string | undefined;
  /** The connection last tried that failed, with its password, for Retry. */
  let pending: (OfficeConnection & { password: string }) | null = null;
  let starting: Promise<unknown> = Promise.resolve();

  // One change of book at a time: a second connect waits for the first to finish.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  const closeQuietly = (book: Book): void => void book.close().catch(() => undefined);

  const retire = (o: Opened): void => {
    o.retired = true;
    if (o.users === 0) closeQuietly(o.book);
  };

  const swap = (next: Opened): void => {
    const old = opened;
    opened = next;
    state = 'open';
    problem = null;
    pending = null;
    if (old) retire(old);
  };

  const snapshot = (): DeskState => {
    const office = chosen?.kind === 'office' ? chosen : undefined;
    return {
      state,
      book: opened ? { engine: opened.book.engine, where: opened.book.where } : null,
      kind: chosen?.kind ?? null,
      where: chosen ? (chosen.kind === 'desk' ? chosen.file : whereOf(chosen.connection)) : null,
      connection: pending ? { host: pending.host, port: pending.port, database: pending.database, user: pending.user, tls: pending.tls } : (office?.connection ?? null),
      passwordKept: office ? office.passwordKept : null,
      keepsPasswords: canSeal(keystore),
      canChange: true,
      problem,
    };
  };

  const openFile = async (file: string): Promise<Opened> => {
    mkdirSync(dirname(file), { recursive: true });
    const book = await openAnyBook(file, { nativeBinding: options.nativeBinding, now });
    return { book, dataDir: dirname(file), file, users: 0, retired: false };
  };

  const openUrl = async (url: string): Promise<Opened> => {
    const book = await openAnyBook(url, { now, ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}) });
    return { book, dataDir: undefined, file: undefined, users: 0, retired: false };
  };

  /** Whether the open office book answers; when it does not, the desk says so from now on. */
  const answers = async (o: Opened): Promise<boolean> => {
    if (o.book.engine !== 'postgres') return true;
    try {
      await probeOfficeBook(o.book);
      if (opened === o && state === 'unreachable') {
        state = 'open';
        problem = null;
      }
      return true;
    } catch (e) {
      if (opened === o) {
        state = 'unreachable';
        problem = asProblem(e, o.book.where, password);
      }
      return false;
    }
  };

  /** A book open and answering is replaced only for a signed-in administrator. */
  const mayReplace = async (session: string | undefined): Promise<void> => {
    const o = opened;
    if (!o || !(await answers(o))) return;
    const user = session ? await resolveSession(identityStore(o.book.q), session, now()).catch(() => null) : null;
    if (user && permissionsOf(user.role).includes('settings.manage')) return;
    throw new SuanpanError('CONFLICT', 'desk.bookInUse', { where: o.book.where });
  };

  /** Opens the chosen book; what fails becomes the desk's state. */
  const openChosen = async (): Promise<void> => {
    if (!chosen) {
      state = 'choose';
      return;
    }
    if (chosen.kind === 'desk') {
      const file = chosen.file;
      try {
        swap(await openFile(file));
      } catch (e) {
        state = 'unreachable';
        problem = asProblem(e, file);
      }
      return;
    }
    const where = whereOf(chosen.connection);
    if (!chosen.url && password === undefined) {
      state = 'password';
      return;
    }
    try {
      swap(await openUrl(chosen.url ?? officeUrl(chosen.connection, password ?? '')));
    } catch (e) {
      state = 'unreachable';
      problem = asProblem(e, where, password);
    }
  };

  const start = (): Promise<DeskState> => {
    const run = serial(async () => {
      const named = options.named;
      if (named && isOfficeUrl(named)) {
        const connection = connectionOfUrl(named);
        let where: string;
        try {
          where = officeWhere(named);
        } catch (e) {
          state = 'choose';
          problem = asProblem(e, '—');
          return snapshot();
        }
        chosen = { kind: 'office', connection: connection ?? { host: where, port: 5432, database: '', user: '', tls: false }, passwordKept: 'asked', url: named };
        await openChosen();
        return snapshot();
      }
      if (named) {
        chosen = { kind: 'desk', file: resolve(named) };
        await openChosen();
        return snapshot();
      }
      const read = readDeskSettings(dataDir);
      if (read.problem) {
        state = 'choose';
        problem = read.problem;
        return snapshot();
      }
      const setting = read.settings?.book;
      if (!setting) {
        // A desk from before the choice existed kept its book here: it goes on opening it.
        const file = join(dataDir, DESK_BOOK_FILE);
        if (existsSync(file)) {
          chosen = { kind: 'desk', file };
          await openChosen();
        } else {
          state = 'choose';
        }
        return snapshot();
      }
      if (setting.kind === 'desk') {
        chosen = { kind: 'desk', file: setting.file ?? join(dataDir, DESK_BOOK_FILE) };
        await openChosen();
        return snapshot();
      }
      const connection = { host: setting.host, port: setting.port, database: setting.database, user: setting.user, tls: setting.tls };
      chosen = { kind: 'office', connection, passwordKept: setting.password };
      const kept = unsealed(setting, keystore);
      password = kept.password;
      if (password === undefined) {
        state = 'password';
        problem = kept.problem;
        return snapshot();
      }
      await openChosen();
      return snapshot();
    });
    starting = run;
    return run;
  };

  const connectNow = async (c: OfficeConnection & { password: string }): Promise<DeskState> => {
    const connection: OfficeConnection = { host: c.host, port: c.port, database: c.database, user: c.user, tls: c.tls };
    let next: Opened;
    try {
      next = await openUrl(officeUrl(connection, c.password));
    } catch (e) {
      const failure = asProblem(e, whereOf(connection), c.password);
      // With no book working, the failure is what the desk shows (and Retry tries it again).
      if (state !== 'open') {
        state = 'unreachable';
        problem = failure;
        pending = c;
      }
      throw failure;
    }
    const setting = officeSettingFor(connection, c.password, keystore);
    try {
      writeDeskSettings(dataDir, { version: 1, book: setting });
    } catch (e) {
      closeQuietly(next.book);
      throw e;
    }
    swap(next);
    chosen = { kind: 'office', connection, passwordKept: setting.password };
    password = c.password;
    return snapshot();
  };

  const control: DeskControl = {
    choice: async () => {
      await starting.catch(() => undefined);
      if (opened) await answers(opened);
      return snapshot();
    },
    connect: (c, session) =>
      serial(async () => {
        await mayReplace(session);
        return connectNow(c);
      }),
    useLocal: (session) =>
      serial(async () => {
        const file = join(dataDir, DESK_BOOK_FILE);
        const already = opened?.file === file;
        if (!already) await mayReplace(session);
        const next = already ? undefined : await openFile(file).catch((e: unknown) => {
          throw asProblem(e, file);
        });
        try {
          writeDeskSettings(dataDir, { version: 1, book: { kind: 'desk' } });
        } catch (e) {
          if (next) closeQuietly(next.book);
          throw e;
        }
        if (next) swap(next);
        else {
          state = 'open';
          problem = null;
          pending = null;
        }
        chosen = { kind: 'desk', file };
        password = undefined;
        return snapshot();
      }),
    retry: () =>
      serial(async () => {
        if (pending) return connectNow(pending);
        if (opened) {
          if (!(await answers(opened))) throw problem as SuanpanError;
          return snapshot();
        }
        if (chosen?.kind === 'office' && !chosen.url && password === undefined) {
          throw new SuanpanError('CONFLICT', 'desk.passwordNeeded', { where: whereOf(chosen.connection) });
        }
        await openChosen();
        if (state !== 'open') throw problem ?? new SuanpanError('CONFLICT', 'book.notOpen');
        return snapshot();
      }),
  };

  return {
    start,
    started: () => starting.then(() => undefined, () => undefined),
    lease: () => {
      const o = opened;
      if (!o) return undefined;
      o.users++;
      let released = false;
      return {
        book: o.book,
        dataDir: o.dataDir,
        release: () => {
          if (released) return;
          released = true;
          o.users--;
          if (o.retired && o.users === 0) closeQuietly(o.book);
        },
      };
    },
    control,
    explain: async (error, lease, lang) => {
      if (!lease && error.key === 'book.notOpen') {
        if (problem) return problem.toJSON(lang);
        if (state === 'password' && chosen?.kind === 'office') return new SuanpanError('CONFLICT', 'desk.passwordNeeded', { where: whereOf(chosen.connection) }).toJSON(lang);
        return error;
      }
      // A driver's failure reaches the dispatcher as an internal error: if the server no longer answers, that is the answer.
      if (lease && error.code === 'INTERNAL' && lease.book.engine === 'postgres') {
        const o = opened && opened.book === lease.book ? opened : undefined;
        try {
          await probeOfficeBook(lease.book);
        } catch (e) {
          const failure = asProblem(e, lease.book.where, password);
          if (o) {
            state = 'unreachable';
            problem = failure;
          }
          return failure.toJSON(lang);
        }
      }
      return error;
    },
    state: snapshot,
    close: () =>
      serial(async () => {
        const o = opened;
        opened = undefined;
        state = 'choose';
        if (o) await o.book.close().catch(() => undefined);
      }),
  };
}

/** A desk on one book given to it (or none), which cannot be changed: the tests' hosts, and a host started on a fixed book. */
export function fixedDeskBook(book: Book | undefined, dataDir: string | undefined): DeskBook {
  const state = (): DeskState => fixedStateOf(book);
  return {
    start: async () => state(),
    started: async () => undefined,
    lease: () => (book ? { book, dataDir, release: () => undefined } : undefined),
    control: undefined,
    explain: async (error) => error,
    state,
    close: async () => undefined,
  };
}

/**
 * One api call from the desk, on the book the desk has open now. The desk's own methods run without
 * the book: they must answer (and change it) when it cannot be reached.
 */
export async function deskCall(desk: DeskBook, name: unknown, input: unknown, base: Omit<ApiContext, 'book' | 'db' | 'dataDir' | 'desk'>): Promise<ApiResponse> {
  await desk.started();
  const ownMethod = typeof name === 'string' && name.startsWith('desk/') && desk.control !== undefined;
  const lease = ownMethod ? undefined : desk.lease();
  try {
    // The desk is this computer: its name goes with the sessions and audit rows of its calls.
    const response = await callApi(name, input, { deskName: hostname(), ...base, book: lease?.book, db: lease?.book.sqlite, dataDir: lease?.dataDir, desk: desk.control });
    if (response.ok) return response;
    return { ok: false, error: await desk.explain(response.error, lease, base.lang) };
  } finally {
    lease?.release();
  }
}
