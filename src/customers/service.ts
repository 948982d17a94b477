/**
 * Customers: individuals and small businesses, with intake checks on the way in, a search index kept
 * in step, and their documents stored beside the book by content hash.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SuanpanError, type Details, type MessageKey } from '../errors';
import type { Db } from '../db/connection';
import { customerRepo, type CustomerRow, type CustomerListRow } from '../db/repos/customers';
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

const minor = (v: bigint | null): string | null => (v === null ? null : formatMinor(BigInt(v), BOOK_SCALE));

export function customerJson(row: CustomerRow) {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    idNumber: row.id_number,
    creditCode: row.credit_code,
    phone: row.phone,
    address: row.address,
    employer: row.employer,
    monthlyIncome: minor(row.monthly_income),
    birthDate: row.birth_date,
    gender: row.gender,
    legalRepresentative: row.legal_representative,
    annualRevenue: minor(row.annual_revenue),
    yearsInBusiness: row.years_in_business,
    creditCodeOverride: row.credit_code_override,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export const listJson = (r: CustomerListRow) => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  idNumber: r.id_number,
  creditCode: r.credit_code,
  phone: r.phone,
  createdAt: r.created_at,
  cursor: r.rowid,
});

/** Checks an input against intake rules; returns the columns to store or throws every problem at once. */
function intake(input: z.output<typeof customerInput>, businessDate: string) {
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
    id_number: idNumber,
    credit_code: creditCode,
    phone,
    address: input.address || null,
    employer: input.employer || null,
    monthly_income: monthlyIncome,
    birth_date: birthDate,
    gender,
    legal_representative: input.legalRepresentative || null,
    annual_revenue: annualRevenue,
    years_in_business: input.yearsInBusiness ?? null,
    credit_code_override: override,
  };
}

function checkUnique(db: Db, cols: { id_number: string | null; credit_code: string | null }, self?: string): void {
  const repo = customerRepo(db);
  if (cols.id_number) {
    const other = repo.byIdNumber(cols.id_number);
    if (other && other.id !== self) {
      throw new SuanpanError('CONFLICT', 'customers.duplicateIdNumber', { field: 'idNumber', value: cols.id_number, name: other.name });
    }
  }
  if (cols.credit_code) {
    const other = repo.byCreditCode(cols.credit_code);
    if (other && other.id !== self) {
      throw new SuanpanError('CONFLICT', 'customers.duplicateCreditCode', { field: 'creditCode', value: cols.credit_code, name: other.name });
    }
  }
}

export function createCustomer(db: Db, ids: IdSource, now: Date, businessDate: string, input: z.output<typeof customerInput>, userId: string | null) {
  const cols = intake(input, businessDate);
  checkUnique(db, cols);
  const id = ids.next();
  customerRepo(db).insert(
    { id, ...cols, created_at: now.toISOString(), created_by: userId },
    customerTokens({ name: cols.name, phone: cols.phone, idNumber: cols.id_number, creditCode: cols.credit_code }),
  );
  return { id };
}

export function updateCustomer(db: Db, now: Date, businessDate: string, id: string, input: z.output<typeof customerInput>) {
  const repo = customerRepo(db);
  const existing = repo.byId(id);
  if (!existing) throw new SuanpanError('NOT_FOUND', 'customers.notFound', { id });
  const cols = intake({ ...input, kind: existing.kind }, businessDate);
  checkUnique(db, cols, id);
  const { kind: _kind, ...rest } = cols;
  repo.update(
    { id, ...rest, updated_at: now.toISOString() },
    existing.rowid,
    customerTokens({ name: cols.name, phone: cols.phone, idNumber: cols.id_number, creditCode: cols.credit_code }),
  );
  return { id };
}

export function getCustomer(db: Db, id: string) {
  const repo = customerRepo(db);
  const row = repo.byId(id);
  if (!row) throw new SuanpanError('NOT_FOUND', 'customers.notFound', { id });
  return {
    customer: customerJson(row),
    contacts: repo.contacts(id).map((c) => ({ id: c.id, name: c.name, relation: c.relation, phone: c.phone })),
    loans: repo.loans(id).map((l) => ({
      id: String(l.id),
      number: String(l.number),
      principal: formatMinor(BigInt(l.principal as number), BOOK_SCALE),
      annualRate: String(l.annual_rate),
      term: Number(l.term),
      method: String(l.method),
      disbursementDate: String(l.disbursement_date),
      maturityDate: String(l.maturity_date),
      status: String(l.status),
      outstandingPrincipal: formatMinor(BigInt(l.outstanding_principal as number), BOOK_SCALE),
      oldestUnpaidDueDate: (l.oldest_unpaid_due_date as string | null) ?? null,
      fiveCategory: String(l.five_category),
    })),
    applications: repo.applications(id).map((a) => ({
      id: String(a.id),
      number: String(a.number),
      amount: formatMinor(BigInt(a.amount as number), BOOK_SCALE),
      term: Number(a.term),
      purpose: String(a.purpose),
      state: String(a.state),
      grade: (a.grade as string | null) ?? null,
      createdAt: String(a.created_at),
    })),
    documents: repo.documents(id).map((d) => ({
      id: String(d.id),
      kind: String(d.kind),
      fileName: String(d.file_name),
      mimeType: String(d.mime_type),
      sizeBytes: Number(d.size_bytes),
      sha256: String(d.sha256),
      uploadedAt: String(d.uploaded_at),
    })),
  };
}

export function searchCustomers(db: Db, query: string | undefined, cursor: number | undefined, limit: number) {
  const repo = customerRepo(db);
  const plan = query ? searchPlan(query) : null;
  const rows = plan ? repo.search(plan.match, plan.nameContains ?? null, cursor ?? null, limit) : repo.page(cursor ?? null, limit);
  return { items: rows.map(listJson), nextCursor: rows.length === limit ? (rows.at(-1) as CustomerListRow).rowid : null };
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

export function addCustomerDocument(
  db: Db,
  ids: IdSource,
  now: Date,
  dataDir: string,
  input: { customerId: string; kind: string; fileName: string; contentBase64: string },
  userId: string | null,
) {
  if (!customerRepo(db).byId(input.customerId)) throw new SuanpanError('NOT_FOUND', 'customers.notFound', { id: input.customerId });
  return storeDocument(db, ids, now, dataDir, { type: 'customer', id: input.customerId }, input, userId);
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
export function storeDocument(
  db: Db,
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
  customerRepo(db).insertDocument({
    id,
    owner_type: owner.type,
    owner_id: owner.id,
    kind: input.kind,
    file_name: input.fileName,
    mime_type: mime,
    size_bytes: bytes.length,
    sha256: sha,
    uploaded_at: now.toISOString(),
    uploaded_by: userId,
  });
  return { id, sha256: sha, mimeType: mime, sizeBytes: bytes.length };
}

export function documentContent(db: Db, dataDir: string, id: string) {
  const row = customerRepo(db).documentById(id);
  if (!row) throw new SuanpanError('NOT_FOUND', 'documents.notFound', { id });
  const bytes = readFileSync(documentPath(dataDir, String(row.sha256)));
  // The stored file must still be what was uploaded.
  if (createHash('sha256').update(bytes).digest('hex') !== row.sha256) throw new SuanpanError('CONFLICT', 'documents.notFound', { id });
  return { id, fileName: String(row.file_name), mimeType: String(row.mime_type), contentBase64: bytes.toString('base64') };
}
