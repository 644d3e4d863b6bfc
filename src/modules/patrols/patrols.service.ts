// Patrol logs (民情一日一巡查一记录): grid, worker, times, sealed route points, checklist answers, notes and
// findings. Route points are a movement track (sensitive personal information, DOMAIN §6): stored only
// sealed, never in a list or detail answer; the worker reads their own, a village/town supervisor reads one
// with a reason, audited, like an unmask.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../db/business-time.js';
import { businessDate } from '../../db/business-time.js';
import { AppError, notFound, text } from '../../http/errors.js';
import { inScopePaths, pathInScope } from '../../http/scope.js';
import { record, type Actor } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/auth.service.js';
import { checkUnmaskReason, type CipherSuite } from '../personal/index.js';
import { GRID_LEVELS } from '../regions/regions.codes.js';
import { resolve } from '../regions/regions.service.js';
import { once, type Answer, type IdemKey } from '../sync/idempotency.js';

export interface PatrolsCtx {
  db: Kysely<DB>;
  clock: Clock;
  cipher: CipherSuite;
  timeZone: string;
  filesDir: string;
}

export interface PatrolInput {
  gridCode: string;
  startedAt: Date;
  endedAt?: Date;
  route?: { lat: number; lng: number; at?: string }[];
  checklistIds?: number[];
  answers?: Record<string, { ok: boolean; note?: string }>;
  notes?: string;
  findings?: { description: string; lat?: number; lng?: number }[];
}

const field = (path: string, zh: string, en: string) => new AppError('VALIDATION', text(zh, en), { fields: [{ path, message: en }] });
export const patrolNotFound = () => notFound(text('巡查日志不存在', 'patrol log not found'));

/** The grid a patrol is for: an active grid inside the caller's grids or region (403 outside). */
export async function patrolGrid(q: Kysely<DB>, user: SessionUser, gridCode: string) {
  let grid;
  try {
    grid = (await resolve(q, gridCode)).node;
  } catch (e) {
    if (e instanceof AppError && (e.code === 'NOT_FOUND' || e.code === 'VALIDATION')) throw field('gridCode', `未知的网格 ${gridCode}`, `unknown grid ${gridCode}`);
    throw e;
  }
  if (grid.status !== 'active' || !GRID_LEVELS.includes(grid.level)) throw field('gridCode', '请选择一个网格', 'gridCode must name an active grid');
  if (!pathInScope(grid.path, user.scopePaths))
    throw new AppError('FORBIDDEN', text('该网格不在您的管辖范围内', 'this grid is outside your area'), { gridCode });
  return grid;
}

export async function createPatrol(ctx: PatrolsCtx, user: SessionUser, input: PatrolInput, actor: Actor, idem?: IdemKey): Promise<Answer> {
  const now = ctx.clock.now();
  if (input.startedAt.getTime() > now.getTime() + 10 * 60_000) throw field('startedAt', '开始时间不能晚于现在', 'startedAt is in the future');
  if (input.endedAt && input.endedAt < input.startedAt) throw field('endedAt', '结束时间早于开始时间', 'endedAt is before startedAt');
  const answerKeys = Object.keys(input.answers ?? {});
  return ctx.db.transaction().execute(async (trx) =>
    once(trx, idem, async () => {
      const grid = await patrolGrid(trx, user, input.gridCode);
      if (answerKeys.length) {
        const lists = await trx.selectFrom('patrolChecklists').select('items').execute();
        const known = new Set(lists.flatMap((l) => l.items.map((i) => i.key)));
        const unknown = answerKeys.find((k) => !known.has(k));
        if (unknown) throw field(`answers.${unknown}`, `未知的清单条目 ${unknown}`, `unknown checklist item ${unknown}`);
      }
      const route = input.route ?? [];
      const log = await trx
        .insertInto('patrolLogs')
        .values({
          gridId: grid.id, gridPath: grid.path, workerId: user.id, workerRole: user.role,
          startedAt: input.startedAt, endedAt: input.endedAt ?? null, businessDate: businessDate(input.startedAt, ctx.timeZone),
          routeSealed: route.length ? ctx.cipher.encrypt(JSON.stringify(route)) : null, routePoints: route.length,
          answers: JSON.stringify({ checklistIds: input.checklistIds ?? [], items: Object.entries(input.answers ?? {}).map(([key, a]) => ({ key, ok: a.ok, note: a.note ?? null })) }), notes: input.notes?.trim() || null, createdAt: now,
        })
        .returning(['id', 'businessDate'])
        .executeTakeFirstOrThrow();
      const findings = [];
      for (const f of input.findings ?? [])
        findings.push(await trx.insertInto('patrolFindings').values({ patrolId: log.id, description: f.description.trim(), lat: f.lat ?? null, lng: f.lng ?? null, createdAt: now }).returning(['id', 'description']).executeTakeFirstOrThrow());
      await record(trx, actor, { action: 'patrol.create', objectType: 'patrol', objectId: log.id, details: { grid: grid.code, findings: findings.length, routePoints: route.length } }, now);
      return { status: 201, body: { id: log.id, businessDate: log.businessDate, findings } };
    }));
}

