/**
 * What origination needs from the book, in its own terms: products, applications with their events
 * and decisions, the application queue, black and white lists, scorecards, and what the book knows
 * about an applicant. Amounts are in fen as bigint. JSON columns (an application's facts and
 * assessment, a decision's detail, a product's required documents, a scorecard's model) pass as the
 * text origination wrote: it owns their shapes and parses them itself. The policy is a setting
 * (src/settings/store.ts). The store (src/db) is the only code that knows SQL.
 */

/** A product as the book keeps it; `productTerms` (service.ts) turns it into the terms the engine prices. */
export interface Product {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  method: string;
  frequency: string;
  minRate: string;
  maxRate: string;
  minTerm: number;
  maxTerm: number;
  /** In fen. */
  minAmount: bigint;
  /** In fen. */
  maxAmount: bigint;
  interestMode: string;
  dayCount: string;
  principalGrace: number;
  rounding: string;
  /** In fen. */
  paymentMultiple: bigint;
  decimals: number;
  upfrontFeeRate: string;
  upfrontFeeDeducted: boolean;
  /** In fen. */
  installmentFee: bigint;
  penaltyMarkup: string;
  allocationOrder: string;
  lineAllocation: string | null;
  /** JSON: the document kinds an application needs. */
  requiredDocuments: string;
  active: boolean;
}

/** A product a book is given (the standard catalogue); the rest takes the table's defaults, monthly. */
export interface NewProduct {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  method: string;
  minRate: string;
  maxRate: string;
  minTerm: number;
  maxTerm: number;
  minAmount: bigint;
  maxAmount: bigint;
  dayCount: string;
  lineAllocation: string | null;
  requiredDocuments: string;
  createdAt: string;
}

/** What an officer enters on an application, and may change while it is a draft or returned. */
export interface ApplicationFields {
  productId: string;
  /** In fen. */
  amount: bigint;
  term: number;
  purpose: string;
  monthlyIncome: bigint | null;
  monthlyDebt: bigint | null;
  employmentYears: number | null;
  bureauOverdue24m: number | null;
  bureauInquiries6m: number | null;
  bureauCurrentOverdue: number | null;
  /** JSON: the facts kept beside the columns the rules read (employer, notes). */
  facts: string;
}

/** A new application, taken as a draft. */
export interface NewApplication extends ApplicationFields {
  id: string;
  number: string;
  customerId: string;
  officerId: string | null;
  createdAt: string;
}

/** What submitting works out: the score, the offer, the assessment and who may approve it. */
export interface ApplicationAssessment {
  score: number;
  grade: string;
  pd: string;
  offeredRate: string | null;
  /** In fen. */
  offeredAmount: bigint | null;
  offeredTerm: number | null;
  /** JSON: the whole assessment. */
  assessment: string;
  /** JSON: why it went to manual review; null when it did not. */
  reviewReasons: string | null;
  requiredRole: string;
  rulesVersion: number;
  scorecardVersion: number;
}

export interface Application extends ApplicationFields {
  id: string;
  number: string;
  customerId: string;
  state: string;
  score: number | null;
  grade: string | null;
  pd: string | null;
  offeredRate: string | null;
  offeredAmount: bigint | null;
  offeredTerm: number | null;
  officerId: string | null;
  submittedBy: string | null;
  submittedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  assessment: string | null;
  reviewReasons: string | null;
  requiredRole: string | null;
  rulesVersion: number | null;
  scorecardVersion: number | null;
  createdAt: string;
  updatedAt: string;
}

/** A move of an application from one state to another (from null: taken). */
export interface ApplicationEvent {
  id: string;
  applicationId: string;
  at: string;
  userId: string | null;
  fromState: string | null;
  toState: string;
  note: string | null;
}

/** A rule result, score or decision on an application; no user when the engine made it. */
export interface Decision {
  id: string;
  applicationId: string;
  kind: string;
  outcome: string;
  /** JSON: what the decision rested on. */
  detail: string;
  userId: string | null;
  at: string;
}

/** An event or decision as the application page shows it, with the name of who made it. */
export type ApplicationEventEntry = Omit<ApplicationEvent, 'applicationId'> & { userName: string | null };
export type DecisionEntry = Omit<Decision, 'applicationId'> & { userName: string | null };

/** A document on file for an application, attached to it or to its customer. */
export interface ApplicationDocument {
  id: string;
  ownerType: string;
  kind: string;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: string;
}

/** The applications the desk's queue lists: open ones (or one state), by officer and by grade. */
export interface QueueFilter {
  /** A state, or 'open' for every state still awaiting work (OPEN_STATES). */
  state: string;
  officerId?: string | undefined;
  grade?: string | undefined;
  /** Only applications taken at or before this instant (days waiting). */
  waitedSince: string;
  /** The page starts after this key (created at, id); empty strings for the first page. */
  afterAt: string;
  afterId: string;
  limit: number;
}

