/**
 * The settings section: the origination policy in force (and the scorecard), the black and white
 * lists, and the book's one-year LPR table. The engine holds the policy and checks every change; the policy form carries what the
 * administrator typed as text (percentages as typed, amounts as typed) and turns it into the
 * engine's units only when saving, by moving decimal points, never through a float.
 */
import { create } from 'zustand';
import { ApiError, call, type ApiInput, type ApiResult } from '../api/client';
import { amountAsTyped, basisPointsToPercent, fieldToShare, fractionToPercent, percentToBasisPoints, percentToFraction, shareToField } from '../format';
import { errorsOf, GRADES, type Grade, type Problem, type Product } from './applications';
import { useSession } from './session';

export type Policy = ApiResult<'settings/origination'>;
export type OriginationSettings = Policy['settings'];
export type Scorecard = Policy['scorecard'];
export type StoredScorecard = Policy['scorecards'][number];
export type RuleAction = OriginationSettings['rules']['ageAction'];
export type ListRow = ApiResult<'lists/list'>['rows'][number];
export type ListName = ApiInput<'lists/add'>['list'];
export type ListKind = ApiInput<'lists/add'>['kind'];
export type SettingsTab = 'policy' | 'scorecard' | 'documents' | 'lpr' | 'lists';
export type DocumentSettingsRead = ApiResult<'settings/documents'>;
export type DocumentSettings = DocumentSettingsRead['settings'];
export type LprTable = ApiResult<'settings/lpr'>;
export type LprRow = LprTable['rows'][number];

export const RULE_ACTIONS: RuleAction[] = ['decline', 'review', 'off'];
export const LIST_KINDS: ListKind[] = ['id_number', 'phone', 'credit_code'];
export const LIST_NAMES: ListName[] = ['black', 'white'];
/** Marks a value the engine refused as not a valid number of its kind. */
export const LIST_VALUE_REFUSED = 'lists.value';
/** Marks a one-year LPR the engine refused (it words the rule as a fraction; the desk takes a percentage). */
export const LPR_RATE_REFUSED = 'lpr.rate';

/** A one-year LPR as the administrator types it: the date it applies from and the rate in percent. */
export interface LprForm {
  effectiveFrom: string;
  percent: string;
}

/** How one grade of one product is priced: from the product's own range (not set), at a set price, or not at all. */
export type PriceMode = 'range' | 'set' | 'none';
export interface GradePriceForm {
  mode: PriceMode;
  /** Percent a year, as typed. */
  rate: string;
  maxAmount: string;
  maxTerm: string;
  incomeMultiple: string;
}

/** The policy as the form shows it: percentages where the engine keeps fractions or basis points. */
export interface PolicyForm {
  minAge: string;
  maxAgeAtMaturity: string;
  ageAction: RuleAction;
  blacklistAction: RuleAction;
  currentOverdueAction: RuleAction;
  duplicateAction: RuleAction;
  dtiReview: string;
  dtiDecline: string;
  amountCap: string;
  amountCapAction: RuleAction;
  incomeShare: string;
  incomeShareAction: RuleAction;
  minYearsInBusiness: string;
  businessAgeAction: RuleAction;
  reviewShare: string;
  officer: string;
  senior_approver: string;
  branchManagerUnlimited: boolean;
  branch_manager: string;
  pricing: Record<string, Record<Grade, GradePriceForm>>;
}

const text = (v: string | number | null | undefined): string => (v === null || v === undefined ? '' : String(v));
/** A whole number as typed goes as a number; anything else goes as typed, for the engine to refuse by field. */
const whole = (value: string): number => (/^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : (value.trim() as unknown as number));
const fraction = (percent: string): string => percentToFraction(percent) ?? percent.trim();
const share = (text: string): string => fieldToShare(text) ?? text.trim();
const basisPoints = (percent: string): number => percentToBasisPoints(percent) ?? (percent.trim() as unknown as number);

type GradePrices = OriginationSettings['pricing'][string];

export function gradeForm(price: NonNullable<GradePrices[Grade]> | null | undefined): GradePriceForm {
  if (price === undefined) return { mode: 'range', rate: '', maxAmount: '', maxTerm: '', incomeMultiple: '' };
  if (price === null) return { mode: 'none', rate: '', maxAmount: '', maxTerm: '', incomeMultiple: '' };
  return { mode: 'set', rate: fractionToPercent(price.rate), maxAmount: text(price.maxAmount), maxTerm: text(price.maxTerm), incomeMultiple: text(price.incomeMultiple) };
}

export const productPricingForm = (prices: GradePrices | undefined): Record<Grade, GradePriceForm> =>
  Object.fromEntries(GRADES.map((g) => [g, gradeForm(prices?.[g])])) as Record<Grade, GradePriceForm>;

