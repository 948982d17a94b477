/**
 * SQL for origination: products, applications and their events and decisions, the application
 * queue (keyset pages over indexes), black and white lists and scorecards.
 */
import { sql, type Selectable, type SqlBool } from 'kysely';
import type { Q } from '../kysely';
import type { BookSchema } from '../schema';
import { nonPerformingList } from '../rules';
import { PENDING_STATES, type Application, type ApplicationFields, type ApplicationStore, type ListEntry, type ListHit, type Product, type QueueFilter } from '../../origination/store';

// The open-state list must match the partial index applications_open (migration 0003) word for
// word, as literals: a list of bound values would not tell the planner the index covers the query.
const OPEN = sql<SqlBool>`a.state IN ('draft', 'submitted', 'screened', 'scored', 'review', 'returned', 'approved')`;

/** The queries behind the application store, as built statements (the plan test reads them). */
export const applicationQueries = {
  /**
   * The queue, one statement per way in (open or one state, with or without an officer, with or
   * without a grade): each reads the index made for it (applications_open, _state, _officer, _grade).
   */
  queue: (q: Q, f: QueueFilter) => {
    let b = q
      .selectFrom('applications as a')
      .innerJoin('customers as c', 'c.id', 'a.customer_id')
      .leftJoin('users as u', 'u.id', 'a.officer_id')
      .select([
        'a.id', 'a.number', 'a.customer_id', 'c.name as customer_name', 'a.product_id', 'a.amount', 'a.term', 'a.state', 'a.score', 'a.grade',
        'a.officer_id', 'u.display_name as officer_name', 'a.required_role', 'a.review_reasons', 'a.submitted_at', 'a.created_at',
      ]);
    if (f.officerId) b = b.where('a.officer_id', '=', f.officerId);
    b = f.state === 'open' ? b.where(OPEN) : b.where('a.state', '=', f.state);
    if (f.grade) b = b.where('a.grade', '=', f.grade);
    return b
      .where('a.created_at', '<=', f.waitedSince)
      .where((eb) => eb(eb.refTuple('a.created_at', 'a.id'), '>', eb.tuple(f.afterAt, f.afterId)))
      .orderBy('a.created_at')
      .orderBy('a.id')
      .limit(f.limit);
  },
  lastNumber: (q: Q, prefix: string) =>
    q.selectFrom('applications').select('number').where('number', '>', prefix).where('number', '<', `${prefix}~`).orderBy('number', 'desc').limit(1),
  // Ids are engine-made and increase (src/ids.ts): events of one instant come in the order they were made.
  events: (q: Q, applicationId: string) =>
    q
      .selectFrom('application_events as e')
      .leftJoin('users as u', 'u.id', 'e.user_id')
      .select(['e.id', 'e.at', 'e.user_id', 'u.display_name as user_name', 'e.from_state', 'e.to_state', 'e.note'])
      .where('e.application_id', '=', applicationId)
      .orderBy('e.at')
      .orderBy('e.id')
      .limit(200),
  decisions: (q: Q, applicationId: string) =>
    q
      .selectFrom('decisions as d')
      .leftJoin('users as u', 'u.id', 'd.user_id')
      .select(['d.id', 'd.kind', 'd.outcome', 'd.detail', 'd.user_id', 'u.display_name as user_name', 'd.at'])
      .where('d.application_id', '=', applicationId)
      .orderBy('d.at')
      .orderBy('d.id')
      .limit(200),
  documents: (q: Q, applicationId: string, customerId: string) =>
    q
      .selectFrom('documents')
      .select(['id', 'owner_type', 'kind', 'file_name', 'mime_type', 'size_bytes', 'sha256', 'uploaded_at'])
      .where((eb) =>
        eb.or([
          eb.and([eb('owner_type', '=', 'application'), eb('owner_id', '=', applicationId)]),
          eb.and([eb('owner_type', '=', 'customer'), eb('owner_id', '=', customerId)]),
        ]),
      )
      .orderBy('uploaded_at', 'desc')
      .limit(100),
  listHits: (q: Q, idNumber: string | null, phone: string | null, creditCode: string | null) =>
    q
      .selectFrom('list_entries')
      .select(['list', 'kind', 'value', 'reason'])
      .where('removed_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb.and([eb('kind', '=', 'id_number'), eb('value', '=', idNumber)]),
          eb.and([eb('kind', '=', 'phone'), eb('value', '=', phone)]),
          eb.and([eb('kind', '=', 'credit_code'), eb('value', '=', creditCode)]),
        ]),
      )
      .orderBy('list')
      .limit(10),
  listPage: (q: Q, beforeAt: string, beforeId: string, limit: number) =>
    q
      .selectFrom('list_entries as l')
      .leftJoin('users as u', 'u.id', 'l.added_by')
      .select(['l.id', 'l.list', 'l.kind', 'l.value', 'l.reason', 'l.added_at', 'u.display_name as added_by_name'])
      .where('l.removed_at', 'is', null)
      .where((eb) => eb(eb.refTuple('l.added_at', 'l.id'), '<', eb.tuple(beforeAt, beforeId)))
      .orderBy('l.added_at', 'desc')
      .orderBy('l.id', 'desc')
      .limit(limit),
  listByValue: (q: Q, kind: string, value: string) =>
    q
      .selectFrom('list_entries as l')
      .leftJoin('users as u', 'u.id', 'l.added_by')
      .select(['l.id', 'l.list', 'l.kind', 'l.value', 'l.reason', 'l.added_at', 'u.display_name as added_by_name'])
      .where('l.removed_at', 'is', null)
      .where('l.kind', '=', kind)
      .where('l.value', '=', value)
      .orderBy('l.list')
      .limit(10),
  // What the book knows about an applicant.
  loanStates: (q: Q, customerId: string, businessDate: string) =>
    q
      .selectFrom('loans')
      .select((eb) => [
        sql<number>`coalesce(sum(CASE WHEN status = 'active' AND oldest_unpaid_due_date < ${businessDate} THEN 1 ELSE 0 END), 0)`.as('late'),
        sql<number>`coalesce(sum(CASE WHEN status = 'written_off' OR five_category IN (${sql.raw(nonPerformingList())}) THEN 1 ELSE 0 END), 0)`.as('bad'),
        sql<number>`coalesce(sum(CASE WHEN status = 'closed' THEN 1 ELSE 0 END), 0)`.as('closed'),
        eb.fn.countAll<number>().as('loans'),
      ])
      .where('customer_id', '=', customerId),
  openApplication: (q: Q, customerId: string, exceptId: string) =>
    q.selectFrom('applications').select('number').where('customer_id', '=', customerId).where('id', '<>', exceptId).where('state', 'in', PENDING_STATES).limit(1),
};

