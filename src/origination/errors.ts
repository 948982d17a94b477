/** The messages of applications, lists, scorecards and origination settings, in both desk languages (merged into one catalog in src/errors.ts). */
import type { Catalog } from '../errors';

export const originationMessages = {
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
  'settings.invalid': { en: 'the settings are not valid: {reason}', 'zh-CN': '设置无效：{reason}' },
  'scorecards.invalid': { en: 'the scorecard model is not valid: {reason}', 'zh-CN': '评分卡模型无效：{reason}' },
  'scorecards.exists': { en: 'scorecard {name} version {version} is already stored', 'zh-CN': '评分卡 {name} 第 {version} 版已存在' },
} as const satisfies Catalog;
