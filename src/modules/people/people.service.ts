// 实有人口 register: create, update (change log), list/search (exact ID number or phone through the blind index,
// names through the ngram index), read — always masked — and unmask with a reason, audited. Household and address
// link. Scope: the caller's region, grids or jurisdiction; writes only inside it.
import { sql, type Kysely } from 'kysely';
import { heldByImport, visible } from '../registers/visible.js';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../db/business-time.js';
import { AppError, notFound, text } from '../../http/errors.js';
import { inScopePaths, pathInScope } from '../../http/scope.js';
import { record, type Actor } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/auth.service.js';
import { resolve } from '../regions/regions.service.js';
import {
  checkIdDocument, checkPersonName, checkPhone, checkUnmaskReason, maskIdNumber, maskName, maskPhone, normalizeIdNumber,
  ID_DOCUMENT_TYPES, type CipherSuite, type IdDocumentType,
} from '../personal/index.js';
import { linkableAddress } from '../addresses/addresses.service.js';
import {
  diff, fieldError, history, logChange, logChanges, outsideArea, textMatch, throwRowErrors, writableGrid,
  type FieldProblem, type RowCheck, type WriteActor,
} from '../registers/common.js';

export interface PeopleCtx {
  db: Kysely<DB>;
  clock: Clock;
  cipher: CipherSuite;
}

const personNotFound = () => notFound(text('人员不存在', 'person not found'));
export const REGISTRATIONS = ['registered', 'floating'] as const;

export interface NewPerson {
  name: string;
  idType?: IdDocumentType;
  idNumber: string;
  phone?: string;
  gridCode: string;
  addressId?: number;
  registration: 'registered' | 'floating';
  householdNo?: string;
  householdRelation?: string;
}
export interface CheckedPerson extends Omit<NewPerson, 'idType'> {
  idType: IdDocumentType;
}

/** One row's checks without the database (imports call this for every row first). */
export function validateRow(input: Partial<Record<keyof NewPerson, unknown>>, now: Date = new Date()): RowCheck<CheckedPerson> {
  const errors: FieldProblem[] = [];
  const str = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());
  const name = checkPersonName(str(input.name));
  if (!name.ok) errors.push({ column: 'name', message: name.problem.zh });
  const idType = (str(input.idType) || 'resident_id') as IdDocumentType;
  if (!ID_DOCUMENT_TYPES.includes(idType)) errors.push({ column: 'idType', message: `未知证件类型 ${idType}` });
  const idNumber = normalizeIdNumber(str(input.idNumber));
  const idProblem = ID_DOCUMENT_TYPES.includes(idType) ? checkIdDocument({ type: idType, number: idNumber }, { now }) : null;
  if (!idNumber) errors.push({ column: 'idNumber', message: '证件号码不能为空' });
  else if (idProblem) errors.push({ column: 'idNumber', message: idProblem.zh });
  let phone: string | undefined;
  if (str(input.phone)) {
    const p = checkPhone(str(input.phone));
    if (!p.ok) errors.push({ column: 'phone', message: p.problem.zh });
    else phone = p.value;
  }
  const gridCode = str(input.gridCode);
  if (!/^\d{15}(\d{3}){0,2}$/.test(gridCode)) errors.push({ column: 'gridCode', message: '网格编码应为 15、18 或 21 位数字' });
  const reg = str(input.registration);
  const registration = reg === '户籍' || reg === '户籍人口' ? 'registered' : reg === '流动' || reg === '流动人口' ? 'floating' : reg;
  if (!REGISTRATIONS.includes(registration as 'registered')) errors.push({ column: 'registration', message: '户籍类别应为 registered（户籍）或 floating（流动）' });
  const addressId = input.addressId === undefined || input.addressId === null || input.addressId === '' ? undefined : Number(input.addressId);
  if (addressId !== undefined && !(Number.isInteger(addressId) && addressId > 0)) errors.push({ column: 'addressId', message: '地址编号无效' });
  const householdNo = str(input.householdNo) || undefined;
  if (householdNo && householdNo.length > 30) errors.push({ column: 'householdNo', message: '户号最长 30 个字符' });
  const householdRelation = str(input.householdRelation) || undefined;
  if (householdRelation && householdRelation.length > 20) errors.push({ column: 'householdRelation', message: '与户主关系最长 20 个字符' });
  if (errors.length || !name.ok) return { ok: false, errors };
  return { ok: true, value: { name: name.value, idType, idNumber, phone, gridCode, addressId, registration: registration as 'registered', householdNo, householdRelation } };
}

