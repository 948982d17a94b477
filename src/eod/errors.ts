/** The messages of the end-of-day close, in both desk languages (merged into one catalog in src/errors.ts). */
import type { Catalog } from '../errors';

export const eodMessages = {
  'eod.cancelled': { en: 'the close of {date} was stopped; nothing of it was kept', 'zh-CN': '{date} 的日终已中止，未保留任何结果' },
  'eod.dateMoved': { en: 'the business date moved while {date} was being closed; run the close again', 'zh-CN': '日终处理 {date} 期间营业日已变更，请重新运行日终' },
  'eod.running': { en: 'a close is already running; wait for it to finish', 'zh-CN': '日终正在运行，请等待完成' },
  'eod.runningBy': {
    en: '{who} is closing the business day (since {since}): {label}, step {done} of {total}; wait for it to finish',
    'zh-CN': '{who} 正在执行日终（自 {since} 起）：{label}，第 {done}/{total} 步，请等待完成',
  },
  'eod.interrupted': {
    en: 'the close of {date} on {where} stopped before it finished ({detail}); nothing of that day was kept: run the close again',
    'zh-CN': '{where} 上 {date} 的日终未完成即中断（{detail}），该日未保留任何结果，请重新运行日终',
  },
  'eod.toInPast': { en: 'the close runs forward: {to} is not after the business date {date}', 'zh-CN': '日终只能向后推进：{to} 不晚于当前营业日 {date}' },
} as const satisfies Catalog;
