// Patrol checklist templates (四必看, 五必问, 五必看/五必清/五必访/五必到/五必报) stored as data. County-wide
// templates (no region) are the administrator's; a village or town may add and edit its own, which its
// grid workers see beside the county-wide ones.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../db/business-time.js';
import { AppError, notFound, text } from '../../http/errors.js';
import { pathInScope } from '../../http/scope.js';
import { record, type Actor } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/auth.service.js';

export interface ChecklistInput {
  code?: string;
  name: string;
  items: { key?: string; text: string }[];
  active?: boolean;
}

const cols = ['id', 'code', 'name', 'items', 'regionId', 'regionPath', 'active', 'sort', 'updatedAt', 'version'] as const;

/** The templates a user works with: county-wide ones and those of the regions above or inside their scope. */
export async function listChecklists(db: Kysely<DB>, user: SessionUser, all = false) {
  const rows = await db.selectFrom('patrolChecklists').select(cols).orderBy('sort').orderBy('id').execute();
  const mine = (p: string | null) => p === null || user.scopePaths.some((s) => s.startsWith(p) || p.startsWith(s)) || (user.regionPath !== null && user.regionPath.startsWith(p));
  return rows.filter((r) => (all || r.active) && mine(r.regionPath)).map((r) => ({ ...r, editable: mayEdit(user, r.regionPath) }));
}

function mayEdit(user: SessionUser, regionPath: string | null) {
  if (!user.permissions.includes('patrol.checklist.manage')) return false;
  if (regionPath === null) return user.role === 'sys_admin';
  return user.role !== 'sys_admin' ? pathInScope(regionPath, user.scopePaths) : true;
}

function cleanItems(code: string, items: ChecklistInput['items']) {
  const seen = new Set<string>();
  return items.map((it, i) => {
    const key = (it.key?.trim() || `${code}_${i + 1}`).slice(0, 60);
    if (seen.has(key)) throw new AppError('VALIDATION', text(`清单条目键重复：${key}`, `duplicate item key ${key}`), { fields: [{ path: `items.${i}.key`, message: 'duplicate' }] });
    seen.add(key);
    return { key, text: it.text.trim() };
  });
}

export async function createChecklist(ctx: { db: Kysely<DB>; clock: Clock }, user: SessionUser, input: ChecklistInput, actor: Actor) {
  const regionPath = user.role === 'sys_admin' ? null : user.regionPath;
  const regionId = user.role === 'sys_admin' ? null : user.regionId;
  if (user.role !== 'sys_admin' && !regionPath) throw new AppError('FORBIDDEN', text('当前角色没有所属区域', 'your role has no region'));
  const code = input.code?.trim() || `c${ctx.clock.now().getTime().toString(36)}`;
  return ctx.db.transaction().execute(async (trx) => {
    const dup = await trx.selectFrom('patrolChecklists').select('id').where('code', '=', code).executeTakeFirst();
    if (dup) throw new AppError('CONFLICT', text(`清单编码 ${code} 已存在`, `checklist code ${code} exists`), { fields: [{ path: 'code', message: 'duplicate' }] });
    const row = await trx
      .insertInto('patrolChecklists')
      .values({ code, name: input.name.trim(), items: JSON.stringify(cleanItems(code, input.items)), regionId, regionPath, active: input.active ?? true, sort: 100, updatedBy: user.id, updatedAt: ctx.clock.now() })
      .returning(cols)
      .executeTakeFirstOrThrow();
    await record(trx, actor, { action: 'patrol_checklist.create', objectType: 'patrol_checklist', objectId: row.id, details: { code, name: row.name } }, ctx.clock.now());
    return row;
  });
}

export async function updateChecklist(ctx: { db: Kysely<DB>; clock: Clock }, user: SessionUser, id: number, input: ChecklistInput & { version: number }, actor: Actor) {
  return ctx.db.transaction().execute(async (trx) => {
    const cur = await trx.selectFrom('patrolChecklists').select(cols).where('id', '=', id).forUpdate().executeTakeFirst();
    const visible = cur && (cur.regionPath === null || user.role === 'sys_admin' || user.scopePaths.some((s) => s.startsWith(cur.regionPath!) || cur.regionPath!.startsWith(s)));
    if (!cur || !visible) throw notFound(text('清单不存在', 'checklist not found'));
    if (!mayEdit(user, cur.regionPath))
      throw new AppError('FORBIDDEN', text(cur.regionPath === null ? '全县通用清单由系统管理员维护' : '只能修改本级及下级的清单', cur.regionPath === null ? 'county-wide checklists are kept by the administrator' : 'you may edit only your own region\'s checklists'));
    if (cur.version !== input.version) throw new AppError('PRECONDITION_FAILED', text('清单已被他人修改，请刷新后重试', 'the checklist changed meanwhile: reload and retry'), { version: cur.version });
    const row = await trx
      .updateTable('patrolChecklists')
      .set({ name: input.name.trim(), items: JSON.stringify(cleanItems(cur.code, input.items)), active: input.active ?? cur.active, updatedBy: user.id, updatedAt: ctx.clock.now(), version: cur.version + 1 })
      .where('id', '=', id)
      .returning(cols)
      .executeTakeFirstOrThrow();
    await record(trx, actor, { action: 'patrol_checklist.update', objectType: 'patrol_checklist', objectId: id, details: { before: { name: cur.name, items: cur.items, active: cur.active }, after: { name: row.name, items: row.items, active: row.active } } }, ctx.clock.now());
    return row;
  });
}
