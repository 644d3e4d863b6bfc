// 实有房屋: one house per room-level (or any) address, its use, owner, rental flag and tenants. The house's grid is
// its address's grid; writes need it inside the caller's area (403), reads are scoped (404 outside).
import { sql, type Kysely } from 'kysely';
import { heldByImport, visible } from '../registers/visible.js';
import type { DB } from '../../db/schema.js';
import { AppError, notFound, text } from '../../http/errors.js';
import { inScopePaths } from '../../http/scope.js';
import { record } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/auth.service.js';
import { resolve } from '../regions/regions.service.js';
import { maskName, normalizeIdNumber } from '../personal/index.js';
import { ensureAddressChain, linkableAddress } from '../addresses/addresses.service.js';
import { linkablePerson, personIdByIdNumber } from '../people/people.service.js';
import { diff, fieldError, history, logChange, logChanges, textMatch, type FieldProblem, type RegisterCtx, type RowCheck, type WriteActor } from '../registers/common.js';

export const HOUSING_USES = ['residential', 'commercial', 'mixed', 'office', 'vacant', 'other'] as const;
export type HousingUse = (typeof HOUSING_USES)[number];
export const USE_NAMES: Record<HousingUse, string> = { residential: '自住', commercial: '商用', mixed: '商住两用', office: '办公', vacant: '空置', other: '其他' };
const houseNotFound = () => notFound(text('房屋不存在', 'house not found'));

export interface NewHouse {
  addressId: number;
  use: HousingUse;
  ownerPersonId?: number;
  rented: boolean;
  tenantIds?: number[];
  area?: number;
  note?: string;
}

async function checkPeople(trx: Kysely<DB>, user: SessionUser, owner: number | undefined | null, tenants: number[] | undefined) {
  if (owner) await linkablePerson(trx, user, owner, 'ownerPersonId');
  for (const t of tenants ?? []) await linkablePerson(trx, user, t, 'tenantIds');
}

export async function createHouse(ctx: RegisterCtx, actor: WriteActor, input: NewHouse) {
  if (input.tenantIds?.length && !input.rented) throw fieldError('tenantIds', text('只有出租房屋才有承租人', 'only a rented house has tenants'));
  return ctx.db.transaction().execute(async (trx) => {
    const a = await linkableAddress(trx, actor.user, input.addressId);
    const dup = await trx.selectFrom('housing').select(['id', sql<boolean>`${visible('housing')}`.as('shown')]).where('addressId', '=', a.id).executeTakeFirst();
    if (dup && !dup.shown) throw new AppError('CONFLICT', text(heldByImport.zh, heldByImport.en), { fields: [{ path: 'addressId', message: 'held by a running import' }] });
    if (dup) throw new AppError('CONFLICT', text('该地址已登记房屋', 'this address already has a house'), { fields: [{ path: 'addressId', message: 'duplicate' }], id: dup.id });
    await checkPeople(trx, actor.user, input.ownerPersonId, input.tenantIds);
    const row = await trx.insertInto('housing').values({
      addressId: a.id, gridId: a.gridId, use: input.use, ownerPersonId: input.ownerPersonId ?? null, rented: input.rented,
      area: input.area ?? null, note: input.note ?? null, createdBy: actor.user.id,
    }).returning('id').executeTakeFirstOrThrow();
    const today = ctx.clock.now();
    for (const t of new Set(input.tenantIds ?? [])) await trx.insertInto('housingTenants').values({ housingId: row.id, personId: t }).execute();
    await logChange(trx, actor.audit, today, 'housing', row.id, 'create', { address: { to: a.fullName } });
    await record(trx, actor.audit, { action: 'housing.create', objectType: 'housing', objectId: row.id }, today);
    return row.id;
  });
}

const base = (q: Kysely<DB>, user: SessionUser) =>
  q.selectFrom('housing')
    .innerJoin('regions', 'regions.id', 'housing.gridId')
    .innerJoin('addresses', 'addresses.id', 'housing.addressId')
    .leftJoin('people as owner', 'owner.id', 'housing.ownerPersonId')
    .select([
      'housing.id', 'housing.addressId', 'addresses.fullName as address', 'housing.use', 'housing.rented', 'housing.area', 'housing.note',
      'housing.ownerPersonId', 'owner.name as ownerName', 'housing.createdAt', 'housing.updatedAt', 'housing.version',
      'regions.code as gridCode', 'regions.name as gridName',
    ])
    .select((eb) => eb.selectFrom('housingTenants').select(eb.fn.countAll<number>().as('n')).whereRef('housingTenants.housingId', '=', 'housing.id').as('tenantCount'))
    .where(inScopePaths('regions.path', user.scopePaths))
    .where(visible('housing'));

