/**
 * The api contract on a real loan book: every method refuses malformed input with a typed error
 * (never a crash or an INTERNAL error), permissions are denied by default and match the matrix
 * documented in README.md, and no stack trace leaves the engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { api, callApi, COMMAND_LINE_PERMISSIONS, METHOD_NAMES, PERMISSIONS, type ApiContext, type MethodName } from '../../../src/api';
import { join } from 'node:path';
import { ROLES, ROLE_PERMISSIONS, type Role } from '../../../src/identity/roles';
import { freshBook, PASSWORD, type Book } from '../../helpers/book';
import { insertStandardProducts } from '../../../src/origination/products';
import { applicationStore } from '../../../src/db/repos/applications';
import { kyselyOf } from '../../../src/db/kysely';
import { DEFAULT_ORIGINATION } from '../../../src/origination/settings';
import { DEFAULT_SCORECARD } from '../../../src/scoring/default';
import { identityRepo } from '../../../src/db/repos/identity';
import { call, signedApplication } from '../../helpers/servicing';
import { DEFAULT_COLLECTIONS } from '../../../src/collections/settings';
import type { DeskControl, DeskState } from '../../../src/host/deskApi';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex').toString('base64');
const loan = { principal: '100000', annualRate: '0.12', term: 12, method: 'equal-installment', disbursementDate: '2025-01-15' };
const person = { kind: 'individual', name: '王小明', idNumber: '11010519491231002X', phone: '13812345678' };

let book: Book;
let empty: Book;
let closing: Book;
/** A new book for the demo builder to fill. */
let demo: Book;
let samples: Record<MethodName, Record<string, unknown>>;

/** A role allowed to call the method (the first in the matrix), or null when only the desk may. */
const allowedRole = (m: MethodName): Role => ROLES.find((r) => ROLE_PERMISSIONS[r].includes(api[m].permission)) as Role;

/** The command line's local principal on a book (the only caller of the book's file methods). */
const commandLine = (b: Book): ApiContext => ({ ...b.ctx(null), permissions: COMMAND_LINE_PERMISSIONS, commandLine: { osUser: 'tester' } });

/** The desk's choice of book, as a transport that can change it hands it to the desk/* methods (tested against a real one in test/integration/desk-book.test.ts). */
const stubDesk: DeskControl = (() => {
  const state: DeskState = { state: 'open', book: { engine: 'sqlite', where: 'book.db' }, kind: 'desk', where: 'book.db', connection: null, passwordKept: null, keepsPasswords: false, canChange: true, problem: null };
  return { choice: async () => state, connect: async () => state, useLocal: async () => state, retry: async () => state };
})();

/** A caller allowed to call the method, on the book it runs on. */
function allowedCaller(name: MethodName): ApiContext {
  if (name.startsWith('desk/')) return { ...book.ctx(null), desk: stubDesk };
  if (name === 'book/demo') return commandLine(demo);
  // A restore names a closed book's file: here a new file beside the test book.
  if (name === 'book/restore') return { ...commandLine(book), db: undefined, bookFile: join(book.dir, 'restored.db') };
  if (api[name].permission === 'book.files') return commandLine(book);
  const target = name === 'auth/setup' ? empty : name === 'eod/run' ? closing : book;
  return target.ctx(name === 'auth/setup' ? null : allowedRole(name));
}

