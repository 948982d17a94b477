/**
 * The renderer's one road to the engine: `call(method, input)`, typed end to end from the api map.
 * In Electron it goes over the preload's IPC bridge; in browser mode over HTTP to the local host,
 * with the per-run token the host wrote into the page.
 */
import type { ApiEvent, ApiInput, ApiResult, MethodName } from '../../../src/api';
import type { ApiErrorBody, ApiResponse } from '../../../src/api/dispatch';

export type { ApiErrorBody, ApiEvent, ApiInput, ApiResult, MethodName };

interface Bridge {
  transport: 'ipc';
  call: (method: string, input: unknown, lang: string, session?: string) => Promise<unknown>;
  onEvent: (listener: (event: unknown) => void) => () => void;
  /** Saves an issued PDF where the user chooses (Electron only). */
  savePdf?: (fileName: string, base64: string) => Promise<unknown>;
  /** Prints an issued PDF through the system print dialog (Electron only). */
  printPdf?: (base64: string) => Promise<unknown>;
}

declare global {
  interface Window {
    suanpan?: Bridge;
  }
}

let lang = 'zh-CN';
export const setApiLanguage = (value: string): void => {
  lang = value;
};

// The session token lives in memory only: closing or reloading the desk ends the sign-in.
let session = '';
export const setSessionToken = (token: string): void => {
  session = token;
};

const token = (): string => document.querySelector('meta[name="suanpan-token"]')?.getAttribute('content') ?? '';

/** In the Electron app (the preload's bridge), rather than browser mode. */
export const bridge = (): Bridge | null => (window.suanpan?.transport === 'ipc' ? window.suanpan : null);

export class ApiError extends Error {
  readonly body: ApiErrorBody;
  constructor(body: ApiErrorBody) {
    super(body.message);
    this.body = body;
  }
}

async function transport(method: string, input: unknown): Promise<ApiResponse> {
  if (window.suanpan) return (await window.suanpan.call(method, input, lang, session)) as ApiResponse;
  const res = await fetch(`/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Suanpan-Token': token(), 'X-Suanpan-Lang': lang, 'X-Suanpan-Session': session },
    body: JSON.stringify(input ?? {}),
  });
  return (await res.json()) as ApiResponse;
}

let sessionLost: () => void = () => undefined;
export const onSessionLost = (fn: () => void): void => {
  sessionLost = fn;
};

/**
 * Calls the engine. A change sent with `requestKey` (a key made for that one change, kept until it
 * is answered) is made once however often it is sent: send it again with the same key when an
 * answer was lost, and the engine gives the first answer rather than making it twice.
 */
export async function call<M extends MethodName>(method: M, input: ApiInput<M>, options: { requestKey?: string } = {}): Promise<ApiResult<M>> {
  const response = await transport(method, options.requestKey ? { ...(input as object), requestKey: options.requestKey } : input);
  if (!response.ok) {
    if (response.error.key === 'auth.sessionExpired') sessionLost();
    throw new ApiError(response.error);
  }
  return response.result as ApiResult<M>;
}

/** Subscribes to progress events pushed by long work; returns the unsubscribe function. */
export function onEvent(listener: (event: ApiEvent) => void): () => void {
  if (window.suanpan) return window.suanpan.onEvent((e) => listener(e as ApiEvent));
  const source = new EventSource(`/api/events?token=${encodeURIComponent(token())}`);
  source.onmessage = (message) => listener(JSON.parse(message.data as string) as ApiEvent);
  return () => source.close();
}
