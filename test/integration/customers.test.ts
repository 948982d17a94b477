/**
 * Customers, their search and documents on both engines (a desk's SQLite file and an office book on
 * the run's throwaway PostgreSQL server: the same calls, the same answers), and the demo book on
 * real SQLite files.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { callApi } from '../../src/api';
import { buildDemoBook } from '../../src/demo/book';
import { dueDates } from '../../src/calendar';
import { checkCreditCode, checkIdNumber } from '../../src/customers/intake';
import { freshBook, freshOfficeBook, type Book, type OfficeTestBook } from '../helpers/book';
import { builderOf } from '../helpers/servicing';

let book: Book;
let either: Book | OfficeTestBook | undefined;
afterEach(async () => {
  book?.close();
  await either?.close();
  either = undefined;
});

const ENGINES = [
  { name: 'a desk’s book', open: async () => (either = await freshBook()) },
  { name: 'the office book', open: async () => (either = await freshOfficeBook()) },
] as const;

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex').toString('base64');

for (const engine of ENGINES) {
  let book: Book | OfficeTestBook;
  const create = async (input: Record<string, unknown>) => callApi('customers/create', input, book.ctx('officer'));

  describe(`customers on ${engine.name}`, () => {
    it('refuses intake failures field by field, in one answer', async () => {
      book = await engine.open();
      const r = await create({ kind: 'individual', name: '周小舟', idNumber: '110105194912310021', phone: '12345' });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('VALIDATION');
      expect(r.error.fields.map((f) => f.field).sort()).toEqual(['idNumber', 'phone']);
    });

    it('refuses a minor, by the business date', async () => {
      book = await engine.open(); // business date 2025-06-01
      const seventeen = '110105200806020019'; // born 2008-06-02: 16 on 2025-06-01
      expect(checkIdNumber(seventeen, '2025-06-01').ok).toBe(true);
      const r = await create({ kind: 'individual', name: '少年', idNumber: seventeen, phone: '13800000001' });
      expect(r).toMatchObject({ ok: false, error: { key: 'intake.minor' } });
    });

    it('takes a credit code that fails its checksum only with a written reason', async () => {
      book = await engine.open();
      const code = '91350100M000100Y44';
      expect(checkCreditCode(code).ok).toBe(false);
      const refused = await create({ kind: 'business', name: '早期代码公司', creditCode: code });
      expect(refused).toMatchObject({ ok: false, error: { key: 'intake.creditCodeChecksum' } });
      const taken = await create({ kind: 'business', name: '早期代码公司', creditCode: code, creditCodeOverrideReason: '营业执照原件核对无误，为早期赋码' });
      expect(taken.ok).toBe(true);
      const row = await builderOf(book).selectFrom('customers').select('credit_code_override').where('credit_code', '=', code).executeTakeFirstOrThrow();
      expect(row.credit_code_override).toContain('营业执照');
    });

    it('refuses a second customer with the same ID number', async () => {
      book = await engine.open();
      expect((await create({ kind: 'individual', name: '王小明', idNumber: '11010519491231002X', phone: '13812345678' })).ok).toBe(true);
      expect(await create({ kind: 'individual', name: '王晓明', idNumber: '11010519491231002x', phone: '13812345679' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'customers.duplicateIdNumber' } });
    });

    it('finds customers by any part of a name, phone fragment, ID ending or credit code', async () => {
      book = await engine.open();
      await create({ kind: 'individual', name: '欧阳明华', idNumber: '11010519491231002X', phone: '13812345678' });
      await create({ kind: 'individual', name: '李明', idNumber: '110101199003070070', phone: '13998765432' });
      await create({ kind: 'business', name: '福州示例贸易有限公司', creditCode: '91350100M000100Y43', phone: '13700001111' });
      const names = async (query: string) => {
        const r = await callApi('customers/search', { query }, book.ctx('officer'));
        if (!r.ok) throw new Error(r.error.message);
        return (r.result as { items: { name: string }[] }).items.map((i) => i.name).sort();
      };
      expect(await names('明')).toEqual(['李明', '欧阳明华']);
      expect(await names('阳明')).toEqual(['欧阳明华']);
      expect(await names('欧阳明华')).toEqual(['欧阳明华']);
      expect(await names('阳华')).toEqual([]); // not a run of the name
      expect(await names('2345')).toEqual(['欧阳明华']);
      expect(await names('138 1234')).toEqual(['欧阳明华']);
      expect(await names('002X')).toEqual(['欧阳明华']);
      expect(await names('110101199003070070')).toEqual(['李明']);
      expect(await names('91350100')).toEqual(['福州示例贸易有限公司']);
      expect(await names('示例')).toEqual(['福州示例贸易有限公司']);
    });

    it('pages through the list newest first', async () => {
      book = await engine.open();
      const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
      for (let i = 0; i < 5; i++) {
        // GB 11643 check character worked out here for each made-up number.
        const base = `11010519800101${String(i * 2 + 1).padStart(3, '0')}`;
        const check = '10X98765432'[[...base].reduce((a, d, j) => a + Number(d) * (w[j] as number), 0) % 11];
        expect((await create({ kind: 'individual', name: `客户${i}`, idNumber: base + check, phone: `1380000000${i}` })).ok).toBe(true);
      }
      const first = await callApi('customers/search', { limit: 2 }, book.ctx('officer'));
      const r1 = first.ok ? (first.result as { items: { name: string }[]; nextCursor: number }) : null;
      expect(r1?.items.map((x) => x.name)).toEqual(['客户4', '客户3']);
      const second = await callApi('customers/search', { limit: 2, cursor: r1?.nextCursor }, book.ctx('officer'));
      expect(second.ok && (second.result as { items: { name: string }[] }).items.map((x) => x.name)).toEqual(['客户2', '客户1']);
    });
  });

  describe(`documents on ${engine.name}`, () => {
    it('takes PDFs and images only, stored once by content hash, and gives them back unchanged', async () => {
      book = await engine.open();
      const c = await create({ kind: 'individual', name: '王小明', idNumber: '11010519491231002X', phone: '13812345678' });
      const customerId = c.ok ? (c.result as { id: string }).id : '';
      const text = await callApi('documents/add', { customerId, kind: 'other', fileName: 'notes.pdf', contentBase64: Buffer.from('not really a pdf').toString('base64') }, book.ctx('officer'));
      expect(text).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'documents.type' } });
      const a = await callApi('documents/add', { customerId, kind: 'id_card', fileName: 'front.png', contentBase64: PNG }, book.ctx('officer'));
      const b = await callApi('documents/add', { customerId, kind: 'id_card', fileName: 'again.png', contentBase64: PNG }, book.ctx('officer'));
      expect(a.ok && b.ok).toBe(true);
      const files = readdirSync(join(book.dir, 'documents'), { recursive: true }).filter((f) => String(f).length > 60);
      expect(files).toHaveLength(1);
      const back = await callApi('documents/content', { id: (a.ok ? (a.result as { id: string }).id : '') }, book.ctx('collections'));
      expect(back).toMatchObject({ ok: true, result: { mimeType: 'image/png', contentBase64: PNG } });
    });
  });
}

describe('the demo book', () => {
  it('is consistent: references resolve, schedules repay the principal, payments match allocations', async () => {
    book = await freshBook();
    const s = buildDemoBook(book.db, { loans: 400, seed: 3, businessDate: '2025-06-30', staff: true });
    expect(s.loans).toBe(400);
    expect(book.db.pragma('foreign_key_check')).toEqual([]);
    const badSchedules = book.db
      .prepare(`SELECT l.number FROM loans l JOIN installments i ON i.loan_id = l.id GROUP BY l.id HAVING sum(i.principal_due) <> l.principal`)
      .all();
    expect(badSchedules).toEqual([]);
    const badPayments = book.db
      .prepare(`SELECT t.id FROM transactions t JOIN allocations a ON a.transaction_id = t.id WHERE t.kind = 'repayment' GROUP BY t.id HAVING sum(a.principal + a.interest + a.fee + a.penalty) <> t.amount`)
      .all();
    expect(badPayments).toEqual([]);
    const outstanding = book.db
      .prepare(`SELECT l.number FROM loans l JOIN installments i ON i.loan_id = l.id WHERE l.status = 'active' GROUP BY l.id HAVING l.outstanding_principal <> sum(i.principal_due - i.principal_paid)`)
      .all();
    expect(outstanding).toEqual([]);
    // Due dates written by SQL are the engine's due dates for the same loan.
    const sample = book.db.prepare("SELECT id, first_due_date, term, maturity_date FROM loans WHERE method <> 'revolving' LIMIT 60").all() as { id: string; first_due_date: string; term: number; maturity_date: string }[];
    for (const l of sample) {
      const written = (book.db.prepare('SELECT due_date FROM installments WHERE loan_id = ? ORDER BY n').all(l.id) as { due_date: string }[]).map((d) => d.due_date);
      expect(written).toEqual(dueDates(l.first_due_date, l.term, 'monthly'));
      expect(written.at(-1)).toBe(l.maturity_date);
    }
    const methods = (book.db.prepare('SELECT DISTINCT method FROM loans ORDER BY method').all() as { method: string }[]).map((m) => m.method);
    expect(methods).toEqual(['equal-installment', 'equal-principal', 'flat', 'interest-only', 'revolving']);
    const states = (book.db.prepare('SELECT DISTINCT state FROM applications').all() as { state: string }[]).length;
    expect(states).toBe(11);
    const late = book.db.prepare("SELECT count(*) AS n FROM loans WHERE oldest_unpaid_due_date < '2025-06-30' AND status = 'active'").get() as { n: number };
    expect(late.n).toBeGreaterThan(0);
    for (const row of book.db.prepare("SELECT id_number FROM customers WHERE kind = 'individual'").all() as { id_number: string }[]) {
      expect(checkIdNumber(row.id_number, '2025-06-30').ok).toBe(true);
    }
    for (const row of book.db.prepare("SELECT credit_code FROM customers WHERE kind = 'business'").all() as { credit_code: string }[]) {
      expect(checkCreditCode(row.credit_code).ok).toBe(true);
    }
    // The same seed gives the same book.
    const other = await freshBook();
    buildDemoBook(other.db, { loans: 400, seed: 3, businessDate: '2025-06-30' });
    const digest = (b: Book) => JSON.stringify(b.db.prepare('SELECT number, principal, outstanding_principal, five_category FROM loans ORDER BY number').all());
    expect(digest(other)).toBe(digest(book));
    other.close();
  });
});
