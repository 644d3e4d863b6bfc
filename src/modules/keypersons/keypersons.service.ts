// 重点人员: a registered person in a configurable category with its own fields (sensitive ones sealed), a risk level,
// responsible cadres (包联), visits (findings sealed) and the next-due date from the category's frequency for the risk.
// Every read is audited; reads and writes are scoped to the caller's area.
import { once, type Answer, type IdemKey } from '../sync/idempotency.js';
import type { Kysely } from 'kysely';
import { visible } from '../registers/visible.js';
import type { DB } from '../../db/schema.js';
import { businessDate } from '../../db/business-time.js';
import { AppError, notFound, text } from '../../http/errors.js';
import { inScopePaths } from '../../http/scope.js';
import { record, type Actor } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/auth.service.js';
import { resolve } from '../regions/regions.service.js';
import { maskIdNumber, maskName, maskPhone, normalizeIdNumber } from '../personal/index.js';
import { linkablePerson } from '../people/people.service.js';
import { diff, fieldError, history, logChange, throwRowErrors, type FieldProblem, type RegisterCtx, type RowCheck, type WriteActor } from '../registers/common.js';
import { checkValues, daysBetween, FieldDefs, nextDue, overdueKind, RISKS, VisitDays, type FieldDef, type Risk } from './keypersons.fields.js';

export interface KeypersonCtx extends RegisterCtx {
  timeZone: string;
}
const kpNotFound = () => notFound(text('重点人员不存在', 'key person not found'));
export const today = (ctx: KeypersonCtx) => businessDate(ctx.clock.now(), ctx.timeZone);

// ---------- categories ----------
export async function listCategories(ctx: KeypersonCtx, user: SessionUser) {
  if (!user.permissions.includes('keyperson.read') && !user.permissions.includes('keyperson.config'))
    throw new AppError('FORBIDDEN', text('您无权查看重点人员类别', 'you may not see key-person categories'), { permission: ['keyperson.read', 'keyperson.config'] });
  const rows = await ctx.db.selectFrom('keypersonCategories').selectAll().orderBy('sort').execute();
  return { items: rows };
}

async function category(q: Kysely<DB>, code: string) {
  const c = await q.selectFrom('keypersonCategories').selectAll().where('code', '=', code).executeTakeFirst();
  if (!c || !c.active) throw fieldError('categoryCode', text(`未知的重点人员类别 ${code}`, `unknown key-person category ${code}`));
  return { ...c, fields: c.fields as FieldDef[] };
}

export async function updateCategory(ctx: KeypersonCtx, actor: Actor, code: string, patch: { name?: string; fields?: unknown; visitDays?: unknown; active?: boolean }) {
  const cur = await ctx.db.selectFrom('keypersonCategories').selectAll().where('code', '=', code).executeTakeFirst();
  if (!cur) throw notFound(text('类别不存在', 'no such category'));
  const fields = patch.fields === undefined ? undefined : FieldDefs.safeParse(patch.fields);
  if (fields && !fields.success) throw fieldError('fields', text(`字段定义有误：${fields.error.issues[0].message}`, `bad field definitions: ${fields.error.issues[0].message}`));
  const visitDays = patch.visitDays === undefined ? undefined : VisitDays.safeParse(patch.visitDays);
  if (visitDays && !visitDays.success) throw fieldError('visitDays', text('走访频次应为 1–365 天（green/yellow/red）', 'visit frequency is 1–365 days for green, yellow and red'));
  return ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('keypersonCategories').set({
      ...(patch.name ? { name: patch.name } : {}),
      ...(fields ? { fields: JSON.stringify(fields.data) } : {}),
      ...(visitDays ? { visitDays: JSON.stringify(visitDays.data) } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
    }).where('code', '=', code).execute();
    if (visitDays) {
      // the frequency changed: every active key person of the category gets its next-due date again
      const kps = await trx.selectFrom('keypersons').select(['id', 'risk', 'lastVisitOn', 'createdAt']).where('categoryCode', '=', code).where('status', '=', 'active').execute();
      for (const k of kps)
        await trx.updateTable('keypersons').set({ nextDueOn: nextDue(k.lastVisitOn ?? businessDate(k.createdAt, ctx.timeZone), visitDays.data, k.risk) }).where('id', '=', k.id).execute();
    }
    await record(trx, actor, { action: 'keyperson.category_update', objectType: 'keyperson_category', objectId: code, details: { fields: Object.keys(patch) } }, ctx.clock.now());
    return trx.selectFrom('keypersonCategories').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
  });
}

