// 限期处理: each stage of a case runs on a clock set when the case enters it (accept, handle, verify,
// rate), from the most specific deadline rule, on the working-day calendar. The sweep fires the yellow
// warning at 75% of the time, the red mark when overdue, and closes unrated cases — each exactly once,
// because the mark row is inserted first and only its inserter goes on.
import { publishCase } from '../live/bus.js';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../db/business-time.js';
import { dueAfter, type Calendar } from '../calendar/calendar.js';
import { record, systemActor } from '../audit/audit.service.js';
import type { SmsSender } from '../notify/sms.js';
import { smsForNotices, smsToApplicant, closedText } from '../notify/notify.js';

const NOTICE_COLS = ['id', 'unitId', 'userId', 'caseId', 'kind', 'title'] as const;
import { caseCols, type CaseRow } from '../cases/cases.repo.js';
import { writeDelta } from '../cases/cases.core.js';

export type Stage = 'accept' | 'handle' | 'verify' | 'rate';
/** deadline rules also hold the petition review clocks (cases.petition.ts) */
export type RuleStage = Stage | 'review_request' | 'review' | 'rereview_request' | 'rereview';
export const YELLOW_AT = 0.75;

export function stageOf(status: string): Stage | null {
  if (status === 'reported' || status === 'filed') return 'accept';
  if (status === 'assigned' || status === 'in_progress') return 'handle';
  if (status === 'to_verify') return 'verify';
  if (status === 'verified') return 'rate';
  return null;
}

/** Actions after which the stage clock starts again even if the stage name stays the same. */
const RESTART = new Set(['return', 'escalate', 'take_over', 'verify', 'reopen', 'report']);

export async function loadCalendar(db: Kysely<DB>): Promise<Calendar> {
  const [years, days] = await Promise.all([
    db.selectFrom('calendarYears').select('year').execute(),
    db.selectFrom('calendarDays').select(['day', 'kind']).execute(),
  ]);
  return {
    years: new Set(years.map((y) => y.year)),
    holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.day)),
    workdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.day)),
  };
}

