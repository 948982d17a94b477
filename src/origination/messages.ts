/**
 * Plain words for screening results, review reasons and decisions, in both desk languages. A rule
 * result is stored as a code with details; its words are chosen when it is shown, so a decline
 * reads the same to the officer, the auditor and the applicant.
 */
import type { Lang } from '../errors';
import { groupThousands } from '../money/amount';
import type { RuleResult } from './assess';
import type { RuleCode } from './settings';

type Text = { en: string; 'zh-CN': string };

const RULES: Record<RuleCode, { name: Text; pass: Text; fail: Text }> = {
  AGE_MIN: {
    name: { en: 'Minimum age', 'zh-CN': '最低年龄' },
    pass: { en: 'Aged {age}, at least {min}', 'zh-CN': '年龄 {age} 岁，不低于 {min} 岁' },
    fail: { en: 'Aged {age}: applicants must be at least {min}', 'zh-CN': '年龄 {age} 岁，申请人须年满 {min} 周岁' },
  },
  AGE_MAX: {
    name: { en: 'Age at maturity', 'zh-CN': '到期年龄' },
    pass: { en: 'Aged {age} when the loan ends ({maturity}), within {max}', 'zh-CN': '到期日（{maturity}）时 {age} 岁，不超过 {max} 岁' },
    fail: { en: 'Would be {age} when the loan ends ({maturity}); the limit is {max}', 'zh-CN': '到期日（{maturity}）时将满 {age} 岁，超过上限 {max} 岁' },
  },
  BUSINESS_AGE: {
    name: { en: 'Years in business', 'zh-CN': '经营年限' },
    pass: { en: 'In business {years} years (at least {min})', 'zh-CN': '经营 {years} 年（不少于 {min} 年）' },
    fail: { en: 'In business {years} years; at least {min} needed', 'zh-CN': '经营 {years} 年，要求至少 {min} 年' },
  },
  BLACKLIST: {
    name: { en: 'Blacklist', 'zh-CN': '黑名单' },
    pass: { en: 'Not on the blacklist', 'zh-CN': '未命中黑名单' },
    fail: { en: 'On the blacklist by {kind}: {reason}', 'zh-CN': '{kind}命中黑名单：{reason}' },
  },
  WHITELIST: {
    name: { en: 'Whitelist', 'zh-CN': '白名单' },
    pass: { en: 'Not on the whitelist', 'zh-CN': '未列入白名单' },
    fail: { en: 'On the whitelist by {kind} ({reason}): no random review', 'zh-CN': '{kind}列入白名单（{reason}），免随机复核' },
  },
  CURRENT_OVERDUE: {
    name: { en: 'Current arrears', 'zh-CN': '当前逾期' },
    pass: { en: 'Nothing overdue now, here or on the credit report', 'zh-CN': '征信及本机构均无当前逾期' },
    fail: { en: 'Overdue now: {bureau} account(s) on the credit report, {ours} loan(s) with us', 'zh-CN': '当前存在逾期：征信 {bureau} 笔，本机构 {ours} 笔' },
  },
  DEBT_TO_INCOME: {
    name: { en: 'Debt to income', 'zh-CN': '负债收入比' },
    pass: { en: 'Repayments take {dti}% of income (review from {review}%)', 'zh-CN': '月还款占收入 {dti}%（{review}% 起复核）' },
    fail: { en: 'Repayments would take {dti}% of income (review from {review}%, decline from {decline}%)', 'zh-CN': '月还款将占收入 {dti}%（{review}% 起复核，{decline}% 起拒绝）' },
  },
  AMOUNT_CAP: {
    name: { en: 'Amount cap', 'zh-CN': '金额上限' },
    pass: { en: '{amount} is within the cap of {cap}', 'zh-CN': '申请金额 {amount} 未超过上限 {cap}' },
    fail: { en: '{amount} is above the cap of {cap} (product or regulatory)', 'zh-CN': '申请金额 {amount} 超过产品或监管上限 {cap}' },
  },
  INCOME_SHARE: {
    name: { en: 'Amount against income', 'zh-CN': '金额与年收入' },
    pass: { en: '{amount} is within {limit} (the share of annual income allowed)', 'zh-CN': '申请金额 {amount} 未超过年收入允许比例 {limit}' },
    fail: { en: '{amount} is above {limit}, the share of annual income allowed', 'zh-CN': '申请金额 {amount} 超过年收入允许比例 {limit}' },
  },
  DUPLICATE: {
    name: { en: 'Duplicate application', 'zh-CN': '重复申请' },
    pass: { en: 'No other open application', 'zh-CN': '无其他在途申请' },
    fail: { en: 'Another application is open: {number}', 'zh-CN': '已有在途申请：{number}' },
  },
};

const KINDS: Record<string, Text> = {
  id_number: { en: 'ID number', 'zh-CN': '身份证号' },
  phone: { en: 'phone', 'zh-CN': '手机号' },
  credit_code: { en: 'credit code', 'zh-CN': '统一社会信用代码' },
};

const MONEY_KEYS = new Set(['amount', 'cap', 'limit']);
/** "150000.00" → "¥150,000.00": amounts in words read as amounts (the text stays exact). */
export const money = (v: string): string => `¥${groupThousands(v)}`;

const fill = (template: string, details: Record<string, string | number>, lang: Lang): string =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = details[k];
    if (k === 'kind' && typeof v === 'string' && KINDS[v]) return (KINDS[v] as Text)[lang];
    if (MONEY_KEYS.has(k) && typeof v === 'string' && /^\d+(\.\d+)?$/.test(v)) return money(v);
    return v === undefined ? '?' : String(v);
  });

export const ruleName = (code: RuleCode, lang: Lang): string => RULES[code].name[lang];

export function ruleMessage(result: Pick<RuleResult, 'code' | 'outcome' | 'details'>, lang: Lang): string {
  const r = RULES[result.code];
  return fill((result.outcome === 'pass' ? r.pass : r.fail)[lang], result.details, lang);
}

export const REVIEW_SAMPLE: Text = { en: 'Chosen at random for manual review', 'zh-CN': '随机抽中人工复核' };
