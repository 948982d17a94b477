/** The messages of requests that do not validate, and the dispatcher's own refusals, in both desk languages (merged into one catalog in src/errors.ts). */
import type { Catalog } from '../errors';

export const apiMessages = {
  'validation.json': {
    en: 'The request is not valid JSON: {reason}',
    'zh-CN': '请求不是有效的 JSON：{reason}',
  },
  'api.requestKey': {
    en: 'requestKey must be 8 to 100 letters, digits, "-" or "_"',
    'zh-CN': 'requestKey 应为 8 至 100 个字母、数字、“-”或“_”',
  },
  'api.requestKeyReused': {
    en: 'this request key was already used for another change ({method}); send a new key',
    'zh-CN': '该请求标识已用于另一项修改（{method}），请使用新的标识',
  },
  'validation.required': { en: '{field} is required', 'zh-CN': '缺少必填项 {field}' },
  'validation.type': { en: '{field} must be {expected}', 'zh-CN': '{field} 应为{expected}' },
  'validation.unknownField': { en: '{field} is not a known field', 'zh-CN': '{field} 不是可识别的字段' },
  'validation.tooLong': { en: '{field} is too long', 'zh-CN': '{field} 过长' },
  'validation.amount': {
    en: '{field}: "{value}" is not an amount (digits with at most {decimals} decimal places)',
    'zh-CN': '{field}：“{value}”不是有效金额（数字，最多 {decimals} 位小数）',
  },
  'validation.amountPositive': { en: '{field} must be greater than zero', 'zh-CN': '{field} 必须大于零' },
  'validation.amountTooLarge': {
    en: '{field} is larger than the engine accepts ({max})',
    'zh-CN': '{field} 超出允许的最大金额（{max}）',
  },
  'validation.rate': {
    en: '{field}: "{value}" is not a rate (a decimal fraction such as "0.12" for 12%)',
    'zh-CN': '{field}：“{value}”不是有效利率（以小数表示，例如 "0.12" 表示 12%）',
  },
  'validation.rateRange': {
    en: '{field} must be from 0 to {max} (a fraction: "0.12" is 12%)',
    'zh-CN': '{field} 应在 0 到 {max} 之间（以小数表示，"0.12" 即 12%）',
  },
  'validation.fraction': {
    en: '{field}: "{value}" is not a fraction (a decimal such as "0.1" for 10%, or a ratio such as "1/3" for one third)',
    'zh-CN': '{field}：“{value}”不是有效比例（以小数表示，如 "0.1" 即 10%；或写成分数，如 "1/3" 即三分之一）',
  },
  'validation.fractionRange': {
    en: '{field} must be from 0 to {max} (a decimal such as "0.1", or a ratio such as "1/3")',
    'zh-CN': '{field} 应在 0 到 {max} 之间（以小数或分数表示，如 "0.1" 或 "1/3"）',
  },
  'validation.absolutePath': { en: '{field}: "{value}" is not a full path to a file', 'zh-CN': '{field}：“{value}”不是完整的文件路径' },
  'validation.date': {
    en: '{field}: "{value}" is not a calendar date (YYYY-MM-DD)',
    'zh-CN': '{field}：“{value}”不是有效日期（格式 YYYY-MM-DD）',
  },
  'validation.integer': {
    en: '{field} must be a whole number from {min} to {max}',
    'zh-CN': '{field} 应为 {min} 到 {max} 之间的整数',
  },
  'validation.oneOf': {
    en: '{field}: "{value}" is not one of {options}',
    'zh-CN': '{field}：“{value}”不是可选值（{options}）之一',
  },
  'validation.firstDueDate': {
    en: 'firstDueDate {firstDueDate} must be after the disbursement date {disbursementDate} and less than two periods after it',
    'zh-CN': '首期还款日 {firstDueDate} 必须晚于放款日 {disbursementDate}，且不超过两个还款周期',
  },
  'validation.grace': {
    en: 'principalGrace must be from 0 to {max} (fewer than the term of {term} periods)',
    'zh-CN': '宽限期数应在 0 到 {max} 之间（须少于总期数 {term}）',
  },
  'validation.paymentMultiple': {
    en: 'paymentMultiple {value} must be a positive whole number of minor units ({unit} at {decimals} decimals)',
    'zh-CN': '还款额取整单位 {value} 必须是最小货币单位（{unit}，{decimals} 位小数）的正整数倍',
  },
  'validation.interestOnlyGrace': {
    en: 'interest-only loans pay principal at maturity; principalGrace does not apply',
    'zh-CN': '先息后本到期一次还本，不适用本金宽限期',
  },
  'api.unknownMethod': { en: 'there is no api method "{method}"', 'zh-CN': '不存在接口方法“{method}”' },
  'api.forbidden': {
    en: 'you do not have permission for this ({permission})',
    'zh-CN': '您没有执行此操作的权限（{permission}）',
  },
  'api.badRequest': { en: 'the request could not be read: {reason}', 'zh-CN': '无法读取请求：{reason}' },
  'api.unauthorized': { en: 'this desk session is not authorized', 'zh-CN': '当前会话未经授权' },
  'internal': { en: 'an internal error occurred: {reason}', 'zh-CN': '发生内部错误：{reason}' },
} as const satisfies Catalog;
