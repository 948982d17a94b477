/** SQL for customers, their contacts and documents; the search index is the dialect's (sqlite/ or postgres/customerSearch.ts). */
import type { Selectable } from 'kysely';
import { engineOf, type Q } from '../kysely';
import type { BookSchema } from '../schema';
import type { Customer, CustomerFields, CustomerStore, StoredDocument } from '../../customers/store';
import { customerSearch as sqliteSearch } from '../sqlite/customerSearch';
import { customerSearch as postgresSearch } from '../postgres/customerSearch';

/** The queries behind the customer store, as built statements (the plan test reads them). */
export const customerQueries = {
  byId: (q: Q, id: string) => q.selectFrom('customers').selectAll().where('id', '=', id),
  byIdNumber: (q: Q, idNumber: string) => q.selectFrom('customers').selectAll().where('id_number', '=', idNumber),
  byCreditCode: (q: Q, code: string) => q.selectFrom('customers').selectAll().where('credit_code', '=', code),
  contacts: (q: Q, customerId: string) =>
    q.selectFrom('customer_contacts').select(['id', 'name', 'relation', 'phone']).where('customer_id', '=', customerId).orderBy('created_at').limit(50),
  loans: (q: Q, customerId: string) =>
    q
      .selectFrom('loans')
      .select(['id', 'number', 'principal', 'annual_rate', 'term', 'method', 'disbursement_date', 'maturity_date', 'status', 'outstanding_principal', 'oldest_unpaid_due_date', 'five_category'])
      .where('customer_id', '=', customerId)
      .orderBy('disbursement_date', 'desc')
      .limit(100),
  applications: (q: Q, customerId: string) =>
    q
      .selectFrom('applications')
      .select(['id', 'number', 'amount', 'term', 'purpose', 'state', 'grade', 'created_at'])
      .where('customer_id', '=', customerId)
      .orderBy('created_at', 'desc')
      .limit(100),
  documents: (q: Q, customerId: string) =>
    q.selectFrom('documents').selectAll().where('owner_type', '=', 'customer').where('owner_id', '=', customerId).orderBy('uploaded_at', 'desc').limit(100),
  documentById: (q: Q, id: string) => q.selectFrom('documents').selectAll().where('id', '=', id),
};

type CustomerTableRow = Selectable<BookSchema['customers']>;
type DocumentTableRow = Selectable<BookSchema['documents']>;

const toCustomer = (r: CustomerTableRow): Customer => ({
  id: r.id,
  kind: r.kind as Customer['kind'],
  name: r.name,
  idNumber: r.id_number,
  creditCode: r.credit_code,
  phone: r.phone,
  address: r.address,
  employer: r.employer,
  monthlyIncome: r.monthly_income,
  birthDate: r.birth_date,
  gender: r.gender as Customer['gender'],
  legalRepresentative: r.legal_representative,
  annualRevenue: r.annual_revenue,
  yearsInBusiness: r.years_in_business,
  creditCodeOverride: r.credit_code_override,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  createdBy: r.created_by,
});

const toDocument = (r: DocumentTableRow): StoredDocument => ({
  id: r.id,
  ownerType: r.owner_type,
  ownerId: r.owner_id,
  kind: r.kind,
  fileName: r.file_name,
  mimeType: r.mime_type,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  uploadedAt: r.uploaded_at,
  uploadedBy: r.uploaded_by,
});

const columnsOf = (f: Omit<CustomerFields, 'kind'>) => ({
  name: f.name,
  id_number: f.idNumber,
  credit_code: f.creditCode,
  phone: f.phone,
  address: f.address,
  employer: f.employer,
  monthly_income: f.monthlyIncome,
  birth_date: f.birthDate,
  gender: f.gender,
  legal_representative: f.legalRepresentative,
  annual_revenue: f.annualRevenue,
  years_in_business: f.yearsInBusiness,
  credit_code_override: f.creditCodeOverride,
});

/** Customers on the book behind `q` (the book, or a unit of work's transaction). */
export function customerStore(q: Q): CustomerStore {
  const search = engineOf(q) === 'postgres' ? postgresSearch(q) : sqliteSearch(q);
  return {
    async insert(c, tokens) {
      await q
        .insertInto('customers')
        .values({ id: c.id, kind: c.kind, ...columnsOf(c), created_at: c.createdAt, updated_at: c.updatedAt, created_by: c.createdBy })
        .execute();
      await search.index(c.id, tokens);
    },
    async update(id, fields, updatedAt, tokens) {
      await q.updateTable('customers').set({ ...columnsOf(fields), updated_at: updatedAt }).where('id', '=', id).execute();
      await search.reindex(id, tokens);
    },
    byId: async (id) => {
      const r = await customerQueries.byId(q, id).executeTakeFirst();
      return r && toCustomer(r);
    },
    byIdNumber: async (idNumber) => {
      const r = await customerQueries.byIdNumber(q, idNumber).executeTakeFirst();
      return r && toCustomer(r);
    },
    byCreditCode: async (code) => {
      const r = await customerQueries.byCreditCode(q, code).executeTakeFirst();
      return r && toCustomer(r);
    },
    page: search.page,
    search: search.search,
    contacts: (customerId) => customerQueries.contacts(q, customerId).execute(),
    loans: async (customerId) =>
      (await customerQueries.loans(q, customerId).execute()).map((l) => ({
        id: l.id,
        number: l.number,
        principal: l.principal,
        annualRate: l.annual_rate,
        term: l.term,
        method: l.method,
        disbursementDate: l.disbursement_date,
        maturityDate: l.maturity_date,
        status: l.status,
        outstandingPrincipal: l.outstanding_principal,
        oldestUnpaidDueDate: l.oldest_unpaid_due_date,
        fiveCategory: l.five_category,
      })),
    applications: async (customerId) =>
      (await customerQueries.applications(q, customerId).execute()).map((a) => ({
        id: a.id,
        number: a.number,
        amount: a.amount,
        term: a.term,
        purpose: a.purpose,
        state: a.state,
        grade: a.grade,
        createdAt: a.created_at,
      })),
    documents: async (customerId) => (await customerQueries.documents(q, customerId).execute()).map(toDocument),
    async insertDocument(d) {
      await q
        .insertInto('documents')
        .values({
          id: d.id,
          owner_type: d.ownerType,
          owner_id: d.ownerId,
          kind: d.kind,
          file_name: d.fileName,
          mime_type: d.mimeType,
          size_bytes: d.sizeBytes,
          sha256: d.sha256,
          uploaded_at: d.uploadedAt,
          uploaded_by: d.uploadedBy,
        })
        .execute();
    },
    documentById: async (id) => {
      const r = await customerQueries.documentById(q, id).executeTakeFirst();
      return r && toDocument(r);
    },
  };
}
