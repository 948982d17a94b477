/** SQL for the close's records (eod_runs) and the close in progress (eod_progress, migration 0014). */
import type { Q } from '../kysely';
import type { EodProgressNote, EodStore } from '../../eod/store';
import type { EodSummary } from '../../eod/close';

/** The progress row as a note. */
export const progressNote = (r: { run_id: string; who: string; started_at: string; done: number; total: number; label: string; heartbeat: string }): EodProgressNote & { runId: string } => ({
  runId: r.run_id,
  who: r.who,
  startedAt: r.started_at,
  done: Number(r.done),
  total: Number(r.total),
  label: r.label,
  heartbeat: r.heartbeat,
});

export const eodStore = (q: Q): EodStore => ({
  async lastRuns(limit) {
    const rows = await q.selectFrom('eod_runs').select(['business_date', 'next_date', 'started_at', 'finished_at', 'summary']).orderBy('business_date', 'desc').limit(limit).execute();
    return rows.map((r) => ({ businessDate: r.business_date, nextDate: r.next_date, startedAt: r.started_at, finishedAt: r.finished_at, summary: JSON.parse(r.summary) as EodSummary }));
  },
  async progress() {
    const r = await q.selectFrom('eod_progress').selectAll().where('id', '=', 1).executeTakeFirst();
    return r && progressNote(r);
  },
  async setProgress(runId, note) {
    await q.updateTable('eod_progress').set({ done: note.done, total: note.total, label: note.label, heartbeat: note.heartbeat }).where('id', '=', 1).where('run_id', '=', runId).execute();
  },
  async clearProgress(runId) {
    await q.deleteFrom('eod_progress').where('id', '=', 1).where('run_id', '=', runId).execute();
  },
});
