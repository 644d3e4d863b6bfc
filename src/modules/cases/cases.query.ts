// Reading cases: one case with what the caller may do, lists with keyset paging and Chinese search,
// the workbench counts, and duplicate candidates at filing.
import { sql, type SqlBool } from 'kysely';
import type { SessionUser } from '../auth/auth.service.js';
import { resolve } from '../regions/regions.service.js';
import { AppError, text } from '../../http/errors.js';
import * as repo from './cases.repo.js';
import { baseView, caseView, scopeFilter, timelineView, visibleCase, type CasesCtx } from './cases.core.js';
import { assignableUnits } from './cases.actions.js';
import { dueState } from '../deadlines/deadlines.js';

export async function getCase(ctx: CasesCtx, user: SessionUser, id: number) {
  const c = await visibleCase(ctx.db, user, id);
  return { ...(await caseView(ctx, user, c)), timeline: timelineView(await repo.timeline(ctx.db, id)) };
}

export async function assignees(ctx: CasesCtx, user: SessionUser, id: number) {
  return assignableUnits(ctx.db, await visibleCase(ctx.db, user, id));
}

/** Characters and overlapping pairs of a search term: what the ngram index holds. */
export function ngrams(q: string): string[] {
  const s = [...q.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '')];
  if (s.length === 1) return s;
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) out.add(s[i] + s[i + 1]);
  return [...out];
}
const tsquery = (grams: string[], op: '&' | '|') => grams.map((g) => `'${g.replace(/'/g, "''")}'`).join(` ${op} `);

/** A supervision order (督办) on the case not yet replied to: the list's `supervised=open` and the workbench's 督办中. */
const underSupervision = sql<SqlBool>`exists (select 1 from case_supervisions s where s.case_id = cases.id and s.replied_at is null)`;

export interface ListFilter {
  status?: string;
  level?: string;
  region?: string;
  category?: string;
  type?: string;
  channel?: string;
  unit?: number;
  q?: string;
  mine?: 'todo' | 'office' | 'unit';
  campaign?: number;
  /** the stage clock: yellow (75% used), red = overdue, ok (running, not yet yellow) */
  due?: 'yellow' | 'red' | 'overdue' | 'ok';
  /** open: under a supervision order not yet replied to */
  supervised?: 'open';
  from?: Date;
  to?: Date;
  cursor?: number;
  limit: number;
}

export async function listCases(ctx: CasesCtx, user: SessionUser, f: ListFilter) {
  let q = ctx.db.selectFrom('cases').select(repo.caseCols).where(scopeFilter(user)).orderBy('id', 'desc').limit(f.limit + 1);
  if (f.status) q = q.where('status', 'in', f.status.split(','));
  if (f.level) q = q.where('level', '=', f.level as repo.CaseRow['level']);
  if (f.category) q = q.where('category', '=', f.category);
  if (f.type) q = q.where('disputeType', 'like', `${f.type}%`);
  if (f.channel) q = q.where('channel', '=', f.channel);
  if (f.unit) q = q.where('assignedUnitId', '=', f.unit);
  if (f.region) {
    const { node } = await resolve(ctx.db, f.region);
    q = q.where('placePath', 'like', `${node.path}%`);
  }
  if (f.mine === 'office') q = q.where('officeUnitId', '=', user.unitId ?? 0);
  if (f.mine === 'unit') q = q.where('assignedUnitId', '=', user.unitId ?? 0);
  if (f.q) {
    const grams = ngrams(f.q);
    if (grams.length === 0) throw new AppError('VALIDATION', text('请输入要查找的文字', 'enter some text to search'), { fields: [{ path: 'q', message: 'empty' }] });
    const like = `%${f.q.trim().replace(/[%_\\]/g, '\\$&')}%`;
    q = q.where(sql<SqlBool>`search_vector @@ ${tsquery(grams, '&')}::tsquery`).where(sql<SqlBool>`(title || ' ' || description) like ${like}`);
  }
  if (f.campaign) q = q.where('campaignId', '=', f.campaign);
  if (f.due) {
    // indexed: cases_stage_due (stage_due_at) and cases_stage_yellow (fq_yellow_at(...)), both partial on stage_due_at is not null
    const now = ctx.clock.now();
    q = q.where('stageDueAt', 'is not', null);
    if (f.due === 'red' || f.due === 'overdue') q = q.where('stageDueAt', '<=', now);
    else if (f.due === 'yellow') q = q.where('stageDueAt', '>', now).where(sql<SqlBool>`fq_yellow_at(stage_started_at, stage_due_at) <= ${now}`);
    else q = q.where(sql<SqlBool>`fq_yellow_at(stage_started_at, stage_due_at) > ${now}`);
  }
  if (f.supervised) q = q.where(underSupervision);
  if (f.from) q = q.where('createdAt', '>=', f.from);
  if (f.to) q = q.where('createdAt', '<', f.to);
  if (f.cursor) q = q.where('id', '<', f.cursor);
  const rows = (await q.execute()) as repo.CaseRow[];
  const now = ctx.clock.now();
  const items = rows.slice(0, f.limit).map((r) => ({ ...baseView(r), dueState: dueState(r, now) }));
  return { items, nextCursor: rows.length > f.limit ? items[items.length - 1].id : null };
}

