// 实有单位 (shops, companies, organisations): name, kind, address, contact person; the contact phone only sealed
// with a blind index. (Government units/departments are src/modules/units/.)
import type { Kysely } from 'kysely';
import { visible } from '../registers/visible.js';
import type { DB } from '../../db/schema.js';
import { AppError, notFound, text } from '../../http/errors.js';
import { inScopePaths } from '../../http/scope.js';
import { record, type Actor } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/auth.service.js';
import { resolve } from '../regions/regions.service.js';
import { checkPersonName, checkPhone, checkUnmaskReason, maskName, maskPhone } from '../personal/index.js';
import { ensureAddressChain, linkableAddress } from '../addresses/addresses.service.js';
import { diff, fieldError, history, logChange, logChanges, textMatch, throwRowErrors, writableGrid, type FieldProblem, type RegisterCtx, type RowCheck, type WriteActor } from '../registers/common.js';

export const ESTABLISHMENT_KINDS = ['shop', 'company', 'organisation', 'institution', 'other'] as const;
export type EstablishmentKind = (typeof ESTABLISHMENT_KINDS)[number];
export const KIND_NAMES: Record<EstablishmentKind, string> = { shop: '商铺', company: '企业', organisation: '社会组织', institution: '机关事业单位', other: '其他' };
const notHere = () => notFound(text('单位不存在', 'establishment not found'));

export interface NewEstablishment {
  name: string;
  kind: EstablishmentKind;
  creditCode?: string;
  gridCode?: string;
  addressId?: number;
  /** imports: "小区/楼栋/…" instead of an id */
  address?: string[];
  contactName?: string;
  contactPhone?: string;
  employees?: number;
  note?: string;
}

export function validateRow(input: Record<string, unknown>): RowCheck<NewEstablishment> {
  const errors: FieldProblem[] = [];
  const str = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());
  const name = str(input.name).normalize('NFKC');
  if (name.length < 2 || name.length > 100) errors.push({ column: 'name', message: '单位名称应为 2–100 个字' });
  const k = str(input.kind);
  const kind = (ESTABLISHMENT_KINDS as readonly string[]).includes(k) ? (k as EstablishmentKind) : (Object.entries(KIND_NAMES).find(([, n]) => n === k)?.[0] as EstablishmentKind | undefined);
  if (!kind) errors.push({ column: 'kind', message: `单位类别应为 ${Object.values(KIND_NAMES).join('、')}` });
  const creditCode = str(input.creditCode).toUpperCase() || undefined;
  if (creditCode && !/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(creditCode)) errors.push({ column: 'creditCode', message: '统一社会信用代码应为 18 位' });
  const gridCode = str(input.gridCode) || undefined;
  if (gridCode && !/^\d{15}(\d{3}){0,2}$/.test(gridCode)) errors.push({ column: 'gridCode', message: '网格编码应为 15、18 或 21 位数字' });
  const addressId = str(input.addressId) ? Number(str(input.addressId)) : undefined;
  if (addressId !== undefined && !(Number.isInteger(addressId) && addressId > 0)) errors.push({ column: 'addressId', message: '地址编号无效' });
  const address = str(input.address) ? str(input.address).split(/[/／>]/).map((s) => s.trim()).filter(Boolean) : undefined;
  if (!gridCode && !addressId) errors.push({ column: 'gridCode', message: '请填写网格或地址' });
  if (address && !gridCode) errors.push({ column: 'gridCode', message: '按地址文字导入时须填写网格编码' });
  let contactName: string | undefined;
  if (str(input.contactName)) {
    const n = checkPersonName(str(input.contactName));
    if (!n.ok) errors.push({ column: 'contactName', message: n.problem.zh });
    else contactName = n.value;
  }
  let contactPhone: string | undefined;
  if (str(input.contactPhone)) {
    const p = checkPhone(str(input.contactPhone));
    if (!p.ok) errors.push({ column: 'contactPhone', message: p.problem.zh });
    else contactPhone = p.value;
  }
  const employees = str(input.employees) ? Number(str(input.employees)) : undefined;
  if (employees !== undefined && !(Number.isInteger(employees) && employees >= 0 && employees < 1_000_000)) errors.push({ column: 'employees', message: '从业人数应为非负整数' });
  const note = str(input.note) || undefined;
  if (note && note.length > 500) errors.push({ column: 'note', message: '备注最长 500 字' });
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { name, kind: kind!, creditCode, gridCode, addressId, address, contactName, contactPhone, employees, note } };
}

