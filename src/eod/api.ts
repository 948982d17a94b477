import { z } from 'zod';
import { method, requireDeskBook } from '../api/define';
import { SuanpanError } from '../errors';
import { identityRepo } from '../db/repos/identity';
import { eodRepo } from '../db/sqlite/eod';
import { dateText } from '../validation';
import { startEod, type EodRun } from './run';
import type { EodSummary } from './close';

/** The close running now, if any: one at a time per process. */
let running: { run: EodRun; by: string } | null = null;

export const eodApi = {
  'eod/status': method({
    summary: 'The business date, whether a close is running, and the last closes with what they found',
    input: z.strictObject({}),
    permission: 'eod.read',
    mutating: false,
    handler: (_input, ctx) => {
      const { db } = requireDeskBook(ctx);
      const { s } = eodRepo(db);
      const runs = s.lastRuns.all(10) as { business_date: string; next_date: string; started_at: string; finished_at: string; summary: string }[];
      return {
        businessDate: identityRepo(db).businessDate(),
        running: running !== null,
        runs: runs.map((r) => ({ businessDate: r.business_date, nextDate: r.next_date, startedAt: r.started_at, finishedAt: r.finished_at, summary: JSON.parse(r.summary) as EodSummary })),
      };
    },
  }),
  'eod/run': method({
    summary: 'Closes the business day (or every day up to a date) in a worker thread, with progress; returns each day’s summary',
    input: z.strictObject({ to: dateText.optional() }),
    permission: 'eod.run',
    mutating: false,
    handler: async (input, ctx) => {
      const { db } = requireDeskBook(ctx);
      const today = identityRepo(db).businessDate() as string;
      if (input.to && input.to <= today) throw new SuanpanError('VALIDATION', 'eod.toInPast', { field: 'to', to: input.to, date: today });
      if (running) throw new SuanpanError('CONFLICT', 'eod.running', {});
      // The worker writes on a connection of its own: nothing is closed before the book's check has passed.
      ctx.writable?.();
      const task = `eod:${today}`;
      const run = startEod(db.name, input.to, ctx.now(), (m) => ctx.emit({ type: 'progress', task, done: m.done, total: m.total, label: `${m.day} ${m.label}` }), process.env.SUANPAN_SQLITE_BINDING);
      running = { run, by: ctx.user?.userId ?? '' };
      try {
        const days = await run.done;
        // The worker wrote the days; the audit row says who asked for them.
        await ctx.write?.(() => ctx.audit?.({ entityType: 'business_day', entityId: today, summary: `end of day: ${days.map((d) => `${d.businessDate} → ${d.nextDate}${d.alreadyClosed ? ' (already closed)' : ''}`).join(', ')}` }));
        return { days };
      } finally {
        running = null;
      }
    },
  }),
  'eod/cancel': method({
    summary: 'Stops the running close after the step it is in; the day it was closing is left as it was',
    input: z.strictObject({}),
    permission: 'eod.run',
    mutating: false,
    handler: () => {
      if (!running) return { cancelled: false };
      running.run.cancel();
      return { cancelled: true };
    },
  }),
};
