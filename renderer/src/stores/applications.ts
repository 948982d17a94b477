/**
 * The applications section: the queue, the open application, and the new-application wizard.
 * Everything shown comes from the engine (rule results, score, offer, the actions open to the
 * caller); the store only carries what the officer typed, as text, until the engine checks it.
 */
import { create } from 'zustand';
import { ApiError, call, type ApiInput, type ApiResult } from '../api/client';
import { useSession } from './session';

export type QueueRow = ApiResult<'applications/queue'>['rows'][number];
export type ApplicationDetail = ApiResult<'applications/get'>;
export type Product = ApiResult<'products/list'>[number];
export type QueueState = NonNullable<ApiInput<'applications/queue'>['state']>;
export type Grade = NonNullable<ApiInput<'applications/queue'>['grade']>;
export type DocumentKind = ApiInput<'applications/addDocument'>['kind'];
export type Decision = ApiInput<'applications/decide'>['action'];
type ApplicationInput = ApiInput<'applications/create'>;

export const QUEUE_STATES: QueueState[] = ['open', 'draft', 'submitted', 'screened', 'scored', 'review', 'approved', 'declined', 'returned', 'signed', 'disbursed', 'withdrawn'];
export const GRADES: Grade[] = ['A', 'B', 'C', 'D', 'E'];

export interface Filters {
  state: QueueState;
  mine: boolean;
  grade: Grade | null;
  /** As typed; applied when it is a whole number. */
  minDays: string;
}

export interface WizardForm {
  productId: string;
  amount: string;
  term: string;
  purpose: string;
  monthlyIncome: string;
  monthlyDebt: string;
  employmentYears: string;
  employer: string;
  bureauOverdue24m: string;
  bureauInquiries6m: string;
  bureauCurrentOverdue: string;
  notes: string;
}

export interface WizardCustomer {
  id: string;
  name: string;
  idNumber: string | null;
  creditCode: string | null;
  phone: string | null;
}

/** Field errors hold the engine's translated message, or 'required' for an empty required field. */
export type FieldErrors = Record<string, string>;
/** A refusal not tied to one field: the engine's error (shown with its translated message), or a message. */
export type Problem = ApiError | string;

export interface Wizard {
  step: number;
  customer: WizardCustomer | null;
  form: WizardForm;
  draftId: string | null;
  number: string | null;
  /** The saved draft as the engine reads it (its checklist counts the customer's own documents). */
  draft: ApplicationDetail | null;
  errors: FieldErrors;
  error: Problem | null;
  busy: boolean;
  uploading: DocumentKind | null;
}

export const WIZARD_STEPS = ['customer', 'loan', 'finances', 'documents', 'review'] as const;
const LOAN_FIELDS = ['productId', 'amount', 'term', 'purpose'] as const;
const FINANCE_FIELDS = ['monthlyIncome', 'monthlyDebt', 'employmentYears', 'employer', 'bureauOverdue24m', 'bureauInquiries6m', 'bureauCurrentOverdue', 'notes'] as const;

export const emptyForm = (): WizardForm => ({
  productId: '',
  amount: '',
  term: '',
  purpose: '',
  monthlyIncome: '',
  monthlyDebt: '',
  employmentYears: '',
  employer: '',
  bureauOverdue24m: '',
  bureauInquiries6m: '',
  bureauCurrentOverdue: '',
  notes: '',
});

const newWizard = (): Wizard => ({ step: 0, customer: null, form: emptyForm(), draftId: null, number: null, draft: null, errors: {}, error: null, busy: false, uploading: null });

/** A whole number as typed goes as a number; anything else goes as typed, for the engine to refuse by field. */
const whole = (text: string): number => (/^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : (text.trim() as unknown as number));
const amountText = (text: string): string => text.trim().replace(/[,，\s]/g, '');