function sealedValues(ctx: PeopleCtx, p: CheckedPerson) {
  return {
    name: p.name,
    idType: p.idType,
    idNumberSealed: ctx.cipher.encrypt(p.idNumber),
    idNumberIndex: ctx.cipher.blindIndex('id_number', p.idNumber),
    phoneSealed: p.phone ? ctx.cipher.encrypt(p.phone) : null,
    phoneIndex: p.phone ? ctx.cipher.blindIndex('phone', p.phone) : null,
    registration: p.registration,
    addressId: p.addressId ?? null,
    householdNo: p.householdNo ?? null,
    householdRelation: p.householdRelation ?? null,
  };
}

/** Grid + address checks shared by create and import: the address must lie inside the person's grid. */
async function placeOf(q: Kysely<DB>, user: SessionUser, gridCode: string, addressId: number | undefined, gridCache?: Map<string, { id: number; path: string }>) {
  let grid = gridCache?.get(gridCode);
  if (!grid) {
    grid = await writableGrid(q, user, gridCode);
    gridCache?.set(gridCode, grid);
  }
  if (addressId) {
    const a = await linkableAddress(q, user, addressId);
    if (!a.gridPath.startsWith(grid.path) && !grid.path.startsWith(a.gridPath))
      throw fieldError('addressId', text('该地址不在所选网格内', 'the address is not inside the chosen grid'));
  }
  return grid;
}

export async function createPerson(ctx: PeopleCtx, user: SessionUser, input: NewPerson, actor: Actor) {
  const checked = validateRow(input as Partial<Record<keyof NewPerson, unknown>>, ctx.clock.now());
  if (!checked.ok) throwRowErrors(checked.errors);
  const p = checked.value;
  const idIndex = ctx.cipher.blindIndex('id_number', p.idNumber);
  return ctx.db.transaction().execute(async (trx) => {
    const grid = await placeOf(trx, user, p.gridCode, p.addressId);
    const dup = await trx.selectFrom('people').select(['id', sql<boolean>`${visible('people')}`.as('shown')]).where('idNumberIndex', '=', idIndex).executeTakeFirst();
    if (dup && !dup.shown) throw new AppError('CONFLICT', text(heldByImport.zh, heldByImport.en), { fields: [{ path: 'idNumber', message: 'held by a running import' }] });
    if (dup) throw new AppError('CONFLICT', text('该证件号已登记', 'this ID number is already registered'), { fields: [{ path: 'idNumber', message: 'duplicate' }] });
    const row = await trx.insertInto('people').values({ ...sealedValues(ctx, p), gridId: grid.id, createdBy: user.id }).returning('id').executeTakeFirstOrThrow();
    const now = ctx.clock.now();
    await logChange(trx, actor, now, 'person', row.id, 'create');
    await record(trx, actor, { action: 'person.create', objectType: 'person', objectId: row.id }, now);
    return row.id;
  });
}

/** Batch insert of validated rows inside the caller's transaction (imports). 409 names the rows whose ID number exists. */
export async function insertMany(ctx: PeopleCtx, trx: Kysely<DB>, actor: WriteActor, rows: CheckedPerson[]) {
  const grids = new Map<string, { id: number; path: string }>();
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const values: (ReturnType<typeof sealedValues> & { gridId: number; createdBy: number; importJobId: number | null })[] = [];
    for (const p of chunk) {
      const grid = await placeOf(trx, actor.user, p.gridCode, p.addressId, grids);
      values.push({ ...sealedValues(ctx, p), gridId: grid.id, createdBy: actor.user.id, importJobId: actor.importJobId ?? null });
    }
    const taken = await trx.selectFrom('people').select('idNumberIndex').where('idNumberIndex', 'in', values.map((v) => v.idNumberIndex)).execute();
    const seen = new Set(taken.map((t) => t.idNumberIndex));
    const dupRows = values.map((v, k) => (seen.has(v.idNumberIndex) || values.findIndex((w) => w.idNumberIndex === v.idNumberIndex) !== k ? i + k : -1)).filter((k) => k >= 0);
    if (dupRows.length) throw new AppError('CONFLICT', text('部分证件号已登记', 'some ID numbers are already registered'), { rows: dupRows, column: 'idNumber' });
    const out = await trx.insertInto('people').values(values).returning('id').execute();
    ids.push(...out.map((o) => o.id));
  }
  const now = ctx.clock.now();
  await logChanges(trx, actor.audit, now, 'person', ids, 'import');
  await record(trx, actor.audit, { action: 'person.import', objectType: 'person', details: { rows: ids.length } }, now);
  return ids;
}