const listQuery = (db: Kysely<DB>, user: SessionUser) => {
  let q = db
    .selectFrom('patrolLogs')
    .innerJoin('regions', 'regions.id', 'patrolLogs.gridId')
    .innerJoin('users', 'users.id', 'patrolLogs.workerId')
    .select([
      'patrolLogs.id', 'patrolLogs.startedAt', 'patrolLogs.endedAt', 'patrolLogs.businessDate', 'patrolLogs.routePoints', 'patrolLogs.answers',
      'patrolLogs.notes', 'patrolLogs.workerId', 'users.displayName as workerName', 'regions.code as gridCode', 'regions.name as gridName', 'patrolLogs.createdAt',
    ]);
  // grid workers and volunteers see their own logs; territorial roles those of the grids in their region
  if (user.scopeKind === 'grids') q = q.where('patrolLogs.workerId', '=', user.id);
  else if (user.scopeKind === 'region') q = q.where(inScopePaths('patrolLogs.gridPath', user.scopePaths));
  else q = q.where(sql<boolean>`false`);
  return q;
};

export async function listPatrols(ctx: PatrolsCtx, user: SessionUser, f: { gridCode?: string; date?: string; workerId?: number; cursor?: number; limit: number }) {
  let q = listQuery(ctx.db, user).orderBy('patrolLogs.id', 'desc').limit(f.limit + 1);
  if (f.gridCode) {
    const { node } = await resolve(ctx.db, f.gridCode);
    q = q.where('patrolLogs.gridPath', 'like', `${node.path}%`);
  }
  if (f.date) q = q.where('patrolLogs.businessDate', '=', f.date);
  if (f.workerId) q = q.where('patrolLogs.workerId', '=', f.workerId);
  if (f.cursor) q = q.where('patrolLogs.id', '<', f.cursor);
  const rows = await q.execute();
  const items = rows.slice(0, f.limit);
  return { items, nextCursor: rows.length > f.limit ? items[items.length - 1].id : null };
}

export async function getPatrol(ctx: PatrolsCtx, user: SessionUser, id: number, q: Kysely<DB> = ctx.db) {
  const log = await listQuery(q, user).select('patrolLogs.gridPath').where('patrolLogs.id', '=', id).executeTakeFirst();
  if (!log) throw patrolNotFound();
  const findings = await q
    .selectFrom('patrolFindings')
    .leftJoin('cases', 'cases.id', 'patrolFindings.caseId')
    .select(['patrolFindings.id', 'patrolFindings.description', 'patrolFindings.lat', 'patrolFindings.lng', 'patrolFindings.caseId', 'cases.caseNumber'])
    .where('patrolFindings.patrolId', '=', id)
    .orderBy('patrolFindings.id')
    .execute();
  const photos = await q.selectFrom('patrolPhotos').select(['id', 'findingId', 'filename', 'contentType', 'size', 'createdAt']).where('patrolId', '=', id).orderBy('id').execute();
  return { ...log, findings, photos };
}

/**
 * The route points of one patrol. The worker reads their own; a village or town supervisor whose region
 * holds the grid reads them with a reason, audited in the same transaction; nobody else (404 / 403).
 */
