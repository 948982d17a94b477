/**
 * The collections desk: the priority queue (a keyset page at a time, in the engine's order), the
 * open case as the engine shows it (loan, overdue installments, contact log, promises, planned
 * contacts, the conduct limits as they stand and the actions open to the caller), the forms that
 * act on it, and one loan's notice or final demand. The engine enforces the conduct rules; the desk
 * shows them up front and puts each refusal by the field it concerns.
 */
import { create } from 'zustand';
import { ApiError, call, type ApiInput, type ApiResult } from '../api/client';
import type { Lang } from '../i18n';
import { errorsOf, type FieldErrors, type Problem } from './applications';
import { makePreview, type Preview } from './documents';
import { useSession } from './session';
import { useApp } from './app';

export type QueueRow = ApiResult<'collections/queue'>['rows'][number];
export type CaseView = ApiResult<'collections/case'>;
export type CaseAction = CaseView['allowedActions'][number];
export type Bucket = NonNullable<ApiInput<'collections/queue'>['bucket']>;
export type PromiseFilter = NonNullable<ApiInput<'collections/queue'>['promise']>;
export type Channel = ApiInput<'collections/logContact'>['channel'];
export type Outcome = ApiInput<'collections/logContact'>['outcome'];
export type Party = NonNullable<ApiInput<'collections/logContact'>['party']>;
export type NoticeType = ApiInput<'documents/notice'>['type'];

export const BUCKETS: Bucket[] = ['1-30', '31-60', '61-90', '91-180', '181-360', '>360', 'current'];
export const PROMISE_FILTERS: PromiseFilter[] = ['pending', 'broken', 'kept', 'none'];
export const CHANNELS: Channel[] = ['call', 'sms', 'letter', 'visit', 'note'];
export const SCHEDULE_CHANNELS: Channel[] = ['call', 'sms', 'letter', 'visit'];
/** Channels that reach a person at a moment: the quiet hours apply, and a listed contact may be reached by them. */
export const TIMED_CHANNELS: Channel[] = ['call', 'sms', 'visit'];
/** Channels that can be connected (a person answered or was met). */
export const CONNECTING_CHANNELS: Channel[] = ['call', 'visit'];
/** The outcomes that make sense for each channel (the engine takes any of them). */
export const OUTCOMES_BY_CHANNEL: Record<Channel, Outcome[]> = {
  call: ['promised', 'paid', 'callback', 'hardship', 'dispute', 'refused', 'left-message', 'no-answer', 'busy', 'switched-off', 'wrong-number', 'other'],
  sms: ['sent', 'delivered', 'other'],
  letter: ['sent', 'delivered', 'returned', 'other'],
  visit: ['met', 'promised', 'paid', 'hardship', 'dispute', 'refused', 'not-home', 'other'],
  note: ['other', 'promised', 'paid', 'dispute', 'hardship'],
};
export const NOTICE_TYPES: NoticeType[] = ['notice', 'demand'];

/** Who the queue shows: the caller's cases, everyone's, no one's, or one collector's (managers). */
export type StaffFilter = 'mine' | 'all' | 'none' | string;

export interface QueueFilters {
  bucket: Bucket | null;
  staff: StaffFilter;
  promise: PromiseFilter | null;
}

export interface Collector {
  id: string;
  name: string;
}

export interface ContactForm {
  channel: Channel;
  party: Party;
  contactId: string;
  connected: boolean;
  outcome: Outcome | '';
  note: string;
  /** The debtor's local time as typed, 'YYYY-MM-DD HH:MM'. */
  at: string;
  scriptAcknowledged: boolean;
  assignedTo: string;
  /** The planned contact this log carries out, if any. */
  scheduledId: string;
}

export type FormKind = 'logContact' | 'schedule' | 'promise' | 'consent' | 'assign' | 'escalate';

/** The engine's refusals that are about one field of the contact form, though the engine names none. */
const RULE_FIELDS: Record<string, string> = {
  'collections.quietHours': 'at',
  'collections.timeInFuture': 'at',
  'collections.timeTooOld': 'at',
  'collections.scheduleInPast': 'at',
  'collections.localTime': 'at',
  'collections.callCap': 'connected',
  'collections.debtorReachable': 'party',
  'collections.contactRequired': 'contactId',
  'collections.contactNotListed': 'contactId',
  'collections.scriptRequired': 'scriptAcknowledged',
};

/** Field errors from a refusal: those the engine names, and the conduct rules it words without a field. */
export function formErrorsOf(e: unknown, known: readonly string[]): { fields: FieldErrors; problem: Problem | null } {
  const { fields, problem } = errorsOf(e, known);
  if (e instanceof ApiError) {
    const field = RULE_FIELDS[e.body.key];
    if (field && known.includes(field) && !fields[field]) {
      fields[field] = e.body.message;
      // The conduct rules stay in view as an alert too: the officer must not miss why it was refused.
      return { fields, problem: e.body.code === 'RULE' ? e : null };
    }
  }
  return { fields, problem };
}

