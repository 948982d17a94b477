/** The messages of the loan ledger: repayments, waivers, reversals, write-offs, lines, in both desk languages (merged into one catalog in src/errors.ts). */
import type { Catalog } from '../errors';

export const servicingMessages = {
  'servicing.loanNotFound': { en: 'there is no loan {loan}', 'zh-CN': '不存在借据 {loan}' },
  'servicing.loanClosed': {
    en: 'loan {number} is {state}; nothing more can be posted to it',
    'zh-CN': '借据 {number} {state}，不能再记账',
  },
  'servicing.notWrittenOff': { en: 'loan {number} is not written off; a recovery comes only after a write-off', 'zh-CN': '借据 {number} 未核销；只有核销后才能记收回' },
  'servicing.dateBeforeDisbursement': {
    en: 'the date {date} is before the loan was paid out ({disbursed})',
    'zh-CN': '日期 {date} 早于放款日 {disbursed}',
  },
  'servicing.dateAfterBusinessDate': {
    en: 'the date {date} is after the business date {businessDate}; money cannot be posted in the future',
    'zh-CN': '日期 {date} 晚于营业日 {businessDate}，不能记未来的账',
  },
  'servicing.dateBeforeLast': {
    en: 'the date {date} is before the latest posting on this loan ({last}); post in date order, or reverse the later postings first',
    'zh-CN': '日期 {date} 早于该借据最近一笔记账（{last}）；请按日期顺序记账，或先冲正后面的记账',
  },
  'servicing.overpaid': {
    en: 'the amount {amount} is more than loan {number} owes on {date} (at most {max})',
    'zh-CN': '金额 {amount} 超过借据 {number} 在 {date} 的全部欠款（最多 {max}）',
  },
  'servicing.excessTooSmall': {
    en: 'after what is due, {excess} is left, which does not cover the interest accrued to {date} ({interest}); post {due} for what is due, or more than {least} to prepay',
    'zh-CN': '扣除应还款后剩余 {excess}，不足以支付截至 {date} 的应计利息 {interest}；请只还应还款 {due}，或还款超过 {least} 以提前还款',
  },
  'servicing.prepayDisbursementDay': {
    en: 'loan {number} was paid out today; nothing is due yet and a prepayment can be made from tomorrow',
    'zh-CN': '借据 {number} 今日放款，尚无应还款，提前还款请从明日起办理',
  },
  'servicing.recastUnavailable': {
    en: 'the schedule of loan {number} cannot be rebuilt from its terms, so it cannot be recast; post what is due only',
    'zh-CN': '借据 {number} 的还款计划无法按原条件重算，不能提前还款重排；请只还应还款',
  },
  'servicing.transactionNotFound': { en: 'there is no transaction {id}', 'zh-CN': '不存在交易 {id}' },
  'servicing.notReversible': {
    en: 'transaction {id} is a {kind}; only repayments, prepayments, waivers, recoveries and write-offs can be reversed',
    'zh-CN': '交易 {id} 为{kind}；只有还款、提前还款、减免、核销后收回和核销可以冲正',
  },
  'servicing.reverseWriteOffAuthority': {
    en: 'transaction {id} is a write-off; only someone who may write loans off can reverse it',
    'zh-CN': '交易 {id} 为核销；仅有核销权限的人员可以冲正',
  },
  'servicing.alreadyReversed': { en: 'transaction {id} has already been reversed', 'zh-CN': '交易 {id} 已经冲正过' },
  'servicing.reverseLatestFirst': {
    en: 'transaction {id} is not the latest on its loan; reverse {latest} first',
    'zh-CN': '交易 {id} 不是该借据最近的一笔；请先冲正 {latest}',
  },
  'servicing.reasonRequired': { en: 'a reason is required', 'zh-CN': '必须填写原因' },
  'servicing.waiverAuthority': {
    en: 'a waiver of {amount} is above what a {role} may waive ({limit}); ask someone with the authority',
    'zh-CN': '减免 {amount} 超出{role}的减免权限（{limit}），请由有权限的人办理',
  },
  'servicing.waiverExceeds': {
    en: 'only {available} of {component} is due on loan {number} by {date}; {amount} cannot be waived',
    'zh-CN': '借据 {number} 截至 {date} 应还{component}仅 {available}，不能减免 {amount}',
  },
  'servicing.waiverNothing': { en: 'say what to waive: an amount of penalty, fees or interest', 'zh-CN': '请填写减免金额：罚息、费用或利息' },
  'servicing.waiverLine': { en: 'loan {number} is a revolving line: only its penalty interest can be waived', 'zh-CN': '借据 {number} 为随借随还额度，仅可减免罚息' },
  'servicing.nothingToWriteOff': { en: 'loan {number} owes nothing to write off', 'zh-CN': '借据 {number} 没有可核销的欠款' },
  'servicing.recoveryExceeds': {
    en: 'a recovery of {amount} is more than is left of what was written off ({max})',
    'zh-CN': '收回金额 {amount} 超过核销后尚未收回的金额（{max}）',
  },
  'servicing.lineOnly': { en: 'loan {number} is a term loan; only a revolving line can be drawn', 'zh-CN': '借据 {number} 为分期贷款，只有随借随还额度可以提款' },
  'servicing.lineLimit': {
    en: 'a draw of {amount} would take the line above its limit {limit} (available {available})',
    'zh-CN': '提款 {amount} 将超过授信额度 {limit}（可用 {available}）',
  },
  'servicing.drawAfterMaturity': { en: 'the line ended on {maturity}; no draw on {date}', 'zh-CN': '额度已于 {maturity} 到期，{date} 不能提款' },
  'servicing.contractDate': {
    en: 'contract {number} was priced for payment on {date}, but the business date is {businessDate}; its schedule would not hold. Issue a new contract',
    'zh-CN': '合同 {number} 按 {date} 放款定价，而营业日为 {businessDate}，还款计划不再成立；请重新出具合同',
  },
  'servicing.contractMismatch': {
    en: 'contract {number} row {n} does not match what the product terms give now; the printed schedule cannot be booked',
    'zh-CN': '合同 {number} 第 {n} 期与产品条件重算结果不一致，不能按打印的还款计划入账',
  },
  'servicing.loanChanged': {
    en: 'loan {number} was changed at another desk after you opened it; it has been reloaded: check it and post again',
    'zh-CN': '借据 {number} 在您打开后已被其他工作台修改，已重新载入：请核对后再入账',
  },
  'servicing.duplicateReference': {
    en: 'reference {reference} is already posted to loan {number} (transaction {transaction}); refused as a duplicate',
    'zh-CN': '流水号 {reference} 已记入借据 {number}（交易 {transaction}），重复记账被拒绝',
  },
  'servicing.csvEmpty': { en: 'the statement has no rows', 'zh-CN': '对账单没有数据行' },
  'servicing.csvColumns': {
    en: 'a row needs 4 columns (loan number, date, amount, reference); this one has {found}',
    'zh-CN': '每行应有 4 列（借据号、日期、金额、流水号），此行有 {found} 列',
  },
  'servicing.csvQuote': { en: 'a quoted field is not closed', 'zh-CN': '引号字段未闭合' },
  'servicing.statementAhead': {
    en: 'the statement is dated {date}, after the business date {businessDate}: money is never posted ahead of the book',
    'zh-CN': '对账单日期 {date} 晚于当前营业日 {businessDate}：不能提前入账',
  },
} as const satisfies Catalog;
