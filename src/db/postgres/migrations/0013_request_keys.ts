/**
 * 0013 (PostgreSQL): the keys of changes already made, as SQLite's 0013: a change sent again with
 * the same key gets the first answer instead of being made twice. The SQL is SQLite's, word for
 * word. Shipped once released: never edit.
 */
export const sql = `
CREATE TABLE request_keys (
  key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 8 AND 100),
  method TEXT NOT NULL,
  principal TEXT NOT NULL,
  at TEXT NOT NULL,
  result TEXT NOT NULL
);
CREATE INDEX request_keys_at ON request_keys (at);
`;
