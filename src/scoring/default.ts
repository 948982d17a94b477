/**
 * The scorecard Suanpan ships: seven characteristics an officer has on the desk for every applicant,
 * scaled so that 600 points are good:bad odds of 50:1 and every 20 points double the odds. Points
 * were set by judgement from common practice (documented in docs/scorecard.md), not trained; a
 * lender replaces it with one trained on their own history.
 *
 * Values: age in whole years; employmentYears in whole years at the employer (for a business, years
 * in business); monthlyIncome in whole yuan; debtToIncome in basis points (existing monthly debt
 * service plus this loan's payment, over monthly income); bureau counts as copied from the credit
 * report; history from this lender's own book.
 */
import type { ScorecardModel } from './scorecard';

const t = (zh: string, en: string) => ({ zh, en });

export const DEFAULT_SCORECARD: ScorecardModel = {
  name: 'suanpan-application',
  version: 1,
  description: t('算盘默认申请评分卡（专家设定，600 分对应好坏比 50:1，每 20 分好坏比翻倍）', 'Suanpan default application scorecard (expert-set; 600 points = 50:1 good:bad odds, 20 points double the odds)'),
  scaling: { base: 600, baseOdds: 50, pdo: 20 },
  grades: [
    { grade: 'A', minScore: 660 },
    { grade: 'B', minScore: 630 },
    { grade: 'C', minScore: 600 },
    { grade: 'D', minScore: 570 },
  ],
  characteristics: [
    {
      key: 'age',
      label: t('年龄', 'Age'),
      reason: t('年龄段的历史还款表现较弱', 'Repayment record of applicants of this age is weaker'),
      bins: [
        { label: t('未提供', 'Not given'), missing: true, points: 86 },
        { label: t('18–24 岁', '18–24'), min: 18, max: 25, points: 72 },
        { label: t('25–34 岁', '25–34'), min: 25, max: 35, points: 86 },
        { label: t('35–49 岁', '35–49'), min: 35, max: 50, points: 96 },
        { label: t('50–59 岁', '50–59'), min: 50, max: 60, points: 92 },
        { label: t('60 岁及以上', '60 and over'), min: 60, points: 80 },
        { label: t('未满 18 岁', 'Under 18'), max: 18, points: 0 },
      ],
    },
    {
      key: 'employmentYears',
      label: t('工作年限（企业为经营年限）', 'Years employed (business: years trading)'),
      reason: t('在现单位工作（或经营）时间较短', 'Short time with the current employer (or in business)'),
      bins: [
        { label: t('未提供', 'Not given'), missing: true, points: 70 },
        { label: t('不足 1 年', 'Under 1 year'), max: 1, points: 70 },
        { label: t('1–2 年', '1–2 years'), min: 1, max: 3, points: 82 },
        { label: t('3–5 年', '3–5 years'), min: 3, max: 6, points: 92 },
        { label: t('6 年及以上', '6 years or more'), min: 6, points: 100 },
      ],
    },
    {
      key: 'monthlyIncome',
      label: t('月收入', 'Monthly income'),
      reason: t('月收入较低', 'Monthly income is low'),
      bins: [
        { label: t('未提供', 'Not given'), missing: true, points: 60 },
        { label: t('低于 3,000 元', 'Under ¥3,000'), max: 3000, points: 66 },
        { label: t('3,000–5,999 元', '¥3,000–5,999'), min: 3000, max: 6000, points: 78 },
        { label: t('6,000–9,999 元', '¥6,000–9,999'), min: 6000, max: 10000, points: 88 },
        { label: t('10,000–19,999 元', '¥10,000–19,999'), min: 10000, max: 20000, points: 96 },
        { label: t('20,000 元及以上', '¥20,000 or more'), min: 20000, points: 102 },
      ],
    },
    {
      key: 'debtToIncome',
      label: t('负债收入比（含本笔月供）', 'Debt to income (with this loan’s payment)'),
      reason: t('每月还款负担占收入比例较高', 'Monthly repayments take a large share of income'),
      bins: [
        { label: t('无法计算（无收入）', 'Cannot tell (no income)'), missing: true, points: 50 },
        { label: t('低于 20%', 'Under 20%'), max: 2000, points: 104 },
        { label: t('20%–34.99%', '20%–34.99%'), min: 2000, max: 3500, points: 94 },
        { label: t('35%–49.99%', '35%–49.99%'), min: 3500, max: 5000, points: 76 },
        { label: t('50% 及以上', '50% or more'), min: 5000, points: 56 },
      ],
    },
    {
      key: 'bureauOverdue24m',
      label: t('近 24 个月征信逾期次数', 'Late payments on the credit report, last 24 months'),
      reason: t('征信报告显示近两年有逾期记录', 'The credit report shows late payments in the last two years'),
      bins: [
        { label: t('无征信报告', 'No credit report'), missing: true, points: 80 },
        { label: t('0 次', 'None'), max: 1, points: 100 },
        { label: t('1–2 次', '1–2'), min: 1, max: 3, points: 76 },
        { label: t('3–5 次', '3–5'), min: 3, max: 6, points: 54 },
        { label: t('6 次及以上', '6 or more'), min: 6, points: 36 },
      ],
    },
    {
      key: 'bureauInquiries6m',
      label: t('近 6 个月征信查询次数', 'Credit inquiries, last 6 months'),
      reason: t('近期多次申请贷款（征信查询较多）', 'Many recent applications for credit (credit report inquiries)'),
      bins: [
        { label: t('无征信报告', 'No credit report'), missing: true, points: 82 },
        { label: t('0–1 次', '0–1'), max: 2, points: 96 },
        { label: t('2–3 次', '2–3'), min: 2, max: 4, points: 88 },
        { label: t('4–6 次', '4–6'), min: 4, max: 7, points: 72 },
        { label: t('7 次及以上', '7 or more'), min: 7, points: 54 },
      ],
    },
    {
      key: 'history',
      label: t('本行借款记录', 'History with us'),
      reason: t('在本机构的借款记录不佳或尚无结清记录', 'No loan repaid with us yet, or a poor record with us'),
      bins: [
        { label: t('无记录', 'None'), missing: true, points: 82 },
        { label: t('新客户', 'New customer'), values: ['new'], points: 82 },
        { label: t('有在贷、无逾期', 'Loans running, none late'), values: ['existing'], points: 90 },
        { label: t('曾结清借款', 'Repaid a loan with us'), values: ['good'], points: 100 },
        { label: t('曾逾期或核销', 'Late or written off with us'), values: ['bad'], points: 30 },
      ],
    },
  ],
};
