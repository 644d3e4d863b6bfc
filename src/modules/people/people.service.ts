// 实有人口 register, first slice: create, list/search (exact ID number or phone through the blind index),
// read — always masked — and unmask with a reason, audited. Scope: the caller's region, grids or jurisdiction.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../db/business-time.js';
import { AppError, notFound, text } from '../../http/errors.js';
import { inScopePaths, pathInScope } from '../../http/scope.js';
import { record, type Actor } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/auth.service.js';
import { GRID_LEVELS } from '../regions/regions.codes.js';
import { resolve } from '../regions/regions.service.js';
import {
  checkIdDocument, checkPersonName, checkPhone, checkUnmaskReason, maskIdNumber, maskName, maskPhone, normalizeIdNumber,
  type CipherSuite, type IdDocumentType,
} from '../personal/index.js';

export interface PeopleCtx {
  db: Kysely<DB>;
  clock: Clock;
  cipher: CipherSuite;
}

const field = (path: string, t: { zh: string; en: string }) => new AppError('VALIDATION', text(t.zh, t.en), { fields: [{ path, message: t.en }] });
const personNotFound = () => notFound(text('人员不存在', 'person not found'));

export interface NewPerson {
  name: string;
  idType: IdDocumentType;
  idNumber: string;
  phone?: string;
  gridCode: string;
  registration: 'registered' | 'floating';
}

export async function createPerson(ctx: PeopleCtx, user: SessionUser, input: NewPerson, actor: Actor) {
  const name = checkPersonName(input.name);
  if (!name.ok) throw field('name', name.problem);
  const idProblem = checkIdDocument({ type: input.idType, number: input.idNumber }, { now: ctx.clock.now() });
  if (idProblem) throw field('idNumber', idProblem);
  const idNumber = normalizeIdNumber(input.idNumber);
  let phone: string | undefined;
  if (input.phone) {
    const p = checkPhone(input.phone);
    if (!p.ok) throw field('phone', p.problem);
    phone = p.value;
  }
  const { node: grid } = await resolve(ctx.db, input.gridCode);
  if (grid.status !== 'active' || !GRID_LEVELS.includes(grid.level))
    throw field('gridCode', { zh: '请选择一个网格', en: 'gridCode must name an active grid' });
  if (!pathInScope(grid.path, user.scopePaths))
    throw new AppError('FORBIDDEN', text('该网格不在您的管辖范围内', 'this grid is outside your area'), { gridCode: input.gridCode });
  const idIndex = ctx.cipher.blindIndex('id_number', idNumber);
  return ctx.db.transaction().execute(async (trx) => {
    const dup = await trx.selectFrom('people').select('id').where('idNumberIndex', '=', idIndex).executeTakeFirst();
    if (dup) throw new AppError('CONFLICT', text('该证件号已登记', 'this ID number is already registered'), { fields: [{ path: 'idNumber', message: 'duplicate' }] });
    const row = await trx
      .insertInto('people')
      .values({
        name: name.value,
        idType: input.idType,
        idNumberSealed: ctx.cipher.encrypt(idNumber),
        idNumberIndex: idIndex,
        phoneSealed: phone ? ctx.cipher.encrypt(phone) : null,
        phoneIndex: phone ? ctx.cipher.blindIndex('phone', phone) : null,
        gridId: grid.id,
        registration: input.registration,
        createdBy: user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await record(trx, actor, { action: 'person.create', objectType: 'person', objectId: row.id }, ctx.clock.now());
    return row.id;
  });
}

const baseQuery = (db: Kysely<DB>, user: SessionUser) =>
  db
    .selectFrom('people')
    .innerJoin('regions', 'regions.id', 'people.gridId')
    .select([
      'people.id', 'people.name', 'people.idType', 'people.idNumberSealed', 'people.phoneSealed', 'people.registration',
      'people.createdAt', 'people.updatedAt', 'people.version', 'regions.code as gridCode', 'regions.name as gridName',
    ])
    .where(inScopePaths('regions.path', user.scopePaths));

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

/** What every response carries: masked, never the sealed values. */
function masked(ctx: PeopleCtx, r: Row) {
  const { idNumberSealed, phoneSealed, ...rest } = r;
  return {
    ...rest,
    name: maskName(r.name),
    idNumber: maskIdNumber(ctx.cipher.decrypt(idNumberSealed)),
    phone: phoneSealed ? maskPhone(ctx.cipher.decrypt(phoneSealed)) : null,
    masked: true,
  };
}

export async function listPeople(ctx: PeopleCtx, user: SessionUser, f: { gridCode?: string; q?: string; idNumber?: string; phone?: string; cursor?: number; limit: number }) {
  let q = baseQuery(ctx.db, user).orderBy('people.id').limit(f.limit + 1);
  if (f.gridCode) {
    const { node } = await resolve(ctx.db, f.gridCode);
    q = q.where('regions.path', 'like', `${node.path}%`);
  }
  if (f.q) q = q.where('people.name', 'like', `%${f.q.replace(/[%_\\]/g, '\\$&')}%`);
  if (f.idNumber) q = q.where('people.idNumberIndex', '=', ctx.cipher.blindIndex('id_number', normalizeIdNumber(f.idNumber)));
  if (f.phone) {
    const p = checkPhone(f.phone);
    if (!p.ok) throw field('phone', p.problem);
    q = q.where('people.phoneIndex', '=', ctx.cipher.blindIndex('phone', p.value));
  }
  if (f.cursor) q = q.where('people.id', '>', f.cursor);
  const rows = await q.execute();
  const items = rows.slice(0, f.limit).map((r) => masked(ctx, r));
  return { items, nextCursor: rows.length > f.limit ? items[items.length - 1].id : null };
}

export async function getPerson(ctx: PeopleCtx, user: SessionUser, id: number) {
  const r = await baseQuery(ctx.db, user).where('people.id', '=', id).executeTakeFirst();
  if (!r) throw personNotFound();
  return masked(ctx, r);
}

/** The full values, for a stated reason; the read is audited in the same transaction. */
export async function unmaskPerson(ctx: PeopleCtx, user: SessionUser, id: number, reason: string, actor: Actor) {
  const why = checkUnmaskReason(reason);
  if (!why.ok) throw field('reason', why.problem);
  return ctx.db.transaction().execute(async (trx) => {
    const r = await baseQuery(trx, user).where('people.id', '=', id).executeTakeFirst();
    if (!r) throw personNotFound();
    await record(trx, actor, { action: 'person.unmask', objectType: 'person', objectId: id, details: { reason: why.value, fields: ['name', 'idNumber', 'phone'] } }, ctx.clock.now());
    const { idNumberSealed, phoneSealed, ...rest } = r;
    return { ...rest, idNumber: ctx.cipher.decrypt(idNumberSealed), phone: phoneSealed ? ctx.cipher.decrypt(phoneSealed) : null, masked: false };
  });
}