export function policyForm(s: OriginationSettings): PolicyForm {
  const r = s.rules;
  return {
    minAge: text(r.minAge),
    maxAgeAtMaturity: text(r.maxAgeAtMaturity),
    ageAction: r.ageAction,
    blacklistAction: r.blacklistAction,
    currentOverdueAction: r.currentOverdueAction,
    duplicateAction: r.duplicateAction,
    dtiReview: basisPointsToPercent(r.dtiReviewBp),
    dtiDecline: basisPointsToPercent(r.dtiDeclineBp),
    amountCap: text(r.amountCap),
    amountCapAction: r.amountCapAction,
    incomeShare: shareToField(r.incomeShare),
    incomeShareAction: r.incomeShareAction,
    minYearsInBusiness: text(r.minYearsInBusiness),
    businessAgeAction: r.businessAgeAction,
    reviewShare: shareToField(s.reviewShare),
    officer: text(s.authority.officer),
    senior_approver: text(s.authority.senior_approver),
    branchManagerUnlimited: s.authority.branch_manager === null,
    branch_manager: text(s.authority.branch_manager),
    pricing: Object.fromEntries(Object.entries(s.pricing).map(([code, prices]) => [code, productPricingForm(prices)])),
  };
}

/** The form as the setting the engine stores; grades priced from the product's range are left out. */
export function settingsOf(f: PolicyForm): OriginationSettings {
  const pricing: OriginationSettings['pricing'] = {};
  for (const [code, grades] of Object.entries(f.pricing)) {
    const out: GradePrices = {};
    for (const g of GRADES) {
      const p = grades[g];
      if (!p || p.mode === 'range') continue;
      out[g] = p.mode === 'none' ? null : { rate: fraction(p.rate), maxAmount: amountAsTyped(p.maxAmount), maxTerm: whole(p.maxTerm), incomeMultiple: whole(p.incomeMultiple) };
    }
    if (Object.keys(out).length) pricing[code] = out;
  }
  return {
    rules: {
      minAge: whole(f.minAge),
      maxAgeAtMaturity: whole(f.maxAgeAtMaturity),
      ageAction: f.ageAction,
      blacklistAction: f.blacklistAction,
      currentOverdueAction: f.currentOverdueAction,
      dtiReviewBp: basisPoints(f.dtiReview),
      dtiDeclineBp: basisPoints(f.dtiDecline),
      amountCap: amountAsTyped(f.amountCap),
      amountCapAction: f.amountCapAction,
      incomeShare: share(f.incomeShare),
      incomeShareAction: f.incomeShareAction,
      duplicateAction: f.duplicateAction,
      minYearsInBusiness: whole(f.minYearsInBusiness),
      businessAgeAction: f.businessAgeAction,
    },
    reviewShare: share(f.reviewShare),
    authority: {
      officer: amountAsTyped(f.officer),
      senior_approver: amountAsTyped(f.senior_approver),
      branch_manager: f.branchManagerUnlimited ? null : amountAsTyped(f.branch_manager),
    },
    pricing,
  };
}

/** Where in the form a path of the stored setting is entered. */
const FORM_FIELD: Record<string, keyof PolicyForm> = {
  'rules.dtiReviewBp': 'dtiReview',
  'rules.dtiDeclineBp': 'dtiDecline',
  'authority.officer': 'officer',
  'authority.senior_approver': 'senior_approver',
  'authority.branch_manager': 'branch_manager',
};

/**
 * The fields a `settings.invalid` refusal names. The engine gives one reason listing the paths it
 * refused ("authority.officer: …; rules.dtiDeclineBp must not be below …"); each path is placed on
 * the field it is entered in, and the whole reason is shown above the form.
 */
export function refusedFields(e: unknown): (string | number)[][] {
  if (!(e instanceof ApiError) || e.body.key !== 'settings.invalid') return [];
  const reason = String(e.body.details.reason ?? '');
  const out: (string | number)[][] = [];
  for (const part of reason.split(/;\s*/)) {
    const path = /^([A-Za-z_][\w.-]*)/.exec(part.trim())?.[1];
    if (!path) continue;
    const [head, ...rest] = path.split('.');
    if (head === 'pricing' && rest.length >= 3) out.push(['pricing', rest.slice(0, -2).join('.'), rest.at(-2) as string, rest.at(-1) as string]);
    else if (FORM_FIELD[path]) out.push([FORM_FIELD[path]]);
    else if (head === 'rules' && rest[0]) out.push([rest[0]]);
    else if (head === 'reviewShare') out.push(['reviewShare']);
  }
  return out;
}

export interface ListEntryForm {
  list: ListName;
  kind: ListKind;
  value: string;
  reason: string;
}

