import { sql, type Kysely } from 'kysely';

// Imports write into the registers in short chunks, each row tagged with its import job; readers see a
// tagged row only once its job is done (src/modules/registers/visible.ts), so nobody sees half an import and
// the switch-over is one short transaction (the job flips to done). A failed or interrupted job's rows are
// removed by a compensating delete. The heartbeat tells a running job from one cut by a restart.
const TABLES = ['people', 'housing', 'establishments', 'keypersons', 'addresses'];

export async function up(db: Kysely<any>) {
  for (const t of TABLES) {
    await sql`alter table ${sql.table(t)} add column import_job_id bigint references import_jobs(id) deferrable initially immediate`.execute(db);
    await sql`create index ${sql.id(`${t}_import_job`)} on ${sql.table(t)} (import_job_id) where import_job_id is not null`.execute(db);
    await sql`comment on column ${sql.raw(`${t}.import_job_id`)} is '写入此行的导入任务；任务完成前此行对所有读者不可见 — the import job that wrote this row; invisible to every reader until the job is done'`.execute(db);
  }
  await sql`alter table import_jobs add column heartbeat_at timestamptz`.execute(db);
  await sql`comment on column import_jobs.heartbeat_at is '运行中任务的心跳；重启后过期的任务标为失败 — heartbeat of a running job; a stale one (cut by a restart) is marked failed'`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`alter table import_jobs drop column heartbeat_at`.execute(db);
  for (const t of TABLES) await sql`alter table ${sql.table(t)} drop column import_job_id`.execute(db);
}
