import { z } from 'zod';
import { businessDateOf, method, storeScope } from '../api/define';
import { lprStore } from '../db/repos/lpr';
import { lprDateInput, lprEntryInput, lprView, removeLpr, saveLpr } from './lpr';

/** The book's one-year LPR table: read by managers, kept by administrators. */
export const lprSettingsApi = {
  'settings/lpr': method({
    summary: 'The one-year LPR table the 4 x LPR line is taken from, newest first, with the rate in force on the business date',
    input: z.strictObject({}),
    permission: 'settings.read',
    mutating: false,
    handler: (_input, ctx) => lprView(lprStore(storeScope(ctx)), businessDateOf(ctx)),
  }),
  'settings/saveLpr': method({
    summary: 'Adds the one-year LPR published for a date (up to the business date), or corrects the one kept for it',
    input: lprEntryInput,
    permission: 'settings.manage',
    mutating: true,
    handler: async (input, ctx) => {
      const result = await saveLpr(lprStore(storeScope(ctx)), input, businessDateOf(ctx));
      const was = result.previous === null ? 'added' : `was ${result.previous}`;
      ctx.audit?.({ entityType: 'lpr', entityId: result.effectiveFrom, summary: `one-year LPR from ${result.effectiveFrom} set to ${result.oneYear} (${was})` });
      return result;
    },
  }),
  'settings/removeLpr': method({
    summary: 'Removes a one-year LPR the lender added by mistake (the shipped rates stay; the table is never left empty)',
    input: lprDateInput,
    permission: 'settings.manage',
    mutating: true,
    handler: async (input, ctx) => {
      const result = await removeLpr(lprStore(storeScope(ctx)), input.effectiveFrom);
      ctx.audit?.({ entityType: 'lpr', entityId: result.effectiveFrom, summary: `one-year LPR from ${result.effectiveFrom} (${result.oneYear}) removed` });
      return result;
    },
  }),
};