beforeAll(async () => {
  book = await freshBook();
  empty = await freshBook({ users: false });
  // Closing a business day moves the book's date: it runs on a book of its own.
  closing = await freshBook();
  demo = await freshBook({ users: false });
  const created = await callApi('customers/create', person, book.ctx('officer'));
  if (!created.ok) throw new Error(created.error.message);
  const customerId = (created.result as { id: string }).id;
  const doc = await callApi('documents/add', { customerId, kind: 'id_card', fileName: 'id.png', contentBase64: PNG }, book.ctx('officer'));
  if (!doc.ok) throw new Error(doc.error.message);
  await insertStandardProducts(applicationStore(kyselyOf(book.db)), '2025-06-01T09:00:00.000Z');
  const must = async (name: MethodName, input: Record<string, unknown>, role: Role): Promise<string> => {
    const r = await callApi(name, input, book.ctx(role));
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return (r.result as { id: string }).id;
  };
  const application = { customerId, productId: 'P-EI', amount: '20000', term: 12, purpose: '消费', monthlyIncome: '9000' };
  const appId = await must('applications/create', application, 'officer');
  await must('applications/addDocument', { applicationId: appId, kind: 'income_proof', fileName: 'pay.png', contentBase64: PNG }, 'officer');
  const withdrawId = await must('applications/create', application, 'officer');
  // One submitted by someone else, for the officer to decide.
  const younger = await must('customers/create', { kind: 'individual', name: '陈静', idNumber: '110105199206150041', phone: '13812340001' }, 'senior_approver');
  const toDecide = await must('applications/create', { ...application, customerId: younger }, 'senior_approver');
  for (const kind of ['id_card', 'income_proof']) await must('applications/addDocument', { applicationId: toDecide, kind, fileName: `${kind}.png`, contentBase64: PNG }, 'senior_approver');
  await must('applications/submit', { id: toDecide }, 'senior_approver');
  // One approved, for its contract and signing.
  const toSign = await must('applications/create', { ...application, customerId: younger, amount: '10000' }, 'senior_approver');
  book.db.prepare("UPDATE applications SET state = 'approved', offered_amount = 1000000, offered_term = 12, offered_rate = '0.072' WHERE id = ?").run(toSign);
  // A loan two installments late (52 days on 2025-06-01), with one repayment, for receipts and notices.
  book.db.prepare(`INSERT INTO loans (id, number, customer_id, product_id, method, principal, annual_rate, term, frequency, day_count, disbursement_date,
      first_due_date, maturity_date, amount_received, status, outstanding_principal, oldest_unpaid_due_date, created_at)
    VALUES ('L-API', 'DK202500000001', ?, 'P-EI', 'equal-installment', 1200000, '0.12', 12, 'monthly', '30/360', '2025-01-10',
      '2025-02-10', '2026-01-10', 1200000, 'active', 1000000, '2025-04-10', '2025-01-10T09:00:00.000Z')`).run(customerId);
  const due = book.db.prepare('INSERT INTO installments (loan_id, n, due_date, principal_due, interest_due, principal_paid, interest_paid, paid_date) VALUES (?, ?, ?, 100000, 12000, ?, ?, ?)');
  due.run('L-API', 1, '2025-02-10', 100000, 12000, '2025-02-10');
  due.run('L-API', 2, '2025-03-10', 100000, 12000, '2025-03-10');
  due.run('L-API', 3, '2025-04-10', 0, 0, null);
  due.run('L-API', 4, '2025-05-10', 0, 0, null);
  book.db.prepare("INSERT INTO transactions (id, loan_id, kind, value_date, business_date, amount, created_at) VALUES ('L-API.001', 'L-API', 'repayment', '2025-02-10', '2025-02-10', 112000, '2025-02-10T09:00:00.000Z')").run();
  book.db.prepare("INSERT INTO allocations (transaction_id, installment_n, principal, interest) VALUES ('L-API.001', 1, 100000, 12000)").run();
  // Loans for servicing: paid out on earlier business dates (a contract pays out on its own date),
  // then the book's date is back to 2025-06-01.
  const setDate = (d: string): void => identityRepo(book.db).setBusinessDate(d);
  const payOut = async (terms: { productId?: string; amount: string; term: number; rate: string }, extra: Record<string, unknown> = {}): Promise<string> =>
    (await call<{ loanId: string }>(book, 'loans/disburse', { applicationId: await signedApplication(book, terms), ...extra }, 'senior_approver')).loanId;
  setDate('2025-04-01');
  const servicedLoan = await payOut({ amount: '10000', term: 12, rate: '0.072' });
  const reversedLoan = await payOut({ amount: '10000', term: 12, rate: '0.072' });
  const writtenOffLoan = await payOut({ amount: '10000', term: 12, rate: '0.072' });
  setDate('2025-05-01');
  const mistaken = await call<{ transactionId: string }>(book, 'loans/repay', { loanId: reversedLoan, amount: '863.19', reference: 'WRONG-1' }, 'officer');
  setDate('2025-05-15');
  const prepaidLoan = await payOut({ amount: '10000', term: 12, rate: '0.072' });
  const line = await payOut({ productId: 'P-RV', amount: '50000', term: 12, rate: '0.12' }, { drawAmount: '10000' });
  setDate('2025-06-01');
  const toDisburse = await signedApplication(book, { amount: '10000', term: 12, rate: '0.072' });
  const listEntry = await must('lists/add', { list: 'black', kind: 'phone', value: '13600000001', reason: '冒名' }, 'senior_approver');
  // A one-year LPR added by mistake (the rate already in force), for taking off again.
  await must('settings/saveLpr', { effectiveFrom: '2025-05-26', oneYear: '0.0300' }, 'admin');
  // Collections: a case on the late loan, and one on a loan that is current again (to close).
  const caseId = await must('collections/open', { loanId: 'L-API' }, 'collections');
  book.db.prepare(`INSERT INTO loans (id, number, customer_id, product_id, method, principal, annual_rate, term, frequency, day_count, disbursement_date,
      first_due_date, maturity_date, amount_received, status, outstanding_principal, oldest_unpaid_due_date, created_at)
    VALUES ('L-API2', 'DK202500000002', ?, 'P-EI', 'equal-installment', 1200000, '0.12', 12, 'monthly', '30/360', '2025-01-10',
      '2025-02-10', '2026-01-10', 1200000, 'active', 700000, '2025-06-10', '2025-01-10T09:00:00.000Z')`).run(customerId);
  book.db.prepare("INSERT INTO collection_cases (id, loan_id, opened_date, status) VALUES ('K-API2', 'L-API2', '2025-05-11', 'open')").run();
  const collector = (book.db.prepare("SELECT id FROM users WHERE username = 'collections'").get() as { id: string }).id;
  samples = {
    'system/info': {},
    'book/backup': { out: join(book.dir, 'backup.db') },
    'book/restore': { from: join(book.dir, 'backup.db') },
    'book/demo': { loans: 20, seed: 3, businessDate: '2025-06-01' },
    'desk/bookChoice': {},
    'desk/connect': { host: '/var/run/postgresql', port: 5432, database: 'suanpan', user: 'suanpan', password: 'office2025', tls: false },
    'desk/useLocal': {},
    'desk/retry': {},
    'book/move': { from: book.file, to: join(book.dir, 'moved.db') },
    'loans/postStatement': { csv: `loan,date,amount,reference\n${servicedLoan},2025-06-01,50.00,BANK-1\n` },
    'applications/score': { jsonl: '{"id":"A1","product":"P-EI","amount":"20000","term":12,"idNumber":"11010519491231002X","monthlyIncome":"9000"}\n' },
    'auth/status': {},
    'auth/setup': { username: 'boss', displayName: 'Boss', password: 'first2025admin' },
    'auth/signIn': { username: 'collections', password: PASSWORD },
    'auth/signOut': {},
    'users/list': {},
    'users/create': { username: 'newbie', displayName: 'New Officer', password: 'welcome2025', role: 'officer' },
    'customers/search': { query: '小明' },
    'customers/get': { id: customerId },
    'customers/create': { kind: 'business', name: '福州示例贸易有限公司', creditCode: '91350100M000100Y43', phone: '13912345678' },
    'customers/update': { id: customerId, customer: { ...person, address: '北京市西城区' } },
    'documents/add': { customerId, kind: 'other', fileName: 'x.png', contentBase64: PNG },
    'documents/content': { id: (doc.result as { id: string }).id },
    'quote/schedule': loan,
    'quote/payoff': { ...loan, payoffDate: '2025-04-01' },
    'quote/line': { annualRate: '0.12', events: [{ date: '2025-03-01', type: 'draw', amount: '1000' }], payoffDate: '2025-04-01' },
    'quote/compare': { ...(({ method: _m, ...rest }) => rest)(loan), methods: ['equal-installment', 'equal-principal'] },
    'quote/apr': { method: 'irr', advances: [{ date: '2025-01-01', amount: '1000' }], payments: [{ date: '2025-02-01', amount: '1010' }] },
    'quote/tvm': { fn: 'pmt', rate: '0.01', nper: 12, pv: '100000' },
    'products/list': {},
    'applications/queue': { state: 'open', limit: 20 },
    'applications/get': { id: appId },
    'applications/create': application,
    'applications/update': { id: appId, application: { ...application, amount: '25000' } },
    'applications/addDocument': { applicationId: appId, kind: 'other', fileName: 'note.png', contentBase64: PNG },
    'applications/submit': { id: appId },
    'applications/decide': { id: toDecide, action: 'return', note: '请补充近六个月银行流水' },
    'applications/withdraw': { id: withdrawId, note: '客户不再需要' },
    'lists/list': {},
    'lists/add': { list: 'white', kind: 'phone', value: '13600000002', reason: '代发工资客户' },
    'lists/remove': { id: listEntry, reason: '误录' },
    'settings/origination': {},
    'settings/saveOrigination': { settings: DEFAULT_ORIGINATION },
    'scorecards/import': { model: { ...DEFAULT_SCORECARD, version: 2 } },
    'documents/issue': { type: 'contract', id: toSign, lang: 'zh-CN' },
    'documents/issued': { ownerType: 'application', ownerId: toSign },
    'applications/sign': { id: toSign },
    'settings/documents': {},
    'settings/notices': {},
    'settings/lpr': {},
    'settings/saveLpr': { effectiveFrom: '2025-05-20', oneYear: '0.0300' },
    'settings/removeLpr': { effectiveFrom: '2025-05-26' },
    'eod/status': {},
    'eod/run': {},
    'eod/cancel': {},
    'settings/saveNotices': {
      settings: {
        payment: { accountName: '福州示范小额贷款有限公司', bank: '中国工商银行福州鼓楼支行', accountNumber: '1402 0000 0000 0000 000', counter: '福州市鼓楼区五四路 1 号一楼' },
        contact: { phone: '0591-88880000', complaints: '0591-88880001', days: 'weekdays', from: '09:00', to: '18:00' },
        payWithinDays: { notice: 7, demand: 15 },
        demandFromDays: 90,
      },
    },
    'settings/saveDocuments': { settings: { lender: { name: '福州示范小额贷款有限公司', address: '福州市鼓楼区五四路 1 号', phone: '0591-88880000', licence: '闽金小贷〔2020〕1 号' }, court: '福州市鼓楼区人民法院', extraClauses: [] } },
    'documents/receipt': { transactionId: 'L-API.001', lang: 'zh-CN' },
    'documents/notice': { loanId: 'L-API', type: 'notice' },
    'notices/batch': { minDaysPastDue: 30 },
    'notices/cancel': { task: 'nothing-running' },
    'loans/get': { id: servicedLoan },
    'loans/payoffQuote': { loanId: servicedLoan, date: '2025-06-01' },
    'loans/previewRepayment': { loanId: servicedLoan, amount: '100' },
    'loans/repay': { loanId: servicedLoan, amount: '100' },
    'loans/prepay': { loanId: prepaidLoan, amount: '1000', recast: 'reduce-term' },
    'loans/payoff': { loanId: prepaidLoan },
    'loans/disburse': { applicationId: toDisburse },
    'loans/draw': { loanId: line, amount: '1000' },
    'loans/waive': { loanId: writtenOffLoan, penalty: '1', reason: '首次逾期' },
    'loans/reverse': { transactionId: mistaken.transactionId, reason: '串户' },
    'loans/writeOff': { loanId: writtenOffLoan, reason: '失联' },
    'loans/recover': { loanId: writtenOffLoan, amount: '100' },
    'collections/queue': { bucket: '31-60', limit: 20 },
    'collections/case': { id: caseId },
    'collections/open': { loanId: 'L-API' },
    'collections/assign': { caseId, userId: collector },
    'collections/escalate': { caseId, reason: '失联三个月，移交法务起诉' },
    'collections/close': { caseId: 'K-API2', note: '已还清逾期款项' },
    'collections/logContact': { caseId, channel: 'call', party: 'debtor', connected: true, outcome: 'promised', note: '答应月底前还款' },
    'collections/schedule': { caseId, channel: 'call', at: '2025-06-02T10:00' },
    'collections/promise': { caseId, amount: '2240.00', promisedDate: '2025-06-20' },
    'collections/consent': { caseId, given: true, givenOn: '2025-06-01', how: '电话录音确认同意晚间联系' },
    'settings/collections': {},
    'settings/saveCollections': { settings: DEFAULT_COLLECTIONS },
  };
});

