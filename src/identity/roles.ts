/**
 * Roles and what each may do. This table is the source of truth for permission checks (the
 * database keeps the roles for reference and foreign keys); README.md documents it, and a test
 * checks every api method against every role.
 */
import type { Permission } from '../api/define';

export const ROLES = ['officer', 'senior_approver', 'collections', 'branch_manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, { zh: string; en: string }> = {
  officer: { zh: '信贷员', en: 'Loan officer' },
  senior_approver: { zh: '高级审批人', en: 'Senior approver' },
  collections: { zh: '催收专员', en: 'Collections' },
  branch_manager: { zh: '网点负责人', en: 'Branch manager' },
  admin: { zh: '系统管理员', en: 'Administrator' },
};

const DESK: Permission[] = ['quote.run', 'system.read', 'session.open'];
// Everyone sees where the business day stands; branch managers (and administrators, who run the
// system) close it.
const EOD_READ: Permission[] = ['eod.read'];
// Officers, approvers and managers all take applications and decide them, each within the
// authority the origination settings give their role (and never on their own applications).
// Servicing: officers post repayments (waivers within their authority); senior approvers and
// managers also pay out signed contracts; only managers write loans off. Collections read loans.
const SERVICE: Permission[] = ['loans.read', 'loans.service'];
const LOANS_PAYOUT: Permission[] = [...SERVICE, 'loans.disburse'];
const ORIGINATE: Permission[] = ['products.read', 'applications.read', 'applications.write', 'applications.decide'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  officer: [...DESK, ...EOD_READ, 'customers.read', 'customers.write', 'documents.read', 'documents.write', ...ORIGINATE, 'lists.read', ...SERVICE],
  senior_approver: [...DESK, ...EOD_READ, 'customers.read', 'customers.write', 'documents.read', 'documents.write', ...ORIGINATE, 'lists.read', 'lists.manage', ...LOANS_PAYOUT],
  // Collections print overdue notices and final demands, one at a time or in batches, and work
  // the cases: contact log, promises, planned contacts, hand-off to legal.
  collections: [...DESK, ...EOD_READ, 'customers.read', 'documents.read', 'notices.print', 'collections.read', 'collections.work', 'loans.read'],
  branch_manager: [...DESK, ...EOD_READ, 'eod.run', 'customers.read', 'customers.write', 'documents.read', 'documents.write', 'notices.print', 'audit.read', 'users.read', ...ORIGINATE, 'lists.read', 'lists.manage', 'settings.read', 'collections.read', 'collections.work', ...LOANS_PAYOUT, 'loans.writeOff'],
  // Administrators run the system, not the lending: no access to borrowers' data (the lists hold
  // ID numbers, so not those either), but they keep the policy: rules, authority, prices, scorecards.
  admin: [...DESK, ...EOD_READ, 'eod.run', 'audit.read', 'users.read', 'users.manage', 'book.backup', 'products.read', 'settings.read', 'settings.manage'],
};
