/**
 * Binds every api method to ipcMain in one loop. Each call is checked to come from the desk's own
 * main frame before it reaches the dispatcher, which checks the method's permission and validates
 * its input. Kept apart from main.ts so that a test can load the bundle with a stand-in electron.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { callApi, DESK_PERMISSIONS, METHOD_NAMES, type ApiEvent } from '../src/api';
import { SuanpanError, type Lang } from '../src/errors';
import type { Db } from '../src/db/connection';
import { ulidSource } from '../src/ids';

export const API_CHANNEL_PREFIX = 'api:';
export const EVENT_CHANNEL = 'suanpan:event';

export interface BookHandle {
  db: Db;
  dataDir: string;
}

export function bindApi(
  ipcMain: IpcMain,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
  broadcast: () => WebContents[],
  book: () => BookHandle | undefined = () => undefined,
): string[] {
  const ids = ulidSource();
  const emit = (event: ApiEvent): void => {
    for (const contents of broadcast()) contents.send(EVENT_CHANNEL, event);
  };
  const channels: string[] = [];
  for (const name of METHOD_NAMES) {
    const channel = `${API_CHANNEL_PREFIX}${name}`;
    ipcMain.handle(channel, async (event, input: unknown, lang: unknown, session: unknown) => {
      const language: Lang = lang === 'en' ? 'en' : 'zh-CN';
      if (!isTrustedSender(event)) {
        return { ok: false, error: new SuanpanError('FORBIDDEN', 'api.unauthorized').toJSON(language) };
      }
      const open = book();
      return callApi(name, input, {
        lang: language,
        permissions: DESK_PERMISSIONS,
        now: () => new Date(),
        emit,
        db: open?.db,
        ids,
        dataDir: open?.dataDir,
        sessionToken: typeof session === 'string' && session.length > 0 && session.length <= 128 ? session : undefined,
      });
    });
    channels.push(channel);
  }
  return channels;
}
