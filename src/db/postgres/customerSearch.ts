/**
 * @dialect postgres
 * The customer search index on the office book: each customer's search tokens (the engine makes
 * them, src/customers/search.ts) as rows of customer_search (migration 0002), under the customer's
 * order of entry (customers.entry, what SQLite's rowid is on a desk's book). A term is an exact
 * token or a token prefix; the C collation lets the (token, entry) key serve `LIKE 'x%'`. Lists page
 * down the order of entry, as on SQLite, so both engines answer a search with the same customers in
 * the same order.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Q } from '../kysely';
import type { CustomerListItem, SearchQuery } from '../../customers/store';
import { toItem, type ListRow } from '../customerList';

const below = (before: number | null): number => before ?? Number.MAX_SAFE_INTEGER;

/** A LIKE pattern matching `text` literally at the start. */
const startsWith = (text: string): string => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The entries one term matches. */
function termEntries(t: { token: string; prefix: boolean }, before: number): RawBuilder<unknown> {
  const token = t.token.toLowerCase();
  return t.prefix
    ? sql`SELECT entry FROM customer_search WHERE token LIKE ${startsWith(token)} AND entry < ${before}`
    : sql`SELECT entry FROM customer_search WHERE token = ${token} AND entry < ${before}`;
}

const COLUMNS = sql`c.entry AS cursor, c.id, c.kind, c.name, c.id_number, c.credit_code, c.phone, c.created_at`;

export function customerSearch(q: Q) {
  return {
    /** Indexes a customer just added. */
    async index(id: string, tokens: readonly string[]): Promise<void> {
      if (tokens.length === 0) return;
      await sql`INSERT INTO customer_search (entry, token)
        SELECT c.entry, t.token FROM customers c CROSS JOIN unnest(${[...new Set(tokens.map((t) => t.toLowerCase()))]}::text[]) AS t(token)
        WHERE c.id = ${id} ON CONFLICT DO NOTHING`.execute(q);
    },
    /** Replaces a customer's tokens after a change. */
    async reindex(id: string, tokens: readonly string[]): Promise<void> {
      await sql`DELETE FROM customer_search WHERE entry = (SELECT entry FROM customers WHERE id = ${id})`.execute(q);
      await this.index(id, tokens);
    },
    page: async (before: number | null, limit: number): Promise<CustomerListItem[]> =>
      (await sql<ListRow>`SELECT ${COLUMNS} FROM customers c WHERE c.entry < ${below(before)} ORDER BY c.entry DESC LIMIT ${limit}`.execute(q)).rows.map(toItem),
    search: async (query: SearchQuery, before: number | null, limit: number): Promise<CustomerListItem[]> => {
      if (query.terms.length === 0) return [];
      const b = below(before);
      const sets = sql.join(query.terms.map((t) => termEntries(t, b)), query.join === 'any' ? sql` UNION ` : sql` INTERSECT `);
      const name = query.nameContains ?? null;
      return (
        await sql<ListRow>`SELECT ${COLUMNS} FROM (${sets}) m JOIN customers c ON c.entry = m.entry
          WHERE (${name}::text IS NULL OR strpos(c.name, ${name}::text) > 0)
          ORDER BY c.entry DESC LIMIT ${limit}`.execute(q)
      ).rows.map(toItem);
    },
  };
}
