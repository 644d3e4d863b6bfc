// The role catalogue: the roles and their scope kinds come from the server's one source
// (src/modules/auth/permissions.ts, a pure module); here only their names in both languages.
import type { Lang } from '../../i18n';

export { ROLES, ADMIN_ROLES, isAdminRole, SCOPE_KIND } from '../../../../src/modules/auth/permissions';
export type { Role } from '../../../../src/modules/auth/permissions';
import { ROLES, ADMIN_ROLES, isAdminRole, type Role } from '../../../../src/modules/auth/permissions';

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
