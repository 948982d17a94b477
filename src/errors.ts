/**
 * Typed errors. Every failure that can reach an officer is a SuanpanError with a code, a message key
 * and details; the text is looked up in the desk's language at the edge (CLI, api), never built here.
 */
import { apiMessages } from './api/errors';
import { cliMessages } from './cli/errors';
import { collectionsMessages } from './collections/errors';
import { customersMessages } from './customers/errors';
import { dbMessages } from './db/errors';
import { documentsMessages } from './documents/errors';
import { eodMessages } from './eod/errors';
import { deskMessages } from './host/errors';
import { identityMessages } from './identity/errors';
import { originationMessages } from './origination/errors';
import { pricingMessages } from './pricing/errors';
import { scheduleMessages } from './schedule/errors';
import { servicingMessages } from './servicing/errors';

export type ErrorCode = 'VALIDATION' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'RULE' | 'INTERNAL';
export type Lang = 'zh-CN' | 'en';
export type Details = Record<string, string | number | boolean | undefined | unknown[]>;

/** Type of a module's catalog: each key in both desk languages. */
export type Catalog = Record<string, Record<Lang, string>>;

/** Each module's messages, kept beside the module. */
export const CATALOGS = {
  api: apiMessages, cli: cliMessages, collections: collectionsMessages, customers: customersMessages, db: dbMessages, desk: deskMessages, documents: documentsMessages,
  eod: eodMessages, identity: identityMessages, origination: originationMessages, pricing: pricingMessages, schedule: scheduleMessages, servicing: servicingMessages,
} as const;

/**
 * One catalog, merged from the modules' the way the api map is merged (test/unit/errors.test.ts
 * checks no key is defined twice and that both languages name the same details).
 */
const messages = {
  ...apiMessages,
  ...cliMessages,
  ...collectionsMessages,
  ...customersMessages,
  ...dbMessages,
  ...deskMessages,
  ...documentsMessages,
  ...eodMessages,
  ...identityMessages,
  ...originationMessages,
  ...pricingMessages,
  ...scheduleMessages,
  ...servicingMessages,
} as const satisfies Catalog;

export type MessageKey = keyof typeof messages;

export class SuanpanError extends Error {
  readonly code: ErrorCode;
  readonly key: MessageKey;
  readonly details: Details;

  constructor(code: ErrorCode, key: MessageKey, details: Details = {}) {
    super(translate(key, details, 'en'));
    this.name = 'SuanpanError';
    this.code = code;
    this.key = key;
    this.details = details;
  }

  /** Every problem found, translated: a VALIDATION error lists each field that failed. */
  messages(lang: Lang): string[] {
    const issues = this.details.issues as { key: MessageKey; details: Details }[] | undefined;
    return issues && issues.length > 0
      ? issues.map((i) => translate(i.key, i.details, lang))
      : [translate(this.key, this.details, lang)];
  }

  /** Each problem with the field it belongs to, so a form can show it under that field. */
  fields(lang: Lang): { field: string; message: string }[] {
    const issues = (this.details.issues as { key: MessageKey; details: Details }[] | undefined) ?? [{ key: this.key, details: this.details }];
    return issues
      .filter((i) => typeof i.details.field === 'string')
      .map((i) => ({ field: i.details.field as string, message: translate(i.key, i.details, lang) }));
  }

  /** The shape that crosses a process boundary: no stack, message in the desk's language. */
  toJSON(lang: Lang = 'en'): { code: ErrorCode; key: MessageKey; message: string; details: Details; fields: { field: string; message: string }[] } {
    return { code: this.code, key: this.key, message: this.messages(lang).join('; '), details: this.details, fields: this.fields(lang) };
  }
}

