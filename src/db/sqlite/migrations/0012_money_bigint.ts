/**
 * 0012: money columns are declared BIGINT. An amount is a count of fen that may pass 2^31 (a book's
 * sums do at once), and on a server engine INTEGER is 32 bits; the declaration says what the column
 * holds, for every engine and for anyone reading the schema.
 *
 * SQLite dialect. On SQLite both names give a column INTEGER affinity, so the rows on disk are
 * unchanged and only the declared type in the schema's text is rewritten, in place, by the
 * procedure SQLite documents for schema changes that do not touch stored data (the migration
 * runner turns on writable_schema and bumps schema_version for a migration of kind 'schema-text'):
 * a 6 GB book is not copied table by table to change a word. None of these columns is a primary
 * key, where INTEGER would mean the rowid. Shipped once released: never edit.
 */
const MONEY: Record<string, string[]> = {
  roles: ['approval_limit'],
  customers: ['monthly_income', 'annual_revenue'],
  products: ['min_amount', 'max_amount', 'payment_multiple', 'installment_fee'],
  applications: ['amount', 'monthly_income', 'monthly_debt', 'offered_amount'],
  loans: ['principal', 'amount_received', 'credit_limit', 'outstanding_principal'],
  installments: ['principal_due', 'interest_due', 'fee_due', 'principal_paid', 'interest_paid', 'fee_paid', 'penalty_accrued', 'penalty_paid'],
  transactions: ['amount'],
  allocations: ['principal', 'interest', 'fee', 'penalty'],
  collection_cases: ['loan_outstanding'],
  promises: ['amount', 'paid_amount'],
};

/** The money columns by table, as this migration declares them (a test checks every one). */
export const MONEY_COLUMNS_BY_TABLE: Readonly<Record<string, readonly string[]>> = MONEY;

export const sql = Object.entries(MONEY)
  .map(([table, columns]) => {
    const text = columns.reduce((expr, c) => `replace(${expr}, ' ${c} INTEGER', ' ${c} BIGINT')`, 'sql');
    return `UPDATE sqlite_schema SET sql = ${text} WHERE type = 'table' AND name = '${table}';`;
  })
  .join('\n');
