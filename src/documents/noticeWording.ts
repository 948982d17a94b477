/**
 * The wording of receipts (收据), overdue notices (逾期还款提醒函) and final demands (催告函), in Chinese
 * (the text that governs) and English (a courtesy translation). Collection letters follow the
 * conduct rules the desk enforces: addressed to the borrower only, no threats, consequences stated
 * as the contract and the law set them, a way to ask for help, and when we call.
 */
import type { Lang } from '../errors';

type Text = Record<Lang, string>;

/** What an unset setting prints as, so a letter never goes out with a silent gap. */
export const UNSET: Text = { 'zh-CN': '（请在文书设置中填写）', en: '(set in Settings)' };

export const RECEIPT = {
  title: { 'zh-CN': '收据', en: 'Receipt' },
  subtitle: { 'zh-CN': '收据编号：{number}　开具日期：{date}', en: 'Receipt No. {number}   Date: {date}' },
  received: {
    'zh-CN': '今收到{payer}交来归还借款（合同编号{loan}）的款项：',
    en: 'Received from {payer}, in repayment of loan {loan}:',
  },
  amountLine: { 'zh-CN': '人民币（大写）{capital}　（小写）{amount}', en: '{amount} (in Chinese capitals: {capital})' },
  facts: {
    valueDate: { 'zh-CN': '收款日期', en: 'Date received' },
    payer: { 'zh-CN': '付款人', en: 'Paid by' },
    loan: { 'zh-CN': '合同编号', en: 'Contract No.' },
    product: { 'zh-CN': '借款产品', en: 'Product' },
    kind: { 'zh-CN': '款项类型', en: 'Payment type' },
    transaction: { 'zh-CN': '交易流水号', en: 'Transaction' },
    reference: { 'zh-CN': '付款凭证', en: 'Payment reference' },
  },
  kinds: {
    repayment: { 'zh-CN': '按期还款', en: 'Repayment' },
    prepayment: { 'zh-CN': '提前还款', en: 'Early repayment' },
    recovery: { 'zh-CN': '逾期款项回收', en: 'Recovery of overdue amounts' },
  } as Record<string, Text>,
  split: { 'zh-CN': '款项构成', en: 'How the payment was applied' },
  line: { 'zh-CN': '额度', en: 'Line' },
  unallocated: { 'zh-CN': '待分配', en: 'Not yet applied' },
  after: { 'zh-CN': '本次还款后剩余本金：{after}', en: 'Principal outstanding after this payment: {after}' },
  settled: { 'zh-CN': '本笔借款本金已全部还清。', en: 'The principal of this loan is repaid in full.' },
  note: {
    'zh-CN': '本收据确认上述款项已收到，并已按借款合同约定的顺序抵扣。如对金额有疑问，请与我公司联系核对。',
    en: 'This receipt confirms that the payment above was received and applied in the order the loan contract sets. If any amount looks wrong, please contact us.',
  },
  signLender: { 'zh-CN': '收款单位（盖章）', en: 'Received by (seal)' },
  signLines: { 'zh-CN': ['经办人：', '日期：'], en: ['Handled by:', 'Date:'] },
};

export const RECEIPT_COLUMNS = {
  n: { 'zh-CN': '期数', en: 'No.' },
  dueDate: { 'zh-CN': '应还日', en: 'Due date' },
  principal: { 'zh-CN': '本金', en: 'Principal' },
  interest: { 'zh-CN': '利息', en: 'Interest' },
  fee: { 'zh-CN': '费用', en: 'Fees' },
  penalty: { 'zh-CN': '罚息', en: 'Penalty' },
  total: { 'zh-CN': '小计', en: 'Subtotal' },
  sum: { 'zh-CN': '合计', en: 'Total' },
};

export const NOTICE_COLUMNS = {
  n: { 'zh-CN': '期数', en: 'No.' },
  dueDate: { 'zh-CN': '应还日', en: 'Due date' },
  daysLate: { 'zh-CN': '逾期天数', en: 'Days late' },
  principal: { 'zh-CN': '本金', en: 'Principal' },
  interest: { 'zh-CN': '利息', en: 'Interest' },
  fee: { 'zh-CN': '费用', en: 'Fees' },
  penalty: { 'zh-CN': '罚息', en: 'Penalty' },
  total: { 'zh-CN': '应还合计', en: 'Total due' },
  sum: { 'zh-CN': '合计', en: 'Total' },
};

