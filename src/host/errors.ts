/** The messages of the desk's own settings (which book it opens, and how), in both desk languages (merged into one catalog in src/errors.ts). */
import type { Catalog } from '../errors';

export const deskMessages = {
  'desk.settingsCorrupt': {
    en: "this desk's settings ({file}) cannot be read ({detail}); choose the loan book again and they will be written anew",
    'zh-CN': '本机设置文件（{file}）无法读取（{detail}）；请重新选择贷款账册，设置将重新写入',
  },
  'desk.settingsUnwritable': {
    en: "this desk's settings could not be saved to {file} ({detail}); the book was not changed",
    'zh-CN': '无法将本机设置保存到 {file}（{detail}），账册未切换',
  },
  'desk.openFailed': {
    en: 'the loan book at {where} cannot be opened: {detail}',
    'zh-CN': '无法打开位于 {where} 的贷款账册：{detail}',
  },
  'desk.fixedBook': {
    en: 'this desk was started on the book at {where}; another book cannot be chosen here',
    'zh-CN': '本工作台启动时已指定账册 {where}，无法在此另选账册',
  },
  'desk.bookInUse': {
    en: 'the loan book at {where} is open and answering; only a signed-in administrator may choose another book',
    'zh-CN': '位于 {where} 的贷款账册已打开且工作正常，只有已登录的系统管理员才能改选其他账册',
  },
  'desk.passwordNeeded': {
    en: "this desk does not keep the office book's password; enter it to open the book at {where}",
    'zh-CN': '本机不保存办公室共享账册的密码；请输入密码以打开位于 {where} 的账册',
  },
  'desk.passwordUnsealed': {
    en: "the password kept for the office book at {where} cannot be read with this computer's keystore; enter it again",
    'zh-CN': '本机密钥库无法读取为位于 {where} 的办公室共享账册保存的密码，请重新输入',
  },
  'desk.host': {
    en: "{field}: enter the server's name or address (192.168.1.10), or the full path of the folder of its socket (/var/run/postgresql)",
    'zh-CN': '{field}：请填写服务器名称或地址（如 192.168.1.10），或其套接字所在文件夹的完整路径（如 /var/run/postgresql）',
  },
  'desk.name': {
    en: '{field}: letters, digits, "_", "-", "." or "$", at most 63',
    'zh-CN': '{field}：仅限字母、数字及“_”“-”“.”“$”，最多 63 个字符',
  },
} as const satisfies Catalog;
