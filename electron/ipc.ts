/**
 * Binds every api method to ipcMain in one loop. Each call is checked to come from the desk's own
 * main frame before it reaches the dispatcher, which checks the method's permission and validates
 * its input. Kept apart from main.ts so that a test can load the bundle with a stand-in electron.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { DESK_PERMISSIONS, METHOD_NAMES, type ApiEvent } from '../src/api';
import { SuanpanError, type Lang } from '../src/errors';
import { ulidSource } from '../src/ids';
import { deskCall, fixedDeskBook, type DeskBook } from '../src/host/deskBook';

export const API_CHANNEL_PREFIX = 'api:';
export const EVENT_CHANNEL = 'suanpan:event';

/** Binds the api over the desk's choice of book (src/host/deskBook.ts); without one, over no book. */
export function bindApi(
  ipcMain: IpcMain,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
  broadcast: () => WebContents[],
  desk: DeskBook = fixedDeskBook(undefined, undefined),
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
      return deskCall(desk, name, input, {
        lang: language,
        permissions: DESK_PERMISSIONS,
        now: () => new Date(),
        emit,
        ids,
        sessionToken: typeof session === 'string' && session.length > 0 && session.length <= 128 ? session : undefined,
      });
    });
    channels.push(channel);
  }
  return channels;
}
