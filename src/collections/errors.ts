/** The messages of collection cases, contacts, promises and the conduct rules, in both desk languages (merged into one catalog in src/errors.ts). */
import type { Catalog } from '../errors';

export const collectionsMessages = {
  'collections.caseNotFound': { en: 'there is no collection case {id}', 'zh-CN': '催收案件 {id} 不存在' },
  'collections.loanNotFound': { en: 'there is no loan {id}', 'zh-CN': '借据 {id} 不存在' },
  'collections.loanNotLate': {
    en: 'loan {number} has nothing overdue; a collection case is opened only for a late loan',
    'zh-CN': '借据 {number} 没有逾期款项；只有逾期借款才能立催收案件',
  },
  'collections.caseClosed': {
    en: 'the case of loan {number} was closed on {date}; it is kept as it was, and nothing more can be added to it',
    'zh-CN': '借据 {number} 的催收案件已于 {date} 结案，记录原样保存，不能再添加内容',
  },
  'collections.alreadyLegal': { en: 'the case of loan {number} is already with legal', 'zh-CN': '借据 {number} 的案件已移交法务' },
  'collections.loanStillLate': {
    en: 'loan {number} is still {dpd} days overdue; a case closes once the loan is current',
    'zh-CN': '借据 {number} 仍逾期 {dpd} 天；借款恢复正常后方可结案',
  },
  'collections.assigneeNotCollector': {
    en: 'user {id} cannot take collection cases (an active collections officer or branch manager is needed)',
    'zh-CN': '用户 {id} 不能承办催收案件（须为在岗的催收专员或网点负责人）',
  },
  'collections.localTime': {
    en: '"{value}" is not a local date and time (YYYY-MM-DDTHH:MM)',
    'zh-CN': '“{value}”不是有效的本地日期时间（格式 YYYY-MM-DDTHH:MM）',
  },
  'collections.quietHours': {
    en: 'no contact between {from} and {to} ({time} is inside those hours): the borrower has not agreed to be contacted then. Record their consent first, or choose a time from {to} to {from}',
    'zh-CN': '{from} 至次日 {to} 不得联系借款人（{time} 在此时段内），借款人未同意在此时段被联系。请先登记借款人的同意，或改在 {to} 至 {from} 之间联系',
  },
  'collections.callCap': {
    en: 'the debtor has already had {made} connected calls on {date}; at most {max} a day are allowed, all staff together. Try again tomorrow',
    'zh-CN': '该债务人 {date} 已接通 {made} 次电话；全部催收人员合计每日最多 {max} 次，请明日再联系',
  },
  'collections.debtorReachable': {
    en: 'a contact other than the debtor may be approached only when the debtor cannot be reached: the last {attempts} calls or visits to the debtor, over at least {days} days, must all have failed ({failed} of the last {attempts} failed)',
    'zh-CN': '只有在联系不上债务人时才能联系其他联系人：须最近 {attempts} 次对债务人的电话或上门、且跨至少 {days} 天均未接通（最近 {attempts} 次中未接通 {failed} 次）',
  },
  'collections.contactRequired': {
    en: 'choose which of the borrower\'s listed contacts this was; only listed contacts may be approached',
    'zh-CN': '请选择借款人登记的联系人；只能联系借款人登记的联系人',
  },
  'collections.contactNotListed': { en: '{id} is not a listed contact of {name}', 'zh-CN': '{id} 不是 {name} 登记的联系人' },
  'collections.scriptRequired': {
    en: 'confirm that the third-party script was followed: the contact was not told of the debt',
    'zh-CN': '请确认已按第三方联系话术进行，未向联系人透露债务情况',
  },
  'collections.connectedChannel': { en: 'only a call or a visit can be connected (this was a {channel})', 'zh-CN': '只有电话或上门才有“接通”（本次为 {channel}）' },
  'collections.contactChannel': {
    en: 'a contact other than the debtor is reached only by call, SMS or visit, never by letter or note ({channel})',
    'zh-CN': '对债务人以外的联系人只能电话、短信或上门联系，不能发函或记备注（{channel}）',
  },
  'collections.contactForDebtor': { en: 'a contact is named only when the party is a contact', 'zh-CN': '联系对象为债务人本人时不填联系人' },
  'collections.documentForLetter': { en: 'a document is attached only to a letter', 'zh-CN': '只有函件才能关联文书' },
  'collections.documentNotFound': { en: 'document {id} was not issued for loan {number}', 'zh-CN': '文书 {id} 不是为借据 {number} 出具的' },
  'collections.timeInFuture': { en: 'the contact time {time} is in the future', 'zh-CN': '联系时间 {time} 晚于当前时间' },
  'collections.timeTooOld': {
    en: 'the contact time {time} is more than {days} days ago; contacts are logged within {days} days',
    'zh-CN': '联系时间 {time} 已超过 {days} 天；联系记录须在 {days} 天内登记',
  },
  'collections.scheduleInPast': { en: 'the planned time {time} has already passed', 'zh-CN': '计划联系时间 {time} 已过' },
  'collections.scheduleNotFound': { en: 'there is no planned contact {id} on this case', 'zh-CN': '本案件没有计划联系 {id}' },
  'collections.scheduleDone': { en: 'the planned contact {id} has already been logged', 'zh-CN': '计划联系 {id} 已登记过' },
  'collections.promiseDate': {
    en: 'the promised date {value} must be from {from} to {to}',
    'zh-CN': '承诺还款日 {value} 须在 {from} 至 {to} 之间',
  },
  'collections.promisePending': {
    en: 'loan {number} already has a promise to pay by {date}; it is decided on that day before a new one is taken',
    'zh-CN': '借据 {number} 已有 {date} 到期的还款承诺；该承诺到期判定后方可登记新的承诺',
  },
  'collections.consentDate': { en: 'the consent date {value} is after the business date', 'zh-CN': '同意日期 {value} 晚于营业日' },
  'collections.noConsent': { en: '{name} has no consent on file to withdraw', 'zh-CN': '{name} 没有可撤回的同意记录' },
  'collections.cursor': { en: 'the page cursor is not valid; start from the first page', 'zh-CN': '翻页标记无效，请从第一页开始' },
} as const satisfies Catalog;
