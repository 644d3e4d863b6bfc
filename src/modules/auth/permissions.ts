// Roles are permission sets (DOMAIN §1). The three administrator roles are disjoint and never combined.
export const ROLES = [
  'grid_worker', 'volunteer', 'village_staff', 'town_staff', 'dispatcher', 'dept_handler', 'mediator', 'judge',
  'police', 'leader', 'sys_admin', 'sec_admin', 'auditor',
] as const;
export type Role = (typeof ROLES)[number];
export const ADMIN_ROLES: Role[] = ['sys_admin', 'sec_admin', 'auditor'];

export const ROLE_NAMES: Record<Role, string> = {
  grid_worker: '网格员',
  volunteer: '志愿者',
  village_staff: '村/社区工作人员',
  town_staff: '镇/街道综治中心',
  dispatcher: '旗县受理分流员',
  dept_handler: '部门承办人',
  mediator: '调解员',
  judge: '法官',
  police: '社区民警',
  leader: '领导',
  sys_admin: '系统管理员',
  sec_admin: '安全管理员',
  auditor: '审计员',
};

export const PERMISSIONS = ['region.read', 'region.manage'] as const;
export type Permission = (typeof PERMISSIONS)[number];

const OPERATIONAL: Role[] = ROLES.filter((r) => !ADMIN_ROLES.includes(r));

const GRANTS: Record<Permission, Role[]> = {
  'region.read': [...OPERATIONAL, 'sys_admin', 'sec_admin'],
  'region.manage': ['sys_admin'],
};

export function permissionsOf(role: Role): Permission[] {
  return PERMISSIONS.filter((p) => GRANTS[p].includes(role));
}

export const can = (role: Role, p: Permission) => GRANTS[p].includes(role);

/** 三权分立: an administrator role stands alone. */
export function checkRoleSet(roles: string[]): string | null {
  if (roles.length === 0) return 'at least one role';
  for (const r of roles) if (!ROLES.includes(r as Role)) return `unknown role ${r}`;
  const admins = roles.filter((r) => ADMIN_ROLES.includes(r as Role));
  if (admins.length > 0 && roles.length > 1) return 'an administrator role cannot be combined with another role';
  return null;
}
