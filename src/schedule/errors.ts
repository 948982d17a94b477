/** The messages of schedules, prepayments, payoffs, credit lines and the annualized rate, in both desk languages (merged into one catalog in src/errors.ts). */
import type { Catalog } from '../errors';

export const scheduleMessages = {
  'rule.prepaymentDate': {
    en: 'the prepayment on {date} falls outside the loan (it must be after {start} and before the final due date {end})',
    'zh-CN': '提前还款日 {date} 不在借款期内（须晚于 {start} 且早于最后还款日 {end}）',
  },
  'rule.prepaymentTooSmall': {
    en: 'the prepayment of {amount} on {date} does not cover the interest accrued to that day ({interest})',
    'zh-CN': '{date} 提前还款 {amount} 不足以支付截至当日的应计利息（{interest}）',
  },
  'rule.prepaymentExceedsPayoff': {
    en: 'the prepayment of {amount} on {date} is more than the payoff amount {payoff}; quote a payoff instead',
    'zh-CN': '{date} 提前还款 {amount} 超过结清金额 {payoff}，请改为提前结清试算',
  },
  'rule.prepaymentFlat': {
    en: 'flat-rate schedules cannot be recast after a prepayment; quote a payoff instead',
    'zh-CN': '平息还款计划不支持部分提前还款后重算，请改为提前结清试算',
  },
  'rule.payoffDate': {
    en: 'the payoff date {date} must be from the disbursement date {start} to the final due date {end}',
    'zh-CN': '结清日 {date} 须在放款日 {start} 与最后还款日 {end} 之间',
  },
  'rule.lineFirstEvent': {
    en: 'a line starts with a draw; the first event on {date} is a {type}',
    'zh-CN': '额度须以提款开始；{date} 的第一笔交易是{type}',
  },
  'rule.lineRepayExceeds': {
    en: 'the repayment of {amount} on {date} is more than the {owed} owed that day',
    'zh-CN': '{date} 还款 {amount} 超过当日欠款 {owed}',
  },
  'rule.lineLimit': {
    en: 'the draw on {date} takes the balance to {balance}, above the credit limit {limit}',
    'zh-CN': '{date} 提款后余额 {balance} 超过授信额度 {limit}',
  },
  'rule.linePayoffDate': {
    en: 'the payoff date {date} is before the last event on {last}',
    'zh-CN': '结清日 {date} 早于最后一笔交易日 {last}',
  },
  'rule.aprFlows': {
    en: 'an annualized rate needs at least one advance and one payment, each greater than zero',
    'zh-CN': '计算年化利率至少需要一笔放款和一笔还款，且金额均大于零',
  },
  'rule.aprPaymentBeforeAdvance': {
    en: 'the payment on {date} is before the first advance on {start}',
    'zh-CN': '{date} 的还款早于首笔放款日 {start}',
  },
  'rule.aprNoSolution': {
    en: 'no annualized rate solves these cash flows (check the amounts and dates)',
    'zh-CN': '这些现金流无法求出年化利率（请检查金额与日期）',
  },
  'rule.aprSingle': {
    en: 'the "single" unit period takes exactly one advance and one payment',
    'zh-CN': '“single”计息单位仅适用于一笔放款、一笔还款',
  },
} as const satisfies Catalog;
