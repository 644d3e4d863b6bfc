// Demo patrol logs (民情一日一巡查一记录) for the demo grid workers `grid` and `grid2`: the last few days,
// checklist answers, a sealed route, a finding or two, and one finding turned into a grid case. Written
// through the patrol service (createPatrol seals the route, findingToCase makes the case through intake),
// never by raw inserts, so the demo looks exactly like what the phone app produces. Idempotent: nothing is
// written when either worker already has a patrol log.
import { businessDate } from '../db/business-time.js';
import { systemActor, type Actor } from '../modules/audit/audit.service.js';
import { PolicyStore } from '../modules/auth/policy.js';
import { userFor, type SessionUser } from '../modules/auth/auth.service.js';
import * as authRepo from '../modules/auth/auth.repo.js';
import { SessionCache } from '../modules/auth/session-cache.js';
import { createPatrol, type PatrolsCtx } from '../modules/patrols/patrols.service.js';
import { findingToCase } from '../modules/patrols/patrols.findings.js';

export const DEMO_PATROL_WORKERS = ['grid', 'grid2'] as const;

interface Plan {
  worker: (typeof DEMO_PATROL_WORKERS)[number];
  gridCode: string;
  daysAgo: number;
  /** local start time, hh:mm */
  at: string;
  minutes: number;
  /** the grid's centre, for the route */
  centre: [number, number];
  checklist: string;
  problems: number[];
  notes: string;
  findings: string[];
  /** index of the finding that becomes a case */
  toCase?: number;
}

const XH1 = '150826100001001'; // 西环一网格
const XH2 = '150826100001002'; // 团结巷网格
const LT1 = '150825100001001'; // 蓝天1网格

const PLANS: Plan[] = [
  { worker: 'grid', gridCode: XH1, daysAgo: 3, at: '09:10', minutes: 70, centre: [40.8885, 107.1165], checklist: 'si_bi_kan', problems: [], notes: '走访幸福小区 3 号楼、5 号楼，楼道整洁，消防通道畅通。', findings: [] },
  { worker: 'grid', gridCode: XH2, daysAgo: 2, at: '15:20', minutes: 55, centre: [40.8855, 107.1195], checklist: 'si_bi_kan', problems: [2], notes: '团结巷平房区巡查，与两户老人拉家常，了解取暖情况。', findings: ['团结巷 12 号院外堆放大量柴草，紧邻电线杆，存在火灾隐患'], toCase: 0 },
  { worker: 'grid', gridCode: XH1, daysAgo: 1, at: '08:40', minutes: 65, centre: [40.8885, 107.1165], checklist: 'wu_bi_fang', problems: [], notes: '入户走访独居老人李大爷，身体尚可，已提醒冬季用电安全。', findings: ['2 号楼与 4 号楼住户因楼上漏水发生口角，已初步劝解，约定明日再协调'] },
  { worker: 'grid', gridCode: XH1, daysAgo: 0, at: '08:30', minutes: 50, centre: [40.8885, 107.1165], checklist: 'si_bi_kan', problems: [], notes: '早间巡查小区出入口和垃圾收集点，无异常。', findings: [] },
  { worker: 'grid2', gridCode: LT1, daysAgo: 2, at: '10:00', minutes: 60, centre: [41.0850, 107.0640], checklist: 'wu_bi_kan', problems: [3], notes: '蓝天社区 1 网格巡查，商铺门前三包落实较好。', findings: ['蓝天路与新华街交叉口井盖松动，过往车辆碾压有响声'] },
  { worker: 'grid2', gridCode: LT1, daysAgo: 1, at: '14:30', minutes: 45, centre: [41.0850, 107.0640], checklist: 'wu_bi_fang', problems: [], notes: '走访两户低保家庭，核实家庭人口和收入变化。', findings: [] },
  { worker: 'grid2', gridCode: LT1, daysAgo: 0, at: '09:00', minutes: 40, centre: [41.0850, 107.0640], checklist: 'si_bi_kan', problems: [], notes: '巡查小区消防设施，灭火器在有效期内。', findings: [] },
];

