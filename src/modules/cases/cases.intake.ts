// One window for every channel: staff intake and citizens' H5 reports. Where a case lands follows the
// channel (LANDING), skipping offices the case must avoid (回避). A grid worker's on-the-spot resolution
// goes straight to verification.
import { randomInt } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { businessDate } from '../../db/business-time.js';
import { AppError, notFound, text } from '../../http/errors.js';
import type { Actor } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/auth.service.js';
import { checkIdDocument, checkPersonName, checkPhone, normalizeIdNumber, type IdDocumentType } from '../personal/index.js';
import { resolve, locate } from '../regions/regions.service.js';
import * as repo from './cases.repo.js';
import { writeAction, writeDelta, type CasesCtx } from './cases.core.js';
import { isDisputeType, LANDING, type Category, type Channel, type Level } from './cases.codes.js';
import { stageClock } from '../deadlines/deadlines.js';

export interface PartyInput {
  name: string;
  kind?: 'person' | 'organisation';
  phone?: string;
  idNumber?: string;
  idType?: IdDocumentType;
}

export interface IntakeInput {
  title: string;
  description: string;
  category: Category;
  channel: Channel;
  disputeType?: string;
  scale?: '01' | '02' | '03';
  urgency?: 'normal' | 'urgent' | 'critical';
  regionCode: string;
  applicant: PartyInput & { phone: string };
  coApplicants?: PartyInput[];
  agent?: PartyInput;
  respondents?: PartyInput[];
  address?: string;
  lat?: number;
  lng?: number;
  confidential?: boolean;
  avoidUnitIds?: number[];
  resolvedOnSite?: boolean;
  result?: string;
  /** internal: land at this level whatever the channel (a campaign distributes to the villages) */
  landing?: Level;
  /** internal: the screening campaign the case belongs to */
  campaignId?: number;
}

const bad = (path: string, zh: string, en: string) => new AppError('VALIDATION', text(zh, en), { fields: [{ path, message: en }] });
const TRACKING_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const newTrackingCode = () => Array.from({ length: 10 }, () => TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)]).join('');

function sealParty(ctx: CasesCtx, p: PartyInput, path: string, now: Date) {
  const name = checkPersonName(p.name);
  if ((p.kind ?? 'person') === 'person' && !name.ok) throw bad(`${path}.name`, name.problem.zh, name.problem.en);
  let phone: string | null = null;
  if (p.phone) {
    const c = checkPhone(p.phone);
    if (!c.ok) throw bad(`${path}.phone`, c.problem.zh, c.problem.en);
    phone = c.value;
  }
  let idNumber: string | null = null;
  if (p.idNumber) {
    const problem = checkIdDocument({ type: p.idType ?? 'resident_id', number: p.idNumber }, { now });
    if (problem) throw bad(`${path}.idNumber`, problem.zh, problem.en);
    idNumber = normalizeIdNumber(p.idNumber);
  }
  return {
    kind: p.kind ?? 'person',
    name: name.ok ? name.value : p.name.trim(),
    idType: idNumber ? (p.idType ?? 'resident_id') : null,
    idNumberSealed: idNumber ? ctx.cipher.encrypt(idNumber) : null,
    idNumberIndex: idNumber ? ctx.cipher.blindIndex('id_number', idNumber) : null,
    phoneSealed: phone ? ctx.cipher.encrypt(phone) : null,
    phoneIndex: phone ? ctx.cipher.blindIndex('phone', phone) : null,
    phone,
  };
}

/** Where the case lands: the office of the landing level in the place's chain, avoiding units it concerns. */
/** Where each channel lands: the defaults of DOMAIN §3, as changed by an administrator (settings 'case.landing'). */
export async function landingTable(q: Kysely<DB>): Promise<Record<Channel, Level>> {
  const row = await q.selectFrom('settings').select('value').where('key', '=', 'case.landing').executeTakeFirst();
  return { ...LANDING, ...((row?.value as Partial<Record<Channel, Level>>) ?? {}) };
}

export async function landingOffice(q: Kysely<DB>, placePath: string, channel: Channel, avoid: number[], landing?: Level) {
  const offices = (await repo.officeFor(q, placePath)).filter((o) => !avoid.includes(o.unitId));
  const order: Level[] = ['village', 'town', 'county'];
  const want = order.indexOf(landing ?? (await landingTable(q))[channel]);
  const office = offices.find((o) => order.indexOf(o.level as Level) >= want && order.includes(o.level as Level));
  if (!office) throw new AppError('UNPROCESSABLE', text('该地点没有可受理的办公室', 'no office can receive a case for this place'));
  return office;
}

