/** The messages of customers and the intake checks on their identity numbers and phones, in both desk languages (merged into one catalog in src/errors.ts). */
import type { Catalog } from '../errors';

export const customersMessages = {
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
} as const satisfies Catalog;
