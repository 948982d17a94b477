/** The messages of the command line, in both desk languages (merged into one catalog in src/errors.ts). */
import type { Catalog } from '../errors';

export const cliMessages = {
  'cli.usage': {
    en: 'usage: suanpan <schedule|payoff|line|apr|tvm> < request.json (one JSON request on stdin; the schedule\'s 4 × LPR warning uses the LPR table shipped with the program, not a book\'s); suanpan demo|backup|restore --db FILE …; suanpan book move --from FILE|postgres://… --to postgres://…|NEW-FILE (a whole book into an empty office book, or the office book into a new file); suanpan score --db FILE [--scorecard MODEL.json] < applicants.jsonl; suanpan document --db FILE --type contract|schedule|disclosure|receipt|notice|demand --id ID [--lang zh-CN|en] --out FILE.pdf (ID: an application or loan; a repayment transaction for a receipt; a loan for a notice or demand); suanpan notices --db FILE --min-dpd N [--type notice|demand] [--lang zh-CN|en] --out FILE.pdf; suanpan repay --db FILE [--business-date DATE] [--file STATEMENT.csv] < statement.csv (rows: loan number, date, amount, reference)',
    'zh-CN': '用法：suanpan <schedule|payoff|line|apr|tvm> < request.json（从标准输入读取一个 JSON 请求；schedule 的四倍 LPR 提示按程序随附的 LPR 表，而非账册中的）；suanpan demo|backup|restore --db 文件 …；suanpan book move --from 文件|postgres://… --to postgres://…|新文件（把整本账册移入空的办公室共享账册，或把办公室共享账册移入新文件）；suanpan score --db 文件 [--scorecard 模型.json] < 申请.jsonl；suanpan document --db 文件 --type contract|schedule|disclosure|receipt|notice|demand --id 编号 [--lang zh-CN|en] --out 文件.pdf（编号：申请或借据；收据为还款交易编号；提醒函、催告函为借据编号）；suanpan notices --db 文件 --min-dpd 天数 [--type notice|demand] [--lang zh-CN|en] --out 文件.pdf；suanpan repay --db 文件 [--business-date 日期] [--file 对账单.csv] < 对账单.csv（每行：借据号、日期、金额、流水号）',
  },
  'cli.fileExists': { en: '{file} already exists; a demo book is built in a new file', 'zh-CN': '{file} 已存在；演示账册须写入新文件' },
  'cli.outExists': { en: '{file} already exists; choose a new file to write', 'zh-CN': '{file} 已存在，请指定新的输出文件' },
  'cli.unknownCommand': {
    en: 'unknown command "{command}"; the commands are {commands}',
    'zh-CN': '未知命令“{command}”；可用命令：{commands}',
  },
} as const satisfies Catalog;
