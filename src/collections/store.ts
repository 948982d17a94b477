/**
 * What the collections module reads and writes on the book, in its own terms: cases with their
 * loan and borrower, the case history, the contact log, planned contacts, promises to pay, the
 * borrower's consent to out-of-hours contact, the listed contacts, the staff a case may go to, and
 * the priority queue a page at a time (amounts in fen as bigint). The store (src/db) is the only
 * code that knows SQL or which engine it is on; the end-of-day close keeps its set-based statements
 * there too (src/db/sqlite/collections.ts).
 */
import type { Contact } from '../customers/store';
import type { PriorityWeights } from '../rules/lending';

export type { Contact } from '../customers/store';

export type CaseStatus = 'open' | 'legal' | 'closed';
export type PromiseStatus = 'pending' | 'kept' | 'broken';

/** A case with its loan and borrower: what the case page shows and the checks read. */
export interface CollectionCase {
  id: string;
  loanId: string;
  openedDate: string;
  closedDate: string | null;
  status: CaseStatus;
  assignedTo: string | null;
  assignedName: string | null;
  ladderStep: string | null;
  lastContactAt: string | null;
  loanNumber: string;
  loanStatus: string;
  customerId: string;
  customerName: string;
  customerPhone: string | null;
  productName: string;
  productNameEn: string;
  /** In fen. */
  principal: bigint;
  /** In fen. */
  outstandingPrincipal: bigint;
  oldestUnpaidDueDate: string | null;
  fiveCategory: string;
  maturityDate: string;
}

/** The loan a case is opened for. */
export interface CaseLoan {
  id: string;
  number: string;
  status: string;
  customerId: string;
  /** In fen. */
  outstandingPrincipal: bigint;
  oldestUnpaidDueDate: string | null;
}

export interface NewCase {
  id: string;
  loanId: string;
  openedDate: string;
  assignedTo: string | null;
  ladderStep: string | null;
}

/** A row of a case's history as written (opened, assigned, escalated, closed). */
export interface NewCaseEvent {
  id: string;
  caseId: string;
  at: string;
  businessDate: string;
  userId: string | null;
  kind: string;
  fromUser?: string | null;
  toUser?: string | null;
  reason?: string | null;
}

/** A row of a case's history with the names of who did it and who it moved between. */
export interface CaseEvent {
  id: string;
  at: string;
  businessDate: string;
  kind: string;
  reason: string | null;
  userId: string | null;
  userName: string | null;
  fromName: string | null;
  toName: string | null;
}

/** A contact logged on a case: a call, SMS, letter, visit or note. */
export interface ContactAction {
  id: string;
  at: string;
  /** The debtor's local time it happened (older rows have none). */
  localTime: string | null;
  recordedAt: string | null;
  userId: string | null;
  userName: string | null;
  channel: string;
  party: string;
  connected: boolean;
  outcome: string;
  note: string | null;
  contactName: string | null;
  contactRelation: string | null;
  scriptAcknowledged: boolean;
  scheduledId: string | null;
  issuedDocumentId: string | null;
}

export interface NewContactAction extends Omit<ContactAction, 'userName'> {
  caseId: string;
  contactId: string | null;
}

/** A call or visit to a debtor, as the reachability rule reads it. */
export interface Attempt {
  at: string;
  localTime: string | null;
  connected: boolean;
}

/** The borrower's consent to out-of-hours contact on file. */
export interface Consent {
  id: string;
  givenDate: string;
  how: string;
  recordedAt: string;
  recordedByName: string | null;
}

export interface NewConsent {
  id: string;
  customerId: string;
  givenDate: string;
  how: string;
  recordedAt: string;
  recordedBy: string | null;
}

/** Someone a case may be given to. */
export interface CaseUser {
  id: string;
  role: string;
  active: boolean;
  displayName: string;
}

/** A document issued for a case or a loan, as a letter logged on the case names it. */
export interface IssuedDocumentRef {
  id: string;
  type: string;
  ownerType: string;
  ownerId: string;
}

/** A contact planned for a time. */
export interface PlannedContact {
  id: string;
  plannedAt: string;
  localTime: string;
  channel: string;
  party: string;
  contactId: string | null;
  assignedTo: string | null;
  assignedName: string | null;
  note: string | null;
  /** The contact logged that carried it out, once one has. */
  doneActionId: string | null;
}

export interface NewPlannedContact extends Omit<PlannedContact, 'assignedName' | 'doneActionId'> {
  caseId: string;
  createdAt: string;
  createdBy: string | null;
}

export interface PromiseToPay {
  id: string;
  caseId: string;
  promisedDate: string;
  /** In fen. */
  amount: bigint;
  status: PromiseStatus;
  createdAt: string;
  /** The business date it was taken (older rows have only the instant). */
  createdDate: string | null;
  createdByName: string | null;
  decidedDate: string | null;
  /** What the loan was paid, in fen, when it was decided. */
  paidAmount: bigint | null;
  note: string | null;
}

