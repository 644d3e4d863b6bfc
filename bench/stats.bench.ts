// npm run bench:stats — the statistics overview on PostgreSQL at two sizes (default 1M and 10M synthetic
// cases, generated in the database with generate_series; FQ_BENCH_SIZES=100000,1000000 for a quick run),
// against a full-scan aggregate of the same figures over `cases` in the same database. Cases arrive at a
// constant 1,000 a day spread over the demo's grids, so a bigger database is a longer history: the overview
// of one month reads that month's delta rows (index on business_date / region_path) whatever the history,
// while the full scan reads every case. Also prints EXPLAIN of a 2-character keyword search (ngram index).
// Outside CI (docs/PERFORMANCE.md, section 统计).
import pg from 'pg';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedDemo } from '../src/seed/demo.js';
import * as repo from '../src/modules/stats/stats.repo.js';
import { sql } from 'kysely';

const admin = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const url = (db: string) => Object.assign(new URL(admin), { pathname: `/${db}` }).toString();
const SIZES = (process.env.FQ_BENCH_SIZES ?? '1000000,10000000').split(',').map(Number);
const PER_DAY = 1000;
const RUNS = 15;

async function adminQuery(q: string) {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query(q);
  } finally {
    await c.end();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(f: () => Promise<unknown>) {
  await f(); // warm
  const t: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    await f();
    t.push(performance.now() - s);
  }
  return median(t);
}