interface SettingsState {
  tab: SettingsTab | null;
  policy: Policy | null;
  policyError: Problem | null;
  products: Product[];
  productsLoaded: boolean;
  saving: boolean;
  saveError: Problem | null;
  savedVersion: number | null;
  importing: boolean;
  importError: Problem | null;
  imported: { name: string; version: number } | null;

  rows: ListRow[];
  next: string | null;
  listsLoading: boolean;
  listsError: Problem | null;
  /** A lookup of one value, or null for every active entry, newest first. */
  lookup: { kind: ListKind; value: string } | null;
  adding: boolean;
  addErrors: Record<string, string>;
  addError: Problem | null;
  removing: boolean;
  removeError: Problem | null;

  docs: DocumentSettingsRead | null;
  docsError: Problem | null;
  docsSaving: boolean;
  docsSaveError: Problem | null;
  docsSavedVersion: number | null;

  lpr: LprTable | null;
  lprError: Problem | null;
  lprSaving: boolean;
  lprSaveErrors: Record<string, string>;
  lprSaveError: Problem | null;
  lprRemoving: boolean;
  lprRemoveError: Problem | null;

  setTab: (tab: SettingsTab) => void;
  loadDocs: () => Promise<void>;
  saveDocs: (settings: DocumentSettings) => Promise<Problem | null>;
  clearDocsSaved: () => void;
  loadPolicy: () => Promise<void>;
  loadProducts: () => Promise<void>;
  save: (settings: OriginationSettings) => Promise<Problem | null>;
  clearSaved: () => void;
  importModel: (fileText: string, notJson: (reason: string) => string) => Promise<boolean>;
  loadLists: (more?: boolean) => Promise<void>;
  setLookup: (lookup: { kind: ListKind; value: string } | null) => void;
  addEntry: (entry: ListEntryForm) => Promise<boolean>;
  clearAddErrors: () => void;
  removeEntry: (id: string, reason: string) => Promise<boolean>;
  clearRemoveError: () => void;
  loadLpr: () => Promise<void>;
  saveLpr: (entry: LprForm) => Promise<boolean>;
  clearLprSaveErrors: () => void;
  removeLpr: (effectiveFrom: string) => Promise<boolean>;
  clearLprRemoveError: () => void;
}

let listSequence = 0;