const baseQuery = (db: Kysely<DB>, user: SessionUser) =>
  db
    .selectFrom('people')
    .innerJoin('regions', 'regions.id', 'people.gridId')
    .leftJoin('addresses', 'addresses.id', 'people.addressId')
    .select([
      'people.id', 'people.name', 'people.idType', 'people.idNumberSealed', 'people.phoneSealed', 'people.registration',
      'people.addressId', 'addresses.fullName as address', 'people.householdNo', 'people.householdRelation',
      'people.createdAt', 'people.updatedAt', 'people.version', 'regions.code as gridCode', 'regions.name as gridName',
    ])
    .where(inScopePaths('regions.path', user.scopePaths))
    .where(visible('people'));

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

/** What every response carries: masked, never the sealed values. */
export function masked(ctx: PeopleCtx, r: Row) {
  const { idNumberSealed, phoneSealed, ...rest } = r;
  return {
    ...rest,
    name: maskName(r.name),
    idNumber: maskIdNumber(ctx.cipher.decrypt(idNumberSealed)),
    phone: phoneSealed ? maskPhone(ctx.cipher.decrypt(phoneSealed)) : null,
    masked: true,
  };
}
export function unmasked(ctx: PeopleCtx, r: Row) {
  const { idNumberSealed, phoneSealed, ...rest } = r;
  return { ...rest, idNumber: ctx.cipher.decrypt(idNumberSealed), phone: phoneSealed ? ctx.cipher.decrypt(phoneSealed) : null, masked: false };
}

export interface PeopleFilter { gridCode?: string; q?: string; idNumber?: string; phone?: string; registration?: 'registered' | 'floating'; addressId?: number; householdNo?: string; cursor?: number; limit: number }

export async function listRows(ctx: PeopleCtx, user: SessionUser, f: PeopleFilter) {
  let q = baseQuery(ctx.db, user).orderBy('people.id').limit(f.limit + 1);
  if (f.gridCode) {
    const { node } = await resolve(ctx.db, f.gridCode);
    q = q.where('regions.path', 'like', `${node.path}%`);
  }
  if (f.q) q = q.where(textMatch('people.searchVector', 'people.name', f.q));
  if (f.idNumber) q = q.where('people.idNumberIndex', '=', ctx.cipher.blindIndex('id_number', normalizeIdNumber(f.idNumber)));
  if (f.phone) {
    const p = checkPhone(f.phone);
    if (!p.ok) throw fieldError('phone', p.problem);
    q = q.where('people.phoneIndex', '=', ctx.cipher.blindIndex('phone', p.value));
  }
  if (f.registration) q = q.where('people.registration', '=', f.registration);
  if (f.addressId) q = q.where('people.addressId', '=', f.addressId);
  if (f.householdNo) q = q.where('people.householdNo', '=', f.householdNo);
  if (f.cursor) q = q.where('people.id', '>', f.cursor);
  const rows = await q.execute();
  const items = rows.slice(0, f.limit);
  return { items, nextCursor: rows.length > f.limit ? items[items.length - 1].id : null };
}

export async function listPeople(ctx: PeopleCtx, user: SessionUser, f: PeopleFilter) {
  const page = await listRows(ctx, user, f);
  return { items: page.items.map((r) => masked(ctx, r)), nextCursor: page.nextCursor };
}

export async function getPerson(ctx: PeopleCtx, user: SessionUser, id: number) {
  const r = await baseQuery(ctx.db, user).where('people.id', '=', id).executeTakeFirst();
  if (!r) throw personNotFound();
  return masked(ctx, r);
}

export interface PersonPatch { name?: string; phone?: string | null; gridCode?: string; addressId?: number | null; registration?: 'registered' | 'floating'; householdNo?: string | null; householdRelation?: string | null; version?: number }

