// npm run bench:stats — the statistics overview on PostgreSQL at two sizes (default 1M and 10M synthetic
// cases, generated in the database with generate_series, 1M cases per statement; FQ_BENCH_SIZES=100000,1000000
// for a quick run), against a full-scan aggregate of the same figures over `cases` in the same database. Cases
// arrive at a constant 1,000 a day spread over the demo's grids, so a bigger database is a longer history.
// Setup, not timed: the secondary indexes of cases and case_stat_deltas are dropped during each load and built
// again after it, then the delta rows are compacted into the rollup (stats.rollup.ts), as the background sweep
// would have done. Timed: the overview of one month (rollup month rows + the uncompacted delta rows + the open
// stocks), median of 15, against the full scan; then, since the sizes measured one after the other meet different
// load on a shared box, every size again in turn, round after round (each smaller size kept as a copy of the
// database made before it grew), and the ratio of those medians. Also prints EXPLAIN of a 2-character keyword
// search (ngram index).
// Outside CI (docs/PERFORMANCE.md, section 统计).
import pg from 'pg';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedDemo } from '../src/seed/demo.js';
import * as repo from '../src/modules/stats/stats.repo.js';
import { compact, horizon } from '../src/modules/stats/stats.rollup.js';
import { sql } from 'kysely';
import { adminUrl, databaseUrl } from './scratch-database.js';

const SIZES = (process.env.FQ_BENCH_SIZES ?? '1000000,10000000').split(',').map(Number);
const PER_DAY = 1000;
const RUNS = 15;
const CHUNK = Number(process.env.FQ_BENCH_CHUNK ?? 1_000_000);

