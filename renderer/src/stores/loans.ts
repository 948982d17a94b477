/**
 * The loans section: finding a loan by its number, and the open loan as the engine shows it (facts,
 * balances on the business date, the schedule with paid / due / overdue states, the ledger), the
 * payoff quote for a date, a repayment or prepayment previewed (the engine's split) before it is
 * posted, and the servicing actions open to the caller. Every figure is the engine's; the store only
 * carries what the officer typed, as text, until the engine checks it.
 */
import { create } from 'zustand';
import { ApiError, call, type ApiInput, type ApiResult } from '../api/client';
import { amountAsTyped } from '../format';
import { errorsOf, type FieldErrors, type Problem } from './applications';
import { useSession } from './session';
import { useApp } from './app';

export type LoanView = ApiResult<'loans/get'>;
export type ScheduleRow = LoanView['schedule'][number];
export type LedgerEntry = LoanView['ledger'][number];
export type PayoffQuote = ApiResult<'loans/payoffQuote'>;
export type Split = ApiResult<'loans/previewRepayment'>;
export type Recast = NonNullable<ApiInput<'loans/prepay'>['recast']>;
export const RECAST_CHOICES: Recast[] = ['reduce-payment', 'reduce-term'];

export type PaymentMode = 'repayment' | 'prepayment';

export interface PaymentForm {
  mode: PaymentMode;
  amount: string;
  date: string;
  reference: string;
  recast: Recast;
}

/** A loan opened at this desk, for going back to it. */
export interface RecentLoan {
  id: string;
  number: string;
  customerName: string;
  status: string;
}

export type ActionKind = 'waive' | 'reverse' | 'writeOff' | 'recover' | 'draw' | 'payoff';

export interface ActionInput {
  reason?: string;
  amount?: string;
  date?: string;
  reference?: string;
  penalty?: string;
  fee?: string;
  interest?: string;
  transactionId?: string;
}

const PAYMENT_FIELDS = ['amount', 'date', 'reference', 'recast'] as const;
const ACTION_FIELDS = ['reason', 'amount', 'date', 'reference', 'penalty', 'fee', 'interest'] as const;

/** The engine names the field of some refusals only in its key: place those by the field too. */
const KEY_FIELDS: Record<string, string> = {
  'servicing.excessTooSmall': 'amount',
  'servicing.overpaid': 'amount',
  'servicing.dateBeforeLast': 'date',
  'servicing.duplicateReference': 'reference',
  'servicing.recastUnavailable': 'recast',
  'servicing.prepayDisbursementDay': 'date',
  'servicing.lineLimit': 'amount',
  'servicing.recoveryExceeds': 'amount',
  'servicing.waiverAuthority': 'penalty',
  'servicing.drawAfterMaturity': 'date',
};

/** Field errors and the alert for a refusal: a refusal tied to a field shows by it, and as an alert. */
function refusal(e: unknown, known: readonly string[]): { fields: FieldErrors; problem: Problem | null } {
  const { fields, problem } = errorsOf(e, known);
  const err = e as { body?: { key?: string; message?: string } };
  const key = err.body?.key ?? '';
  const field = KEY_FIELDS[key];
  if (field && known.includes(field) && !fields[field]) fields[field] = err.body?.message ?? '';
  return { fields, problem: problem ?? (Object.keys(fields).some((f) => known.includes(f)) ? null : (e as Problem)) };
}

export const emptyPayment = (date = ''): PaymentForm => ({ mode: 'repayment', amount: '', date, reference: '', recast: 'reduce-payment' });

interface LoansState {
  lookup: string;
  lookupError: Problem | null;
  looking: boolean;
  recent: RecentLoan[];
  openId: string | null;
  view: LoanView | null;
  viewError: Problem | null;
  // payoff quote
  payoffDate: string;
  payoff: PayoffQuote | null;
  payoffError: Problem | null;
  quoting: boolean;
  // repayment / prepayment
  payment: PaymentForm;
  preview: Split | null;
  /** The form as it was previewed: posting needs a preview of exactly what is posted. */
  previewed: string | null;
  previewing: boolean;
  paymentErrors: FieldErrors;
  paymentError: Problem | null;
  posting: boolean;
  /** The request key of the payment being posted, and the payment (loan and form) it belongs to. */
  paymentKey: { form: string; key: string } | null;
  /** What the last posting did, for the desk to say so. */
  posted: { kind: Split['kind']; transactionId: string; amount: string } | null;
  // other actions
  action: ActionKind | null;
  actionBusy: boolean;
  actionErrors: FieldErrors;
  actionError: Problem | null;
  done: { kind: ActionKind; transactionId: string } | null;

  setLookup: (text: string) => void;
  find: () => Promise<boolean>;
  open: (ref: string | null) => Promise<void>;
  reload: () => Promise<void>;
  setPayoffDate: (date: string) => void;
  quote: () => Promise<void>;
  updatePayment: (patch: Partial<PaymentForm>) => void;
  previewPayment: () => Promise<boolean>;
  postPayment: () => Promise<boolean>;
  openAction: (kind: ActionKind | null) => void;
  act: (kind: ActionKind, input: ActionInput) => Promise<boolean>;
  disbursing: boolean;
  disburseError: Problem | null;
  /** Pays out a signed application; the new loan's id, or null when refused (the refusal is kept). */
  disburse: (applicationId: string) => Promise<{ loanId: string; number: string } | null>;
  clearDisburseError: () => void;
}

