// 督办看板: the supervision orders in the caller's scope — grade, the unit that must reply, the reply time,
// whether it was answered or is overdue — with counts by state and grade.
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { SessionUser } from '../auth/auth.service.js';
import { scopeFilter } from '../cases/cases.core.js';
import { resolve } from '../regions/regions.service.js';

export type BoardState = 'waiting' | 'overdue' | 'replied';
export interface BoardFilter {
  region?: string;
  grade?: 'normal' | 'yellow' | 'red';
  /** open = waiting + overdue (the default); all = every order */
  state?: BoardState | 'open' | 'all';
  cursor?: number;
  limit: number;
}

const stateSql = (now: Date) =>
  sql<BoardState>`case when s.replied_at is not null then 'replied' when s.reply_due_at <= ${now} then 'overdue' else 'waiting' end`;

export async function board(db: Kysely<DB>, user: SessionUser, now: Date, f: BoardFilter) {
  let base = db
    .selectFrom('caseSupervisions as s')
    .innerJoin('cases', 'cases.id', 's.caseId')
    .where(scopeFilter(user));
  if (f.region) {
    const { node } = await resolve(db, f.region);
    base = base.where('cases.placePath', 'like', `${node.path}%`);
  }
  if (f.grade) base = base.where('s.grade', '=', f.grade);
  const counts = await base
    .select([
      sql<number>`count(*)`.as('all'),
      sql<number>`count(*) filter (where s.replied_at is null and s.reply_due_at > ${now})`.as('waiting'),
      sql<number>`count(*) filter (where s.replied_at is null and s.reply_due_at <= ${now})`.as('overdue'),
      sql<number>`count(*) filter (where s.replied_at is not null)`.as('replied'),
      sql<number>`count(*) filter (where s.replied_at is null and s.grade = 'normal')`.as('openNormal'),
      sql<number>`count(*) filter (where s.replied_at is null and s.grade = 'yellow')`.as('openYellow'),
      sql<number>`count(*) filter (where s.replied_at is null and s.grade = 'red')`.as('openRed'),
    ])
    .executeTakeFirstOrThrow();
  const state = f.state ?? 'open';
  let q = base
    .leftJoin('units as au', 'au.id', 'cases.assignedUnitId')
    .innerJoin('units as ou', 'ou.id', 'cases.officeUnitId')
    .innerJoin('regions as r', 'r.id', 'cases.placeRegionId')
    .leftJoin('users as iu', 'iu.id', 's.issuedBy')
    .select([
      's.id', 's.caseId', 'cases.caseNumber', 'cases.title', 'cases.status', 'cases.stageDueAt', 's.grade', 's.note', 's.issuedAt', 'iu.displayName as issuedByName',
      's.replyDueAt', 's.repliedAt', 's.reply', 's.lapsedAt', 'r.name as placeName',
      sql<string>`coalesce(au.name, ou.name)`.as('unitName'),
      stateSql(now).as('state'),
    ])
    .orderBy('s.id', 'desc')
    .limit(f.limit + 1);
  if (state === 'open') q = q.where('s.repliedAt', 'is', null);
  else if (state === 'replied') q = q.where('s.repliedAt', 'is not', null);
  else if (state === 'waiting') q = q.where('s.repliedAt', 'is', null).where('s.replyDueAt', '>', now);
  else if (state === 'overdue') q = q.where('s.repliedAt', 'is', null).where(sql<SqlBool>`s.reply_due_at <= ${now}`);
  if (f.cursor) q = q.where('s.id', '<', f.cursor);
  const rows = await q.execute();
  const items = rows.slice(0, f.limit);
  const n = (k: keyof typeof counts) => Number(counts[k]);
  return {
    items,
    nextCursor: rows.length > f.limit ? items[items.length - 1].id : null,
    counts: { all: n('all'), waiting: n('waiting'), overdue: n('overdue'), replied: n('replied'), open: { normal: n('openNormal'), yellow: n('openYellow'), red: n('openRed') } },
  };
}
