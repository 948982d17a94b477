/**
 * 0015: which desk a session was opened at and an audit row written from (the computer's name), so
 * that on an office book shared by several desks a sign-in, a lockout or a change can be traced to
 * the PC it came from. Rows written before keep a NULL desk. Portable SQL. Shipped once released:
 * never edit.
 */
export const sql = `
ALTER TABLE sessions ADD COLUMN desk TEXT;
ALTER TABLE audit_log ADD COLUMN desk TEXT;
`;
