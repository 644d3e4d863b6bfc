// The statistics rollup (docs/METRICS.md, "Rollup"): compaction folds the insert-only delta rows into
// case_stat_rollup (Σ delta per day and per month), off the case transactions. Each delta row carries the id
// of the transaction that wrote it; a compaction folds the rows of the transactions older than the oldest
// transaction still running (pg_snapshot_xmin) — all finished, so none can still commit below it — and moves
// the horizon (case_stat_compaction.upto) in the same transaction. Ids in row order would not do: a
// transaction can take a lower id and commit after one with a higher id. Two compactions (two server
// processes) take turns on a transaction-level advisory lock, so a range is folded once.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

/** pg_advisory_xact_lock key of the compaction (and of the rebuild, which resets the rollup). */
export const COMPACTION_LOCK = 7_260_816;

type Q = Kysely<DB> | Transaction<DB>;

/** The horizon: delta rows with tx below it are in the rollup (0 before the first compaction). */
export async function horizon(q: Q): Promise<number> {
  const { rows } = await sql<{ upto: string | number }>`select coalesce((select upto from case_stat_compaction where id = 1), 0)::int8 as upto`.execute(q);
  return Number(rows[0].upto);
}

/** The horizon as SQL, read in the statement that reads the rollup (one snapshot for both). */
export const horizonSql = sql`(select coalesce((select upto from case_stat_compaction where id = 1), 0))`;

/** Lock against other compactions and rebuilds until the transaction ends. */
export const lockRollup = (trx: Transaction<DB>) => sql`select pg_advisory_xact_lock(${COMPACTION_LOCK})`.execute(trx);

const DIMS = sql`metric, region_path, category, dispute_type, channel, level, unit_id, days`;

/**
 * Fold the delta rows of finished transactions (tx in [horizon, oldest running)) into the day and month rows,
 * and advance the horizon. Idempotent; safe to run from several processes at once.
 */
export async function compact(db: Kysely<DB>): Promise<{ from: number; upto: number; folded: number }> {
  return db.transaction().execute(async (trx) => {
    await lockRollup(trx);
    const from = await horizon(trx);
    const { rows } = await sql<{ x: string | number }>`select pg_snapshot_xmin(pg_current_snapshot())::text::int8 as x`.execute(trx);
    const upto = Number(rows[0].x);
    if (upto <= from) return { from, upto: from, folded: 0 };
    const folded = await fold(trx, from, upto);
    await sql`insert into case_stat_compaction (id, upto, folded, compacted_at) values (1, ${upto}, ${folded}, now())
      on conflict (id) do update set upto = excluded.upto, folded = case_stat_compaction.folded + excluded.folded, compacted_at = excluded.compacted_at`.execute(trx);
    return { from, upto, folded };
  });
}

/** Σ delta of the rows with tx in [from, upto) added to the day rows and to the month rows; returns the delta rows read. */
async function fold(trx: Transaction<DB>, from: number, upto: number) {
  const conflict = sql`on conflict (grain, business_date, region_path, metric, category, dispute_type, channel, level, unit_id, days)
    do update set delta = case_stat_rollup.delta + excluded.delta`;
  const { rows } = await sql<{ n: string | number }>`
    with t as materialized (
      select business_date, metric, region_path, category, substr(dispute_type, 1, 2) as dispute_type, channel, level, unit_id, days,
        sum(delta)::int8 as delta, count(*)::int8 as n
      from case_stat_deltas where tx >= ${from}::int8 and tx < ${upto}::int8
      group by business_date, ${DIMS}),
    d as (
      insert into case_stat_rollup (grain, business_date, ${DIMS}, delta)
      select 'day', business_date, ${DIMS}, delta from t ${conflict})
    , m as (
      insert into case_stat_rollup (grain, business_date, ${DIMS}, delta)
      select 'month', date_trunc('month', business_date)::date, ${DIMS}, sum(delta)::int8 from t
      group by 2, ${DIMS} ${conflict})
    select coalesce(sum(n), 0)::int8 as n from t`.execute(trx);
  return Number(rows[0].n);
}

/** Empty the rollup and set the horizon to 0 (every delta row is read from the deltas until the next compaction). */
export async function resetRollup(trx: Transaction<DB>) {
  await sql`delete from case_stat_rollup`.execute(trx);
  await sql`delete from case_stat_compaction`.execute(trx);
}
