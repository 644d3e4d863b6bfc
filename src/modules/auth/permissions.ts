// Roles are permission sets (DOMAIN §1). The three administrator roles are disjoint, never combined
// with another role, and none of them sees case contents or personal data. No superuser.
export const ROLES = [
  'grid_worker', 'volunteer', 'village_staff', 'town_staff', 'dispatcher', 'dept_handler', 'mediator', 'judge',
  'police', 'leader', 'sys_admin', 'sec_admin', 'auditor',
] as const;
export type Role = (typeof ROLES)[number];
export const ADMIN_ROLES: readonly Role[] = ['sys_admin', 'sec_admin', 'auditor'];
export const isAdminRole = (r: string) => (ADMIN_ROLES as readonly string[]).includes(r);

/** How a role's data scope is drawn (DOMAIN §1). */
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

export const PERMISSIONS = {
  'auth.self': '本人账号：改密码、切换角色、设备令牌',
  'region.read': '查看区划网格',
  'region.manage': '维护区划网格',
  'unit.read': '查看单位',
  'user.manage': '管理账号（本级及下级）',
  'role.grant_admin': '授予管理员角色',
  'policy.manage': '安全策略设置',
  'audit.read': '查看审计日志',
  'device.enroll': '登记手机设备令牌',
  'person.read': '查看实有人口',
  'person.write': '登记、修改实有人口',
  'personal.unmask': '查看完整个人信息（须填事由，留痕）',
  'case.read': '查看案件',
  'case.create': '受理/上报案件',
  'case.act': '办理案件（按流转表）',
  'patrol.log': '记录巡查日志、一键转案件',
  'patrol.read': '查看巡查日志',
  'patrol.supervise': '查看网格员每日巡查情况、调阅巡查轨迹（须填事由，留痕）',
  'patrol.checklist.manage': '维护巡查清单模板',
  'import.run': 'Excel 批量导入登记数据',
  'warning.read': '查看研判预警',
  'warning.handle': '签收、关闭预警',
  'warning.configure': '设置预警规则阈值',
  'evaluation.read': '查看季季评排名',
  'evaluation.configure': '设置季季评权重',
  'register.read': '查看标准地址、实有房屋、实有单位',
  'register.write': '登记、修改标准地址、实有房屋、实有单位',
  'keyperson.read': '查看重点人员（每次查看留痕）',
  'keyperson.write': '登记重点人员、记录走访',
  'keyperson.config': '设置重点人员类别（字段、走访频次）',
  'keyperson.unmask': '查看重点人员完整信息、导出完整台账（须填事由，留痕）',
  'supervision.board': '督办看板',
  'sms.read': '查看短信发送记录（仅发送状态，不含号码与内容）',
  'stats.view': '查看统计分析（本辖区/本单位）',
} as const;
export type Permission = keyof typeof PERMISSIONS;

const OPERATIONAL: Role[] = ROLES.filter((r) => !isAdminRole(r));
const FIELD: Role[] = ['grid_worker', 'volunteer'];

const GRANTS: Record<Permission, readonly Role[]> = {
  'auth.self': ROLES,
  'region.read': [...OPERATIONAL, 'sys_admin', 'sec_admin'],
  'region.manage': ['sys_admin'],
  'unit.read': [...OPERATIONAL, 'sys_admin', 'sec_admin'],
  'user.manage': ['sys_admin'],
  'role.grant_admin': ['sec_admin'],
  'policy.manage': ['sec_admin'],
  'audit.read': ['auditor'],
  'device.enroll': FIELD,
  'person.read': ['grid_worker', 'village_staff', 'town_staff', 'dispatcher', 'leader', 'police'],
  'person.write': ['grid_worker', 'village_staff', 'town_staff', 'dispatcher'],
  'personal.unmask': ['village_staff', 'town_staff', 'dispatcher', 'police'],
  'case.read': OPERATIONAL,
  'case.create': OPERATIONAL.filter((r) => r !== 'leader'),
  'case.act': OPERATIONAL,
  'patrol.log': [...FIELD, 'village_staff'],
  'patrol.read': [...FIELD, 'village_staff', 'town_staff', 'dispatcher', 'leader'],
  'patrol.supervise': ['village_staff', 'town_staff'],
  'patrol.checklist.manage': ['village_staff', 'town_staff', 'sys_admin'],
  'import.run': ['village_staff', 'town_staff', 'dispatcher'],
  'warning.read': ['leader', 'dispatcher', 'town_staff', 'village_staff'],
  'warning.handle': ['leader', 'dispatcher', 'town_staff', 'village_staff'],
  'warning.configure': ['sys_admin'],
  'evaluation.read': ['leader', 'dispatcher'],
  'evaluation.configure': ['sys_admin'],
  'register.read': ['grid_worker', 'village_staff', 'town_staff', 'dispatcher', 'leader', 'police'],
  'register.write': ['grid_worker', 'village_staff', 'town_staff', 'dispatcher'],
  'keyperson.read': ['grid_worker', 'village_staff', 'town_staff', 'police', 'leader'],
  'keyperson.write': ['grid_worker', 'village_staff', 'town_staff', 'police'],
  'keyperson.config': ['sys_admin'],
  'keyperson.unmask': ['village_staff', 'town_staff', 'police'],
  'supervision.board': ['leader', 'dispatcher', 'town_staff'],
  'sms.read': ['sys_admin'],
  'stats.view': ['leader', 'dispatcher', 'town_staff', 'village_staff', 'dept_handler'],
};

/** What a device token may do at most: what the phone app needs offline. */
export const DEVICE_PERMISSIONS: Permission[] = ['auth.self', 'region.read', 'unit.read', 'person.read', 'person.write', 'case.read', 'case.create', 'patrol.log', 'patrol.read', 'register.read', 'register.write', 'keyperson.read', 'keyperson.write'];

export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(GRANTS) as Permission[]).filter((p) => GRANTS[p].includes(role));
}

export const roleMatrix = () =>
  ROLES.map((role) => ({ role, name: ROLE_NAMES[role], scope: SCOPE_KIND[role], permissions: permissionsOf(role) }));

/** 三权分立: an administrator role stands alone. Returns a problem or null. */
export function checkRoleSet(roles: string[]): { zh: string; en: string } | null {
  for (const r of roles) if (!(ROLES as readonly string[]).includes(r)) return { zh: `未知角色 ${r}`, en: `unknown role ${r}` };
  const admins = roles.filter(isAdminRole);
  if (admins.length > 0 && new Set(roles).size > 1)
    return { zh: '三权分立：管理员角色不能与其他任何角色兼任', en: 'separation of duties: an administrator role cannot be combined with any other role' };
  return null;
}
