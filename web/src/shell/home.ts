// Where a user starts: the case workbench for roles that handle cases, else the region tree, else the first page it may open.
export const PAGES: { path: string; anyOf: string[] }[] = [
  { path: '/cases/workbench', anyOf: ['case.read'] },
  { path: '/regions', anyOf: ['region.read'] },
  { path: '/people', anyOf: ['person.read'] },
  { path: '/system/users', anyOf: ['user.manage', 'role.grant_admin'] },
  { path: '/system/policy', anyOf: ['policy.manage'] },
  { path: '/system/audit', anyOf: ['audit.read'] },
];

export function homePath(can: (p: string) => boolean): string {
  return PAGES.find((p) => p.anyOf.some(can))?.path ?? '/account';
}
