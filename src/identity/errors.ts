/** The messages of signing in, sessions and staff, in both desk languages (merged into one catalog in src/errors.ts). */
import type { Catalog } from '../errors';

export const identityMessages = {
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
} as const satisfies Catalog;