export interface QueueItem {
  id: string;
  number: string;
  customerId: string;
  customerName: string;
  productId: string;
  /** In fen. */
  amount: bigint;
  term: number;
  state: string;
  score: number | null;
  grade: string | null;
  officerId: string | null;
  officerName: string | null;
  requiredRole: string | null;
  reviewReasons: string | null;
  submittedAt: string | null;
  createdAt: string;
}

export type ListName = 'black' | 'white';
export type ListKind = 'id_number' | 'phone' | 'credit_code';

/** A list entry an applicant matched. */
export interface ListHit {
  list: ListName;
  kind: ListKind;
  value: string;
  reason: string;
}

export interface ListEntry extends ListHit {
  id: string;
  addedAt: string;
  addedByName: string | null;
}

export interface NewListEntry extends ListHit {
  id: string;
  addedAt: string;
  addedBy: string | null;
}

/** The applicant's loans in the book: late now, ever bad (written off or non-performing), closed, all. */
export interface ApplicantLoans {
  late: number;
  bad: number;
  closed: number;
  loans: number;
}

export interface StoredScorecard {
  id: string;
  name: string;
  version: number;
  /** JSON: the scorecard model. */
  model: string;
  createdAt: string;
}

export interface ScorecardVersion {
  id: string;
  name: string;
  version: number;
  active: boolean;
  createdAt: string;
  createdByName: string | null;
}

export const OPEN_STATES = ['draft', 'submitted', 'screened', 'scored', 'review', 'returned', 'approved'] as const;
/** Open and awaiting a decision or a signature: what "another open application" means. */
export const PENDING_STATES = ['submitted', 'screened', 'scored', 'review', 'returned', 'approved', 'signed'] as const;

export interface ApplicationStore {
  /** Active products, by code (at most 200). */
  products(): Promise<Product[]>;
  productById(id: string): Promise<Product | undefined>;
  /** Adds a product unless the book has one with its id. */
  insertProduct(product: NewProduct): Promise<void>;

  insert(application: NewApplication): Promise<void>;
  update(id: string, fields: ApplicationFields, at: string): Promise<void>;
  /** The highest application number under `prefix` (a day's numbers), or null. */
  lastNumber(prefix: string): Promise<string | null>;
  byId(id: string): Promise<Application | undefined>;
  /** Moves the state on only from `from`; false when someone else moved it first. */
  setState(id: string, from: string, to: string, at: string): Promise<boolean>;
  submitted(id: string, userId: string, at: string): Promise<void>;
  saveAssessment(id: string, assessment: ApplicationAssessment, at: string): Promise<void>;
  decided(id: string, userId: string | null, at: string): Promise<void>;
  insertEvent(event: ApplicationEvent): Promise<void>;
  insertDecision(decision: Decision): Promise<void>;
  /** An application's events and decisions in the order they were made (at most 200 each). */
  events(applicationId: string): Promise<ApplicationEventEntry[]>;
  decisions(applicationId: string): Promise<DecisionEntry[]>;
  /** Documents attached to the application or to its customer, newest first (at most 100). */
  documents(applicationId: string, customerId: string): Promise<ApplicationDocument[]>;
  /** A user's display name; null for no user or one the book does not have. */
  userName(id: string | null): Promise<string | null>;
  /** The queue, oldest first, one page. */
  queue(filter: QueueFilter): Promise<QueueItem[]>;

  /** Entries still on a list for the applicant's ID number, phone or credit code (at most 10). */
  listHits(idNumber: string | null, phone: string | null, creditCode: string | null): Promise<ListHit[]>;
  /** Entries still on a list, newest first, before the key (added at, id). */
  listPage(beforeAt: string, beforeId: string, limit: number): Promise<ListEntry[]>;
  listByValue(kind: string, value: string): Promise<ListEntry[]>;
  listInsert(entry: NewListEntry): Promise<void>;
  /** Marks an entry removed; false when there is no such entry still on its list. */
  listRemove(id: string, at: string): Promise<boolean>;

  loanStates(customerId: string, businessDate: string): Promise<ApplicantLoans>;
  /** The number of another of the customer's applications still pending, or null. */
  openApplication(customerId: string, exceptId: string): Promise<string | null>;

  /** The scorecard in force, if one was imported. */
  activeScorecard(): Promise<StoredScorecard | undefined>;
  /** Imported scorecards, newest first (at most 100). */
  scorecards(): Promise<ScorecardVersion[]>;
  scorecardExists(name: string, version: number): Promise<boolean>;
  /** Stores a scorecard, not yet in force. */
  insertScorecard(card: { id: string; name: string; version: number; model: string; at: string; userId: string | null }): Promise<void>;
  /** Puts a scorecard in force, and takes the one in force out. */
  activateScorecard(id: string): Promise<void>;
}