export const useSettings = create<SettingsState>((set, get) => ({
  tab: null,
  policy: null,
  policyError: null,
  products: [],
  productsLoaded: false,
  saving: false,
  saveError: null,
  savedVersion: null,
  importing: false,
  importError: null,
  imported: null,
  rows: [],
  next: null,
  listsLoading: false,
  listsError: null,
  lookup: null,
  adding: false,
  addErrors: {},
  addError: null,
  removing: false,
  removeError: null,
  docs: null,
  docsError: null,
  docsSaving: false,
  docsSaveError: null,
  docsSavedVersion: null,
  lpr: null,
  lprError: null,
  lprSaving: false,
  lprSaveErrors: {},
  lprSaveError: null,
  lprRemoving: false,
  lprRemoveError: null,

  setTab: (tab) => set({ tab }),

  loadDocs: async () => {
    try {
      set({ docs: await call('settings/documents', {}), docsError: null });
    } catch (e) {
      set({ docsError: errorsOf(e).problem });
    }
  },

  saveDocs: async (settings) => {
    set({ docsSaving: true, docsSaveError: null, docsSavedVersion: null });
    try {
      const { version } = await call('settings/saveDocuments', { settings });
      set({ docsSaving: false, docsSavedVersion: version });
      await get().loadDocs();
      return null;
    } catch (e) {
      const problem = errorsOf(e).problem ?? (e as ApiError);
      set({ docsSaving: false, docsSaveError: problem });
      return problem;
    }
  },

  clearDocsSaved: () => set({ docsSavedVersion: null, docsSaveError: null }),

  loadPolicy: async () => {
    try {
      set({ policy: await call('settings/origination', {}), policyError: null });
    } catch (e) {
      set({ policyError: errorsOf(e).problem });
    }
  },

  loadProducts: async () => {
    if (get().productsLoaded) return;
    try {
      set({ products: await call('products/list', {}), productsLoaded: true });
    } catch {
      // Names only: without them the prices show under the product codes.
      set({ productsLoaded: true });
    }
  },

  save: async (settings) => {
    set({ saving: true, saveError: null, savedVersion: null });
    try {
      const { version } = await call('settings/saveOrigination', { settings });
      set({ saving: false, savedVersion: version });
      await get().loadPolicy();
      return null;
    } catch (e) {
      const problem = errorsOf(e).problem ?? (e as ApiError);
      set({ saving: false, saveError: problem });
      return problem;
    }
  },

  clearSaved: () => set({ savedVersion: null, saveError: null }),

  importModel: async (fileText, notJson) => {
    set({ importing: true, importError: null, imported: null });
    let model: unknown;
    try {
      model = JSON.parse(fileText);
    } catch (e) {
      set({ importing: false, importError: notJson((e as Error).message) });
      return false;
    }
    try {
      const r = await call('scorecards/import', { model });
      set({ importing: false, imported: { name: r.name, version: r.version } });
      await get().loadPolicy();
      return true;
    } catch (e) {
      set({ importing: false, importError: errorsOf(e).problem ?? (e as ApiError) });
      return false;
    }
  },

  loadLists: async (more = false) => {
    const mine = ++listSequence;
    const { lookup, next, rows } = get();
    set({ listsLoading: true, listsError: null });
    try {
      const page = await call('lists/list', {
        ...(lookup ? { kind: lookup.kind, value: lookup.value } : {}),
        ...(more && next && !lookup ? { cursor: next } : {}),
        limit: 100,
      });
      if (mine !== listSequence) return;
      set({ rows: more ? [...rows, ...page.rows] : page.rows, next: page.next, listsLoading: false });
    } catch (e) {
      if (mine === listSequence) set({ listsLoading: false, listsError: errorsOf(e).problem });
    }
  },

  setLookup: (lookup) => {
    set({ lookup, next: null });
    void get().loadLists();
  },

  addEntry: async (entry) => {
    set({ adding: true, addErrors: {}, addError: null });
    try {
      await call('lists/add', { list: entry.list, kind: entry.kind, value: entry.value.trim().replace(/[\s-]/g, ''), reason: entry.reason.trim() });
      set({ adding: false });
      await get().loadLists();
      return true;
    } catch (e) {
      const { fields, problem } = errorsOf(e, ['list', 'kind', 'value', 'reason']);
      // The engine names the kind of number in its own words; the drawer says it in the desk's.
      if (e instanceof ApiError && e.body.key === 'lists.value') fields.value = LIST_VALUE_REFUSED;
      set({ adding: false, addErrors: fields, addError: problem });
      return false;
    }
  },

  clearAddErrors: () => set({ addErrors: {}, addError: null }),

  removeEntry: async (id, reason) => {
    set({ removing: true, removeError: null });
    try {
      await call('lists/remove', { id, reason: reason.trim() });
      set({ removing: false, rows: get().rows.filter((r) => r.id !== id) });
      return true;
    } catch (e) {
      set({ removing: false, removeError: errorsOf(e).problem ?? (e as ApiError) });
      return false;
    }
  },

  clearRemoveError: () => set({ removeError: null }),

  loadLpr: async () => {
    try {
      set({ lpr: await call('settings/lpr', {}), lprError: null });
    } catch (e) {
      set({ lprError: errorsOf(e).problem });
    }
  },

  saveLpr: async (entry) => {
    set({ lprSaving: true, lprSaveErrors: {}, lprSaveError: null });
    try {
      // The percentage typed goes as the fraction the engine takes (anything else as typed, for the
      // engine to refuse under its field).
      await call('settings/saveLpr', { effectiveFrom: entry.effectiveFrom, oneYear: fraction(entry.percent) });
      set({ lprSaving: false });
      await get().loadLpr();
      return true;
    } catch (e) {
      const { fields, problem } = errorsOf(e, ['effectiveFrom', 'oneYear']);
      if (e instanceof ApiError && e.body.key === 'lpr.rate') fields.oneYear = LPR_RATE_REFUSED;
      set({ lprSaving: false, lprSaveErrors: fields, lprSaveError: problem });
      return false;
    }
  },

  clearLprSaveErrors: () => set({ lprSaveErrors: {}, lprSaveError: null }),

  removeLpr: async (effectiveFrom) => {
    set({ lprRemoving: true, lprRemoveError: null });
    try {
      await call('settings/removeLpr', { effectiveFrom });
      set({ lprRemoving: false });
      await get().loadLpr();
      return true;
    } catch (e) {
      set({ lprRemoving: false, lprRemoveError: errorsOf(e).problem ?? (e as ApiError) });
      return false;
    }
  },

  clearLprRemoveError: () => set({ lprRemoveError: null }),
}));

// Another person at the desk sees the settings their own permissions show, from the start.
useSession.subscribe((s, prev) => {
  if (s.user?.userId !== prev.user?.userId) {
    useSettings.setState({ tab: null, policy: null, policyError: null, products: [], productsLoaded: false, savedVersion: null, saveError: null, importError: null, imported: null, rows: [], next: null, lookup: null, addErrors: {}, addError: null, removeError: null, docs: null, docsError: null, docsSaveError: null, docsSavedVersion: null, lpr: null, lprError: null, lprSaveErrors: {}, lprSaveError: null, lprRemoveError: null });
  }
});