async function placeOf(ctx: RegisterCtx, trx: Kysely<DB>, actor: WriteActor, e: NewEstablishment) {
  let addressId = e.addressId;
  if (!addressId && e.address?.length && e.gridCode) addressId = await ensureAddressChain(ctx, trx, actor, e.gridCode, e.address);
  if (addressId) {
    const a = await linkableAddress(trx, actor.user, addressId);
    if (e.gridCode) {
      const g = await writableGrid(trx, actor.user, e.gridCode);
      if (!a.gridPath.startsWith(g.path) && !g.path.startsWith(a.gridPath)) throw fieldError('addressId', text('该地址不在所选网格内', 'the address is not inside the chosen grid'));
      return { addressId, gridId: g.id };
    }
    return { addressId, gridId: a.gridId };
  }
  const g = await writableGrid(trx, actor.user, e.gridCode!);
  return { addressId: null, gridId: g.id };
}

const sealed = (ctx: RegisterCtx, phone?: string | null) =>
  phone ? { contactPhoneSealed: ctx.cipher.encrypt(phone), contactPhoneIndex: ctx.cipher.blindIndex('phone', phone) } : { contactPhoneSealed: null, contactPhoneIndex: null };

export async function insertMany(ctx: RegisterCtx, trx: Kysely<DB>, actor: WriteActor, rows: NewEstablishment[]) {
  const ids: number[] = [];
  for (const e of rows) {
    const place = await placeOf(ctx, trx, actor, e);
    const r = await trx.insertInto('establishments').values({
      name: e.name, kind: e.kind, creditCode: e.creditCode ?? null, ...place, contactName: e.contactName ?? null, ...sealed(ctx, e.contactPhone),
      employees: e.employees ?? null, note: e.note ?? null, createdBy: actor.user.id, importJobId: actor.importJobId ?? null,
    }).returning('id').executeTakeFirstOrThrow();
    ids.push(r.id);
  }
  const now = ctx.clock.now();
  await logChanges(trx, actor.audit, now, 'establishment', ids, rows.length === 1 ? 'create' : 'import');
  if (!actor.importJobId) await record(trx, actor.audit, { action: rows.length === 1 ? 'establishment.create' : 'establishment.import', objectType: 'establishment', objectId: rows.length === 1 ? ids[0] : undefined, details: { rows: ids.length } }, now);
  return ids;
}

export async function createEstablishment(ctx: RegisterCtx, actor: WriteActor, input: Record<string, unknown>) {
  const c = validateRow(input);
  if (!c.ok) throwRowErrors(c.errors);
  const [id] = await ctx.db.transaction().execute((trx) => insertMany(ctx, trx, actor, [c.value]));
  return id;
}

const base = (q: Kysely<DB>, user: SessionUser) =>
  q.selectFrom('establishments')
    .innerJoin('regions', 'regions.id', 'establishments.gridId')
    .leftJoin('addresses', 'addresses.id', 'establishments.addressId')
    .select([
      'establishments.id', 'establishments.name', 'establishments.kind', 'establishments.creditCode', 'establishments.addressId', 'addresses.fullName as address',
      'establishments.contactName', 'establishments.contactPhoneSealed', 'establishments.employees', 'establishments.note',
      'establishments.createdAt', 'establishments.updatedAt', 'establishments.version', 'regions.code as gridCode', 'regions.name as gridName',
    ])
    .where(inScopePaths('regions.path', user.scopePaths))
    .where(visible('establishments'));
type Row = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];

export function masked(ctx: RegisterCtx, r: Row) {
  const { contactPhoneSealed, ...rest } = r;
  return { ...rest, kindName: KIND_NAMES[r.kind as EstablishmentKind] ?? r.kind, contactName: r.contactName ? maskName(r.contactName) : null, contactPhone: contactPhoneSealed ? maskPhone(ctx.cipher.decrypt(contactPhoneSealed)) : null, masked: true };
}
export function unmasked(ctx: RegisterCtx, r: Row) {
  const { contactPhoneSealed, ...rest } = r;
  return { ...rest, kindName: KIND_NAMES[r.kind as EstablishmentKind] ?? r.kind, contactPhone: contactPhoneSealed ? ctx.cipher.decrypt(contactPhoneSealed) : null, masked: false };
}

export interface EstablishmentFilter { gridCode?: string; kind?: EstablishmentKind; q?: string; contactPhone?: string; cursor?: number; limit: number }

