// Where a user starts: the region tree when the role may read it, else the first page it may open.
export const PAGES: { path: string; anyOf: string[] }[] = [
  { path: '/regions', anyOf: ['region.read'] },
  { path: '/people', anyOf: ['person.read'] },
  { path: '/system/users', anyOf: ['user.manage', 'role.grant_admin'] },
  { path: '/system/policy', anyOf: ['policy.manage'] },
  { path: '/system/audit', anyOf: ['audit.read'] },
];

export function homePath(can: (p: string) => boolean): string {
  return PAGES.find((p) => p.anyOf.some(can))?.path ?? '/account';
}