/** Update in the caller's area (404 outside); every change lands in the change log (sensitive fields as "changed"). */
export async function updatePerson(ctx: PeopleCtx, actor: WriteActor, id: number, patch: PersonPatch) {
  return ctx.db.transaction().execute(async (trx) => {
    const cur = await trx.selectFrom('people').innerJoin('regions', 'regions.id', 'people.gridId').selectAll('people').select(['regions.path as gridPath', 'regions.code as gridCode'])
      .where('people.id', '=', id).where(inScopePaths('regions.path', actor.user.scopePaths)).where(visible('people')).executeTakeFirst();
    if (!cur) throw personNotFound();
    if (patch.version !== undefined && patch.version !== cur.version) throw new AppError('PRECONDITION_FAILED', text('该人员信息已被他人修改，请刷新', 'the record changed meanwhile; reload'));
    const set: Record<string, unknown> = {};
    if (patch.name !== undefined) {
      const n = checkPersonName(patch.name);
      if (!n.ok) throw fieldError('name', n.problem);
      set.name = n.value;
    }
    if (patch.phone !== undefined) {
      if (patch.phone === null || patch.phone === '') Object.assign(set, { phoneSealed: null, phoneIndex: null });
      else {
        const p = checkPhone(patch.phone);
        if (!p.ok) throw fieldError('phone', p.problem);
        Object.assign(set, { phoneSealed: ctx.cipher.encrypt(p.value), phoneIndex: ctx.cipher.blindIndex('phone', p.value) });
      }
    }
    let gridPath = cur.gridPath;
    if (patch.gridCode !== undefined && patch.gridCode !== cur.gridCode) {
      const g = await writableGrid(trx, actor.user, patch.gridCode);
      set.gridId = g.id;
      gridPath = g.path;
    }
    if (patch.addressId !== undefined) {
      if (patch.addressId === null) set.addressId = null;
      else {
        const a = await linkableAddress(trx, actor.user, patch.addressId);
        if (!a.gridPath.startsWith(gridPath) && !gridPath.startsWith(a.gridPath)) throw fieldError('addressId', text('该地址不在所选网格内', 'the address is not inside the chosen grid'));
        set.addressId = a.id;
      }
    }
    if (patch.registration !== undefined) set.registration = patch.registration;
    if (patch.householdNo !== undefined) set.householdNo = patch.householdNo || null;
    if (patch.householdRelation !== undefined) set.householdRelation = patch.householdRelation || null;
    const before: Record<string, unknown> = { ...cur, phone: cur.phoneSealed ? ctx.cipher.decrypt(cur.phoneSealed) : null };
    const after: Record<string, unknown> = { ...set, phone: patch.phone === undefined ? undefined : patch.phone || null };
    delete after.phoneSealed;
    delete after.phoneIndex;
    const changes = diff(before, after, ['phone', 'name']);
    if (Object.keys(changes).length === 0) return id;
    const now = ctx.clock.now();
    await trx.updateTable('people').set((eb) => ({ ...set, updatedAt: now, version: eb('version', '+', 1) })).where('id', '=', id).execute();
    await logChange(trx, actor.audit, now, 'person', id, 'update', changes);
    await record(trx, actor.audit, { action: 'person.update', objectType: 'person', objectId: id, details: { fields: Object.keys(changes) } }, now);
    return id;
  });
}

export async function personHistory(ctx: PeopleCtx, user: SessionUser, id: number) {
  await getPerson(ctx, user, id);
  return history(ctx.db, 'person', id);
}

/** The full values, for a stated reason; the read is audited in the same transaction. */
export async function unmaskPerson(ctx: PeopleCtx, user: SessionUser, id: number, reason: string, actor: Actor) {
  const why = checkUnmaskReason(reason);
  if (!why.ok) throw fieldError('reason', why.problem);
  return ctx.db.transaction().execute(async (trx) => {
    const r = await baseQuery(trx, user).where('people.id', '=', id).executeTakeFirst();
    if (!r) throw personNotFound();
    await record(trx, actor, { action: 'person.unmask', objectType: 'person', objectId: id, details: { reason: why.value, fields: ['name', 'idNumber', 'phone'] } }, ctx.clock.now());
    return unmasked(ctx, r);
  });
}

/** A person the caller may link a record to (owner, tenant, key person): 400 missing, 403 outside the area. */
export async function linkablePerson(q: Kysely<DB>, user: SessionUser, id: number, field: string) {
  const p = await q.selectFrom('people').innerJoin('regions', 'regions.id', 'people.gridId').select(['people.id', 'people.gridId', 'regions.path as gridPath']).where('people.id', '=', id).where(visible('people')).executeTakeFirst();
  if (!p) throw fieldError(field, text('人员不存在', 'no such person'));
  if (!pathInScope(p.gridPath, user.scopePaths)) throw outsideArea({ [field]: id });
  return p;
}

/** Person id by exact ID number through the blind index (imports link owners, tenants and key persons so). */
export async function personIdByIdNumber(ctx: PeopleCtx, q: Kysely<DB>, idNumber: string) {
  const r = await q.selectFrom('people').select('id').where('idNumberIndex', '=', ctx.cipher.blindIndex('id_number', normalizeIdNumber(idNumber))).where(visible('people')).executeTakeFirst();
  return r?.id;
}
