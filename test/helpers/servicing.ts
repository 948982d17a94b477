/** Signed applications on a fresh book, through the real api (contract issued as a PDF and signed), for servicing tests. */
import { callApi, type ApiResponse, type MethodName } from '../../src/api';
import { insertStandardProducts } from '../../src/origination/products';
import { applicationStore } from '../../src/db/repos/applications';
import { sql } from 'kysely';
import type { Role } from '../../src/identity/roles';
import type { Q } from '../../src/db/kysely';
import type { ApiContext } from '../../src/api';
import { bookOf } from '../../src/api/define';

/** A test book on either engine: what these helpers need of it. */
export interface Book {
  ctx: (role?: Role | null) => ApiContext;
}

/** The builder on a test book, whatever its engine. */
export const builderOf = (book: Book): Q => {
  const b = bookOf(book.ctx(null));
  if (!b) throw new Error('the test book is not open');
  return b.q;
};

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
  /** A borrower already in the book; a new one when left out. */
  customerId?: string;
  amount: string;
  term: number;
  rate: string;
}

/** A signed application on the book's business date: approved at `rate`, its contract issued and signed. */
export async function signedApplication(book: Book, terms: SignedTerms): Promise<string> {
  const q = builderOf(book);
  const hasProducts = await q.selectFrom('products').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  if (Number(hasProducts.n) === 0) await insertStandardProducts(applicationStore(q), '2025-06-01T09:00:00.000Z');
  people++;
  const customer = terms.customerId ? { id: terms.customerId } : await call<{ id: string }>(book, 'customers/create', {
    kind: 'individual', name: `客户${people}`, idNumber: idNumber('110105', `1985${String(1 + (people % 12)).padStart(2, '0')}12`, String(100 + people).slice(-3)), phone: `138${String(10_000_000 + people).slice(-8)}`,
  }, 'officer');
  const app = await call<{ id: string }>(book, 'applications/create', {
    customerId: customer.id, productId: terms.productId ?? 'P-EI', amount: terms.amount, term: terms.term, purpose: '消费', monthlyIncome: '30000',
  }, 'officer');
  for (const kind of ['id_card', 'income_proof']) await call(book, 'applications/addDocument', { applicationId: app.id, kind, fileName: `${kind}.png`, contentBase64: PNG }, 'officer');
  const minor = BigInt(terms.amount.replace('.', '')) * (terms.amount.includes('.') ? 1n : 100n);
  // Straight to approved at the asked terms: these tests are about what follows the decision.
  await sql`UPDATE applications SET state = 'approved', offered_amount = ${minor}, offered_term = ${terms.term}, offered_rate = ${terms.rate} WHERE id = ${app.id}`.execute(q);
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
