// Demo cases for a first start: about 320 cases over the last ~150 days (cases.plan.ts), written ONLY through
// the case services — intake, perform (file, assign, feedback, verify, rate, escalate, supervise, extend,
// whistle, review…), the citizens' online rating — with a clock stepped through the past, the deadline sweep
// run at the end of every simulated day (warnings, overdue marks, lapsed supervision, auto-closing unrated
// cases) and the warnings sweep every week. So timelines, audit rows, stage clocks and statistics are exactly
// what real use produces. The offices and departments that the demo accounts do not staff get a handler
// account each (password as for every demo account). Idempotent: nothing is written when demo cases exist.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Clock } from '../db/business-time.js';
import { systemActor, type Actor } from '../modules/audit/audit.service.js';
import { PolicyStore } from '../modules/auth/policy.js';
import { hashPassword, userFor, type SessionUser } from '../modules/auth/auth.service.js';
import { SessionCache } from '../modules/auth/session-cache.js';
import type { CipherSuite } from '../modules/personal/index.js';
import { intake, type IntakeInput } from '../modules/cases/cases.intake.js';
import { assignableUnits, perform, type ActionInput } from '../modules/cases/cases.actions.js';
import { rate as publicRate } from '../modules/cases/cases.public.js';
import type { CasesCtx } from '../modules/cases/cases.core.js';
import * as casesRepo from '../modules/cases/cases.repo.js';
import { loadCalendar, sweep } from '../modules/deadlines/deadlines.js';
import { sweepWarnings } from '../modules/warnings/warnings.sweep.js';
import { compact } from '../modules/stats/stats.rollup.js';
import { businessDate } from '../db/business-time.js';
import { addDays, endOfDay } from '../modules/calendar/calendar.js';
import { AppError, text } from '../http/errors.js';
import { DEMO_PASSWORD } from './demo.js';
import { planDemoCases, type Intent, type PlannedCase } from './cases.plan.js';

export interface DemoCasesDeps {
  db: Kysely<DB>;
  clock: Clock;
  cipher: CipherSuite;
  timeZone: string;
  /** told after every tenth of the events (a first start takes a while: the operator sees it move) */
  progress?: (done: number, total: number) => void;
}

/** Marks the timeline rows the demo seed wrote (and tells a later start that the demo cases exist). */
const MARK = '(演示数据)';

/** Handler accounts for the offices and departments the demo accounts leave unstaffed: [username, name, unit, role]. */
export const DEMO_HANDLERS: [string, string, string, string][] = [
  ['town2', '高志远（头道桥镇综治中心）', '头道桥镇综治中心', 'town_staff'],
  ['village2', '韩美玲（东环社区书记）', '东环社区居委会', 'village_staff'],
  ['sfs', '许建军（陕坝司法所）', '陕坝司法所', 'dept_handler'],
  ['hr', '苏晓梅（旗人社局劳动监察）', '杭锦后旗人力资源和社会保障局', 'dept_handler'],
  ['land', '曹利军（旗自然资源局）', '杭锦后旗自然资源局', 'dept_handler'],
  ['petition', '于素梅（旗信访局）', '杭锦后旗信访局', 'dept_handler'],
  ['health', '林德明（旗卫健委）', '杭锦后旗卫生健康委员会', 'dept_handler'],
  ['wltq', '巴特尔（乌拉特后旗社会治理中心）', '乌拉特后旗社会治理中心', 'dispatcher'],
  ['bybl', '其其格（巴音宝力格镇综治中心）', '巴音宝力格镇综治中心', 'town_staff'],
  ['lantian', '邓翠兰（蓝天社区书记）', '蓝天社区居委会', 'village_staff'],
  ['linhe', '郭俊峰（临河区社会治理中心）', '临河区社会治理中心', 'dispatcher'],
  ['xinhua', '彭雪梅（新华街道综治中心）', '新华街道综治中心', 'town_staff'],
  ['huahai', '罗福生（华海尚都社区书记）', '华海尚都社区居委会', 'village_staff'],
  ['wlzq', '斯琴图雅（乌拉特中旗社会治理中心）', '乌拉特中旗社会治理中心', 'dispatcher'],
  ['hailiutu', '阿拉坦·苏和（海流图镇综治中心）', '海流图镇综治中心', 'town_staff'],
  ['wulan', '宝音·达来（乌兰嘎查书记）', '乌兰嘎查村委会', 'village_staff'],
];

