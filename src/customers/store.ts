/**
 * What the customers module needs from the book, in its own terms: customers as the engine knows
 * them (amounts in fen as bigint), their contacts, loans, applications and documents, and the
 * search index. The store (src/db) is the only code that knows SQL or which engine it is on.
 */

export interface Customer {
  id: string;
  kind: 'individual' | 'business';
  name: string;
  idNumber: string | null;
  creditCode: string | null;
  phone: string | null;
  address: string | null;
  employer: string | null;
  /** In fen. */
  monthlyIncome: bigint | null;
  birthDate: string | null;
  gender: 'M' | 'F' | null;
  legalRepresentative: string | null;
  /** In fen. */
  annualRevenue: bigint | null;
  yearsInBusiness: number | null;
  creditCodeOverride: string | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
}

/** What a customer's record holds as entered (the rest the store and the clock fill in). */
export type CustomerFields = Omit<Customer, 'id' | 'createdAt' | 'updatedAt' | 'createdBy'>;

/** A customer in a list: enough to pick the right one, and where the page goes on from. */
export interface CustomerListItem {
  id: string;
  kind: 'individual' | 'business';
  name: string;
  idNumber: string | null;
  creditCode: string | null;
  phone: string | null;
  createdAt: string;
  /** Position in the book's order of entry, newest highest: the next page starts below it. */
  cursor: number;
}

/**
 * A search as the engine plans it from what the officer typed: index tokens to look up (each
 * exactly, or as a prefix), any or all of them, and text the name must contain.
 */
export interface SearchQuery {
  terms: { token: string; prefix: boolean }[];
  join: 'any' | 'all';
  /** When set, the name must contain this text (a query longer than one pair of characters). */
  nameContains?: string;
}

export interface CustomerLoan {
  id: string;
  number: string;
  principal: bigint;
  annualRate: string;
  term: number;
  method: string;
  disbursementDate: string;
  maturityDate: string;
  status: string;
  outstandingPrincipal: bigint;
  oldestUnpaidDueDate: string | null;
  fiveCategory: string;
}

export interface CustomerApplication {
  id: string;
  number: string;
  amount: bigint;
  term: number;
  purpose: string;
  state: string;
  grade: string | null;
  createdAt: string;
}

export interface StoredDocument {
  id: string;
  ownerType: string;
  ownerId: string;
  kind: string;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: string;
  uploadedBy: string | null;
}

export interface Contact {
  id: string;
  name: string;
  relation: string;
  phone: string | null;
}

export interface CustomerStore {
  /** Adds a customer and its search tokens. */
  insert(customer: Customer, tokens: readonly string[]): Promise<void>;
  /** Changes what was entered, and the search tokens with it. */
  update(id: string, fields: Omit<CustomerFields, 'kind'>, updatedAt: string, tokens: readonly string[]): Promise<void>;
  byId(id: string): Promise<Customer | undefined>;
  byIdNumber(idNumber: string): Promise<Customer | undefined>;
  byCreditCode(code: string): Promise<Customer | undefined>;
  /** Newest first, below `before` (a list item's cursor) when given. */
  page(before: number | null, limit: number): Promise<CustomerListItem[]>;
  search(query: SearchQuery, before: number | null, limit: number): Promise<CustomerListItem[]>;
  contacts(customerId: string): Promise<Contact[]>;
  /** The customer's latest loans and applications (at most 100 each), newest first. */
  loans(customerId: string): Promise<CustomerLoan[]>;
  applications(customerId: string): Promise<CustomerApplication[]>;
  /** Documents attached to the customer (at most 100), newest first. */
  documents(customerId: string): Promise<StoredDocument[]>;
  insertDocument(document: StoredDocument): Promise<void>;
  documentById(id: string): Promise<StoredDocument | undefined>;
}
