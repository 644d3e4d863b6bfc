// Every step of the loop goes through perform(): version check (412), the transition table
// (409 wrong state, 403 wrong caller), the action's own rules, then the new state, its timeline row,
// audit row and statistics delta in one transaction.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, text } from '../../http/errors.js';
import type { Actor } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/auth.service.js';
import * as repo from './cases.repo.js';
import { decide, visibleCase, writeAction, writeTransition, type CasesCtx } from './cases.core.js';
import { check, higherLevel, nextState, ACTION_NAMES, TERMINAL, type CaseAction, type CaseState } from './cases.workflow.js';
import { DISPOSITIONS, SATISFACTION, RATING_METHODS, type Level } from './cases.codes.js';
import { loadCalendar, stageClock } from '../deadlines/deadlines.js';
import { dueAfter } from '../calendar/calendar.js';
import { smsForNotices, smsToApplicant, closedText, closingText } from '../notify/notify.js';
import { petitionStep } from './cases.petition.js';

export interface ActionInput {
  action: CaseAction;
  version: number;
  note?: string;
  reason?: string;
  unitId?: number;
  userId?: number;
  coUnitIds?: number[];
  primaryId?: number;
  result?: string;
  disposition?: string;
  passed?: boolean;
  satisfaction?: keyof typeof SATISFACTION;
  method?: keyof typeof RATING_METHODS;
  grade?: 'normal' | 'yellow' | 'red';
  replyDueAt?: Date;
  days?: number;
  approve?: boolean;
  unitIds?: number[];
  dueAt?: Date;
}

const GRADE_NAMES = { normal: '普通督办', yellow: '黄牌督办', red: '红牌督办' } as const;

/** An inbox item, and its SMS when its kind goes by SMS (modules/notify), in the caller's transaction. */
async function notify(trx: Kysely<DB>, sms: CasesCtx['sms'], now: Date, c: repo.CaseRow, to: { unitId?: number | null; userId?: number | null }, kind: string, title: string, body?: string | null) {
  if (!to.unitId && !to.userId) return;
  const n = await trx.insertInto('notifications').values({ unitId: to.unitId ?? null, userId: to.userId ?? null, caseId: c.id, kind, title: `${c.caseNumber} ${title}`, body: body ?? c.title, createdAt: now }).returning(['id', 'unitId', 'userId', 'caseId', 'kind', 'title']).execute();
  await smsForNotices(trx, sms, now, n);
}

const need = (cond: unknown, path: string, zh: string, en: string) => {
  if (!cond) throw new AppError('VALIDATION', text(zh, en), { fields: [{ path, message: en }] });
};

/** Units an office may assign to: its own region's units, and the offices of the regions directly below. */
export async function assignableUnits(q: Kysely<DB>, c: repo.CaseRow) {
  const rows = await q
    .selectFrom('units')
    .innerJoin('regions', 'regions.id', 'units.regionId')
    .select(['units.id', 'units.name', 'units.kind', 'regions.code as regionCode', 'regions.name as regionName'])
    .where('units.status', '=', 'active')
    .where('units.id', '!=', c.officeUnitId)
    .where((eb) => eb.or([eb('units.regionId', '=', c.officeRegionId), eb.and([eb('regions.parentId', '=', c.officeRegionId), eb('units.kind', '=', 'office')])]))
    .orderBy('regions.code')
    .orderBy('units.id')
    .execute();
  return rows.filter((u) => !c.avoidUnitIds.includes(u.id));
}

