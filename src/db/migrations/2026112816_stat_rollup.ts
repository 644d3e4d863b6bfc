import { sql, type Kysely } from 'kysely';

// Statistics rollup (issue #7): the insert-only case_stat_deltas rows stay the source; a compaction step
// (stats.rollup.ts, run by the background sweep) folds them into case_stat_rollup, Σ delta per day and per
// month × metric × grid × category × dispute-type group × channel × level × unit × handling-days bucket.
// A delta row carries the id of the transaction that wrote it (`tx`); the compaction folds the rows of every
// transaction older than the oldest one still running, and records that horizon in case_stat_compaction, so a
// row committed late can never fall below it. A query reads rollup rows + delta rows at or above the horizon.
// No hot rows at intake: the case transactions only insert deltas, as before.
export async function up(db: Kysely<any>) {
  await sql`alter table case_stat_deltas add column tx bigint not null default (pg_current_xact_id()::text::int8)`.execute(db);
  await sql`create index case_stat_deltas_tx on case_stat_deltas (tx)`.execute(db);
  await sql`comment on column case_stat_deltas.tx is '写入该行的事务号（压缩水位用，库内有效，不导出） — id of the writing transaction (compaction horizon; local to this database, not exported)'`.execute(db);
  await sql`
    create table case_stat_rollup (
      grain text not null check (grain in ('day', 'month')),
      business_date date not null,
      metric text not null,
      region_path text not null,
      category text not null,
      dispute_type text,
      channel text not null,
      level text not null,
      unit_id bigint,
      days int,
      delta bigint not null
    )`.execute(db);
  await sql`create unique index case_stat_rollup_key on case_stat_rollup (grain, business_date, region_path, metric, category, dispute_type, channel, level, unit_id, days) nulls not distinct`.execute(db);
  await sql`comment on table case_stat_rollup is '统计汇总（由增量压缩而来，按日与按月） — statistics rollup compacted from the deltas, per day and per month'`.execute(db);
  await sql`comment on column case_stat_rollup.business_date is '日粒度为当日，月粒度为当月1日 — the day, or the first day of the month for the month grain'`.execute(db);
  await sql`comment on column case_stat_rollup.dispute_type is '纠纷类型大类（前2位） — the dispute type group (first 2 characters)'`.execute(db);
  await sql`
    create table case_stat_compaction (
      id int primary key default 1 check (id = 1),
      upto bigint not null,
      folded bigint not null default 0,
      compacted_at timestamptz not null default now()
    )`.execute(db);
  await sql`comment on table case_stat_compaction is '统计压缩水位：事务号小于 upto 的增量已汇总 — compaction horizon: deltas of transactions below upto are in the rollup'`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`drop table case_stat_compaction`.execute(db);
  await sql`drop table case_stat_rollup`.execute(db);
  await sql`drop index case_stat_deltas_tx`.execute(db);
  await sql`alter table case_stat_deltas drop column tx`.execute(db);
}