export interface Idempotency {
  scope: string;
  key: string;
  hash: string;
}

export type IntakeResult = { created: repo.CaseRow; replay?: undefined } | { replay: { status: number; body: unknown }; created?: undefined };

/** The answer a created case gets (and a replay of the same request gets again). */
export const intakeAnswer = (c: repo.CaseRow) => ({ id: c.id, caseNumber: c.caseNumber, trackingCode: c.trackingCode, status: c.status, version: c.version });

/** Create a case; inside `trx` when given (a campaign imports many in one transaction), else in its own. */
export async function intake(ctxIn: CasesCtx, user: SessionUser | null, input: IntakeInput, actor: Actor, idem?: Idempotency, trx?: Kysely<DB>): Promise<IntakeResult> {
  if (!trx) return ctxIn.db.transaction().execute((t) => intake(ctxIn, user, input, actor, idem, t));
  // every read goes through the transaction: on PGlite a second connection would wait for this one forever
  const ctx = { ...ctxIn, db: trx };
  const now = ctx.clock.now();
  if (input.category === 'dispute' && !input.disputeType) throw bad('disputeType', '矛盾纠纷须填写纠纷类型（GB/T 31000）', 'a dispute needs a dispute type (GB/T 31000)');
  if (input.disputeType && !isDisputeType(input.disputeType)) throw bad('disputeType', `未知的纠纷类型 ${input.disputeType}`, `unknown dispute type ${input.disputeType}`);
  let place;
  try {
    place = (await resolve(ctx.db, input.regionCode)).node;
  } catch (e) {
    if (e instanceof AppError && (e.code === 'NOT_FOUND' || e.code === 'VALIDATION')) throw bad('regionCode', `未知的区划 ${input.regionCode}`, `unknown region ${input.regionCode}`);
    throw e;
  }
  if (place.status !== 'active') throw bad('regionCode', `区划 ${input.regionCode} 已撤并`, `region ${input.regionCode} is retired`);
  if (input.lat !== undefined && input.lng !== undefined) {
    const hit = await locate(ctx, input.lat, input.lng).catch(() => null);
    if (hit) {
      const grid = await repo.regionById(ctx.db, hit.id);
      if (grid && grid.path.startsWith(place.path)) place = grid;
    }
  }
  if (user && !user.scopePaths.some((p) => place.path.startsWith(p))) throw notFound(text(`区划 ${input.regionCode} 不存在`, `region ${input.regionCode} not found`));
  if (input.resolvedOnSite) {
    if (!user || !['grid_worker', 'volunteer', 'village_staff'].includes(user.role) || input.channel !== 'grid')
      throw new AppError('UNPROCESSABLE', text('只有网格上报可以就地化解', 'only a grid report can be resolved on the spot'));
    if (!input.result?.trim()) throw bad('result', '就地化解须填写处理结果', 'an on-the-spot resolution needs its result');
  }
  const avoid = input.confidential ? (input.avoidUnitIds ?? []) : [];
  const office = await landingOffice(ctx.db, place.path, input.channel, avoid, input.landing);
  const applicant = sealParty(ctx, input.applicant, 'applicant', now);
  const applicantPhone = applicant.phone;
  if (!applicantPhone) throw bad('applicant.phone', '请填写申请人手机号', 'the applicant needs a phone number');
  const others = [
    ...(input.coApplicants ?? []).map((p, i) => ({ role: 'applicant' as const, ...sealParty(ctx, p, `coApplicants.${i}`, now) })),
    ...(input.agent ? [{ role: 'agent' as const, ...sealParty(ctx, input.agent, 'agent', now) }] : []),
    ...(input.respondents ?? []).map((p, i) => ({ role: 'respondent' as const, ...sealParty(ctx, p, `respondents.${i}`, now) })),
  ];
  const county = (await repo.ancestorsOf(ctx.db, place.path)).find((a) => a.level === 'county');
  const day = businessDate(now, ctx.timeZone);
  const level = office.level as Level;

  {
    if (idem) {
      // claim the key first: a concurrent twin waits here on the unique key until this one commits
      const claimed = await trx
        .insertInto('idempotencyKeys')
        .values({ scope: idem.scope, key: idem.key, requestHash: idem.hash, status: 0, response: '{}' })
        .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
        .returning('key')
        .executeTakeFirst();
      if (!claimed) {
        const prior = await trx.selectFrom('idempotencyKeys').selectAll().where('scope', '=', idem.scope).where('key', '=', idem.key).executeTakeFirstOrThrow();
        if (prior.requestHash !== idem.hash)
          throw new AppError('UNPROCESSABLE', text('同一幂等键用于了不同的请求内容', 'this Idempotency-Key was used with a different request body'), { idempotencyKey: idem.key });
        return { replay: { status: prior.status, body: prior.response } };
      }
    }
    const seq = await repo.nextCaseNumber(trx);
    const status = input.resolvedOnSite ? 'to_verify' : 'reported';
    const clock = await stageClock(trx, ctx.timeZone, { stage: null, stageSeq: 0, category: input.category, urgency: input.urgency ?? 'normal' }, status, 'report', now);
    const c = (await trx
      .insertInto('cases')
      .values({
        caseNumber: `${county?.code ?? place.code.slice(0, 6)}-${day.replaceAll('-', '')}-${String(seq).padStart(6, '0')}`,
        trackingCode: newTrackingCode(),
        title: input.title,
        description: input.description,
        category: input.category,
        disputeType: input.disputeType ?? null,
        scale: input.scale ?? '01',
        urgency: input.urgency ?? 'normal',
        channel: input.channel,
        placeRegionId: place.id,
        placePath: place.path,
        address: input.address ?? null,
        lat: input.lat ?? null,
        lng: input.lng ?? null,
        level,
        officeUnitId: office.unitId,
        officeRegionId: office.regionId,
        officePath: office.path,
        assignedUnitId: input.resolvedOnSite ? office.unitId : null,
        firstLevel: level,
        highestLevel: level,
        status,
        confidential: input.confidential ?? false,
        avoidUnitIds: avoid,
        resolvedOnSite: input.resolvedOnSite ?? false,
        disposition: input.resolvedOnSite ? '已解决' : null,
        result: input.resolvedOnSite ? input.result!.trim() : null,
        applicantPhone4: applicantPhone.replace(/\D/g, '').slice(-4),
        applicantPhoneIndex: applicant.phoneIndex,
        applicantIdIndex: applicant.idNumberIndex,
        createdBy: user?.id ?? null,
        campaignId: input.campaignId ?? null,
        ...clock,
        businessDate: day,
        createdAt: now,
        updatedAt: now,
      })
      .returning(repo.caseCols)
      .executeTakeFirstOrThrow()) as repo.CaseRow;
    const parties = [{ role: 'applicant' as const, isRepresentative: true, ...applicant }, ...others.map((o) => ({ ...o, isRepresentative: false }))];
    await trx
      .insertInto('caseParties')
      .values(parties.map(({ phone: _p, ...p }) => ({ ...p, caseId: c.id })))
      .execute();
    await writeAction(trx, ctx, c, actor, user?.unitId ?? null, {
      action: 'report', from: null, to: 'reported',
      note: input.resolvedOnSite ? `就地化解：${input.result}` : null,
      data: { channel: input.channel, officeUnitId: office.unitId },
    });
    if (input.resolvedOnSite)
      await writeAction(trx, ctx, c, actor, user?.unitId ?? null, { action: 'feedback', from: 'reported', to: 'to_verify', note: input.result, data: { disposition: '已解决', resolvedOnSite: true } });
    await writeDelta(trx, ctx, c, 'received');
    // 重大群体性 events, critical items and warnings reach the leaders at once
    if (c.scale === '03' || c.urgency === 'critical' || c.category === 'warning') await notifyLeaders(trx, c, now);
    if (idem)
      await trx.updateTable('idempotencyKeys').set({ status: 201, response: JSON.stringify(intakeAnswer(c)) }).where('scope', '=', idem.scope).where('key', '=', idem.key).execute();
    return { created: c };
  }
}

async function notifyLeaders(trx: Kysely<DB>, c: repo.CaseRow, now: Date) {
  const leaders = await trx
    .selectFrom('userRoles')
    .innerJoin('regions', 'regions.id', 'userRoles.regionId')
    .select('userRoles.userId')
    .where('userRoles.role', '=', 'leader')
    .where(sql<boolean>`${c.placePath} like regions.path || '%'`)
    .execute();
  if (leaders.length === 0) return;
  await trx
    .insertInto('notifications')
    .values([...new Set(leaders.map((l) => l.userId))].map((userId) => ({ userId, caseId: c.id, kind: 'urgent_case', title: `${c.caseNumber} 紧急事项，请关注`, body: c.title, createdAt: now })))
    .execute();
}