type Row = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];
const shown = (r: Row) => ({ ...r, area: r.area === null ? null : Number(r.area), ownerName: r.ownerName ? maskName(r.ownerName) : null, tenantCount: Number(r.tenantCount ?? 0), useName: USE_NAMES[r.use as HousingUse] ?? r.use });

export interface HousingFilter { gridCode?: string; rented?: boolean; use?: HousingUse; q?: string; cursor?: number; limit: number }

export async function listHousing(ctx: RegisterCtx, user: SessionUser, f: HousingFilter) {
  let q = base(ctx.db, user).orderBy('housing.id').limit(f.limit + 1);
  if (f.gridCode) {
    const { node } = await resolve(ctx.db, f.gridCode);
    q = q.where('regions.path', 'like', `${node.path}%`);
  }
  if (f.rented !== undefined) q = q.where('housing.rented', '=', f.rented);
  if (f.use) q = q.where('housing.use', '=', f.use);
  if (f.q) q = q.where(textMatch('addresses.searchVector', 'addresses.fullName', f.q));
  if (f.cursor) q = q.where('housing.id', '>', f.cursor);
  const rows = await q.execute();
  const items = rows.slice(0, f.limit).map(shown);
  return { items, nextCursor: rows.length > f.limit ? items[items.length - 1].id : null };
}

export async function getHouse(ctx: RegisterCtx, user: SessionUser, id: number) {
  const r = await base(ctx.db, user).where('housing.id', '=', id).executeTakeFirst();
  if (!r) throw houseNotFound();
  const tenants = await ctx.db.selectFrom('housingTenants').innerJoin('people', 'people.id', 'housingTenants.personId')
    .select(['people.id', 'people.name', 'people.registration', 'housingTenants.since']).where('housingId', '=', id).where(visible('people')).orderBy('people.id').execute();
  const residents = await ctx.db.selectFrom('people').select(['id', 'name', 'registration', 'householdRelation']).where('addressId', '=', r.addressId).where(visible('people')).orderBy('id').execute();
  return { ...shown(r), tenants: tenants.map((t) => ({ ...t, name: maskName(t.name) })), residents: residents.map((p) => ({ ...p, name: maskName(p.name) })) };
}

export interface HousePatch { use?: HousingUse; ownerPersonId?: number | null; rented?: boolean; tenantIds?: number[]; area?: number | null; note?: string | null; version?: number }

export async function updateHouse(ctx: RegisterCtx, actor: WriteActor, id: number, patch: HousePatch) {
  return ctx.db.transaction().execute(async (trx) => {
    const cur = await base(trx, actor.user).where('housing.id', '=', id).executeTakeFirst();
    if (!cur) throw houseNotFound();
    if (patch.version !== undefined && patch.version !== cur.version) throw new AppError('PRECONDITION_FAILED', text('房屋信息已被他人修改，请刷新', 'the record changed meanwhile; reload'));
    await checkPeople(trx, actor.user, patch.ownerPersonId, patch.tenantIds);
    const rented = patch.rented ?? cur.rented;
    const oldTenants = (await trx.selectFrom('housingTenants').select('personId').where('housingId', '=', id).orderBy('personId').execute()).map((t) => t.personId);
    const tenants = patch.tenantIds !== undefined ? [...new Set(patch.tenantIds)].sort((a, b) => a - b) : rented ? oldTenants : [];
    if (tenants.length && !rented) throw fieldError('tenantIds', text('只有出租房屋才有承租人', 'only a rented house has tenants'));
    const set = { use: patch.use, ownerPersonId: patch.ownerPersonId, rented: patch.rented, area: patch.area, note: patch.note };
    const changes = diff({ ...cur, area: cur.area === null ? null : Number(cur.area), tenantIds: oldTenants }, { ...set, tenantIds: tenants });
    if (Object.keys(changes).length === 0) return id;
    const now = ctx.clock.now();
    await trx.updateTable('housing').set((eb) => ({ ...set, updatedAt: now, version: eb('version', '+', 1) })).where('id', '=', id).execute();
    if ('tenantIds' in changes) {
      await trx.deleteFrom('housingTenants').where('housingId', '=', id).execute();
      for (const t of tenants) await trx.insertInto('housingTenants').values({ housingId: id, personId: t }).execute();
    }
    await logChange(trx, actor.audit, now, 'housing', id, 'update', changes);
    await record(trx, actor.audit, { action: 'housing.update', objectType: 'housing', objectId: id, details: { fields: Object.keys(changes) } }, now);
    return id;
  });
}

