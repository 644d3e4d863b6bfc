// One window for every channel: staff intake and citizens' H5 reports. Where a case lands follows the
// channel (LANDING), skipping offices the case must avoid (回避). A grid worker's on-the-spot resolution
// goes straight to verification.
import { sql, type Insertable, type Kysely } from 'kysely';
import type { CasePartiesTable, CasesTable, DB } from '../../db/schema.js';
import { businessDate } from '../../db/business-time.js';
import { AppError, notFound, text } from '../../http/errors.js';
import type { Actor } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/auth.service.js';
import { checkIdDocument, checkPersonName, checkPhone, normalizeIdNumber, type IdDocumentType } from '../personal/index.js';
import { resolve, locate } from '../regions/regions.service.js';
import * as repo from './cases.repo.js';
import { actionAudit, actionValues, deltaValues, type ActionWrite, type CasesCtx } from './cases.core.js';
import { auditValues } from '../audit/audit.service.js';
import { intakeCache, IntakeCache } from './intake-cache.js';
import { intakeBatcher } from './intake-batch.js';
import { isDisputeType, LANDING, type Category, type Channel, type Level } from './cases.codes.js';
import { loadCalendar, ruleFor, stageOf } from '../deadlines/deadlines.js';
import { dueAfter } from '../calendar/calendar.js';
import { smsForNotices } from '../notify/notify.js';
import { randomString } from '../personal/random-pool.js';

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
export const newTrackingCode = () => randomString(TRACKING_ALPHABET, 10);

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

/** The office a case lands at; `lookups` reads the offices and landing table (cached on the intake path). */
export async function landingOffice(q: Kysely<DB>, placePath: string, channel: Channel, avoid: number[], landing?: Level, lookups: Lookups = direct) {
  const offices = (await lookups.officeFor(q, placePath)).filter((o) => !avoid.includes(o.unitId));
  const order: Level[] = ['village', 'town', 'county'];
  const want = order.indexOf(landing ?? (await lookups.landingTable(q))[channel]);
  const office = offices.find((o) => order.indexOf(o.level as Level) >= want && order.includes(o.level as Level));
  if (!office) throw new AppError('UNPROCESSABLE', text('该地点没有可受理的办公室', 'no office can receive a case for this place'));
  return office;
}

interface Lookups {
  officeFor: typeof repo.officeFor;
  landingTable: typeof landingTable;
}
const direct: Lookups = { officeFor: repo.officeFor, landingTable };

type CachedLookups = Lookups & { resolve: typeof resolve; ancestorsOf: typeof repo.ancestorsOf };
const lookupsOf = new WeakMap<IntakeCache, CachedLookups>();
/** The same lookups, memoised in the process (intake-cache.ts says when they are dropped); built once per cache, not per request. */
function cachedLookups(cache: IntakeCache): CachedLookups {
  let look = lookupsOf.get(cache);
  if (!look)
    lookupsOf.set(cache, (look = {
      officeFor: (q, path) => cache.get(`office:${path}`, () => repo.officeFor(q, path)),
      landingTable: (q) => cache.get('landing', () => landingTable(q)),
      resolve: (q, code) => cache.get(`region:${code}`, () => resolve(q, code)),
      ancestorsOf: (q, path) => cache.get(`ancestors:${path}`, () => repo.ancestorsOf(q, path)),
    }));
  return look;
}

/** The stage clock of a new case: stageClock (deadlines.ts) for a case with no stage yet, from cached rules and calendar. */
async function intakeClock(cache: IntakeCache, q: Kysely<DB>, timeZone: string, category: string, urgency: string, status: string, now: Date) {
  const stage = stageOf(status);
  if (!stage) return { stage: null, stageDueAt: null, stageStartedAt: null, stageDueProvisional: false };
  const rule = await cache.get(`rule:${stage}:${category}:${urgency}`, () => ruleFor(q, stage, category, urgency));
  if (!rule) return { stage, stageSeq: 1, stageStartedAt: now, stageDueAt: null, stageDueProvisional: false };
  const calendar = await cache.get('calendar', () => loadCalendar(q));
  // a deadline in days depends only on the business day of `now`: remember it per rule and minute
  const due = rule.unit === 'hours'
    ? dueAfter(now, rule.amount, rule.unit, calendar, timeZone)
    : cache.memo(`due:${rule.id}:${rule.amount}:${rule.unit}:${Math.floor(now.getTime() / 60_000)}`, () => dueAfter(now, rule.amount, rule.unit, calendar, timeZone));
  return { stage, stageSeq: 1, stageStartedAt: now, stageDueAt: due.dueAt, stageDueProvisional: due.provisional };
}

export interface Idempotency {
  scope: string;
  key: string;
  hash: string;
}

