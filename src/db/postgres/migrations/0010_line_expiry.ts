/**
 * 0010 (PostgreSQL): the active revolving lines indexed by expiry, as SQLite's 0010 (a partial index,
 * which PostgreSQL has too; the SQL is SQLite's, word for word). Shipped once released: never edit.
 */
export const sql = `
CREATE INDEX loans_line_expiry ON loans(maturity_date) WHERE method = 'revolving' AND status = 'active';
`;