// ---------- key persons ----------
export interface NewKeyperson {
  personId?: number;
  idNumber?: string;
  categoryCode: string;
  risk: Risk;
  fields?: Record<string, unknown>;
  cadreIds?: number[];
}

/** Without the database: the shape (imports check the category's fields in insertMany). */
export function validateRow(input: Record<string, unknown>): RowCheck<NewKeyperson> {
  const errors: FieldProblem[] = [];
  const str = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());
  const idNumber = str(input.idNumber) ? normalizeIdNumber(str(input.idNumber)) : undefined;
  const personId = str(input.personId) ? Number(str(input.personId)) : undefined;
  if (!idNumber && !personId) errors.push({ column: 'idNumber', message: '请填写证件号码（须已登记为实有人口）' });
  const categoryCode = str(input.categoryCode);
  if (!categoryCode) errors.push({ column: 'categoryCode', message: '请填写重点人员类别' });
  const r = str(input.risk);
  const risk = ({ 绿: 'green', 黄: 'yellow', 红: 'red', 绿色: 'green', 黄色: 'yellow', 红色: 'red' } as Record<string, Risk>)[r] ?? r;
  if (!RISKS.includes(risk as Risk)) errors.push({ column: 'risk', message: '风险等级应为 green/yellow/red（绿/黄/红）' });
  const fields = input.fields && typeof input.fields === 'object' ? (input.fields as Record<string, unknown>) : {};
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { personId, idNumber, categoryCode, risk: risk as Risk, fields } };
}

async function checkCadres(trx: Kysely<DB>, ids: number[]) {
  if (ids.length === 0) return;
  const found = await trx.selectFrom('users').select('id').where('id', 'in', ids).where('status', '=', 'active').execute();
  if (found.length !== new Set(ids).size) throw fieldError('cadreIds', text('包联干部账号不存在或已停用', 'a responsible cadre account does not exist or is disabled'));
}

export async function insertOne(ctx: KeypersonCtx, trx: Kysely<DB>, actor: WriteActor, k: NewKeyperson) {
  const cat = await category(trx, k.categoryCode);
  const v = checkValues(cat.fields, k.fields ?? {});
  if (!v.ok) throwRowErrors(v.errors);
  let personId = k.personId;
  if (!personId && k.idNumber) {
    const p = await trx.selectFrom('people').select('id').where('idNumberIndex', '=', ctx.cipher.blindIndex('id_number', normalizeIdNumber(k.idNumber))).where(visible('people')).executeTakeFirst();
    if (!p) throw fieldError('idNumber', text('该证件号未登记为实有人口，请先登记人口', 'no registered person has this ID number; register the person first'));
    personId = p.id;
  }
  const person = await linkablePerson(trx, actor.user, personId!, 'personId');
  const dup = await trx.selectFrom('keypersons').select('id').where('personId', '=', person.id).where('categoryCode', '=', cat.code).executeTakeFirst();
  if (dup) throw new AppError('CONFLICT', text('该人员已在此类别中', 'this person is already in this category'), { id: dup.id, fields: [{ path: 'categoryCode', message: 'duplicate' }] });
  const cadres = [...new Set(k.cadreIds?.length ? k.cadreIds : [actor.user.id])];
  await checkCadres(trx, cadres);
  const start = today(ctx);
  const row = await trx.insertInto('keypersons').values({
    personId: person.id, categoryCode: cat.code, gridId: person.gridId, risk: k.risk, attributes: JSON.stringify(v.attributes),
    factsSealed: Object.keys(v.facts).length ? ctx.cipher.encrypt(JSON.stringify(v.facts)) : null,
    nextDueOn: nextDue(start, cat.visitDays, k.risk), createdBy: actor.user.id, createdAt: ctx.clock.now(), updatedAt: ctx.clock.now(), importJobId: actor.importJobId ?? null,
  }).returning('id').executeTakeFirstOrThrow();
  await trx.insertInto('keypersonCadres').values(cadres.map((userId) => ({ keypersonId: row.id, userId }))).execute();
  const now = ctx.clock.now();
  await logChange(trx, actor.audit, now, 'keyperson', row.id, 'create', { categoryCode: { to: cat.code }, risk: { to: k.risk } });
  if (!actor.importJobId) await record(trx, actor.audit, { action: 'keyperson.create', objectType: 'keyperson', objectId: row.id }, now);
  return row.id;
}

