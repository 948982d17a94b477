/** Signed applications on a fresh book, through the real api (contract issued as a PDF and signed), for servicing tests. */
import { callApi, type ApiResponse, type MethodName } from '../../src/api';
import { insertStandardProducts } from '../../src/origination/products';
import { applicationStore } from '../../src/db/repos/applications';
import { kyselyOf } from '../../src/db/kysely';
import type { Role } from '../../src/identity/roles';
import type { Book } from './book';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex').toString('base64');

export async function ok<T = Record<string, unknown>>(p: Promise<ApiResponse>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.key}: ${r.error.message}`);
  return r.result as T;
}

export const call = <T = Record<string, unknown>>(book: Book, name: MethodName, input: Record<string, unknown>, role: Role = 'branch_manager'): Promise<T> =>
  ok<T>(callApi(name, input, book.ctx(role)));

/** 18-character resident ID numbers with a valid check character. */
export function idNumber(area: string, birth: string, seq: string): string {
  const body = `${area}${birth}${seq}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((a, c, i) => a + Number(c) * (w[i] as number), 0);
  return body + '10X98765432'[sum % 11];
}

let people = 0;

export interface SignedTerms {
  productId?: string;
  amount: string;
  term: number;
  rate: string;
}

/** A signed application on the book's business date: approved at `rate`, its contract issued and signed. */
export async function signedApplication(book: Book, terms: SignedTerms): Promise<string> {
  const hasProducts = book.db.prepare('SELECT count(*) AS n FROM products').get() as { n: number };
  if (hasProducts.n === 0) await insertStandardProducts(applicationStore(kyselyOf(book.db)), '2025-06-01T09:00:00.000Z');
  people++;
  const customer = await call<{ id: string }>(book, 'customers/create', {
    kind: 'individual', name: `客户${people}`, idNumber: idNumber('110105', `1985${String(1 + (people % 12)).padStart(2, '0')}12`, String(100 + people).slice(-3)), phone: `138${String(10_000_000 + people).slice(-8)}`,
  }, 'officer');
  const app = await call<{ id: string }>(book, 'applications/create', {
    customerId: customer.id, productId: terms.productId ?? 'P-EI', amount: terms.amount, term: terms.term, purpose: '消费', monthlyIncome: '30000',
  }, 'officer');
  for (const kind of ['id_card', 'income_proof']) await call(book, 'applications/addDocument', { applicationId: app.id, kind, fileName: `${kind}.png`, contentBase64: PNG }, 'officer');
  const minor = BigInt(terms.amount.replace('.', '')) * (terms.amount.includes('.') ? 1n : 100n);
  book.db.prepare("UPDATE applications SET state = 'approved', offered_amount = ?, offered_term = ?, offered_rate = ? WHERE id = ?").run(minor, terms.term, terms.rate, app.id);
  await call(book, 'documents/issue', { type: 'contract', id: app.id, lang: 'zh-CN' }, 'officer');
  await call(book, 'applications/sign', { id: app.id }, 'officer');
  return app.id;
}

/** A signed application paid out: the loan's id. */
export async function disbursedLoan(book: Book, terms: SignedTerms, input: Record<string, unknown> = {}): Promise<string> {
  const appId = await signedApplication(book, terms);
  const r = await call<{ loanId: string }>(book, 'loans/disburse', { applicationId: appId, ...input }, 'senior_approver');
  return r.loanId;
}
