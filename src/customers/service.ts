/**
 * Customers: individuals and small businesses, with intake checks on the way in, a search index kept
 * in step, and their documents stored beside the book by content hash.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SuanpanError, type Details, type MessageKey } from '../errors';
import type { Customer, CustomerFields, CustomerListItem, CustomerStore } from './store';
import { formatMinor, parseMinor } from '../money/amount';
import { BOOK_SCALE } from '../money/money';
import type { IdSource } from '../ids';
import { ageOn, checkCreditCode, checkIdNumber, checkPhone, MIN_AGE } from './intake';
import { customerTokens, searchPlan } from './search';

const text = (max: number) => z.string().trim().max(max);
const money = z.string().trim().max(20).optional();

export const customerInput = z.strictObject({
  kind: z.enum(['individual', 'business']),
  name: text(100).min(1),
  idNumber: text(30).optional(),
  phone: text(30).optional(),
  address: text(200).optional(),
  employer: text(100).optional(),
  monthlyIncome: money,
  creditCode: text(30).optional(),
  legalRepresentative: text(60).optional(),
  annualRevenue: money,
  yearsInBusiness: z.number().int().min(0).max(200).optional(),
  /** Why a credit code that fails its checksum is right (early codes); required to override. */
  creditCodeOverrideReason: text(200).optional(),
});
export type CustomerInput = z.input<typeof customerInput>;

interface Issue {
  key: MessageKey;
  details: Details;
}

function fail(issues: Issue[]): never {
  const first = issues[0] as Issue;
  throw new SuanpanError('VALIDATION', first.key, { ...first.details, issues });
}

const minor = (v: bigint | null): string | null => (v === null ? null : formatMinor(v, BOOK_SCALE));

/** A customer as the api answers: amounts as decimal text. */
export function customerJson(c: Customer) {
  const { createdBy: _by, ...rest } = c;
  return { ...rest, monthlyIncome: minor(c.monthlyIncome), annualRevenue: minor(c.annualRevenue) };
}

export const listJson = (c: CustomerListItem) => c;

/** Checks an input against intake rules; returns the columns to store or throws every problem at once. */
function intake(input: z.output<typeof customerInput>, businessDate: string): CustomerFields {
  const issues: Issue[] = [];
  let idNumber: string | null = null;
  let birthDate: string | null = null;
  let gender: 'M' | 'F' | null = null;
  let phone: string | null = null;
  let creditCode: string | null = null;
  let override: string | null = null;
  if (input.kind === 'individual') {
    if (!input.idNumber) issues.push({ key: 'validation.required', details: { field: 'idNumber' } });
    else {
      const id = checkIdNumber(input.idNumber, businessDate);
      if (!id.ok) issues.push({ key: id.key, details: { field: 'idNumber', ...id.details } });
      else {
        ({ idNumber, birthDate, gender } = id.value);
        const age = ageOn(birthDate, businessDate);
        if (age < MIN_AGE) issues.push({ key: 'intake.minor', details: { field: 'idNumber', age } });
      }
    }
    if (!input.phone) issues.push({ key: 'validation.required', details: { field: 'phone' } });
  } else if (!input.creditCode) {
    issues.push({ key: 'validation.required', details: { field: 'creditCode' } });
  }
  if (input.phone) {
    const p = checkPhone(input.phone);
    if (p.ok) phone = p.value;
    else issues.push({ key: p.key, details: { field: 'phone' } });
  }
  if (input.creditCode) {
    const c = checkCreditCode(input.creditCode);
    if (c.ok) creditCode = c.value;
    else if (c.key === 'intake.creditCodeChecksum' && input.creditCodeOverrideReason) {
      creditCode = input.creditCode.toUpperCase();
      override = input.creditCodeOverrideReason;
    } else issues.push({ key: c.key, details: { field: 'creditCode', ...c.details } });
  }
  const amount = (value: string | undefined, field: string): bigint | null => {
    if (!value) return null;
    const v = parseMinor(value.replace(/,/g, ''), BOOK_SCALE);
    if (v === null || v < 0n) {
      issues.push({ key: 'validation.amount', details: { field, value, decimals: BOOK_SCALE } });
      return null;
    }
    return v;
  };
  const monthlyIncome = amount(input.monthlyIncome, 'monthlyIncome');
  const annualRevenue = amount(input.annualRevenue, 'annualRevenue');
  if (issues.length) fail(issues);
  return {
    kind: input.kind,
    name: input.name,
    idNumber,
    creditCode,
    phone,
    address: input.address || null,
    employer: input.employer || null,
    monthlyIncome,
    birthDate,
    gender,
    legalRepresentative: input.legalRepresentative || null,
    annualRevenue,
    yearsInBusiness: input.yearsInBusiness ?? null,
    creditCodeOverride: override,
  };
}

async function checkUnique(store: CustomerStore, fields: Pick<CustomerFields, 'idNumber' | 'creditCode'>, self?: string): Promise<void> {
  if (fields.idNumber) {
    const other = await store.byIdNumber(fields.idNumber);
    if (other && other.id !== self) {
      throw new SuanpanError('CONFLICT', 'customers.duplicateIdNumber', { field: 'idNumber', value: fields.idNumber, name: other.name });
    }
  }
  if (fields.creditCode) {
    const other = await store.byCreditCode(fields.creditCode);
    if (other && other.id !== self) {
      throw new SuanpanError('CONFLICT', 'customers.duplicateCreditCode', { field: 'creditCode', value: fields.creditCode, name: other.name });
    }
  }
}

const tokensOf = (f: CustomerFields): string[] => customerTokens({ name: f.name, phone: f.phone, idNumber: f.idNumber, creditCode: f.creditCode });

