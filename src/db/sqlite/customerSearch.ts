/**
 * SQLite dialect: the customer search index and the customer list's order. An FTS5 table
 * (migration 0002) holds each customer's search tokens under the customer's rowid, and lists page
 * down the rowid (the order of entry), so every page is a keyed range read. Another engine keeps
 * the same tokens in its own index and its own entry order; the store above this sees neither.
 */
import { sql } from 'kysely';
import type { Q } from '../kysely';
import type { CustomerListItem, SearchQuery } from '../../customers/store';
import { toItem, type ListRow } from '../customerList';

/** FTS5's spelling of a token: quoted (a quote inside dropped), with `*` for a prefix. */
const term = (t: { token: string; prefix: boolean }): string => `"${t.token.toLowerCase().replace(/"/g, '')}"${t.prefix ? '*' : ''}`;

/** The MATCH expression for a planned search. */
export const matchExpression = (query: SearchQuery): string => query.terms.map(term).join(query.join === 'any' ? ' OR ' : ' AND ');

// The first page starts below the largest rowid.
const below = (before: number | null): number => before ?? Number.MAX_SAFE_INTEGER;

/** The statements, built (the plan test reads them). */
export const customerSearchQueries = {
  page: (before: number | null, limit: number) =>
    sql<ListRow>`SELECT c.rowid AS cursor, c.id, c.kind, c.name, c.id_number, c.credit_code, c.phone, c.created_at
      FROM customers c WHERE c.rowid < ${below(before)} ORDER BY c.rowid DESC LIMIT ${limit}`,
  search: (query: SearchQuery, before: number | null, limit: number) =>
    sql<ListRow>`SELECT c.rowid AS cursor, c.id, c.kind, c.name, c.id_number, c.credit_code, c.phone, c.created_at
      FROM customer_search s JOIN customers c ON c.rowid = s.rowid
      WHERE customer_search MATCH ${matchExpression(query)} AND s.rowid < ${below(before)}
        AND (${query.nameContains ?? null} IS NULL OR instr(c.name, ${query.nameContains ?? null}) > 0)
      ORDER BY s.rowid DESC LIMIT ${limit}`,
};

export function customerSearch(q: Q) {
  const rowid = (id: string) => sql<{ rowid: number }>`SELECT rowid FROM customers WHERE id = ${id}`;
  return {
    /** Indexes a customer just added. */
    async index(id: string, tokens: readonly string[]): Promise<void> {
      await sql`INSERT INTO customer_search (rowid, tokens) SELECT rowid, ${tokens.join(' ')} FROM customers WHERE id = ${id}`.execute(q);
    },
    /** Replaces a customer's tokens after a change. */
    async reindex(id: string, tokens: readonly string[]): Promise<void> {
      const found = (await rowid(id).execute(q)).rows[0];
      if (!found) return;
      await sql`DELETE FROM customer_search WHERE rowid = ${found.rowid}`.execute(q);
      await sql`INSERT INTO customer_search (rowid, tokens) VALUES (${found.rowid}, ${tokens.join(' ')})`.execute(q);
    },
    page: async (before: number | null, limit: number): Promise<CustomerListItem[]> =>
      (await customerSearchQueries.page(before, limit).execute(q)).rows.map(toItem),
    search: async (query: SearchQuery, before: number | null, limit: number): Promise<CustomerListItem[]> =>
      (await customerSearchQueries.search(query, before, limit).execute(q)).rows.map(toItem),
  };
}
