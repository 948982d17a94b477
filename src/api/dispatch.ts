/**
 * Runs one api call for any transport: finds the method (NOT_FOUND), checks the caller's permission
 * (FORBIDDEN, deny by default), validates the input (VALIDATION), runs the handler, and turns every
 * failure into a typed error body in the caller's language. No stack trace ever leaves here.
 */
import { SuanpanError, type Details, type ErrorCode, type MessageKey } from '../errors';
import { parseInput } from '../validation';
import { bookOf, principalName, type ApiContext, type AuditNote, type MethodDef } from './define';
import type { Db } from '../db/connection';
import { auditStore, identityStore } from '../db/repos/identity';
import { unitOfWork, type Q } from '../db/kysely';
import { asBook, type Book } from '../db/book';
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

/** Nothing is written to a book before its integrity check has passed, nor ever to a damaged one. */
export function assertWritable(book: Book | Db): void {
  const b = asBook(book);
  const health = b.health();
  if (health.state === 'damaged') throw new SuanpanError('CONFLICT', 'db.damaged', { file: b.where, detail: health.detail });
  if (health.state === 'checking') throw new SuanpanError('CONFLICT', 'db.checking');
}

/**
 * Runs `fn` as one unit of work together with its audit rows, once the book may be written: the one
 * way anything is written to the book. Each row names the method and who acted (the signed-in user,
 * or the command line's local principal); a call that records nothing still gets a row.
 */
export async function writeWithAudit<T>(book: Book | Db, call: ApiContext, name: string, fn: (tx: Q, businessDate: string | null) => T | Promise<T>): Promise<T> {
  const b = asBook(book);
  assertWritable(b);
  return unitOfWork(b.q, async (tx) => {
    const audit = auditStore(tx);
    // The rows are dated by the business day the call began on, and written after the change, in order.
    const at = call.now().toISOString();
    const businessDate = await audit.businessDate();
    const notes: AuditNote[] = [];
    const previous = call.audit;
    call.audit = (entry) => void notes.push(entry);
    try {
      const value = await fn(tx, businessDate);
      if (notes.length === 0) notes.push({ summary: 'called' });
      for (const entry of notes) {
        const user = entry.as ?? (call.user ? { userId: call.user.userId, username: call.user.username } : undefined);
        await audit.insert({
          at,
          businessDate,
          userId: user?.userId ?? null,
          principal: principalName(user, call.commandLine),
          method: name,
          entityType: entry.entityType ?? null,
          entityId: entry.entityId ?? null,
          summary: entry.summary,
        });
      }
      return value;
    } finally {
      call.audit = previous;
    }
  });
}

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
    const db = bookOf(ctx);
    if (ctx.sessionToken && db) {
      user = (await resolveSession(identityStore(db.q), ctx.sessionToken, ctx.now())) ?? undefined;
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
    const write = <T>(fn: (tx: Q, businessDate: string | null) => T | Promise<T>): Promise<T> => {
      if (!db) throw new SuanpanError('CONFLICT', 'book.notOpen');
      return writeWithAudit(db, call, name, fn);
    };
    call.writable = () => {
      if (!db) throw new SuanpanError('CONFLICT', 'book.notOpen');
      assertWritable(db);
    };
    if (!def.mutating || !db) {
      // Long or asynchronous work (documents, say) prepares first, then writes through `write`.
      call.write = write;
      if (db) call.businessDate = (await identityStore(db.q).businessDate()) ?? undefined;
      const result = await def.handler(parsed, call);
      return { ok: true, result };
    }
    const result = await write((tx, businessDate) => def.handler(parsed, { ...call, tx, businessDate: businessDate ?? undefined }));
    return { ok: true, result };
  } catch (e) {
    const error =
      e instanceof SuanpanError
        ? e
        : new SuanpanError('INTERNAL', 'internal', { reason: e instanceof Error ? e.message.slice(0, 200) : 'unknown' });
    return { ok: false, error: error.toJSON(ctx.lang) };
  }
}
