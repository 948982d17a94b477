/**
 * The narrow bridge: the renderer gets `call(method, input, lang)`, `onEvent(listener)`, and saving or
 * printing an issued PDF; nothing of Node or Electron. A method name can only reach its own `api:`
 * channel.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

const METHOD = /^[a-z]+\/[a-zA-Z]+$/;

contextBridge.exposeInMainWorld('suanpan', {
  transport: 'ipc',
  call: (method: string, input: unknown, lang: string, session?: string): Promise<unknown> => {
    if (typeof method !== 'string' || !METHOD.test(method)) {
      return Promise.resolve({ ok: false, error: { code: 'NOT_FOUND', key: 'api.unknownMethod', message: method, details: {} } });
    }
    return ipcRenderer.invoke(`api:${method}`, input, lang, session).catch(() => ({
      ok: false,
      error: { code: 'NOT_FOUND', key: 'api.unknownMethod', message: method, details: { method } },
    }));
  },
  /** Saves an issued PDF where the user chooses (the main process checks it is a PDF). */
  savePdf: (fileName: string, base64: string): Promise<unknown> => ipcRenderer.invoke('desk:savePdf', fileName, base64),
  /** Prints an issued PDF through the system print dialog. */
  printPdf: (base64: string): Promise<unknown> => ipcRenderer.invoke('desk:printPdf', base64),
  onEvent: (listener: (event: unknown) => void): (() => void) => {
    const handler = (_e: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on('suanpan:event', handler);
    return () => ipcRenderer.removeListener('suanpan:event', handler);
  },
});
