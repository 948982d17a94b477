import { z } from 'zod';
import { userInfo } from 'node:os';
import { method } from './define';
import { DEFAULT_LPR_TABLE, lprOn } from '../pricing/caps';

export const APP_VERSION = '0.1.0';

const isoDay = (d: Date): string =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

export const systemApi = {
  'system/info': method({
    summary: 'Version, business date, the desk user and the LPR in force',
    input: z.strictObject({}),
    permission: 'system.read',
    mutating: false,
    handler: (_input, ctx) => {
      // Until the loan book keeps its own business date, the desk's calendar day stands in for it.
      const businessDate = isoDay(ctx.now());
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
        lpr: lprOn(businessDate, DEFAULT_LPR_TABLE),
      };
    },
  }),
};
