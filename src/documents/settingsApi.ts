import { z } from 'zod';
import { invalidSettings } from '../validation';
import { method, requireBook, storeScope } from '../api/define';
import { settingsStore } from '../db/repos/settings';
import { documentSettings, documentSettingsShape } from './content';
import { noticeSettings, noticeSettingsShape } from './notices';

/** The lender's details, court and extra clauses printed on documents: read by managers, kept by administrators. */
export const documentSettingsApi = {
  'settings/documents': method({
    summary: 'What documents print about the lender: name, address, phone, licence, the court for disputes, extra contract clauses',
    input: z.strictObject({}),
    permission: 'settings.read',
    mutating: false,
    handler: async (_input, ctx) => {
      requireBook(ctx);
      const settings = settingsStore(storeScope(ctx));
      return { version: (await settings.get('documents'))?.version ?? 0, settings: await documentSettings(settings) };
    },
  }),
  'settings/saveDocuments': method({
    summary: 'Saves a new version of the document settings (the one it replaces is kept)',
    input: z.strictObject({ settings: z.unknown() }),
    permission: 'settings.manage',
    mutating: true,
    handler: async (input, ctx) => {
      const parsed = documentSettingsShape.safeParse(input.settings);
      if (!parsed.success) throw invalidSettings(parsed.error);
      requireBook(ctx);
      const version = await settingsStore(storeScope(ctx)).save('documents', parsed.data, ctx.now().toISOString(), ctx.user?.userId ?? null);
      ctx.audit?.({ entityType: 'setting', entityId: 'documents', summary: `document settings saved as version ${version} (lender ${parsed.data.lender.name})` });
      return { version };
    },
  }),
  'settings/notices': method({
    summary: 'What collection letters print: the account to pay into, the counter, the collections phone and hours, days given to pay, when a final demand may be sent',
    input: z.strictObject({}),
    permission: 'settings.read',
    mutating: false,
    handler: async (_input, ctx) => {
      requireBook(ctx);
      const settings = settingsStore(storeScope(ctx));
      return { version: (await settings.get('notices'))?.version ?? 0, settings: await noticeSettings(settings) };
    },
  }),
  'settings/saveNotices': method({
    summary: 'Saves a new version of the collection letter settings (the one it replaces is kept)',
    input: z.strictObject({ settings: z.unknown() }),
    permission: 'settings.manage',
    mutating: true,
    handler: async (input, ctx) => {
      const parsed = noticeSettingsShape.safeParse(input.settings);
      if (!parsed.success) throw invalidSettings(parsed.error);
      requireBook(ctx);
      const version = await settingsStore(storeScope(ctx)).save('notices', parsed.data, ctx.now().toISOString(), ctx.user?.userId ?? null);
      ctx.audit?.({ entityType: 'setting', entityId: 'notices', summary: `collection letter settings saved as version ${version}` });
      return { version };
    },
  }),
};
