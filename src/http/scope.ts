// Query-level scope: which region nodes, grids or units a request's user may see (DOMAIN §1).
// Repositories take the result and filter with it; anything outside answers 404.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { SessionUser } from '../modules/auth/auth.service.js';

export type Scope =
  | { kind: 'region'; path: string }
  | { kind: 'grids'; gridIds: number[]; villagePath: string | null }
  | { kind: 'unit'; unitId: number };

export function scopeOf(u: SessionUser): Scope {
  if (u.scopeKind === 'unit' && u.unitId) return { kind: 'unit', unitId: u.unitId };
  if (u.scopeKind === 'grids') return { kind: 'grids', gridIds: u.gridIds, villagePath: u.regionPath };
  return { kind: 'region', path: u.regionPath ?? '/nowhere/' };
}

/** Ids on a materialised path '/1/8/9/' → [1, 8, 9]. */
export const pathIds = (path: string | null) => (path ?? '').split('/').filter(Boolean).map(Number);

/** SQL: the region whose path column is `pathCol` lies inside the subtree at `path`. */
export const inSubtree = (pathCol: Expression<string> | string, path: string): Expression<SqlBool> =>
  sql<SqlBool>`${typeof pathCol === 'string' ? sql.ref(pathCol) : pathCol} like ${path + '%'}`;

/** SQL: the region path in `pathRef` lies inside one of the user's scope subtrees (false when there are none). */
export function inScopePaths(pathRef: string, paths: string[]): Expression<SqlBool> {
  if (paths.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(paths.map((p) => sql`${sql.ref(pathRef)} like ${p + '%'}`), sql` or `)})`;
}

export const pathInScope = (path: string, paths: string[]) => paths.some((p) => path.startsWith(p));
