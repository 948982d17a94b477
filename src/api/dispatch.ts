/**
 * Runs one api call for any transport: finds the method (NOT_FOUND), checks the caller's permission
 * (FORBIDDEN, deny by default), validates the input (VALIDATION), runs the handler, and turns every
 * failure into a typed error body in the caller's language. No stack trace ever leaves here.
 */
import { SuanpanError, type Details, type ErrorCode, type MessageKey } from '../errors';
import { parseInput } from '../validation';
import type { ApiContext, MethodDef } from './define';
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
    if (!ctx.permissions.has(def.permission)) {
      throw new SuanpanError('FORBIDDEN', 'api.forbidden', { method: name, permission: def.permission });
    }
    const parsed = parseInput(def.input, input);
    const result = await def.handler(parsed, ctx);
    return { ok: true, result };
  } catch (e) {
    const error =
      e instanceof SuanpanError
        ? e
        : new SuanpanError('INTERNAL', 'internal', { reason: e instanceof Error ? e.message.slice(0, 200) : 'unknown' });
    return { ok: false, error: error.toJSON(ctx.lang) };
  }
}
