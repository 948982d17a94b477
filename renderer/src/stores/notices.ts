/**
 * Batch printing of overdue notices and final demands: the engine writes one letter for every loan
 * at least N days late into one PDF in a worker thread, telling the desk how far it has got; the
 * desk shows that as a progress bar, can cancel, and previews, saves or prints the PDF it gives.
 */
import { create } from 'zustand';
import { ApiError, call, type ApiEvent, type ApiInput, type ApiResult } from '../api/client';
import type { Lang } from '../i18n';
import { errorsOf, type Problem } from './applications';
import { makePreview, type Preview } from './documents';
import { useSession } from './session';

export type NoticeKind = NonNullable<ApiInput<'notices/batch'>['type']>;
export const NOTICE_KINDS: NoticeKind[] = ['notice', 'demand'];
export type BatchResult = ApiResult<'notices/batch'>;

export interface BatchForm {
  minDays: string;
  type: NoticeKind;
  lang: Lang;
}

interface NoticesState {
  task: string | null;
  running: boolean;
  cancelling: boolean;
  done: number;
  total: number;
  /** The last batch the engine finished (a count of 0: no loan was late enough). */
  result: BatchResult | null;
  cancelled: boolean;
  problem: Problem | null;
  /** The engine's message for the days field, when it refused the number. */
  daysError: string | null;
  preview: Preview | null;
  run: (form: BatchForm) => Promise<void>;
  cancel: () => Promise<void>;
  /** A progress event pushed by the engine (ignored unless it is this desk's task). */
  progress: (event: ApiEvent) => void;
  closePreview: () => void;
}

let sequence = 0;
const newTask = (): string => `desk-notices-${Date.now().toString(36)}-${(++sequence).toString(36)}`;

export const useNotices = create<NoticesState>((set, get) => {
  const show = (preview: Preview | null): void => {
    const old = get().preview;
    if (old) URL.revokeObjectURL(old.url);
    set({ preview });
  };

  return {
    task: null,
    running: false,
    cancelling: false,
    done: 0,
    total: 0,
    result: null,
    cancelled: false,
    problem: null,
    daysError: null,
    preview: null,

    run: async (form) => {
      if (get().running) return;
      const task = newTask();
      show(null);
      set({ task, running: true, cancelling: false, done: 0, total: 0, result: null, cancelled: false, problem: null, daysError: null });
      const days = form.minDays.trim();
      try {
        const result = await call('notices/batch', {
          // A whole number goes as a number; anything else as typed, for the engine to refuse on the field.
          minDaysPastDue: /^\d{1,6}$/.test(days) ? Number(days) : (days as unknown as number),
          type: form.type,
          lang: form.lang,
          task,
        });
        if (get().task !== task) return;
        set({ result, running: false, cancelling: false, done: result.count, total: result.count });
        if (result.documentId) {
          const file = await call('documents/content', { id: result.documentId });
          if (get().task !== task) return;
          const about = 'fileName' in result ? { fileName: result.fileName, type: result.type, lang: result.lang, contentHash: result.contentHash } : { fileName: file.fileName, type: form.type, lang: form.lang, contentHash: null };
          show(makePreview(file.contentBase64, { ...about, number: result.number }));
        }
      } catch (e) {
        if (get().task !== task) return;
        if (e instanceof ApiError && e.body.key === 'notices.cancelled') {
          set({ running: false, cancelling: false, cancelled: true });
          return;
        }
        const { fields, problem } = errorsOf(e, ['minDaysPastDue']);
        set({ running: false, cancelling: false, problem, daysError: fields.minDaysPastDue ?? null });
      }
    },

    cancel: async () => {
      const task = get().task;
      if (!task || !get().running) return;
      set({ cancelling: true });
      try {
        await call('notices/cancel', { task });
      } catch (e) {
        set({ cancelling: false, problem: errorsOf(e).problem });
      }
    },

    progress: (event) => {
      if (event.type !== 'progress' || event.task !== get().task || !get().running) return;
      set({ done: event.done, total: event.total });
    },

    closePreview: () => show(null),
  };
});

// Another person at the desk starts with no batch of the last one's on screen.
useSession.subscribe((s, prev) => {
  if (s.user?.userId !== prev.user?.userId) {
    const old = useNotices.getState().preview;
    if (old) URL.revokeObjectURL(old.url);
    useNotices.setState({ task: null, running: false, cancelling: false, done: 0, total: 0, result: null, cancelled: false, problem: null, daysError: null, preview: null });
  }
});