export async function perform(ctx: CasesCtx, user: SessionUser, id: number, input: ActionInput, actor: Actor) {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await visibleCase(trx, user, id, true);
    if (c.version !== input.version)
      throw new AppError('PRECONDITION_FAILED', text('案件已被他人更新，请刷新后重试', 'the case changed since you read it: reload and retry'), { currentVersion: c.version });
    if (TERMINAL.includes(c.status as CaseState))
      throw new AppError('CONFLICT', text(`案件${c.status === 'archived' ? '已归档' : '已终结'}，不能再操作`, `the case is ${c.status}: no further action`), { status: c.status });
    const { facts: f, relations: rel } = await decide(trx, user, c);
    const verdict = check(f, input.action, rel);
    if (!verdict.ok) {
      if (verdict.why === 'who')
        throw new AppError('FORBIDDEN', text(`您不能对此案件执行“${ACTION_NAMES[input.action]}”`, `you may not ${input.action} this case`), { action: input.action });
      throw new AppError('CONFLICT', text(`案件当前状态不能执行“${ACTION_NAMES[input.action]}”`, verdict.message), { action: input.action, status: c.status });
    }
    const to = nextState(verdict.transition, f, input);
    const now = ctx.clock.now();
    const patch: Partial<repo.CaseRow> = { status: to };
    let note = input.note ?? input.reason ?? null;
    const data: Record<string, unknown> = {};
    let metric: string = input.action;

    switch (input.action) {
      case 'file':
        patch.filedAt = now;
        break;
      case 'reject':
        need(input.reason?.trim(), 'reason', '请填写不予受理的理由', 'a refusal needs its reason');
        break;
      case 'merge': {
        need(input.primaryId, 'primaryId', '请选择要合并到的主案件', 'choose the primary case');
        if (input.primaryId === c.id) throw new AppError('UNPROCESSABLE', text('不能合并到自身', 'a case cannot merge into itself'));
        const primary = await visibleCase(trx, user, input.primaryId!);
        if (TERMINAL.includes(primary.status as CaseState)) throw new AppError('UNPROCESSABLE', text('主案件已终结', 'the primary case is closed for changes'));
        patch.mergedIntoId = primary.id;
        data.primaryCaseNumber = primary.caseNumber;
        // the applicant follows the primary: their party rows are copied to it as co-applicants
        const applicants = (await repo.parties(trx, c.id)).filter((p) => p.role === 'applicant');
        if (applicants.length)
          await trx.insertInto('caseParties').values(applicants.map(({ id: _id, caseId: _c, ...p }) => ({ ...p, caseId: primary.id, isRepresentative: false }))).execute();
        await writeAction(trx, ctx, primary, actor, user.unitId, { action: 'merge', from: primary.status, to: primary.status, note: `合并案件 ${c.caseNumber}`, data: { mergedCaseNumber: c.caseNumber } });
        break;
      }
      case 'assign': {
        need(input.unitId, 'unitId', '请选择承办单位', 'choose the unit');
        const allowed = await assignableUnits(trx, c);
        const ids = [input.unitId!, ...(input.coUnitIds ?? [])];
        for (const uid of ids)
          if (!allowed.some((u) => u.id === uid))
            throw new AppError('UNPROCESSABLE', text('只能指派给本级单位或下级办公室（涉及回避的单位除外）', 'assign only to this office\'s units or a lower office (not a unit the case concerns)'), { unitId: uid });
        if (input.userId) {
          const holds = await trx.selectFrom('userRoles').select('id').where('userId', '=', input.userId).where('unitId', '=', input.unitId!).executeTakeFirst();
          if (!holds) throw new AppError('UNPROCESSABLE', text('该人员不属于所选单位', 'that person is not in the chosen unit'));
        }
        patch.assignedUnitId = input.unitId!;
        patch.assignedUserId = input.userId ?? null;
        patch.coUnitIds = input.coUnitIds ?? [];
        data.unit = allowed.find((u) => u.id === input.unitId)!.name;
        data.unitId = input.unitId;
        break;
      }
      case 'start':
        patch.assignedUserId = c.assignedUserId ?? user.id;
        break;
      case 'return':
        need(input.reason?.trim(), 'reason', '请填写退回理由', 'a return needs its reason');
        Object.assign(patch, { assignedUnitId: null, assignedUserId: null, coUnitIds: [] });
        break;
      case 'escalate':
      case 'take_over': {
        if (input.action === 'escalate') need(input.reason?.trim(), 'reason', '请填写上报理由', 'an escalation needs its reason');
        const offices = (await repo.officeFor(trx, c.officePath)).filter((o) => !c.avoidUnitIds.includes(o.unitId));
        const target = input.action === 'escalate' ? offices.find((o) => o.path.length < c.officePath.length) : offices.find((o) => o.unitId === user.unitId);
        if (!target) throw new AppError('UNPROCESSABLE', text('没有可上报的上级办公室', 'there is no office above to take the case'));
        Object.assign(patch, {
          level: target.level as Level, officeUnitId: target.unitId, officeRegionId: target.regionId, officePath: target.path,
          highestLevel: higherLevel(c.highestLevel, target.level), assignedUnitId: null, assignedUserId: null, coUnitIds: [],
        });
        Object.assign(data, { toOffice: target.unitName, level: target.level, officeUnitId: target.unitId });
        break;
      }
      case 'feedback':
        need(input.result?.trim(), 'result', '请填写办理结果', 'feedback needs the result');
        need(input.disposition && (DISPOSITIONS as readonly string[]).includes(input.disposition), 'disposition', `处理结果类型须为：${DISPOSITIONS.join('、')}`, 'unknown disposition');
        Object.assign(patch, { result: input.result!.trim(), disposition: input.disposition });
        note = input.result!.trim();
        data.disposition = input.disposition;
        break;
      case 'verify':
        need(typeof input.passed === 'boolean', 'passed', '请选择核查是否通过', 'say whether the verification passed');
        data.passed = input.passed;
        if (!input.passed) {
          patch.reworkCount = c.reworkCount + 1;
          metric = 'rework';
        } else await smsToApplicant(trx, ctx.sms, now, c.id, 'verified', closingText(c.caseNumber, c.trackingCode));
        break;
      case 'rate':
        need(input.satisfaction && input.satisfaction in SATISFACTION, 'satisfaction', '请选择满意度', 'choose a satisfaction value');
        need(input.method && input.method in RATING_METHODS, 'method', '请选择回访方式', 'choose how the rating was taken');
        Object.assign(patch, { satisfaction: input.satisfaction, ratingMethod: input.method, ratedAt: now, closedAt: now });
        data.satisfaction = input.satisfaction;
        metric = 'closed';
        break;
      case 'close':
        need(note?.trim(), 'note', '请说明未评价结案的原因（如联系不上申请人）', 'say why the case closes without a rating');
        patch.closedAt = now;
        metric = 'closed';
        await smsToApplicant(trx, ctx.sms, now, c.id, 'closed', closedText(c.caseNumber, c.trackingCode));
        break;
      case 'reopen':
        need(input.reason?.trim(), 'reason', '请填写重新办理的原因', 'a reopening needs its reason');
        Object.assign(patch, { reopened: true, closedAt: null, assignedUnitId: null, assignedUserId: null, coUnitIds: [] });
        break;
      case 'archive':
        patch.archivedAt = now;
        break;
      case 'supervise': {
        need(input.grade, 'grade', '请选择督办级别', 'choose the grade');
        need(input.replyDueAt && input.replyDueAt > now, 'replyDueAt', '回复期限须晚于现在', 'the reply is due in the future');
        await trx.insertInto('caseSupervisions').values({ caseId: c.id, grade: input.grade!, note: input.note ?? null, replyDueAt: input.replyDueAt!, issuedBy: user.id, issuedAt: now }).execute();
        await notify(trx, ctx.sms, now, c, { unitId: c.assignedUnitId ?? c.officeUnitId }, `supervise_${input.grade}`, `收到${GRADE_NAMES[input.grade!]}，请按期回复`, input.note);
        Object.assign(data, { grade: input.grade, replyDueAt: input.replyDueAt });
        note = `${GRADE_NAMES[input.grade!]}${input.note ? `：${input.note}` : ''}`;
        metric = 'supervised';
        break;
      }
      case 'reply_supervision': {
        need(input.note?.trim(), 'note', '请填写回复内容', 'write the reply');
        const open = await trx.selectFrom('caseSupervisions').select(['id', 'issuedBy']).where('caseId', '=', c.id).where('repliedAt', 'is', null).orderBy('id').limit(1).executeTakeFirst();
        if (!open) throw new AppError('CONFLICT', text('督办已回复', 'the supervision order has been answered'));
        await trx.updateTable('caseSupervisions').set({ reply: input.note!, repliedAt: now, repliedBy: user.id }).where('id', '=', open.id).where('repliedAt', 'is', null).execute();
        await notify(trx, ctx.sms, now, c, { userId: open.issuedBy }, 'supervision_reply', '督办已回复', input.note);
        data.supervisionId = open.id;
        metric = 'supervision_replied';
        break;
      }
      case 'urge':
        await notify(trx, ctx.sms, now, c, { unitId: c.assignedUnitId ?? c.officeUnitId }, 'urge', '催办：请抓紧办理', input.note);
        metric = 'urged';
        break;
      case 'request_extension': {
        const petition = c.category === 'petition' || c.channel === 'petition';
        const max = petition ? 30 : 60;
        need(input.days && input.days > 0 && input.days <= max, 'days', `延期天数须为 1–${max} 天`, `extend by 1–${max} days`);
        need(input.reason?.trim(), 'reason', '请填写延期理由', 'an extension needs its reason');
        if (petition) {
          const before = await trx.selectFrom('caseExtensions').select('id').where('caseId', '=', c.id).where('approved', '=', true).executeTakeFirst();
          if (before) throw new AppError('CONFLICT', text('信访事项只能延期一次', 'a petition is extended at most once'));
        }
        await trx.insertInto('caseExtensions').values({ caseId: c.id, days: input.days!, reason: input.reason!, requestedBy: user.id, requestedAt: now }).execute();
        await notify(trx, ctx.sms, now, c, { unitId: c.officeUnitId }, 'extension_request', `申请延期 ${input.days} 天`, input.reason);
        data.days = input.days;
        metric = 'extension_requested';
        break;
      }
      case 'decide_extension': {
        need(typeof input.approve === 'boolean', 'approve', '请选择是否同意', 'approve or refuse');
        const req = (await trx.selectFrom('caseExtensions').selectAll().where('caseId', '=', c.id).where('approved', 'is', null).executeTakeFirst())!;
        await trx.updateTable('caseExtensions').set({ approved: input.approve!, decidedBy: user.id, decidedAt: now, note: input.note ?? null }).where('id', '=', req.id).execute();
        if (input.approve && c.stageDueAt) {
          // the deadline moves only on approval; a new stage sequence lets warnings fire again for the new date
          const petition = c.category === 'petition' || c.channel === 'petition';
          const due = dueAfter(c.stageDueAt, req.days, petition ? 'calendar_days' : 'working_days', await loadCalendar(trx), ctx.timeZone);
          Object.assign(patch, { stageDueAt: due.dueAt, stageDueProvisional: due.provisional, stageSeq: c.stageSeq + 1 });
        }
        await notify(trx, ctx.sms, now, c, { unitId: c.assignedUnitId }, 'extension_decision', input.approve ? `延期 ${req.days} 天已批准` : '延期申请未批准', input.note);
        Object.assign(data, { approve: input.approve, days: req.days });
        metric = input.approve ? 'extension_approved' : 'extension_refused';
        break;
      }
      case 'whistle': {
        need(input.unitIds?.length, 'unitIds', '请选择要召集的部门', 'choose the departments to summon');
        need(input.reason?.trim(), 'reason', '请填写吹哨事由', 'say why');
        need(input.dueAt && input.dueAt > now, 'dueAt', '报到期限须晚于现在', 'the report-in time is in the future');
        const units = await repo.unitsByIds(trx, input.unitIds!);
        if (units.length !== input.unitIds!.length || units.some((u) => u.kind === 'office' || c.avoidUnitIds.includes(u.id)))
          throw new AppError('UNPROCESSABLE', text('只能召集职能部门（涉及回避的单位除外）', 'only departments can be summoned (not a unit the case concerns)'));
        await trx.insertInto('caseSummons').values(units.map((u) => ({ caseId: c.id, unitId: u.id, reason: input.reason!, dueAt: input.dueAt!, summonedAt: now }))).execute();
        for (const u of units) await notify(trx, ctx.sms, now, c, { unitId: u.id }, 'whistle', `社区吹哨：请于期限前报到`, input.reason);
        Object.assign(data, { units: units.map((u) => u.name), dueAt: input.dueAt });
        metric = 'whistled';
        break;
      }
      case 'request_review':
      case 'decide_review':
      case 'request_rereview':
      case 'decide_rereview': {
        const step = await petitionStep(trx, ctx, c, input.action, input, user.id, now);
        note = step.note;
        Object.assign(data, step.data);
        metric = step.metric;
        break;
      }
      case 'report_in':
        await trx.updateTable('caseSummons').set({ reportedAt: now, note: input.note ?? null }).where('caseId', '=', c.id).where('unitId', '=', user.unitId!).where('reportedAt', 'is', null).execute();
        await notify(trx, ctx.sms, now, c, { unitId: c.officeUnitId }, 'report_in', '部门已报到', input.note);
        metric = 'reported_in';
        break;
    }
    Object.assign(patch, await stageClock(trx, ctx.timeZone, c, to, input.action, now));
    // the due cohort (应结案) follows the current handle deadline; the timeline keeps it for the statistics rebuild
    const handleDue = ('stage' in patch ? patch.stage : c.stage) === 'handle' ? ('stageDueAt' in patch ? patch.stageDueAt! : c.stageDueAt) : c.handleDueAt;
    if ((handleDue?.getTime() ?? null) !== (c.handleDueAt?.getTime() ?? null)) {
      patch.handleDueAt = handleDue;
      data.handleDueAt = handleDue;
    }
    const updated = (await trx
      .updateTable('cases')
      .set({ ...patch, version: c.version + 1, updatedAt: now })
      .where('id', '=', c.id)
      .where('version', '=', c.version)
      .returning(repo.caseCols)
      .executeTakeFirst()) as repo.CaseRow | undefined;
    if (!updated) throw new AppError('PRECONDITION_FAILED', text('案件已被他人更新，请刷新后重试', 'the case changed since you read it'));
    await writeAction(trx, ctx, updated, actor, user.unitId, { action: input.action, from: c.status, to, note, data, public: !['merge'].includes(input.action) });
    await writeTransition(trx, ctx, c, updated, { action: input.action, from: c.status, to, at: now, metric });
    return updated;
  });
}