type ApplicationTableRow = Selectable<BookSchema['applications']>;
type ProductTableRow = Selectable<BookSchema['products']>;

const toApplication = (r: ApplicationTableRow): Application => ({
  id: r.id,
  number: r.number,
  customerId: r.customer_id,
  productId: r.product_id,
  amount: r.amount,
  term: r.term,
  purpose: r.purpose,
  state: r.state,
  monthlyIncome: r.monthly_income,
  monthlyDebt: r.monthly_debt,
  employmentYears: r.employment_years,
  bureauOverdue24m: r.bureau_overdue_24m,
  bureauInquiries6m: r.bureau_inquiries_6m,
  bureauCurrentOverdue: r.bureau_current_overdue,
  facts: r.facts,
  score: r.score,
  grade: r.grade,
  pd: r.pd,
  offeredRate: r.offered_rate,
  offeredAmount: r.offered_amount,
  offeredTerm: r.offered_term,
  officerId: r.officer_id,
  submittedBy: r.submitted_by,
  submittedAt: r.submitted_at,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  assessment: r.assessment,
  reviewReasons: r.review_reasons,
  requiredRole: r.required_role,
  rulesVersion: r.rules_version,
  scorecardVersion: r.scorecard_version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toProduct = (r: ProductTableRow): Product => ({
  id: r.id,
  code: r.code,
  nameZh: r.name_zh,
  nameEn: r.name_en,
  method: r.method,
  frequency: r.frequency,
  minRate: r.min_rate,
  maxRate: r.max_rate,
  minTerm: r.min_term,
  maxTerm: r.max_term,
  minAmount: r.min_amount,
  maxAmount: r.max_amount,
  interestMode: r.interest_mode,
  dayCount: r.day_count,
  principalGrace: r.principal_grace,
  rounding: r.rounding,
  paymentMultiple: r.payment_multiple,
  decimals: r.decimals,
  upfrontFeeRate: r.upfront_fee_rate,
  upfrontFeeDeducted: r.upfront_fee_deducted === 1,
  installmentFee: r.installment_fee,
  penaltyMarkup: r.penalty_markup,
  allocationOrder: r.allocation_order,
  lineAllocation: r.line_allocation,
  requiredDocuments: r.required_documents,
  active: r.active === 1,
});

const fieldColumns = (f: ApplicationFields) => ({
  product_id: f.productId,
  amount: f.amount,
  term: f.term,
  purpose: f.purpose,
  monthly_income: f.monthlyIncome,
  monthly_debt: f.monthlyDebt,
  employment_years: f.employmentYears,
  bureau_overdue_24m: f.bureauOverdue24m,
  bureau_inquiries_6m: f.bureauInquiries6m,
  bureau_current_overdue: f.bureauCurrentOverdue,
  facts: f.facts,
});

const toListEntry = (r: { id: string; list: string; kind: string; value: string; reason: string; added_at: string; added_by_name: string | null }): ListEntry => ({
  id: r.id,
  list: r.list as ListEntry['list'],
  kind: r.kind as ListEntry['kind'],
  value: r.value,
  reason: r.reason,
  addedAt: r.added_at,
  addedByName: r.added_by_name,
});

/** Origination's tables on the book behind `q` (the book, or a unit of work's transaction). */
export function applicationStore(q: Q): ApplicationStore {
  return {
    products: async () => (await q.selectFrom('products').selectAll().where('active', '=', 1).orderBy('code').limit(200).execute()).map(toProduct),
    productById: async (id) => {
      const r = await q.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toProduct(r);
    },
    async insertProduct(p) {
      await q
        .insertInto('products')
        .values({
          id: p.id,
          code: p.code,
          name_zh: p.nameZh,
          name_en: p.nameEn,
          method: p.method,
          frequency: 'monthly',
          min_rate: p.minRate,
          max_rate: p.maxRate,
          min_term: p.minTerm,
          max_term: p.maxTerm,
          min_amount: p.minAmount,
          max_amount: p.maxAmount,
          day_count: p.dayCount,
          line_allocation: p.lineAllocation,
          required_documents: p.requiredDocuments,
          created_at: p.createdAt,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    },

    async insert(a) {
      await q
        .insertInto('applications')
        .values({ id: a.id, number: a.number, customer_id: a.customerId, state: 'draft', officer_id: a.officerId, created_at: a.createdAt, updated_at: a.createdAt, ...fieldColumns(a) })
        .execute();
    },
    async update(id, fields, at) {
      await q.updateTable('applications').set({ ...fieldColumns(fields), updated_at: at }).where('id', '=', id).execute();
    },
    lastNumber: async (prefix) => (await applicationQueries.lastNumber(q, prefix).executeTakeFirst())?.number ?? null,
    byId: async (id) => {
      const r = await q.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toApplication(r);
    },
    setState: async (id, from, to, at) =>
      Number((await q.updateTable('applications').set({ state: to, updated_at: at }).where('id', '=', id).where('state', '=', from).executeTakeFirst()).numUpdatedRows) === 1,
    async submitted(id, userId, at) {
      await q.updateTable('applications').set({ submitted_by: userId, submitted_at: at }).where('id', '=', id).execute();
    },
    async saveAssessment(id, a, at) {
      await q
        .updateTable('applications')
        .set({
          score: a.score,
          grade: a.grade,
          pd: a.pd,
          offered_rate: a.offeredRate,
          offered_amount: a.offeredAmount,
          offered_term: a.offeredTerm,
          assessment: a.assessment,
          review_reasons: a.reviewReasons,
          required_role: a.requiredRole,
          rules_version: a.rulesVersion,
          scorecard_version: a.scorecardVersion,
          updated_at: at,
        })
        .where('id', '=', id)
        .execute();
    },
    async decided(id, userId, at) {
      await q.updateTable('applications').set({ decided_by: userId, decided_at: at }).where('id', '=', id).execute();
    },
    async insertEvent(e) {
      await q
        .insertInto('application_events')
        .values({ id: e.id, application_id: e.applicationId, at: e.at, user_id: e.userId, from_state: e.fromState, to_state: e.toState, note: e.note })
        .execute();
    },
    async insertDecision(d) {
      await q
        .insertInto('decisions')
        .values({ id: d.id, application_id: d.applicationId, kind: d.kind, outcome: d.outcome, detail: d.detail, user_id: d.userId, at: d.at })
        .execute();
    },
    events: async (applicationId) =>
      (await applicationQueries.events(q, applicationId).execute()).map((e) => ({
        id: e.id,
        at: e.at,
        userId: e.user_id,
        userName: e.user_name,
        fromState: e.from_state,
        toState: e.to_state,
        note: e.note,
      })),
    decisions: async (applicationId) =>
      (await applicationQueries.decisions(q, applicationId).execute()).map((d) => ({
        id: d.id,
        kind: d.kind,
        outcome: d.outcome,
        detail: d.detail,
        userId: d.user_id,
        userName: d.user_name,
        at: d.at,
      })),
    documents: async (applicationId, customerId) =>
      (await applicationQueries.documents(q, applicationId, customerId).execute()).map((d) => ({
        id: d.id,
        ownerType: d.owner_type,
        kind: d.kind,
        fileName: d.file_name,
        mimeType: d.mime_type,
        sizeBytes: d.size_bytes,
        sha256: d.sha256,
        uploadedAt: d.uploaded_at,
      })),
    userName: async (id) => (id ? ((await q.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirst())?.display_name ?? null) : null),
    queue: async (filter) =>
      (await applicationQueries.queue(q, filter).execute()).map((r) => ({
        id: r.id,
        number: r.number,
        customerId: r.customer_id,
        customerName: r.customer_name,
        productId: r.product_id,
        amount: r.amount,
        term: r.term,
        state: r.state,
        score: r.score,
        grade: r.grade,
        officerId: r.officer_id,
        officerName: r.officer_name,
        requiredRole: r.required_role,
        reviewReasons: r.review_reasons,
        submittedAt: r.submitted_at,
        createdAt: r.created_at,
      })),

    listHits: async (idNumber, phone, creditCode) => (await applicationQueries.listHits(q, idNumber, phone, creditCode).execute()) as ListHit[],
    listPage: async (beforeAt, beforeId, limit) => (await applicationQueries.listPage(q, beforeAt, beforeId, limit).execute()).map(toListEntry),
    listByValue: async (kind, value) => (await applicationQueries.listByValue(q, kind, value).execute()).map(toListEntry),
    async listInsert(e) {
      await q.insertInto('list_entries').values({ id: e.id, list: e.list, kind: e.kind, value: e.value, reason: e.reason, added_at: e.addedAt, added_by: e.addedBy }).execute();
    },
    listRemove: async (id, at) =>
      Number((await q.updateTable('list_entries').set({ removed_at: at }).where('id', '=', id).where('removed_at', 'is', null).executeTakeFirst()).numUpdatedRows) === 1,

    loanStates: async (customerId, businessDate) => {
      const r = await applicationQueries.loanStates(q, customerId, businessDate).executeTakeFirstOrThrow();
      return { late: r.late, bad: r.bad, closed: r.closed, loans: r.loans };
    },
    openApplication: async (customerId, exceptId) => (await applicationQueries.openApplication(q, customerId, exceptId).executeTakeFirst())?.number ?? null,

    activeScorecard: async () => {
      const r = await q.selectFrom('scorecards').select(['id', 'name', 'version', 'model', 'created_at']).where('active', '=', 1).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
      return r && { id: r.id, name: r.name, version: r.version, model: r.model, createdAt: r.created_at };
    },
    scorecards: async () =>
      (
        await q
          .selectFrom('scorecards as s')
          .leftJoin('users as u', 'u.id', 's.created_by')
          .select(['s.id', 's.name', 's.version', 's.active', 's.created_at', 'u.display_name as created_by_name'])
          .orderBy('s.created_at', 'desc')
          .limit(100)
          .execute()
      ).map((s) => ({ id: s.id, name: s.name, version: s.version, active: s.active === 1, createdAt: s.created_at, createdByName: s.created_by_name })),
    scorecardExists: async (name, version) => (await q.selectFrom('scorecards').select('id').where('name', '=', name).where('version', '=', version).executeTakeFirst()) !== undefined,
    async insertScorecard(c) {
      await q.insertInto('scorecards').values({ id: c.id, name: c.name, version: c.version, model: c.model, active: 0, created_at: c.at, created_by: c.userId }).execute();
    },
    async activateScorecard(id) {
      await q.updateTable('scorecards').set({ active: 0 }).where('active', '=', 1).execute();
      await q.updateTable('scorecards').set({ active: 1 }).where('id', '=', id).execute();
    },
  };
}
