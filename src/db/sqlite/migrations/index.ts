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

export interface Migration {
  id: number;
  name: string;
  sql: string;
  /**
   * 'schema-text': the SQL rewrites declared text in sqlite_schema without touching stored rows
   * (SQLite's documented procedure for such changes: writable_schema on, schema_version bumped).
   */
  kind?: 'schema-text';
}

/** Every migration, in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [
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
  { id: 12, name: 'money_bigint', sql: moneyBigint, kind: 'schema-text' },
  { id: 13, name: 'request_keys', sql: requestKeys },
  { id: 14, name: 'eod_progress', sql: eodProgress },
  { id: 15, name: 'desk', sql: desk },
];