export async function createKeyperson(ctx: KeypersonCtx, actor: WriteActor, input: Record<string, unknown>) {
  const c = validateRow(input);
  if (!c.ok) throwRowErrors(c.errors);
  return ctx.db.transaction().execute((trx) => insertOne(ctx, trx, actor, { ...c.value, cadreIds: input.cadreIds as number[] | undefined }));
}

/** Batch insert inside the caller's transaction (imports); a bad row throws with its index. */
export async function insertMany(ctx: KeypersonCtx, trx: Kysely<DB>, actor: WriteActor, rows: NewKeyperson[]) {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    try {
      ids.push(await insertOne(ctx, trx, actor, rows[i]));
    } catch (e) {
      if (e instanceof AppError) throw new AppError(e.code, e.text, { ...(e.details as object), rows: [i] });
      throw e;
    }
  }
  return ids;
}

const base = (q: Kysely<DB>, user: SessionUser) =>
  q.selectFrom('keypersons')
    .innerJoin('people', 'people.id', 'keypersons.personId')
    .innerJoin('regions', 'regions.id', 'keypersons.gridId')
    .innerJoin('keypersonCategories as c', 'c.code', 'keypersons.categoryCode')
    .select([
      'keypersons.id', 'keypersons.personId', 'people.name as personName', 'people.idNumberSealed', 'people.phoneSealed', 'keypersons.categoryCode', 'c.name as categoryName',
      'c.visitDays', 'keypersons.risk', 'keypersons.attributes', 'keypersons.factsSealed', 'keypersons.status', 'keypersons.lastVisitOn', 'keypersons.nextDueOn',
      'keypersons.createdAt', 'keypersons.updatedAt', 'keypersons.version', 'regions.code as gridCode', 'regions.name as gridName',
    ])
    .where(inScopePaths('regions.path', user.scopePaths))
    .where(visible('keypersons'));
type Row = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];

export function dueState(r: { status: string; nextDueOn: string; risk: Risk; visitDays: Record<string, number> }, day: string): 'closed' | 'ok' | 'soon' | 'yellow' | 'red' {
  if (r.status !== 'active') return 'closed';
  const k = overdueKind(r.nextDueOn, day, r.risk, r.visitDays);
  if (k) return k;
  return daysBetween(day, r.nextDueOn) <= 3 ? 'soon' : 'ok';
}