export function toInput(customerId: string, f: WizardForm): ApplicationInput {
  const input: ApplicationInput = { customerId, productId: f.productId, amount: amountText(f.amount), term: whole(f.term), purpose: f.purpose.trim() };
  if (f.monthlyIncome.trim()) input.monthlyIncome = amountText(f.monthlyIncome);
  if (f.monthlyDebt.trim()) input.monthlyDebt = amountText(f.monthlyDebt);
  if (f.employmentYears.trim()) input.employmentYears = whole(f.employmentYears);
  if (f.employer.trim()) input.employer = f.employer.trim();
  if (f.bureauOverdue24m.trim()) input.bureauOverdue24m = whole(f.bureauOverdue24m);
  if (f.bureauInquiries6m.trim()) input.bureauInquiries6m = whole(f.bureauInquiries6m);
  if (f.bureauCurrentOverdue.trim()) input.bureauCurrentOverdue = whole(f.bureauCurrentOverdue);
  if (f.notes.trim()) input.notes = f.notes.trim();
  return input;
}

const text = (v: string | number | null | undefined): string => (v === null || v === undefined ? '' : String(v));

export function formOf(d: ApplicationDetail): WizardForm {
  const a = d.application;
  return {
    productId: d.product.id,
    amount: a.amount,
    term: text(a.term),
    purpose: a.purpose,
    monthlyIncome: text(a.monthlyIncome),
    monthlyDebt: text(a.monthlyDebt),
    employmentYears: text(a.employmentYears),
    employer: text(a.employer),
    bureauOverdue24m: text(a.bureauOverdue24m),
    bureauInquiries6m: text(a.bureauInquiries6m),
    bureauCurrentOverdue: text(a.bureauCurrentOverdue),
    notes: text(a.notes),
  };
}

/**
 * The engine's error as per-field messages (request paths like `application.amount` reduced to
 * `amount`), and the error itself when no field carries it.
 */
export function errorsOf(e: unknown, known: readonly string[] = []): { fields: FieldErrors; problem: Problem | null } {
  if (!(e instanceof ApiError)) return { fields: {}, problem: e instanceof Error ? e.message : String(e) };
  const fields: FieldErrors = {};
  for (const f of e.body.fields) fields[f.field.replace(/^application\./, '')] ??= f.message;
  const placed = Object.keys(fields).some((f) => known.includes(f));
  return { fields, problem: placed ? null : e };
}

const ALL_FIELDS = ['customerId', ...LOAN_FIELDS, ...FINANCE_FIELDS] as const;
const ACTION_FIELDS = ['note', 'overrideReason'] as const;

/** The wizard step a field is entered on. */
function stepOf(field: string): number {
  if (field === 'customerId') return 0;
  if ((LOAN_FIELDS as readonly string[]).includes(field)) return 1;
  if ((FINANCE_FIELDS as readonly string[]).includes(field)) return 2;
  return -1;
}

interface ApplicationsState {
  filters: Filters;
  rows: QueueRow[];
  next: string | null;
  loading: boolean;
  queueError: Problem | null;
  products: Product[];
  openId: string | null;
  detail: ApplicationDetail | null;
  detailError: Problem | null;
  acting: Decision | 'withdraw' | 'submit' | null;
  actionErrors: FieldErrors;
  actionError: Problem | null;
  wizard: Wizard | null;
  setFilters: (patch: Partial<Filters>, userId: string | null) => void;
  load: (userId: string | null, more?: boolean) => Promise<void>;
  loadProducts: () => Promise<void>;
  open: (id: string | null) => Promise<void>;
  reload: () => Promise<void>;
  decide: (action: Decision, note: string, overrideReason: string) => Promise<boolean>;
  withdraw: (note: string) => Promise<boolean>;
  submit: (id: string) => Promise<boolean>;
  /** Attaches a document to the open application. */
  attach: (kind: DocumentKind, fileName: string, contentBase64: string) => Promise<void>;
  attaching: DocumentKind | null;
  clearActionErrors: () => void;
  startWizard: (from?: ApplicationDetail) => void;
  closeWizard: () => void;
  setCustomer: (c: WizardCustomer) => void;
  updateForm: (patch: Partial<WizardForm>) => void;
  goTo: (step: number) => Promise<void>;
  upload: (kind: DocumentKind, fileName: string, contentBase64: string) => Promise<void>;
  submitWizard: () => Promise<boolean>;
}