export async function listRows(ctx: RegisterCtx, user: SessionUser, f: EstablishmentFilter) {
  let q = base(ctx.db, user).orderBy('establishments.id').limit(f.limit + 1);
  if (f.gridCode) {
    const { node } = await resolve(ctx.db, f.gridCode);
    q = q.where('regions.path', 'like', `${node.path}%`);
  }
  if (f.kind) q = q.where('establishments.kind', '=', f.kind);
  if (f.q) q = q.where(textMatch('establishments.searchVector', 'establishments.name', f.q));
  if (f.contactPhone) {
    const p = checkPhone(f.contactPhone);
    if (!p.ok) throw fieldError('contactPhone', p.problem);
    q = q.where('establishments.contactPhoneIndex', '=', ctx.cipher.blindIndex('phone', p.value));
  }
  if (f.cursor) q = q.where('establishments.id', '>', f.cursor);
  const rows = await q.execute();
  const items = rows.slice(0, f.limit);
  return { items, nextCursor: rows.length > f.limit ? items[items.length - 1].id : null };
}

export async function listEstablishments(ctx: RegisterCtx, user: SessionUser, f: EstablishmentFilter) {
  const p = await listRows(ctx, user, f);
  return { items: p.items.map((r) => masked(ctx, r)), nextCursor: p.nextCursor };
}

export async function getEstablishment(ctx: RegisterCtx, user: SessionUser, id: number) {
  const r = await base(ctx.db, user).where('establishments.id', '=', id).executeTakeFirst();
  if (!r) throw notHere();
  return masked(ctx, r);
}

export interface EstablishmentPatch { name?: string; kind?: EstablishmentKind; contactName?: string | null; contactPhone?: string | null; employees?: number | null; note?: string | null; version?: number }

export async function updateEstablishment(ctx: RegisterCtx, actor: WriteActor, id: number, patch: EstablishmentPatch) {
  return ctx.db.transaction().execute(async (trx) => {
    const cur = await base(trx, actor.user).where('establishments.id', '=', id).executeTakeFirst();
    if (!cur) throw notHere();
    if (patch.version !== undefined && patch.version !== cur.version) throw new AppError('PRECONDITION_FAILED', text('单位信息已被他人修改，请刷新', 'the record changed meanwhile; reload'));
    const set: Record<string, unknown> = { name: patch.name?.trim(), kind: patch.kind, employees: patch.employees, note: patch.note };
    if (patch.name !== undefined && (patch.name.trim().length < 2 || patch.name.trim().length > 100)) throw fieldError('name', text('单位名称应为 2–100 个字', 'name must have 2–100 characters'));
    if (patch.contactName !== undefined) {
      if (!patch.contactName) set.contactName = null;
      else {
        const n = checkPersonName(patch.contactName);
        if (!n.ok) throw fieldError('contactName', n.problem);
        set.contactName = n.value;
      }
    }
    let phone: string | null | undefined;
    if (patch.contactPhone !== undefined) {
      if (!patch.contactPhone) phone = null;
      else {
        const p = checkPhone(patch.contactPhone);
        if (!p.ok) throw fieldError('contactPhone', p.problem);
        phone = p.value;
      }
    }
    const before = { ...cur, contactPhone: cur.contactPhoneSealed ? ctx.cipher.decrypt(cur.contactPhoneSealed) : null };
    const changes = diff(before, { ...set, contactPhone: phone }, ['contactPhone', 'contactName']);
    if (Object.keys(changes).length === 0) return id;
    const now = ctx.clock.now();
    await trx.updateTable('establishments').set((eb) => ({ ...set, ...(phone !== undefined ? sealed(ctx, phone) : {}), updatedAt: now, version: eb('version', '+', 1) })).where('id', '=', id).execute();
    await logChange(trx, actor.audit, now, 'establishment', id, 'update', changes);
    await record(trx, actor.audit, { action: 'establishment.update', objectType: 'establishment', objectId: id, details: { fields: Object.keys(changes) } }, now);
    return id;
  });
}

export async function establishmentHistory(ctx: RegisterCtx, user: SessionUser, id: number) {
  await getEstablishment(ctx, user, id);
  return history(ctx.db, 'establishment', id);
}

export async function unmaskEstablishment(ctx: RegisterCtx, user: SessionUser, id: number, reason: string, actor: Actor) {
  const why = checkUnmaskReason(reason);
  if (!why.ok) throw fieldError('reason', why.problem);
  return ctx.db.transaction().execute(async (trx) => {
    const r = await base(trx, user).where('establishments.id', '=', id).executeTakeFirst();
    if (!r) throw notHere();
    await record(trx, actor, { action: 'establishment.unmask', objectType: 'establishment', objectId: id, details: { reason: why.value, fields: ['contactName', 'contactPhone'] } }, ctx.clock.now());
    return unmasked(ctx, r);
  });
}