afterAll(() => {
  book?.close();
  empty?.close();
  closing?.close();
  demo?.close();
});

/** Every method, signing out last (it ends the session the others use). */
const signOutLast = [...METHOD_NAMES].sort((a, b) => Number(a === 'auth/signOut') - Number(b === 'auth/signOut'));

const wrongValues: unknown[] = [null, 42, -1, 1.5, true, 'x'.repeat(100_000), [], {}, { nested: { deep: [1, 2, 3] } }, '2025-02-30', ''];

function malformedVariants(sample: Record<string, unknown>): unknown[] {
  const variants: unknown[] = [undefined, null, 0, 'text', [], [sample], 'x'.repeat(1_000_000)];
  variants.push(JSON.parse('{"__proto__": {"polluted": true}}'));
  variants.push({ ...sample, ...JSON.parse('{"__proto__": {"polluted": true}}') });
  variants.push({ ...sample, constructor: { prototype: { polluted: true } } });
  variants.push({ ...sample, unexpected: 1 });
  for (const key of Object.keys(sample)) {
    const missing = { ...sample };
    delete missing[key];
    variants.push(missing);
    for (const value of wrongValues) variants.push({ ...sample, [key]: value });
  }
  return variants;
}

describe('api: every method', () => {
  it('has a sample request here, and a permitted caller gets an answer', async () => {
    expect(Object.keys(samples).sort()).toEqual([...METHOD_NAMES].sort());
    for (const name of signOutLast) {
      const r = await callApi(name, samples[name], allowedCaller(name));
      expect(r, name).toMatchObject({ ok: true });
    }
    await book.signInAgain(allowedRole('auth/signOut'));
  });

  it('refuses malformed input with a typed error, never a crash', async () => {
    let validation = 0;
    for (const name of METHOD_NAMES) {
      if (name === 'auth/signOut') continue; // no input fields; signing out would end the test session
      for (const input of malformedVariants(samples[name] as Record<string, unknown>)) {
        const r = await callApi(name, input, name === 'auth/setup' ? book.ctx('admin') : allowedCaller(name));
        if (r.ok) continue; // a variant that is still a valid request
        expect(r.error.code, `${name} ${JSON.stringify(input)?.slice(0, 120)}`).not.toBe('INTERNAL');
        expect(r.error.message.length).toBeGreaterThan(0);
        expect(JSON.stringify(r.error)).not.toMatch(/\bat .*\.ts:\d+/);
        if (r.error.code === 'VALIDATION') validation++;
      }
    }
    expect(validation).toBeGreaterThan(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  }, 120_000);

  it('reports pollution keys as unknown fields', async () => {
    const r = await callApi('quote/schedule', JSON.parse(`{"__proto__": {"x": 1}, ${JSON.stringify(loan).slice(1)}`), book.ctx());
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'validation.unknownField' } });
  });

  it('answers in the desk language', async () => {
    const r = await callApi('quote/schedule', { ...loan, term: 0 }, book.ctx(null, 'zh-CN'));
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '期数 应为 1 到 1560 之间的整数' } });
  });
});