let queueSequence = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

export const useApplications = create<ApplicationsState>((set, get) => {
  const patchWizard = (patch: Partial<Wizard>): void => {
    const w = get().wizard;
    if (w) set({ wizard: { ...w, ...patch } });
  };

  const readDraft = async (id: string): Promise<void> => {
    const draft = await call('applications/get', { id });
    patchWizard({ draft });
  };

  /** Creates the draft, or saves the changes to it; false (with the errors placed) when refused. */
  const saveDraft = async (): Promise<boolean> => {
    const w = get().wizard;
    if (!w?.customer) return false;
    patchWizard({ busy: true, error: null });
    try {
      const input = toInput(w.customer.id, w.form);
      const saved = w.draftId ? await call('applications/update', { id: w.draftId, application: input }) : await call('applications/create', input);
      patchWizard({ draftId: saved.id, number: saved.number, errors: {} });
      await readDraft(saved.id);
      patchWizard({ busy: false });
      return true;
    } catch (e) {
      const { fields, problem } = errorsOf(e, ALL_FIELDS);
      const steps = Object.keys(fields).map(stepOf).filter((s) => s >= 0);
      const back = steps.length ? Math.min(...steps) : (get().wizard?.step ?? 0);
      patchWizard({ busy: false, errors: fields, error: problem, step: back });
      return false;
    }
  };

  return {
    filters: { state: 'open', mine: false, grade: null, minDays: '' },
    rows: [],
    next: null,
    loading: false,
    queueError: null,
    products: [],
    openId: null,
    detail: null,
    detailError: null,
    acting: null,
    actionErrors: {},
    actionError: null,
    wizard: null,

    setFilters: (patch, userId) => {
      set({ filters: { ...get().filters, ...patch } });
      clearTimeout(timer);
      timer = setTimeout(() => void get().load(userId), 'minDays' in patch ? 250 : 0);
    },

    load: async (userId, more = false) => {
      const mine = ++queueSequence;
      const { filters, next, rows } = get();
      set({ loading: true, queueError: null });
      const days = /^\d{1,4}$/.test(filters.minDays.trim()) ? Number(filters.minDays.trim()) : undefined;
      try {
        const page = await call('applications/queue', {
          state: filters.state,
          ...(filters.mine && userId ? { officerId: userId } : {}),
          ...(filters.grade ? { grade: filters.grade } : {}),
          ...(days ? { minDaysWaiting: days } : {}),
          ...(more && next ? { cursor: next } : {}),
          limit: 100,
        });
        if (mine !== queueSequence) return;
        set({ rows: more ? [...rows, ...page.rows] : page.rows, next: page.next, loading: false });
      } catch (e) {
        if (mine === queueSequence) set({ loading: false, queueError: errorsOf(e).problem });
      }
    },

    loadProducts: async () => {
      if (get().products.length) return;
      set({ products: await call('products/list', {}) });
    },

    open: async (id) => {
      set({ openId: id, detail: null, detailError: null, actionErrors: {}, actionError: null });
      if (id) await get().reload();
    },

    reload: async () => {
      const id = get().openId;
      if (!id) return;
      try {
        const detail = await call('applications/get', { id });
        if (get().openId === id) set({ detail, detailError: null });
      } catch (e) {
        if (get().openId === id) set({ detailError: errorsOf(e).problem });
      }
    },

    decide: async (action, note, overrideReason) => {
      const id = get().openId;
      if (!id) return false;
      set({ acting: action, actionErrors: {}, actionError: null });
      try {
        await call('applications/decide', { id, action, ...(note.trim() ? { note: note.trim() } : {}), ...(overrideReason.trim() ? { overrideReason: overrideReason.trim() } : {}) });
        set({ acting: null });
        await get().reload();
        return true;
      } catch (e) {
        const { fields, problem } = errorsOf(e, ACTION_FIELDS);
        set({ acting: null, actionErrors: fields, actionError: problem });
        return false;
      }
    },

    withdraw: async (note) => {
      const id = get().openId;
      if (!id) return false;
      set({ acting: 'withdraw', actionErrors: {}, actionError: null });
      try {
        await call('applications/withdraw', { id, note: note.trim() });
        set({ acting: null });
        await get().reload();
        return true;
      } catch (e) {
        const { fields, problem } = errorsOf(e, ACTION_FIELDS);
        set({ acting: null, actionErrors: fields, actionError: problem });
        return false;
      }
    },

    submit: async (id) => {
      set({ acting: 'submit', actionErrors: {}, actionError: null });
      try {
        await call('applications/submit', { id });
        set({ acting: null });
        if (get().openId === id) await get().reload();
        return true;
      } catch (e) {
        set({ acting: null, actionError: errorsOf(e).problem });
        return false;
      }
    },

    attaching: null,
    attach: async (kind, fileName, contentBase64) => {
      const id = get().openId;
      if (!id) return;
      set({ attaching: kind, actionError: null });
      try {
        await call('applications/addDocument', { applicationId: id, kind, fileName, contentBase64 });
        await get().reload();
      } catch (e) {
        set({ actionError: errorsOf(e).problem });
      } finally {
        set({ attaching: null });
      }
    },

    clearActionErrors: () => set({ actionErrors: {}, actionError: null }),

    startWizard: (from) => {
      void get().loadProducts();
      if (!from) return set({ wizard: newWizard() });
      const c = from.customer;
      set({
        wizard: {
          ...newWizard(),
          step: 1,
          customer: c ? { id: c.id, name: c.name, idNumber: c.idNumber, creditCode: c.creditCode, phone: c.phone } : null,
          form: formOf(from),
          draftId: from.application.id,
          number: from.application.number,
          draft: from,
        },
      });
    },

    closeWizard: () => set({ wizard: null }),

    setCustomer: (customer) => patchWizard({ customer, errors: {}, error: null }),

    updateForm: (patch) => {
      const w = get().wizard;
      if (!w) return;
      const errors = { ...w.errors };
      for (const k of Object.keys(patch)) delete errors[k];
      patchWizard({ form: { ...w.form, ...patch }, errors });
    },

    goTo: async (step) => {
      const w = get().wizard;
      if (!w || w.busy || step < 0 || step >= WIZARD_STEPS.length) return;
      if (step <= w.step) return patchWizard({ step, error: null });
      // Forward: each step's own checks, then the draft is saved when the figures are all in.
      if (!w.customer) return patchWizard({ step: 0, errors: { customerId: 'required' } });
      if (step >= 2) {
        const missing: FieldErrors = {};
        for (const f of LOAN_FIELDS) if (!w.form[f].trim()) missing[f] = 'required';
        if (Object.keys(missing).length) return patchWizard({ step: 1, errors: missing });
      }
      if (step >= 3 && w.step <= 2 && !(await saveDraft())) return;
      patchWizard({ step, error: null });
    },

    upload: async (kind, fileName, contentBase64) => {
      const w = get().wizard;
      if (!w?.draftId) return;
      patchWizard({ uploading: kind, error: null });
      try {
        await call('applications/addDocument', { applicationId: w.draftId, kind, fileName, contentBase64 });
        await readDraft(w.draftId);
        patchWizard({ uploading: null });
      } catch (e) {
        patchWizard({ uploading: null, error: errorsOf(e).problem });
      }
    },

    submitWizard: async () => {
      const w = get().wizard;
      if (!w?.draftId) return false;
      patchWizard({ busy: true, error: null });
      try {
        await call('applications/submit', { id: w.draftId });
        set({ wizard: null });
        await get().open(w.draftId);
        return true;
      } catch (e) {
        patchWizard({ busy: false, error: errorsOf(e).problem });
        return false;
      }
    },
  };
});

// Another person at the desk starts from the queue, not from what the last one had open.
useSession.subscribe((s, prev) => {
  if (s.user?.userId !== prev.user?.userId) {
    useApplications.setState({ openId: null, detail: null, detailError: null, wizard: null, rows: [], next: null, actionErrors: {}, actionError: null, filters: { state: 'open', mine: false, grade: null, minDays: '' } });
  }
});