export type IntakeResult = { created: repo.CaseRow; replay?: undefined } | { replay: { status: number; body: unknown }; created?: undefined };

/** The answer a created case gets (and a replay of the same request gets again). */
export const intakeAnswer = (c: repo.CaseRow) => ({ id: c.id, caseNumber: c.caseNumber, trackingCode: c.trackingCode, status: c.status, version: c.version });

/** One checked intake, ready to write: every value but the case number's sequence part and the ids. */
export interface PreparedIntake {
  now: Date;
  actor: Actor;
  unitId: number | null;
  idem?: Idempotency;
  caseNumberPrefix: string;
  row: Omit<Insertable<CasesTable>, 'caseNumber'>;
  parties: Omit<Insertable<CasePartiesTable>, 'caseId'>[];
  actions: ActionWrite[];
  notify: boolean;
}

/** Validate and decide everything about a case without writing: place, scope, landing office, sealed parties, stage clock. */
export async function prepareIntake(ctx: CasesCtx, q: Kysely<DB>, cache: IntakeCache, user: SessionUser | null, input: IntakeInput, actor: Actor, idem?: Idempotency): Promise<PreparedIntake> {
  const now = ctx.clock.now();
  const look = cachedLookups(cache);
  if (input.category === 'dispute' && !input.disputeType) throw bad('disputeType', '矛盾纠纷须填写纠纷类型（GB/T 31000）', 'a dispute needs a dispute type (GB/T 31000)');
  if (input.disputeType && !isDisputeType(input.disputeType)) throw bad('disputeType', `未知的纠纷类型 ${input.disputeType}`, `unknown dispute type ${input.disputeType}`);
  let place;
  try {
    place = (await look.resolve(q, input.regionCode)).node;
  } catch (e) {
    if (e instanceof AppError && (e.code === 'NOT_FOUND' || e.code === 'VALIDATION')) throw bad('regionCode', `未知的区划 ${input.regionCode}`, `unknown region ${input.regionCode}`);
    throw e;
  }
  if (place.status !== 'active') throw bad('regionCode', `区划 ${input.regionCode} 已撤并`, `region ${input.regionCode} is retired`);
  if (input.lat !== undefined && input.lng !== undefined) {
    const hit = await locate({ ...ctx, db: q }, input.lat, input.lng).catch(() => null);
    if (hit) {
      const grid = await repo.regionById(q, hit.id);
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
  const office = await landingOffice(q, place.path, input.channel, avoid, input.landing, look);
  const applicant = sealParty(ctx, input.applicant, 'applicant', now);
  const applicantPhone = applicant.phone;
  if (!applicantPhone) throw bad('applicant.phone', '请填写申请人手机号', 'the applicant needs a phone number');
  const others = [
    ...(input.coApplicants ?? []).map((p, i) => ({ role: 'applicant' as const, ...sealParty(ctx, p, `coApplicants.${i}`, now) })),
    ...(input.agent ? [{ role: 'agent' as const, ...sealParty(ctx, input.agent, 'agent', now) }] : []),
    ...(input.respondents ?? []).map((p, i) => ({ role: 'respondent' as const, ...sealParty(ctx, p, `respondents.${i}`, now) })),
  ];
  const county = (await look.ancestorsOf(q, place.path)).find((a) => a.level === 'county');
  const day = businessDate(now, ctx.timeZone);
  const level = office.level as Level;
  const status = input.resolvedOnSite ? 'to_verify' : 'reported';
  const urgency = input.urgency ?? 'normal';
  const clock = await intakeClock(cache, q, ctx.timeZone, input.category, urgency, status, now);
  const parties = [{ role: 'applicant' as const, isRepresentative: true, ...applicant }, ...others.map((o) => ({ ...o, isRepresentative: false }))];
  const scale = input.scale ?? '01';
  return {
    now, actor, idem,
    unitId: user?.unitId ?? null,
    caseNumberPrefix: `${county?.code ?? place.code.slice(0, 6)}-${day.replaceAll('-', '')}-`,
    row: {
      trackingCode: newTrackingCode(),
      title: input.title,
      description: input.description,
      category: input.category,
      disputeType: input.disputeType ?? null,
      scale,
      urgency,
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
      // every other column of a new case, set here rather than left to the defaults, so the batch knows each
      // stored case without reading it back (cases.batch.test.ts compares the answer with the stored row)
      version: 1,
      assignedUserId: null,
      coUnitIds: [],
      satisfaction: null,
      ratingMethod: null,
      ratedAt: null,
      reworkCount: 0,
      reopened: false,
      mergedIntoId: null,
      filedAt: null,
      closedAt: null,
      archivedAt: null,
      handleDueAt: null,
    },
    parties: parties.map(({ phone: _p, ...p }) => p),
    actions: [
      {
        action: 'report', from: null, to: 'reported',
        note: input.resolvedOnSite ? `就地化解：${input.result}` : null,
        data: { channel: input.channel, officeUnitId: office.unitId },
      },
      ...(input.resolvedOnSite ? [{ action: 'feedback', from: 'reported', to: 'to_verify', note: input.result, data: { disposition: '已解决', resolvedOnSite: true } }] : []),
    ],
    // 重大群体性 events, critical items and warnings reach the leaders at once
    notify: scale === '03' || urgency === 'critical' || input.category === 'warning',
  };
}

/** What one intake of a batch came to: its result, or the error it alone answers. */
export type IntakeOutcome = IntakeResult | AppError;

const keyOf = (i: Idempotency) => `${i.scope}\u0000${i.key}`;

/**
 * Write prepared intakes in the caller's transaction with one multi-row statement per table: claim the
 * idempotency keys (a concurrent twin waits on the unique key until its first commits, then replays),
 * case numbers from the sequence, cases, parties, timeline, audit, statistics deltas, stored answers.
 * A key used with another body answers 422 for that intake alone. Two intakes with the same key must
 * not be in one call (the batcher keeps them apart).
 */
export async function writeIntakes(trx: Kysely<DB>, ctx: CasesCtx, items: PreparedIntake[]): Promise<IntakeOutcome[]> {
  const out: (IntakeOutcome | undefined)[] = items.map(() => undefined);
  const keyed = items.map((_, i) => i).filter((i) => items[i].idem).sort((a, b) => (keyOf(items[a].idem!) < keyOf(items[b].idem!) ? -1 : 1));
  if (keyed.length) {
    const claimed = await repo.claimIdempotencyKeys(trx, keyed.map((i) => items[i].idem!));
    const lost = keyed.filter((i) => !claimed.has(keyOf(items[i].idem!)));
    if (lost.length) {
      const prior = new Map((await repo.idempotencyKeys(trx, lost.map((i) => items[i].idem!))).map((p) => [`${p.scope}\u0000${p.key}`, p]));
      for (const i of lost) {
        const idem = items[i].idem!;
        const p = prior.get(keyOf(idem));
        if (!p) throw new Error('idempotency key neither claimed nor stored');
        out[i] = p.requestHash !== idem.hash
          ? new AppError('UNPROCESSABLE', text('同一幂等键用于了不同的请求内容', 'this Idempotency-Key was used with a different request body'), { idempotencyKey: idem.key })
          : { replay: { status: p.status, body: p.response } };
      }
    }
  }
  const live = items.map((_, i) => i).filter((i) => out[i] === undefined);
  if (live.length) {
    const seqs = await repo.nextCaseNumbers(trx, live.length);
    const numbers = live.map((i, j) => `${items[i].caseNumberPrefix}${String(seqs[j]).padStart(6, '0')}`);
    const rows = await repo.insertCases(trx, live.map((i, j) => ({ ...items[i].row, caseNumber: numbers[j] })));
    const byNumber = new Map(rows.map((r) => [r.caseNumber, r]));
    const created = numbers.map((n) => byNumber.get(n)!);
    const each = <T>(f: (it: PreparedIntake, c: repo.CaseRow) => T[]) => live.flatMap((i, j) => f(items[i], created[j]));
    await trx.insertInto('caseParties').values(each((it, c) => it.parties.map((p) => ({ ...p, caseId: c.id })))).execute();
    await trx.insertInto('caseActions').values(each((it, c) => it.actions.map((w) => actionValues(c, it.actor, it.unitId, w, it.now)))).execute();
    await trx.insertInto('auditLog').values(each((it, c) => it.actions.map((w) => auditValues(it.actor, actionAudit(c, w), it.now)))).execute();
    await trx.insertInto('caseStatDeltas').values(created.map((c) => deltaValues(ctx, c, 'received'))).execute();
    for (const [j, i] of live.entries()) if (items[i].notify) await notifyLeaders(trx, ctx.sms, created[j], items[i].now);
    const answered = live.flatMap((i, j) => (items[i].idem ? [{ ...items[i].idem!, response: JSON.stringify(intakeAnswer(created[j])) }] : []));
    if (answered.length) await repo.storeIdempotentAnswers(trx, answered);
    live.forEach((i, j) => (out[i] = { created: created[j] }));
  }
  return out as IntakeOutcome[];
}

/**
 * The batcher's fast path: the same rows as writeIntakes, in ONE statement outside any transaction
 * (repo.insertIntakesAtOnce), with case ids and numbers reserved ahead. A claimed key stores its answer in
 * that statement; an intake whose key was taken reads the stored answer afterwards (replay or 422).
 * Intakes that notify leaders go through writeIntakes instead.
 */
export async function writeIntakesAtOnce(db: Kysely<DB>, ctx: CasesCtx, items: PreparedIntake[], reserved: { id: number; n: number }[]): Promise<IntakeOutcome[]> {
  // each case as it is stored: the prepared row names every column but the id and the number
  const asCase = items.map((it, i) => ({ ...it.row, id: reserved[i].id, caseNumber: `${it.caseNumberPrefix}${String(reserved[i].n).padStart(6, '0')}` }) as repo.CaseRow);
  const per = (f: (it: PreparedIntake, c: repo.CaseRow) => object[]) => items.flatMap((it, i) => f(it, asCase[i]) as Record<string, unknown>[]);
  const inserted = await repo.insertIntakesAtOnce(db, {
    keys: items.flatMap((it, i) => (it.idem ? [{ caseId: asCase[i].id, values: { scope: it.idem.scope, key: it.idem.key, requestHash: it.idem.hash, status: 201, response: JSON.stringify(intakeAnswer(asCase[i])) } }] : [])),
    cases: asCase.map((r) => ({ caseId: r.id, values: r })),
    children: [
      { table: 'case_parties', rows: per((it, c) => it.parties.map((p) => ({ ...p, caseId: c.id }))) },
      { table: 'case_actions', rows: per((it, c) => it.actions.map((w) => actionValues(c, it.actor, it.unitId, w, it.now))) },
      { table: 'audit_log', rows: per((it, c) => it.actions.map((w) => auditValues(it.actor, actionAudit(c, w), it.now))) },
      { table: 'case_stat_deltas', rows: per((_, c) => [deltaValues(ctx, c, 'received')]) },
    ],
  });
  const out: IntakeOutcome[] = [];
  const lost = items.flatMap((it, i) => (inserted.has(asCase[i].id) ? [] : [it.idem!]));
  const prior = new Map(lost.length ? (await repo.idempotencyKeys(db, lost)).map((p) => [`${p.scope}\u0000${p.key}`, p]) : []);
  items.forEach((it, i) => {
    if (inserted.has(asCase[i].id)) return out.push({ created: asCase[i] });
    const p = prior.get(keyOf(it.idem!));
    if (!p) throw new Error('idempotency key neither claimed nor stored');
    out.push(p.requestHash !== it.idem!.hash
      ? new AppError('UNPROCESSABLE', text('同一幂等键用于了不同的请求内容', 'this Idempotency-Key was used with a different request body'), { idempotencyKey: it.idem!.key })
      : { replay: { status: p.status, body: p.response } });
  });
  return out;
}

/** A campaign imports many cases in one transaction: one cache for the lookups of that transaction. */
const trxCaches = new WeakMap<object, IntakeCache>();
function transactionCache(trx: Kysely<DB>) {
  let c = trxCaches.get(trx);
  if (!c) trxCaches.set(trx, (c = new IntakeCache()));
  return c;
}

/**
 * Create a case. Inside `trx` when given (a campaign imports many in one transaction); otherwise the
 * checks run first, outside any transaction, and the writes join the next batch of concurrent intakes
 * (intake-batch.ts).
 */
export async function intake(ctx: CasesCtx, user: SessionUser | null, input: IntakeInput, actor: Actor, idem?: Idempotency, trx?: Kysely<DB>): Promise<IntakeResult> {
  if (trx) {
    // every read goes through the transaction (on PGlite a second connection would wait for this one
    // forever), so not through the shared cache, whose loads may be waiting for the connection
    const item = await prepareIntake(ctx, trx, transactionCache(trx), user, input, actor, idem);
    const [r] = await writeIntakes(trx, ctx, [item]);
    if (r instanceof AppError) throw r;
    return r;
  }
  const item = await prepareIntake(ctx, ctx.db, intakeCache(ctx.db), user, input, actor, idem);
  return intakeBatcher(ctx).submit(item);
}

/** 重大群体性 and warning items: every leader above the place at once, in the inbox and by SMS, in the intake's transaction. */
async function notifyLeaders(trx: Kysely<DB>, sms: CasesCtx['sms'], c: repo.CaseRow, now: Date) {
  const leaders = await trx
    .selectFrom('userRoles')
    .innerJoin('regions', 'regions.id', 'userRoles.regionId')
    .select('userRoles.userId')
    .where('userRoles.role', '=', 'leader')
    .where(sql<boolean>`${c.placePath} like regions.path || '%'`)
    .execute();
  if (leaders.length === 0) return;
  const rows = await trx
    .insertInto('notifications')
    .values([...new Set(leaders.map((l) => l.userId))].map((userId) => ({ userId, caseId: c.id, kind: 'urgent_case', title: `${c.caseNumber} 紧急事项，请关注`, body: c.title, createdAt: now })))
    .returning(['id', 'unitId', 'userId', 'caseId', 'kind', 'title'])
    .execute();
  await smsForNotices(trx, sms, now, rows);
}