/** A walk around the centre: a point every 3 minutes, about 150 m each way. */
function route(centre: [number, number], start: Date, minutes: number) {
  const pts = [];
  for (let m = 0, i = 0; m <= minutes; m += 3, i++) {
    const a = (i / Math.max(1, minutes / 3)) * 2 * Math.PI;
    pts.push({ lat: Number((centre[0] + 0.0013 * Math.sin(a)).toFixed(6)), lng: Number((centre[1] + 0.0018 * Math.cos(a)).toFixed(6)), at: new Date(start.getTime() + m * 60_000).toISOString() });
  }
  return pts;
}

/** The instant of `day` (YYYY-MM-DD) at `hhmm` in the business time zone. */
function localInstant(day: string, hhmm: string, timeZone: string) {
  const guess = new Date(`${day}T${hhmm}:00Z`);
  // the zone's offset at that moment (no DST in China, but do it properly)
  const shown = new Date(guess.toLocaleString('en-US', { timeZone }));
  const utc = new Date(guess.toLocaleString('en-US', { timeZone: 'UTC' }));
  return new Date(guess.getTime() - (shown.getTime() - utc.getTime()));
}

const shiftDay = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

async function workerUser(ctx: PatrolsCtx, username: string): Promise<SessionUser | null> {
  const account = await authRepo.userByUsername(ctx.db, username);
  if (!account) return null;
  const roles = await authRepo.assignmentsOf(ctx.db, account.id);
  const role = roles.find((r) => r.role === 'grid_worker');
  if (!role) return null;
  const authCtx = { db: ctx.db, clock: ctx.clock, policy: new PolicyStore(ctx.db, ctx.clock), requireAdminTotp: false, sessions: new SessionCache() };
  return userFor(authCtx, account.id, role.id, 'session');
}

/** Seeds the demo patrols; returns how many logs it wrote (0 when the workers already have some). */
export async function seedDemoPatrols(ctx: PatrolsCtx): Promise<{ patrols: number; cases: number }> {
  const users = new Map<string, SessionUser>();
  for (const name of DEMO_PATROL_WORKERS) {
    const u = await workerUser(ctx, name);
    if (u) users.set(name, u);
  }
  if (!users.size) return { patrols: 0, cases: 0 };
  const existing = await ctx.db.selectFrom('patrolLogs').select('id').where('workerId', 'in', [...users.values()].map((u) => u.id)).limit(1).executeTakeFirst();
  if (existing) return { patrols: 0, cases: 0 };

  const checklists = await ctx.db.selectFrom('patrolChecklists').select(['id', 'code', 'items']).execute();
  const now = ctx.clock.now();
  const today = businessDate(now, ctx.timeZone);
  let patrols = 0;
  let cases = 0;
  for (const p of PLANS) {
    const user = users.get(p.worker);
    const list = checklists.find((c) => c.code === p.checklist) ?? checklists[0];
    if (!user || !list) continue;
    let startedAt = localInstant(shiftDay(today, p.daysAgo), p.at, ctx.timeZone);
    // today's round, seeded before its planned hour: it happened earlier this morning; in the small hours, not yet
    const latest = new Date(now.getTime() - (p.minutes + 5) * 60_000);
    if (startedAt > latest) startedAt = latest;
    if (businessDate(startedAt, ctx.timeZone) !== shiftDay(today, p.daysAgo)) continue;
    const endedAt = new Date(startedAt.getTime() + p.minutes * 60_000);
    const actor: Actor = { ...systemActor('demo-seed'), actorId: user.id, actorName: `${user.username} (demo-seed)`, role: user.role, regionId: user.regionId };
    const pts = route(p.centre, startedAt, p.minutes);
    const last = pts[Math.floor(pts.length / 2)];
    const made = await createPatrol(ctx, user, {
      gridCode: p.gridCode, startedAt, endedAt, route: pts, checklistIds: [list.id],
      answers: Object.fromEntries(list.items.map((item, i) => [item.key, p.problems.includes(i) ? { ok: false, note: '已当场提醒整改' } : { ok: true }])),
      notes: p.notes,
      findings: p.findings.map((description) => ({ description, lat: last.lat, lng: last.lng })),
    }, actor);
    patrols++;
    if (p.toCase !== undefined) {
      const body = made.body as { id: number; findings: { id: number }[] };
      await findingToCase(ctx, user, body.id, body.findings[p.toCase].id, { applicantPhone: '13904780012', urgency: 'urgent' }, actor);
      cases++;
    }
  }
  return { patrols, cases };
}
