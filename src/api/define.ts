/**
 * The service contract: every method the desk can call is declared next to its domain code with a
 * zod input schema, the permission it needs and its handler. Transports (Electron IPC, the browser
 * host, the CLI) bind to the merged map; nothing else reaches the engine.
 */
import type { z } from 'zod';
import { SuanpanError, type Lang } from '../errors';
import type { Db } from '../db/connection';
import type { Q } from '../db/kysely';
import { sqliteBook, type Book } from '../db/book';
import type { IdSource } from '../ids';
import type { DeskControl } from '../host/deskApi';
import { isoDay } from '../calendar/date';

export const PERMISSIONS = [
  'quote.run',
  'system.read',
  'session.open',
  'customers.read',
  'customers.write',
  'documents.read',
  'documents.write',
  'notices.print',
  'audit.read',
  'users.read',
  'users.manage',
  'book.backup',
  'products.read',
  'applications.read',
  'applications.write',
  'applications.decide',
  'lists.read',
  'lists.manage',
  'settings.read',
  'settings.manage',
  'loans.read',
  'loans.service',
  'loans.disburse',
  'loans.writeOff',
  'collections.read',
  'collections.work',
  'eod.read',
  'eod.run',
  /** Names files on this computer (backup to, restore from, a new book): the command line only. */
  'book.files',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * What the desk may do before anyone signs in: quoting is the same arithmetic a borrower can do on a
 * calculator, and touches no borrower's data. Methods over the loan book need a signed-in role.
 */
export const DESK_PERMISSIONS: ReadonlySet<Permission> = new Set<Permission>(['quote.run', 'system.read', 'session.open']);

/**
 * What the `suanpan` command line may do as its local principal (whoever runs it on this computer
 * with access to the book's file): exactly what its commands need, checked like any desk call, and
 * named in every audit row it writes. It takes no applications and decides nothing.
 */
export const COMMAND_LINE_PERMISSIONS: ReadonlySet<Permission> = new Set<Permission>([
  ...DESK_PERMISSIONS,
  'book.files',
  'book.backup',
  'eod.read',
  'eod.run',
  'loans.read',
  'loans.service',
  'products.read',
  'applications.read',
  'documents.read',
  'documents.write',
  'notices.print',
]);
/** Something long-running work tells the screen: progress of a task, by id. */
export interface ApiEvent {
  type: 'progress';
  task: string;
  done: number;
  total: number;
  label?: string;
}

/** The signed-in user behind a call. */
export interface SessionUser {
  sessionId: string;
  userId: string;
  username: string;
  displayName: string;
  role: string;
}

/** The command line's local principal: the operating-system user who ran it. */
export interface CommandLine {
  osUser: string;
}

/** How an audit row names who acted: "user wang", "command line, OS user li", "desk". */
export const principalName = (user: { username: string } | undefined, commandLine: CommandLine | undefined): string =>
  user ? `user ${user.username}` : commandLine ? `command line, OS user ${commandLine.osUser}` : 'desk';

/** What a call records in the audit log; `as` names the user acted for where nobody is signed in yet (setup, sign-in). */
export interface AuditNote {
  entityType?: string;
  entityId?: string;
  summary: string;
  as?: { userId: string; username: string };
}

export interface ApiContext {
  lang: Lang;
  /** What the caller may do; checked before every call, deny by default. */
  permissions: ReadonlySet<Permission>;
  /** The clock, passed in so that every test can pin time. */
  now: () => Date;
  emit: (event: ApiEvent) => void;
  user?: SessionUser | undefined;
  /** The computer the call comes from (its name), recorded with sessions and audit rows. */
  deskName?: string | undefined;
  /** Set by the command line: the call acts for the operating-system user who ran it. */
  commandLine?: CommandLine | undefined;
  /** The loan book, where the transport has one open: an office book, or (as `db`) a desk's SQLite file. */
  book?: Book | undefined;
  db?: Db | undefined;
  ids?: IdSource | undefined;
  /** The book's file where the call names it without opening it (a restore). */
  bookFile?: string | undefined;
  /** Folder for attachments and other files kept beside the book. */
  dataDir?: string | undefined;
  /** Set by a transport that can change which book it has open (the desk's connection screen). */
  desk?: DeskControl | undefined;
  /** The session token the caller presented, if any (resolved by the dispatcher). */
  sessionToken?: string | undefined;
  /** Records what a mutating call did; written in the call's own transaction. */
  audit?: (entry: AuditNote) => void;
  /**
   * For methods that prepare asynchronously before they change the book (not `mutating`): runs the
   * change as one unit of work with its audit rows, as a mutating method's whole call is run.
   */
  write?: <T>(fn: (tx: Q) => T | Promise<T>) => Promise<T>;
  /** Inside a mutating method: the unit of work the whole call runs in (stores take it). */
  tx?: Q | undefined;
  /**
   * The book's business date as the call began (read by the dispatcher, inside the unit of work for
   * a mutating call); undefined with no book, or a book that has none yet.
   */
  businessDate?: string | undefined;
  /**
   * For methods whose work writes the book outside `write` (a worker thread's own connection, a
   * bulk load): throws unless the book may be written now (its integrity check has passed).
   */
  writable?: () => void;
}

export interface MethodDef<S extends z.ZodType, R> {
  input: S;
  permission: Permission;
  /** Mutating methods run in one unit of work with their audit row (from the loan book on). */
  mutating: boolean;
  handler: (input: z.output<S>, ctx: ApiContext) => R | Promise<R>;
  /** Short description for the contract's documentation. */
  summary: string;
}

export const method = <S extends z.ZodType, R>(def: MethodDef<S, R>): MethodDef<S, R> => def;

/** The book a call runs on, if its transport has one open (an office book, or a desk's SQLite file). */
export const bookOf = (ctx: Pick<ApiContext, 'book' | 'db'>): Book | undefined => ctx.book ?? (ctx.db ? sqliteBook(ctx.db) : undefined);

/**
 * The open loan book behind a call: the book, the id source and the folder beside it for
 * attachments. A transport that has no book (or no folder) gets book.notOpen, never a stand-in.
 */
export function requireBook(ctx: ApiContext): { book: Book; ids: IdSource; dataDir: string | undefined } {
  const book = bookOf(ctx);
  if (!book || !ctx.ids) throw new SuanpanError('CONFLICT', 'book.notOpen');
  return { book, ids: ctx.ids, dataDir: ctx.dataDir };
}

/** As requireBook, for what only a book kept on this desk can do (its SQLite connection). */
export function requireDeskBook(ctx: ApiContext): { db: Db; ids: IdSource; dataDir: string | undefined } {
  const { book, ids, dataDir } = requireBook(ctx);
  if (!book.sqlite) throw new SuanpanError('CONFLICT', 'book.deskOnly', { where: book.where });
  return { db: book.sqlite, ids, dataDir };
}

/**
 * Where a call's stores read and write: inside a mutating method its unit of work, otherwise the
 * book itself (each query then waits for any unit of work in progress to commit).
 */
export const storeScope = (ctx: ApiContext): Q => ctx.tx ?? requireBook(ctx).book.q;

/** As storeScope, or undefined where the transport has no book open (a quote on the desk alone). */
export const openStoreScope = (ctx: ApiContext): Q | undefined => ctx.tx ?? bookOf(ctx)?.q;

/** As requireBook, for calls that keep files beside the book. */
export function requireBookFiles(ctx: ApiContext): { book: Book; ids: IdSource; dataDir: string } {
  const book = requireBook(ctx);
  if (!book.dataDir) throw new SuanpanError('CONFLICT', 'book.notOpen');
  return { ...book, dataDir: book.dataDir };
}

/** The book's business date (the clock's day where a book has none yet). */
export const businessDateOf = (ctx: ApiContext): string => {
  requireBook(ctx);
  return ctx.businessDate ?? isoDay(ctx.now());
};
