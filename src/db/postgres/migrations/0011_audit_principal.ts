/**
 * 0011 (PostgreSQL): every audit row names who acted, as SQLite's 0011 (the SQL is SQLite's, word
 * for word). Shipped once released: never edit.
 */
export const sql = `
ALTER TABLE audit_log ADD COLUMN principal TEXT;
`;
