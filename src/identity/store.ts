/**
 * What the identity module needs from the book, in its own terms. The store behind it (src/db) is
 * the only code that knows SQL; a unit of work's transaction or the book itself is handed in.
 */

/** One audit row as the dispatcher writes it. */
export interface AuditEntry {
  at: string;
  businessDate: string | null;
  userId: string | null;
  /** Who acted, in words: "user wang", "command line, OS user li". */
  principal: string;
  method: string;
  entityType: string | null;
  entityId: string | null;
  summary: string;
}

export interface AuditStore {
  /** The book's business date, or null on a book that has none yet. */
  businessDate(): Promise<string | null>;
  insert(entry: AuditEntry): Promise<void>;
}
