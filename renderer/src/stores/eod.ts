/**
 * End of day on the desk: where the business day stands and what the last closes found, and, for
 * those who may, closing the day (or every day up to a date) in the engine's worker thread, with its
 * progress as a bar and a Cancel button. When a close finishes the header's business date is read
 * again; the summaries shown are the engine's, never recomputed here.
 */
import { create } from 'zustand';
import { ApiError, call, type ApiEvent, type ApiResult } from '../api/client';
import { errorsOf, type Problem } from './applications';
import { useApp } from './app';
import { useSession } from './session';
import { daysBetween } from '../format';

export type EodStatus = ApiResult<'eod/status'>;
export type EodRun = EodStatus['runs'][number];
export type EodSummary = EodRun['summary'];

interface EodState {
  open: boolean;
  status: EodStatus | null;
  statusError: Problem | null;
  running: boolean;
  cancelling: boolean;
  /** The task the engine names its progress events with: 'eod:<business date>'. */
  task: string | null;
  /** The business date the close started from, and how many days it is to close. */
  from: string;
  days: number;
  /** The day being closed now, and its step (done of total) as the engine names it. */
  day: string;
  step: string;
  done: number;
  total: number;
  /** The days the last close finished (shown until the panel is opened again). */
  result: EodSummary[] | null;
  cancelled: boolean;
  problem: Problem | null;
  toError: string | null;
  setOpen: (open: boolean) => void;
  load: () => Promise<void>;
  /** Closes the business day, or every day until the business date is `to`. */
  run: (to?: string) => Promise<void>;
  cancel: () => Promise<void>;
  progress: (event: ApiEvent) => void;
}

let latest: ApiEvent | null = null;
let progressTimer: ReturnType<typeof setTimeout> | undefined;

export const useEod = create<EodState>((set, get) => ({
  open: false,
  status: null,
  statusError: null,
  running: false,
  cancelling: false,
  task: null,
  from: '',
  days: 0,
  day: '',
  step: '',
  done: 0,
  total: 0,
  result: null,
  cancelled: false,
  problem: null,
  toError: null,

  setOpen: (open) => {
    if (open && !get().running) set({ result: null, cancelled: false, problem: null, toError: null });
    set({ open });
    if (open) void get().load();
  },

  load: async () => {
    try {
      const status = await call('eod/status', {});
      set({ status, statusError: null });
    } catch (e) {
      set({ statusError: errorsOf(e).problem });
    }
  },

  run: async (to) => {
    if (get().running) return;
    const date = get().status?.businessDate ?? useApp.getState().info?.businessDate ?? '';
    const days = to && date && to > date ? daysBetween(date, to) : 1;
    set({ running: true, cancelling: false, task: `eod:${date}`, from: date, days, day: date, step: '', done: 0, total: 0, result: null, cancelled: false, problem: null, toError: null });
    try {
      const r = await call('eod/run', to ? { to } : {});
      set({ running: false, cancelling: false, result: r.days });
    } catch (e) {
      if (e instanceof ApiError && e.body.key === 'eod.cancelled') {
        set({ running: false, cancelling: false, cancelled: true, problem: e });
      } else {
        const { fields, problem } = errorsOf(e, ['to']);
        set({ running: false, cancelling: false, problem, toError: fields.to ?? null });
      }
    } finally {
      // A close moves the business date (a cancelled one may have closed some days of a range).
      await Promise.all([get().load(), useApp.getState().loadInfo()]);
    }
  },

  cancel: async () => {
    if (!get().running) return;
    set({ cancelling: true });
    try {
      await call('eod/cancel', {});
    } catch (e) {
      set({ cancelling: false, problem: errorsOf(e).problem });
    }
  },

  progress: (event) => {
    // The task is named after the day the close started from; the label says which day and which step.
    if (event.type !== 'progress' || event.task !== get().task || !get().running) return;
    // A close over many days sends its steps faster than the desk need draw them: show the latest
    // a few times a second (one render per event overran React's update limit on long ranges).
    latest = event;
    if (progressTimer === undefined) {
      progressTimer = setTimeout(() => {
        progressTimer = undefined;
        const e = latest;
        latest = null;
        if (!e || e.type !== 'progress' || e.task !== get().task || !get().running) return;
        const m = /^(\d{4}-\d{2}-\d{2})\s+(.*)$/.exec(e.label ?? '');
        set({ done: e.done, total: e.total, day: m?.[1] ?? get().day, step: m?.[2] ?? '' });
      }, 100);
    }
  },
}));

useSession.subscribe((s, prev) => {
  if (s.user?.userId !== prev.user?.userId) useEod.setState({ open: false, status: null, statusError: null, result: null, cancelled: false, problem: null, toError: null });
});