async function adminQuery(q: string) {
  const c = new pg.Client({ connectionString: adminUrl });
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
  const open = (n: string) => openDatabase({ url: databaseUrl(n), timeZone: 'Asia/Shanghai', poolSize: 4 });
  let database = await open(name);
  let db = database.db;
  /** a copy of the database as it was at each smaller size, for the interleaved comparison at the end */
  const copies: { n: number; name: string }[] = [];
  try {
    await migrateToLatest(db);
    await seedDemo(db);
    const county = await db.selectFrom('regions').select(['id', 'path']).where('code', '=', '150826').executeTakeFirstOrThrow();
    const office = await db.selectFrom('units').select(['id', 'regionId']).where('name', '=', '西环社区居委会').executeTakeFirstOrThrow();
    const officePath = (await db.selectFrom('regions').select('path').where('id', '=', office.regionId).executeTakeFirstOrThrow()).path;
    await sql`create table bench_grids as select id, path, row_number() over (order by id) - 1 as k from regions where path like ${county.path + '%'} and level like 'grid%'`.execute(db);
    const grids = Number((await sql<{ n: number }>`select count(*)::int as n from bench_grids`.execute(db)).rows[0]!.n);
    console.log(`PostgreSQL bench: ${grids} grids under 杭锦后旗, ${PER_DAY} cases a day; sizes ${SIZES.join(', ')}`);
    let have = 0;
    const results: { n: number; overview: number; scan: number; deltas: number }[] = [];
    for (const n of SIZES) {
      const started = performance.now();
      // secondary indexes off during the load (those behind constraints stay), built again after it
      const { rows: indexes } = await sql<{ name: string; def: string }>`select indexname as name, indexdef as def from pg_indexes i
        where schemaname = 'public' and tablename in ('cases', 'case_stat_deltas') and indexname <> 'case_stat_deltas_tx'
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`.execute(db);
      for (const i of indexes) await sql`drop index ${sql.id(i.name)}`.execute(db);
      const last = async () => Number((await sql<{ m: string | null }>`select max(id) as m from cases`.execute(db)).rows[0]!.m ?? 0);
      const loadCases = async (lo: number, hi: number) => {
        // cases: case i on the day i / PER_DAY days before 2026-11-30 (a bigger size adds older history); closed within 0–20 days, except a fifth of the last 30 days' cases (open)
        await sql`insert into cases (case_number, tracking_code, title, description, category, dispute_type, channel, place_region_id, place_path,
            level, office_unit_id, office_region_id, office_path, first_level, highest_level, status, business_date, created_at, updated_at, closed_at, satisfaction, disposition)
          select 'B' || i, 'T' || i, case when i % 1000 = 0 then '楼上漏水' else (array['邻里纠纷','土地承包','工资拖欠','噪音扰民','宅基地'])[1 + i % 5] end || '问题' || i, '群众反映' || (array['邻里','土地','劳务','物业','婚姻'])[1 + i % 5] || '相关诉求',
            (array['dispute','service','city','hazard'])[1 + i % 4], case when i % 4 = 0 then '02' end, 'grid', g.id, g.path,
            'village', ${office.id}, ${office.regionId}, ${officePath}, 'village', case when i % 20 = 0 then 'town' else 'village' end,
            case when i % 5 = 0 and i < 30 * ${PER_DAY} then 'in_progress' else 'closed' end, d, d::timestamp at time zone 'Asia/Shanghai', d::timestamp at time zone 'Asia/Shanghai',
            case when not (i % 5 = 0 and i < 30 * ${PER_DAY}) then (d + (i % 21)::int)::timestamp at time zone 'Asia/Shanghai' end,
            case when i % 5 <> 0 then (array['satisfied','basically_satisfied','dissatisfied'])[1 + i % 3] end, case when i % 5 <> 0 then '已解决' end
          from generate_series(${lo}::int8, ${hi - 1}::int8) i
          cross join lateral (select ('2026-11-30'::date - (i / ${PER_DAY})::int) as d) dd
          join bench_grids g on g.k = i % ${grids}`.execute(db);
        return last();
      };
      const loadDeltas = async (from: number, to: number) => {
        // their delta rows, as the loop writes them: received, filed, and for closings closed/rated/satisfied/due cohort
        await sql`insert into case_stat_deltas (case_id, business_date, metric, delta, region_path, category, dispute_type, channel, level, unit_id, first_level, highest_level, days)
          select c.id, case when m.metric in ('received','filed') then c.business_date when m.metric in ('due','due_closed','due_closed_on_time') then c.business_date + 14 else (c.closed_at at time zone 'Asia/Shanghai')::date end,
            m.metric, 1, c.place_path, c.category, c.dispute_type, c.channel, c.level, c.office_unit_id, c.first_level, c.highest_level,
            case when m.metric = 'closed' then ((c.closed_at at time zone 'Asia/Shanghai')::date - c.business_date) * 5 / 7 end
          from cases c cross join (values ('received'), ('filed'), ('due'), ('closed'), ('rated'), ('satisfied'), ('due_closed'), ('closed_on_time'), ('due_closed_on_time')) m(metric)
          where c.id > ${from} and c.id <= ${to} and c.case_number like 'B%'
            and (m.metric in ('received','filed','due') or c.closed_at is not null)
            and (m.metric <> 'satisfied' or c.satisfaction in ('satisfied','basically_satisfied'))`.execute(db);
      };
      // the cases of the next chunk are generated while the delta rows of this one are written (two connections)
      let from = await last();
      let to = await loadCases(have, Math.min(n, have + CHUNK));
      for (let lo = have; lo < n; lo += CHUNK) {
        const hi = Math.min(n, lo + CHUNK);
        const [next] = await Promise.all([hi < n ? loadCases(hi, Math.min(n, hi + CHUNK)) : Promise.resolve(to), loadDeltas(from, to)]);
        [from, to] = [to, next];
        console.log(`  loaded cases ${lo.toLocaleString()}–${(hi - 1).toLocaleString()} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
      }
      const loaded = performance.now();
      for (const i of indexes) await sql.raw(i.def).execute(db);
      const indexed = performance.now();
      // compaction (what the background sweep does every 30 s), until the horizon passes the last row: on a shared
      // server another session's open transaction holds the horizon back for a while
      const top = Number((await sql<{ m: string }>`select max(tx) as m from case_stat_deltas`.execute(db)).rows[0]!.m);
      let folded = 0;
      while ((await horizon(db)) <= top) {
        folded += (await compact(db)).folded;
        if ((await horizon(db)) <= top) await new Promise((r) => setTimeout(r, 1000));
      }
      const compacted = performance.now();
      await sql`analyze case_stat_rollup`.execute(db);
      // vacuum, as autovacuum does after a bulk insert: it marks the pages all-visible (index-only scans of the stocks)
      await sql`vacuum (analyze) cases`.execute(db);
      await sql`analyze case_stat_deltas`.execute(db);
      have = n;
      const deltas = Number((await sql<{ n: number }>`select count(*)::int8 as n from case_stat_deltas`.execute(db)).rows[0]!.n);
      const rollup = (await sql<{ grain: string; n: string; month: string }>`select grain, count(*)::int8 as n,
          count(*) filter (where business_date between '2026-11-01' and '2026-11-30')::int8 as month from case_stat_rollup group by 1 order by 1`.execute(db)).rows;
      const sec = (a: number, b: number) => `${((b - a) / 1000).toFixed(0)} s`;
      console.log(`\n${n.toLocaleString()} cases, ${deltas.toLocaleString()} delta rows (loaded in ${sec(started, loaded)}, indexes ${sec(loaded, indexed)}, compacted ${folded.toLocaleString()} rows in ${sec(indexed, compacted)})`);
      console.log(`  rollup: ${rollup.map((r) => `${Number(r.n).toLocaleString()} ${r.grain} rows (${Number(r.month).toLocaleString()} in November 2026)`).join(', ')}`);
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
      const since = await horizon(db);
      const parts = { sums: repo.sumsQuery(f, 'all', since), histogram: repo.histogramQuery(f, 'all', since), stocks: repo.stocksQuery(f, 'all', now) };
      const partTimes: string[] = [];
      for (const [k, q] of Object.entries(parts)) partTimes.push(`${k} ${(await timed(() => q.execute(db))).toFixed(1)} ms`);
      console.log(`  its parts alone: ${partTimes.join(', ')}`);
      const plan = await sql<{ 'QUERY PLAN': string }>`explain (analyze, costs off, timing off) ${repo.sumsQuery(f, 'all', await horizon(db))}`.execute(db);
      console.log(plan.rows.map((r) => '    ' + r['QUERY PLAN']).join('\n'));
      const stocksPlan = await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers, costs off, timing off) ${repo.stocksQuery(f, 'all', now)}`.execute(db);
      console.log(`  EXPLAIN of the stocks:\n${stocksPlan.rows.map((r) => '    ' + r['QUERY PLAN']).join('\n')}`);
      console.log(`  full-scan aggregate over cases:     ${scan.toFixed(1)} ms  (×${(scan / overview).toFixed(0)} slower)`);
      results.push({ n, overview, scan, deltas });
      if (n !== SIZES[SIZES.length - 1]) {
        // keep this size: a file-level copy (CREATE DATABASE … TEMPLATE), then grow the original
        await database.close();
        const copy = `${name}_${n}`;
        const t0 = performance.now();
        await adminQuery(`create database ${copy} template ${name}`);
        copies.push({ n, name: copy });
        console.log(`  copied the ${n.toLocaleString()}-case database in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
        database = await open(name);
        db = database.db;
      }
    }
    if (copies.length) {
      // The sizes measured one after the other meet whatever else the shared box is doing at that time. Here
      // every size answers in turn, round after round (order alternating), so the box's load falls on all alike.
      const f: repo.Filter = { from: '2026-11-01', to: '2026-11-30', path: county.path, unitId: null };
      const now = new Date('2026-11-30T18:00:00+08:00');
      const dbs = [...(await Promise.all(copies.map(async (c) => ({ n: c.n, d: await open(c.name) })))), { n: SIZES[SIZES.length - 1]!, d: database }];
      const times = new Map<number, number[]>(dbs.map((x) => [x.n, []]));
      try {
        for (const x of dbs) await repo.sums(x.d.db, f, 'all', now); // warm
        for (let r = 0; r < 4 * RUNS; r++) {
          for (const x of r % 2 ? [...dbs].reverse() : dbs) {
            const t = performance.now();
            await repo.sums(x.d.db, f, 'all', now);
            times.get(x.n)!.push(performance.now() - t);
          }
        }
      } finally {
        for (const x of dbs) if (x.d !== database) await x.d.close();
      }
      const med = dbs.map((x) => ({ n: x.n, ms: median(times.get(x.n)!) }));
      console.log(`\ninterleaved (${4 * RUNS} rounds, each size in turn): ${med.map((m) => `${m.n.toLocaleString()} cases ${m.ms.toFixed(2)} ms`).join(', ')}`);
      console.log(`overview ${med[med.length - 1]!.n.toLocaleString()}/${med[0]!.n.toLocaleString()} interleaved: ${(med[med.length - 1]!.ms / med[0]!.ms).toFixed(2)} (target ≤ 1.3)`);
    }
    if (results.length >= 2) {
      const [a, b] = [results[0]!, results[results.length - 1]!];
      console.log(`\noverview ${b.n.toLocaleString()}/${a.n.toLocaleString()} measured one after the other: ${(b.overview / a.overview).toFixed(2)}; full scan ratio ${(b.scan / a.scan).toFixed(2)}`);
    }
    const plan = await sql<{ 'QUERY PLAN': string }>`explain (analyze, costs off, timing off) select count(*) from cases
      where search_vector @@ to_tsquery('simple', '漏水') and (title || ' ' || description) like '%漏水%'`.execute(db);
    console.log(`\nEXPLAIN of a 2-character keyword search (漏水, in 1 case of 1,000) on ${have.toLocaleString()} cases:\n${plan.rows.map((r) => '  ' + r['QUERY PLAN']).join('\n')}`);
  } finally {
    await database.close();
    for (const c of [name, ...copies.map((x) => x.name)]) await adminQuery(`drop database if exists ${c} with (force)`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
