/**
 * The wording of Suanpan's documents, in Chinese (the legal text) and English (a courtesy
 * translation), with {placeholders} filled from the document's content. Lenders change the parties'
 * details, the court and extra clauses in their document settings, not here.
 */
import type { Lang } from '../errors';

type Text = Record<Lang, string>;

export const METHOD_NAMES: Record<string, Text> = {
  'equal-installment': { 'zh-CN': '等额本息', en: 'equal installments (principal and interest)' },
  'equal-principal': { 'zh-CN': '等额本金', en: 'equal principal' },
  'interest-only': { 'zh-CN': '先息后本', en: 'interest monthly, principal at maturity' },
  flat: { 'zh-CN': '平息（等本等息）', en: 'flat rate' },
  revolving: { 'zh-CN': '随借随还', en: 'draw and repay any day' },
};

export const CONTRACT = {
  title: { 'zh-CN': '借款合同', en: 'Loan Contract' },
  subtitle: { 'zh-CN': '合同编号：{number}　签订日期：{date}', en: 'Contract No. {number}   Date: {date}' },
  translationNote: { 'zh-CN': '', en: 'This English text is a translation for reference; the Chinese text prevails.' },
  parties: { 'zh-CN': '合同双方', en: 'The parties' },
  lender: { 'zh-CN': '贷款人（甲方）', en: 'Lender (Party A)' },
  borrower: { 'zh-CN': '借款人（乙方）', en: 'Borrower (Party B)' },
  preamble: {
    'zh-CN': '甲乙双方根据《中华人民共和国民法典》等法律法规，经平等协商，就乙方向甲方借款事宜订立本合同，共同遵守。',
    en: 'Under the Civil Code of the People\'s Republic of China and other laws, the parties, negotiating as equals, make this contract for the loan below and agree to keep it.',
  },
  art1: { 'zh-CN': '第一条　借款金额与用途', en: 'Article 1. Amount and purpose' },
  art1Text: {
    'zh-CN': '借款金额为人民币（大写）{capital}（小写 {amount}）。借款用途：{purpose}。乙方不得将借款用于购房、证券投资、股本权益性投资或其他法律禁止的用途。',
    en: 'The loan is {amount} (in Chinese capitals: {capital}), for: {purpose}. The Borrower shall not use it to buy housing, invest in securities or equity, or for any purpose the law forbids.',
  },
  art1Received: {
    'zh-CN': '扣除一次性费用 {fees} 后，乙方实际到手金额为 {received}。',
    en: 'After the one-off fees of {fees}, the Borrower receives {received}.',
  },
  art2: { 'zh-CN': '第二条　借款期限', en: 'Article 2. Term' },
  art2Text: {
    'zh-CN': '借款期限为 {term} 个月，自 {start} 起至 {end} 止；实际放款日与本合同所载不一致的，以甲方放款凭证为准，还款日相应顺延。',
    en: 'The term is {term} months, from {start} to {end}. If the money is paid out on another day, the lender\'s payment record governs and the due dates move with it.',
  },
  art3: { 'zh-CN': '第三条　利率与还款方式', en: 'Article 3. Interest and repayment' },
  art3Text: {
    'zh-CN': '借款年利率为 {rate}（单利，月利率 {monthly}），按 {dayCount} 计息。以年化利率（IRR，含费用）计算的借款成本为 {apr}。还款方式为{method}，每月 {dueDay}还款，首期还款日为 {first}，共 {term} 期，详见第四条还款计划。',
    en: 'Interest is {rate} a year (simple; {monthly} a month), counted on a {dayCount} basis. The annualized cost of the loan (IRR, fees included) is {apr}. It is repaid by {method}, on {dueDay} of each month, first on {first}, in {term} installments, as in the schedule in Article 4.',
  },
  /** The repayment day in art3Text: a day some months lack falls back to the month's last day, and the next month returns to it. */
  dueDay: { 'zh-CN': '{day} 日', en: 'day {day}' },
  dueDayMonthEnd: { 'zh-CN': '{day} 日（当月没有 {day} 日的，为当月最后一日）', en: 'day {day} (the last day of a month that has no day {day})' },
  art1Line: {
    'zh-CN': '本合同项下授信额度为人民币（大写）{capital}（小写 {amount}），乙方可在额度内循环使用。借款用途：{purpose}。乙方不得将借款用于购房、证券投资、股本权益性投资或其他法律禁止的用途。',
    en: 'The credit limit is {amount} (in Chinese capitals: {capital}), to be drawn and drawn again within the limit, for: {purpose}. The Borrower shall not use it to buy housing, invest in securities or equity, or for any purpose the law forbids.',
  },
  art2Line: {
    'zh-CN': '额度期限为 {term} 个月，自 {start} 起至 {end} 止。额度期限内乙方可随时提款；每笔提款的本金及利息最迟于 {end} 还清。',
    en: 'The line is available for {term} months, from {start} to {end}. The Borrower may draw at any time within it; every draw, with its interest, is to be repaid by {end} at the latest.',
  },
  art3Line: {
    'zh-CN': '本合同项下为循环额度（随借随还）：乙方可在额度内随时提款、随时还款，利息按实际提款余额和实际占用天数按日计算。日利率为 {daily}（年利率 {rate} ÷ {basis}，按 {dayCount} 计息，单利）。按中国人民银行公告〔2021〕第 3 号计算的年化利率为 {apr}（单利，日利率 × 365；本额度不收取利息以外的任何费用）。例如：提款 {exampleAmount} 使用 {exampleDays} 天，应付利息 {exampleInterest}。{allocation}',
    en: 'This is a revolving line (draw and repay any day): the Borrower may draw within the limit and repay at any time; interest runs day by day on the balance drawn, for the days it is drawn. The daily rate is {daily} (the annual rate {rate} ÷ {basis}, on a {dayCount} basis, simple). The annualized rate under PBOC Announcement [2021] No. 3 is {apr} (simple: the daily rate × 365; the line carries no fee besides interest). For example, {exampleAmount} drawn for {exampleDays} days costs {exampleInterest} in interest. {allocation}',
  },
  allocation: {
    'zh-CN': '还款先还利息后还本金。',
    en: 'Repayments pay interest first, then principal.',
  },
  allocationPrincipalFirst: {
    'zh-CN': '还款先还本金后还利息。',
    en: 'Repayments pay principal first, then interest.',
  },
  art7Line: {
    'zh-CN': '乙方可随时偿还全部或部分提款，甲方不收取提前还款违约金或手续费，利息按实际占用天数计至还款日。',
    en: 'The Borrower may repay all or part of what is drawn at any time, with no early-repayment penalty or fee; interest runs to the day of repayment for the days the money was used.',
  },
  art4Line: {
    'zh-CN': '循环额度无固定还款计划；每次提款后甲方提供当期应还金额，乙方可随时结清，不收取任何提前还款费用。',
    en: 'A line has no fixed schedule; after each draw the Lender states what is owed, and the Borrower may settle at any time with no fee for repaying early.',
  },
  art4: { 'zh-CN': '第四条　还款计划', en: 'Article 4. Repayment schedule' },
  art4Totals: {
    'zh-CN': '合计应还本金 {principal}，利息 {interest}，费用 {fees}，本息费合计 {total}。',
    en: 'In all: principal {principal}, interest {interest}, fees {fees}; total to repay {total}.',
  },
  art5: { 'zh-CN': '第五条　费用', en: 'Article 5. Fees' },
  art5None: { 'zh-CN': '本借款不收取利息以外的任何费用。', en: 'No fee is charged besides the interest.' },
  art6: { 'zh-CN': '第六条　逾期罚息', en: 'Article 6. Late payment' },
  art6Text: {
    'zh-CN': '乙方未按期足额还款的，自逾期之日起就逾期本金按年利率 {penalty}（合同利率上浮 {markup}）计收罚息，直至清偿之日止。利息、罚息及费用合计不超过法律规定的上限，超出部分不予收取。',
    en: 'If an installment is not paid in full when due, penalty interest runs on the overdue principal at {penalty} a year (the contract rate plus {markup}) from the day it falls due until it is paid. Interest, penalty interest and fees together never exceed the legal limit; anything above it is not charged.',
  },
  art7: { 'zh-CN': '第七条　提前还款', en: 'Article 7. Early repayment' },
  art7Text: {
    'zh-CN': '乙方可随时提前偿还全部或部分借款，甲方不收取提前还款违约金或手续费，利息按实际占用天数计至还款日。部分提前还款后，乙方可选择减少月供或缩短期限。',
    en: 'The Borrower may repay all or part of the loan early at any time, with no early-repayment penalty or fee; interest runs to the day of repayment for the days the money was used. After a part repayment the Borrower chooses a lower payment or a shorter term.',
  },
  art8: { 'zh-CN': '第八条　违约与催收', en: 'Article 8. Default and collection' },
  art8Text: {
    'zh-CN': '乙方逾期还款、提供虚假材料或改变借款用途的，构成违约，甲方有权要求乙方限期纠正、提前收回借款并依法追偿。甲方及其委托的机构催收时遵守法律法规及行业自律规定，不在 22:00 至次日 8:00 期间联系乙方（乙方同意的除外），不使用暴力、威胁、侮辱等手段，不向乙方以外的第三人透露债务信息。',
    en: 'Late payment, false information or use of the money for another purpose is a default: the Lender may require it to be put right within a set time, call in the loan early and recover it by law. The Lender, and anyone it instructs, collects within the law and the industry\'s rules: no contact between 22:00 and 08:00 unless the Borrower agreed, no violence, threats or insults, and no disclosure of the debt to anyone but the Borrower.',
  },
  art9: { 'zh-CN': '第九条　争议解决', en: 'Article 9. Disputes' },
  art9Text: {
    'zh-CN': '因本合同发生的争议，双方协商解决；协商不成的，任何一方可向{court}提起诉讼。',
    en: 'The parties settle disputes under this contract by negotiation; failing that, either may sue in {court}.',
  },
  art10: { 'zh-CN': '第十条　其他', en: 'Article 10. Other terms' },
  art10Text: {
    'zh-CN': '本合同自双方签字（盖章）之日起生效，一式两份，双方各执一份，具有同等法律效力。乙方确认已阅读并理解本合同全部条款，甲方已就利率、费用、年化利率、逾期后果等重要内容作出提示和说明。',
    en: 'This contract takes effect when both parties sign (and seal) it, in two originals, one for each, equally valid. The Borrower confirms having read and understood every clause, and that the Lender explained the rate, fees, annualized rate and what follows late payment.',
  },
  signLender: { 'zh-CN': '甲方（盖章）', en: 'Lender (seal)' },
  signBorrower: { 'zh-CN': '乙方（签字）', en: 'Borrower (signature)' },
  signLines: { 'zh-CN': ['法定代表人或授权代表：', '日期：'], en: ['Authorized signatory:', 'Date:'] },
  signBorrowerLines: { 'zh-CN': ['签字：', '日期：'], en: ['Signature:', 'Date:'] },
  seal: { 'zh-CN': '（公章处）', en: '(company seal)' },
} satisfies Record<string, Text | Record<Lang, string[]>>;

