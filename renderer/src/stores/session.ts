import { create } from 'zustand';
import { ApiError, call, onSessionLost, setSessionToken, type ApiResult } from '../api/client';

type User = NonNullable<ApiResult<'auth/status'>['user']>;
export type Permission = ApiResult<'auth/status'>['permissions'][number];

interface SessionState {
  phase: 'loading' | 'setup' | 'signin' | 'ready';
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

export const useSession = create<SessionState>((set, get) => ({
  phase: 'loading',
  user: null,
  permissions: [],
  error: null,
  notice: null,
  demoUsers: [],
  load: async () => {
    try {
      const status = await call('auth/status', {});
      set({ phase: status.needsSetup ? 'setup' : status.user ? 'ready' : 'signin', user: status.user, permissions: status.user ? status.permissions : [], error: null });
    } catch (e) {
      set({ phase: 'signin', error: message(e) });
    }
  },
  signIn: async (username, password) => {
    try {
      const r = await call('auth/signIn', { username, password });
      setSessionToken(r.token);
      const status = await call('auth/status', {});
      set({ phase: 'ready', user: r.user, permissions: status.permissions, error: null, notice: null });
    } catch (e) {
      set({ error: message(e) });
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
      set({ error: message(e) });
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
