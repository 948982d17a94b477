/**
 * The quote screen's state: what the officer typed (as text, exactly) and what the engine answered.
 * Every figure shown comes from the engine; nothing here recomputes money.
 */
import { create } from 'zustand';
import { ApiError, call, type ApiInput, type ApiResult } from '../api/client';
import { percentToFraction } from '../format';

export type Method = 'equal-installment' | 'equal-principal' | 'interest-only' | 'flat';
export type Frequency = 'monthly' | 'quarterly' | 'semi-monthly' | 'biweekly' | 'weekly';

export interface QuoteForm {
  principal: string;
  ratePercent: string;
  term: string;
  method: Method;
  frequency: Frequency;
  disbursementDate: string;
  firstDueDate: string;
  principalGrace: string;
  upfrontFee: string;
  feeDeducted: boolean;
  perInstallmentFee: string;
  interest: 'per-period' | 'daily';
  dayCount: '30/360' | 'ACT/360' | 'ACT/365' | 'ACT/ACT';
  rounding: 'half-up' | 'half-even' | 'up' | 'down';
  paymentMultiple: '0.01' | '1' | '100';
}

export type FieldErrors = Partial<Record<keyof QuoteForm | 'form', string>>;

interface QuoteState {
  form: QuoteForm;
  result: ApiResult<'quote/schedule'> | null;
  errors: FieldErrors;
  busy: boolean;
  comparison: ApiResult<'quote/compare'> | null;
  comparing: boolean;
  compareMethods: Method[];
  update: (patch: Partial<QuoteForm>) => void;
  /** First quote of the session, on the business date, without waiting out the typing debounce. */
  start: (businessDate: string) => void;
  run: () => Promise<void>;
  compare: () => Promise<void>;
  closeCompare: () => void;
  setCompareMethods: (methods: Method[]) => void;
}

export const initialForm = (): QuoteForm => ({
  principal: '100000',
  ratePercent: '12',
  term: '12',
  method: 'equal-installment',
  frequency: 'monthly',
  disbursementDate: '',
  firstDueDate: '',
  principalGrace: '0',
  upfrontFee: '',
  feeDeducted: true,
  perInstallmentFee: '',
  interest: 'per-period',
  dayCount: '30/360',
  rounding: 'half-up',
  paymentMultiple: '0.01',
});

/** Engine field names -> form fields, for showing each error under its own input. */
const FIELD_OF: Record<string, keyof QuoteForm> = {
  principal: 'principal',
  annualRate: 'ratePercent',
  term: 'term',
  method: 'method',
  frequency: 'frequency',
  disbursementDate: 'disbursementDate',
  firstDueDate: 'firstDueDate',
  principalGrace: 'principalGrace',
  paymentMultiple: 'paymentMultiple',
};

const asNumber = (text: string): number | string => (/^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : text);

type ScheduleInput = ApiInput<'quote/schedule'>;

export function toRequest(form: QuoteForm): { request: ScheduleInput | null; errors: FieldErrors; fields: Record<string, keyof QuoteForm> } {
  const fields: Record<string, keyof QuoteForm> = { ...FIELD_OF };
  const annualRate = percentToFraction(form.ratePercent);
  if (annualRate === null) return { request: null, errors: { ratePercent: 'rateFormat' }, fields };
  const fees: NonNullable<ScheduleInput['fees']> = [];
  if (form.upfrontFee.trim()) {
    fields[`fees[${fees.length}].amount`] = 'upfrontFee';
    fees.push({ kind: 'upfront', amount: form.upfrontFee.trim(), deducted: form.feeDeducted });
  }
  if (form.perInstallmentFee.trim()) {
    fields[`fees[${fees.length}].amount`] = 'perInstallmentFee';
    fees.push({ kind: 'per-installment', amount: form.perInstallmentFee.trim() });
  }
  const request: ScheduleInput = {
    principal: form.principal.trim().replace(/,/g, ''),
    annualRate,
    term: asNumber(form.term) as number,
    method: form.method,
    frequency: form.frequency,
    disbursementDate: form.disbursementDate,
    ...(form.firstDueDate ? { firstDueDate: form.firstDueDate } : {}),
    principalGrace: form.method === 'interest-only' ? 0 : (asNumber(form.principalGrace || '0') as number),
    interest: form.interest,
    dayCount: form.dayCount,
    rounding: form.rounding,
    paymentMultiple: form.paymentMultiple,
    ...(fees.length ? { fees } : {}),
  };
  return { request, errors: {}, fields };
}

let sequence = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

export const useQuote = create<QuoteState>((set, get) => ({
  form: initialForm(),
  result: null,
  errors: {},
  busy: false,
  comparison: null,
  comparing: false,
  compareMethods: ['equal-installment', 'equal-principal', 'interest-only'],
  update: (patch) => {
    set({ form: { ...get().form, ...patch } });
    clearTimeout(timer);
    timer = setTimeout(() => void get().run(), 120);
  },
  start: (businessDate) => {
    set({ form: { ...get().form, disbursementDate: businessDate } });
    void get().run();
  },
  run: async () => {
    // The disbursement date defaults to the business date, which arrives with system/info.
    if (!get().form.disbursementDate) return;
    const { request, errors, fields } = toRequest(get().form);
    if (!request) return set({ errors });
    const mine = ++sequence;
    set({ busy: true });
    try {
      const result = await call('quote/schedule', request);
      if (mine === sequence) set({ result, errors: {}, busy: false });
    } catch (e) {
      if (mine !== sequence) return;
      const fieldErrors: FieldErrors = {};
      if (e instanceof ApiError) {
        for (const f of e.body.fields) {
          const field = fields[f.field] ?? 'form';
          fieldErrors[field] ??= f.message;
        }
        if (e.body.fields.length === 0) fieldErrors.form = e.body.message;
      } else fieldErrors.form = (e as Error).message;
      // Keep the last good schedule on screen, marked stale, while the input is being corrected.
      set({ errors: fieldErrors, busy: false });
    }
  },
  compare: async () => {
    const { request } = toRequest(get().form);
    if (!request) return;
    set({ comparing: true });
    const { method: _method, prepayments: _p, ...rest } = request;
    try {
      const comparison = await call('quote/compare', { ...rest, methods: get().compareMethods });
      set({ comparison, comparing: false });
    } catch (e) {
      set({ comparing: false, errors: { ...get().errors, form: e instanceof Error ? e.message : String(e) } });
    }
  },
  closeCompare: () => set({ comparison: null }),
  setCompareMethods: (methods) => set({ compareMethods: methods }),
}));
