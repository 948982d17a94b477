/**
 * The office book's migrations: SQLite's numbered history (src/db/sqlite/migrations), each step
 * written for PostgreSQL 15, under the same id and name, so a book on either engine records the same
 * steps. Append only, and only together with SQLite's list.
 */
import type { Migration } from '../../sqlite/migrations';
import { sql as loanBook } from './0001_loan_book';
import { sql as customerSearch } from './0002_customer_search';
import { sql as origination } from './0003_origination';
import { sql as documents } from './0004_documents';
import { sql as servicing } from './0005_servicing';
import { sql as collections } from './0006_collections';
import { sql as eod } from './0007_eod';
import { sql as lpr } from './0008_lpr';
import { sql as queue } from './0009_queue';
import { sql as lineExpiry } from './0010_line_expiry';
import { sql as auditPrincipal } from './0011_audit_principal';
import { sql as moneyBigint } from './0012_money_bigint';
import { sql as requestKeys } from './0013_request_keys';
import { sql as eodProgress } from './0014_eod_progress';
import { sql as desk } from './0015_desk';

/** Every migration, in order. Append only. */
export const PG_MIGRATIONS: readonly Migration[] = [
  { id: 1, name: 'loan_book', sql: loanBook },
  { id: 2, name: 'customer_search', sql: customerSearch },
  { id: 3, name: 'origination', sql: origination },
  { id: 4, name: 'documents', sql: documents },
  { id: 5, name: 'servicing', sql: servicing },
  { id: 6, name: 'collections', sql: collections },
  { id: 7, name: 'eod', sql: eod },
  { id: 8, name: 'lpr', sql: lpr },
  { id: 9, name: 'queue', sql: queue },
  { id: 10, name: 'line_expiry', sql: lineExpiry },
  { id: 11, name: 'audit_principal', sql: auditPrincipal },
  { id: 12, name: 'money_bigint', sql: moneyBigint },
  { id: 13, name: 'request_keys', sql: requestKeys },
  { id: 14, name: 'eod_progress', sql: eodProgress },
  { id: 15, name: 'desk', sql: desk },
];

/** What one engine's book has that the other's has not (see DIALECT_ONLY). */
export interface DialectOnly {
  postgres: {
    tables: readonly string[];
    columns: Readonly<Record<string, readonly string[]>>;
    indexes: readonly string[];
    wider: Readonly<Record<string, readonly string[]>>;
    triggerTiming: Readonly<Record<string, 'BEFORE' | 'AFTER'>>;
  };
  sqlite: {
    tables: readonly string[];
    shadowTablesOf: readonly string[];
  };
}

/**
 * Where the two engines' schemas differ on purpose, and nowhere else: everything not named here is
 * the same table, column, constraint, index and trigger on both (test/integration/pg-schema.test.ts
 * compares them and names these).
 */
export const DIALECT_ONLY: DialectOnly = {
  postgres: {
    /**
     * The customer search index (0002): a table of (token, entry) rows here, FTS5's virtual table of
     * the same name on SQLite; the name is shared, the shape is not.
     */
    tables: ['customer_search'],
    /** customers.entry: the order of entry, the part SQLite's row number plays in the search. */
    columns: { customers: ['entry'] },
    indexes: ['customers_entry', 'customer_search_entry'],
    /** Declared BIGINT here, INTEGER on SQLite (whose integers are all 64-bit): values that may pass 2^31 (see 0001). */
    wider: { audit_log: ['id'], documents: ['size_bytes'] },
    /** Triggers that fire at another time than SQLite's, storing the same row (see 0009). */
    triggerTiming: { collection_cases_loan_copy: 'BEFORE' },
  },
  sqlite: {
    /** FTS5's virtual table (0002) and the shadow tables FTS5 keeps for it, named after it. */
    tables: ['customer_search'],
    shadowTablesOf: ['customer_search'],
  },
};
