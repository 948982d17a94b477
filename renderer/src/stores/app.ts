import { create } from 'zustand';
import i18n, { initialLang, type Lang } from '../i18n';
import { call, setApiLanguage, type ApiResult } from '../api/client';

export const PAGES = ['quote', 'customers', 'applications', 'loans', 'collections', 'reports', 'settings'] as const;
export type Page = (typeof PAGES)[number];

interface AppState {
  lang: Lang;
  page: Page;
  info: ApiResult<'system/info'> | null;
  setLang: (lang: Lang) => void;
  setPage: (page: Page) => void;
  loadInfo: () => Promise<void>;
}

setApiLanguage(initialLang);

export const useApp = create<AppState>((set) => ({
  lang: initialLang,
  page: 'quote',
  info: null,
  setLang: (lang) => {
    localStorage.setItem('suanpan.lang', lang);
    setApiLanguage(lang);
    document.documentElement.lang = lang;
    void i18n.changeLanguage(lang);
    set({ lang });
  },
  setPage: (page) => set({ page }),
  loadInfo: async () => set({ info: await call('system/info', {}) }),
}));
