/** A fresh loan book in a temporary folder, with one signed-in user per role, for api tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { openAnyBook, openBook } from '../../src/book';
import type { Book as BookHandle } from '../../src/db/book';
import { freshDatabase } from './postgres';
import { DESK_PERMISSIONS, type ApiContext, type ApiEvent } from '../../src/api';
import { createUser, signIn } from '../../src/identity/service';
import { ROLES, type Role } from '../../src/identity/roles';
import { ulidSource } from '../../src/ids';
import { identityStore } from '../../src/db/repos/identity';
import { kyselyOf } from '../../src/db/kysely';

export const PASSWORD = 'desk2025pass';

export interface Book {
  file: string;
  dir: string;
  db: ReturnType<typeof openBook>;
  ids: ReturnType<typeof ulidSource>;
  tokens: Record<Role, string>;
  ctx: (role?: Role | null, lang?: 'en' | 'zh-CN', events?: ApiEvent[]) => ApiContext;
  signInAgain: (role: Role) => Promise<void>;
  close: () => void;
}

export async function freshBook(options: { now?: () => Date; users?: boolean } = {}): Promise<Book> {
  const now = options.now ?? (() => new Date('2025-06-01T09:00:00Z'));
  const dir = mkdtempSync(join(tmpdir(), 'suanpan-book-'));
  const file = join(dir, 'book.db');
  const db = openBook(file, { now });
  const ids = ulidSource(() => now().getTime());
  const tokens = {} as Record<Role, string>;
  const signInAgain = async (role: Role): Promise<void> => {
    tokens[role] = ((await signIn(db, ids, now(), role, PASSWORD))).token;
  };
  if (options.users !== false) {
    for (const role of ROLES) {
      await createUser(identityStore(kyselyOf(db)), ids, now(), { username: role, displayName: `${role} user`, password: PASSWORD, role });
      await signInAgain(role);
    }
  }
  return {
    file,
    dir,
    db,
    ids,
    tokens,
    signInAgain,
    ctx: (role, lang = 'en', events) => ({
      lang,
      permissions: DESK_PERMISSIONS,
      now,
      emit: (e) => events?.push(e),
      db,
      ids,
      dataDir: dir,
      sessionToken: role ? tokens[role] : undefined,
    }),
    close: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface OfficeTestBook {
  url: string;
  dir: string;
  book: BookHandle;
  ids: ReturnType<typeof ulidSource>;
  tokens: Record<Role, string>;
  ctx: (role?: Role | null, lang?: 'en' | 'zh-CN', events?: ApiEvent[]) => ApiContext;
  signInAgain: (role: Role) => Promise<void>;
  close: () => Promise<void>;
}

/**
 * A fresh office book: an empty database on the run's throwaway PostgreSQL server (test/helpers/
 * postgres.ts), opened as a desk opens it, with one signed-in user per role, for api tests.
 */
export async function freshOfficeBook(options: { now?: () => Date; users?: boolean } = {}): Promise<OfficeTestBook> {
  const now = options.now ?? (() => new Date('2025-06-01T09:00:00Z'));
  const database = await freshDatabase(inject('postgresUrl'));
  const dir = mkdtempSync(join(tmpdir(), 'suanpan-office-'));
  const book = await openAnyBook(database.url, { now });
  const ids = ulidSource(() => now().getTime());
  const tokens = {} as Record<Role, string>;
  const signInAgain = async (role: Role): Promise<void> => {
    tokens[role] = (await signIn(book, ids, now(), role, PASSWORD)).token;
  };
  if (options.users !== false) {
    for (const role of ROLES) {
      await createUser(identityStore(book.q), ids, now(), { username: role, displayName: `${role} user`, password: PASSWORD, role });
      await signInAgain(role);
    }
  }
  return {
    url: database.url,
    dir,
    book,
    ids,
    tokens,
    signInAgain,
    ctx: (role, lang = 'en', events) => ({
      lang,
      permissions: DESK_PERMISSIONS,
      now,
      emit: (e) => events?.push(e),
      book,
      ids,
      dataDir: dir,
      sessionToken: role ? tokens[role] : undefined,
    }),
    close: async () => {
      await book.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
