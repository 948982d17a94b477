/** SQL for users, roles, sessions and the audit log. */
import type { Db } from '../connection';
import { prepared } from '../statements';
import type { Q } from '../kysely';
import type { AuditStore } from '../../identity/store';

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

export interface SessionRow {
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  ended_at: string | null;
  username: string;
  display_name: string;
  role_id: string;
  active: number;
}

export interface AuditRow {
  id: number;
  at: string;
  business_date: string | null;
  user_id: string | null;
  /** Who acted, in words: "user wang", "command line, OS user li" (NULL on rows older than 0011). */
  principal: string | null;
  method: string;
  entity_type: string | null;
  entity_id: string | null;
  summary: string;
}

export type { AuditEntry } from '../../identity/store';
import type { AuditEntry } from '../../identity/store';

const SQL = {
  upsertRole: `INSERT INTO roles (id, name_zh, name_en) VALUES (?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en`,
  clearRolePermissions: `DELETE FROM role_permissions WHERE role_id = ?`,
  addRolePermission: `INSERT INTO role_permissions (role_id, permission) VALUES (?, ?)`,
  countUsers: `SELECT count(*) AS n FROM users`,
  userByUsername: `SELECT * FROM users WHERE username = ?`,
  userById: `SELECT * FROM users WHERE id = ?`,
  insertUser: `INSERT INTO users (id, username, display_name, role_id, password_hash, password_salt, created_at, updated_at)
    VALUES (@id, @username, @display_name, @role_id, @password_hash, @password_salt, @created_at, @created_at)`,
  recordFailure: `UPDATE users SET failed_attempts = failed_attempts + 1, locked_until = @locked_until, updated_at = @now WHERE id = @id`,
  recordSuccess: `UPDATE users SET failed_attempts = 0, locked_until = NULL, updated_at = @now WHERE id = @id`,
  listUsers: `SELECT id, username, display_name, role_id, active, locked_until, created_at FROM users ORDER BY username LIMIT ? OFFSET ?`,
  insertSession: `INSERT INTO sessions (id, token_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)`,
  sessionByToken: `SELECT s.id, s.user_id, s.created_at, s.last_seen_at, s.ended_at, u.username, u.display_name, u.role_id, u.active
    FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
  touchSession: `UPDATE sessions SET last_seen_at = ? WHERE id = ?`,
  endSession: `UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL`,
  businessDate: `SELECT business_date FROM business_day WHERE id = 1`,
  setBusinessDate: `INSERT INTO business_day (id, business_date) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET business_date = excluded.business_date`,
  insertAudit: `INSERT INTO audit_log (at, business_date, user_id, principal, method, entity_type, entity_id, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  auditForEntity: `SELECT * FROM audit_log WHERE entity_type = ? AND entity_id = ? ORDER BY id DESC LIMIT ?`,
  auditPage: `SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?`,
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
    userById: (id: string) => s.userById.get(id) as UserRow | undefined,
    insertUser: (row: Pick<UserRow, 'id' | 'username' | 'display_name' | 'role_id' | 'password_hash' | 'password_salt' | 'created_at'>) => void s.insertUser.run(row),
    recordFailure: (id: string, lockedUntil: string | null, now: string) => void s.recordFailure.run({ id, locked_until: lockedUntil, now }),
    recordSuccess: (id: string, now: string) => void s.recordSuccess.run({ id, now }),
    listUsers: (limit: number, offset: number) =>
      s.listUsers.all(limit, offset) as Pick<UserRow, 'id' | 'username' | 'display_name' | 'role_id' | 'active' | 'locked_until' | 'created_at'>[],
    insertSession: (id: string, tokenHash: string, userId: string, now: string) => void s.insertSession.run(id, tokenHash, userId, now, now),
    sessionByToken: (tokenHash: string) => s.sessionByToken.get(tokenHash) as SessionRow | undefined,
    touchSession: (id: string, now: string) => void s.touchSession.run(now, id),
    endSession: (id: string, now: string) => void s.endSession.run(now, id),
    businessDate: () => (s.businessDate.get() as { business_date: string } | undefined)?.business_date ?? null,
    setBusinessDate: (date: string) => void s.setBusinessDate.run(date),
    insertAudit: (entry: AuditEntry) =>
      void s.insertAudit.run(entry.at, entry.businessDate, entry.userId, entry.principal, entry.method, entry.entityType, entry.entityId, entry.summary),
    auditForEntity: (entityType: string, entityId: string, limit: number) => s.auditForEntity.all(entityType, entityId, limit) as AuditRow[],
    auditPage: (beforeId: number, limit: number) => s.auditPage.all(beforeId, limit) as AuditRow[],
  };
}

export type IdentityRepo = ReturnType<typeof identityRepo>;

/** The audit log and the business date as a unit of work writes them. */
export const auditStore = (q: Q): AuditStore => ({
  async businessDate() {
    const row = await q.selectFrom('business_day').select('business_date').where('id', '=', 1).executeTakeFirst();
    return row?.business_date ?? null;
  },
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
      })
      .execute();
  },
});