async function ensureHandlers(db: Kysely<DB>) {
  const have = new Set((await db.selectFrom('users').select('username').where('username', 'in', DEMO_HANDLERS.map((h) => h[0])).execute()).map((u) => u.username));
  const missing = DEMO_HANDLERS.filter((h) => !have.has(h[0]));
  if (!missing.length) return;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    for (const [username, displayName, unitName, role] of missing) {
      const unit = await trx.selectFrom('units').select(['id', 'regionId']).where('name', '=', unitName).where('status', '=', 'active').executeTakeFirst();
      if (!unit) continue;
      const { id } = await trx.insertInto('users').values({ username, displayName, passwordHash, homeRegionId: unit.regionId }).returning('id').executeTakeFirstOrThrow();
      await trx.insertInto('userRoles').values({ userId: id, role, regionId: unit.regionId, unitId: unit.id }).execute();
    }
  });
}

/** Every unit-holding role of the demo accounts, as a session would have it, by unit; and the leader, police, grid workers. */
async function staff(ctx: DemoCasesDeps) {
  const authCtx = { db: ctx.db, clock: ctx.clock, policy: new PolicyStore(ctx.db, ctx.clock), requireAdminTotp: false, sessions: new SessionCache() };
  const rows = await ctx.db.selectFrom('userRoles').innerJoin('users', 'users.id', 'userRoles.userId').select(['users.id as userId', 'users.username', 'userRoles.id as roleId', 'userRoles.role', 'userRoles.unitId']).where('users.status', '=', 'active').orderBy('userRoles.id').execute();
  const byUnit = new Map<number, SessionUser>();
  const byName = new Map<string, SessionUser>();
  for (const r of rows) {
    if (['sys_admin', 'sec_admin', 'auditor', 'volunteer'].includes(r.role)) continue;
    const u = await userFor(authCtx, r.userId, r.roleId, 'session');
    if (!u) continue;
    if (r.unitId !== null && !byUnit.has(r.unitId)) byUnit.set(r.unitId, u);
    if (!byName.has(r.username)) byName.set(r.username, u);
  }
  return { byUnit, byName };
}

const actorOf = (u: SessionUser | null): Actor => (u ? { ...systemActor(), actorId: u.id, actorName: `${u.displayName} ${MARK}`, role: u.role, regionId: u.regionId } : systemActor('citizen'));

export interface DemoCasesResult {
  cases: number;
  actions: number;
  /** planned steps the services refused (none, when the plan and the services agree) */
  refused: { key: number; action: string; message: string }[];
  plan: PlannedCase[];
  /** the case id of each planned case, by its key */
  ids: Map<number, number>;
}

