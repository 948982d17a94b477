import { create } from 'zustand';
import { ApiError, call, onSessionLost, setSessionToken, type ApiResult } from '../api/client';
import { useDesk } from './desk';

type User = NonNullable<ApiResult<'auth/status'>['user']>;
export type Permission = ApiResult<'auth/status'>['permissions'][number];

interface SessionState {
  /** `connect`: no book is open yet (first run, or the chosen one cannot be reached): the desk asks which. */
  phase: 'loading' | 'connect' | 'setup' | 'signin' | 'ready';
  user: User | null;
  /** What the signed-in user may do, as the engine says: used only to hide what they cannot (the engine checks every call). */
  permissions: Permission[];
  error: string | null;
  notice: string | null;
  demoUsers: string[];
  load: () => Promise<void>;
  signIn: (username: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  setup: (input: { username: string; displayName: string; password: string; book: 'demo' | 'empty' }) => Promise<void>;
  /** The engine said the session ended (idle too long): back to the sign-in screen. */
  expired: () => void;
}

const message = (e: unknown): string => (e instanceof ApiError ? e.body.message : String((e as Error).message ?? e));

/** Whether a call failed because the book is not there (not open, or the office book stopped answering). */
const bookLost = (e: unknown): boolean => e instanceof ApiError && (e.body.key === 'book.notOpen' || e.body.key.startsWith('db.office') || e.body.key.startsWith('desk.'));

export const useSession = create<SessionState>((set, get) => ({
  phase: 'loading',
  user: null,
  permissions: [],
  error: null,
  notice: null,
  demoUsers: [],
  load: async () => {
    try {
      const choice = await useDesk.getState().load();
      if (choice.state !== 'open') {
        set({ phase: 'connect', user: null, permissions: [], error: null, demoUsers: [] });
        return;
      }
      const status = await call('auth/status', {});
      set({ phase: status.needsSetup ? 'setup' : status.user ? 'ready' : 'signin', user: status.user, permissions: status.user ? status.permissions : [], error: null });
    } catch (e) {
      if (bookLost(e)) {
        // The engine now says what went wrong with the book; the connection screen shows it.
        await useDesk.getState().load().catch(() => undefined);
        set({ phase: 'connect', user: null, permissions: [], error: null });
      } else set({ phase: 'signin', error: message(e) });
    }
  },
  signIn: async (username, password) => {
    try {
      const r = await call('auth/signIn', { username, password });
      setSessionToken(r.token);
      const status = await call('auth/status', {});
      set({ phase: 'ready', user: r.user, permissions: status.permissions, error: null, notice: null });
    } catch (e) {
      // The office book stopped answering: the connection screen says so, with Retry.
      if (bookLost(e)) await get().load();
      else set({ error: message(e) });
    }
  },
  signOut: async () => {
    try {
      await call('auth/signOut', {});
    } finally {
      setSessionToken('');
      set({ phase: 'signin', user: null, permissions: [], error: null });
    }
  },
  setup: async (input) => {
    try {
      const r = await call('auth/setup', input);
      set({ phase: 'signin', error: null, demoUsers: r.demoStaff.map((s) => s.username) });
    } catch (e) {
      if (bookLost(e)) await get().load();
      else set({ error: message(e) });
    }
  },
  expired: () => {
    if (get().phase === 'ready') {
      setSessionToken('');
      set({ phase: 'signin', user: null, permissions: [] });
    }
  },
}));

/** Whether the signed-in user may do `permission` (for showing or hiding; the engine decides). */
export const useCan = (permission: Permission): boolean => useSession((s) => s.permissions.includes(permission));

onSessionLost(() => useSession.getState().expired());
