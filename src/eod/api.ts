import { z } from 'zod';
import { bookOf, method, principalName, requireBook, type ApiContext } from '../api/define';
import type { Book } from '../db/book';
import { closeInProgress } from '../db/postgres/eod';
import { eodStore } from '../db/repos/eod';
import { SuanpanError } from '../errors';
import { dateText } from '../validation';
import { CLOSE_STEPS } from './close';
import { startEod, type EodRun } from './run';
import { startOfficeEod } from './office';
import type { EodProgressNote } from './store';

/** A close this process is running, with its progress as last reported. */
interface Running {
  run: EodRun;
  by: string;
  progress: () => EodProgressNote;
}

/**
 * The closes running in this process. A desk's file has one at a time per process, as it always
 * had; an office book one per open book here, and one for the whole office by the server's lock
 * (src/eod/office.ts).
 */
const running = new Map<object, Running>();
const DESK_FILE = {};
const runningKey = (book: Book | undefined): object => (book && !book.sqlite ? book : DESK_FILE);

/** Who is closing, as other desks are told. */
const whoOf = (ctx: ApiContext): string => (ctx.user ? `${ctx.user.displayName} (${ctx.user.username})` : principalName(undefined, ctx.commandLine));

export const eodApi = {
  'eod/status': method({
    summary: 'The business date, the close running now (on any desk of an office book) and how far it has got, and the last closes with what they found',
    input: z.strictObject({}),
    permission: 'eod.read',
    mutating: false,
    handler: async (_input, ctx) => {
      const { book } = requireBook(ctx);
      const here = running.get(runningKey(book));
      // On the office book the close may be running on another desk: its note is in the book.
      const progress = book.sqlite ? (here?.progress() ?? null) : ((await closeInProgress(book.q)) ?? null);
      return {
        businessDate: ctx.businessDate ?? null,
        running: here !== undefined || progress !== null,
        progress,
        runs: await eodStore(book.q).lastRuns(10),
      };
    },
  }),
  'eod/run': method({
    summary: 'Closes the business day (or every day up to a date), with progress: on a desk’s book in a worker thread, on the office book on the server; returns each day’s summary',
    input: z.strictObject({ to: dateText.optional() }),
    permission: 'eod.run',
    mutating: false,
    handler: async (input, ctx) => {
      const { book, ids } = requireBook(ctx);
      const today = ctx.businessDate;
      if (!today) throw new SuanpanError('CONFLICT', 'book.notOpen');
      if (input.to && input.to <= today) throw new SuanpanError('VALIDATION', 'eod.toInPast', { field: 'to', to: input.to, date: today });
      const key = runningKey(book);
      if (running.has(key)) throw new SuanpanError('CONFLICT', 'eod.running', {});
      // The close writes outside the call's unit of work: nothing is closed before the book's check has passed.
      ctx.writable?.();
      const task = `eod:${today}`;
      const who = whoOf(ctx);
      const at = ctx.now();
      let progress: EodProgressNote = { who, startedAt: at.toISOString(), done: 0, total: CLOSE_STEPS, label: today, heartbeat: at.toISOString() };
      const onProgress = (m: { day: string; done: number; total: number; label: string }): void => {
        progress = { ...progress, done: m.done, total: m.total, label: `${m.day} ${m.label}`, heartbeat: ctx.now().toISOString() };
        ctx.emit({ type: 'progress', task, done: m.done, total: m.total, label: `${m.day} ${m.label}` });
      };
      // A desk's file is closed in a worker thread on a connection of its own; the office book by the
      // server, over one connection of this desk's pool. Either way every day is closed on the clock
      // of the asking (a desk pinned to a date records the close on it).
      const run = book.sqlite
        ? startEod(book.sqlite.name, input.to, at, onProgress, process.env.SUANPAN_SQLITE_BINDING)
        : startOfficeEod({ book, to: input.to, now: () => at, who, ids, onProgress });
      running.set(key, { run, by: ctx.user?.userId ?? '', progress: () => progress });
      try {
        const days = await run.done;
        // The close wrote the days; the audit row says who asked for them.
        await ctx.write?.(() => ctx.audit?.({ entityType: 'business_day', entityId: today, summary: `end of day: ${days.map((d) => `${d.businessDate} → ${d.nextDate}${d.alreadyClosed ? ' (already closed)' : ''}`).join(', ')}` }));
        return { days };
      } finally {
        running.delete(key);
      }
    },
  }),
  'eod/cancel': method({
    summary: 'Stops the running close after the step it is in; the day it was closing is left as it was',
    input: z.strictObject({}),
    permission: 'eod.run',
    mutating: false,
    handler: (_input, ctx) => {
      const here = running.get(runningKey(bookOf(ctx)));
      if (!here) return { cancelled: false };
      here.run.cancel();
      return { cancelled: true };
    },
  }),
};