/** How officers name the request fields in Chinese; English keeps the contract's names. */
const FIELD_LABELS: Record<string, string> = {
  principal: '借款金额',
  annualRate: '年利率',
  term: '期数',
  method: '还款方式',
  frequency: '还款频率',
  disbursementDate: '放款日',
  firstDueDate: '首期还款日',
  interest: '计息方式',
  dayCount: '计息基准',
  principalGrace: '宽限期数',
  paymentMultiple: '还款额取整单位',
  decimals: '金额小数位',
  rounding: '舍入方式',
  fees: '费用',
  prepayments: '提前还款',
  payoffDate: '结清日',
  events: '交易',
  creditLimit: '授信额度',
  allocation: '还款顺序',
  methods: '对比的还款方式',
  customerId: '客户',
  productId: '产品',
  amount: '申请金额',
  purpose: '借款用途',
  monthlyIncome: '月收入',
  monthlyDebt: '月还款负债',
  employmentYears: '工作年限',
  bureauOverdue24m: '近24个月逾期次数',
  bureauInquiries6m: '近6个月查询次数',
  bureauCurrentOverdue: '当前逾期笔数',
  note: '理由',
  overrideReason: '推翻评分的理由',
  effectiveFrom: '生效日',
  oneYear: '一年期 LPR',
  host: '服务器',
  port: '端口',
  database: '数据库',
  user: '数据库用户名',
  password: '密码',
  tls: 'TLS 加密',
};

export function fieldLabel(field: string, lang: Lang): string {
  if (lang === 'en') return field;
  const label = FIELD_LABELS[field.replace(/\[\d+\].*$/, '')];
  return label ? `${label}${field.includes('[') ? field.slice(field.indexOf('[')) : ''}` : field;
}

/** Words for the codes a message may carry (states, roles, document kinds), by language. */
const VALUE_LABELS: Record<string, { en: string; 'zh-CN': string }> = {
  draft: { en: 'a draft', 'zh-CN': '草稿' },
  submitted: { en: 'submitted', 'zh-CN': '已提交' },
  screened: { en: 'screened', 'zh-CN': '已筛查' },
  scored: { en: 'awaiting approval', 'zh-CN': '待审批' },
  review: { en: 'in manual review', 'zh-CN': '人工复核' },
  approved: { en: 'approved', 'zh-CN': '已批准' },
  declined: { en: 'declined', 'zh-CN': '已拒绝' },
  returned: { en: 'returned for more information', 'zh-CN': '退回补充' },
  signed: { en: 'signed', 'zh-CN': '已签约' },
  disbursed: { en: 'disbursed', 'zh-CN': '已放款' },
  withdrawn: { en: 'withdrawn', 'zh-CN': '已撤回' },
  officer: { en: 'loan officer', 'zh-CN': '信贷员' },
  senior_approver: { en: 'senior approver', 'zh-CN': '高级审批人' },
  branch_manager: { en: 'branch manager', 'zh-CN': '网点负责人' },
  id_card: { en: 'ID card', 'zh-CN': '身份证' },
  income_proof: { en: 'proof of income', 'zh-CN': '收入证明' },
  bank_statement: { en: 'bank statement', 'zh-CN': '银行流水' },
  business_licence: { en: 'business licence', 'zh-CN': '营业执照' },
  active: { en: 'active', 'zh-CN': '正常' },
  closed: { en: 'closed', 'zh-CN': '已结清' },
  written_off: { en: 'written off', 'zh-CN': '已核销' },
  disbursement: { en: 'disbursement', 'zh-CN': '放款' },
  draw: { en: 'draw', 'zh-CN': '提款' },
  reversal: { en: 'reversal', 'zh-CN': '冲正' },
  write_off: { en: 'write-off', 'zh-CN': '核销' },
  penalty: { en: 'penalty', 'zh-CN': '罚息' },
  fee: { en: 'fees', 'zh-CN': '费用' },
  interest: { en: 'interest', 'zh-CN': '利息' },
  collections: { en: 'collections', 'zh-CN': '催收专员' },
};
const CODED_DETAILS = new Set(['state', 'expected', 'required', 'missing', 'kind', 'role', 'component']);

const words = (value: string, lang: Lang): string =>
  value
    .split(/(\s*[,/]\s*)/)
    .map((part) => VALUE_LABELS[part]?.[lang] ?? part)
    .join('');

export function translate(key: MessageKey, details: Details, lang: Lang): string {
  const template: string = messages[key][lang];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = details[name];
    if (value === undefined) return whole;
    if (name === 'field' && typeof value === 'string') return fieldLabel(value, lang);
    if (CODED_DETAILS.has(name) && typeof value === 'string') return words(value, lang);
    return Array.isArray(value) ? value.join(', ') : String(value);
  });
}

export const validation = (key: MessageKey, details: Details = {}): SuanpanError =>
  new SuanpanError('VALIDATION', key, details);
export const rule = (key: MessageKey, details: Details = {}): SuanpanError => new SuanpanError('RULE', key, details);
