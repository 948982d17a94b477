/**
 * 0005 (PostgreSQL): servicing, as SQLite's 0005: the contract's penalty markup and cap, the
 * borrower's recast choice and the schedule engine's terms on the loan; a transaction's recast and
 * reason. Columns only; the SQL is SQLite's, word for word (adding a column with a constant default
 * rewrites no row on PostgreSQL either). Shipped once released: never edit.
 */
export const sql = `
ALTER TABLE loans ADD COLUMN penalty_markup TEXT;
ALTER TABLE loans ADD COLUMN penalty_cap_rate TEXT;
ALTER TABLE loans ADD COLUMN recast_choice TEXT NOT NULL DEFAULT 'reduce-payment' CHECK (recast_choice IN ('reduce-payment', 'reduce-term'));
ALTER TABLE loans ADD COLUMN schedule_terms TEXT;
ALTER TABLE transactions ADD COLUMN recast TEXT CHECK (recast IS NULL OR recast IN ('reduce-payment', 'reduce-term'));
ALTER TABLE transactions ADD COLUMN reason TEXT;
`;