/** What the notice and the demand share; each adds its own title, request and consequences. */
export const LETTER = {
  subtitle: { 'zh-CN': '编号：{number}　日期：{date}', en: 'No. {number}   Date: {date}' },
  to: { 'zh-CN': '借款人', en: 'Borrower' },
  address: { 'zh-CN': '地址', en: 'Address' },
  greeting: { 'zh-CN': '{name}：', en: 'Dear {name},' },
  opening: {
    'zh-CN': '您于{start}与{lender}签订借款合同（合同编号{loan}），借款金额{amount}。截至{asOf}，该笔借款有{count}期款项未按期偿还，最早一期应还日为{oldest}，已逾期{dpd}天。逾期款项明细如下（金额单位：元）：',
    en: 'Under loan contract No. {loan}, which you signed with {lender} on {start} for {amount}, {count} installment(s) had not been paid when due as of {asOf}. The oldest fell due on {oldest} and is now {dpd} days overdue. The overdue amounts are (in yuan):',
  },
  total: { 'zh-CN': '逾期应还合计：{total}（大写：{capital}）', en: 'Total overdue: {total} (in Chinese capitals: {capital})' },
  outstanding: {
    'zh-CN': '截至{asOf}，本借款尚未归还的本金共计{outstanding}（含上表中的逾期本金）。',
    en: 'Principal unpaid on this loan as of {asOf}: {outstanding} (the overdue principal included).',
  },
  howToPay: { 'zh-CN': '还款方式', en: 'How to pay' },
  payIntro: {
    'zh-CN': '请通过银行转账将款项存入以下还款账户（附言请注明合同编号{loan}），或到我公司柜台办理：',
    en: 'Pay by bank transfer into the account below (quote contract No. {loan}), or at our counter:',
  },
  accountName: { 'zh-CN': '户名', en: 'Account name' },
  bank: { 'zh-CN': '开户银行', en: 'Bank' },
  accountNumber: { 'zh-CN': '账号', en: 'Account number' },
  counter: { 'zh-CN': '柜台还款', en: 'At our counter' },
  counterHours: { 'zh-CN': '{address}（{hours}）', en: '{address} ({hours})' },
  consequences: { 'zh-CN': '逾期的后果', en: 'What late payment means' },
  penalty: {
    'zh-CN': '根据借款合同第六条，逾期本金自逾期之日起按年利率{penalty}计收罚息，直至清偿之日止；上表所列罚息为截至{asOf}已计收的金额。利息、罚息及费用合计不超过法律规定的上限。',
    en: 'Under Article 6 of the contract, penalty interest runs on overdue principal at {penalty} a year from its due date until it is paid; the penalty above is what had been charged by {asOf}. Interest, penalty interest and fees together never exceed the legal limit.',
  },
  credit: {
    'zh-CN': '根据《征信业管理条例》的规定，我公司特此告知：本笔借款的逾期信息将依法报送金融信用信息基础数据库，可能影响您今后申请贷款等信用业务。',
    en: 'As the Regulation on the Administration of the Credit Reporting Industry requires, we tell you that the overdue payments on this loan will be reported, as the law provides, to the financial credit information database, which may affect your future applications for credit.',
  },
  help: {
    'zh-CN': '如您暂时还款困难，请尽快与我们联系，我们愿意与您协商可行的还款安排。如您对上述金额有异议，也请与我们联系核对。',
    en: 'If you are having difficulty paying, please contact us soon: we are willing to agree a repayment plan you can manage. If you think any amount above is wrong, please contact us to check it.',
  },
  contactHeading: { 'zh-CN': '联系我们', en: 'Contact us' },
  collector: { 'zh-CN': '联系人', en: 'Contact' },
  phone: { 'zh-CN': '联系电话', en: 'Phone' },
  hours: { 'zh-CN': '接听时间', en: 'Hours' },
  complaints: { 'zh-CN': '投诉电话', en: 'Complaints' },
  department: { 'zh-CN': '贷后管理部', en: 'Collections Department' },
  conduct: {
    'zh-CN': '本函仅致借款人本人。我们不会向您的家人、同事或其他任何第三方透露本笔债务的信息；除您同意外，我们不会在22:00至次日08:00之间与您联系。如您认为我们的催收行为不当，可拨打投诉电话。',
    en: 'This letter is for the Borrower only. We never disclose this debt to your family, colleagues or anyone else, and we do not contact you between 22:00 and 08:00 unless you agreed to it. To complain about how we collect, call our complaints line.',
  },
  seal: { 'zh-CN': '（公章处）', en: '(seal)' },
  date: { 'zh-CN': '日期：{date}', en: 'Date: {date}' },
  hoursWeekdays: { 'zh-CN': '工作日 {from}–{to}', en: 'weekdays {from}–{to}' },
  hoursDaily: { 'zh-CN': '每日 {from}–{to}', en: 'daily {from}–{to}' },
};

export const NOTICE = {
  title: { 'zh-CN': '逾期还款提醒函', en: 'Overdue Payment Notice' },
  batchTitle: { 'zh-CN': '逾期还款提醒函（批量）', en: 'Overdue Payment Notices (batch)' },
  request: {
    'zh-CN': '请您于{payBy}前归还上述逾期款项。如您已经还款，请忽略本函，感谢您的配合。',
    en: 'Please pay the overdue amounts by {payBy}. If you have already paid, please disregard this letter.',
  },
};

export const DEMAND = {
  title: { 'zh-CN': '催告函', en: 'Final Demand for Payment' },
  batchTitle: { 'zh-CN': '催告函（批量）', en: 'Final Demands for Payment (batch)' },
  request: {
    'zh-CN': '本函即为正式催告：请您于{payBy}前清偿上述全部逾期款项。如您已经还款，请忽略本函。',
    en: 'This letter is a formal demand: please pay all the overdue amounts above by {payBy}. If you have already paid, please disregard this letter.',
  },
  legal: {
    'zh-CN': '如您在上述期限内仍未清偿，我公司将根据借款合同第八条宣布全部借款提前到期，要求您一次性偿还全部剩余本金{outstanding}及相应的利息、罚息，并依法向{court}提起诉讼。',
    en: 'If you have not paid by then, we will, under Article 8 of the contract, declare the whole loan due at once and ask you to repay all the remaining principal of {outstanding} with its interest and penalty interest, and we will take the matter to {court} as the law allows.',
  },
};
