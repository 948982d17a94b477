/**
 * The one map of api methods. Each domain declares its methods next to its code; this file merges
 * them, and the merged type gives every transport and the renderer `call(method, input)` typed end
 * to end.
 */
import type { z } from 'zod';
import { pricingApi } from '../pricing/api';
import { scheduleApi } from '../schedule/api';
import { systemApi } from './system';
import { bookApi } from './book';
import { identityApi } from '../identity/api';
import { customersApi } from '../customers/api';
import { originationApi } from '../origination/api';
import { documentsApi } from '../documents/api';
import { eodApi } from '../eod/api';
import { documentSettingsApi } from '../documents/settingsApi';
import { lprSettingsApi } from '../pricing/lprApi';
import { servicingApi } from '../servicing/api';
import { collectionsApi } from '../collections/api';
import { deskApi } from '../host/deskApi';
import { dispatch, type ApiResponse } from './dispatch';
import type { ApiContext, MethodDef } from './define';

export const api = {
  ...systemApi,
  ...deskApi,
  ...bookApi,
  ...identityApi,
  ...customersApi,
  ...originationApi,
  ...documentsApi,
  ...eodApi,
  ...documentSettingsApi,
  ...lprSettingsApi,
  ...servicingApi,
  ...collectionsApi,
  ...scheduleApi,
  ...pricingApi,
};

export type Api = typeof api;
export type MethodName = keyof Api;
export type ApiInput<M extends MethodName> = z.input<Api[M]['input']>;
export type ApiResult<M extends MethodName> = Awaited<ReturnType<Api[M]['handler']>>;

export const METHOD_NAMES = Object.keys(api) as MethodName[];

export * from './define';
export { type ApiResponse, type ApiErrorBody } from './dispatch';

/** Runs one call against the merged map (see dispatch for the checks it makes). */
export const callApi = (name: unknown, input: unknown, ctx: ApiContext): Promise<ApiResponse> =>
  dispatch(api as unknown as Record<string, MethodDef<z.ZodType, unknown>>, name, input, ctx);
