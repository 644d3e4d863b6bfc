// Moving a job's staged rows into its register without holding the database (PGlite has one connection
// behind a mutex; on PostgreSQL a long transaction is a hazard of its own) and without anyone ever seeing
// half an import:
//   1. load: the staged rows go into the register in chunks of CHUNK rows, each chunk its own short
//      transaction (other requests interleave between chunks). Every row written is tagged with the job
//      (import_job_id) and every reader filters such rows out until the job is done (registers/visible.ts).
//   2. switch-over: one short transaction flips the job to done and writes its audit row: from that commit
//      on, all its rows are visible at once. The staging rows are then emptied in chunks.
//   3. undo: a job that fails (rows refused in all-or-nothing mode, a conflict, a crash) has its tagged rows
//      removed by a compensating delete, also in chunks; until then they are invisible anyway.
// A job cut by a restart is found by its stale heartbeat (recoverInterrupted) and failed and undone.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../db/business-time.js';
import { record, type Actor } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/auth.service.js';
import type { ImportCtx, RegisterAdapter, RowReport } from './imports.registers.js';

/** rows per chunk transaction: what another request may wait at most on PGlite (~0.1–0.5 s for people) */
export const CHUNK = 1000;
/** a running job whose heartbeat is older than this is taken as cut by a restart (sweeper, PostgreSQL start-up) */
export const STALE_MS = 2 * 60_000;
export const RUNNING = ['queued', 'validating', 'loading'] as const;
export const INTERRUPTED = '导入因服务重启而中断，未写入任何数据，请重新导入';

/** Stops a load whose job is no longer in the expected status (e.g. failed by the recovery sweep). */
export class JobLost extends Error {
  constructor(public jobId: number) {
    super(`import job ${jobId} is no longer running`);
  }
}

const yieldTurn = () => new Promise<void>((r) => setImmediate(r));

/** Tests watch a load between its chunks (after a chunk committed, before the next one starts). */
export const loadObserver: { afterChunk?: (jobId: number, chunks: number) => Promise<void> | void } = {};

/**
 * Write the job's staged rows into the register in chunked transactions, tagged with the job. Returns how many
 * were written and the rows the register refused. `status` is what the job must still be at each chunk
 * ('loading', or 'validating' for the trial that completes a report); `onChunk` sees each chunk's duration.
 */
export async function loadChunks(ctx: ImportCtx, a: RegisterAdapter, user: SessionUser, jobId: number, actor: Actor, status: 'loading' | 'validating', onChunk?: (ms: number) => void) {
  let after = 0, inserted = 0, staged = 0, chunks = 0;
  const refused: RowReport[] = [];
  for (;;) {
    const started = performance.now();
    const r = await ctx.db.transaction().execute(async (trx) => {
      const alive = await trx.updateTable('importJobs').set({ heartbeatAt: ctx.clock.now(), ...(status === 'loading' ? { insertedRows: inserted } : {}) })
        .where('id', '=', jobId).where('status', '=', status).executeTakeFirst();
      if (Number(alive.numUpdatedRows) === 0) throw new JobLost(jobId);
      return a.loadChunk(trx, { jobId, after, limit: CHUNK, user, actor, at: ctx.clock.now(), ctx });
    });
    onChunk?.(performance.now() - started);
    if (r.staged === 0) break;
    inserted += r.inserted;
    staged += r.staged;
    refused.push(...r.refused);
    after = r.last;
    await loadObserver.afterChunk?.(jobId, ++chunks);
    await yieldTurn(); // let requests queued on the connection go first
  }
  return { inserted, staged, refused };
}

const TAGGED: { table: 'keypersons' | 'housing' | 'establishments' | 'people'; entity: string }[] = [
  { table: 'keypersons', entity: 'keyperson' }, // before people (keypersons.person_id); cadres go by cascade
  { table: 'housing', entity: 'housing' }, // tenants go by cascade
  { table: 'establishments', entity: 'establishment' },
  { table: 'people', entity: 'person' },
];

/**
 * Compensating delete of everything the job wrote into the registers, chunk by chunk, while the job is not
 * done (a job flipped to loading again by "import valid rows" stops it). Addresses the job created are
 * removed when nothing else refers to them; the others (reused meanwhile) are kept as ordinary addresses.
 */
