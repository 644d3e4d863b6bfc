// What every case operation shares: how a user stands to a case (relations), whether they may see it
// (scope, 回避), the timeline + audit + statistics writes of a change, and the masked view of a case.
import { sql, type Expression, type Kysely, type SqlBool, type ExpressionBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../db/business-time.js';
import { businessDate } from '../../db/business-time.js';
import { notFound, text } from '../../http/errors.js';
import { record, type Actor } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/auth.service.js';
import { maskIdNumber, maskName, maskPhone, type CipherSuite } from '../personal/index.js';
import * as repo from './cases.repo.js';
import { allowedActions, STATE_NAMES, ACTION_NAMES, type CaseFacts, type CaseState, type Relation } from './cases.workflow.js';
import { CATEGORIES, CHANNELS, disputeTypeName, LEVEL_NAMES, SATISFACTION, type Level } from './cases.codes.js';
import type { SmsSender } from '../notify/sms.js';
import { isPetition, petitionClock, reviewRows, stateOf as reviewState } from './cases.petition.js';
import { dueState, loadCalendar } from '../deadlines/deadlines.js';
import { rowValues, transitionRows, type DeltaRow, type Transition } from '../stats/stats.deltas.js';

export interface CasesCtx {
  db: Kysely<DB>;
  clock: Clock;
  cipher: CipherSuite;
  timeZone: string;
  /** SMS adapter (modules/notify); none: no SMS */
  sms?: SmsSender;
}

const TERRITORIAL = ['village_staff', 'town_staff', 'dispatcher'];

export function relations(u: SessionUser, c: repo.CaseRow, summoned: number[] = []): Relation[] {
  const r: Relation[] = [];
  if (u.role === 'leader') r.push('leader');
  if (u.unitId !== null && summoned.includes(u.unitId)) r.push('summoned');
  if (TERRITORIAL.includes(u.role) && u.unitId !== null && u.unitId === c.officeUnitId) r.push('office');
  if (u.unitId !== null && u.unitId === c.assignedUnitId && !c.avoidUnitIds.includes(u.unitId)) r.push('unit');
  if (u.role === 'dispatcher' && u.regionPath && c.officePath.startsWith(u.regionPath)) r.push('county_center');
  return r;
}

/** May the user see this case at all? Outside scope answers 404 like a missing case. */
export function canSee(u: SessionUser, c: repo.CaseRow, summoned: number[] = []): boolean {
  if (u.unitId !== null && c.avoidUnitIds.includes(u.unitId)) return false;
  if (u.unitId !== null && summoned.includes(u.unitId)) return true;
  if (u.scopeKind === 'unit') return u.unitId !== null && (c.assignedUnitId === u.unitId || c.coUnitIds.includes(u.unitId));
  if (u.unitId !== null && (c.assignedUnitId === u.unitId || c.officeUnitId === u.unitId)) return true;
  return u.scopePaths.some((p) => c.placePath.startsWith(p) || (u.scopeKind === 'region' && c.officePath.startsWith(p)));
}

/** The same rule as SQL, for lists. */
export function scopeFilter(u: SessionUser) {
  return (eb: ExpressionBuilder<DB, 'cases'>): Expression<SqlBool> => {
    const avoid = u.unitId !== null ? sql<SqlBool>`not (${u.unitId}::int8 = any(cases.avoid_unit_ids))` : sql<SqlBool>`true`;
    let visible: Expression<SqlBool>;
    if (u.scopeKind === 'unit') {
      visible = u.unitId === null
        ? sql<SqlBool>`false`
        : sql<SqlBool>`(cases.assigned_unit_id = ${u.unitId} or ${u.unitId}::int8 = any(cases.co_unit_ids) or exists (select 1 from case_summons s where s.case_id = cases.id and s.unit_id = ${u.unitId}))`;
    } else {
      const paths = u.scopePaths.flatMap((p) => [eb('cases.placePath', 'like', `${p}%`), ...(u.scopeKind === 'region' ? [eb('cases.officePath', 'like', `${p}%`)] : [])]);
      const mine = u.unitId !== null ? [eb('cases.assignedUnitId', '=', u.unitId), eb('cases.officeUnitId', '=', u.unitId)] : [];
      visible = paths.length + mine.length ? eb.or([...paths, ...mine]) : sql<SqlBool>`false`;
    }
    return eb.and([avoid, visible]);
  };
}

export const summonedUnits = async (q: Kysely<DB>, caseId: number) =>
  (await q.selectFrom('caseSummons').select('unitId').where('caseId', '=', caseId).execute()).map((r) => r.unitId);

export async function visibleCase(q: Kysely<DB>, u: SessionUser, id: number, forUpdate = false) {
  const c = forUpdate ? await repo.byIdForUpdate(q, id) : await repo.byId(q, id);
  if (!c || !canSee(u, c, u.unitId !== null ? await summonedUnits(q, id) : [])) throw notFound(text('案件不存在', 'case not found'));
  return c;
}

export function facts(c: repo.CaseRow, hasParentOffice: boolean, extra: Partial<CaseFacts> = {}): CaseFacts {
  return { status: c.status as CaseState, level: c.level, satisfaction: c.satisfaction, reopened: c.reopened, hasParentOffice, ...extra };
}

/** Everything the transition table needs to decide for this caller: facts and relations. */
export async function decide(q: Kysely<DB>, u: SessionUser, c: repo.CaseRow) {
  const [parent, summons, supervision, extension, reviews] = await Promise.all([
    hasParentOffice(q, c),
    q.selectFrom('caseSummons').select(['unitId', 'reportedAt']).where('caseId', '=', c.id).execute(),
    q.selectFrom('caseSupervisions').select('id').where('caseId', '=', c.id).where('repliedAt', 'is', null).limit(1).executeTakeFirst(),
    q.selectFrom('caseExtensions').select('id').where('caseId', '=', c.id).where('approved', 'is', null).limit(1).executeTakeFirst(),
    c.status === 'closed' && isPetition(c) ? reviewRows(q, c.id) : Promise.resolve([]),
  ]);
  const f = facts(c, parent, {
    openSupervision: Boolean(supervision),
    pendingExtension: Boolean(extension),
    pendingSummons: summons.some((s) => s.unitId === u.unitId && !s.reportedAt),
    petition: isPetition(c),
    review: reviewState(reviews.find((r) => r.kind === 'review')),
    rereview: reviewState(reviews.find((r) => r.kind === 'rereview')),
  });
  return { facts: f, relations: relations(u, c, summons.map((s) => s.unitId)) };
}

export interface ActionWrite {
  action: string;
  from: string | null;
  to: string;
  note?: string | null;
  data?: Record<string, unknown>;
  public?: boolean;
}

/** The timeline row of a change (one place builds it: single writes and intake batches). */
export function actionValues(c: { id: number }, actor: Actor, unitId: number | null, w: ActionWrite, at: Date) {
  return {
    caseId: c.id, at, actorId: actor.actorId, actorName: actor.actorName, role: actor.role, unitId,
    action: w.action, fromStatus: w.from, toStatus: w.to, note: w.note ?? null,
    data: w.data ? JSON.stringify(w.data) : null, public: w.public ?? true,
  };
}

/** The audit entry of a change. */
export const actionAudit = (c: { id: number; caseNumber: string }, w: ActionWrite) =>
  ({ action: `case.${w.action}`, objectType: 'case', objectId: c.id, details: { caseNumber: c.caseNumber, from: w.from, to: w.to } });

/** Timeline row + audit row (+ statistics delta) in the caller's transaction. */
export async function writeAction(trx: Kysely<DB>, ctx: CasesCtx, c: { id: number; caseNumber: string }, actor: Actor, unitId: number | null, w: ActionWrite) {
  const at = ctx.clock.now();
  await trx.insertInto('caseActions').values(actionValues(c, actor, unitId, w, at)).execute();
  await record(trx, actor, actionAudit(c, w), at);
}

/** The values of one statistics delta row (stats.deltas.ts lists its columns; writeDelta and intake batches use it). */
export function deltaValues(ctx: Pick<CasesCtx, 'clock' | 'timeZone'>, c: repo.CaseRow, metric: string, delta = 1) {
  return rowValues(c, metric, businessDate(ctx.clock.now(), ctx.timeZone), delta);
}

/** One insert-only statistics row (a closing writes its whole set): concurrent writers never wait on a shared counter. */
export async function writeDelta(trx: Kysely<DB>, ctx: Pick<CasesCtx, 'clock' | 'timeZone'>, c: repo.CaseRow, metric: string, delta = 1) {
  const at = ctx.clock.now();
  if (metric === 'closed') return writeTransition(trx, ctx, c, c, { action: 'close', from: 'verified', to: 'closed', at });
  await insertDeltas(trx, [deltaValues(ctx, c, metric, delta)]);
}

/** The statistics rows of one transition of the loop (stats.deltas.ts builds them, here and in the rebuild). */
export async function writeTransition(trx: Kysely<DB>, ctx: Pick<CasesCtx, 'timeZone'>, before: repo.CaseRow, after: repo.CaseRow, t: Transition) {
  const closes = t.to === 'closed' && t.from !== 'closed';
  let closing;
  if (closes || t.action === 'reopen') {
    const last = await trx.selectFrom('caseActions').select((eb) => eb.fn.max('at').as('at')).where('caseId', '=', after.id).where('action', '=', 'feedback').executeTakeFirst();
    const facts = { lastFeedbackAt: last?.at ? new Date(last.at as Date) : null, cal: await loadCalendar(trx), timeZone: ctx.timeZone };
    closing = { now: facts, undone: facts };
  }
  await insertDeltas(trx, transitionRows(before, after, t, ctx.timeZone, closing));
}

async function insertDeltas(trx: Kysely<DB>, rows: DeltaRow[]) {
  if (rows.length) await trx.insertInto('caseStatDeltas').values(rows).execute();
}

/** The case as a screen shows it: names resolved, parties masked, the caller's allowed actions. */
export async function caseView(ctx: CasesCtx, u: SessionUser, c: repo.CaseRow) {
  const [parties, units, place, d] = await Promise.all([
    repo.parties(ctx.db, c.id),
    repo.unitsByIds(ctx.db, [c.officeUnitId, ...(c.assignedUnitId ? [c.assignedUnitId] : []), ...c.coUnitIds]),
    repo.ancestorsOf(ctx.db, c.placePath),
    decide(ctx.db, u, c),
  ]);
  const unitName = (id: number | null) => (id ? (units.find((x) => x.id === id)?.name ?? null) : null);
  const here = place[place.length - 1];
  return {
    ...baseView(c),
    // the place and where it lies, from the county down (杭锦后旗 陕坝镇 西环社区 幸福小区网格)
    place: { code: here.code, name: here.name, level: here.level, fullName: place.filter((a) => a.level !== 'city').map((a) => a.name).join(' ') },
    officeUnit: { id: c.officeUnitId, name: unitName(c.officeUnitId) },
    assignedUnit: c.assignedUnitId ? { id: c.assignedUnitId, name: unitName(c.assignedUnitId) } : null,
    coUnits: c.coUnitIds.map((id) => ({ id, name: unitName(id) })),
    assignedUserName: await repo.userName(ctx.db, c.assignedUserId),
    parties: parties.map((p) => ({
      id: p.id, role: p.role, isRepresentative: p.isRepresentative, kind: p.kind,
      name: p.kind === 'person' ? maskName(p.name) : p.name,
      idType: p.idType,
      idNumber: p.idNumberSealed ? maskIdNumber(ctx.cipher.decrypt(p.idNumberSealed)) : null,
      phone: p.phoneSealed ? maskPhone(ctx.cipher.decrypt(p.phoneSealed)) : null,
    })),
    ...(await withPetitionClock(ctx, c, allowedActions(d.facts, d.relations))),
    dueState: dueState(c, ctx.clock.now()),
  };
}

export function baseView(c: repo.CaseRow) {
  return {
    id: c.id, caseNumber: c.caseNumber, title: c.title, description: c.description,
    category: c.category, categoryName: CATEGORIES[c.category as keyof typeof CATEGORIES],
    disputeType: c.disputeType, disputeTypeName: disputeTypeName(c.disputeType),
    scale: c.scale, urgency: c.urgency, channel: c.channel, channelName: CHANNELS[c.channel as keyof typeof CHANNELS],
    address: c.address, lat: c.lat, lng: c.lng,
    level: c.level, levelName: LEVEL_NAMES[c.level as Level], firstLevel: c.firstLevel, highestLevel: c.highestLevel,
    status: c.status, statusName: STATE_NAMES[c.status as CaseState], version: c.version,
    confidential: c.confidential, resolvedOnSite: c.resolvedOnSite,
    disposition: c.disposition, result: c.result,
    satisfaction: c.satisfaction, satisfactionName: c.satisfaction ? SATISFACTION[c.satisfaction as keyof typeof SATISFACTION] : null,
    reworkCount: c.reworkCount, reopened: c.reopened, mergedIntoId: c.mergedIntoId,
    stage: c.stage, stageDueAt: c.stageDueAt, stageStartedAt: c.stageStartedAt, stageDueProvisional: c.stageDueProvisional,
    createdAt: c.createdAt, updatedAt: c.updatedAt, filedAt: c.filedAt, closedAt: c.closedAt, archivedAt: c.archivedAt,
  };
}

export async function hasParentOffice(q: Kysely<DB>, c: repo.CaseRow) {
  const offices = await repo.officeFor(q, c.officePath);
  return offices.some((o) => o.path.length < c.officePath.length);
}

/** the sweep's marks on the timeline (deadlines.ts) */
const WARN_NAMES: Record<string, string> = {
  warn_yellow: '黄色预警', warn_red: '红色预警（已超期）', warn_supervision: '督办逾期未回复', warn_summons: '报到逾期', warn_review: '信访复查/复核逾期', deadline_recomputed: '期限重算（节假日录入）',
};

export const timelineView = (rows: Awaited<ReturnType<typeof repo.timeline>>) =>
  rows.map((r) => ({
    id: r.id, at: r.at, action: r.action, actionName: ACTION_NAMES[r.action as keyof typeof ACTION_NAMES] ?? WARN_NAMES[r.action] ?? r.action,
    actorName: r.actorDisplayName ?? (r.actorName === 'citizen' ? '群众' : r.actorName), actorUsername: r.actorName, role: r.role, fromStatus: r.fromStatus, toStatus: r.toStatus,
    toStatusName: STATE_NAMES[r.toStatus as CaseState], note: r.note, data: r.data, public: r.public,
  }));

/** A concluded petition's review clocks; a review request out of time is not offered as a button. */
async function withPetitionClock(ctx: CasesCtx, c: repo.CaseRow, actions: ReturnType<typeof allowedActions>) {
  const petition = c.status === 'closed' ? await petitionClock(ctx.db, c, ctx.timeZone, ctx.clock.now()) : null;
  const allowed = actions.filter((a) => !petition || (a !== 'request_review' || petition.reviewRequestOpen) && (a !== 'request_rereview' || petition.rereviewRequestOpen));
  return { allowedActions: allowed, petition };
}