describe('api: permissions', () => {
  it('refuses an unknown method, including prototype names', async () => {
    for (const name of ['quote/nothing', '__proto__', 'constructor', 'toString', 42, null]) {
      const r = await callApi(name, {}, book.ctx('admin'));
      expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
  });

  it('denies by default: no permission, no call', async () => {
    for (const name of METHOD_NAMES) {
      const r = await callApi(name, samples[name], { ...book.ctx(), permissions: new Set() });
      expect(r, name).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('each method names a known permission', () => {
    for (const name of METHOD_NAMES) expect(PERMISSIONS).toContain(api[name].permission);
  });

  it('every method x every role matches the matrix documented in README.md', async () => {
    const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
    const header = readme.split('\n').find((l) => l.startsWith('| method | signed out |')) as string;
    const columns = header.split('|').map((c) => c.trim()).filter(Boolean).slice(1);
    expect(columns).toEqual(['signed out', ...ROLES]);
    const documented = new Map<string, string[]>();
    for (const line of readme.split('\n')) {
      const m = /^\| `([a-z]+\/[a-zA-Z]+)` \|(.*)\|$/.exec(line);
      if (m) documented.set(m[1] as string, (m[2] as string).split('|').map((c) => c.trim()));
    }
    expect([...documented.keys()].sort()).toEqual([...METHOD_NAMES].sort());
    for (const name of signOutLast) {
      const cells = documented.get(name) as string[];
      for (const [i, who] of (['signed out', ...ROLES] as const).entries()) {
        const role = who === 'signed out' ? null : who;
        const target = name === 'auth/setup' ? empty : name === 'eod/run' ? closing : book;
        const r = await callApi(name, samples[name], target.ctx(role));
        const denied = !r.ok && r.error.code === 'FORBIDDEN' && ['api.forbidden', 'auth.signInRequired'].includes(r.error.key);
        expect(denied, `${name} as ${who}`).toBe(cells[i] === '—');
        if (name === 'auth/signOut' && role) await book.signInAgain(role);
      }
    }
  }, 120_000);

  it('writes an audit row for each change, with who and what', async () => {
    const before = book.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number };
    const r = await callApi('customers/create', { kind: 'individual', name: '李四', idNumber: '110101199003070070', phone: '13700000000' }, book.ctx('officer'));
    expect(r.ok).toBe(true);
    const rows = book.db.prepare('SELECT a.*, u.username FROM audit_log a JOIN users u ON u.id = a.user_id ORDER BY a.id DESC LIMIT 1').all() as Record<string, unknown>[];
    expect(rows[0]).toMatchObject({ method: 'customers/create', entity_type: 'customer', username: 'officer', business_date: '2025-06-01' });
    expect((book.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n).toBe(before.n + 1);
  });

  it('a change that fails leaves nothing behind, audit row included', async () => {
    const count = () => (book.db.prepare('SELECT (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM customers) AS n').get() as { n: number }).n;
    const before = count();
    const dup = await callApi('customers/create', person, book.ctx('officer'));
    expect(dup).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'customers.duplicateIdNumber' } });
    expect(count()).toBe(before);
  });
});
