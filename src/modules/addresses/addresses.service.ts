// 标准地址: a tree of place (小区/街巷门牌) → building (楼栋) → unit (单元) → room (户室); each address lies in
// a grid. Writes need the grid inside the caller's area (403); reads are scoped (404 outside).
import { sql, type Kysely } from 'kysely';
import type { DB, AddressKind } from '../../db/schema.js';
import { AppError, notFound, text } from '../../http/errors.js';
import { inScopePaths, pathInScope } from '../../http/scope.js';
import { record } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/auth.service.js';
import { resolve } from '../regions/regions.service.js';
import { visible } from '../registers/visible.js';
import { diff, fieldError, history, logChange, outsideArea, textMatch, writableGrid, type RegisterCtx, type WriteActor } from '../registers/common.js';

export const ADDRESS_KINDS = ['place', 'building', 'unit', 'room'] as const;
const RANK: Record<AddressKind, number> = { place: 0, building: 1, unit: 2, room: 3 };
const addressNotFound = () => notFound(text('地址不存在', 'address not found'));

export interface NewAddress {
  parentId?: number;
  kind: AddressKind;
  name: string;
  gridCode?: string;
}

const cleanName = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ');

/** An address by id with its grid, without scope (callers decide 403 or 404). */
export const addressRow = (q: Kysely<DB>, id: number) =>
  q.selectFrom('addresses').innerJoin('regions', 'regions.id', 'addresses.gridId')
    .select(['addresses.id', 'addresses.kind', 'addresses.name', 'addresses.fullName', 'addresses.path', 'addresses.gridId', 'addresses.version', 'regions.path as gridPath', 'regions.code as gridCode'])
    .where('addresses.id', '=', id).executeTakeFirst();

/** An address the caller links a record to: 400 when missing, 403 when its grid is outside the caller's area. */
export async function linkableAddress(q: Kysely<DB>, user: SessionUser, id: number, field = 'addressId') {
  const a = await addressRow(q, id);
  if (!a) throw fieldError(field, text('地址不存在', 'no such address'));
  if (!pathInScope(a.gridPath, user.scopePaths)) throw outsideArea({ [field]: id });
  return a;
}

export async function createAddress(ctx: RegisterCtx, actor: WriteActor, input: NewAddress, q: Kysely<DB> = ctx.db) {
  const name = cleanName(input.name);
  if (name.length < 1 || name.length > 60) throw fieldError('name', text('地址名称应为 1–60 个字', 'name must have 1–60 characters'));
  const work = async (trx: Kysely<DB>) => {
    let parent: Awaited<ReturnType<typeof addressRow>> | undefined;
    if (input.parentId) {
      parent = await linkableAddress(trx, actor.user, input.parentId, 'parentId');
      if (RANK[input.kind] <= RANK[parent.kind as AddressKind])
        throw fieldError('kind', text('下级地址的层级应低于上级（小区 → 楼栋 → 单元 → 户室）', 'a child must be deeper than its parent (place → building → unit → room)'));
    } else if (input.kind !== 'place' && input.kind !== 'building') {
      throw fieldError('parentId', text('单元、户室须有上级地址', 'a unit or room needs a parent address'));
    }
    let gridId: number;
    if (input.gridCode) {
      const g = await writableGrid(trx, actor.user, input.gridCode);
      if (parent && !g.path.startsWith(parent.gridPath)) throw fieldError('gridCode', text('网格应在上级地址的网格之内', 'the grid must lie inside the parent address\'s grid'));
      gridId = g.id;
    } else if (parent) gridId = parent.gridId;
    else throw fieldError('gridCode', text('请选择网格', 'gridCode is required for a top-level address'));
    const dup = await trx.selectFrom('addresses').select('id').where('parentId', parent ? '=' : 'is', parent ? parent.id : null).where('gridId', '=', gridId).where('name', '=', name).executeTakeFirst();
    if (dup) throw new AppError('CONFLICT', text('同一上级下已有同名地址', 'an address with this name already exists here'), { fields: [{ path: 'name', message: 'duplicate' }], id: dup.id });
    const fullName = parent ? `${parent.fullName}${name}` : name;
    const row = await trx.insertInto('addresses')
      .values({ parentId: parent?.id ?? null, kind: input.kind, name, fullName, gridId, createdBy: actor.user.id, importJobId: actor.importJobId ?? null })
      .returning('id').executeTakeFirstOrThrow();
    await trx.updateTable('addresses').set({ path: `${parent?.path ?? '/'}${row.id}/` }).where('id', '=', row.id).execute();
    const now = ctx.clock.now();
    await logChange(trx, actor.audit, now, 'address', row.id, 'create', { fullName: { to: fullName } });
    if (!actor.importJobId) await record(trx, actor.audit, { action: 'address.create', objectType: 'address', objectId: row.id }, now);
    return row.id;
  };
  return q === ctx.db ? ctx.db.transaction().execute(work) : work(q);
}