async function main() {
  const name = `fq_bench_stats_${process.pid}`;
  await adminQuery(`create database ${name}`);
  const database = await openDatabase({ url: url(name), timeZone: 'Asia/Shanghai', poolSize: 4 });
  const db = database.db;
  try {
    await migrateToLatest(db);
    await seedDemo(db);
    const county = await db.selectFrom('regions').select(['id', 'path']).where('code', '=', '150826').executeTakeFirstOrThrow();
    const office = await db.selectFrom('units').select(['id', 'regionId']).where('name', '=', '西环社区居委会').executeTakeFirstOrThrow();
    const officePath = (await db.selectFrom('regions').select('path').where('id', '=', office.regionId).executeTakeFirstOrThrow()).path;
    await sql`create temporary table bench_grids as select id, path, row_number() over (order by id) - 1 as k from regions where path like ${county.path + '%'} and level like 'grid%'`.execute(db);
    const grids = Number((await sql<{ n: number }>`select count(*)::int as n from bench_grids`.execute(db)).rows[0]!.n);
    console.log(`PostgreSQL bench: ${grids} grids under 杭锦后旗, ${PER_DAY} cases a day; sizes ${SIZES.join(', ')}`);
    let have = 0;
    const results: { n: number; overview: number; scan: number; deltas: number }[] = [];
    for (const n of SIZES) {
      const started = performance.now();
      // cases: case i on the day i / PER_DAY days before 2026-11-30 (a bigger size adds older history); closed within 0–20 days, except a fifth of the last 30 days' cases (open)
      await sql`insert into cases (case_number, tracking_code, title, description, category, dispute_type, channel, place_region_id, place_path,
          level, office_unit_id, office_region_id, office_path, first_level, highest_level, status, business_date, created_at, updated_at, closed_at, satisfaction, disposition)
        select 'B' || i, 'T' || i, case when i % 1000 = 0 then '楼上漏水' else (array['邻里纠纷','土地承包','工资拖欠','噪音扰民','宅基地'])[1 + i % 5] end || '问题' || i, '群众反映' || (array['邻里','土地','劳务','物业','婚姻'])[1 + i % 5] || '相关诉求',
          (array['dispute','service','city','hazard'])[1 + i % 4], case when i % 4 = 0 then '02' end, 'grid', g.id, g.path,
          'village', ${office.id}, ${office.regionId}, ${officePath}, 'village', case when i % 20 = 0 then 'town' else 'village' end,
          case when i % 5 = 0 and i < 30 * ${PER_DAY} then 'in_progress' else 'closed' end, d, d::timestamp at time zone 'Asia/Shanghai', d::timestamp at time zone 'Asia/Shanghai',
          case when not (i % 5 = 0 and i < 30 * ${PER_DAY}) then (d + (i % 21)::int)::timestamp at time zone 'Asia/Shanghai' end,
          case when i % 5 <> 0 then (array['satisfied','basically_satisfied','dissatisfied'])[1 + i % 3] end, case when i % 5 <> 0 then '已解决' end
        from generate_series(${have}::int8, ${n - 1}::int8) i
        cross join lateral (select ('2026-11-30'::date - (i / ${PER_DAY})::int) as d) dd
        join bench_grids g on g.k = i % ${grids}`.execute(db);
      // their delta rows, as the loop writes them: received, filed, and for closings closed/rated/satisfied/due cohort
      await sql`insert into case_stat_deltas (case_id, business_date, metric, delta, region_path, category, dispute_type, channel, level, unit_id, first_level, highest_level, days)
        select c.id, case when m.metric in ('received','filed') then c.business_date when m.metric in ('due','due_closed','due_closed_on_time') then c.business_date + 14 else (c.closed_at at time zone 'Asia/Shanghai')::date end,
          m.metric, 1, c.place_path, c.category, c.dispute_type, c.channel, c.level, c.office_unit_id, c.first_level, c.highest_level,
          case when m.metric = 'closed' then ((c.closed_at at time zone 'Asia/Shanghai')::date - c.business_date) * 5 / 7 end
        from cases c cross join (values ('received'), ('filed'), ('due'), ('closed'), ('rated'), ('satisfied'), ('due_closed'), ('closed_on_time'), ('due_closed_on_time')) m(metric)
        where c.case_number like 'B%' and c.id > (select coalesce(max(case_id), 0) from case_stat_deltas)
          and (m.metric in ('received','filed','due') or c.closed_at is not null)
          and (m.metric <> 'satisfied' or c.satisfaction in ('satisfied','basically_satisfied'))`.execute(db);
      await sql`analyze cases`.execute(db);
      await sql`analyze case_stat_deltas`.execute(db);
      have = n;
      const deltas = Number((await sql<{ n: number }>`select count(*)::int8 as n from case_stat_deltas`.execute(db)).rows[0]!.n);
      console.log(`\n${n.toLocaleString()} cases, ${deltas.toLocaleString()} delta rows (loaded in ${((performance.now() - started) / 1000).toFixed(0)} s)`);
      const f: repo.Filter = { from: '2026-11-01', to: '2026-11-30', path: county.path, unitId: null };
      const now = new Date('2026-11-30T18:00:00+08:00');
      const overview = await timed(() => repo.sums(db, f, 'all', now));
      const scan = await timed(() =>
        sql`select count(*) filter (where business_date between '2026-11-01' and '2026-11-30') as received,
              count(*) filter (where (closed_at at time zone 'Asia/Shanghai')::date between '2026-11-01' and '2026-11-30') as closed,
              count(*) filter (where (closed_at at time zone 'Asia/Shanghai')::date between '2026-11-01' and '2026-11-30' and satisfaction in ('satisfied','basically_satisfied')) as satisfied,
              count(*) filter (where business_date + 14 between '2026-11-01' and '2026-11-30') as due,
              percentile_disc(0.5) within group (order by (closed_at at time zone 'Asia/Shanghai')::date - business_date) as median
            from cases where place_path like ${county.path + '%'}`.execute(db),
      );
      console.log(`  overview (one month, whole county): ${overview.toFixed(1)} ms median of ${RUNS}`);
      console.log(`  full-scan aggregate over cases:     ${scan.toFixed(1)} ms  (×${(scan / overview).toFixed(0)} slower)`);
      results.push({ n, overview, scan, deltas });
    }
    if (results.length >= 2) {
      const [a, b] = [results[0]!, results[results.length - 1]!];
      console.log(`\noverview ${b.n.toLocaleString()}/${a.n.toLocaleString()}: ${(b.overview / a.overview).toFixed(2)} (target ≤ 1.3); full scan ratio ${(b.scan / a.scan).toFixed(2)}`);
    }
    const plan = await sql<{ 'QUERY PLAN': string }>`explain (analyze, costs off, timing off) select count(*) from cases
      where search_vector @@ to_tsquery('simple', '漏水') and (title || ' ' || description) like '%漏水%'`.execute(db);
    console.log(`\nEXPLAIN of a 2-character keyword search (漏水, in 1 case of 1,000) on ${have.toLocaleString()} cases:\n${plan.rows.map((r) => '  ' + r['QUERY PLAN']).join('\n')}`);
  } finally {
    await database.close();
    await adminQuery(`drop database if exists ${name} with (force)`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
