/**
 * The close on the office book: run in the desk's main process, where the server does the work,
 * over one connection of the desk's pool kept for the whole run, one transaction a day (the same
 * steps as a desk's close, src/eod/close.ts). One close at a time for the whole office: the run
 * takes the office's close lock on that connection first, and a desk asking meanwhile is told who
 * is closing and how far they have got. That note is written outside the day's transaction, through
 * the pool, so every desk reads it while the day is being closed; it is cleared when the run ends.
 */
import type { Book } from '../db/book';
import { unreachable } from '../db/postgres/book';
import { dayTransaction, releaseClose, takeClose } from '../db/postgres/eod';
import { eodStore } from '../db/repos/eod';
import { identityStore } from '../db/repos/identity';
import { SuanpanError } from '../errors';
import type { IdSource } from '../ids';
import { CLOSE_STEPS, closeDayOn, type EodSummary } from './close';
import type { EodRun } from './run';
import type { EodProgressNote, EodStore } from './store';

/** How often the closing desk says it is still there, between steps that take long. */
const HEARTBEAT_MS = 5_000;

export interface OfficeEod {
  book: Book;
  /** Close days until the business date is `to`; absent: close one day. */
  to?: string | undefined;
  /** The caller's clock: the close records its days by it. */
  now: () => Date;
  /** Who is closing, as the other desks are told. */
  who: string;
  ids: IdSource;
  onProgress?: (m: { day: string; done: number; total: number; label: string }) => void;
}

/**
 * The note other desks read, kept up to date without holding the close up: the latest progress is
 * written once the write before it is done (so notes land in order), and a heartbeat now and then.
 * A note that cannot be written does not stop the close: the lock, not the note, keeps a second
 * close out.
 */
function progressBoard(store: EodStore, runId: string, now: () => Date, first: EodProgressNote) {
  let latest = first;
  let writing: Promise<void> | undefined;
  let dirty = false;
  const flush = (): void => {
    if (writing) {
      dirty = true;
      return;
    }
    const note = latest;
    writing = store
      .setProgress(runId, { done: note.done, total: note.total, label: note.label, heartbeat: now().toISOString() })
      .catch(() => undefined)
      .then(() => {
        writing = undefined;
        if (dirty) {
          dirty = false;
          flush();
        }
      });
  };
  const timer = setInterval(flush, HEARTBEAT_MS);
  timer.unref();
  return {
    set(done: number, total: number, label: string): void {
      latest = { ...latest, done, total, label };
      flush();
    },
    /** Stops writing; resolves once the last write has landed. */
    async stop(): Promise<void> {
      clearInterval(timer);
      dirty = false;
      while (writing) await writing;
    },
  };
}

/** Starts closing the office book; resolves with each day's summary. */
export function startOfficeEod(o: OfficeEod): EodRun {
  let cancelled = false;
  const stop = (): boolean => cancelled;
  const run = o.book.q.connection().execute(async (conn) => {
    const runId = o.ids.next();
    const today = (await identityStore(conn).businessDate()) ?? '';
    const at = o.now().toISOString();
    const first: EodProgressNote = { who: o.who, startedAt: at, done: 0, total: CLOSE_STEPS, label: today, heartbeat: at };
    const took = await takeClose(conn, runId, first);
    if (!took.taken) {
      const h = took.holder;
      if (!h) throw new SuanpanError('CONFLICT', 'eod.running', {});
      throw new SuanpanError('CONFLICT', 'eod.runningBy', { who: h.who, since: h.startedAt, label: h.label, done: h.done, total: h.total });
    }
    const board = progressBoard(eodStore(o.book.q), runId, o.now, first);
    let day = today;
    try {
      const days: EodSummary[] = [];
      do {
        day = (await identityStore(conn).businessDate()) ?? '';
        if (o.to && day >= o.to) break;
        const summary = await closeDayOn(
          dayTransaction(conn),
          o.now,
          (d, total, label) => {
            o.onProgress?.({ day, done: d, total, label: label.slice(11) });
            board.set(d, total, label);
          },
          stop,
          o.ids,
        );
        days.push(summary);
      } while (o.to && !stop());
      return days;
    } catch (e) {
      if (e instanceof SuanpanError) throw e;
      // The server rolled the day back (the connection was lost, or the server stopped it).
      throw new SuanpanError('CONFLICT', 'eod.interrupted', { date: day, where: o.book.where, detail: (e instanceof Error ? e.message : String(e)).slice(0, 200) });
    } finally {
      await board.stop();
      // With the connection gone its lock went too; the note is cleared through the pool instead.
      await releaseClose(conn, runId).catch(() => eodStore(o.book.q).clearProgress(runId).catch(() => undefined));
    }
  });
  // A server that cannot be reached at all is named as everywhere else on the office book.
  const done = run.catch((e: unknown) => {
    throw e instanceof SuanpanError ? e : unreachable(o.book.where, e);
  });
  return {
    done,
    cancel: () => {
      cancelled = true;
    },
  };
}