export async function createCustomer(
  store: CustomerStore,
  ids: IdSource,
  now: Date,
  businessDate: string,
  input: z.output<typeof customerInput>,
  userId: string | null,
): Promise<{ id: string }> {
  const fields = intake(input, businessDate);
  await checkUnique(store, fields);
  const id = ids.next();
  const at = now.toISOString();
  await store.insert({ id, ...fields, createdAt: at, updatedAt: at, createdBy: userId }, tokensOf(fields));
  return { id };
}

export async function updateCustomer(
  store: CustomerStore,
  now: Date,
  businessDate: string,
  id: string,
  input: z.output<typeof customerInput>,
): Promise<{ id: string }> {
  const existing = await store.byId(id);
  if (!existing) throw new SuanpanError('NOT_FOUND', 'customers.notFound', { id });
  const fields = intake({ ...input, kind: existing.kind }, businessDate);
  await checkUnique(store, fields, id);
  const { kind: _kind, ...rest } = fields;
  await store.update(id, rest, now.toISOString(), tokensOf(fields));
  return { id };
}

export async function getCustomer(store: CustomerStore, id: string) {
  const customer = await store.byId(id);
  if (!customer) throw new SuanpanError('NOT_FOUND', 'customers.notFound', { id });
  const [contacts, loans, applications, documents] = [await store.contacts(id), await store.loans(id), await store.applications(id), await store.documents(id)];
  return {
    customer: customerJson(customer),
    contacts,
    loans: loans.map((l) => ({ ...l, principal: formatMinor(l.principal, BOOK_SCALE), outstandingPrincipal: formatMinor(l.outstandingPrincipal, BOOK_SCALE) })),
    applications: applications.map((a) => ({ ...a, amount: formatMinor(a.amount, BOOK_SCALE) })),
    documents: documents.map((d) => ({ id: d.id, kind: d.kind, fileName: d.fileName, mimeType: d.mimeType, sizeBytes: d.sizeBytes, sha256: d.sha256, uploadedAt: d.uploadedAt })),
  };
}

export async function searchCustomers(store: CustomerStore, query: string | undefined, cursor: number | undefined, limit: number) {
  const plan = query ? searchPlan(query) : null;
  const items = plan ? await store.search(plan, cursor ?? null, limit) : await store.page(cursor ?? null, limit);
  return { items: items.map(listJson), nextCursor: items.length === limit ? (items.at(-1) as CustomerListItem).cursor : null };
}

// Documents: kept beside the book by content hash; the database holds what they are and whose.
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export function sniffType(bytes: Buffer): string | null {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
}

const documentPath = (dataDir: string, sha: string): string => join(dataDir, 'documents', sha.slice(0, 2), sha);

export async function addCustomerDocument(
  store: CustomerStore,
  ids: IdSource,
  now: Date,
  dataDir: string,
  input: { customerId: string; kind: string; fileName: string; contentBase64: string },
  userId: string | null,
) {
  if (!(await store.byId(input.customerId))) throw new SuanpanError('NOT_FOUND', 'customers.notFound', { id: input.customerId });
  return storeDocument(store, ids, now, dataDir, { type: 'customer', id: input.customerId }, input, userId);
}

/** Writes a file beside the book under its SHA-256 (once: the same bytes are the same file); returns the hash. */
export function keepFile(dataDir: string, bytes: Buffer): string {
  const sha = createHash('sha256').update(bytes).digest('hex');
  const path = documentPath(dataDir, sha);
  if (!existsSync(path)) {
    mkdirSync(join(dataDir, 'documents', sha.slice(0, 2)), { recursive: true });
    // Write then rename: a crash never leaves half a file under the hash's name.
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, bytes);
    renameSync(temp, path);
  }
  return sha;
}

/** Keeps a file beside the book by content hash and records whose it is (a customer's, an application's …). */
export async function storeDocument(
  store: Pick<CustomerStore, 'insertDocument'>,
  ids: IdSource,
  now: Date,
  dataDir: string,
  owner: { type: 'customer' | 'application' | 'loan' | 'case'; id: string },
  input: { kind: string; fileName: string; contentBase64?: string; bytes?: Buffer },
  userId: string | null,
) {
  const bytes = input.bytes ?? Buffer.from(input.contentBase64 ?? '', 'base64');
  if (bytes.length > MAX_DOCUMENT_BYTES) throw new SuanpanError('VALIDATION', 'documents.tooLarge', { field: 'contentBase64', max: '10 MB' });
  const mime = sniffType(bytes);
  if (!mime) throw new SuanpanError('VALIDATION', 'documents.type', { field: 'contentBase64', detected: bytes.length === 0 ? 'empty' : 'not a PDF or image' });
  const sha = keepFile(dataDir, bytes);
  const id = ids.next();
  await store.insertDocument({
    id,
    ownerType: owner.type,
    ownerId: owner.id,
    kind: input.kind,
    fileName: input.fileName,
    mimeType: mime,
    sizeBytes: bytes.length,
    sha256: sha,
    uploadedAt: now.toISOString(),
    uploadedBy: userId,
  });
  return { id, sha256: sha, mimeType: mime, sizeBytes: bytes.length };
}

export async function documentContent(store: CustomerStore, dataDir: string, id: string) {
  const doc = await store.documentById(id);
  if (!doc) throw new SuanpanError('NOT_FOUND', 'documents.notFound', { id });
  const bytes = readFileSync(documentPath(dataDir, doc.sha256));
  // The stored file must still be what was uploaded.
  if (createHash('sha256').update(bytes).digest('hex') !== doc.sha256) throw new SuanpanError('CONFLICT', 'documents.notFound', { id });
  return { id, fileName: doc.fileName, mimeType: doc.mimeType, contentBase64: bytes.toString('base64') };
}