/** Seeds the demo cases; `count` (default 320) and `days` (150) make a smaller slice for tests. */
export async function seedDemoCases(deps: DemoCasesDeps, o: { count?: number; days?: number; seed?: number } = {}): Promise<DemoCasesResult> {
  const done: DemoCasesResult = { cases: 0, actions: 0, refused: [], plan: [], ids: new Map() };
  if (await deps.db.selectFrom('caseActions').select('id').where('actorName', 'like', `%${MARK}`).limit(1).executeTakeFirst()) return done;
  if (!(await deps.db.selectFrom('users').select('id').where('username', '=', 'dispatcher').executeTakeFirst())) return done; // not the demo tree
  await ensureHandlers(deps.db);
  const end = deps.clock.now();
  let now = new Date(end.getTime() - ((o.days ?? 150) + 10) * 86_400_000);
  const clock: Clock = { now: () => now };
  const ctx: CasesCtx = { db: deps.db, clock, cipher: deps.cipher, timeZone: deps.timeZone };
  const { byUnit, byName } = await staff({ ...deps, clock });
  const cal = await loadCalendar(deps.db);
  const plan = planDemoCases({ now: end, cal, timeZone: deps.timeZone, count: o.count, days: o.days, seed: o.seed });
  done.plan = plan;
  const units = new Map((await deps.db.selectFrom('units').select(['id', 'name']).execute()).map((u) => [u.name, u.id]));
  const ids = done.ids;
  /** each case as the services last returned it (re-read when the sweep changed it behind our back) */
  const rows = new Map<number, casesRepo.CaseRow>();
  const broken = new Set<number>();

  type Ev = { at: Date; p: PlannedCase; intent?: Intent };
  const events: Ev[] = plan.flatMap((p) => [{ at: p.at, p } as Ev, ...p.steps.map((s) => ({ at: s.at, p, intent: s.intent }))]);
  events.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.intent ? 1 : 0) - (b.intent ? 1 : 0));

  // the deadline sweep at the end of every business day, the warnings sweep every Sunday, as the server would
  let day = businessDate(events[0]?.at ?? end, deps.timeZone);
  const sweepUntil = async (t: Date) => {
    for (;;) {
      const at = new Date(endOfDay(day, deps.timeZone).getTime() - 30 * 60_000);
      if (at > t) return;
      now = at;
      if ((await sweep({ db: deps.db, clock, timeZone: deps.timeZone })).autoClosed) await autoClosed(now);
      if (new Date(`${day}T00:00:00Z`).getUTCDay() === 0) await sweepWarnings({ db: deps.db, clock });
      day = addDays(day, 1);
    }
  };

  // cases the sweep closed unrated (their version moved): read again before their next step
  const swept = new Set<number>();
  const autoClosed = async (at: Date) => {
    for (const r of await deps.db.selectFrom('caseActions').select('caseId').where('action', '=', 'close').where('actorName', '=', '系统').where('at', '=', at).execute()) swept.add(r.caseId);
  };

  const reporter = (p: PlannedCase): SessionUser | null => {
    if (p.channel === 'citizen') return null;
    if (p.channel === 'grid') {
      if (p.place.startsWith('150826100001001') || p.place.startsWith('150826100001002')) return byName.get('grid')!;
      if (p.place.startsWith('150825100001001')) return byName.get('grid2')!;
      return byUnit.get(units.get(officeName(p.place.slice(0, 12)))!) ?? null;
    }
    if (p.channel === 'police') return p.county === '150826' ? byName.get('police')! : byUnit.get(units.get(officeName(p.place.slice(0, 9)))!)!;
    return byUnit.get(units.get(officeName(p.county))!)!;
  };
  const names = new Map((await deps.db.selectFrom('regions').select(['code', 'name', 'level']).where('level', 'in', ['county', 'town', 'village']).execute()).map((r) => [r.code, r]));
  function officeName(code: string) {
    const r = names.get(code)!;
    return r.level === 'county' ? `${r.name}社会治理中心` : r.level === 'town' ? `${r.name}综治中心` : `${r.name}${r.name.endsWith('社区') ? '居委会' : '村委会'}`;
  }

  const tenth = Math.max(1, Math.ceil(events.length / 10));
  for (const [n, ev] of events.entries()) {
    if (n > 0 && n % tenth === 0) deps.progress?.(n, events.length);
    await sweepUntil(ev.at);
    now = ev.at;
    const p = ev.p;
    if (!ev.intent) {
      const user = reporter(p);
      const input: IntakeInput = {
        title: p.title, description: p.topic.description, category: p.topic.category, channel: p.channel,
        ...(p.topic.disputeType ? { disputeType: p.topic.disputeType } : {}),
        ...(p.topic.scale ? { scale: p.topic.scale } : {}),
        ...(p.topic.urgency ? { urgency: p.topic.urgency } : {}),
        regionCode: p.place, address: p.address,
        applicant: p.applicant,
        ...(p.respondent ? { respondents: [p.respondent] } : {}),
        ...(p.onSite ? { resolvedOnSite: true, result: p.onSite } : {}),
      };
      try {
        const r = await intake(ctx, user, input, actorOf(user));
        ids.set(p.key, r.created!.id);
        rows.set(p.key, r.created!);
        done.cases++;
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        broken.add(p.key);
        done.refused.push({ key: p.key, action: 'report', message: e.message });
      }
      continue;
    }
    if (broken.has(p.key)) continue;
    const id = ids.get(p.key)!;
    const i = ev.intent;
    try {
      let c = rows.get(p.key)!;
      if (swept.has(id)) {
        c = (await casesRepo.byId(deps.db, id))!;
        swept.delete(id);
      }
      if (i.do === 'rate' && i.method === 'online') {
        await publicRate(ctx, { trackingCode: c.trackingCode, phone4: p.applicant.phone.slice(-4), satisfaction: i.satisfaction }, '127.0.0.1');
        rows.set(p.key, (await casesRepo.byId(deps.db, id))!);
        done.actions++;
        continue;
      }
      const office = byUnit.get(c.officeUnitId);
      const unit = c.assignedUnitId !== null ? byUnit.get(c.assignedUnitId) : undefined;
      let user: SessionUser | undefined = office;
      const input: ActionInput = { action: i.do as ActionInput['action'], version: c.version };
      switch (i.do) {
        case 'start': case 'feedback': case 'return': case 'request_extension':
          user = unit;
          break;
        case 'escalate':
          if (c.status === 'in_progress') user = unit;
          break;
        case 'reply_supervision':
          user = unit ?? office;
          break;
        case 'supervise': case 'urge':
          user = byName.get('leader');
          break;
        case 'report_in':
          user = byUnit.get(units.get(i.unit)!);
          break;
      }
      switch (i.do) {
        case 'reject': case 'escalate': case 'reopen': case 'return': input.reason = i.reason; break;
        case 'merge': input.primaryId = ids.get(i.primary); break;
        case 'assign': input.unitId = await assignee(deps.db, c, i.prefs, p.place, byUnit); break;
        case 'feedback': input.disposition = i.disposition; input.result = i.result; break;
        case 'verify': input.passed = i.passed; input.note = i.note; break;
        case 'rate': input.satisfaction = i.satisfaction; input.method = i.method; break;
        case 'close': input.note = i.note; break;
        case 'supervise': input.grade = i.grade; input.note = i.note; input.replyDueAt = new Date(now.getTime() + i.replyDays * 86_400_000); break;
        case 'reply_supervision': case 'urge': case 'report_in': input.note = i.note; break;
        case 'request_extension': input.days = i.days; input.reason = i.reason; break;
        case 'decide_extension': input.approve = i.approve; input.note = i.approve ? '同意延期' : '理由不充分，不予延期'; break;
        case 'whistle': input.unitIds = i.units.map((n) => units.get(n)!); input.dueAt = new Date(now.getTime() + i.hours * 3_600_000); input.reason = i.reason; break;
        case 'request_review': input.reason = i.reason; break;
        case 'decide_review': input.result = i.result; break;
      }
      if (!user) throw new AppError('UNPROCESSABLE', text('演示数据：无人可执行', `demo seed: nobody to ${i.do} in ${c.status}`));
      rows.set(p.key, await perform(ctx, user, id, input, actorOf(user)));
      done.actions++;
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      done.refused.push({ key: p.key, action: i.do, message: `${e.code} ${e.message}` });
    }
  }
  // up to the real now: the last sweeps, and the statistics folded into the rollup (what the server's timer does)
  await sweepUntil(end);
  now = end;
  await sweep({ db: deps.db, clock, timeZone: deps.timeZone });
  await sweepWarnings({ db: deps.db, clock });
  await compact(deps.db);
  return done;
}

/** The unit a case goes to: the first staffed one of the topic's units, else the office below on the place's chain (交办), else any staffed unit. */
async function assignee(db: Kysely<DB>, c: casesRepo.CaseRow, prefs: string[], place: string, byUnit: Map<number, SessionUser>) {
  const staffed = (await assignableUnits(db, c)).filter((u) => byUnit.has(u.id));
  const chosen = prefs.map((n) => staffed.find((u) => u.name === n)).find(Boolean)
    ?? staffed.find((u) => u.kind === 'office' && place.startsWith(u.regionCode))
    ?? staffed.find((u) => u.kind !== 'office')
    ?? staffed[0];
  return chosen?.id;
}
