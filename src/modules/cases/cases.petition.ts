// 信访复查、复核 (DOMAIN §4): after a petition is concluded (closed), the petitioner may ask for a review
// within 30 days of the decision, decided within 30 days; after the review, a re-review the same way,
// once. The days are calendar or working days as the `review_request`/`review`/`rereview_request`/
// `rereview` deadline rules say (calendar days by default, a deadline on a day off moves to the next
// working day). A request out of time, or a second re-review, is a 409.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, text } from '../../http/errors.js';
import { dueAfter, type Calendar } from '../calendar/calendar.js';
import { loadCalendar, ruleFor, type RuleStage } from '../deadlines/deadlines.js';
import { smsToApplicant } from '../notify/notify.js';
import type { CasesCtx } from './cases.core.js';
import type * as repo from './cases.repo.js';

export const PETITION_ACTIONS = ['request_review', 'decide_review', 'request_rereview', 'decide_rereview'] as const;
export type PetitionAction = (typeof PETITION_ACTIONS)[number];

export const isPetition = (c: { category: string; channel: string }) => c.category === 'petition' || c.channel === 'petition';

export type ReviewState = 'none' | 'pending' | 'decided';
export const reviewRows = (q: Kysely<DB>, caseId: number) => q.selectFrom('caseReviews').selectAll().where('caseId', '=', caseId).orderBy('id').execute();
type ReviewRow = Awaited<ReturnType<typeof reviewRows>>[number];
export const stateOf = (r: ReviewRow | undefined): ReviewState => (!r ? 'none' : r.decidedAt ? 'decided' : 'pending');

async function due(q: Kysely<DB>, stage: RuleStage, from: Date, cal: Calendar, timeZone: string) {
  const rule = await ruleFor(q, stage, 'petition', 'normal');
  const r = rule ?? { amount: 30, unit: 'calendar_days' as const };
  return { ...dueAfter(from, r.amount, r.unit, cal, timeZone), amount: r.amount, unit: r.unit };
}

/** The petition's review clocks as a screen shows them; null for a case that is not a concluded petition. */
export async function petitionClock(q: Kysely<DB>, c: repo.CaseRow, timeZone: string, now: Date, rows?: ReviewRow[]) {
  if (!isPetition(c) || !c.closedAt) return null;
  const list = rows ?? (await reviewRows(q, c.id));
  const review = list.find((r) => r.kind === 'review');
  const rereview = list.find((r) => r.kind === 'rereview');
  const cal = await loadCalendar(q);
  const reviewRequest = await due(q, 'review_request', c.closedAt, cal, timeZone);
  const rereviewRequest = review?.decidedAt ? await due(q, 'rereview_request', review.decidedAt, cal, timeZone) : null;
  const view = (r: ReviewRow | undefined) =>
    r && { requestedAt: r.requestedAt, reason: r.reason, decideDueAt: r.decideDueAt, decideDueProvisional: r.decideDueProvisional, decidedAt: r.decidedAt, result: r.result, overdue: !r.decidedAt && now > r.decideDueAt };
  return {
    decidedAt: c.closedAt,
    reviewRequestDueAt: reviewRequest.dueAt,
    reviewRequestOpen: !review && now <= reviewRequest.dueAt,
    review: view(review) ?? null,
    rereviewRequestDueAt: rereviewRequest?.dueAt ?? null,
    rereviewRequestOpen: Boolean(rereviewRequest && !rereview && now <= rereviewRequest.dueAt),
    rereview: view(rereview) ?? null,
  };
}

const need = (cond: unknown, path: string, zh: string, en: string) => {
  if (!cond) throw new AppError('VALIDATION', text(zh, en), { fields: [{ path, message: en }] });
};

/** One of the four review steps, in perform()'s transaction (the transition table has already allowed it). */
export async function petitionStep(trx: Kysely<DB>, ctx: CasesCtx, c: repo.CaseRow, action: PetitionAction, input: { reason?: string; result?: string }, userId: number, now: Date) {
  const rows = await reviewRows(trx, c.id);
  const review = rows.find((r) => r.kind === 'review');
  const cal = await loadCalendar(trx);
  const data: Record<string, unknown> = {};
  let note: string;
  if (action === 'request_review' || action === 'request_rereview') {
    need(input.reason?.trim(), 'reason', '请填写申请事由', 'a request needs its reason');
    const rere = action === 'request_rereview';
    const from = rere ? review!.decidedAt! : c.closedAt!;
    const window = await due(trx, rere ? 'rereview_request' : 'review_request', from, cal, ctx.timeZone);
    if (now > window.dueAt)
      throw new AppError('CONFLICT', text(`已超过${rere ? '复核' : '复查'}申请期限（${window.amount}${window.unit === 'working_days' ? '个工作日' : '日'}）`, `the ${rere ? 're-review' : 'review'} request is out of time`), { dueAt: window.dueAt });
    const decide = await due(trx, rere ? 'rereview' : 'review', now, cal, ctx.timeZone);
    await trx.insertInto('caseReviews').values({ caseId: c.id, kind: rere ? 'rereview' : 'review', requestedAt: now, requestedBy: userId, reason: input.reason!.trim(), decideDueAt: decide.dueAt, decideDueProvisional: decide.provisional }).execute();
    Object.assign(data, { decideDueAt: decide.dueAt });
    note = input.reason!.trim();
  } else {
    need(input.result?.trim(), 'result', `请填写${action === 'decide_review' ? '复查' : '复核'}意见`, 'the decision needs its text');
    const kind = action === 'decide_review' ? 'review' : 'rereview';
    const open = rows.find((r) => r.kind === kind && !r.decidedAt)!;
    await trx.updateTable('caseReviews').set({ decidedAt: now, decidedBy: userId, result: input.result!.trim() }).where('id', '=', open.id).where('decidedAt', 'is', null).execute();
    data.inTime = now <= open.decideDueAt;
    note = input.result!.trim();
    await smsToApplicant(trx, ctx.sms, now, c.id, `${kind}_decided`, `您的${kind === 'review' ? '复查' : '复核'}申请（${c.caseNumber}）已作出意见，可凭查询码 ${c.trackingCode} 查看。`);
  }
  return { note, data, metric: action };
}
