/**
 * People and sessions: the first administrator, sign-in with lockout, sessions that end when idle,
 * and the audit trail every mutating call writes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { SuanpanError } from '../errors';
import type { Db } from '../db/connection';
import { identityRepo, identityStore } from '../db/repos/identity';
import type { Q } from '../db/kysely';
import { asBook, type Book } from '../db/book';
import type { IdentityStore } from './store';
import type { IdSource } from '../ids';
import type { ApiContext, AuditNote, Permission, SessionUser } from '../api/define';
import { writeWithAudit } from '../api/dispatch';
import { hashPassword, verifyPassword } from './passwords';
import { ROLE_NAMES, ROLE_PERMISSIONS, ROLES, type Role } from './roles';

export const SECURITY = {
  maxFailedAttempts: 5,
  lockMinutes: 15,
  idleMinutes: 30,
  minPasswordLength: 8,
};

const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Keeps the roles table in step with the code's matrix (run when the book opens). */
export function syncRoles(db: Db): void {
  const repo = identityRepo(db);
  db.transaction(() => {
    for (const role of ROLES) repo.syncRole(role, ROLE_NAMES[role].zh, ROLE_NAMES[role].en, ROLE_PERMISSIONS[role]);
  })();
}

/** As syncRoles, on any book, in the caller's unit of work. */
export async function syncRolesIn(store: IdentityStore): Promise<void> {
  for (const role of ROLES) await store.syncRole(role, ROLE_NAMES[role].zh, ROLE_NAMES[role].en, ROLE_PERMISSIONS[role]);
}

export function permissionsOf(role: string): readonly Permission[] {
  return (ROLE_PERMISSIONS as Record<string, readonly Permission[]>)[role] ?? [];
}

function checkPassword(password: string): void {
  if (password.length < SECURITY.minPasswordLength || !/\p{L}/u.test(password) || !/\d/.test(password)) {
    throw new SuanpanError('VALIDATION', 'auth.weakPassword', { field: 'password', min: SECURITY.minPasswordLength });
  }
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
}

export async function createUser(store: IdentityStore, ids: IdSource, now: Date, user: NewUser): Promise<{ id: string }> {
  checkPassword(user.password);
  if (await store.userByUsername(user.username)) throw new SuanpanError('CONFLICT', 'auth.usernameTaken', { field: 'username', username: user.username });
  const { hash, salt } = hashPassword(user.password);
  const id = ids.next();
  await store.insertUser({ id, username: user.username, displayName: user.displayName, role: user.role, passwordHash: hash, passwordSalt: salt, createdAt: now.toISOString() });
  return { id };
}

export const needsSetup = async (store: IdentityStore): Promise<boolean> => (await store.countUsers()) === 0;

/** The first administrator, allowed only while the book has no users at all. */
export async function setUpFirstAdmin(store: IdentityStore, ids: IdSource, now: Date, admin: Omit<NewUser, 'role'>): Promise<{ id: string }> {
  if (!(await needsSetup(store))) throw new SuanpanError('CONFLICT', 'auth.alreadySetUp');
  return createUser(store, ids, now, { ...admin, role: 'admin' });
}

export interface SignedIn {
  token: string;
  user: SessionUser;
}

/** Writes a change with its audit row: the dispatcher's `write` and `audit` of the call. */
export type Recorder = (note: AuditNote, change: (tx: Q) => unknown) => Promise<void>;

/** The recorder of a call's context (the dispatcher's transaction with its audit row). */
export const recorderOf = (ctx: Pick<ApiContext, 'write' | 'audit'>): Recorder => async (note, change) => {
  if (!ctx.write) throw new SuanpanError('CONFLICT', 'book.notOpen');
  await ctx.write(async (tx) => {
    await change(tx);
    ctx.audit?.(note);
  });
};

/** For callers with no api call around them (test set-up, benchmarks): the dispatcher's writer, on its own. */
const standalone = (db: Book | Db, now: Date, name: string): Recorder => async (note, change) => {
  const call: ApiContext = { lang: 'en', permissions: new Set(), now: () => now, emit: () => {} };
  await writeWithAudit(db, call, name, async (tx) => {
    await change(tx);
    call.audit?.(note);
  });
};

/**
 * Signs a user in. A wrong password counts towards the lockout and is written to the audit log even
 * though the call fails: the failure is recorded in a write of its own, then the call fails.
 */
export async function signIn(
  db: Book | Db,
  ids: IdSource,
  now: Date,
  username: string,
  password: string,
  record: Recorder = standalone(db, now, 'auth/signIn'),
  /** The computer the sign-in comes from, kept with the session. */
  desk?: string,
): Promise<SignedIn> {
  // Reads on the book; each change is written through `record`, in a unit of work of its own.
  const repo = identityStore(asBook(db).q);
  const at = now.toISOString();
  const user = await repo.userByUsername(username);
  if (!user) {
    // Spend the same time as a real check, so a guesser cannot tell which user names exist.
    verifyPassword(password, '00', '00'.repeat(64));
    throw new SuanpanError('FORBIDDEN', 'auth.badCredentials');
  }
  if (user.lockedUntil && user.lockedUntil > at) {
    throw new SuanpanError('FORBIDDEN', 'auth.locked', { until: user.lockedUntil.slice(0, 16).replace('T', ' ') });
  }
  if (!user.active) throw new SuanpanError('FORBIDDEN', 'auth.inactive');
  if (!verifyPassword(password, user.passwordSalt, user.passwordHash)) {
    const attempts = user.failedAttempts + 1;
    const lockedUntil = attempts >= SECURITY.maxFailedAttempts ? new Date(now.getTime() + SECURITY.lockMinutes * 60_000).toISOString() : null;
    const as = { userId: user.id, username: user.username };
    await record({ entityType: 'user', entityId: user.id, as, summary: lockedUntil ? `sign-in failed ${attempts} times; locked` : `sign-in failed (${attempts})` }, (tx) =>
      identityStore(tx).recordFailure(user.id, lockedUntil, at));
    if (lockedUntil) throw new SuanpanError('FORBIDDEN', 'auth.locked', { until: lockedUntil.slice(0, 16).replace('T', ' ') });
    throw new SuanpanError('FORBIDDEN', 'auth.badCredentials');
  }
  const token = randomBytes(32).toString('hex');
  const sessionId = ids.next();
  await record({ entityType: 'user', entityId: user.id, as: { userId: user.id, username: user.username }, summary: 'signed in' }, async (tx) => {
    const store = identityStore(tx);
    await store.recordSuccess(user.id, at);
    await store.insertSession(sessionId, tokenHash(token), user.id, at, desk ?? null);
  });
  return { token, user: { sessionId, userId: user.id, username: user.username, displayName: user.displayName, role: user.role } };
}

/** The user behind a session token, or null when the session has ended or sat idle too long. */
export async function resolveSession(store: IdentityStore, token: string, now: Date): Promise<SessionUser | null> {
  const session = await store.sessionByToken(tokenHash(token));
  if (!session || session.endedAt || !session.active) return null;
  const idleMs = now.getTime() - Date.parse(session.lastSeenAt);
  if (idleMs > SECURITY.idleMinutes * 60_000) {
    await store.endSession(session.id, now.toISOString());
    return null;
  }
  // Touch at most once a minute: no write on every call.
  if (idleMs > 60_000) await store.touchSession(session.id, now.toISOString());
  return { sessionId: session.id, userId: session.userId, username: session.username, displayName: session.displayName, role: session.role };
}

export async function signOut(store: IdentityStore, sessionId: string, now: Date): Promise<void> {
  await store.endSession(sessionId, now.toISOString());
}
