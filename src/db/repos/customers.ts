/** SQL for customers, their contacts and documents, and the customer search index. */
import type { Db } from '../connection';
import { prepared } from '../statements';

export interface CustomerRow {
  rowid: number;
  id: string;
  kind: 'individual' | 'business';
  name: string;
  id_number: string | null;
  credit_code: string | null;
  phone: string | null;
  address: string | null;
  employer: string | null;
  monthly_income: bigint | null;
  birth_date: string | null;
  gender: 'M' | 'F' | null;
  legal_representative: string | null;
  annual_revenue: bigint | null;
  years_in_business: number | null;
  credit_code_override: string | null;
  created_at: string;
  updated_at: string;
  created_by: string | null;
}

export type CustomerListRow = Pick<CustomerRow, 'rowid' | 'id' | 'kind' | 'name' | 'id_number' | 'credit_code' | 'phone' | 'created_at'>;

const LIST_COLUMNS = 'c.rowid AS rowid, c.id, c.kind, c.name, c.id_number, c.credit_code, c.phone, c.created_at';

export const CUSTOMER_SQL = {
  insert: `INSERT INTO customers (id, kind, name, id_number, credit_code, phone, address, employer, monthly_income, birth_date, gender,
      legal_representative, annual_revenue, years_in_business, credit_code_override, created_at, updated_at, created_by)
    VALUES (@id, @kind, @name, @id_number, @credit_code, @phone, @address, @employer, @monthly_income, @birth_date, @gender,
      @legal_representative, @annual_revenue, @years_in_business, @credit_code_override, @created_at, @created_at, @created_by)`,
  update: `UPDATE customers SET name = @name, id_number = @id_number, credit_code = @credit_code, phone = @phone, address = @address,
      employer = @employer, monthly_income = @monthly_income, birth_date = @birth_date, gender = @gender,
      legal_representative = @legal_representative, annual_revenue = @annual_revenue, years_in_business = @years_in_business,
      credit_code_override = @credit_code_override, updated_at = @updated_at
    WHERE id = @id`,
  // SQLite dialect: the FTS5 search index, keyed by the customer's rowid.
  indexInsert: `INSERT INTO customer_search (rowid, tokens) VALUES (?, ?)`,
  indexDelete: `DELETE FROM customer_search WHERE rowid = ?`,
  byId: `SELECT rowid, * FROM customers WHERE id = ?`,
  byIdNumber: `SELECT rowid, * FROM customers WHERE id_number = ?`,
  byCreditCode: `SELECT rowid, * FROM customers WHERE credit_code = ?`,
  page: `SELECT ${LIST_COLUMNS} FROM customers c WHERE c.rowid < ? ORDER BY c.rowid DESC LIMIT ?`,
  search: `SELECT ${LIST_COLUMNS} FROM customer_search s JOIN customers c ON c.rowid = s.rowid
    WHERE customer_search MATCH @match AND s.rowid < @before AND (@contains IS NULL OR instr(c.name, @contains) > 0)
    ORDER BY s.rowid DESC LIMIT @limit`,
  contacts: `SELECT id, name, relation, phone, created_at FROM customer_contacts WHERE customer_id = ? ORDER BY created_at LIMIT 50`,
  loans: `SELECT id, number, principal, annual_rate, term, method, disbursement_date, maturity_date, status, outstanding_principal,
      oldest_unpaid_due_date, five_category
    FROM loans WHERE customer_id = ? ORDER BY disbursement_date DESC LIMIT 100`,
  applications: `SELECT id, number, amount, term, purpose, state, grade, created_at FROM applications WHERE customer_id = ? ORDER BY created_at DESC LIMIT 100`,
  documents: `SELECT id, kind, file_name, mime_type, size_bytes, sha256, uploaded_at FROM documents
    WHERE owner_type = 'customer' AND owner_id = ? ORDER BY uploaded_at DESC LIMIT 100`,
  insertDocument: `INSERT INTO documents (id, owner_type, owner_id, kind, file_name, mime_type, size_bytes, sha256, uploaded_at, uploaded_by)
    VALUES (@id, @owner_type, @owner_id, @kind, @file_name, @mime_type, @size_bytes, @sha256, @uploaded_at, @uploaded_by)`,
  documentById: `SELECT * FROM documents WHERE id = ?`,
} as const;

export type NewCustomerRow = Omit<CustomerRow, 'rowid' | 'updated_at'>;

export function customerRepo(db: Db) {
  const s = prepared(db, CUSTOMER_SQL);
  return {
    insert(row: NewCustomerRow, tokens: string): number {
      const info = s.insert.run(row);
      const rowid = Number(info.lastInsertRowid);
      s.indexInsert.run(rowid, tokens);
      return rowid;
    },
    update(row: Omit<NewCustomerRow, 'kind' | 'created_at' | 'created_by'> & { updated_at: string }, rowid: number, tokens: string): void {
      s.update.run(row);
      s.indexDelete.run(rowid);
      s.indexInsert.run(rowid, tokens);
    },
    byId: (id: string) => s.byId.get(id) as CustomerRow | undefined,
    byIdNumber: (idNumber: string) => s.byIdNumber.get(idNumber) as CustomerRow | undefined,
    byCreditCode: (code: string) => s.byCreditCode.get(code) as CustomerRow | undefined,
    // The first page starts below the largest rowid, so every page is a keyed range read.
    page: (before: number | null, limit: number) => s.page.all(before ?? Number.MAX_SAFE_INTEGER, limit) as CustomerListRow[],
    search: (match: string, contains: string | null, before: number | null, limit: number) =>
      s.search.all({ match, contains, before: before ?? Number.MAX_SAFE_INTEGER, limit }) as CustomerListRow[],
    contacts: (id: string) => s.contacts.all(id) as { id: string; name: string; relation: string; phone: string | null; created_at: string }[],
    loans: (id: string) => s.loans.all(id) as Record<string, unknown>[],
    applications: (id: string) => s.applications.all(id) as Record<string, unknown>[],
    documents: (id: string) => s.documents.all(id) as Record<string, unknown>[],
    insertDocument: (row: Record<string, unknown>) => void s.insertDocument.run(row),
    documentById: (id: string) => s.documentById.get(id) as Record<string, unknown> | undefined,
  };
}
