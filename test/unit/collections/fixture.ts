/**
 * A small loan book for collections tests: a borrower with a listed contact, late loans, staff, and a
 * clock the test moves. Calls go through the api (permission, transaction, audit) as a signed-in
 * user would, without sessions that would end when the clock jumps hours ahead.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBook } from '../../../src/book';
import { callApi, DESK_PERMISSIONS, type ApiContext, type ApiResponse, type MethodName } from '../../../src/api';
import { createUser } from '../../../src/identity/service';
import { ROLE_PERMISSIONS, type Role } from '../../../src/identity/roles';
import { identityRepo } from '../../../src/db/repos/identity';
import { ulidSource } from '../../../src/ids';
import { insertStandardProducts } from '../../../src/origination/products';
import { applicationStore } from '../../../src/db/repos/applications';
import { identityStore } from '../../../src/db/repos/identity';
import { kyselyOf } from '../../../src/db/kysely';

export interface Fixture {
  db: ReturnType<typeof openBook>;
  ids: ReturnType<typeof ulidSource>;
  /** Moves the clock (an instant, UTC). */
  at: (iso: string) => void;
  setBusinessDate: (date: string) => void;
  users: Record<string, string>;
  call: (name: MethodName, input: Record<string, unknown>, user?: string, lang?: 'en' | 'zh-CN') => Promise<ApiResponse>;
  must: <T = { id: string }>(name: MethodName, input: Record<string, unknown>, user?: string) => Promise<T>;
  customer: (id: string, name: string, idNumber: string) => void;
  contact: (id: string, customerId: string, name: string, relation: string) => void;
  loan: (id: string, customerId: string, options: { oldest: string | null; outstanding: number; status?: string }) => void;
  close: () => void;
}

const STAFF: [string, Role][] = [
  ['collector', 'collections'],
  ['collector2', 'collections'],
  ['manager', 'branch_manager'],
  ['officer', 'officer'],
  ['admin', 'admin'],
];

export async function fixture(start = '2025-06-02T02:00:00.000Z', businessDate = '2025-06-02'): Promise<Fixture> {
  let now = new Date(start);
  const clock = () => now;
  const dir = mkdtempSync(join(tmpdir(), 'suanpan-collections-'));
  const db = openBook(join(dir, 'book.db'), { now: clock });
  const ids = ulidSource(() => now.getTime());
  identityRepo(db).setBusinessDate(businessDate);
  await insertStandardProducts(applicationStore(kyselyOf(db)), start);
  const users: Record<string, string> = {};
  const roles: Record<string, Role> = {};
  for (const [username, role] of STAFF) {
    users[username] = (await createUser(identityStore(kyselyOf(db)), ids, now, { username, displayName: `${username} name`, password: 'desk2025pass', role })).id;
    roles[username] = role;
  }
  const ctx = (username: string, lang: 'en' | 'zh-CN'): ApiContext => ({
    lang,
    permissions: new Set([...DESK_PERMISSIONS, ...ROLE_PERMISSIONS[roles[username] as Role]]),
    user: { sessionId: 's', userId: users[username] as string, username, displayName: username, role: roles[username] as Role },
    now: clock,
    emit: () => {},
    db,
    ids,
    dataDir: dir,
  });
  const call = (name: MethodName, input: Record<string, unknown>, user = 'collector', lang: 'en' | 'zh-CN' = 'en') => callApi(name, input, ctx(user, lang));
  return {
    db,
    ids,
    users,
    at: (iso) => {
      now = new Date(iso);
    },
    setBusinessDate: (date) => identityRepo(db).setBusinessDate(date),
    call,
    must: async <T>(name: MethodName, input: Record<string, unknown>, user = 'collector') => {
      const r = await call(name, input, user);
      if (!r.ok) throw new Error(`${name}: ${r.error.key} ${r.error.message}`);
      return r.result as T;
    },
    customer: (id, name, idNumber) => {
      db.prepare(`INSERT INTO customers (id, kind, name, id_number, phone, created_at, updated_at) VALUES (?, 'individual', ?, ?, '13800000000', ?, ?)`).run(id, name, idNumber, start, start);
    },
    contact: (id, customerId, name, relation) => {
      db.prepare('INSERT INTO customer_contacts (id, customer_id, name, relation, phone, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, customerId, name, relation, '13900000000', start);
    },
    loan: (id, customerId, { oldest, outstanding, status = 'active' }) => {
      db.prepare(`INSERT INTO loans (id, number, customer_id, product_id, method, principal, annual_rate, term, frequency, day_count, disbursement_date,
          first_due_date, maturity_date, amount_received, status, outstanding_principal, oldest_unpaid_due_date, created_at)
        VALUES (?, ?, ?, 'P-EI', 'equal-installment', ?, '0.12', 12, 'monthly', '30/360', '2024-06-10', '2024-07-10', '2025-06-10', ?, ?, ?, ?, ?)`)
        .run(id, `DK-${id}`, customerId, Math.max(outstanding, 1), Math.max(outstanding, 1), status, outstanding, oldest, start);
    },
    close: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Payments into a loan, as the ledger would record them. */
export function pay(f: Fixture, id: string, loanId: string, valueDate: string, amount: number, kind = 'repayment', reverses: string | null = null): void {
  f.db.prepare(`INSERT INTO transactions (id, loan_id, kind, value_date, business_date, amount, reverses_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(id, loanId, kind, valueDate, valueDate, amount, reverses, `${valueDate}T09:00:00.000Z`);
}