export async function ruleFor(db: Kysely<DB>, stage: RuleStage, category: string, urgency: string) {
  return db
    .selectFrom('deadlineRules')
    .selectAll()
    .where('stage', '=', stage)
    .where((eb) => eb.or([eb('category', 'is', null), eb('category', '=', category)]))
    .where((eb) => eb.or([eb('urgency', 'is', null), eb('urgency', '=', urgency)]))
    .orderBy(sql`(urgency is not null)`, 'desc')
    .orderBy(sql`(category is not null)`, 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The stage fields a case gets when it moves to `status` by `action` at `now`. */
export async function stageClock(db: Kysely<DB>, timeZone: string, c: Pick<CaseRow, 'stage' | 'stageSeq' | 'category' | 'urgency'>, status: string, action: string, now: Date) {
  const stage = stageOf(status);
  if (!stage) return { stage: null, stageDueAt: null, stageStartedAt: null, stageDueProvisional: false };
  if (stage === c.stage && !RESTART.has(action)) return {};
  const rule = await ruleFor(db, stage, c.category, c.urgency);
  if (!rule) return { stage, stageSeq: c.stageSeq + 1, stageStartedAt: now, stageDueAt: null, stageDueProvisional: false };
  const due = dueAfter(now, rule.amount, rule.unit, await loadCalendar(db), timeZone);
  return { stage, stageSeq: c.stageSeq + 1, stageStartedAt: now, stageDueAt: due.dueAt, stageDueProvisional: due.provisional };
}

/** 'normal' | 'yellow' (75% of the time used) | 'red' (overdue), for screens. */
export function dueState(c: { stageStartedAt: Date | null; stageDueAt: Date | null }, now: Date): 'none' | 'normal' | 'yellow' | 'red' {
  if (!c.stageDueAt || !c.stageStartedAt) return 'none';
  const t = now.getTime();
  if (t >= c.stageDueAt.getTime()) return 'red';
  const start = c.stageStartedAt.getTime();
  return t >= start + (c.stageDueAt.getTime() - start) * YELLOW_AT ? 'yellow' : 'normal';
}

const KIND_TEXT = { yellow: '即将到期（黄色预警）', red: '已超期（红色预警）', auto_close: '超过评价期限，自动结案' } as const;

export interface SweepCtx {
  db: Kysely<DB>;
  clock: Clock;
  /** SMS adapter: red marks and lapses also go by SMS (modules/notify); none: no SMS */
  sms?: SmsSender;
  /** business time zone (statistics dates); Asia/Shanghai when not given */
  timeZone?: string;
}

/** Fire what came due. Safe to run from several processes at once: a mark is inserted by exactly one. */
export async function sweep(ctx: SweepCtx): Promise<{ yellow: number; red: number; autoClosed: number; supervisionLapsed: number; summonsLapsed: number; reviewLapsed: number }> {
  const now = ctx.clock.now();
  const fired = { yellow: 0, red: 0, autoClosed: 0, supervisionLapsed: 0, summonsLapsed: 0, reviewLapsed: 0 };
  // supervision orders not answered in time, and summoned departments that did not report in: an
  // UPDATE … WHERE lapsed_at IS NULL marks each once, whoever sweeps
  await ctx.db.transaction().execute(async (trx) => {
    const sup = await trx
      .updateTable('caseSupervisions')
      .set({ lapsedAt: now })
      .where('repliedAt', 'is', null)
      .where('lapsedAt', 'is', null)
      .where('replyDueAt', '<=', now)
      .returning(['id', 'caseId', 'issuedBy', 'grade'])
      .execute();
    for (const s of sup) {
      await trx.insertInto('caseActions').values({ caseId: s.caseId, at: now, actorName: '系统', action: 'warn_supervision', fromStatus: null, toStatus: (await caseStatus(trx, s.caseId)), note: '督办逾期未回复', public: false }).execute();
      const n = await trx.insertInto('notifications').values({ userId: s.issuedBy, caseId: s.caseId, kind: 'supervision_lapsed', title: '督办逾期未回复', createdAt: now }).returning(NOTICE_COLS).execute();
      await smsForNotices(trx, ctx.sms, now, n);
    }
    fired.supervisionLapsed = sup.length;
    const sum = await trx
      .updateTable('caseSummons')
      .set({ lapsedAt: now })
      .where('reportedAt', 'is', null)
      .where('lapsedAt', 'is', null)
      .where('dueAt', '<=', now)
      .returning(['id', 'caseId', 'unitId'])
      .execute();
    for (const s of sum) {
      const c = await trx.selectFrom('cases').select(['officeUnitId', 'status']).where('id', '=', s.caseId).executeTakeFirstOrThrow();
      await trx.insertInto('caseActions').values({ caseId: s.caseId, at: now, actorName: '系统', action: 'warn_summons', fromStatus: c.status, toStatus: c.status, note: '被召集部门逾期未报到（红色）', data: JSON.stringify({ unitId: s.unitId }), public: false }).execute();
      const n = await trx.insertInto('notifications').values([{ unitId: c.officeUnitId, caseId: s.caseId, kind: 'summons_lapsed', title: '有部门逾期未报到', createdAt: now }, { unitId: s.unitId, caseId: s.caseId, kind: 'summons_lapsed', title: '吹哨报到已逾期', createdAt: now }]).returning(NOTICE_COLS).execute();
      await smsForNotices(trx, ctx.sms, now, n);
    }
    fired.summonsLapsed = sum.length;
    // 信访复查/复核 requests not answered in time (cases.petition.ts)
    const rev = await trx
      .updateTable('caseReviews')
      .set({ lapsedAt: now })
      .where('decidedAt', 'is', null)
      .where('lapsedAt', 'is', null)
      .where('decideDueAt', '<=', now)
      .returning(['id', 'caseId', 'kind'])
      .execute();
    for (const r of rev) {
      const c = await trx.selectFrom('cases').select(['officeUnitId', 'status', 'caseNumber']).where('id', '=', r.caseId).executeTakeFirstOrThrow();
      const what = r.kind === 'review' ? '复查' : '复核';
      await trx.insertInto('caseActions').values({ caseId: r.caseId, at: now, actorName: '系统', action: 'warn_review', fromStatus: c.status, toStatus: c.status, note: `信访${what}逾期未答复`, data: JSON.stringify({ kind: r.kind }), public: false }).execute();
      const n = await trx.insertInto('notifications').values({ unitId: c.officeUnitId, caseId: r.caseId, kind: 'review_lapsed', title: `${c.caseNumber} 信访${what}逾期未答复`, createdAt: now }).returning(NOTICE_COLS).execute();
      await smsForNotices(trx, ctx.sms, now, n);
    }
    fired.reviewLapsed = rev.length;
  });
  const candidates = await ctx.db
    .selectFrom('cases')
    .select(['id', 'caseNumber', 'trackingCode', 'title', 'stage', 'stageSeq', 'stageStartedAt', 'stageDueAt', 'officeUnitId', 'assignedUnitId', 'status'])
    .where('stageDueAt', 'is not', null)
    .where(sql<boolean>`fq_yellow_at(stage_started_at, stage_due_at) <= ${now}`) // indexed: cases_stage_yellow (YELLOW_AT = 0.75)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('caseDeadlineMarks').select('caseId').whereRef('caseDeadlineMarks.caseId', '=', 'cases.id').whereRef('caseDeadlineMarks.stageSeq', '=', 'cases.stageSeq').where('kind', 'in', ['red', 'auto_close']))),
    )
    .orderBy('stageDueAt')
    .limit(1000)
    .execute();
  for (const c of candidates) {
    const overdue = c.stageDueAt! <= now;
    const kind = c.stage === 'rate' ? (overdue ? 'auto_close' : null) : overdue ? 'red' : 'yellow';
    if (!kind) continue;
    const autoClosed: CaseRow[] = [];
    await ctx.db.transaction().execute(async (trx) => {
      const mark = await trx
        .insertInto('caseDeadlineMarks')
        .values({ caseId: c.id, stageSeq: c.stageSeq, kind, firedAt: now })
        .onConflict((oc) => oc.columns(['caseId', 'stageSeq', 'kind']).doNothing())
        .returning('kind')
        .executeTakeFirst();
      if (!mark) return; // someone else fired it
      const actor = systemActor('deadline-sweep');
      if (kind === 'auto_close') {
        const closed = await trx
          .updateTable('cases')
          .set({ status: 'closed', closedAt: now, updatedAt: now, stage: null, stageDueAt: null, version: sql`version + 1` })
          .where('id', '=', c.id)
          .where('status', '=', 'verified')
          .where('stageSeq', '=', c.stageSeq)
          .returning(caseCols)
          .executeTakeFirst();
        if (!closed) return;
        autoClosed.push(closed as CaseRow);
        await writeDelta(trx, { clock: ctx.clock, timeZone: ctx.timeZone ?? 'Asia/Shanghai' }, closed as CaseRow, 'closed');
        await trx.insertInto('caseActions').values({ caseId: c.id, at: now, actorName: '系统', action: 'close', fromStatus: 'verified', toStatus: 'closed', note: '超过评价期限未评价，自动结案（未评价）', public: true }).execute();
        await record(trx, actor, { action: 'case.close', objectType: 'case', objectId: c.id, details: { auto: true } }, now);
        await smsToApplicant(trx, ctx.sms, now, c.id, 'closed', closedText(c.caseNumber, c.trackingCode));
        fired.autoClosed++;
      } else {
        await trx.insertInto('caseActions').values({ caseId: c.id, at: now, actorName: '系统', action: `warn_${kind}`, fromStatus: c.status, toStatus: c.status, note: KIND_TEXT[kind], public: false }).execute();
        fired[kind]++;
      }
      const units = [...new Set([c.officeUnitId, c.assignedUnitId].filter((u): u is number => u !== null))];
      const n = await trx
        .insertInto('notifications')
        .values(units.map((unitId) => ({ unitId, caseId: c.id, kind, title: `${c.caseNumber} ${KIND_TEXT[kind]}`, body: c.title, createdAt: now })))
        .returning(NOTICE_COLS)
        .execute();
      await smsForNotices(trx, ctx.sms, now, n);
    });
    for (const closed of autoClosed) publishCase(closed, 'close', now); // after the commit: the dashboard hears it
  }
  return fired;
}

const caseStatus = async (q: Kysely<DB>, id: number) => (await q.selectFrom('cases').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
