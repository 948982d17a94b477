/**
 * 0013: the keys of changes already made. A desk sends a change with a key of its own making; the
 * dispatcher keeps the key with the change's result in the change's own transaction, so the same
 * request sent again (after a connection was lost before the answer came back) gets the first
 * answer instead of being made twice. Portable SQL. Shipped once released: never edit.
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
