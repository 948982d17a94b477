import { create } from 'zustand';
import { ApiError, call, setSessionToken, type ApiResult } from '../api/client';

export type BookChoice = ApiResult<'desk/bookChoice'>;

export interface OfficeForm {
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
  tls: boolean;
}

interface DeskState {
  /** Which book the engine has open and is set to open, with what went wrong (never the password). */
  choice: BookChoice | null;
  busy: 'connect' | 'retry' | 'local' | null;
  /** Problems with the form's own fields, as the engine named them. */
  fieldErrors: { field: string; message: string }[];
  /** A failure that is not the connection's (the settings could not be saved, say). */
  error: string | null;
  load: () => Promise<BookChoice>;
  /** Each resolves true once a book is open. */
  connect: (form: OfficeForm) => Promise<boolean>;
  useLocal: () => Promise<boolean>;
  retry: () => Promise<boolean>;
}

export const useDesk = create<DeskState>((set, get) => {
  /**
   * Runs one change of book. On success the session of the old book means nothing on the new one.
   * On failure the engine keeps what went wrong with the connection, so the screen asks it again
   * (in the desk's language) rather than showing this call's words.
   */
  const change = async (busy: 'connect' | 'retry' | 'local', run: () => Promise<BookChoice>): Promise<boolean> => {
    set({ busy, fieldErrors: [], error: null });
    try {
      const choice = await run();
      setSessionToken('');
      set({ choice, busy: null });
      return choice.state === 'open';
    } catch (e) {
      const body = e instanceof ApiError ? e.body : null;
      const choice = await get().load().catch(() => get().choice);
      const ownProblem = body && choice?.problem?.key === body.key;
      set({
        busy: null,
        fieldErrors: body?.code === 'VALIDATION' ? body.fields : [],
        error: ownProblem || body?.code === 'VALIDATION' ? null : body ? body.message : String((e as Error).message ?? e),
      });
      return false;
    }
  };
  return {
    choice: null,
    busy: null,
    fieldErrors: [],
    error: null,
    load: async () => {
      const choice = await call('desk/bookChoice', {});
      set({ choice });
      return choice;
    },
    connect: (form) => change('connect', () => call('desk/connect', { ...form, password: form.password ?? '' })),
    useLocal: () => change('local', () => call('desk/useLocal', {})),
    retry: () => change('retry', () => call('desk/retry', {})),
  };
});