export async function undoJob(db: Kysely<DB>, jobId: number) {
  const open = sql<boolean>`(select status from import_jobs where id = ${jobId}) in ('failed', 'invalid', 'validating')`;
  let removed = 0;
  for (const { table, entity } of TAGGED) {
    for (;;) {
      const n = await db.transaction().execute(async (trx) => {
        const gone = await sql<{ id: number }>`
          delete from ${sql.table(table)} where id in (select id from ${sql.table(table)} where import_job_id = ${jobId} limit ${CHUNK}) and ${open} returning id`.execute(trx);
        const ids = gone.rows.map((g) => Number(g.id));
        if (ids.length) await sql`delete from register_changes where entity = ${entity} and entity_id = any(${ids}::bigint[])`.execute(trx);
        return ids.length;
      });
      removed += n;
      if (n === 0) break;
      await yieldTurn();
    }
  }
  for (;;) { // leaves first: a room, then its unit, building, place
    const n = await db.transaction().execute(async (trx) => {
      const gone = await sql<{ id: number }>`
        delete from addresses a where a.id in (
          select x.id from addresses x where x.import_job_id = ${jobId}
            and not exists (select 1 from addresses c where c.parent_id = x.id)
            and not exists (select 1 from housing h where h.address_id = x.id)
            and not exists (select 1 from people p where p.address_id = x.id)
            and not exists (select 1 from establishments e where e.address_id = x.id)
          limit ${CHUNK}) and ${open} returning id`.execute(trx);
      const ids = gone.rows.map((g) => Number(g.id));
      if (ids.length) await sql`delete from register_changes where entity = 'address' and entity_id = any(${ids}::bigint[])`.execute(trx);
      return ids.length;
    });
    if (n === 0) break;
    await yieldTurn();
  }
  await sql`update addresses set import_job_id = null where import_job_id = ${jobId} and ${open}`.execute(db);
  return removed;
}

/** Empty the job's staging rows in chunks. */
export async function dropStaging(db: Kysely<DB>, jobId: number) {
  for (;;) {
    const r = await sql`delete from import_staging where job_id = ${jobId} and row_no in (select row_no from import_staging where job_id = ${jobId} order by row_no limit ${CHUNK * 2})`.execute(db);
    if (Number(r.numAffectedRows ?? 0) === 0) break;
    await yieldTurn();
  }
}

/** The switch-over proper: one short transaction that makes every row of the job visible at once. */
export async function flipDone(db: Kysely<DB>, jobId: number, set: Record<string, unknown>, audit: (trx: Kysely<DB>) => Promise<void>) {
  await db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('importJobs').set({ ...set, status: 'done' }).where('id', '=', jobId).where('status', '=', 'loading').executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new JobLost(jobId);
    await audit(trx);
  });
}

/**
 * Jobs cut by a restart: a running job whose heartbeat is older than `staleMs` (0 at the start of the embedded
 * server: nothing else can run a job there) and that this process is not running is failed with a clear
 * message; then every failed or refused job that still has tagged rows is undone, and the staging rows of
 * finished jobs are emptied. Returns the ids of the jobs it failed.
 */
export async function recoverInterrupted(ctx: { db: Kysely<DB>; clock: Clock }, o: { staleMs: number; running?: Iterable<number>; actor?: Actor }) {
  const db = ctx.db;
  const cutoff = new Date(ctx.clock.now().getTime() - o.staleMs);
  const mine = [...(o.running ?? [])];
  let q = db.selectFrom('importJobs').select(['id', 'status', 'register']).where('status', 'in', [...RUNNING]).where(sql<boolean>`coalesce(heartbeat_at, created_at) <= ${cutoff}`);
  if (mine.length) q = q.where('id', 'not in', mine);
  const failed: number[] = [];
  for (const j of await q.execute()) {
    const r = await db.transaction().execute(async (trx) => {
      const u = await trx.updateTable('importJobs').set({ status: 'failed', message: INTERRUPTED, finishedAt: ctx.clock.now() }).where('id', '=', j.id).where('status', '=', j.status).executeTakeFirst();
      if (Number(u.numUpdatedRows) && o.actor) await record(trx, o.actor, { action: 'import.interrupted', objectType: 'import_job', objectId: j.id, details: { register: j.register, status: j.status } }, ctx.clock.now());
      return Number(u.numUpdatedRows);
    });
    if (r) failed.push(j.id);
  }
  const leftover = new Set<number>();
  for (const t of [...TAGGED.map((x) => x.table), 'addresses'] as const) {
    const rows = await sql<{ id: number }>`select distinct j.id from import_jobs j where j.status in ('failed', 'invalid') and exists (select 1 from ${sql.table(t)} x where x.import_job_id = j.id)`.execute(db);
    for (const r of rows.rows) leftover.add(Number(r.id));
  }
  for (const id of leftover) await undoJob(db, id);
  const finished = await db.selectFrom('importJobs').select('id').where('status', 'in', ['failed', 'done']).where((eb) => eb.exists(eb.selectFrom('importStaging').select('rowNo').whereRef('importStaging.jobId', '=', 'importJobs.id'))).execute();
  for (const f of finished) await dropStaging(db, f.id);
  return failed;
}
