/**
 * 0002 (PostgreSQL): the customer search index. SQLite keeps the search tokens the engine makes
 * (name characters and pairs, phone and ID number endings) in an FTS5 table under each customer's
 * row number; here the customer gets that number as a column of its own, `entry` (the order of
 * entry, given by the database and never reused), and each token is a row of customer_search keyed
 * by (token, entry): an exact token is a key lookup and a prefix a range read (under the C collation
 * a btree index serves LIKE 'prefix%'), each in entry order, so results page down `entry` as SQLite's
 * page down its row numbers. customer_search_entry finds a customer's tokens to replace them; the
 * tokens go with their customer. Kept in step with customers by the customer repository, as on
 * SQLite. Shipped: never edit.
 */
export const sql = `
ALTER TABLE customers ADD COLUMN entry BIGINT GENERATED ALWAYS AS IDENTITY;
CREATE UNIQUE INDEX customers_entry ON customers (entry);
CREATE TABLE customer_search (
  entry BIGINT NOT NULL REFERENCES customers(entry) ON DELETE CASCADE,
  token TEXT NOT NULL,
  PRIMARY KEY (token, entry)
);
CREATE INDEX customer_search_entry ON customer_search (entry);
`;
