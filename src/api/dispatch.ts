/**
 * Runs one api call for any transport: finds the method (NOT_FOUND), checks the caller's permission
 * (FORBIDDEN, deny by default), validates the input (VALIDATION), runs the handler, and turns every
 * failure into a typed error body in the caller's language. No stack trace ever leaves here.
 */
import { SuanpanError, type Details, type ErrorCode, type MessageKey } from '../errors';
import { parseInput } from '../validation';
import type { ApiContext, MethodDef } from './define';
import { identityRepo } from '../db/repos/identity';
import { bookHealth } from '../db/health';
import { permissionsOf, resolveSession } from '../identity/service';
import type { z } from 'zod';

export interface ApiErrorBody {
  code: ErrorCode;
  key: MessageKey;
  message: string;
  details: Details;
  /** Problems tied to request fields, translated, for showing under each form field. */
  fields: { field: string; message: string }[];
}

export type ApiResponse<R = unknown> = { ok: true; result: R } | { ok: false; error: ApiErrorBody };

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

export async function dispatch(
  methods: Record<string, MethodDef<z.ZodType, unknown>>,
  name: unknown,
  input: unknown,
  ctx: ApiContext,
): Promise<ApiResponse> {
  try {
    if (typeof name !== 'string' || name.length > 100 || !hasOwn(methods, name)) {
      throw new SuanpanError('NOT_FOUND', 'api.unknownMethod', { method: typeof name === 'string' ? name.slice(0, 100) : String(name) });
    }
    const def = methods[name] as MethodDef<z.ZodType, unknown>;
    // Who is calling: the desk's own permissions, plus the signed-in user's role.
    let permissions = ctx.permissions;
    let user = ctx.user;
    if (ctx.sessionToken && ctx.db) {
      user = resolveSession(ctx.db, ctx.sessionToken, ctx.now()) ?? undefined;
      if (!user) {
        if (!ctx.permissions.has(def.permission)) throw new SuanpanError('FORBIDDEN', 'auth.sessionExpired');
      } else {
        permissions = new Set([...ctx.permissions, ...permissionsOf(user.role)]);
      }
    }
    if (!permissions.has(def.permission)) {
      throw new SuanpanError('FORBIDDEN', user ? 'api.forbidden' : 'auth.signInRequired', { method: name, permission: def.permission });
    }
    const parsed = parseInput(def.input, input);
    const call: ApiContext = { ...ctx, permissions, user };
    const db = ctx.db;
    /** Runs `fn` as one transaction with its audit rows, once the book's integrity check has passed. */
    const write = <T>(fn: () => T): T => {
      if (!db) throw new SuanpanError('CONFLICT', 'book.notOpen');
      // Nothing is written to a book before its integrity check has passed.
      const health = bookHealth(db);
      if (health.state === 'damaged') throw new SuanpanError('CONFLICT', 'db.damaged', { file: db.name, detail: health.detail });
      if (health.state === 'checking') throw new SuanpanError('CONFLICT', 'db.checking');
      // A change and its audit rows commit together or not at all.
      const repo = identityRepo(db);
      return db.transaction(() => {
        let audited = false;
        const at = ctx.now().toISOString();
        const businessDate = repo.businessDate();
        call.audit = (entry) => {
          audited = true;
          repo.insertAudit(at, businessDate, user?.userId ?? null, name, entry.entityType ?? null, entry.entityId ?? null, entry.summary);
        };
        const value = fn();
        if (value instanceof Promise) throw new Error(`the write of ${name} must not be async`);
        if (!audited) call.audit({ summary: 'called' });
        return value;
      })();
    };
    if (!def.mutating || !db) {
      // Long or asynchronous work (documents, say) prepares first, then writes through `write`.
      call.write = write;
      const result = await def.handler(parsed, call);
      return { ok: true, result };
    }
    const result = write(() => def.handler(parsed, call));
    return { ok: true, result };
  } catch (e) {
    const error =
      e instanceof SuanpanError
        ? e
        : new SuanpanError('INTERNAL', 'internal', { reason: e instanceof Error ? e.message.slice(0, 200) : 'unknown' });
    return { ok: false, error: error.toJSON(ctx.lang) };
  }
}
