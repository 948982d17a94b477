/**
 * 0011: every audit row names who acted. A signed-in user is also kept as user_id; a call from the
 * command line has no user, so the principal says "command line, OS user X" instead. Rows written
 * before this migration keep a NULL principal (their user_id tells who, where there was one).
 * Portable SQL. Shipped once released: never edit.
 */
export const sql = `
ALTER TABLE audit_log ADD COLUMN principal TEXT;
`;
