// The only SQL of the statistics queries: sums of the statistics rows of a region subtree and period, grouped
// by one dimension, their handling-time histogram, and the two stocks (open, overdue open) from the cases now.
// The rows are the compacted rollup (whole months from the month rows, the other days from the day rows) plus
// the delta rows not yet compacted (tx at or above the horizon), read in one statement: exact and current.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import { horizon, horizonSql } from './stats.rollup.js';

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

const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const monthStart = (d: string) => `${d.slice(0, 7)}-01`;
const nextMonth = (d: string) => {
  const [y, m] = [Number(d.slice(0, 4)), Number(d.slice(5, 7))];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

/**
 * The rollup rows covering [from, to]: whole months from the month rows (unless the groups are days or weeks),
 * the days before the first and after the last whole month from the day rows. Each range is [grain, first, last].
 */
export function rollupRanges(from: string, to: string, by: GroupBy): [grain: 'day' | 'month', first: string, last: string][] {
  const first = from.endsWith('-01') ? from : nextMonth(from); // first whole month
  const after = nextDay(to).endsWith('-01') ? nextDay(to) : monthStart(to); // the month after the last whole one
  if (by === 'day' || by === 'week' || first >= after) return [['day', from, to]];
  const ranges: [grain: 'day' | 'month', first: string, last: string][] = [];
  if (from < first) ranges.push(['day', from, new Date(Date.parse(`${first}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)]);
  let last = first;
  for (let m = first; m < after; m = nextMonth(m)) last = m;
  ranges.push(['month', first, last]);
  if (after <= to) ranges.push(['day', after, to]);
  return ranges;
}

const scope = (t: 'r' | 'u', f: Filter) =>
  sql`${sql.ref(`${t}.region_path`)} like ${f.path + '%'}${f.unitId !== null ? sql` and ${sql.ref(`${t}.unit_id`)} = ${f.unitId}` : sql``}`;

/**
 * The statistics rows of the filter as one relation `d`: rollup rows + delta rows of the horizon on. `since` is a
 * horizon read before the statement, so a lower bound of the one the statement reads (it only grows; a rebuild
 * resets it to 0 but deletes every row below it): it lets the planner see how few delta rows are left.
 */
function rowsOf(f: Filter, by: GroupBy, since: number, metric?: string) {
  const only = (t: 'r' | 'u') => (metric ? sql` and ${sql.ref(`${t}.metric`)} = ${sql.lit(metric)}` : sql``);
  const ranges = rollupRanges(f.from, f.to, by).map(([g, a, b]) => sql`(r.grain = ${sql.lit(g)} and r.business_date between ${a}::date and ${b}::date)`);
  return sql`(select r.business_date, r.metric, r.region_path, r.category, r.dispute_type, r.channel, r.level, r.unit_id, r.days, r.delta
      from case_stat_rollup r where (${sql.join(ranges, sql` or `)}) and ${scope('r', f)}${only('r')}
    union all
    select u.business_date, u.metric, u.region_path, u.category, u.dispute_type, u.channel, u.level, u.unit_id, u.days, u.delta
      from case_stat_deltas u where u.tx >= ${since}::int8 and u.tx >= ${horizonSql}
      and u.business_date between ${f.from}::date and ${f.to}::date and ${scope('u', f)}${only('u')}) d`;
}

/** Σ delta by group and metric. */
export function sumsQuery(f: Filter, by: GroupBy, since = 0) {
  return sql<{ key: string; metric: string; n: number }>`select ${key(by, f.path, 'd')} as key, d.metric, sum(d.delta)::int8 as n
    from ${rowsOf(f, by, since)} group by 1, 2`;
}

/** Closings by whole working days of handling (the histogram the average and median come from). */
export function histogramQuery(f: Filter, by: GroupBy, since = 0) {
  return sql<{ key: string; days: number; n: number }>`select ${key(by, f.path, 'd')} as key, d.days, sum(d.delta)::int8 as n
    from ${rowsOf(f, by, since, 'closed')} group by 1, 2`;
}

/** Open cases now, and those past their current stage deadline (stocks: no period). */
export function stocksQuery(f: Filter, by: GroupBy, now: Date) {
  return sql<{ key: string; open: number; overdue: number }>`select ${key(by, f.path, 'c')} as key, count(*)::int8 as open,
    count(*) filter (where c.stage_due_at < ${now})::int8 as overdue
    from cases c where c.status in (${sql.join(OPEN_STATES)}) and c.place_path like ${f.path + '%'}
    ${f.unitId !== null ? sql`and coalesce(c.assigned_unit_id, c.office_unit_id) = ${f.unitId}` : sql``} group by 1`;
}

export async function sums(db: Kysely<DB>, f: Filter, by: GroupBy, now: Date | null) {
  const since = await horizon(db);
  const [s, h, st] = await Promise.all([
    sumsQuery(f, by, since).execute(db),
    histogramQuery(f, by, since).execute(db),
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