export const SCHEDULE_COLUMNS = {
  n: { 'zh-CN': '期数', en: 'No.' },
  dueDate: { 'zh-CN': '还款日', en: 'Due date' },
  principal: { 'zh-CN': '本金', en: 'Principal' },
  interest: { 'zh-CN': '利息', en: 'Interest' },
  fee: { 'zh-CN': '费用', en: 'Fees' },
  total: { 'zh-CN': '应还合计', en: 'Total due' },
  balance: { 'zh-CN': '剩余本金', en: 'Balance' },
};

export const SCHEDULE = {
  title: { 'zh-CN': '还款计划表', en: 'Repayment Schedule' },
  subtitle: { 'zh-CN': '合同编号：{number}　制表日期：{date}', en: 'Contract No. {number}   Prepared: {date}' },
  totals: { 'zh-CN': '合计', en: 'Total' },
  lineFacts: {
    limit: { 'zh-CN': '授信额度', en: 'Credit limit' },
    period: { 'zh-CN': '额度期限', en: 'Available' },
    daily: { 'zh-CN': '日利率（单利）', en: 'Daily rate (simple)' },
    apr: { 'zh-CN': '年化利率（单利）', en: 'Annualized rate (simple)' },
  },
  line: {
    'zh-CN': '循环额度（随借随还）无固定还款计划：每笔提款自提款日起按日计息（提款余额 × 日利率 {daily} × 占用天数），可随时部分或全部归还，不收取任何费用，最迟于额度到期日 {end} 还清全部本息。',
    en: 'A revolving line (draw and repay any day) has no fixed schedule: each draw bears interest day by day from the day it is drawn (balance × the daily rate of {daily} × days), may be repaid in part or in full at any time with no fee, and is to be repaid with its interest by the expiry, {end}, at the latest.',
  },
  example: {
    'zh-CN': '示例：提款 {exampleAmount}，使用 {exampleDays} 天后一次还清，应付利息 {exampleInterest}（{exampleAmount} × {daily} × {exampleDays}），本息合计 {exampleTotal}；年化利率 {apr}（单利）。',
    en: 'Example: {exampleAmount} drawn and repaid in one payment after {exampleDays} days costs {exampleInterest} in interest ({exampleAmount} × {daily} × {exampleDays}), {exampleTotal} in all; the annualized rate is {apr} (simple).',
  },
  note: {
    'zh-CN': '还款日遇节假日不顺延；请于还款日前将应还款项存入还款账户。提前还款不收取违约金。',
    en: 'Due dates do not move for holidays; please pay in before each due date. Early repayment carries no penalty.',
  },
};

