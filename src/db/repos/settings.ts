/** SQL for the versioned settings: the row in force per key, and the versions it replaced. */
import type { Q } from '../kysely';
import type { SettingsStore } from '../../settings/store';

export const settingsStore = (q: Q): SettingsStore => ({
  async get(key) {
    const row = await q.selectFrom('settings').select(['value', 'version']).where('key', '=', key).executeTakeFirst();
    return row && { value: JSON.parse(row.value) as unknown, version: Number(row.version) };
  },
  async save(key, value, at, user) {
    const json = JSON.stringify(value);
    const old = await q.selectFrom('settings').select('version').where('key', '=', key).executeTakeFirst();
    if (!old) {
      await q.insertInto('settings').values({ key, value: json, version: 1, updated_at: at, updated_by: user }).execute();
      return 1;
    }
    await q
      .insertInto('settings_history')
      .columns(['key', 'version', 'value', 'updated_at', 'updated_by'])
      .expression((eb) => eb.selectFrom('settings').select(['key', 'version', 'value', 'updated_at', 'updated_by']).where('key', '=', key))
      .execute();
    await q.updateTable('settings').set({ value: json, version: Number(old.version) + 1, updated_at: at, updated_by: user }).where('key', '=', key).execute();
    return Number(old.version) + 1;
  },
});
