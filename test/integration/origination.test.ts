/** Origination through the api on real SQLite files: taking, submitting, routing and deciding. */
import { afterEach, describe, expect, it } from 'vitest';
import { callApi, METHOD_NAMES, type ApiResponse } from '../../src/api';
import { insertStandardProducts } from '../../src/origination/products';
import { applicationStore } from '../../src/db/repos/applications';
import { kyselyOf } from '../../src/db/kysely';
import { freshBook, type Book } from '../helpers/book';
import { idNumber } from '../helpers/ids';
import type { Role } from '../../src/identity/roles';

let book: Book;
afterEach(() => book?.close());

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex').toString('base64');

async function ok<T = Record<string, unknown>>(p: Promise<ApiResponse>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.key}: ${r.error.message}`);
  return r.result as T;
}

async function setUp(): Promise<Book> {
  const b = await freshBook();
  await insertStandardProducts(applicationStore(kyselyOf(b.db)), '2025-06-01T09:00:00.000Z');
  return b;
}

async function customer(role: Role, name: string, id: string, phone: string): Promise<string> {
  return (await ok<{ id: string }>(callApi('customers/create', { kind: 'individual', name, idNumber: id, phone }, book.ctx(role)))).id;
}

async function application(role: Role, customerId: string, extra: Record<string, unknown> = {}): Promise<{ id: string; number: string }> {
  const created = await ok<{ id: string; number: string }>(
    callApi('applications/create', {
      customerId, productId: 'P-EI', amount: '150000', term: 24, purpose: '装修', monthlyIncome: '40000', monthlyDebt: '2000',
      employmentYears: 8, bureauOverdue24m: 0, bureauInquiries6m: 1, bureauCurrentOverdue: 0, ...extra,
    }, book.ctx(role)),
  );
  for (const kind of ['id_card', 'income_proof']) {
    await ok(callApi('applications/addDocument', { applicationId: created.id, kind, fileName: `${kind}.png`, contentBase64: PNG }, book.ctx(role)));
  }
  return created;
}

describe('origination', () => {
  it('screens, scores, prices and routes an application by amount; only another person with the authority approves', async () => {
    book = await setUp();
    const c = await customer('officer', '陈静', idNumber('110105', '19850312', '002'), '13812345678');
    const app = await application('officer', c);
    const submitted = await ok<{ state: string; grade: string; requiredRole: string; declinedBy: string[] }>(callApi('applications/submit', { id: app.id }, book.ctx('officer')));
    expect(submitted.declinedBy).toEqual([]);
    expect(['scored', 'review']).toContain(submitted.state);
    // 150,000 is above the officer's 50,000 and within the senior approver's 200,000.
    expect(submitted.requiredRole).toBe('senior_approver');

    // The officer who entered it cannot approve it, by the api directly.
    const byOfficer = await callApi('applications/decide', { id: app.id, action: 'approve', note: '同意' }, book.ctx('officer'));
    expect(byOfficer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', key: 'applications.makerChecker' } });
    // Collections staff cannot decide at all.
    expect(await callApi('applications/decide', { id: app.id, action: 'approve', note: '同意' }, book.ctx('collections'))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const page = await ok<{ actions: string[]; assessment: { rules: { code: string; outcome: string }[]; score: { reasons: unknown[] } } }>(callApi('applications/get', { id: app.id }, book.ctx('senior_approver')));
    expect(page.actions).toEqual(expect.arrayContaining(['approve', 'decline', 'return']));
    expect(page.assessment.rules.find((r) => r.code === 'BLACKLIST')?.outcome).toBe('pass');

    const approved = await ok<{ state: string }>(callApi('applications/decide', { id: app.id, action: 'approve', note: '收入稳定，同意' }, book.ctx('senior_approver')));
    expect(approved.state).toBe('approved');
    const audit = book.db.prepare("SELECT summary, user_id FROM audit_log WHERE entity_id = ? ORDER BY id").all(app.id) as { summary: string; user_id: string }[];
    const summaries = audit.map((a) => a.summary).join('\n');
    expect(summaries).toMatch(/screening \(rules v0\): AGE_MIN pass/);
    expect(summaries).toMatch(/score \d+ grade [A-E]/);
    expect(summaries).toMatch(/approved by senior_approver: 收入稳定，同意/);
  });

  it('declines a blacklisted applicant at screening, with the reason, and nobody can approve it after', async () => {
    book = await setUp();
    const phone = '13900001111';
    await ok(callApi('lists/add', { list: 'black', kind: 'phone', value: phone, reason: '冒用他人身份申请' }, book.ctx('senior_approver')));
    // Officers may read the lists but not change them.
    expect(await callApi('lists/add', { list: 'black', kind: 'phone', value: '13900002222', reason: 'x' }, book.ctx('officer'))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const c = await customer('officer', '赵黑', idNumber('110105', '19900101', '005'), phone);
    const app = await application('officer', c, { amount: '30000' });
    const submitted = await ok<{ state: string; declinedBy: string[] }>(callApi('applications/submit', { id: app.id }, book.ctx('officer')));
    expect(submitted).toMatchObject({ state: 'declined', declinedBy: ['BLACKLIST'] });
    const page = await ok<{ assessment: { rules: { code: string; message: string }[] } }>(callApi('applications/get', { id: app.id }, book.ctx('officer', 'zh-CN')));
    expect(page.assessment.rules.find((r) => r.code === 'BLACKLIST')?.message).toBe('手机号命中黑名单：冒用他人身份申请');
    expect(await callApi('applications/decide', { id: app.id, action: 'approve', note: 'x' }, book.ctx('branch_manager'))).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'applications.state' } });
  });

  it('refuses to submit without the product’s required documents', async () => {
    book = await setUp();
    const c = await customer('officer', '孙缺', idNumber('110105', '19880808', '003'), '13812340000');
    const created = await ok<{ id: string }>(callApi('applications/create', { customerId: c, productId: 'P-EI', amount: '20000', term: 12, purpose: '消费', monthlyIncome: '9000' }, book.ctx('officer')));
    expect(await callApi('applications/submit', { id: created.id }, book.ctx('officer'))).toMatchObject({ ok: false, error: { code: 'RULE', key: 'applications.documentsMissing' } });
    const row = book.db.prepare('SELECT state FROM applications WHERE id = ?').get(created.id) as { state: string };
    expect(row.state).toBe('draft');
  });

  it('an officer approves small amounts of others; an approval against the score needs a kept reason', async () => {
    book = await setUp();
    const c = await customer('senior_approver', '周弱', idNumber('110105', '19950505', '007'), '13812341111');
    // Thin file, heavy debts, late payments: a low grade.
    const app = await application('senior_approver', c, { amount: '10000', term: 12, monthlyIncome: '4000', monthlyDebt: '1200', employmentYears: 0, bureauOverdue24m: 4, bureauInquiries6m: 8 });
    const submitted = await ok<{ grade: string; requiredRole: string; state: string }>(callApi('applications/submit', { id: app.id }, book.ctx('senior_approver')));
    expect(submitted.requiredRole).toBe('officer');
    expect(submitted.grade).toBe('E');
    const noReason = await callApi('applications/decide', { id: app.id, action: 'approve', note: '同意' }, book.ctx('officer'));
    expect(noReason).toMatchObject({ ok: false, error: { key: 'applications.overrideReason' } });
    const reason = '担保人提供足额存单质押，风险可控';
    const approved = await ok<{ state: string }>(callApi('applications/decide', { id: app.id, action: 'approve', note: '同意', overrideReason: reason }, book.ctx('officer')));
    expect(approved.state).toBe('approved');
    const kept = book.db.prepare("SELECT kind, detail, user_id FROM decisions WHERE application_id = ? AND kind = 'override'").get(app.id) as { detail: string; user_id: string };
    expect(JSON.parse(kept.detail)).toMatchObject({ reason, grade: 'E', recommendation: 'decline' });
    const audit = book.db.prepare("SELECT count(*) AS n FROM audit_log WHERE entity_id = ? AND summary LIKE 'override of the score%'").get(app.id) as { n: number };
    expect(audit.n).toBe(1);
  });

  it('nobody decides what they submitted, whoever entered it and by whatever route (the api, the browser-mode host)', async () => {
    book = await setUp();
    const c = await customer('officer', '吴双', idNumber('110105', '19870420', '006'), '13812342222');
    // Entered by an officer, submitted by the branch manager: neither may decide it.
    const app = await application('officer', c, { amount: '30000', term: 12 });
    await ok(callApi('applications/submit', { id: app.id }, book.ctx('branch_manager')));
    for (const role of ['officer', 'branch_manager'] as const) {
      for (const action of ['approve', 'decline', 'return']) {
        expect(await callApi('applications/decide', { id: app.id, action, note: '自批', overrideReason: '理由足够长的说明文字' }, book.ctx(role)), `${role} ${action}`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', key: 'applications.makerChecker' } });
      }
    }
    const page = await ok<{ actions: string[] }>(callApi('applications/get', { id: app.id }, book.ctx('branch_manager')));
    expect(page.actions.filter((a) => ['approve', 'decline', 'return'].includes(a))).toEqual([]);
    // Over HTTP, with the officer's own session, as the browser-mode desk would call it.
    const { startHost } = await import('../../src/host/http');
    const host = await startHost({ staticDir: book.dir, now: () => new Date('2025-06-01T09:00:00Z'), book: { db: book.db, dataDir: book.dir } });
    try {
      const res = await fetch(`${host.url}api/applications/decide`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-suanpan-token': host.token, 'x-suanpan-session': book.tokens.officer, origin: host.url.replace(/\/$/, '') },
        body: JSON.stringify({ id: app.id, action: 'approve', note: '自批' }),
      });
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', key: 'applications.makerChecker' } });
    } finally {
      await host.close();
    }
    const row = book.db.prepare('SELECT state, decided_by FROM applications WHERE id = ?').get(app.id) as { state: string; decided_by: string | null };
    expect(['scored', 'review']).toContain(row.state);
    expect(row.decided_by).toBeNull();
    // A senior approver (neither maker) may.
    expect((await callApi('applications/decide', { id: app.id, action: 'approve', note: '同意' }, book.ctx('senior_approver'))).ok).toBe(true);
  });

  it('every api method of origination is in the permission matrix', () => {
    for (const m of ['applications/queue', 'applications/get', 'applications/create', 'applications/submit', 'applications/decide', 'lists/add', 'settings/saveOrigination', 'scorecards/import']) {
      expect(METHOD_NAMES).toContain(m);
    }
  });
});