/** 'YYYY-MM-DDTHH:MM' (the engine's local time) as the officer reads and types it. */
export const localToText = (local: string): string => local.replace('T', ' ');
/** What the officer typed as the engine's local time: the space (or the T) between date and time. */
export const textToLocal = (text: string): string => text.trim().replace(/\s+/, 'T');

export const emptyContact = (at = ''): ContactForm => ({
  channel: 'call',
  party: 'debtor',
  contactId: '',
  connected: false,
  outcome: '',
  note: '',
  at,
  scriptAcknowledged: false,
  assignedTo: '',
  scheduledId: '',
});

const PAGE = 100;

interface CollectionsState {
  filters: QueueFilters;
  rows: QueueRow[];
  next: string | null;
  loading: boolean;
  queueError: Problem | null;
  /** Collectors a manager can filter by and assign to (those with users.read). */
  collectors: Collector[];

  openId: string | null;
  view: CaseView | null;
  viewError: Problem | null;
  /** The form open on the case page, if any, and what it starts with (a planned contact being carried out). */
  form: FormKind | null;
  draft: Partial<ContactForm> | null;
  busy: FormKind | 'close' | NoticeType | null;
  fieldErrors: FieldErrors;
  formError: Problem | null;
  /** What the last action did, for a short confirmation. */
  done: FormKind | 'close' | null;
  /** This case's notice or demand, when printed. */
  preview: Preview | null;
  noticeError: Problem | null;

  setFilters: (patch: Partial<QueueFilters>) => Promise<void>;
  load: (more?: boolean) => Promise<void>;
  loadCollectors: () => Promise<void>;
  open: (id: string | null) => Promise<void>;
  reload: () => Promise<void>;
  openForm: (form: FormKind | null, draft?: Partial<ContactForm>) => void;
  logContact: (form: ContactForm) => Promise<boolean>;
  schedule: (form: ContactForm) => Promise<boolean>;
  promise: (input: { amount: string; promisedDate: string; note: string }) => Promise<boolean>;
  consent: (input: { given: boolean; givenOn: string; how: string }) => Promise<boolean>;
  assign: (userId: string | null) => Promise<boolean>;
  escalate: (reason: string) => Promise<boolean>;
  close: (note: string) => Promise<boolean>;
  printNotice: (type: NoticeType, lang: Lang) => Promise<void>;
  closePreview: () => void;
}

const CONTACT_FIELDS = ['channel', 'party', 'contactId', 'connected', 'outcome', 'note', 'at', 'scriptAcknowledged', 'assignedTo'] as const;

/** Collectors start on their own cases; managers on everyone's. */
const startFilters = (role: string | undefined): QueueFilters => ({ bucket: null, staff: role === 'collections' ? 'mine' : 'all', promise: null });

