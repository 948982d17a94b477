/**
 * SQL for collections: cases and their history, the contact log, planned contacts, promises to pay,
 * the borrower's consent to out-of-hours contact, and the priority queue. The conduct checks read a
 * debtor's contacts through loans_customer -> collection_cases_loan -> collection_actions_case, so
 * each is a few index probes whatever the size of the book. Lists follow their rows' ids where
 * times tie (ids are monotonic ULIDs, made by the engine). The queue, ranked by a score in whole
 * days, and the close's set-based statements are the dialect's (sqlite/collections.ts).
 */
import type { InferResult } from 'kysely';
import type { Q } from '../kysely';
import type { CaseStatus, CollectionCase, CollectionStore, PromiseStatus } from '../../collections/store';
import { collectionQueue } from '../sqlite/collections';

/** The queries behind the collection store, as built statements (the plan test reads them). */
export const collectionQueries = {
  caseById: (q: Q, id: string) =>
    q
      .selectFrom('collection_cases as k')
      .innerJoin('loans as l', 'l.id', 'k.loan_id')
      .innerJoin('customers as c', 'c.id', 'l.customer_id')
      .innerJoin('products as p', 'p.id', 'l.product_id')
      .leftJoin('users as u', 'u.id', 'k.assigned_to')
      .select([
        'k.id', 'k.loan_id', 'k.opened_date', 'k.closed_date', 'k.status', 'k.assigned_to', 'u.display_name as assigned_name', 'k.ladder_step',
        'k.last_contact_at', 'l.number as loan_number', 'l.status as loan_status', 'l.customer_id', 'c.name as customer_name', 'c.phone as customer_phone',
        'p.name_zh as product_name', 'p.name_en as product_name_en', 'l.principal', 'l.outstanding_principal', 'l.oldest_unpaid_due_date', 'l.five_category',
        'l.maturity_date',
      ])
      .where('k.id', '=', id),
  openCaseOfLoan: (q: Q, loanId: string) =>
    q.selectFrom('collection_cases').select('id').where('loan_id', '=', loanId).where('status', '<>', 'closed').orderBy('opened_date', 'desc').orderBy('id', 'desc').limit(1),
  loan: (q: Q, id: string) =>
    q.selectFrom('loans').select(['id', 'number', 'status', 'customer_id', 'outstanding_principal', 'oldest_unpaid_due_date']).where('id', '=', id),
  events: (q: Q, caseId: string) =>
    q
      .selectFrom('collection_case_events as e')
      .leftJoin('users as u', 'u.id', 'e.user_id')
      .leftJoin('users as f', 'f.id', 'e.from_user')
      .leftJoin('users as t', 't.id', 'e.to_user')
      .select(['e.id', 'e.at', 'e.business_date', 'e.kind', 'e.reason', 'e.user_id', 'u.display_name as user_name', 'f.display_name as from_name', 't.display_name as to_name'])
      .where('e.case_id', '=', caseId)
      .orderBy('e.at')
      .orderBy('e.id')
      .limit(200),
  actions: (q: Q, caseId: string) =>
    q
      .selectFrom('collection_actions as a')
      .leftJoin('users as u', 'u.id', 'a.user_id')
      .select([
        'a.id', 'a.at', 'a.local_time', 'a.recorded_at', 'a.user_id', 'u.display_name as user_name', 'a.channel', 'a.party', 'a.connected', 'a.outcome', 'a.note',
        'a.contact_name', 'a.contact_relation', 'a.script_acknowledged', 'a.scheduled_id', 'a.issued_document_id',
      ])
      .where('a.case_id', '=', caseId)
      .orderBy('a.at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(200),
  // A debtor's own contacts across all their loans' cases.
  debtorActions: (q: Q, customerId: string) =>
    q
      .selectFrom('loans as l')
      .innerJoin('collection_cases as k', 'k.loan_id', 'l.id')
      .innerJoin('collection_actions as a', 'a.case_id', 'k.id')
      .where('l.customer_id', '=', customerId)
      .where('a.party', '=', 'debtor'),
  connectedCalls: (q: Q, customerId: string, from: string, to: string) =>
    collectionQueries
      .debtorActions(q, customerId)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('a.channel', '=', 'call')
      .where('a.connected', '=', 1)
      .where('a.at', '>=', from)
      .where('a.at', '<', to),
  lastAttempts: (q: Q, customerId: string, n: number) =>
    collectionQueries
      .debtorActions(q, customerId)
      .select(['a.at', 'a.local_time', 'a.connected'])
      .where('a.channel', 'in', ['call', 'visit'])
      .orderBy('a.at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(n),
  consent: (q: Q, customerId: string, date: string) =>
    q
      .selectFrom('contact_consents as g')
      .leftJoin('users as r', 'r.id', 'g.recorded_by')
      .select(['g.id', 'g.given_date', 'g.how', 'g.recorded_at', 'r.display_name as recorded_by_name'])
      .where('g.customer_id', '=', customerId)
      .where('g.withdrawn_at', 'is', null)
      .where('g.given_date', '<=', date)
      .orderBy('g.given_date', 'desc')
      .orderBy('g.id', 'desc')
      .limit(1),
  contact: (q: Q, id: string, customerId: string) =>
    q.selectFrom('customer_contacts').select(['id', 'name', 'relation', 'phone']).where('id', '=', id).where('customer_id', '=', customerId),
  contacts: (q: Q, customerId: string) =>
    q.selectFrom('customer_contacts').select(['id', 'name', 'relation', 'phone']).where('customer_id', '=', customerId).orderBy('created_at').limit(50),
  schedule: (q: Q, caseId: string) =>
    q
      .selectFrom('collection_schedule as s')
      .leftJoin('users as u', 'u.id', 's.assigned_to')
      .select(['s.id', 's.planned_at', 's.local_time', 's.channel', 's.party', 's.contact_id', 's.assigned_to', 'u.display_name as assigned_name', 's.note', 's.done_action_id'])
      .where('s.case_id', '=', caseId)
      .orderBy('s.planned_at', 'desc')
      .limit(100),
  promises: (q: Q, caseId: string) =>
    q
      .selectFrom('promises as p')
      .leftJoin('users as u', 'u.id', 'p.created_by')
      .select([
        'p.id', 'p.case_id', 'p.promised_date', 'p.amount', 'p.status', 'p.created_at', 'p.created_date', 'u.display_name as created_by_name', 'p.decided_date',
        'p.paid_amount', 'p.note',
      ])
      .where('p.case_id', '=', caseId)
      .orderBy('p.created_at', 'desc')
      .orderBy('p.id', 'desc')
      .limit(100),
  pendingPromise: (q: Q, caseId: string) => q.selectFrom('promises').select(['id', 'promised_date']).where('case_id', '=', caseId).where('status', '=', 'pending'),
};

type CaseRow = InferResult<ReturnType<typeof collectionQueries.caseById>>[number];

const toCase = (r: CaseRow): CollectionCase => ({
  id: r.id,
  loanId: r.loan_id,
  openedDate: r.opened_date,
  closedDate: r.closed_date,
  status: r.status as CaseStatus,
  assignedTo: r.assigned_to,
  assignedName: r.assigned_name,
  ladderStep: r.ladder_step,
  lastContactAt: r.last_contact_at,
  loanNumber: r.loan_number,
  loanStatus: r.loan_status,
  customerId: r.customer_id,
  customerName: r.customer_name,
  customerPhone: r.customer_phone,
  productName: r.product_name,
  productNameEn: r.product_name_en,
  principal: r.principal,
  outstandingPrincipal: r.outstanding_principal,
  oldestUnpaidDueDate: r.oldest_unpaid_due_date,
  fiveCategory: r.five_category,
  maturityDate: r.maturity_date,
});

const changed = (r: { numUpdatedRows: bigint }): number => Number(r.numUpdatedRows);

/** Collections on the book behind `q` (the book, or a unit of work's transaction). */
export function collectionStore(q: Q): CollectionStore {
  return {
    caseById: async (id) => {
      const r = await collectionQueries.caseById(q, id).executeTakeFirst();
      return r && toCase(r);
    },
    openCaseOfLoan: async (loanId) => (await collectionQueries.openCaseOfLoan(q, loanId).executeTakeFirst())?.id ?? null,
    loan: async (id) => {
      const r = await collectionQueries.loan(q, id).executeTakeFirst();
      return (
        r && { id: r.id, number: r.number, status: r.status, customerId: r.customer_id, outstandingPrincipal: r.outstanding_principal, oldestUnpaidDueDate: r.oldest_unpaid_due_date }
      );
    },
    async insertCase(k) {
      await q
        .insertInto('collection_cases')
        .values({ id: k.id, loan_id: k.loanId, opened_date: k.openedDate, status: 'open', assigned_to: k.assignedTo, ladder_step: k.ladderStep })
        .execute();
    },
    setAssigned: async (caseId, assignedTo) =>
      changed(await q.updateTable('collection_cases').set({ assigned_to: assignedTo }).where('id', '=', caseId).where('status', '<>', 'closed').executeTakeFirstOrThrow()) === 1,
    setLegal: async (caseId) =>
      changed(await q.updateTable('collection_cases').set({ status: 'legal' }).where('id', '=', caseId).where('status', '=', 'open').executeTakeFirstOrThrow()) === 1,
    close: async (caseId, date) =>
      changed(
        await q.updateTable('collection_cases').set({ status: 'closed', closed_date: date }).where('id', '=', caseId).where('status', '<>', 'closed').executeTakeFirstOrThrow(),
      ) === 1,
    async touchContact(caseId, at) {
      await q
        .updateTable('collection_cases')
        .set({ last_contact_at: at })
        .where('id', '=', caseId)
        .where((eb) => eb.or([eb('last_contact_at', 'is', null), eb('last_contact_at', '<', at)]))
        .execute();
    },
    async insertEvent(e) {
      await q
        .insertInto('collection_case_events')
        .values({
          id: e.id,
          case_id: e.caseId,
          at: e.at,
          business_date: e.businessDate,
          user_id: e.userId,
          kind: e.kind,
          from_user: e.fromUser ?? null,
          to_user: e.toUser ?? null,
          reason: e.reason ?? null,
        })
        .execute();
    },
    events: async (caseId) =>
      (await collectionQueries.events(q, caseId).execute()).map((e) => ({
        id: e.id,
        at: e.at,
        businessDate: e.business_date,
        kind: e.kind,
        reason: e.reason,
        userId: e.user_id,
        userName: e.user_name,
        fromName: e.from_name,
        toName: e.to_name,
      })),
    actions: async (caseId) =>
      (await collectionQueries.actions(q, caseId).execute()).map((a) => ({
        id: a.id,
        at: a.at,
        localTime: a.local_time,
        recordedAt: a.recorded_at,
        userId: a.user_id,
        userName: a.user_name,
        channel: a.channel,
        party: a.party,
        connected: a.connected === 1,
        outcome: a.outcome,
        note: a.note,
        contactName: a.contact_name,
        contactRelation: a.contact_relation,
        scriptAcknowledged: a.script_acknowledged === 1,
        scheduledId: a.scheduled_id,
        issuedDocumentId: a.issued_document_id,
      })),
    async insertAction(a) {
      await q
        .insertInto('collection_actions')
        .values({
          id: a.id,
          case_id: a.caseId,
          at: a.at,
          user_id: a.userId,
          channel: a.channel,
          party: a.party,
          connected: a.connected ? 1 : 0,
          outcome: a.outcome,
          note: a.note,
          local_time: a.localTime,
          recorded_at: a.recordedAt,
          contact_id: a.contactId,
          contact_name: a.contactName,
          contact_relation: a.contactRelation,
          script_acknowledged: a.scriptAcknowledged ? 1 : 0,
          scheduled_id: a.scheduledId,
          issued_document_id: a.issuedDocumentId,
        })
        .execute();
    },
    connectedCalls: async (customerId, from, to) => Number((await collectionQueries.connectedCalls(q, customerId, from, to).executeTakeFirstOrThrow()).n),
    lastAttempts: async (customerId, n) =>
      (await collectionQueries.lastAttempts(q, customerId, n).execute()).map((a) => ({ at: a.at, localTime: a.local_time, connected: a.connected === 1 })),
    consent: async (customerId, date) => {
      const g = await collectionQueries.consent(q, customerId, date).executeTakeFirst();
      return g && { id: g.id, givenDate: g.given_date, how: g.how, recordedAt: g.recorded_at, recordedByName: g.recorded_by_name };
    },
    async insertConsent(g) {
      await q
        .insertInto('contact_consents')
        .values({ id: g.id, customer_id: g.customerId, given_date: g.givenDate, how: g.how, recorded_at: g.recordedAt, recorded_by: g.recordedBy })
        .execute();
    },
    withdrawConsent: async (customerId, at, userId) =>
      changed(
        await q
          .updateTable('contact_consents')
          .set({ withdrawn_at: at, withdrawn_by: userId })
          .where('customer_id', '=', customerId)
          .where('withdrawn_at', 'is', null)
          .executeTakeFirstOrThrow(),
      ),
    contact: (id, customerId) => collectionQueries.contact(q, id, customerId).executeTakeFirst(),
    contacts: (customerId) => collectionQueries.contacts(q, customerId).execute(),
    user: async (id) => {
      const u = await q.selectFrom('users').select(['id', 'role_id', 'active', 'display_name']).where('id', '=', id).executeTakeFirst();
      return u && { id: u.id, role: u.role_id, active: u.active === 1, displayName: u.display_name };
    },
    issued: async (id) => {
      const d = await q.selectFrom('issued_documents').select(['id', 'type', 'owner_type', 'owner_id']).where('id', '=', id).executeTakeFirst();
      return d && { id: d.id, type: d.type, ownerType: d.owner_type, ownerId: d.owner_id };
    },
    async insertSchedule(s) {
      await q
        .insertInto('collection_schedule')
        .values({
          id: s.id,
          case_id: s.caseId,
          planned_at: s.plannedAt,
          local_time: s.localTime,
          channel: s.channel,
          party: s.party,
          contact_id: s.contactId,
          assigned_to: s.assignedTo,
          note: s.note,
          created_at: s.createdAt,
          created_by: s.createdBy,
        })
        .execute();
    },
    schedule: async (caseId) =>
      (await collectionQueries.schedule(q, caseId).execute()).map((s) => ({
        id: s.id,
        plannedAt: s.planned_at,
        localTime: s.local_time,
        channel: s.channel,
        party: s.party,
        contactId: s.contact_id,
        assignedTo: s.assigned_to,
        assignedName: s.assigned_name,
        note: s.note,
        doneActionId: s.done_action_id,
      })),
    scheduleById: async (id) => {
      const s = await q.selectFrom('collection_schedule').select(['id', 'case_id', 'done_action_id']).where('id', '=', id).executeTakeFirst();
      return s && { id: s.id, caseId: s.case_id, doneActionId: s.done_action_id };
    },
    scheduleDone: async (id, actionId) =>
      changed(
        await q.updateTable('collection_schedule').set({ done_action_id: actionId }).where('id', '=', id).where('done_action_id', 'is', null).executeTakeFirstOrThrow(),
      ) === 1,
    promises: async (caseId) =>
      (await collectionQueries.promises(q, caseId).execute()).map((p) => ({
        id: p.id,
        caseId: p.case_id,
        promisedDate: p.promised_date,
        amount: p.amount,
        status: p.status as PromiseStatus,
        createdAt: p.created_at,
        createdDate: p.created_date,
        createdByName: p.created_by_name,
        decidedDate: p.decided_date,
        paidAmount: p.paid_amount,
        note: p.note,
      })),
    pendingPromise: async (caseId) => {
      const p = await collectionQueries.pendingPromise(q, caseId).executeTakeFirst();
      return p && { id: p.id, promisedDate: p.promised_date };
    },
    async insertPromise(p) {
      await q
        .insertInto('promises')
        .values({
          id: p.id,
          case_id: p.caseId,
          promised_date: p.promisedDate,
          amount: p.amount,
          status: 'pending',
          created_at: p.createdAt,
          created_by: p.createdBy,
          created_date: p.createdDate,
          note: p.note,
        })
        .execute();
    },
    queue: (query) => collectionQueue(q, query),
  };
}
