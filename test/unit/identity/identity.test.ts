/** People and sessions on a real book: lockout, idle sessions, first administrator, passwords. */
import { afterEach, describe, expect, it } from 'vitest';
import { createUser, resolveSession, SECURITY, setUpFirstAdmin, signIn } from '../../../src/identity/service';
import { hashPassword, verifyPassword } from '../../../src/identity/passwords';
import { SuanpanError } from '../../../src/errors';
import { freshBook, PASSWORD, type Book } from '../../helpers/book';
import { identityStore } from '../../../src/db/repos/identity';
import { kyselyOf } from '../../../src/db/kysely';

let book: Book | undefined;
afterEach(() => book?.close());

const keyOf = async (fn: () => unknown): Promise<string> => {
  try {
    await fn();
  } catch (e) {
    if (e instanceof SuanpanError) return e.key;
    throw e;
  }
  return 'no error';
};

describe('passwords', () => {
  it('are salted: the same password hashes differently for two users, and verifies', async () => {
    const a = hashPassword('same2025pass');
    const b = hashPassword('same2025pass');
    expect(a.hash).not.toBe(b.hash);
    expect(verifyPassword('same2025pass', a.salt, a.hash)).toBe(true);
    expect(verifyPassword('same2025pasS', a.salt, a.hash)).toBe(false);
  });

  it('must be 8+ characters with letters and digits', async () => {
    book = await freshBook({ users: false });
    const now = new Date('2025-06-01T09:00:00Z');
    for (const weak of ['short1', 'onlyletters', '1234567890']) {
      expect(await keyOf(() => createUser(identityStore(kyselyOf(book!.db)), book!.ids, now, { username: `u${weak}`, displayName: 'U', password: weak, role: 'officer' }))).toBe('auth.weakPassword');
    }
  });
});

describe('sign-in', () => {
  it('locks the account after repeated failures, and says until when', async () => {
    let clock = new Date('2025-06-01T09:00:00Z');
    book = await freshBook({ now: () => clock });
    for (let i = 1; i < SECURITY.maxFailedAttempts; i++) {
      expect(await keyOf(() => signIn(book!.db, book!.ids, clock, 'officer', 'wrong-pass-1'))).toBe('auth.badCredentials');
    }
    expect(await keyOf(() => signIn(book!.db, book!.ids, clock, 'officer', 'wrong-pass-1'))).toBe('auth.locked');
    // Even the right password is refused while locked …
    expect(await keyOf(() => signIn(book!.db, book!.ids, clock, 'officer', PASSWORD))).toBe('auth.locked');
    // … and accepted after the lock runs out.
    clock = new Date(clock.getTime() + (SECURITY.lockMinutes + 1) * 60_000);
    expect((await signIn(book.db, book.ids, clock, 'officer', PASSWORD)).user.username).toBe('officer');
    const failures = book.db.prepare("SELECT count(*) AS n FROM audit_log WHERE method = 'auth/signIn' AND summary LIKE 'sign-in failed%'").get() as { n: number };
    expect(failures.n).toBe(SECURITY.maxFailedAttempts);
  });

  it('does not say whether the user name exists', async () => {
    book = await freshBook();
    const now = new Date('2025-06-01T09:00:00Z');
    expect(await keyOf(() => signIn(book!.db, book!.ids, now, 'nobody', 'x'))).toBe('auth.badCredentials');
    expect(await keyOf(() => signIn(book!.db, book!.ids, now, 'officer', 'x'))).toBe('auth.badCredentials');
  });
});

describe('sessions', () => {
  it('end after sitting idle too long, and stay alive while used', async () => {
    let clock = new Date('2025-06-01T09:00:00Z');
    book = await freshBook({ now: () => clock });
    const token = book.tokens.officer;
    clock = new Date(clock.getTime() + 20 * 60_000);
    expect((await resolveSession(identityStore(kyselyOf(book.db)), token, clock))?.username).toBe('officer');
    clock = new Date(clock.getTime() + 20 * 60_000); // 20 minutes after the last use: still fine
    expect((await resolveSession(identityStore(kyselyOf(book.db)), token, clock))?.username).toBe('officer');
    clock = new Date(clock.getTime() + (SECURITY.idleMinutes + 1) * 60_000);
    expect(await resolveSession(identityStore(kyselyOf(book.db)), token, clock)).toBeNull();
    expect(await resolveSession(identityStore(kyselyOf(book.db)), 'f'.repeat(64), clock)).toBeNull();
  });
});

describe('first run', () => {
  it('creates the first administrator once, and only while the book has no users', async () => {
    book = await freshBook({ users: false });
    const now = new Date('2025-06-01T09:00:00Z');
    await setUpFirstAdmin(identityStore(kyselyOf(book.db)), book.ids, now, { username: 'boss', displayName: 'Boss', password: 'first2025admin' });
    expect(await keyOf(() => setUpFirstAdmin(identityStore(kyselyOf(book!.db)), book!.ids, now, { username: 'boss2', displayName: 'B', password: 'first2025admin' }))).toBe('auth.alreadySetUp');
  });
});
