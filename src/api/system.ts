import { z } from 'zod';
import { isoDay } from '../calendar/date';
import { userInfo } from 'node:os';
import { method, openStoreScope } from './define';
import { bookHealth } from '../db/health';
import { lprOn } from '../pricing/caps';
import { lprTableFor } from '../pricing/lpr';
import { lprStore } from '../db/repos/lpr';

export const APP_VERSION = '0.1.0';


export const systemApi = {
  'system/info': method({
    summary: 'Version, business date, the desk user and the LPR in force',
    input: z.strictObject({}),
    permission: 'system.read',
    mutating: false,
    handler: async (_input, ctx) => {
      // The book's business date drives servicing; with no book open, the desk's calendar day stands in.
      const businessDate = ctx.businessDate ?? isoDay(ctx.now());
      const q = openStoreScope(ctx);
      const lprOfBook = q && lprStore(q);
      let deskUser = ctx.user?.displayName;
      if (!deskUser) {
        try {
          deskUser = userInfo().username;
        } catch {
          deskUser = 'desk';
        }
      }
      return {
        app: 'suanpan',
        version: APP_VERSION,
        businessDate,
        user: deskUser,
        languages: ['zh-CN', 'en'] as const,
        lpr: lprOn(businessDate, await lprTableFor(lprOfBook)),
        bookCheck: ctx.db ? bookHealth(ctx.db).state : ('ok' as const),
      };
    },
  }),
};
