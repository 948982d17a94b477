/**
 * The book's own files: an online backup, a restore from one, a demo book in a new book, and a
 * whole book moved between a desk's file and the office book. Each names a file on this computer
 * or a server, so only the command line's local principal may call them (`book.files`: no desk role
 * has it), and each leaves its audit row in the book.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { openBook } from '../book';
import { backupBook, restoreBook } from '../db/backup';
import { sqliteBook, type Book } from '../db/book';
import { moveBook } from '../db/move';
import { isOfficeUrl } from '../db/postgres/book';
import { identityRepo, identityStore } from '../db/repos/identity';
import { customerTokens } from '../customers/search';
import { buildDemoBook, DEMO_PASSWORD } from '../demo/book';
import { SuanpanError } from '../errors';
import { absolutePath, dateText, wholeNumber } from '../validation';
import { method, principalName, requireBook, requireDeskBook, type ApiContext } from './define';
import { assertWritable, writeWithAudit } from './dispatch';

/** Where a book is: a file named by its full path, or the office book's postgres:// URL. */
const bookLocation = z
  .string()
  .max(4096)
  .superRefine((v, ctx) => {
    if (!isOfficeUrl(v) && !isAbsolute(v)) ctx.addIssue({ code: 'custom', params: { key: 'db.moveWhere', details: { value: v.slice(0, 200) } } });
  });

/** Progress of a move, as the transports show it. */
const moveProgress = (ctx: ApiContext) => (p: { table: string; done: number; total: number }): void =>
  ctx.emit({ type: 'progress', task: 'move', done: p.done, total: p.total, label: p.table });

/**
 * Work only a desk's file can take (a demo book's bulk load), done for the office book: on a new
 * file of its own, as the same calls on a desk's book (its writes and audit rows through `write`,
 * under `method`), then moved into the office book whole. The office book then holds exactly the
 * rows a desk's book would, and nothing of it unless the move commits. The file goes afterwards.
 */
export async function throughDeskFile<T>(office: Book, ctx: ApiContext, method: string, businessDate: string, work: (desk: ApiContext) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'suanpan-staging-'));
  const db = openBook(join(dir, 'book.db'), { now: ctx.now });
  try {
    identityRepo(db).setBusinessDate(businessDate);
    const desk = sqliteBook(db);
    const onDesk: ApiContext = { ...ctx, book: desk, db, dataDir: dir, writable: () => assertWritable(desk) };
    onDesk.write = (fn) => writeWithAudit(desk, onDesk, method, fn);
    const value = await work(onDesk);
    await moveBook(desk, office, { tokens: customerTokens, onProgress: moveProgress(ctx) });
    return value;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}


export const bookApi = {
  'book/backup': method({
    summary: 'Copies the open book to a file while it stays open (the command line only)',
    input: z.strictObject({ out: absolutePath }),
    permission: 'book.files',
    mutating: false,
    handler: async (input, ctx) => {
      const { db } = requireDeskBook(ctx);
      await backupBook(db, input.out);
      await ctx.write?.(() => ctx.audit?.({ entityType: 'book', summary: `backup written to ${input.out}` }));
      return { backup: input.out };
    },
  }),
  'book/restore': method({
    summary: 'Replaces the (closed) book with a checked backup, in one rename, and records it in the restored book (the command line only)',
    input: z.strictObject({ from: absolutePath }),
    permission: 'book.files',
    mutating: false,
    handler: async (input, ctx) => {
      // The book may be damaged or missing, which is why it is restored: the call names its file, never an open connection.
      if (ctx.db || !ctx.bookFile) throw new SuanpanError('CONFLICT', 'book.openWhileRestoring');
      restoreBook(ctx.bookFile, input.from);
      const db = openBook(ctx.bookFile, { create: false });
      try {
        await writeWithAudit(db, { ...ctx, db }, 'book/restore', () => {
          ctx.audit?.({ entityType: 'book', summary: `restored from ${input.from}` });
        });
      } finally {
        db.close();
      }
      return { restored: ctx.bookFile, from: input.from };
    },
  }),
  'book/demo': method({
    summary: 'Fills a new, empty book with a demo book of the size asked, the same for the same seed, on either engine (the command line only)',
    input: z.strictObject({ loans: wholeNumber(1, 5_000_000), seed: wholeNumber(0, 2 ** 31), businessDate: dateText }),
    permission: 'book.files',
    // A bulk load in batches of its own, then its audit row.
    mutating: false,
    handler: async (input, ctx) => {
      const { book } = requireBook(ctx);
      ctx.writable?.();
      if ((await identityStore(book.q).countUsers()) > 0) {
        throw book.sqlite ? new SuanpanError('CONFLICT', 'book.notEmpty', { file: book.where }) : new SuanpanError('CONFLICT', 'db.moveTargetNotEmpty', { where: book.where, table: 'users' });
      }
      const started = performance.now();
      const build = async (c: ApiContext) => {
        const { db } = requireDeskBook(c);
        const summary = buildDemoBook(db, { ...input, staff: true, onProgress: (done, total) => ctx.emit({ type: 'progress', task: 'demo', done, total }) });
        await c.write?.(() => c.audit?.({ entityType: 'book', summary: `demo book: ${summary.loans} loans, ${summary.customers} customers, seed ${input.seed}` }));
        return summary;
      };
      // The bulk load is SQLite's: the office book gets it built in a file and moved in, row for row.
      const summary = book.sqlite ? await build(ctx) : await throughDeskFile(book, ctx, 'book/demo', input.businessDate, build);
      return { businessDate: input.businessDate, seconds: Math.round(performance.now() - started) / 1000, ...summary, staffPassword: DEMO_PASSWORD };
    },
  }),
  'book/move': method({
    summary: 'Copies a whole book into an empty one, checked table by table: a desk’s file into the office book, or the office book into a new file (the command line only)',
    input: z.strictObject({ from: bookLocation, to: bookLocation }),
    permission: 'book.files',
    // One transaction of its own on the target, its audit row included.
    mutating: false,
    handler: async (input, ctx) => {
      const at = ctx.now().toISOString();
      const principal = principalName(ctx.user, ctx.commandLine);
      return moveBook(input.from, input.to, {
        tokens: customerTokens,
        onProgress: moveProgress(ctx),
        note: (moved) => ({
          at,
          method: 'book/move',
          principal,
          userId: ctx.user?.userId ?? null,
          entityType: 'book',
          summary: `book moved here from ${moved.from}: ${moved.rows} rows in ${moved.tables} tables, each checked`,
        }),
      });
    },
  }),
};