export const useCollections = create<CollectionsState>((set, get) => {
  const show = (preview: Preview | null): void => {
    const old = get().preview;
    if (old) URL.revokeObjectURL(old.url);
    set({ preview });
  };

  /** Runs one action on the open case: on success the form closes and the case is read again. */
  const act = async (kind: FormKind | 'close', known: readonly string[], fn: (caseId: string) => Promise<unknown>): Promise<boolean> => {
    const id = get().openId;
    if (!id || get().busy) return false;
    set({ busy: kind, fieldErrors: {}, formError: null, done: null });
    try {
      await fn(id);
      if (get().openId !== id) return true;
      set({ busy: null, form: null, done: kind });
      await get().reload();
      return true;
    } catch (e) {
      const { fields, problem } = formErrorsOf(e, known);
      set({ busy: null, fieldErrors: fields, formError: problem });
      return false;
    }
  };

  let loadSeq = 0;

  return {
    // The store loads with the collections section, after sign-in: it starts from whoever is at the desk.
    filters: startFilters(useSession.getState().user?.role),
    rows: [],
    next: null,
    loading: false,
    queueError: null,
    collectors: [],
    openId: null,
    view: null,
    viewError: null,
    form: null,
    draft: null,
    busy: null,
    fieldErrors: {},
    formError: null,
    done: null,
    preview: null,
    noticeError: null,

    setFilters: async (patch) => {
      set({ filters: { ...get().filters, ...patch } });
      await get().load();
    },

    load: async (more = false) => {
      const { filters, next } = get();
      if (more && !next) return;
      const seq = ++loadSeq;
      const userId = useSession.getState().user?.userId;
      const assignedTo = filters.staff === 'all' ? undefined : filters.staff === 'mine' ? userId : filters.staff;
      set({ loading: true, queueError: null });
      try {
        const page = await call('collections/queue', {
          ...(filters.bucket ? { bucket: filters.bucket } : {}),
          ...(assignedTo ? { assignedTo } : {}),
          ...(filters.promise ? { promise: filters.promise } : {}),
          ...(more && next ? { cursor: next } : {}),
          limit: PAGE,
        });
        if (seq !== loadSeq) return;
        set({ rows: more ? [...get().rows, ...page.rows] : page.rows, next: page.next, loading: false });
      } catch (e) {
        if (seq !== loadSeq) return;
        set({ loading: false, queueError: errorsOf(e).problem, ...(more ? {} : { rows: [], next: null }) });
      }
    },

    loadCollectors: async () => {
      if (!useSession.getState().permissions.includes('users.read')) {
        set({ collectors: [] });
        return;
      }
      try {
        const users = await call('users/list', { limit: 200 });
        set({ collectors: users.filter((u) => u.active && (u.role === 'collections' || u.role === 'branch_manager')).map((u) => ({ id: u.id, name: u.displayName })) });
      } catch {
        set({ collectors: [] });
      }
    },

    open: async (id) => {
      if (id !== get().openId) {
        show(null);
        set({ openId: id, view: null, viewError: null, form: null, draft: null, fieldErrors: {}, formError: null, done: null, noticeError: null });
      }
      // Back on the queue, it reads itself again as it appears.
      if (id) await get().reload();
    },

    reload: async () => {
      const id = get().openId;
      if (!id) return;
      try {
        const view = await call('collections/case', { id });
        if (get().openId === id) set({ view, viewError: null });
      } catch (e) {
        if (get().openId === id) set({ viewError: errorsOf(e).problem });
      }
    },

    openForm: (form, draft) => set({ form, draft: draft ?? null, fieldErrors: {}, formError: null, done: null }),

    logContact: (f) =>
      act('logContact', CONTACT_FIELDS, (caseId) =>
        call('collections/logContact', {
          caseId,
          channel: f.channel,
          party: f.party,
          ...(f.party === 'contact' && f.contactId ? { contactId: f.contactId } : {}),
          connected: CONNECTING_CHANNELS.includes(f.channel) ? f.connected : false,
          // An empty outcome goes as typed, for the engine to refuse on the field.
          outcome: f.outcome as Outcome,
          ...(f.note.trim() ? { note: f.note.trim() } : {}),
          ...(f.at.trim() ? { at: textToLocal(f.at) } : {}),
          scriptAcknowledged: f.party === 'contact' ? f.scriptAcknowledged : false,
          ...(f.scheduledId ? { scheduledId: f.scheduledId } : {}),
        }),
      ),

    schedule: (f) =>
      act('schedule', CONTACT_FIELDS, (caseId) =>
        call('collections/schedule', {
          caseId,
          channel: f.channel as ApiInput<'collections/schedule'>['channel'],
          party: f.party,
          ...(f.party === 'contact' && f.contactId ? { contactId: f.contactId } : {}),
          at: textToLocal(f.at),
          ...(f.assignedTo ? { assignedTo: f.assignedTo } : {}),
          ...(f.note.trim() ? { note: f.note.trim() } : {}),
        }),
      ),

    promise: (p) =>
      act('promise', ['amount', 'promisedDate', 'note'], (caseId) =>
        call('collections/promise', { caseId, amount: p.amount.trim().replace(/[,，\s]/g, ''), promisedDate: p.promisedDate, ...(p.note.trim() ? { note: p.note.trim() } : {}) }),
      ),

    consent: (c) =>
      act('consent', ['given', 'givenOn', 'how'], (caseId) =>
        call('collections/consent', { caseId, given: c.given, ...(c.given && c.givenOn ? { givenOn: c.givenOn } : {}), ...(c.given ? { how: c.how.trim() } : {}) }),
      ),

    assign: (userId) => act('assign', ['userId'], (caseId) => call('collections/assign', { caseId, userId })),

    escalate: (reason) => act('escalate', ['reason'], (caseId) => call('collections/escalate', { caseId, reason: reason.trim() })),

    close: (note) => act('close', ['note'], (caseId) => call('collections/close', { caseId, ...(note.trim() ? { note: note.trim() } : {}) })),

    printNotice: async (type, lang) => {
      const loanId = get().view?.loan.id;
      const caseId = get().openId;
      if (!loanId || get().busy) return;
      set({ busy: type, noticeError: null });
      try {
        const r = await call('documents/notice', { loanId, type, lang });
        if (get().openId !== caseId) return;
        show(makePreview(r.contentBase64, { fileName: r.fileName, type: r.type, number: r.number, lang: r.lang, contentHash: r.contentHash }));
      } catch (e) {
        set({ noticeError: errorsOf(e).problem });
      } finally {
        set({ busy: null });
      }
    },

    closePreview: () => show(null),
  };
});

// Another person at the desk starts on their own queue, with no case of the last one's open.
useSession.subscribe((s, prev) => {
  if (s.user?.userId !== prev.user?.userId) {
    const old = useCollections.getState().preview;
    if (old) URL.revokeObjectURL(old.url);
    useCollections.setState({
      filters: startFilters(s.user?.role),
      rows: [],
      next: null,
      queueError: null,
      collectors: [],
      openId: null,
      view: null,
      viewError: null,
      form: null,
      draft: null,
      busy: null,
      fieldErrors: {},
      formError: null,
      done: null,
      preview: null,
      noticeError: null,
    });
  }
});

/** Opens a case's page from anywhere on the desk. */
export async function openCollectionCase(id: string): Promise<void> {
  useApp.getState().setPage('collections');
  await useCollections.getState().open(id);
}
