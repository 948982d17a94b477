/** SQL for the keys of changes already made (migration 0013). */
import type { Q } from '../kysely';

export interface MadeRequest {
  method: string;
  principal: string;
  at: string;
  /** The change's answer, as JSON. */
  result: string;
}

export const requestStore = (q: Q) => ({
  find: async (key: string): Promise<MadeRequest | undefined> =>
    q.selectFrom('request_keys').select(['method', 'principal', 'at', 'result']).where('key', '=', key).executeTakeFirst(),
  async insert(key: string, made: MadeRequest): Promise<void> {
    await q.insertInto('request_keys').values({ key, ...made }).execute();
  },
});
