// The role catalogue as the server defines it (src/modules/auth/permissions.ts). The account pages need the
// names and scope kinds without policy.manage, so they live here too; GET /api/security/roles is the source.
import type { Lang } from '../../i18n';

export const ROLES = [
  'grid_worker', 'volunteer', 'village_staff', 'town_staff', 'dispatcher', 'dept_handler', 'mediator', 'judge',
  'police', 'leader', 'sys_admin', 'sec_admin', 'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export const ADMIN_ROLES: readonly Role[] = ['sys_admin', 'sec_admin', 'auditor'];
export const isAdminRole = (r: string) => (ADMIN_ROLES as readonly string[]).includes(r);

/** How a role's data scope is drawn: a region, the grids of a region, or a unit. */
export const SCOPE_KIND: Record<Role, 'region' | 'grids' | 'unit'> = {
  grid_worker: 'grids',
  volunteer: 'grids',
  village_staff: 'region',
  town_staff: 'region',
  dispatcher: 'region',
  leader: 'region',
  dept_handler: 'unit',
  mediator: 'unit',
  judge: 'unit',
  police: 'unit',
  sys_admin: 'region',
  sec_admin: 'region',
  auditor: 'region',
};

const NAMES: Record<Role, { zh: string; en: string }> = {
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  volunteer: { zh: '志愿者', en: 'Volunteer' },
  village_staff: { zh: '村/社区工作人员', en: 'Village staff' },
  town_staff: { zh: '镇/街道综治中心', en: 'Town centre staff' },
  dispatcher: { zh: '旗县受理分流员', en: 'County dispatcher' },
  dept_handler: { zh: '部门承办人', en: 'Department handler' },
  mediator: { zh: '调解员', en: 'Mediator' },
  judge: { zh: '法官', en: 'Judge' },
  police: { zh: '社区民警', en: 'Community police' },
  leader: { zh: '领导', en: 'Leader' },
  sys_admin: { zh: '系统管理员', en: 'System administrator' },
  sec_admin: { zh: '安全管理员', en: 'Security administrator' },
  auditor: { zh: '审计员', en: 'Auditor' },
};

export function roleName(role: string, lang: Lang): string {
  const n = NAMES[role as Role];
  return n ? n[lang] : role;
}

/** Roles the caller may grant: sys_admin the operational ones, sec_admin the administrator ones. */
export function grantableRoles(can: (p: string) => boolean): Role[] {
  if (can('role.grant_admin')) return [...ADMIN_ROLES];
  if (can('user.manage')) return ROLES.filter((r) => !isAdminRole(r));
  return [];
}

const PERMISSION_EN: Record<string, string> = {
  'auth.self': 'Own account: password, role switch, device tokens',
  'region.read': 'View regions and grids',
  'region.manage': 'Maintain regions and grids',
  'unit.read': 'View units',
  'user.manage': 'Administer accounts (own level and below)',
  'role.grant_admin': 'Grant administrator roles',
  'policy.manage': 'Security policy',
  'audit.read': 'Read the audit log',
  'device.enroll': 'Enrol phone device tokens',
  'person.read': 'View the population register',
  'person.write': 'Register and edit people',
  'personal.unmask': 'View full personal data (with a reason, audited)',
};

/** The server's Chinese label, or an English one when the app speaks English. */
export const permissionLabel = (code: string, zh: string | undefined, lang: Lang) => (lang === 'en' ? (PERMISSION_EN[code] ?? code) : (zh ?? code));