export async function houseHistory(ctx: RegisterCtx, user: SessionUser, id: number) {
  await getHouse(ctx, user, id);
  return history(ctx.db, 'housing', id);
}

// ---- import rows: { gridCode, address: "小区/楼栋/单元/户室", use, rented, ownerIdNumber?, area?, note? } ----
export interface HouseRow { gridCode: string; address: string[]; use: HousingUse; rented: boolean; ownerIdNumber?: string; area?: number; note?: string }

export function validateRow(input: Record<string, unknown>): RowCheck<HouseRow> {
  const errors: FieldProblem[] = [];
  const str = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());
  const gridCode = str(input.gridCode);
  if (!/^\d{15}(\d{3}){0,2}$/.test(gridCode)) errors.push({ column: 'gridCode', message: '网格编码应为 15、18 或 21 位数字' });
  const address = str(input.address).split(/[/／>]/).map((s) => s.trim()).filter(Boolean);
  if (address.length === 0 || address.length > 4 || address.some((s) => s.length > 60)) errors.push({ column: 'address', message: '地址应写成“小区/楼栋/单元/户室”，1–4 段' });
  const u = str(input.use);
  const use = (HOUSING_USES as readonly string[]).includes(u) ? (u as HousingUse) : (Object.entries(USE_NAMES).find(([, n]) => n === u)?.[0] as HousingUse | undefined);
  if (!use) errors.push({ column: 'use', message: `房屋用途应为 ${Object.values(USE_NAMES).join('、')}` });
  const r = str(input.rented);
  const rented = ['是', 'true', '1', '出租', 'yes'].includes(r.toLowerCase()) ? true : ['', '否', 'false', '0', 'no', '自住'].includes(r.toLowerCase()) ? false : undefined;
  if (rented === undefined) errors.push({ column: 'rented', message: '是否出租应为“是”或“否”' });
  const ownerIdNumber = str(input.ownerIdNumber) ? normalizeIdNumber(str(input.ownerIdNumber)) : undefined;
  const area = str(input.area) ? Number(str(input.area)) : undefined;
  if (area !== undefined && !(area > 0 && area < 100000)) errors.push({ column: 'area', message: '面积应为正数（平方米）' });
  const note = str(input.note) || undefined;
  if (note && note.length > 500) errors.push({ column: 'note', message: '备注最长 500 字' });
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { gridCode, address, use: use!, rented: rented!, ownerIdNumber, area, note } };
}

export async function insertMany(ctx: RegisterCtx, trx: Kysely<DB>, actor: WriteActor, rows: HouseRow[]) {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const h = rows[i];
    const addressId = await ensureAddressChain(ctx, trx, actor, h.gridCode, h.address);
    const a = (await linkableAddress(trx, actor.user, addressId))!;
    if (await trx.selectFrom('housing').select('id').where('addressId', '=', addressId).executeTakeFirst())
      throw new AppError('CONFLICT', text('该地址已登记房屋', 'this address already has a house'), { rows: [i], column: 'address' });
    let owner: number | undefined;
    if (h.ownerIdNumber) {
      owner = await personIdByIdNumber(ctx, trx, h.ownerIdNumber);
      if (!owner) throw new AppError('UNPROCESSABLE', text('房主未登记为实有人口', 'the owner is not in the population register'), { rows: [i], column: 'ownerIdNumber' });
    }
    const row = await trx.insertInto('housing').values({ addressId, gridId: a.gridId, use: h.use, rented: h.rented, ownerPersonId: owner ?? null, area: h.area ?? null, note: h.note ?? null, createdBy: actor.user.id, importJobId: actor.importJobId ?? null })
      .returning('id').executeTakeFirstOrThrow();
    ids.push(row.id);
  }
  const now = ctx.clock.now();
  await logChanges(trx, actor.audit, now, 'housing', ids, 'import');
  if (!actor.importJobId) await record(trx, actor.audit, { action: 'housing.import', objectType: 'housing', details: { rows: ids.length } }, now);
  return ids;
}
