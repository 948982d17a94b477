/**
 * Issuing documents: the content is gathered from the book, hashed, rendered to PDF, and the file
 * kept beside the book by its hash with a record of what it is, whose, and who issued it. Issuing
 * the same content in the same language again returns the document already issued (the bytes would
 * be the same), so printing twice does not fill the book with copies.
 */
import { SuanpanError, type Lang } from '../errors';
import type { IdSource } from '../ids';
import type { DocumentStore } from './store';
import type { ApplicationStore } from '../origination/store';
import { storeDocument } from '../customers/service';
import type { CustomerStore } from '../customers/store';
import type { DocumentStores } from './content';
import { applicationContent, loanContent } from './content';
import { contractPdf, disclosurePdf, schedulePdf, type LoanContent } from './loanDocuments';
import { contentHash } from './pdf';

export const LOAN_DOCUMENT_TYPES = ['contract', 'schedule', 'disclosure'] as const;
export type LoanDocumentType = (typeof LOAN_DOCUMENT_TYPES)[number];

const RENDER: Record<LoanDocumentType, (c: LoanContent, lang: Lang, hash: string) => Promise<Buffer>> = {
  contract: contractPdf,
  schedule: schedulePdf,
  disclosure: disclosurePdf,
};

export interface Prepared {
  type: LoanDocumentType;
  lang: Lang;
  owner: { type: 'application' | 'loan'; id: string };
  content: LoanContent;
  hash: string;
  bytes: Buffer;
}

/** What a contract, schedule or disclosure for an application or a loan says, and its PDF. Writes nothing. */
export async function prepareLoanDocument(stores: DocumentStores, type: LoanDocumentType, id: string, lang: Lang, businessDate: string): Promise<Prepared> {
  const application = await stores.applications.byId(id);
  const owner = application ? ({ type: 'application', id } as const) : ({ type: 'loan', id } as const);
  const content = application ? await applicationContent(stores, id, businessDate) : await loanContent(stores, id, businessDate);
  // The same content gives the same check code in either language, so the two copies match.
  const hash = contentHash(content);
  const bytes = await RENDER[type](content, lang, hash);
  return { type, lang, owner, content, hash, bytes };
}

export interface Issued {
  id: string;
  documentId: string;
  number: string;
  contentHash: string;
  sha256: string;
  sizeBytes: number;
  reused: boolean;
}

/** Records a prepared document (inside the caller's transaction). */
export async function recordDocument(repo: DocumentStore, files: Pick<CustomerStore, 'insertDocument'>, ids: IdSource, now: Date, dataDir: string, p: Prepared, userId: string | null): Promise<Issued> {
  const same = await repo.sameContent(p.owner.type, p.owner.id, p.type, p.lang, p.hash);
  if (same) return { id: same.id, documentId: same.document_id, number: same.number, contentHash: same.content_hash, sha256: same.sha256, sizeBytes: same.size_bytes, reused: true };
  const stored = await storeDocument(files, ids, now, dataDir, p.owner, { kind: p.type, fileName: `${p.content.number}-${p.type}-${p.lang}.pdf`, bytes: p.bytes }, userId);
  const id = ids.next();
  await repo.insertIssued({
    id,
    document_id: stored.id,
    type: p.type,
    number: p.content.number,
    lang: p.lang,
    owner_type: p.owner.type,
    owner_id: p.owner.id,
    content_hash: p.hash,
    content: JSON.stringify(p.content),
    issued_at: now.toISOString(),
    issued_by: userId,
  });
  return { id, documentId: stored.id, number: p.content.number, contentHash: p.hash, sha256: stored.sha256, sizeBytes: stored.sizeBytes, reused: false };
}

export async function issuedDocuments(repo: DocumentStore, ownerType: string, ownerId: string) {
  return (await repo.issuedFor(ownerType, ownerId)).map((r) => ({ id: r.id, documentId: r.document_id, type: r.type, number: r.number, lang: r.lang, contentHash: r.content_hash, issuedAt: r.issued_at, issuedBy: r.issued_by_name, sha256: r.sha256, sizeBytes: r.size_bytes }));
}

/** Signing: an approved application with an issued contract becomes `signed`, with the contract's check code. */
export async function signApplication(
  apps: ApplicationStore,
  docs: DocumentStore,
  ids: IdSource,
  now: Date,
  id: string,
  userId: string,
): Promise<{ id: string; number: string; state: string; contract: string; contentHash: string }> {
  const row = await apps.byId(id);
  if (!row) throw new SuanpanError('NOT_FOUND', 'applications.notFound', { id });
  if (row.state !== 'approved') throw new SuanpanError('CONFLICT', 'applications.state', { number: row.number, state: row.state, expected: 'approved' });
  const issued = (await docs.issuedFor('application', id)).find((d) => d.type === 'contract');
  if (!issued) throw new SuanpanError('RULE', 'documents.noContract', { number: row.number });
  const at = now.toISOString();
  if (!(await apps.setState(id, 'approved', 'signed', at))) throw new SuanpanError('CONFLICT', 'applications.changedMeanwhile', { number: row.number });
  await apps.insertEvent({ id: ids.next(), applicationId: id, at, userId, fromState: 'approved', toState: 'signed', note: `${issued.number} ${issued.content_hash}` });
  return { id, number: row.number, state: 'signed', contract: issued.number, contentHash: issued.content_hash };
}
