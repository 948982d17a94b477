/** SQL for users, roles, sessions and the audit log. */
import type { Db } from '../connection';
import { prepared } from '../statements';
import { engineOf, type Q } from '../kysely';
import type { Selectable } from 'kysely';
import type { BookSchema } from '../schema';
import type { AuditStore, IdentityStore, User } from '../../identity/store';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role_id: string;
  password_hash: string;
  password_salt: string;
  failed_attempts: number;
  locked_until: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export type { AuditEntry } from '../../identity/store';

/**
 * Statements for what runs on the synchronous connection: opening a book (the role matrix, a first
 * business date), the demo book's bulk load and the end-of-day close in its worker.
 */
const SQL = {
  upsertRole: `INSERT INTO roles (id, name_zh, name_en) VALUES (?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en`,
  clearRolePermissions: `DELETE FROM role_permissions WHERE role_id = ?`,
  addRolePermission: `INSERT INTO role_permissions (role_id, permission) VALUES (?, ?)`,
  countUsers: `SELECT count(*) AS n FROM users`,
  userByUsername: `SELECT * FROM users WHERE username = ?`,
  insertUser: `INSERT INTO users (id, username, display_name, role_id, password_hash, password_salt, created_at, updated_at)
    VALUES (@id, @username, @display_name, @role_id, @password_hash, @password_salt, @created_at, @created_at)`,
  businessDate: `SELECT business_date FROM business_day WHERE id = 1`,
  setBusinessDate: `INSERT INTO business_day (id, business_date) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET business_date = excluded.business_date`,
} as const;

export function identityRepo(db: Db) {
  const s = prepared(db, SQL);
  return {
    syncRole(id: string, zh: string, en: string, permissions: readonly string[]): void {
      s.upsertRole.run(id, zh, en);
      s.clearRolePermissions.run(id);
      for (const p of permissions) s.addRolePermission.run(id, p);
    },
    countUsers: (): number => (s.countUsers.get() as { n: number }).n,
    userByUsername: (username: string) => s.userByUsername.get(username) as UserRow | undefined,
    insertUser: (row: Pick<UserRow, 'id' | 'username' | 'display_name' | 'role_id' | 'password_hash' | 'password_salt' | 'created_at'>) => void s.insertUser.run(row),
    businessDate: () => (s.businessDate.get() as { business_date: string } | undefined)?.business_date ?? null,
    setBusinessDate: (date: string) => void s.setBusinessDate.run(date),
  };
}

type UserTableRow = Selectable<BookSchema['users']>;

const toUser = (r: UserTableRow): User => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role_id,
  passwordHash: r.password_hash,
  passwordSalt: r.password_salt,
  failedAttempts: r.failed_attempts,
  lockedUntil: r.locked_until,
  active: r.active === 1,
  createdAt: r.created_at,
});

const businessDateOf = async (q: Q): Promise<string | null> =>
  (await q.selectFrom('business_day').select('business_date').where('id', '=', 1).executeTakeFirst())?.business_date ?? null;

/** Users, sessions and the business date on the book behind `q`. */
export const identityStore = (q: Q): IdentityStore => ({
  countUsers: async () => Number((await q.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  userByUsername: async (username) => {
    const r = await q.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    return r && toUser(r);
  },
  async insertUser(u) {
    await q
      .insertInto('users')
      .values({ id: u.id, username: u.username, display_name: u.displayName, role_id: u.role, password_hash: u.passwordHash, password_salt: u.passwordSalt, created_at: u.createdAt, updated_at: u.createdAt })
      .execute();
  },
  async recordFailure(id, lockedUntil, now) {
    await q
      .updateTable('users')
      .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1), locked_until: lockedUntil, updated_at: now }))
      .where('id', '=', id)
      .execute();
  },
  async recordSuccess(id, now) {
    await q.updateTable('users').set({ failed_attempts: 0, locked_until: null, updated_at: now }).where('id', '=', id).execute();
  },
  listUsers: async (limit, offset) => (await q.selectFrom('users').selectAll().orderBy('username').limit(limit).offset(offset).execute()).map(toUser),
  async insertSession(id, tokenHash, userId, now, desk) {
    await q.insertInto('sessions').values({ id, token_hash: tokenHash, user_id: userId, created_at: now, last_seen_at: now, desk: desk ?? null }).execute();
  },
  sessionByToken: async (tokenHash) => {
    const r = await q
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.id', 's.user_id', 's.last_seen_at', 's.ended_at', 'u.username', 'u.display_name', 'u.role_id', 'u.active'])
      .where('s.token_hash', '=', tokenHash)
      .executeTakeFirst();
    return (
      r && {
        id: r.id,
        userId: r.user_id,
        lastSeenAt: r.last_seen_at,
        endedAt: r.ended_at,
        username: r.username,
        displayName: r.display_name,
        role: r.role_id,
        active: r.active === 1,
      }
    );
  },
  async touchSession(id, now) {
    await q.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
  },
  async endSession(id, now) {
    await q.updateTable('sessions').set({ ended_at: now }).where('id', '=', id).where('ended_at', 'is', null).execute();
  },
  businessDate: () => businessDateOf(q),
  async syncRole(id, zh, en, permissions) {
    await q
      .insertInto('roles')
      .values({ id, name_zh: zh, name_en: en })
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ name_zh: eb.ref('excluded.name_zh'), name_en: eb.ref('excluded.name_en') })))
      .execute();
    await q.deleteFrom('role_permissions').where('role_id', '=', id).execute();
    if (permissions.length) await q.insertInto('role_permissions').values(permissions.map((permission) => ({ role_id: id, permission }))).execute();
  },
  async startBusinessDate(date) {
    await q.insertInto('business_day').values({ id: 1, business_date: date }).onConflict((oc) => oc.column('id').doNothing()).execute();
  },
});

/**
 * The business date a change on the office book is dated by, held until the change commits: the
 * close of that day reads the date FOR UPDATE, so it waits for changes in progress and closes them
 * with their day, and a change asked for while a day is being closed waits for it and is dated the
 * next (src/db/postgres/eod.ts). A desk's book needs no such hold: there the close holds SQLite's
 * one write lock for the day.
 */
const heldBusinessDate = async (q: Q): Promise<string | null> =>
  (await q.selectFrom('business_day').select('business_date').where('id', '=', 1).forShare().executeTakeFirst())?.business_date ?? null;

/** The audit log and the business date as a unit of work writes them. */
export const auditStore = (q: Q): AuditStore => ({
  businessDate: () => (engineOf(q) === 'postgres' ? heldBusinessDate(q) : businessDateOf(q)),
  async insert(entry) {
    await q
      .insertInto('audit_log')
      .values({
        at: entry.at,
        business_date: entry.businessDate,
        user_id: entry.userId,
        principal: entry.principal,
        method: entry.method,
        entity_type: entry.entityType,
        entity_id: entry.entityId,
        summary: entry.summary,
        desk: entry.desk ?? null,
      })
      .execute();
  },
});
