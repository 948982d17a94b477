/**
 * Typed errors. Every failure that can reach an officer is a SuanpanError with a code, a message key
 * and details; the text is looked up in the desk's language at the edge (CLI, api), never built here.
 */
export type ErrorCode = 'VALIDATION' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'RULE' | 'INTERNAL';
export type Lang = 'zh-CN' | 'en';
export type Details = Record<string, string | number | boolean | undefined | unknown[]>;

const messages = {
  'validation.json': {
    en: 'The request is not valid JSON: {reason}',
    'zh-CN': '请求不是有效的 JSON：{reason}',
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
    'zh-CN': '还款额取整单位 {value} 必须是最小货币单位（{unit}）的正整数倍',
  },
  'validation.interestOnlyGrace': {
    en: 'interest-only loans pay principal at maturity; principalGrace does not apply',
    'zh-CN': '先息后本到期一次还本，不适用本金宽限期',
  },
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
  'cli.usage': {
    en: 'usage: suanpan <schedule|payoff|line|apr|tvm> < request.json (one JSON request on stdin; the schedule\'s 4 × LPR warning uses the LPR table shipped with the program, not a book\'s); suanpan demo|backup|restore --db FILE …; suanpan score --db FILE [--scorecard MODEL.json] < applicants.jsonl; suanpan document --db FILE --type contract|schedule|disclosure|receipt|notice|demand --id ID [--lang zh-CN|en] --out FILE.pdf (ID: an application or loan; a repayment transaction for a receipt; a loan for a notice or demand); suanpan notices --db FILE --min-dpd N [--type notice|demand] [--lang zh-CN|en] --out FILE.pdf; suanpan repay --db FILE [--business-date DATE] [--file STATEMENT.csv] < statement.csv (rows: loan number, date, amount, reference)',
    'zh-CN': '用法：suanpan <schedule|payoff|line|apr|tvm> < request.json（从标准输入读取一个 JSON 请求；schedule 的四倍 LPR 提示按程序随附的 LPR 表，而非账册中的）；suanpan demo|backup|restore --db 文件 …；suanpan score --db 文件 [--scorecard 模型.json] < 申请.jsonl；suanpan document --db 文件 --type contract|schedule|disclosure|receipt|notice|demand --id 编号 [--lang zh-CN|en] --out 文件.pdf（编号：申请或借据；收据为还款交易编号；提醒函、催告函为借据编号）；suanpan notices --db 文件 --min-dpd 天数 [--type notice|demand] [--lang zh-CN|en] --out 文件.pdf；suanpan repay --db 文件 [--business-date 日期] [--file 对账单.csv] < 对账单.csv（每行：借据号、日期、金额、流水号）',
  },
  'cli.fileExists': { en: '{file} already exists; a demo book is built in a new file', 'zh-CN': '{file} 已存在；演示账册须写入新文件' },
  'cli.outExists': { en: '{file} already exists; choose a new file to write', 'zh-CN': '{file} 已存在，请指定新的输出文件' },
  'cli.unknownCommand': {
    en: 'unknown command "{command}"; the commands are {commands}',
    'zh-CN': '未知命令“{command}”；可用命令：{commands}',
  },
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
  'api.unknownMethod': { en: 'there is no api method "{method}"', 'zh-CN': '不存在接口方法“{method}”' },
  'api.forbidden': {
    en: 'you do not have permission for this ({permission})',
    'zh-CN': '您没有执行此操作的权限（{permission}）',
  },
  'api.badRequest': { en: 'the request could not be read: {reason}', 'zh-CN': '无法读取请求：{reason}' },
  'api.unauthorized': { en: 'this desk session is not authorized', 'zh-CN': '当前会话未经授权' },
  'db.notADatabase': {
    en: '{file} is not a Suanpan loan book (not an SQLite database file)',
    'zh-CN': '{file} 不是算盘贷款账册（不是 SQLite 数据库文件）',
  },
  'db.damaged': {
    en: 'the loan book {file} is damaged ({detail}). Nothing was changed. Restore the latest backup with "suanpan restore --db {file} --from BACKUP" and re-enter what came after it',
    'zh-CN': '贷款账册 {file} 已损坏（{detail}），未做任何修改。请用“suanpan restore --db {file} --from 备份文件”恢复最近的备份，再补录其后的业务',
  },
  'db.migrationEdited': {
    en: 'migration {id} ({name}) in this program differs from the one already applied to the book; refusing to open it',
    'zh-CN': '程序中的第 {id} 号迁移（{name}）与账册中已执行的不一致，拒绝打开',
  },
  'db.tooNew': {
    en: 'the loan book was written by a newer version of Suanpan (schema {id}); update the program',
    'zh-CN': '贷款账册由更新版本的算盘写入（结构版本 {id}），请升级程序',
  },
  'db.checking': {
    en: 'the loan book is still being checked after opening; changes can be saved in a moment',
    'zh-CN': '贷款账册打开后正在做完整性检查，稍后即可保存修改',
  },
  'db.integerRange': {
    en: 'the book holds a whole number in {column} ({value}) too large to read safely',
    'zh-CN': '账册 {column} 列中的整数（{value}）过大，无法安全读取',
  },
  'db.missing': { en: 'there is no loan book at {file}', 'zh-CN': '{file} 处没有贷款账册' },
  'db.restoreSame': { en: 'the backup and the book are the same file', 'zh-CN': '备份文件与账册是同一个文件' },
  'auth.badCredentials': { en: 'wrong user name or password', 'zh-CN': '用户名或密码错误' },
  'auth.locked': {
    en: 'this account is locked after repeated failed sign-ins until {until}',
    'zh-CN': '多次登录失败，账号已锁定至 {until}',
  },
  'auth.sessionExpired': { en: 'your session has ended; please sign in again', 'zh-CN': '会话已结束，请重新登录' },
  'auth.signInRequired': { en: 'please sign in first', 'zh-CN': '请先登录' },
  'auth.alreadySetUp': { en: 'the first administrator already exists', 'zh-CN': '首个管理员账号已存在' },
  'auth.weakPassword': {
    en: 'the password must have at least {min} characters, with letters and digits',
    'zh-CN': '密码至少 {min} 位，且须同时包含字母和数字',
  },
  'auth.usernameTaken': { en: 'the user name "{username}" is taken', 'zh-CN': '用户名“{username}”已被使用' },
  'auth.inactive': { en: 'this account is disabled', 'zh-CN': '该账号已停用' },
  'book.notOpen': { en: 'no loan book is open', 'zh-CN': '未打开贷款账册' },
  'customers.notFound': { en: 'there is no customer {id}', 'zh-CN': '客户 {id} 不存在' },
  'customers.duplicateIdNumber': {
    en: 'a customer with ID number {value} already exists ({name})',
    'zh-CN': '身份证号 {value} 的客户已存在（{name}）',
  },
  'customers.duplicateCreditCode': {
    en: 'a business with credit code {value} already exists ({name})',
    'zh-CN': '统一社会信用代码 {value} 的客户已存在（{name}）',
  },
  'intake.idNumberFormat': {
    en: 'an ID number has 18 characters: 17 digits and a check digit or X',
    'zh-CN': '身份证号应为 18 位：17 位数字加 1 位校验码（数字或 X）',
  },
  'intake.idNumberChecksum': {
    en: 'the ID number\'s check digit is wrong (expected {expected}); check the number',
    'zh-CN': '身份证号校验码不符（应为 {expected}），请核对号码',
  },
  'intake.idNumberBirthDate': {
    en: 'the ID number\'s birth date {value} is not a real date in the past',
    'zh-CN': '身份证号中的出生日期 {value} 无效',
  },
  'intake.minor': {
    en: 'the applicant is {age}: no lending to anyone under 18',
    'zh-CN': '申请人 {age} 岁，不得向未满 18 周岁者放款',
  },
  'intake.phone': {
    en: 'a mainland mobile number is 11 digits starting 13-19 (optionally +86)',
    'zh-CN': '手机号应为 11 位、以 13-19 开头（可带 +86）',
  },
  'intake.creditCodeFormat': {
    en: 'a unified social credit code has 18 characters from 0-9 and A-Y without I, O, Z, S, V',
    'zh-CN': '统一社会信用代码应为 18 位，由数字和除 I、O、Z、S、V 外的大写字母组成',
  },
  'intake.creditCodeChecksum': {
    en: 'the credit code\'s check character is wrong (expected {expected}); some early codes fail this check — confirm against the licence and give a reason to override',
    'zh-CN': '统一社会信用代码校验位不符（应为 {expected}）。部分早期代码无法通过校验，请核对营业执照，并填写原因后继续',
  },
  'documents.type': {
    en: 'only PDF, PNG and JPEG files can be attached; this file is {detected}',
    'zh-CN': '仅可上传 PDF、PNG、JPEG 文件；该文件为 {detected}',
  },
  'documents.tooLarge': { en: 'the file is larger than {max}', 'zh-CN': '文件超过 {max}' },
  'documents.notFound': { en: 'there is no document {id}', 'zh-CN': '附件 {id} 不存在' },
  'applications.notFound': { en: 'there is no application {id}', 'zh-CN': '申请 {id} 不存在' },
  'applications.productNotFound': { en: 'there is no product {id} on offer', 'zh-CN': '产品 {id} 不存在或已停办' },
  'applications.amountBelowProduct': { en: 'the amount is below the product\'s minimum of {min}', 'zh-CN': '申请金额低于该产品最低金额 {min}' },
  'applications.termOutsideProduct': { en: 'the product lends for {min} to {max} months', 'zh-CN': '该产品期限为 {min} 至 {max} 个月' },
  'applications.customerFixed': { en: 'an application stays with its customer; withdraw it and take a new one', 'zh-CN': '申请的客户不能更改；请撤回后重新录入' },
  'applications.state': {
    en: 'application {number} is {state}; this can be done only when it is {expected}',
    'zh-CN': '申请 {number} 当前状态为 {state}，仅在 {expected} 状态下可执行此操作',
  },
  'applications.changedMeanwhile': { en: 'application {number} was changed by someone else; open it again', 'zh-CN': '申请 {number} 已被他人更改，请重新打开' },
  'applications.documentsMissing': {
    en: 'application {number} cannot be submitted without these documents: {missing}',
    'zh-CN': '申请 {number} 缺少必备材料，不能提交：{missing}',
  },
  'applications.makerChecker': {
    en: 'you entered or submitted application {number}; another person must decide it',
    'zh-CN': '申请 {number} 由您录入或提交，须由他人审批',
  },
  'applications.authority': {
    en: 'approving {amount} (application {number}) needs the authority of a {required}',
    'zh-CN': '批准 {amount}（申请 {number}）超出您的审批权限，须由{required}审批',
  },
  'applications.noOffer': { en: 'application {number} has no offer to approve (its grade has no price)', 'zh-CN': '申请 {number} 没有可批准的报价（该等级无定价）' },
  'applications.noteRequired': { en: 'write the reason (it is kept with the decision)', 'zh-CN': '请填写理由（随决定一并留存）' },
  'applications.overrideReason': {
    en: 'the scorecard recommends declining (grade {grade}); approving needs a written reason of at least {min} characters',
    'zh-CN': '评分卡建议拒绝（等级 {grade}）；如需批准，须书面说明理由（至少 {min} 个字）',
  },
  'lists.notFound': { en: 'there is no list entry {id}', 'zh-CN': '名单记录 {id} 不存在' },
  'lists.value': { en: 'the value does not look like a {kind}', 'zh-CN': '所填值不是有效的{kind}' },
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
  'eod.cancelled': { en: 'the close of {date} was stopped; nothing of it was kept', 'zh-CN': '{date} 的日终已中止，未保留任何结果' },
  'eod.dateMoved': { en: 'the business date moved while {date} was being closed; run the close again', 'zh-CN': '日终处理 {date} 期间营业日已变更，请重新运行日终' },
  'eod.running': { en: 'a close is already running; wait for it to finish', 'zh-CN': '日终正在运行，请等待完成' },
  'book.notEmpty': { en: '{file} already holds a book; a demo book is built in a new file', 'zh-CN': '{file} 已有账册；演示账册须写入新文件' },
  'book.openWhileRestoring': { en: 'close the book before restoring it from a backup', 'zh-CN': '请先关闭账册，再从备份恢复' },
  'servicing.statementAhead': {
    en: 'the statement is dated {date}, after the business date {businessDate}: money is never posted ahead of the book',
    'zh-CN': '对账单日期 {date} 晚于当前营业日 {businessDate}：不能提前入账',
  },
  'eod.toInPast': { en: 'the close runs forward: {to} is not after the business date {date}', 'zh-CN': '日终只能向后推进：{to} 不晚于当前营业日 {date}' },
  'settings.invalid': { en: 'the settings are not valid: {reason}', 'zh-CN': '设置无效：{reason}' },
  'lpr.rate': {
    en: '{field}: "{value}" is not a one-year LPR: give it as a fraction above 0 and at most {max}, with at most 6 decimals ("0.0300" is 3.00%)',
    'zh-CN': '{field}：“{value}”不是有效的一年期 LPR：请以小数填写，大于 0 且不超过 {max}，最多 6 位小数（"0.0300" 即 3.00%）',
  },
  'lpr.dateInFuture': {
    en: 'the LPR effective from {date} is after the business date {businessDate}; enter a rate once it is published and in force',
    'zh-CN': 'LPR 生效日 {date} 晚于营业日 {businessDate}；请在报价公布并生效后再录入',
  },
  'lpr.notFound': { en: 'there is no LPR effective from {date}', 'zh-CN': '没有 {date} 起生效的 LPR' },
  'lpr.shipped': {
    en: 'the LPR effective from {date} is a published rate shipped with Suanpan; correct its rate instead of removing it',
    'zh-CN': '{date} 起生效的 LPR 是系统随附的已公布报价，只能更正利率，不能删除',
  },
  'lpr.lastEntry': {
    en: 'the LPR of {date} is the only rate in the table; the 4 × LPR line needs at least one',
    'zh-CN': '{date} 的 LPR 是表中仅有的一条报价；四倍 LPR 上限至少需要一条',
  },
  'scorecards.invalid': { en: 'the scorecard model is not valid: {reason}', 'zh-CN': '评分卡模型无效：{reason}' },
  'scorecards.exists': { en: 'scorecard {name} version {version} is already stored', 'zh-CN': '评分卡 {name} 第 {version} 版已存在' },
  'internal': { en: 'an internal error occurred: {reason}', 'zh-CN': '发生内部错误：{reason}' },
} as const satisfies Record<string, Record<Lang, string>>;

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
