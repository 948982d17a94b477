/**
 * What the close's api needs of the book besides the close's own statements (src/db/eod.ts): the
 * last closes on record, and the close in progress as every desk of a shared book can read it.
 * The store (src/db/repos/eod.ts) is the only code that knows SQL.
 */
import type { EodSummary } from './close';

export interface EodRunRecord {
  businessDate: string;
  nextDate: string;
  startedAt: string;
  finishedAt: string;
  summary: EodSummary;
}

/** A close in progress: who asked for it, since when, and how far it has got. */
export interface EodProgressNote {
  who: string;
  startedAt: string;
  /** Steps done of the day being closed, of `total`. */
  done: number;
  total: number;
  /** The day being closed and its step, as the progress bar names them ("2025-06-30 ladder"). */
  label: string;
  /** When the closing desk last wrote this. */
  heartbeat: string;
}

export interface EodStore {
  /** The last `limit` closes, the latest first. */
  lastRuns(limit: number): Promise<EodRunRecord[]>;
  /** The close the book has on record as in progress, if any, with the run it belongs to. */
  progress(): Promise<(EodProgressNote & { runId: string }) | undefined>;
  /** Moves run `runId`'s progress on (nothing if another run has the row). */
  setProgress(runId: string, note: Pick<EodProgressNote, 'done' | 'total' | 'label' | 'heartbeat'>): Promise<void>;
  /** Clears run `runId`'s progress (nothing if another run has the row). */
  clearProgress(runId: string): Promise<void>;
}
