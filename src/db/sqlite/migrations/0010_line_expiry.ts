/**
 * 0010: a revolving line that owes nothing when it expires is finished; the close marks it closed on
 * its expiry day. The active lines are indexed by expiry (a partial index: lines only, active only),
 * so the close finds the day's expiring lines without reading the book.
 * SQLite dialect: a partial index (PostgreSQL has them too). Shipped once released: never edit.
 */
export const sql = `
CREATE INDEX loans_line_expiry ON loans(maturity_date) WHERE method = 'revolving' AND status = 'active';
`;