/** The workbench: counts that are links (待受理, 待指派, 我的待办, 待核查 …) within the caller's scope. */
export async function workbench(ctx: CasesCtx, user: SessionUser) {
  const unit = user.unitId ?? 0;
  const r = await ctx.db
    .selectFrom('cases')
    .where(scopeFilter(user))
    .select([
      sql<number>`count(*) filter (where status = 'reported' and office_unit_id = ${unit})`.as('toAccept'),
      sql<number>`count(*) filter (where status = 'filed' and office_unit_id = ${unit})`.as('toAssign'),
      sql<number>`count(*) filter (where status in ('assigned','in_progress') and assigned_unit_id = ${unit})`.as('myTodo'),
      sql<number>`count(*) filter (where status = 'to_verify' and office_unit_id = ${unit})`.as('toVerify'),
      sql<number>`count(*) filter (where status = 'verified' and office_unit_id = ${unit})`.as('toRate'),
      sql<number>`count(*) filter (where status not in ('closed','archived','rejected','merged'))`.as('open'),
      sql<number>`count(*) filter (where status = 'closed')`.as('closed'),
      sql<number>`count(*) filter (where stage_due_at is not null and stage_due_at > ${ctx.clock.now()} and fq_yellow_at(stage_started_at, stage_due_at) <= ${ctx.clock.now()})`.as('dueSoon'),
      sql<number>`count(*) filter (where stage_due_at is not null and stage_due_at <= ${ctx.clock.now()})`.as('overdue'),
      sql<number>`count(*) filter (where ${underSupervision})`.as('supervising'),
    ])
    .executeTakeFirstOrThrow();
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)]));
}

/** Possible duplicates of a case: same applicant phone or ID, same place and type lately, similar text. */
export async function duplicates(ctx: CasesCtx, user: SessionUser, id: number, days = 30) {
  const c = await visibleCase(ctx.db, user, id);
  const since = new Date(ctx.clock.now().getTime() - days * 86_400_000);
  const grams = ngrams(c.title);
  const rows = (await ctx.db
    .selectFrom('cases')
    .select(repo.caseCols)
    .select(sql<string>`search_vector::text`.as('vector'))
    .where(scopeFilter(user))
    .where('id', '!=', c.id)
    .where('status', 'not in', ['merged', 'rejected'])
    .where((eb) =>
      eb.or([
        ...(c.applicantPhoneIndex ? [eb('applicantPhoneIndex', '=', c.applicantPhoneIndex)] : []),
        ...(c.applicantIdIndex ? [eb('applicantIdIndex', '=', c.applicantIdIndex)] : []),
        eb.and([eb('placeRegionId', '=', c.placeRegionId), eb('disputeType', c.disputeType ? '=' : 'is', c.disputeType), eb('createdAt', '>=', since)]),
        ...(grams.length ? [eb.and([sql<SqlBool>`search_vector @@ ${tsquery(grams, '|')}::tsquery`, eb('createdAt', '>=', since)])] : []),
      ]),
    )
    .orderBy('id', 'desc')
    .limit(50)
    .execute()) as (repo.CaseRow & { vector: string })[];
  const mine = new Set(grams);
  return rows
    .map((r) => {
      const reasons: string[] = [];
      if (c.applicantPhoneIndex && r.applicantPhoneIndex === c.applicantPhoneIndex) reasons.push('同一手机号');
      if (c.applicantIdIndex && r.applicantIdIndex === c.applicantIdIndex) reasons.push('同一证件号');
      if (r.placeRegionId === c.placeRegionId && r.disputeType === c.disputeType && r.createdAt >= since) reasons.push('同地点同类型');
      const theirs = new Set(ngrams(r.title));
      const common = [...mine].filter((g) => theirs.has(g)).length;
      const similarity = mine.size + theirs.size ? common / (mine.size + theirs.size - common) : 0;
      if (similarity >= 0.4) reasons.push(`标题相似 ${Math.round(similarity * 100)}%`);
      return { ...baseView(r), reasons, similarity };
    })
    .filter((r) => r.reasons.length > 0)
    .slice(0, 20);
}
