// The only SQL of the statistics: sums of the delta rows of a region subtree and period, grouped by one
// dimension, their handling-time histogram, and the two stocks (open, overdue open) from the cases now.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';

export const DIMENSIONS = ['category', 'type', 'channel', 'level', 'unit', 'region'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const PERIODS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type Period = (typeof PERIODS)[number];
export type GroupBy = 'all' | Dimension | Period;

export interface Filter {
  from: string;
  to: string;
  /** the region node's materialised path: its subtree */
  path: string;
  /** unit-scoped callers see only their unit's rows */
  unitId: number | null;
}

export const OPEN_STATES = ['reported', 'filed', 'assigned', 'in_progress', 'to_verify', 'verified'];

/** The group key as SQL text ('' when the row has none; for region, the child of the node the row lies under). */
function key(by: GroupBy, path: string, t: 'd' | 'c'): RawBuilder<string> {
  const col = (n: string) => sql.ref(`${t}.${n}`);
  const place = col(t === 'd' ? 'region_path' : 'place_path');
  switch (by) {
    case 'all': return sql<string>`'all'`;
    case 'category': return sql<string>`${col('category')}`;
    case 'type': return sql<string>`coalesce(substr(${col('dispute_type')}, 1, 2), '')`;
    case 'channel': return sql<string>`${col('channel')}`;
    case 'level': return sql<string>`${col('level')}`;
    case 'unit': return t === 'd' ? sql<string>`coalesce(${col('unit_id')}::text, '')` : sql<string>`coalesce(${col('assigned_unit_id')}, ${col('office_unit_id')})::text`;
    case 'region': return sql<string>`split_part(substr(${place}, ${path.length + 1}), '/', 1)`;
    case 'day': return sql<string>`to_char(${col('business_date')}, 'YYYY-MM-DD')`;
    case 'week': return sql<string>`to_char(date_trunc('week', ${col('business_date')}::timestamp), 'YYYY-MM-DD')`;
    case 'month': return sql<string>`to_char(${col('business_date')}, 'YYYY-MM')`;
    case 'quarter': return sql<string>`to_char(${col('business_date')}, 'YYYY-"Q"Q')`;
    case 'year': return sql<string>`to_char(${col('business_date')}, 'YYYY')`;
  }
}

const deltaWhere = (f: Filter) =>
  sql`d.business_date between ${f.from}::date and ${f.to}::date and d.region_path like ${f.path + '%'}${f.unitId !== null ? sql` and d.unit_id = ${f.unitId}` : sql``}`;

/** Σ delta by group and metric. */
export function sumsQuery(f: Filter, by: GroupBy) {
  return sql<{ key: string; metric: string; n: number }>`select ${key(by, f.path, 'd')} as key, d.metric, sum(d.delta)::int8 as n
    from case_stat_deltas d where ${deltaWhere(f)} group by 1, 2`;
}

/** Closings by whole working days of handling (the histogram the average and median come from). */
export function histogramQuery(f: Filter, by: GroupBy) {
  return sql<{ key: string; days: number; n: number }>`select ${key(by, f.path, 'd')} as key, d.days, sum(d.delta)::int8 as n
    from case_stat_deltas d where ${deltaWhere(f)} and d.metric = 'closed' group by 1, 2`;
}

/** Open cases now, and those past their current stage deadline (stocks: no period). */
export function stocksQuery(f: Filter, by: GroupBy, now: Date) {
  return sql<{ key: string; open: number; overdue: number }>`select ${key(by, f.path, 'c')} as key, count(*)::int8 as open,
    count(*) filter (where c.stage_due_at < ${now})::int8 as overdue
    from cases c where c.status in (${sql.join(OPEN_STATES)}) and c.place_path like ${f.path + '%'}
    ${f.unitId !== null ? sql`and coalesce(c.assigned_unit_id, c.office_unit_id) = ${f.unitId}` : sql``} group by 1`;
}

export async function sums(db: Kysely<DB>, f: Filter, by: GroupBy, now: Date | null) {
  const [s, h, st] = await Promise.all([
    sumsQuery(f, by).execute(db),
    histogramQuery(f, by).execute(db),
    now ? stocksQuery(f, by, now).execute(db) : Promise.resolve({ rows: [] as { key: string; open: number; overdue: number }[] }),
  ]);
  return { sums: s.rows, histogram: h.rows, stocks: st.rows };
}

export async function regionByCode(db: Kysely<DB>, code: string) {
  return db.selectFrom('regions').select(['id', 'code', 'name', 'level', 'path']).where('code', '=', code).executeTakeFirst();
}

export async function regionsByIds(db: Kysely<DB>, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('regions').select(['id', 'code', 'name', 'level', 'path']).where('id', 'in', ids).execute();
}

export async function unitNames(db: Kysely<DB>, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('units').select(['id', 'name']).where('id', 'in', ids).execute();
}
