/**
 * 0015 (PostgreSQL): which desk a session was opened at and an audit row written from, as SQLite's
 * 0015 (the SQL is SQLite's, word for word). Shipped once released: never edit.
 */
export const sql = `
ALTER TABLE sessions ADD COLUMN desk TEXT;
ALTER TABLE audit_log ADD COLUMN desk TEXT;
`;
