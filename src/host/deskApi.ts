/**
 * Which loan book the desk opens: a book on this desk (an SQLite file in its data folder) or the
 * office book on a PostgreSQL server. The desk's connection screen calls these before anyone signs
 * in, so they need only what a signed-out desk has; the transport that can change its book (the
 * browser-mode host, the Electron main process) passes its `DeskControl` in the call's context
 * (src/host/deskBook.ts). A transport that cannot (the command line, a host started on a fixed
 * book) answers what is open and refuses a change.
 *
 * No answer, log or error carries the office book's password.
 */
import { z } from 'zod';
import { method, bookOf, type ApiContext } from '../api/define';
import { SuanpanError, type ErrorCode, type MessageKey } from '../errors';
import type { Book, Engine } from '../db/book';
import { wholeNumber } from '../validation';

/** Where the office book is, and as whom: everything a desk keeps of its connection but the password. */
export interface OfficeConnection {
  /** The server's name or address, or (as PostgreSQL's own tools take it) the folder of its Unix socket. */
  host: string;
  port: number;
  database: string;
  user: string;
  tls: boolean;
}

/** How the desk keeps the password: sealed by the operating system's keystore, asked for each time it opens, or none needed. */
export type PasswordKept = 'keystore' | 'asked' | 'none';

/**
 * What the desk has open and what it is set to open:
 * - `open`: a book is open and answering;
 * - `choose`: nothing is chosen yet (first run, or the desk's settings could not be read);
 * - `password`: the office book is chosen, and its password is needed to open it;
 * - `unreachable`: the chosen book cannot be opened, or the office book stopped answering.
 */
export interface DeskState {
  state: 'open' | 'choose' | 'password' | 'unreachable';
  book: { engine: Engine; where: string } | null;
  /** What this desk is set to open, and where that is. */
  kind: 'desk' | 'office' | null;
  where: string | null;
  /** The office connection to show in the form: the one last tried, else the chosen one. */
  connection: OfficeConnection | null;
  passwordKept: PasswordKept | null;
  /** Whether this desk can keep a password (an operating-system keystore is available). */
  keepsPasswords: boolean;
  /** Whether this desk's book can be chosen here at all. */
  canChange: boolean;
  problem: SuanpanError | null;
}

/** What a transport that can change its book gives the desk's methods. */
export interface DeskControl {
  choice(): Promise<DeskState>;
  /**
   * Tests the connection, and on success saves it and opens the book in place of any other. A book
   * that is open and answering is replaced only for a signed-in administrator (`session`, the
   * caller's session token on that book).
   */
  connect(connection: OfficeConnection & { password: string }, session: string | undefined): Promise<DeskState>;
  /** Opens (creating it if need be) the book in this desk's data folder and saves that choice; as connect. */
  useLocal(session: string | undefined): Promise<DeskState>;
  /** Tries the chosen book (or the connection last tried) again. */
  retry(): Promise<DeskState>;
}

const custom = (key: MessageKey) => ({ params: { key, details: {} } });

// A DNS name or an IPv4 address, or an IPv6 address (with or without its brackets).
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV6 = /^\[?[0-9A-Fa-f]*:[0-9A-Fa-f:.]*(%[\w.-]+)?\]?$/;
// A socket folder is a full POSIX path, as libpq takes it: the driver reads a host starting with "/" as one.
const SOCKET_FOLDER = /^\/[^\0?#]{0,1000}$/;

export const hostText = z
  .string()
  .max(1000)
  .transform((v) => v.trim())
  .superRefine((v, ctx) => {
    if (!(HOST_NAME.test(v) || SOCKET_FOLDER.test(v) || IPV6.test(v))) ctx.addIssue({ code: 'custom', ...custom('desk.host') });
  })
  .transform((v) => (IPV6.test(v) ? v.replace(/^\[|\]$/g, '') : v));

const NAME = /^[\p{L}\p{N}_$.-]{1,63}$/u;
export const nameText = z
  .string()
  .max(200)
  .transform((v) => v.trim())
  .superRefine((v, ctx) => {
    if (!NAME.test(v)) ctx.addIssue({ code: 'custom', ...custom('desk.name') });
  });

export const officeConnection = z.strictObject({
  host: hostText,
  port: wholeNumber(1, 65535),
  database: nameText,
  user: nameText,
  tls: z.boolean(),
});

export const connectInput = officeConnection.extend({
  // A server that trusts this desk (peer or trust in pg_hba.conf) asks for none.
  password: z.string().max(200).optional(),
});

const noControl = (ctx: ApiContext): never => {
  throw new SuanpanError('CONFLICT', 'desk.fixedBook', { where: bookOf(ctx)?.where ?? '—' });
};

/** What a transport without a DeskControl has: the book it was given, if any, fixed. */
/** What a desk on one fixed book (or none) says of it: open or to be chosen, and not to be changed. */
export const fixedStateOf = (book: Book | undefined): DeskState => ({
  state: book ? 'open' : 'choose',
  book: book ? { engine: book.engine, where: book.where } : null,
  kind: book ? (book.engine === 'sqlite' ? 'desk' : 'office') : null,
  where: book?.where ?? null,
  connection: null,
  passwordKept: null,
  keepsPasswords: false,
  canChange: false,
  problem: null,
});

const fixedState = (ctx: ApiContext): DeskState => fixedStateOf(bookOf(ctx));

/** The state as it crosses to the desk: the problem translated, in the caller's language. */
const answer = (s: DeskState, ctx: ApiContext) => {
  const problem = s.problem?.toJSON(ctx.lang);
  return {
    ...s,
    problem: problem ? { code: problem.code as ErrorCode, key: problem.key, message: problem.message, where: typeof problem.details.where === 'string' ? problem.details.where : null } : null,
  };
};

export const deskApi = {
  'desk/bookChoice': method({
    summary: 'Which loan book this desk has open and is set to open, and what went wrong opening it (never the password)',
    input: z.strictObject({}),
    permission: 'system.read',
    mutating: false,
    handler: async (_input, ctx) => answer(ctx.desk ? await ctx.desk.choice() : fixedState(ctx), ctx),
  }),
  'desk/connect': method({
    summary: 'Tests a connection to the office book; on success saves it in the desk settings and opens the book',
    input: connectInput,
    permission: 'session.open',
    mutating: false,
    handler: async (input, ctx) => answer(await (ctx.desk ?? noControl(ctx)).connect({ ...input, password: input.password ?? '' }, ctx.sessionToken), ctx),
  }),
  'desk/useLocal': method({
    summary: 'Opens the book in this desk’s data folder (a new one if there is none) and saves that choice',
    input: z.strictObject({}),
    permission: 'session.open',
    mutating: false,
    handler: async (_input, ctx) => answer(await (ctx.desk ?? noControl(ctx)).useLocal(ctx.sessionToken), ctx),
  }),
  'desk/retry': method({
    summary: 'Tries the chosen book again (after the server or the network is back)',
    input: z.strictObject({}),
    permission: 'session.open',
    mutating: false,
    handler: async (_input, ctx) => answer(await (ctx.desk ?? noControl(ctx)).retry(), ctx),
  }),
};
