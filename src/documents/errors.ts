/** The messages of contracts, letters and notices, in both desk languages (merged into one catalog in src/errors.ts). */
import type { Catalog } from '../errors';

export const documentsMessages = {
  'documents.type': {
    en: 'only PDF, PNG and JPEG files can be attached; this file is {detected}',
    'zh-CN': '仅可上传 PDF、PNG、JPEG 文件；该文件为 {detected}',
  },
  'documents.tooLarge': { en: 'the file is larger than {max}', 'zh-CN': '文件超过 {max}' },
  'documents.notFound': { en: 'there is no document {id}', 'zh-CN': '附件 {id} 不存在' },
  'documents.loanNotFound': { en: 'there is no loan {id}', 'zh-CN': '借据 {id} 不存在' },
  'documents.noContract': {
    en: 'application {number} has no issued contract yet; issue and print the contract first',
    'zh-CN': '申请 {number} 尚未出具借款合同，请先生成并打印合同',
  },
  'documents.wrongOwner': { en: 'a {type} is issued for {owners}', 'zh-CN': '{type}只能针对{owners}出具' },
  'notices.transactionNotFound': { en: 'there is no transaction {id}', 'zh-CN': '交易 {id} 不存在' },
  'notices.notAPayment': {
    en: 'transaction {id} is not a payment; receipts are issued for money the borrower paid in',
    'zh-CN': '交易 {id} 不是还款，只能为借款人交来的款项开具收据',
  },
  'notices.reversed': { en: 'payment {id} was reversed; no receipt can be issued for it', 'zh-CN': '还款 {id} 已冲正，不能开具收据' },
  'notices.notActive': {
    en: 'loan {number} is {state}; notices and demands go to active loans only',
    'zh-CN': '借据 {number} 当前为{state}状态，只能向未结清的借款发出提醒函或催告函',
  },
  'notices.notOverdue': { en: 'loan {number} has nothing overdue on {date}', 'zh-CN': '借据 {number} 截至 {date} 没有逾期款项' },
  'notices.demandTooEarly': {
    en: 'loan {number} is {dpd} days overdue; under the collections ladder a final demand goes out from {min} days',
    'zh-CN': '借据 {number} 已逾期 {dpd} 天；按催收流程，逾期满 {min} 天方可发出催告函',
  },
  'notices.cancelled': { en: 'the batch was cancelled; nothing was recorded', 'zh-CN': '批量打印已取消，未记录任何内容' },
  'notices.taskRunning': { en: 'a batch named {task} is already running', 'zh-CN': '名为 {task} 的批量任务正在运行' },
} as const satisfies Catalog;
