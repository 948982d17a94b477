/**
 * 0002: the customer search index. SQLite dialect: an FTS5 table over search tokens the engine makes
 * (name characters and pairs, phone and ID number endings), kept in step with customers by the
 * customer repository. Shipped: never edit.
 */
export const sql = `
CREATE VIRTUAL TABLE customer_search USING fts5(tokens, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');
`;