export const DISCLOSURE = {
  title: { 'zh-CN': '借款关键信息披露', en: 'Key Facts about Your Loan' },
  subtitle: { 'zh-CN': '合同编号：{number}　日期：{date}', en: 'Contract No. {number}   Date: {date}' },
  intro: {
    'zh-CN': '请在签订借款合同前阅读本页。以下为您借款的关键信息，年化利率按中国人民银行要求以内部收益率法（IRR）计算，已包含全部利息和费用。',
    en: 'Please read this page before you sign. These are the key facts of your loan. The annualized rate is worked out by the internal-rate-of-return method (IRR) as the People\'s Bank of China requires, and includes all interest and fees.',
  },
  introLine: {
    'zh-CN': '请在签订借款合同前阅读本页。以下为您循环额度（随借随还）的关键信息。本额度不收取利息以外的任何费用，利息按日以单利计算；年化利率按中国人民银行公告〔2021〕第 3 号计算，为日利率 × 365（单利）。',
    en: 'Please read this page before you sign. These are the key facts of your revolving line (draw and repay any day). The line carries no fee besides interest, and interest is simple, day by day; the annualized rate under PBOC Announcement [2021] No. 3 is the daily rate × 365 (simple).',
  },
  lineRows: {
    limit: { 'zh-CN': '授信额度', en: 'Credit limit' },
    period: { 'zh-CN': '额度期限', en: 'Available' },
    daily: { 'zh-CN': '日利率（单利）', en: 'Daily rate (simple)' },
    apr: { 'zh-CN': '年化利率（单利，日利率 × 365）', en: 'Annualized rate (simple, daily rate × 365)' },
    interest: { 'zh-CN': '计息方式', en: 'Interest' },
    example: { 'zh-CN': '示例', en: 'Example' },
    fees: { 'zh-CN': '费用', en: 'Fees' },
    allocation: { 'zh-CN': '还款顺序', en: 'Repayments' },
  },
  lineInterest: {
    'zh-CN': '按实际提款余额和实际占用天数按日计息（{dayCount}），未提款部分不计息',
    en: 'day by day on the balance drawn, for the days it is drawn ({dayCount}); nothing on what is not drawn',
  },
  lineExample: {
    'zh-CN': '提款 {exampleAmount} 使用 {exampleDays} 天，利息 {exampleInterest}',
    en: '{exampleAmount} drawn for {exampleDays} days: {exampleInterest} interest',
  },
  lineFees: { 'zh-CN': '无（不收取利息以外的任何费用）', en: 'none (nothing besides interest)' },
  rows: {
    amount: { 'zh-CN': '借款金额', en: 'Amount borrowed' },
    received: { 'zh-CN': '实际到手金额', en: 'Amount you receive' },
    term: { 'zh-CN': '借款期限', en: 'Term' },
    method: { 'zh-CN': '还款方式', en: 'Repayment method' },
    rate: { 'zh-CN': '合同年利率（单利）', en: 'Contract rate (simple, a year)' },
    apr: { 'zh-CN': '年化利率（IRR，含费用）', en: 'Annualized rate (IRR, with fees)' },
    payment: { 'zh-CN': '每期还款额', en: 'Each payment' },
    interest: { 'zh-CN': '利息总额', en: 'Total interest' },
    fees: { 'zh-CN': '费用总额', en: 'Total fees' },
    total: { 'zh-CN': '还款总额', en: 'Total you repay' },
    cost: { 'zh-CN': '借款总成本（利息 + 费用）', en: 'Total cost (interest + fees)' },
    penalty: { 'zh-CN': '逾期罚息', en: 'Late payment' },
    early: { 'zh-CN': '提前还款', en: 'Repaying early' },
    dates: { 'zh-CN': '首期 / 末期还款日', en: 'First / last due date' },
  },
  penalty: { 'zh-CN': '逾期本金按年利率 {penalty} 计收罚息', en: 'penalty interest on overdue principal at {penalty} a year' },
  early: { 'zh-CN': '可随时提前还款，不收违约金或手续费', en: 'any time, with no penalty or fee' },
  capWarning: {
    'zh-CN': '提示：本借款年化利率 {apr} 高于 {limit}（{what}）。',
    en: 'Note: the annualized rate {apr} is above {limit} ({what}).',
  },
  acknowledge: { 'zh-CN': '借款人确认已阅读并理解以上信息：', en: 'I have read and understood the facts above:' },
};

export const CAP_NAMES: Record<string, Text> = {
  'above-4x-lpr': { 'zh-CN': '一年期贷款市场报价利率的四倍', en: 'four times the one-year LPR' },
  'above-24': { 'zh-CN': '24%', en: '24%' },
  'above-36': { 'zh-CN': '36%', en: '36%' },
};

export const FACT_LABELS = {
  name: { 'zh-CN': '名称 / 姓名', en: 'Name' },
  idNumber: { 'zh-CN': '身份证号', en: 'ID number' },
  creditCode: { 'zh-CN': '统一社会信用代码', en: 'Unified social credit code' },
  legalRepresentative: { 'zh-CN': '法定代表人', en: 'Legal representative' },
  address: { 'zh-CN': '地址', en: 'Address' },
  phone: { 'zh-CN': '电话', en: 'Phone' },
  licence: { 'zh-CN': '经营许可', en: 'Licence' },
};

/** Fills {placeholders}; a missing value is left visible, never silently dropped. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, k: string) => (values[k] === undefined ? whole : String(values[k])));
}
