/**
 * 0012 (PostgreSQL): money columns are declared BIGINT. On SQLite this migration rewrites the
 * declared type of every money column in the schema's text; here every one of them was declared
 * BIGINT by the migration that made it (0001, 0006, 0009), so there is nothing to change. The
 * migration stays, doing nothing, so both engines share one numbered history and a book's
 * schema_migrations names the same steps on either. Shipped once released: never edit.
 */
export const sql = `
-- Nothing to change: the money columns are BIGINT since the migrations that made them.
SELECT 1;
`;
