/**
 * 0004 (PostgreSQL): issued documents, as SQLite's 0004: each contract, schedule, disclosure, receipt
 * or notice the desk issues, with its file, number, language, content hash and content, so a paper
 * copy can be matched to the book and re-issued byte for byte. The SQL is SQLite's, word for word.
 * Shipped once released: never edit.
 */
export const sql = `
CREATE TABLE issued_documents (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id),
  type TEXT NOT NULL CHECK (type IN ('contract', 'schedule', 'disclosure', 'receipt', 'notice', 'demand', 'notices')),
  number TEXT NOT NULL,
  lang TEXT NOT NULL CHECK (lang IN ('zh-CN', 'en')),
  owner_type TEXT NOT NULL CHECK (owner_type IN ('application', 'loan', 'case', 'transaction', 'batch')),
  owner_id TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  content TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  issued_by TEXT REFERENCES users(id)
);
CREATE INDEX issued_documents_owner ON issued_documents(owner_type, owner_id, type, issued_at);
CREATE INDEX issued_documents_number ON issued_documents(number);
`;
