import { create } from 'zustand';
import { ApiError, call, type ApiInput, type ApiResult } from '../api/client';

type Item = ApiResult<'customers/search'>['items'][number];
export type CustomerDetail = ApiResult<'customers/get'>;
export type CustomerForm = ApiInput<'customers/create'>;

interface CustomersState {
  query: string;
  items: Item[];
  nextCursor: number | null;
  loading: boolean;
  openId: string | null;
  detail: CustomerDetail | null;
  editing: { id: string | null; initial: CustomerForm } | null;
  formErrors: Record<string, string>;
  formError: string | null;
  saving: boolean;
  setQuery: (q: string) => void;
  load: (more?: boolean) => Promise<void>;
  open: (id: string | null) => Promise<void>;
  startEdit: (id: string | null, initial?: CustomerForm) => void;
  cancelEdit: () => void;
  save: (form: CustomerForm) => Promise<boolean>;
}

let timer: ReturnType<typeof setTimeout> | undefined;
let sequence = 0;

export const emptyCustomer = (): CustomerForm => ({ kind: 'individual', name: '' });

export const useCustomers = create<CustomersState>((set, get) => ({
  query: '',
  items: [],
  nextCursor: null,
  loading: false,
  openId: null,
  detail: null,
  editing: null,
  formErrors: {},
  formError: null,
  saving: false,
  setQuery: (query) => {
    set({ query });
    clearTimeout(timer);
    timer = setTimeout(() => void get().load(), 150);
  },
  load: async (more = false) => {
    const mine = ++sequence;
    set({ loading: true });
    const { query, nextCursor, items } = get();
    const page = await call('customers/search', { ...(query.trim() ? { query: query.trim() } : {}), ...(more && nextCursor ? { cursor: nextCursor } : {}), limit: 100 });
    if (mine !== sequence) return;
    set({ items: more ? [...items, ...page.items] : page.items, nextCursor: page.nextCursor, loading: false });
  },
  open: async (id) => {
    set({ openId: id, detail: null });
    if (id) set({ detail: await call('customers/get', { id }) });
  },
  startEdit: (id, initial) => set({ editing: { id, initial: initial ?? emptyCustomer() }, formErrors: {}, formError: null }),
  cancelEdit: () => set({ editing: null, formErrors: {}, formError: null }),
  save: async (form) => {
    const editing = get().editing;
    if (!editing) return false;
    set({ saving: true });
    try {
      const r = editing.id ? await call('customers/update', { id: editing.id, customer: form }) : await call('customers/create', form);
      set({ saving: false, editing: null, formErrors: {}, formError: null });
      await get().open(r.id);
      void get().load();
      return true;
    } catch (e) {
      const fieldErrors: Record<string, string> = {};
      let formError: string | null = null;
      if (e instanceof ApiError) {
        for (const f of e.body.fields) fieldErrors[f.field] ??= f.message;
        if (e.body.fields.length === 0) formError = e.body.message;
      } else formError = String(e);
      set({ saving: false, formErrors: fieldErrors, formError });
      return false;
    }
  },
}));
