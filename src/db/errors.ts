/** The messages of the book file: opening, migrating, checking, backups, in both desk languages (merged into one catalog in src/errors.ts). */
import type { Catalog } from '../errors';

export const dbMessages = {
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
  'db.pgCollation': {
    en: "the office book database {database} sorts text by {collation}, and Suanpan needs the C collation (text compared byte by byte, as on a desk's own book); create the database with CREATE DATABASE … TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C' and open that one",
    'zh-CN': "办公室账册数据库 {database} 按 {collation} 排序文本，算盘需要 C 排序规则（按字节比较文本，与本机账册一致）；请用 CREATE DATABASE … TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C' 新建数据库后再打开",
  },
  'db.checking': {
    en: 'the loan book is still being checked after opening; changes can be saved in a moment',
    'zh-CN': '贷款账册打开后正在做完整性检查，稍后即可保存修改',
  },
  'db.integerRange': {
    en: 'the book holds a whole number in {column} ({value}) too large to read safely',
    'zh-CN': '账册 {column} 列中的整数（{value}）过大，无法安全读取',
  },
  'db.outsideUnitOfWork': {
    en: 'an internal fault: the book was read outside the change being made; nothing was saved',
    'zh-CN': '内部错误：在本次修改之外读取了账册，未保存任何内容',
  },
  'db.missing': { en: 'there is no loan book at {file}', 'zh-CN': '{file} 处没有贷款账册' },
  'db.restoreSame': { en: 'the backup and the book are the same file', 'zh-CN': '备份文件与账册是同一个文件' },
  'book.notOpen': { en: 'no loan book is open', 'zh-CN': '未打开贷款账册' },
  'book.notEmpty': { en: '{file} already holds a book; a demo book is built in a new file', 'zh-CN': '{file} 已有账册；演示账册须写入新文件' },
  'db.officeRefused': {
    en: 'the office book at {where} cannot be reached: nothing answers there (is the server running, and does it accept connections from this desk?)',
    'zh-CN': '无法连接位于 {where} 的办公室共享账册：该地址无响应（服务器是否已启动、是否允许本机连接？）',
  },
  'db.officeUnknownHost': {
    en: 'the office book at {where} cannot be reached: this desk does not know that server name',
    'zh-CN': '无法连接位于 {where} 的办公室共享账册：本机无法识别该服务器名称',
  },
  'db.officeTimeout': {
    en: 'the office book at {where} did not answer in time (is the network connected?)',
    'zh-CN': '位于 {where} 的办公室共享账册未及时响应（网络是否已连接？）',
  },
  'db.officeLogin': {
    en: 'the office book at {where} refused the user name or password',
    'zh-CN': '位于 {where} 的办公室共享账册拒绝了该用户名或密码',
  },
  'db.officeNoDatabase': {
    en: 'the server {where} has no such database; create it first (see "Sharing a book in an office" in the README)',
    'zh-CN': '服务器 {where} 上没有该数据库，请先创建（见 README“在办公室共享账册”一节）',
  },
  'db.officeUrl': {
    en: 'an office book is named postgres://user:password@host:port/database',
    'zh-CN': '办公室共享账册的写法为 postgres://用户名:密码@主机:端口/数据库',
  },
  'db.officeUnreachable': {
    en: 'the office book at {where} cannot be used: {detail}',
    'zh-CN': '无法使用位于 {where} 的办公室共享账册：{detail}',
  },
  'book.deskOnly': {
    en: 'this works on a book kept on this desk; the open book is the office book at {where}',
    'zh-CN': '此操作仅适用于本机账册；当前打开的是位于 {where} 的办公室共享账册',
  },
  'book.openWhileRestoring': { en: 'close the book before restoring it from a backup', 'zh-CN': '请先关闭账册，再从备份恢复' },
  'db.moveNotABook': {
    en: '{where} is not a Suanpan loan book (it has no migrations table); nothing was moved',
    'zh-CN': '{where} 不是算盘贷款账册（没有迁移记录表），未移动任何内容',
  },
  'db.moveTargetExists': {
    en: '{file} already exists; a book is moved into a new file',
    'zh-CN': '{file} 已存在；账册只能移入新文件',
  },
  'db.moveTargetNotEmpty': {
    en: 'the book at {where} is not empty (it holds {table}); a book is moved, or a demo book built, only into an empty one. Nothing was changed',
    'zh-CN': '位于 {where} 的账册不是空的（已有 {table} 数据）；只能把账册移入空账册或在空账册中生成演示账册。未做任何修改',
  },
  'db.moveSame': { en: 'the book would be moved into itself ({where})', 'zh-CN': '不能把账册移入它自己（{where}）' },
  'db.moveWhere': {
    en: '{field}: "{value}" is neither a file named by its full path nor an office book (postgres://…)',
    'zh-CN': '{field}：“{value}”既不是完整路径的文件，也不是办公室共享账册地址（postgres://…）',
  },
  'db.moveSchema': {
    en: 'the books at {from} and {to} have different tables ({table}); open both with this version of Suanpan first. Nothing was moved',
    'zh-CN': '{from} 与 {to} 两处账册的表结构不同（{table}），请先用本版本算盘分别打开。未移动任何内容',
  },
  'db.moveHistory': {
    en: 'the books at {from} and {to} record different migrations ({source} / {target}); nothing was moved',
    'zh-CN': '{from} 与 {to} 两处账册记录的迁移不同（{source} / {target}），未移动任何内容',
  },
  'db.moveFailed': {
    en: 'moving the book from {from} to {to} failed at {table} ({detail}); the target was left as it was, empty',
    'zh-CN': '将账册从 {from} 移到 {to} 时在 {table} 处失败（{detail}）；目标账册保持原样，仍为空',
  },
  'db.moveMismatch': {
    en: 'moving the book from {from} to {to}: {table} differs after the copy ({check}: {source} in the source, {target} in the target); nothing was kept',
    'zh-CN': '将账册从 {from} 移到 {to}：复制后 {table} 不一致（{check}：源账册 {source}，目标账册 {target}），未保留任何内容',
  },
  'db.moveReplicaRole': {
    en: 'the office book at {where} lets its role {role} write a book only with its checks off for the move; ask the server administrator to run once: GRANT SET ON PARAMETER session_replication_role TO {role}; Nothing was moved',
    'zh-CN': '位于 {where} 的办公室共享账册的角色 {role} 无权在移入账册时暂停约束检查；请服务器管理员执行一次：GRANT SET ON PARAMETER session_replication_role TO {role}; 未移动任何内容',
  },
} as const satisfies Catalog;