/** A key for one change, unique to this desk and moment. */
const newRequestKey = (): string => crypto.randomUUID();

const formKey = (f: PaymentForm): string => JSON.stringify([f.mode, amountAsTyped(f.amount), f.date, f.mode === 'prepayment' ? f.recast : '']);

let sequence = 0;

export const useLoans = create<LoansState>((set, get) => {
  const remember = (v: LoanView): void => {
    const entry: RecentLoan = { id: v.loan.id, number: v.loan.number, customerName: v.loan.customerName, status: v.loan.status };
    set({ recent: [entry, ...get().recent.filter((r) => r.id !== entry.id)].slice(0, 20) });
  };

  return {
    lookup: '',
    lookupError: null,
    looking: false,
    recent: [],
    openId: null,
    view: null,
    viewError: null,
    payoffDate: '',
    payoff: null,
    payoffError: null,
    quoting: false,
    payment: emptyPayment(),
    preview: null,
    previewed: null,
    previewing: false,
    paymentErrors: {},
    paymentError: null,
    posting: false,
    paymentKey: null,
    posted: null,
    action: null,
    actionBusy: false,
    actionErrors: {},
    actionError: null,
    done: null,
    disbursing: false,
    disburseError: null,

    disburse: async (applicationId) => {
      set({ disbursing: true, disburseError: null });
      try {
        const r = await call('loans/disburse', { applicationId });
        set({ disbursing: false });
        return { loanId: r.loanId, number: r.number };
      } catch (e) {
        set({ disbursing: false, disburseError: errorsOf(e).problem });
        return null;
      }
    },

    clearDisburseError: () => set({ disburseError: null }),

    setLookup: (lookup) => set({ lookup, lookupError: null }),

    find: async () => {
      const ref = get().lookup.trim();
      if (!ref) return false;
      set({ looking: true, lookupError: null });
      try {
        const view = await call('loans/get', { id: ref });
        set({ looking: false });
        remember(view);
        await get().open(view.loan.id);
        return true;
      } catch (e) {
        set({ looking: false, lookupError: errorsOf(e).problem });
        return false;
      }
    },

    open: async (ref) => {
      set({
        openId: ref, view: null, viewError: null, payoff: null, payoffError: null, payoffDate: '', preview: null, previewed: null,
        paymentErrors: {}, paymentError: null, posted: null, action: null, actionErrors: {}, actionError: null, done: null, payment: emptyPayment(),
      });
      if (!ref) return;
      await get().reload();
      const v = get().view;
      if (v) {
        // The view is read by id from here on (a number opens it too).
        set({ openId: v.loan.id, payoffDate: v.businessDate, payment: emptyPayment(v.businessDate) });
        remember(v);
      }
    },

    reload: async () => {
      const id = get().openId;
      if (!id) return;
      const mine = ++sequence;
      try {
        const view = await call('loans/get', { id });
        if (mine === sequence && get().openId === id) set({ view, viewError: null });
      } catch (e) {
        if (mine === sequence && get().openId === id) set({ viewError: errorsOf(e).problem });
      }
    },

    setPayoffDate: (payoffDate) => set({ payoffDate, payoff: null, payoffError: null }),

    quote: async () => {
      const v = get().view;
      if (!v) return;
      set({ quoting: true, payoffError: null });
      try {
        const date = get().payoffDate;
        const payoff = await call('loans/payoffQuote', { loanId: v.loan.id, ...(date ? { date } : {}) });
        set({ payoff, quoting: false });
      } catch (e) {
        set({ payoff: null, quoting: false, payoffError: errorsOf(e).problem });
      }
    },

    updatePayment: (patch) => {
      const payment = { ...get().payment, ...patch };
      const errors = { ...get().paymentErrors };
      for (const k of Object.keys(patch)) delete errors[k];
      if ('mode' in patch) delete errors.recast;
      // Any change to what was previewed asks for a new preview before posting.
      const same = get().previewed === formKey(payment);
      set({ payment, paymentErrors: errors, paymentError: null, posted: null, ...(same ? {} : { preview: null, previewed: null }) });
    },

    previewPayment: async () => {
      const v = get().view;
      const f = get().payment;
      if (!v) return false;
      if (!amountAsTyped(f.amount)) {
        set({ paymentErrors: { amount: 'required' }, preview: null, previewed: null });
        return false;
      }
      set({ previewing: true, paymentErrors: {}, paymentError: null, posted: null });
      try {
        const preview = await call('loans/previewRepayment', {
          loanId: v.loan.id,
          amount: amountAsTyped(f.amount),
          ...(f.date ? { date: f.date } : {}),
          ...(f.mode === 'prepayment' ? { recast: f.recast } : {}),
        });
        set({ preview, previewed: formKey(f), previewing: false });
        return true;
      } catch (e) {
        const { fields, problem } = refusal(e, PAYMENT_FIELDS);
        set({ preview: null, previewed: null, previewing: false, paymentErrors: fields, paymentError: problem });
        return false;
      }
    },

    postPayment: async () => {
      const v = get().view;
      const f = get().payment;
      if (!v || get().previewed !== formKey(f)) return false;
      // One key per payment as typed: posting it again after a failure (a lost answer, say) cannot pay twice.
      const form = JSON.stringify([v.loan.id, formKey(f), f.reference.trim()]);
      const previous = get().paymentKey;
      const key = previous?.form === form ? previous : { form, key: newRequestKey() };
      set({ posting: true, paymentErrors: {}, paymentError: null, paymentKey: key });
      const keyed = { requestKey: key.key };
      // The loan as this desk last saw it: if another desk posted since, the engine refuses and the view reloads.
      const base = { loanId: v.loan.id, seen: v.version, amount: amountAsTyped(f.amount), ...(f.date ? { date: f.date } : {}), ...(f.reference.trim() ? { reference: f.reference.trim() } : {}) };
      try {
        const r = f.mode === 'prepayment' ? await call('loans/prepay', { ...base, recast: f.recast }, keyed) : await call('loans/repay', base, keyed);
        set({ paymentKey: null, posting: false, posted: { kind: r.split.kind, transactionId: r.transactionId, amount: r.split.amount }, preview: null, previewed: null, payment: emptyPayment(f.date) });
        await get().reload();
        return true;
      } catch (e) {
        const { fields, problem } = refusal(e, PAYMENT_FIELDS);
        const changed = e instanceof ApiError && e.body.key === 'servicing.loanChanged';
        set({ posting: false, paymentErrors: fields, paymentError: problem, ...(changed ? { preview: null, previewed: null } : {}) });
        if (changed) await get().reload();
        return false;
      }
    },

    openAction: (action) => set({ action, actionErrors: {}, actionError: null, done: action ? null : get().done }),

    act: async (kind, input) => {
      const v = get().view;
      if (!v) return false;
      const loanId = v.loan.id;
      const text = (s: string | undefined): string => (s ?? '').trim();
      const amount = (s: string | undefined): string => amountAsTyped(s ?? '');
      const opt = <K extends string>(k: K, s: string): Partial<Record<K, string>> => (s ? ({ [k]: s } as Record<K, string>) : {});
      // What the engine would refuse as empty is checked here first, by the field.
      const missing: FieldErrors = {};
      if ((kind === 'waive' || kind === 'reverse' || kind === 'writeOff') && !text(input.reason)) missing.reason = 'required';
      if ((kind === 'recover' || kind === 'draw') && !amount(input.amount)) missing.amount = 'required';
      if (Object.keys(missing).length) {
        set({ actionErrors: missing, actionError: null });
        return false;
      }
      set({ actionBusy: true, actionErrors: {}, actionError: null });
      try {
        let transactionId = '';
        if (kind === 'waive') {
          const r = await call('loans/waive', {
            loanId, reason: text(input.reason), ...opt('penalty', amount(input.penalty)), ...opt('fee', amount(input.fee)), ...opt('interest', amount(input.interest)), ...opt('date', text(input.date)),
          });
          transactionId = r.transactionId;
        } else if (kind === 'reverse') {
          const r = await call('loans/reverse', { transactionId: text(input.transactionId), reason: text(input.reason) });
          transactionId = r.transactionId;
        } else if (kind === 'writeOff') {
          const r = await call('loans/writeOff', { loanId, reason: text(input.reason) });
          transactionId = r.transactionId;
        } else if (kind === 'recover') {
          const r = await call('loans/recover', { loanId, amount: amount(input.amount), ...opt('date', text(input.date)), ...opt('reference', text(input.reference)) });
          transactionId = r.transactionId;
        } else if (kind === 'draw') {
          const r = await call('loans/draw', { loanId, seen: v.version, amount: amount(input.amount), ...opt('date', text(input.date)), ...opt('reference', text(input.reference)) });
          transactionId = r.transactionId;
        } else {
          const r = await call('loans/payoff', { loanId, ...opt('date', text(input.date)), ...opt('reference', text(input.reference)) });
          transactionId = r.transactionId;
        }
        set({ actionBusy: false, action: null, done: { kind, transactionId }, payoff: null });
        await get().reload();
        return true;
      } catch (e) {
        const { fields, problem } = refusal(e, ACTION_FIELDS);
        set({ actionBusy: false, actionErrors: fields, actionError: problem });
        return false;
      }
    },
  };
});

/** Opens a loan's page from anywhere on the desk (by id or number). */
export async function openLoan(ref: string): Promise<void> {
  useApp.getState().setPage('loans');
  await useLoans.getState().open(ref);
}

// Another person at the desk starts from the lookup, not from what the last one had open.
useSession.subscribe((s, prev) => {
  if (s.user?.userId !== prev.user?.userId) {
    useLoans.setState({ openId: null, view: null, viewError: null, recent: [], lookup: '', lookupError: null, preview: null, previewed: null, posted: null, action: null, done: null });
  }
});