function shown(ctx: KeypersonCtx, r: Row, day: string, o: { facts?: boolean; unmask?: boolean } = {}) {
  const { idNumberSealed, phoneSealed, factsSealed, visitDays, ...rest } = r;
  const id = ctx.cipher.decrypt(idNumberSealed);
  const phone = phoneSealed ? ctx.cipher.decrypt(phoneSealed) : null;
  return {
    ...rest,
    personName: o.unmask ? r.personName : maskName(r.personName),
    idNumber: o.unmask ? id : maskIdNumber(id),
    phone: phone ? (o.unmask ? phone : maskPhone(phone)) : null,
    facts: o.facts ? (factsSealed ? (JSON.parse(ctx.cipher.decrypt(factsSealed)) as Record<string, unknown>) : {}) : null,
    dueState: dueState({ ...r, visitDays }, day),
    masked: !o.unmask,
  };
}

export interface KeypersonFilter { gridCode?: string; categoryCode?: string; risk?: Risk; due?: 'overdue' | 'soon'; q?: string; idNumber?: string; cursor?: number; limit: number }

export async function listRows(ctx: KeypersonCtx, user: SessionUser, f: KeypersonFilter) {
  const day = today(ctx);
  let q = base(ctx.db, user).orderBy('keypersons.id').limit(f.limit + 1);
  if (f.gridCode) {
    const { node } = await resolve(ctx.db, f.gridCode);
    q = q.where('regions.path', 'like', `${node.path}%`);
  }
  if (f.categoryCode) q = q.where('keypersons.categoryCode', '=', f.categoryCode);
  if (f.risk) q = q.where('keypersons.risk', '=', f.risk);
  if (f.due === 'overdue') q = q.where('keypersons.status', '=', 'active').where('keypersons.nextDueOn', '<', day);
  if (f.due === 'soon') {
    const d = new Date(`${day}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 3);
    q = q.where('keypersons.status', '=', 'active').where('keypersons.nextDueOn', '<=', d.toISOString().slice(0, 10));
  }
  if (f.q) q = q.where('people.name', 'like', `%${f.q.replace(/[%_\\]/g, '\\$&')}%`);
  if (f.idNumber) q = q.where('people.idNumberIndex', '=', ctx.cipher.blindIndex('id_number', normalizeIdNumber(f.idNumber)));
  if (f.cursor) q = q.where('keypersons.id', '>', f.cursor);
  const rows = await q.execute();
  const items = rows.slice(0, f.limit);
  return { items, day, nextCursor: rows.length > f.limit ? items[items.length - 1].id : null };
}

/** A list read is a read of each key person in it: one audit row naming them. */
export async function listKeypersons(ctx: KeypersonCtx, user: SessionUser, actor: Actor, f: KeypersonFilter) {
  const page = await listRows(ctx, user, f);
  await record(ctx.db, actor, { action: 'keyperson.list', objectType: 'keyperson', details: { ids: page.items.map((r) => r.id), filters: { ...f, idNumber: f.idNumber ? '(given)' : undefined } } }, ctx.clock.now());
  return { items: page.items.map((r) => shown(ctx, r, page.day)), nextCursor: page.nextCursor };
}

export async function getKeyperson(ctx: KeypersonCtx, user: SessionUser, actor: Actor, id: number) {
  return ctx.db.transaction().execute(async (trx) => {
    const r = await base(trx, user).where('keypersons.id', '=', id).executeTakeFirst();
    if (!r) throw kpNotFound();
    const cat = await trx.selectFrom('keypersonCategories').select('fields').where('code', '=', r.categoryCode).executeTakeFirstOrThrow();
    const cadres = await trx.selectFrom('keypersonCadres').innerJoin('users', 'users.id', 'keypersonCadres.userId').select(['users.id', 'users.displayName']).where('keypersonId', '=', id).orderBy('users.id').execute();
    const visits = await trx.selectFrom('keypersonVisits').innerJoin('users', 'users.id', 'keypersonVisits.visitorId')
      .select(['keypersonVisits.id', 'keypersonVisits.visitedOn', 'keypersonVisits.findingsSealed', 'keypersonVisits.photos', 'keypersonVisits.createdAt', 'users.displayName as visitor'])
      .where('keypersonId', '=', id).orderBy('keypersonVisits.visitedOn', 'desc').orderBy('keypersonVisits.id', 'desc').execute();
    await record(trx, actor, { action: 'keyperson.read', objectType: 'keyperson', objectId: id }, ctx.clock.now());
    return {
      ...shown(ctx, r, today(ctx), { facts: true }),
      fieldDefs: cat.fields as FieldDef[],
      cadres,
      visits: visits.map(({ findingsSealed, ...v }) => ({ ...v, findings: ctx.cipher.decrypt(findingsSealed) })),
    };
  });
}

export interface KeypersonPatch { risk?: Risk; fields?: Record<string, unknown>; cadreIds?: number[]; status?: 'active' | 'closed'; version?: number }

export async function updateKeyperson(ctx: KeypersonCtx, actor: WriteActor, id: number, patch: KeypersonPatch) {
  return ctx.db.transaction().execute(async (trx) => {
    const r = await base(trx, actor.user).where('keypersons.id', '=', id).executeTakeFirst();
    if (!r) throw kpNotFound();
    if (patch.version !== undefined && patch.version !== r.version) throw new AppError('PRECONDITION_FAILED', text('该记录已被他人修改，请刷新', 'the record changed meanwhile; reload'));
    const set: Record<string, unknown> = {};
    const changes: Record<string, unknown> = {};
    if (patch.fields !== undefined) {
      const cat = await category(trx, r.categoryCode);
      const v = checkValues(cat.fields, patch.fields);
      if (!v.ok) throwRowErrors(v.errors);
      const oldFacts = r.factsSealed ? (JSON.parse(ctx.cipher.decrypt(r.factsSealed)) as Record<string, unknown>) : {};
      Object.assign(changes, diff(r.attributes, v.attributes), diff(oldFacts, v.facts, Object.keys(v.facts).concat(Object.keys(oldFacts))));
      for (const k of Object.keys(r.attributes)) if (!(k in v.attributes)) changes[k] = { from: r.attributes[k], to: null };
      set.attributes = JSON.stringify(v.attributes);
      set.factsSealed = Object.keys(v.facts).length ? ctx.cipher.encrypt(JSON.stringify(v.facts)) : null;
    }
    if (patch.risk && patch.risk !== r.risk) {
      changes.risk = { from: r.risk, to: patch.risk };
      set.risk = patch.risk;
      set.nextDueOn = nextDue(r.lastVisitOn ?? businessDate(r.createdAt, ctx.timeZone), r.visitDays, patch.risk);
    }
    if (patch.status && patch.status !== r.status) {
      changes.status = { from: r.status, to: patch.status };
      set.status = patch.status;
    }
    if (patch.cadreIds) {
      const ids = [...new Set(patch.cadreIds)].sort((a, b) => a - b);
      await checkCadres(trx, ids);
      const old = (await trx.selectFrom('keypersonCadres').select('userId').where('keypersonId', '=', id).orderBy('userId').execute()).map((c) => c.userId);
      if (JSON.stringify(old) !== JSON.stringify(ids)) {
        changes.cadreIds = { from: old, to: ids };
        await trx.deleteFrom('keypersonCadres').where('keypersonId', '=', id).execute();
        if (ids.length) await trx.insertInto('keypersonCadres').values(ids.map((userId) => ({ keypersonId: id, userId }))).execute();
      }
    }
    if (Object.keys(changes).length === 0) return id;
    const now = ctx.clock.now();
    await trx.updateTable('keypersons').set((eb) => ({ ...set, updatedAt: now, version: eb('version', '+', 1) })).where('id', '=', id).execute();
    await logChange(trx, actor.audit, now, 'keyperson', id, 'update', changes);
    await record(trx, actor.audit, { action: 'keyperson.update', objectType: 'keyperson', objectId: id, details: { fields: Object.keys(changes) } }, now);
    return id;
  });
}

/**
 * One visit. With an Idempotency-Key (the phone app replays its offline queue), a replay answers the first
 * visit's id and writes nothing again.
 */
export async function logVisit(ctx: KeypersonCtx, actor: WriteActor, id: number, v: { visitedOn?: string; findings: string; photos?: string[] }, idem?: IdemKey): Promise<Answer<{ visitId: number }>> {
  const day = today(ctx);
  const visitedOn = v.visitedOn ?? day;
  if (visitedOn > day) throw fieldError('visitedOn', text('走访日期不能晚于今天', 'the visit date cannot be in the future'));
  const findings = v.findings.trim();
  if (findings.length < 2) throw fieldError('findings', text('请填写走访情况（至少 2 个字）', 'describe the visit (at least 2 characters)'));
  return ctx.db.transaction().execute((trx) => once(trx, idem, async () => {
    const r = await base(trx, actor.user).where('keypersons.id', '=', id).executeTakeFirst();
    if (!r) throw kpNotFound();
    if (daysBetween(businessDate(r.createdAt, ctx.timeZone), visitedOn) < -366) throw fieldError('visitedOn', text('走访日期过早', 'the visit date is too early'));
    const row = await trx.insertInto('keypersonVisits').values({
      keypersonId: id, visitedOn, visitorId: actor.user.id, findingsSealed: ctx.cipher.encrypt(findings), photos: JSON.stringify(v.photos ?? []), createdAt: ctx.clock.now(),
    }).returning('id').executeTakeFirstOrThrow();
    const last = r.lastVisitOn && r.lastVisitOn > visitedOn ? r.lastVisitOn : visitedOn;
    await trx.updateTable('keypersons').set({ lastVisitOn: last, nextDueOn: nextDue(last, r.visitDays, r.risk) }).where('id', '=', id).execute();
    const now = ctx.clock.now();
    await logChange(trx, actor.audit, now, 'keyperson', id, 'visit', { visitedOn: { to: visitedOn } });
    await record(trx, actor.audit, { action: 'keyperson.visit', objectType: 'keyperson', objectId: id, details: { visitId: row.id } }, now);
    return { status: 201, body: { visitId: row.id } };
  }));
}

export async function keypersonHistory(ctx: KeypersonCtx, user: SessionUser, actor: Actor, id: number) {
  const r = await base(ctx.db, user).where('keypersons.id', '=', id).executeTakeFirst();
  if (!r) throw kpNotFound();
  await record(ctx.db, actor, { action: 'keyperson.read', objectType: 'keyperson', objectId: id, details: { what: 'history' } }, ctx.clock.now());
  return history(ctx.db, 'keyperson', id);
}

/** Ledger rows (台账) for export: masked, or unmasked with the sensitive facts. */
export async function ledgerRows(ctx: KeypersonCtx, user: SessionUser, f: Omit<KeypersonFilter, 'cursor' | 'limit'>, unmask: boolean) {
  const out: ReturnType<typeof shown>[] = [];
  let cursor: number | undefined;
  do {
    const p = await listRows(ctx, user, { ...f, cursor, limit: 500 });
    out.push(...p.items.map((r) => shown(ctx, r, p.day, { facts: unmask, unmask })));
    cursor = p.nextCursor ?? undefined;
  } while (cursor && out.length < 50_000);
  return out;
}

/** Identity and facts in full, for a stated reason (permission checked by the route); audited in the same transaction. */
export async function unmaskKeyperson(ctx: KeypersonCtx, user: SessionUser, actor: Actor, id: number, reason: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const r = await base(trx, user).where('keypersons.id', '=', id).executeTakeFirst();
    if (!r) throw kpNotFound();
    await record(trx, actor, { action: 'keyperson.unmask', objectType: 'keyperson', objectId: id, details: { reason } }, ctx.clock.now());
    return shown(ctx, r, today(ctx), { facts: true, unmask: true });
  });
}
