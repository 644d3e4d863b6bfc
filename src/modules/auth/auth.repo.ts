import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Q = Kysely<DB>;

export const userByUsername = (q: Q, username: string) =>
  q.selectFrom('users').selectAll().where(sql<string>`lower(username)`, '=', username.toLowerCase()).executeTakeFirst();

export const userById = (q: Q, id: number) => q.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

/** Role assignments of a user with the names a screen shows. */
export const assignmentsOf = (q: Q, userId: number) =>
  q
    .selectFrom('userRoles')
    .leftJoin('regions', 'regions.id', 'userRoles.regionId')
    .leftJoin('units', 'units.id', 'userRoles.unitId')
    .select([
      'userRoles.id', 'userRoles.role', 'userRoles.regionId', 'regions.code as regionCode', 'regions.name as regionName',
      'regions.path as regionPath', 'userRoles.unitId', 'units.name as unitName',
    ])
    .where('userRoles.userId', '=', userId)
    .orderBy('userRoles.id')
    .execute();

export const insertSession = (q: Q, s: { id: string; userId: number; roleId: number; expiresAt: Date; lastSeenAt: Date; ip: string | null }) =>
  q.insertInto('sessions').values(s).execute();

export const sessionById = (q: Q, id: string) => q.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();

export const touchSession = (q: Q, id: string, at: Date) => q.updateTable('sessions').set({ lastSeenAt: at }).where('id', '=', id).execute();

export const setSessionRole = (q: Q, id: string, roleId: number) => q.updateTable('sessions').set({ roleId }).where('id', '=', id).execute();

export const deleteSession = (q: Q, id: string) => q.deleteFrom('sessions').where('id', '=', id).execute();

export const deleteSessionsOf = (q: Q, userId: number) => q.deleteFrom('sessions').where('userId', '=', userId).execute();

export const failuresOf = (q: Q, username: string) =>
  q.selectFrom('loginFailures').selectAll().where('username', '=', username.toLowerCase()).executeTakeFirst();

export const saveFailures = (q: Q, username: string, failures: number, firstFailedAt: Date, lockedUntil: Date | null) =>
  q
    .insertInto('loginFailures')
    .values({ username: username.toLowerCase(), failures, firstFailedAt, lockedUntil })
    .onConflict((oc) => oc.column('username').doUpdateSet({ failures, firstFailedAt, lockedUntil }))
    .execute();

export const clearFailures = (q: Q, username: string) => q.deleteFrom('loginFailures').where('username', '=', username.toLowerCase()).execute();

export const deviceTokenByHash = (q: Q, tokenHash: string) =>
  q.selectFrom('deviceTokens').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();

/** Grid ids a grid worker or volunteer serves. */
export const gridIdsOf = async (q: Q, userId: number) =>
  (await q.selectFrom('gridMembers').select('regionId').where('userId', '=', userId).execute()).map((r) => r.regionId);

/** The subtree roots a role assignment sees: its region; its grids; its unit's jurisdiction. */
export async function scopePathsOf(q: Q, kind: 'region' | 'grids' | 'unit', userId: number, regionPath: string | null, unitId: number | null) {
  if (kind === 'region') return regionPath ? [regionPath] : [];
  if (kind === 'grids') {
    const rows = await q.selectFrom('gridMembers').innerJoin('regions', 'regions.id', 'gridMembers.regionId').select('regions.path').where('gridMembers.userId', '=', userId).execute();
    return rows.map((r) => r.path);
  }
  if (!unitId) return [];
  const rows = await q.selectFrom('unitJurisdictions').innerJoin('regions', 'regions.id', 'unitJurisdictions.regionId').select('regions.path').where('unitJurisdictions.unitId', '=', unitId).execute();
  return rows.map((r) => r.path);
}
