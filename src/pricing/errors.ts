/** The messages of the LPR table and rate caps, in both desk languages (merged into one catalog in src/errors.ts). */
import type { Catalog } from '../errors';

export const pricingMessages = {
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
} as const satisfies Catalog;