export async function readRoute(ctx: PatrolsCtx, user: SessionUser, id: number, reason: string | undefined, actor: Actor) {
  return ctx.db.transaction().execute(async (trx) => {
    const log = await trx.selectFrom('patrolLogs').select(['id', 'workerId', 'gridPath', 'routeSealed']).where('id', '=', id).executeTakeFirst();
    if (!log) throw patrolNotFound();
    const own = log.workerId === user.id;
    if (!own) {
      const supervisor = user.permissions.includes('patrol.supervise') && user.scopeKind === 'region' && pathInScope(log.gridPath, user.scopePaths);
      if (!supervisor) {
        if (user.scopeKind === 'region' && pathInScope(log.gridPath, user.scopePaths))
          throw new AppError('FORBIDDEN', text('巡查轨迹仅本人及村、镇主管可调阅', 'only the worker and their village/town supervisors may read a route'));
        throw patrolNotFound();
      }
      const why = checkUnmaskReason(reason ?? '');
      if (!why.ok) throw field('reason', why.problem.zh, why.problem.en);
      await record(trx, actor, { action: 'patrol.route.read', objectType: 'patrol', objectId: id, details: { reason: why.value, workerId: log.workerId } }, ctx.clock.now());
    }
    return { id, route: log.routeSealed ? (JSON.parse(ctx.cipher.decrypt(log.routeSealed)) as PatrolInput['route']) : [] };
  });
}

/**
 * 民情一日一巡查一记录: for the business day `date` (Beijing; today by the injected clock), every grid worker and
 * volunteer of the grids in the caller's region, with how many patrols they logged that day.
 */
export async function dailyRule(ctx: PatrolsCtx, user: SessionUser, date?: string) {
  const day = date ?? businessDate(ctx.clock.now(), ctx.timeZone);
  const members = await ctx.db
    .selectFrom('gridMembers')
    .innerJoin('regions', 'regions.id', 'gridMembers.regionId')
    .innerJoin('users', 'users.id', 'gridMembers.userId')
    .select(['users.id as userId', 'users.displayName', 'gridMembers.duty', 'regions.code as gridCode', 'regions.name as gridName'])
    .where('gridMembers.duty', 'in', ['grid_worker', 'grid_leader', 'volunteer'])
    .where('users.status', '=', 'active')
    .where(inScopePaths('regions.path', user.scopePaths))
    .orderBy('users.id')
    .execute();
  const ids = [...new Set(members.map((m) => m.userId))];
  const logs = ids.length
    ? await ctx.db
        .selectFrom('patrolLogs')
        .select(['workerId', sql<number>`count(*)::int`.as('n'), sql<Date>`max(started_at)`.as('last')])
        .where('businessDate', '=', day)
        .where('workerId', 'in', ids)
        .where(inScopePaths('patrolLogs.gridPath', user.scopePaths))
        .groupBy('workerId')
        .execute()
    : [];
  const byWorker = new Map(logs.map((l) => [Number(l.workerId), l]));
  const workers = ids.map((id) => {
    const mine = members.filter((m) => m.userId === id);
    const l = byWorker.get(id);
    return {
      userId: id, displayName: mine[0].displayName, duties: [...new Set(mine.map((m) => m.duty))],
      grids: mine.map((m) => ({ code: m.gridCode, name: m.gridName })), patrols: l ? Number(l.n) : 0, lastStartedAt: l ? new Date(l.last) : null, logged: Boolean(l),
    };
  });
  return { date: day, total: workers.length, logged: workers.filter((w) => w.logged).length, workers };
}

/** What the phone app keeps for offline work: who, which grids, the checklists. */
export async function mobileContext(ctx: PatrolsCtx, user: SessionUser, checklists: unknown[]) {
  let q = ctx.db.selectFrom('regions').select(['code', 'name']).where('status', '=', 'active').where('level', 'in', GRID_LEVELS).orderBy('code').limit(300);
  q = user.scopeKind === 'grids' ? q.where('id', 'in', user.gridIds.length ? user.gridIds : [0]) : q.where(inScopePaths('path', user.scopePaths));
  return { user: { id: user.id, displayName: user.displayName, role: user.role, roleName: user.roleName }, grids: await q.execute(), checklists, day: businessDate(ctx.clock.now(), ctx.timeZone) };
}
