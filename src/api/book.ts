/**
 * The book's own files: an online backup, a restore from one, and a demo book in a new file. Each
 * names a file on this computer, so only the command line's local principal may call them
 * (`book.files`: no desk role has it), and each leaves its audit row in the book.
 */
import { z } from 'zod';
import { openBook } from '../book';
import { backupBook, restoreBook } from '../db/backup';
import { identityStore } from '../db/repos/identity';
import { kyselyOf } from '../db/kysely';
import { buildDemoBook, DEMO_PASSWORD } from '../demo/book';
import { SuanpanError } from '../errors';
import { absolutePath, dateText, wholeNumber } from '../validation';
import { method, requireDeskBook } from './define';
import { writeWithAudit } from './dispatch';


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
    summary: 'Fills a new, empty book with a demo book of the size asked, the same for the same seed (the command line only)',
    input: z.strictObject({ loans: wholeNumber(1, 5_000_000), seed: wholeNumber(0, 2 ** 31), businessDate: dateText }),
    permission: 'book.files',
    // A bulk load in batches of its own, then its audit row.
    mutating: false,
    handler: async (input, ctx) => {
      const { db } = requireDeskBook(ctx);
      ctx.writable?.();
      if ((await identityStore(kyselyOf(db)).countUsers()) > 0) throw new SuanpanError('CONFLICT', 'book.notEmpty', { file: db.name });
      const started = performance.now();
      const summary = buildDemoBook(db, { ...input, staff: true, onProgress: (done, total) => ctx.emit({ type: 'progress', task: 'demo', done, total }) });
      await ctx.write?.(() => ctx.audit?.({ entityType: 'book', summary: `demo book: ${summary.loans} loans, ${summary.customers} customers, seed ${input.seed}` }));
      return { businessDate: input.businessDate, seconds: Math.round(performance.now() - started) / 1000, ...summary, staffPassword: DEMO_PASSWORD };
    },
  }),
};
