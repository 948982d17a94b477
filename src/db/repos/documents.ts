/** SQL for issued documents and the loan facts documents print. */
import type { Q } from '../kysely';
import { settingsStore } from './settings';
import { noticeStore } from './notices';
import type { DocumentStore } from '../../documents/store';
import type { DocumentStores } from '../../documents/content';
import { customerStore } from './customers';
import { lprStore } from './lpr';
import { servicingStore } from './servicing';
import { applicationStore } from './applications';

export type { IssuedRow, LoanRow } from '../../documents/store';

/** Issued documents and the loan facts documents print, on the book behind `q`. */
export const documentStore = (q: Q): DocumentStore => ({
  latestContent: async (ownerType, ownerId, type) =>
    (
      await q
        .selectFrom('issued_documents')
        .select('content')
        .where('owner_type', '=', ownerType)
        .where('owner_id', '=', ownerId)
        .where('type', '=', type)
        // Copies issued in the same instant come in the order of their ids (made increasing).
        .orderBy('issued_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst()
    )?.content ?? null,
  sameContent: (ownerType, ownerId, type, lang, hash) =>
    q
      .selectFrom('issued_documents as i')
      .innerJoin('documents as d', 'd.id', 'i.document_id')
      .select(['i.id', 'i.document_id', 'i.number', 'i.content_hash', 'd.sha256', 'd.size_bytes'])
      .where('i.owner_type', '=', ownerType)
      .where('i.owner_id', '=', ownerId)
      .where('i.type', '=', type)
      .where('i.lang', '=', lang)
      .where('i.content_hash', '=', hash)
      .orderBy('i.issued_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
  async insertIssued(issued) {
    await q.insertInto('issued_documents').values(issued).execute();
  },
  issuedFor: (ownerType, ownerId) =>
    q
      .selectFrom('issued_documents as i')
      .innerJoin('documents as d', 'd.id', 'i.document_id')
      .leftJoin('users as u', 'u.id', 'i.issued_by')
      .select(['i.id', 'i.document_id', 'i.type', 'i.number', 'i.lang', 'i.owner_type', 'i.owner_id', 'i.content_hash', 'i.issued_at', 'u.display_name as issued_by_name', 'd.sha256', 'd.size_bytes'])
      .where('i.owner_type', '=', ownerType)
      .where('i.owner_id', '=', ownerId)
      .orderBy('i.issued_at', 'desc')
      .orderBy('i.id', 'desc')
      .limit(100)
      .execute(),
  loan: (id) =>
    q
      .selectFrom('loans as l')
      .innerJoin('products as p', 'p.id', 'l.product_id')
      .leftJoin('applications as a', 'a.id', 'l.application_id')
      .select([
        'l.id', 'l.number', 'l.customer_id', 'l.application_id', 'l.method', 'l.principal', 'l.annual_rate', 'l.term', 'l.frequency', 'l.day_count',
        'l.disbursement_date', 'l.first_due_date', 'l.maturity_date', 'l.amount_received', 'l.credit_limit', 'l.status', 'l.outstanding_principal',
        'l.oldest_unpaid_due_date', 'p.name_zh as product_name', 'p.penalty_markup', 'p.line_allocation', 'p.rounding', 'p.decimals', 'a.purpose',
      ])
      .where('l.id', '=', id)
      .executeTakeFirst(),
  // The same rows the ledger reads.
  installments: (loanId) => servicingStore(q).installments(loanId),
});

/** Every store a document reads, on the book behind `q`. */
export const documentStores = (q: Q): DocumentStores => ({
  customers: customerStore(q),
  lpr: lprStore(q),
  documents: documentStore(q),
  settings: settingsStore(q),
  notices: noticeStore(q),
  ledger: servicingStore(q),
  applications: applicationStore(q),
});
