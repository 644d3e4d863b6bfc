// What a citizen can do without an account: track a case with its code and the last four digits of the
// applicant's phone (a wrong pair answers 404, like an unknown code), and rate it once.
import { AppError, notFound, text } from '../../http/errors.js';
import { systemActor } from '../audit/audit.service.js';
import * as repo from './cases.repo.js';
import { writeAction, writeDelta, type CasesCtx } from './cases.core.js';
import { ACTION_NAMES, STATE_NAMES, type CaseState } from './cases.workflow.js';
import { CATEGORIES, SATISFACTION } from './cases.codes.js';

const notFoundCase = () => notFound(text('未找到该案件：请核对查询码和手机号后四位', 'no case matches this code and phone digits'));

async function byCodeAndPhone(ctx: CasesCtx, trackingCode: string, phone4: string) {
  const c = await repo.byTrackingCode(ctx.db, trackingCode.trim().toUpperCase());
  if (!c || !c.applicantPhone4 || c.applicantPhone4 !== phone4) throw notFoundCase();
  return c;
}

export async function track(ctx: CasesCtx, trackingCode: string, phone4: string) {
  const c = await byCodeAndPhone(ctx, trackingCode, phone4);
  const office = (await repo.unitsByIds(ctx.db, [c.officeUnitId]))[0];
  const steps = await repo.timeline(ctx.db, c.id, true);
  return {
    caseNumber: c.caseNumber,
    trackingCode: c.trackingCode,
    title: c.title,
    categoryName: CATEGORIES[c.category as keyof typeof CATEGORIES],
    status: c.status,
    statusName: STATE_NAMES[c.status as CaseState],
    officeName: office?.name ?? null,
    createdAt: c.createdAt,
    closedAt: c.closedAt,
    result: ['verified', 'closed', 'archived'].includes(c.status) ? c.result : null,
    canRate: c.status === 'verified' && !c.satisfaction,
    satisfactionName: c.satisfaction ? SATISFACTION[c.satisfaction as keyof typeof SATISFACTION] : null,
    // no internal notes, no names: what happened and when
    timeline: steps.map((s) => ({ at: s.at, actionName: ACTION_NAMES[s.action as keyof typeof ACTION_NAMES] ?? s.action, statusName: STATE_NAMES[s.toStatus as CaseState] })),
  };
}

export async function rate(ctx: CasesCtx, input: { trackingCode: string; phone4: string; satisfaction: keyof typeof SATISFACTION; comment?: string }, ip: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const found = await byCodeAndPhone({ ...ctx, db: trx }, input.trackingCode, input.phone4);
    const c = (await repo.byIdForUpdate(trx, found.id))!;
    if (c.satisfaction) throw new AppError('CONFLICT', text('该案件已评价过', 'this case has already been rated'));
    if (c.status !== 'verified') throw new AppError('CONFLICT', text('案件尚未办结，暂不能评价', 'the case is not ready to be rated yet'), { status: c.status });
    const now = ctx.clock.now();
    const updated = (await trx
      .updateTable('cases')
      .set({ status: 'closed', satisfaction: input.satisfaction, ratingMethod: 'online', ratedAt: now, closedAt: now, updatedAt: now, version: c.version + 1, stage: null, stageDueAt: null, stageStartedAt: null })
      .where('id', '=', c.id)
      .returning(repo.caseCols)
      .executeTakeFirstOrThrow()) as repo.CaseRow;
    const actor = { ...systemActor('citizen'), ip };
    await writeAction(trx, ctx, updated, actor, null, { action: 'rate', from: 'verified', to: 'closed', note: input.comment ?? null, data: { satisfaction: input.satisfaction, method: 'online' } });
    await writeDelta(trx, ctx, updated, 'closed');
    return { status: 'closed', satisfaction: input.satisfaction };
  });
}