/** Find or create the chain of addresses "小区/楼栋/单元/户室" in one grid (imports). Returns the last id. */
export async function ensureAddressChain(ctx: RegisterCtx, trx: Kysely<DB>, actor: WriteActor, gridCode: string, parts: string[]) {
  const kinds: AddressKind[] = parts.length >= 4 ? ['place', 'building', 'unit', 'room'] : parts.length === 3 ? ['place', 'building', 'room'] : parts.length === 2 ? ['place', 'building'] : ['place'];
  const grid = await writableGrid(trx, actor.user, gridCode);
  let parentId: number | undefined;
  for (let i = 0; i < parts.length; i++) {
    const name = cleanName(parts[i]);
    const found = await trx.selectFrom('addresses').select('id').where('parentId', parentId ? '=' : 'is', parentId ?? null).where('gridId', '=', grid.id).where('name', '=', name).executeTakeFirst();
    parentId = found ? found.id : await createAddress(ctx, actor, { parentId, kind: kinds[Math.min(i, kinds.length - 1)], name, gridCode: i === 0 ? gridCode : undefined }, trx);
  }
  return parentId!;
}

const base = (q: Kysely<DB>, user: SessionUser) =>
  q.selectFrom('addresses').innerJoin('regions', 'regions.id', 'addresses.gridId')
    .select(['addresses.id', 'addresses.parentId', 'addresses.kind', 'addresses.name', 'addresses.fullName', 'addresses.createdAt', 'addresses.updatedAt', 'addresses.version', 'regions.code as gridCode', 'regions.name as gridName'])
    .where(inScopePaths('regions.path', user.scopePaths));

export interface AddressFilter { gridCode?: string; parentId?: number; root?: boolean; kind?: AddressKind; q?: string; cursor?: number; limit: number }

export async function listAddresses(ctx: RegisterCtx, user: SessionUser, f: AddressFilter) {
  let q = base(ctx.db, user).orderBy('addresses.id').limit(f.limit + 1);
  if (f.gridCode) {
    const { node } = await resolve(ctx.db, f.gridCode);
    q = q.where('regions.path', 'like', `${node.path}%`);
  }
  if (f.parentId) q = q.where('addresses.parentId', '=', f.parentId);
  else if (f.root) q = q.where('addresses.parentId', 'is', null);
  if (f.kind) q = q.where('addresses.kind', '=', f.kind);
  if (f.q) q = q.where(textMatch('addresses.searchVector', 'addresses.fullName', f.q));
  if (f.cursor) q = q.where('addresses.id', '>', f.cursor);
  const rows = await q.execute();
  const items = rows.slice(0, f.limit);
  return { items, nextCursor: rows.length > f.limit ? items[items.length - 1].id : null };
}

export async function getAddress(ctx: RegisterCtx, user: SessionUser, id: number) {
  const a = await base(ctx.db, user).where('addresses.id', '=', id).executeTakeFirst();
  if (!a) throw addressNotFound();
  const children = await ctx.db.selectFrom('addresses').select(['id', 'kind', 'name']).where('parentId', '=', id).orderBy('name').execute();
  const housing = await ctx.db.selectFrom('housing').select(['id', 'use', 'rented']).where('addressId', '=', id).where(visible('housing')).executeTakeFirst();
  const people = await ctx.db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('n')).where('addressId', '=', id).where(visible('people')).executeTakeFirstOrThrow();
  return { ...a, children, housing: housing ?? null, residents: Number(people.n) };
}

export async function renameAddress(ctx: RegisterCtx, actor: WriteActor, id: number, input: { name: string; version?: number }) {
  const name = cleanName(input.name);
  if (name.length < 1 || name.length > 60) throw fieldError('name', text('地址名称应为 1–60 个字', 'name must have 1–60 characters'));
  return ctx.db.transaction().execute(async (trx) => {
    const a = await base(trx, actor.user).select(['addresses.path', 'addresses.gridId']).where('addresses.id', '=', id).executeTakeFirst();
    if (!a) throw addressNotFound();
    if (input.version !== undefined && input.version !== a.version) throw new AppError('PRECONDITION_FAILED', text('地址已被他人修改，请刷新', 'the address changed meanwhile; reload'));
    const prefix = a.fullName.slice(0, a.fullName.length - a.name.length) + name;
    await trx.updateTable('addresses').set({ fullName: sql<string>`${prefix}::text || substr(full_name, ${a.fullName.length + 1}::int)` })
      .where('path', 'like', `${a.path}%`).execute();
    await trx.updateTable('addresses').set((eb) => ({ name, updatedAt: ctx.clock.now(), version: eb('version', '+', 1) })).where('id', '=', id).execute();
    await logChange(trx, actor.audit, ctx.clock.now(), 'address', id, 'update', diff({ name: a.name }, { name }));
    return id;
  });
}

export async function addressHistory(ctx: RegisterCtx, user: SessionUser, id: number) {
  await getAddress(ctx, user, id);
  return history(ctx.db, 'address', id);
}
