// Grid members: who serves a grid (网格长, 网格员, 民警, 志愿者). Repository and service in one small file.
import { sql } from 'kysely';
import type { GridDuty } from '../../db/schema.js';
import { AppError, notFound, text } from '../../http/errors.js';
import { GRID_LEVELS } from './regions.codes.js';
import { isAdminRole } from '../auth/permissions.js';
import { audit, resolve, type Ctx } from './regions.service.js';
import type { Q } from './regions.repo.js';

export const DUTIES: Record<GridDuty, string> = { grid_leader: '网格长', grid_worker: '网格员', police: '民警', volunteer: '志愿者' };

async function activeGrid(q: Q, code: string) {
  const { node } = await resolve(q, code);
  if (node.status !== 'active') throw notFound(text(`区划 ${code} 已撤并`, `region ${code} is retired`));
  if (!GRID_LEVELS.includes(node.level))
    throw new AppError('UNPROCESSABLE', text('只有网格可以设置成员', 'only grids have members'), { level: node.level });
  return node;
}

export async function listMembers(ctx: Ctx, code: string) {
  const grid = await activeGrid(ctx.db, code);
  const rows = await ctx.db
    .selectFrom('gridMembers')
    .innerJoin('users', 'users.id', 'gridMembers.userId')
    .select(['users.id as userId', 'users.username', 'users.displayName', 'gridMembers.duty', 'gridMembers.addedAt'])
    .where('gridMembers.regionId', '=', grid.id)
    .orderBy(sql`case duty when 'grid_leader' then 0 when 'grid_worker' then 1 when 'police' then 2 else 3 end`)
    .orderBy('users.username')
    .execute();
  return rows.map((r) => ({ ...r, dutyName: DUTIES[r.duty] }));
}

export async function setMember(ctx: Ctx, code: string, username: string, duty: GridDuty) {
  return ctx.db.transaction().execute(async (trx) => {
    const grid = await activeGrid(trx, code);
    const user = await trx.selectFrom('users').select(['id']).where(sql<string>`lower(username)`, '=', username.toLowerCase()).executeTakeFirst();
    if (!user) throw notFound(text(`账号 ${username} 不存在`, `account ${username} not found`));
    const roles = await trx.selectFrom('userRoles').select('role').where('userId', '=', user.id).execute();
    if (roles.some((r) => isAdminRole(r.role)))
      throw new AppError('UNPROCESSABLE', text('管理员账号不能担任网格成员', 'an administrator account cannot be a grid member'));
    await trx
      .insertInto('gridMembers')
      .values({ regionId: grid.id, userId: user.id, duty })
      .onConflict((oc) => oc.columns(['regionId', 'userId']).doUpdateSet({ duty }))
      .execute();
    await audit(trx, ctx, 'grid.member_set', grid.code, { userId: user.id, username, duty });
  });
}

export async function removeMember(ctx: Ctx, code: string, userId: number) {
  await ctx.db.transaction().execute(async (trx) => {
    const grid = await activeGrid(trx, code);
    const r = await trx.deleteFrom('gridMembers').where('regionId', '=', grid.id).where('userId', '=', userId).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw notFound(text('该成员不在此网格', 'not a member of this grid'));
    await audit(trx, ctx, 'grid.member_remove', grid.code, { userId });
  });
}
