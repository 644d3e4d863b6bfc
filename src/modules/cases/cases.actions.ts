// Every step of the loop goes through perform(): version check (412), the transition table
// (409 wrong state, 403 wrong caller), the action's own rules, then the new state, its timeline row,
// audit row and statistics delta in one transaction.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, text } from '../../http/errors.js';
import type { Actor } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/auth.service.js';
import * as repo from './cases.repo.js';
import { facts, hasParentOffice, relations, visibleCase, writeAction, writeDelta, type CasesCtx } from './cases.core.js';
import { check, higherLevel, nextState, ACTION_NAMES, TERMINAL, type CaseAction, type CaseState } from './cases.workflow.js';
import { DISPOSITIONS, SATISFACTION, RATING_METHODS, type Level } from './cases.codes.js';
import { stageClock } from '../deadlines/deadlines.js';

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
    const parent = await hasParentOffice(trx, c);
    const f = facts(c, parent);
    const verdict = check(f, input.action, relations(user, c));
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
        data.toOffice = target.unitName;
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
        }
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
        break;
      case 'reopen':
        need(input.reason?.trim(), 'reason', '请填写重新办理的原因', 'a reopening needs its reason');
        Object.assign(patch, { reopened: true, closedAt: null, assignedUnitId: null, assignedUserId: null, coUnitIds: [] });
        break;
      case 'archive':
        patch.archivedAt = now;
        break;
    }
    Object.assign(patch, await stageClock(trx, ctx.timeZone, c, to, input.action, now));
    const updated = (await trx
      .updateTable('cases')
      .set({ ...patch, version: c.version + 1, updatedAt: now })
      .where('id', '=', c.id)
      .where('version', '=', c.version)
      .returning(repo.caseCols)
      .executeTakeFirst()) as repo.CaseRow | undefined;
    if (!updated) throw new AppError('PRECONDITION_FAILED', text('案件已被他人更新，请刷新后重试', 'the case changed since you read it'));
    await writeAction(trx, ctx, updated, actor, user.unitId, { action: input.action, from: c.status, to, note, data, public: !['merge'].includes(input.action) });
    await writeDelta(trx, ctx, updated, metric);
    return updated;
  });
}

