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
  /** The computer the call came from, where the transport knows it. */
  desk?: string | null;
}

export interface AuditStore {
  /** The book's business date, or null on a book that has none yet. */
  businessDate(): Promise<string | null>;
  insert(entry: AuditEntry): Promise<void>;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: string;
  passwordHash: string;
  passwordSalt: string;
  failedAttempts: number;
  lockedUntil: string | null;
  active: boolean;
  createdAt: string;
}

/** A session with the user it belongs to. */
export interface Session {
  id: string;
  userId: string;
  lastSeenAt: string;
  endedAt: string | null;
  username: string;
  displayName: string;
  role: string;
  /** Whether the user may still sign in. */
  active: boolean;
}

export interface IdentityStore {
  countUsers(): Promise<number>;
  userByUsername(username: string): Promise<User | undefined>;
  insertUser(user: Omit<User, 'failedAttempts' | 'lockedUntil' | 'active'>): Promise<void>;
  recordFailure(userId: string, lockedUntil: string | null, now: string): Promise<void>;
  recordSuccess(userId: string, now: string): Promise<void>;
  /** Users by name, a page at a time. */
  listUsers(limit: number, offset: number): Promise<User[]>;
  /** `desk`: the computer the session was opened at, where the transport knows it. */
  insertSession(id: string, tokenHash: string, userId: string, now: string, desk?: string | null): Promise<void>;
  sessionByToken(tokenHash: string): Promise<Session | undefined>;
  touchSession(id: string, now: string): Promise<void>;
  endSession(id: string, now: string): Promise<void>;
  /** The book's business date, or null on a book that has none yet. */
  businessDate(): Promise<string | null>;
  /** Sets a role's names and permissions as the code's matrix has them. */
  syncRole(id: string, zh: string, en: string, permissions: readonly string[]): Promise<void>;
  /** Gives a new book its first business date; a book that has one keeps it. */
  startBusinessDate(date: string): Promise<void>;
}
