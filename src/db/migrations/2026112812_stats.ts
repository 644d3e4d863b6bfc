import { sql, type Kysely } from 'kysely';

// Statistics (DOMAIN §8): the insert-only case_stat_deltas rows become the rollups. Each row is one
// event of one case on the date that decides its period (for the due-date cohort, the handle deadline's
// date), with the dimensions every breakdown needs: first and highest level (不出村/不出镇/不上交), the
// case it belongs to (rebuild), and the handling time in whole working days (a histogram bucket, so the
// median needs no scan of cases). The case keeps its current handle deadline for the cohort.
// Rows written before this migration lack these columns: run `npm run stats:rebuild` once after upgrading.
export async function up(db: Kysely<any>) {
  await sql`alter table case_stat_deltas add column case_id bigint`.execute(db);
  await sql`alter table case_stat_deltas add column first_level text`.execute(db);
  await sql`alter table case_stat_deltas add column highest_level text`.execute(db);
  await sql`alter table case_stat_deltas add column days int`.execute(db);
  await sql`create index case_stat_deltas_region on case_stat_deltas (region_path text_pattern_ops, business_date)`.execute(db);
  await sql`create index case_stat_deltas_case on case_stat_deltas (case_id)`.execute(db);
  await sql`comment on column case_stat_deltas.business_date is '决定统计期的日期（应结案口径为办理期限日） — the date that decides the period (for the due cohort: the handle deadline''s date)'`.execute(db);
  await sql`comment on column case_stat_deltas.days is '办理用时（工作日，结案行） — handling time in working days, on closing rows'`.execute(db);
  await sql`alter table cases add column handle_due_at timestamptz`.execute(db);
  await sql`comment on column cases.handle_due_at is '当前办理期限（应结案口径） — the current handle deadline (due cohort)'`.execute(db);
  await sql`create index cases_open on cases (place_path text_pattern_ops) where status in ('reported','filed','assigned','in_progress','to_verify','verified')`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`drop index cases_open`.execute(db);
  await sql`alter table cases drop column handle_due_at`.execute(db);
  await sql`drop index case_stat_deltas_case`.execute(db);
  await sql`drop index case_stat_deltas_region`.execute(db);
  for (const c of ['days', 'highest_level', 'first_level', 'case_id']) await sql`alter table case_stat_deltas drop column ${sql.ref(c)}`.execute(db);
}