export interface NewPromise {
  id: string;
  caseId: string;
  promisedDate: string;
  /** In fen. */
  amount: bigint;
  createdAt: string;
  createdBy: string | null;
  createdDate: string;
  note: string | null;
}

/** Which cases a queue page ranks, and where it starts. */
export interface QueueQuery {
  businessDate: string;
  /** The case statuses in the queue (open, legal or both). */
  statuses: readonly CaseStatus[];
  /** Every collector's cases, one collector's, or those no one has. */
  assigned: { to: 'anyone' } | { to: 'nobody' } | { to: 'user'; userId: string };
  /** Only loans with nothing late (bucket 'current'). */
  currentOnly: boolean;
  /** The oldest unpaid due date within these bounds (a bucket's), when set. */
  oldestFrom: string | null;
  oldestTo: string | null;
  /** The state of the case's latest promise ('none': it has had none). */
  promise: PromiseStatus | 'none' | null;
  weights: PriorityWeights;
  /** The last row of the previous page, ranked after which this page starts. */
  after: { priority: number; id: string } | null;
  limit: number;
}

/** A case as the queue ranks it. */
export interface QueueItem {
  id: string;
  loanId: string;
  status: string;
  assignedTo: string | null;
  assignedName: string | null;
  openedDate: string;
  ladderStep: string | null;
  lastContactAt: string | null;
  loanNumber: string;
  customerId: string;
  customerName: string;
  /** In fen. */
  outstandingPrincipal: bigint;
  oldestUnpaidDueDate: string | null;
  fiveCategory: string;
  daysPastDue: number;
  brokenPromises: number;
  latestPromise: PromiseStatus | null;
  pendingPromiseDate: string | null;
  daysSinceContact: number;
  priority: number;
}

export interface CollectionStore {
  caseById(id: string): Promise<CollectionCase | undefined>;
  /** The loan's newest case that is not closed, if any. */
  openCaseOfLoan(loanId: string): Promise<string | null>;
  loan(id: string): Promise<CaseLoan | undefined>;
  insertCase(kase: NewCase): Promise<void>;
  /** Gives a case that is not closed to someone (or no one); false when none was changed. */
  setAssigned(caseId: string, assignedTo: string | null): Promise<boolean>;
  /** Hands an open case to legal; false when it was not open. */
  setLegal(caseId: string): Promise<boolean>;
  /** Closes a case that is not closed yet; false when none was changed. */
  close(caseId: string, date: string): Promise<boolean>;
  /** Moves the case's last contact forward to `at` (never back). */
  touchContact(caseId: string, at: string): Promise<void>;
  insertEvent(event: NewCaseEvent): Promise<void>;
  /** The case's history, oldest first (at most 200 rows). */
  events(caseId: string): Promise<CaseEvent[]>;
  /** The case's contact log, newest first (at most 200 rows). */
  actions(caseId: string): Promise<ContactAction[]>;
  insertAction(action: NewContactAction): Promise<void>;
  /** Connected calls to the debtor in [from, to), over all their loans' cases and all staff. */
  connectedCalls(customerId: string, from: string, to: string): Promise<number>;
  /** The debtor's last `n` calls and visits, newest first. */
  lastAttempts(customerId: string, n: number): Promise<Attempt[]>;
  /** The consent in force on a day (given by then, not withdrawn), the latest if several. */
  consent(customerId: string, date: string): Promise<Consent | undefined>;
  insertConsent(consent: NewConsent): Promise<void>;
  /** Withdraws every consent in force; how many there were. */
  withdrawConsent(customerId: string, at: string, userId: string | null): Promise<number>;
  /** One of the borrower's listed contacts. */
  contact(id: string, customerId: string): Promise<Contact | undefined>;
  /** The borrower's listed contacts (at most 50), in the order entered. */
  contacts(customerId: string): Promise<Contact[]>;
  user(id: string): Promise<CaseUser | undefined>;
  issued(id: string): Promise<IssuedDocumentRef | undefined>;
  insertSchedule(planned: NewPlannedContact): Promise<void>;
  /** The case's planned contacts, latest first (at most 100). */
  schedule(caseId: string): Promise<PlannedContact[]>;
  scheduleById(id: string): Promise<{ id: string; caseId: string; doneActionId: string | null } | undefined>;
  /** Marks a planned contact done by a logged one; false when it already was. */
  scheduleDone(id: string, actionId: string): Promise<boolean>;
  /** The case's promises, newest first (at most 100). */
  promises(caseId: string): Promise<PromiseToPay[]>;
  /** The case's promise still to be decided, if any (there is at most one). */
  pendingPromise(caseId: string): Promise<{ id: string; promisedDate: string } | undefined>;
  insertPromise(promise: NewPromise): Promise<void>;
  /** One keyset page of the priority queue: highest priority first, then by case id. */
  queue(query: QueueQuery): Promise<QueueItem[]>;
}
