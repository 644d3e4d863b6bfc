// The compacted rollup gives the same figures as the delta rows alone: random delta rows over several months,
// regions, units and dimensions, queried for whole and partial months, days, weeks and every breakdown,
// before and after compactions, with more rows (retractions too) in between. On PostgreSQL, two compactions at
// once and a transaction that commits after a younger one must not double count or lose a row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Database } from '../../db/database.js';
import { freshDatabase, onPostgres } from '../../../test/helpers.js';
import * as repo from './stats.repo.js';
import { compact, horizon, resetRollup } from './stats.rollup.js';

let database: Database;
let db: Kysely<DB>;
let paths: Record<string, string>;
beforeAll(async () => {
  database = await freshDatabase();
  db = database.db;
  const regions = await db.selectFrom('regions').select(['code', 'path']).where('code', 'in', ['150826', '150826100', '150826100001', '150826100001001', '150826100002', '150826101']).execute();
  paths = Object.fromEntries(regions.map((r) => [r.code, r.path]));
}, 60_000);
afterAll(() => database?.close());

/** A small deterministic generator (the same rows on every run). */
function random(seed: number) {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  return { next, pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

const METRICS = ['received', 'filed', 'closed', 'due', 'due_closed', 'rated', 'satisfied', 'resolved', 'dispute_closed'];

function deltaRows(n: number, seed: number) {
  const r = random(seed);
  const places = ['150826100001001', '150826100001', '150826100002', '150826101'].map((c) => paths[c]);
  return Array.from({ length: n }, (_, i) => {
    const metric = r.pick(METRICS);
    const day = new Date(Date.parse('2026-10-20T00:00:00Z') + Math.floor(r.next() * 115) * 86_400_000).toISOString().slice(0, 10);
    const category = r.pick(['dispute', 'service', 'hazard']);
    return {
      caseId: 1_000_000 + i, businessDate: day, metric, delta: r.next() < 0.1 ? -1 : 1, regionPath: r.pick(places), category,
      disputeType: category === 'dispute' ? r.pick(['0201', '0203', '09', '1103']) : null, channel: r.pick(['grid', 'window', 'citizen']),
      level: r.pick(['village', 'town', 'county']), unitId: r.pick([1, 2, 3, null]), firstLevel: 'village', highestLevel: 'town',
      days: metric === 'closed' ? Math.floor(r.next() * 12) : null,
    };
  });
}

async function insert(rows: ReturnType<typeof deltaRows>, transactions = 3) {
  const size = Math.ceil(rows.length / transactions);
  for (let i = 0; i < rows.length; i += size) await db.insertInto('caseStatDeltas').values(rows.slice(i, i + size)).execute();
}

const FILTERS = [
  ['2026-11-01', '2026-11-30'], ['2026-11-01', '2027-01-31'], ['2026-10-25', '2026-12-10'], ['2026-11-05', '2026-11-25'],
  ['2026-12-31', '2026-12-31'], ['2026-10-01', '2027-03-31'], ['2026-12-01', '2027-01-15'],
] as const;
const GROUPS: repo.GroupBy[] = ['all', 'type', 'unit', 'region', 'category', 'channel', 'level', 'day', 'week', 'month', 'quarter', 'year'];

/** Every answer of repo.sums for the filters × groups × scopes, in a stable order. */
async function answers(q: Kysely<DB>) {
  const out: Record<string, unknown> = {};
  for (const [from, to] of FILTERS)
    for (const by of GROUPS)
      for (const [code, unitId] of [['150826', null], ['150826100', null], ['150826', 2]] as const) {
        const s = await repo.sums(q, { from, to, path: paths[code], unitId }, by, null);
        const norm = (xs: Record<string, unknown>[]) => xs.map((x) => JSON.stringify(Object.fromEntries(Object.entries(x).map(([k, v]) => [k, typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v])))).sort();
        out[`${from}..${to} ${by} ${code} ${unitId}`] = { sums: norm(s.sums), histogram: norm(s.histogram) };
      }
  return out;
}

/** The same answers from the delta rows alone: the rollup emptied in a transaction that is rolled back. */
async function fromDeltasOnly() {
  let out: Record<string, unknown> = {};
  await db.transaction().execute(async (trx) => {
    await resetRollup(trx);
    out = await answers(trx);
    throw Object.assign(new Error('rollback'), { out });
  }).catch((e) => {
    if (e.message !== 'rollback') throw e;
  });
  return out;
}

/**
 * Compact until every committed row is folded. The horizon is the oldest transaction running on the whole server:
 * on a shared PostgreSQL server a long write in another database (a bulk load) holds it back; the test is then
 * skipped with that reason (the figures stay exact, but there is nothing folded to check).
 */
async function compactAll(ctx: { skip: (note?: string) => void }) {
  const { rows } = await sql<{ m: string | number | null }>`select max(tx) as m from case_stat_deltas`.execute(db);
  const top = Number(rows[0].m ?? 0);
  for (let i = 0; i < 300; i++) {
    await compact(db);
    if ((await horizon(db)) > top) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  const { rows: others } = await sql<{ n: string | number }>`select count(*) as n from pg_stat_activity where datname is distinct from current_database() and backend_xid is not null`.execute(db);
  if (Number(others[0].n) > 0) ctx.skip('a long transaction in another database holds the compaction horizon back (shared server)');
  throw new Error('the compaction horizon did not pass the last delta row');
}

const rollupRows = async () =>
  (await sql<{ r: string }>`select concat_ws('|', grain, business_date, metric, region_path, category, dispute_type, channel, level, unit_id, days, delta) as r from case_stat_rollup order by 1`.execute(db)).rows.map((x) => x.r);

/** The day rows equal the deltas of the horizon's side summed; the month rows equal the day rows summed by month. */
async function expectRollupExact() {
  const { rows } = await sql<{ bad: string | number }>`
    with w as (select coalesce((select upto from case_stat_compaction), 0) as upto),
    dd as (select business_date, metric, region_path, category, substr(dispute_type, 1, 2) as t, channel, level, unit_id, days, sum(delta)::int8 as n
      from case_stat_deltas where tx < (select upto from w) group by 1, 2, 3, 4, 5, 6, 7, 8, 9),
    rd as (select business_date, metric, region_path, category, dispute_type as t, channel, level, unit_id, days, delta as n from case_stat_rollup where grain = 'day' and delta <> 0),
    mm as (select date_trunc('month', business_date)::date as m, metric, region_path, category, t, channel, level, unit_id, days, sum(n)::int8 as n from rd group by 1, 2, 3, 4, 5, 6, 7, 8, 9),
    rm as (select business_date as m, metric, region_path, category, dispute_type as t, channel, level, unit_id, days, delta as n from case_stat_rollup where grain = 'month' and delta <> 0)
    select ((select count(*) from ((select * from dd where n <> 0) except all (select * from rd)) a) + (select count(*) from ((select * from rd) except all (select * from dd where n <> 0)) b)
      + (select count(*) from ((select * from mm where n <> 0) except all (select * from rm)) c) + (select count(*) from ((select * from rm) except all (select * from mm where n <> 0)) d))::int8 as bad`.execute(db);
  expect(Number(rows[0].bad)).toBe(0);
}

describe('the statistics rollup', () => {
  it('gives the numbers of the delta rows alone, after a compaction and after more rows', async (ctx) => {
    await insert(deltaRows(1500, 1));
    const before = await answers(db);
    expect(before).toEqual(await fromDeltasOnly());
    await compactAll(ctx);
    expect(Number((await sql<{ n: string }>`select count(*) as n from case_stat_rollup`.execute(db)).rows[0].n)).toBeGreaterThan(0);
    await expectRollupExact();
    expect(await answers(db)).toEqual(before);
    // more rows (retractions among them), queried before and after the next compaction
    await insert(deltaRows(700, 2), 2);
    const more = await fromDeltasOnly();
    expect(more).not.toEqual(before);
    expect(await answers(db)).toEqual(more);
    await compactAll(ctx);
    await expectRollupExact();
    expect(await answers(db)).toEqual(more);
  }, 240_000);

  it('compacting again changes nothing', async (ctx) => {
    await compactAll(ctx);
    const rows = await rollupRows();
    const figures = await answers(db);
    const again = await compact(db);
    expect(again.folded).toBe(0);
    expect(await rollupRows()).toEqual(rows);
    expect(await answers(db)).toEqual(figures);
  }, 120_000);

  it.skipIf(!onPostgres())('two compactions at once fold each row once; a transaction that commits after a younger one is not lost (PostgreSQL: PGlite has one connection)', async (ctx) => {
    // an older transaction writes a row and stays open while younger ones write and commit
    const late = await db.startTransaction().execute();
    await late.insertInto('caseStatDeltas').values(deltaRows(40, 3)).execute();
    const lateTx = Number((await sql<{ x: string }>`select pg_current_xact_id()::text as x`.execute(late)).rows[0].x);
    await insert(deltaRows(300, 4), 3);
    // compactions from several connections at once, while rows keep arriving
    const results = await Promise.all([compact(db), compact(db), insert(deltaRows(200, 5), 4), compact(db)]);
    // none may pass the open transaction: its rows would commit below the horizon
    expect(await horizon(db)).toBeLessThanOrEqual(lateTx);
    for (const r of results.slice(0, 2)) if (r) expect(r.upto).toBeLessThanOrEqual(lateTx);
    await expectRollupExact();
    expect(await answers(db)).toEqual(await fromDeltasOnly());
    await late.commit().execute();
    await Promise.all([compactAll(ctx), compactAll(ctx)]);
    await expectRollupExact();
    expect(await answers(db)).toEqual(await fromDeltasOnly());
  }, 240_000);
});
