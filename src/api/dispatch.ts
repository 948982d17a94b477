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
import { requestStore, type MadeRequest } from '../db/repos/requests';
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

const REQUEST_KEY = /^[A-Za-z0-9_-]{8,100}$/;

/**
 * A change's request key: a desk may send `requestKey` beside a mutating method's input, a key of
 * its own making for this one change, and send the same request again when the answer was lost
 * (the connection dropped after the book committed, say). Taken off the input before it is checked.
 */
function takeRequestKey(input: unknown): { input: unknown; key: string | undefined } {
  if (!input || typeof input !== 'object' || Array.isArray(input) || !hasOwn(input, 'requestKey')) return { input, key: undefined };
  const { requestKey, ...rest } = input as Record<string, unknown>;
  if (typeof requestKey !== 'string' || !REQUEST_KEY.test(requestKey)) throw new SuanpanError('VALIDATION', 'api.requestKey', { field: 'requestKey' });
  return { input: rest, key: requestKey };
}

/** A request already made: its first answer, thrown to end the unit of work without writing. */
class Made {
  constructor(readonly made: MadeRequest) {}
}

const answerOf = (made: MadeRequest, method: string): unknown => {
  if (made.method !== method) throw new SuanpanError('CONFLICT', 'api.requestKeyReused', { method: made.method });
  return JSON.parse(made.result) as unknown;
};

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
          desk: call.deskName ?? null,
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
    const request = def.mutating ? takeRequestKey(input) : { input, key: undefined };
    const parsed = parseInput(def.input, request.input);
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
    const key = request.key;
    if (!key) {
      const result = await write((tx, businessDate) => def.handler(parsed, { ...call, tx, businessDate: businessDate ?? undefined }));
      return { ok: true, result };
    }
    // Made once: the key and the answer are kept with the change, in its unit of work.
    try {
      const result = await write(async (tx, businessDate) => {
        const made = await requestStore(tx).find(key);
        if (made) throw new Made(made);
        const value = await def.handler(parsed, { ...call, tx, businessDate: businessDate ?? undefined });
        await requestStore(tx).insert(key, { method: name, principal: principalName(user, ctx.commandLine), at: ctx.now().toISOString(), result: JSON.stringify(value ?? null) });
        return value;
      });
      return { ok: true, result };
    } catch (e) {
      if (e instanceof Made) return { ok: true, result: answerOf(e.made, name) };
      // The same request sent again while the first still ran (from another desk's connection, or
      // after a lost one) failed on what the first wrote: a taken key, or the first's own posting
      // (its bank reference, say). Once the first has committed, its answer is this one's.
      const made = await requestStore(db.q).find(key).catch(() => undefined);
      if (made) return { ok: true, result: answerOf(made, name) };
      throw e;
    }
  } catch (e) {
    const error =
      e instanceof SuanpanError
        ? e
        : new SuanpanError('INTERNAL', 'internal', { reason: e instanceof Error ? e.message.slice(0, 200) : 'unknown' });
    return { ok: false, error: error.toJSON(ctx.lang) };
  }
}
