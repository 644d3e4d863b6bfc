// npm run bench:import — where the switch-over of a people import spends its time, on embedded PGlite
// (FQ_BENCH_URL=postgres://…/a_scratch_database for a server: its public schema is dropped and rebuilt). N staged rows (default 20 000; FQ_BENCH_ROWS) are inserted into
// `people` the way the import does (INSERT … SELECT from import_staging, ON CONFLICT on the ID blind index),
// as is and with one part taken away each time, with the first (SQL) and the current (PL/pgSQL, migration
// 2026112818_fast_ngrams) definition of the search vector function; then the load in chunks of 1 000 rows and
// the function alone. Every figure is also printed as a ratio of the first row, measured in the same run. Outside CI (docs/PERFORMANCE.md,
// section "Import switch-over").
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedDemo } from '../src/seed/demo.js';
import * as fastNgrams from '../src/db/migrations/2026112818_fast_ngrams.js';

const N = Number(process.env.FQ_BENCH_ROWS ?? 20_000);
const url = process.env.FQ_BENCH_URL;
const d = await openDatabase({ timeZone: 'Asia/Shanghai', url });
const db = d.db;
if (url) {
  await sql`drop schema public cascade`.execute(db);
  await sql`create schema public`.execute(db);
}
await migrateToLatest(db);
await seedDemo(db);
const grid = (await sql<{ id: number }>`select id from regions where code = '150826100001001'`.execute(db)).rows[0].id;
const user = (await sql<{ id: number }>`select id from users order by id limit 1`.execute(db)).rows[0].id;
await sql`insert into import_jobs (register, filename, status, valid_only, created_by, created_at) values ('people', 'bench', 'loading', false, ${user}, now())`.execute(db);
const job = (await sql<{ id: number }>`select max(id)::int as id from import_jobs`.execute(db)).rows[0].id;
await sql.raw(`create function fq_ngrams_v1(t text) returns tsvector language sql immutable as $fq$${fastNgrams.SLOW}$fq$`).execute(db);

let serial = 0;
async function stage() {
  await sql`delete from import_staging`.execute(db);
  await sql`insert into import_staging (job_id, row_no, data)
    select ${job}::bigint, g, jsonb_build_object('name', '居民' || substr('甲乙丙丁戊己庚辛壬癸', (g % 10) + 1, 1) || '其其格', 'idType', 'resident_id',
      'idNumberSealed', encode(sha512(g::text::bytea), 'base64'), 'idNumberIndex', md5('id' || (g + ${serial}::int)::text), 'phoneSealed', null, 'phoneIndex', null,
      'gridId', ${grid}::bigint, 'registration', 'registered')
    from generate_series(1, ${N}::int) g`.execute(db);
  serial += N;
}
const insert = (range = sql``) => sql`
  insert into people (name, id_type, id_number_sealed, id_number_index, phone_sealed, phone_index, grid_id, registration, created_by, created_at, updated_at, import_job_id)
  select data->>'name', data->>'idType', data->>'idNumberSealed', data->>'idNumberIndex', data->>'phoneSealed', data->>'phoneIndex',
         (data->>'gridId')::bigint, data->>'registration', ${user}::bigint, now(), now(), ${job}::bigint
  from import_staging where job_id = ${job} ${range} order by row_no on conflict (id_number_index) do nothing`;

const timed = async (f: () => Promise<unknown>) => {
  const s = performance.now();
  await f();
  return performance.now() - s;
};
const noop = async () => {};
const RUNS = Number(process.env.FQ_BENCH_RUNS ?? 3);
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
/** median of RUNS: stage N rows, change the table, insert them, put things back */
async function variant(setup: () => Promise<void>, teardown: () => Promise<void>, body: () => Promise<unknown> = () => insert().execute(db)) {
  const t: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    await stage();
    await setup();
    t.push(await timed(body));
    await sql`delete from people where import_job_id = ${job}`.execute(db);
    await sql`vacuum people`.execute(db);
    await teardown();
  }
  return median(t);
}
const idx = (name: string, def: string) => [async () => { await sql`drop index ${sql.id(name)}`.execute(db); }, async () => { await sql.raw(`create index ${name} on people ${def}`).execute(db); }] as const;

const rows: [string, number][] = [];
async function breakdown(which: string) {
  rows.push([`${which}: one INSERT … SELECT of all staged rows (as is)`, await variant(noop, noop)]);
  rows.push(['  without the GIN index on the search vector', await variant(...idx('people_search', 'using gin (search_vector)'))]);
  rows.push(['  without the foreign-key triggers (grid, creator, job)', await variant(async () => { await sql`alter table people disable trigger all`.execute(db); }, async () => { await sql`alter table people enable trigger all`.execute(db); })]);
  rows.push(['  without the btree indexes (phone, grid, address, job)', await variant(async () => {
    for (const i of ['people_phone', 'people_grid', 'people_address', 'people_import_job']) await sql`drop index ${sql.id(i)}`.execute(db);
  }, async () => {
    for (const [i, def] of [['people_phone', '(phone_index)'], ['people_grid', '(grid_id)'], ['people_address', '(address_id)'], ['people_import_job', '(import_job_id) where import_job_id is not null']]) await sql.raw(`create index ${i} on people ${def}`).execute(db);
  })]);
  rows.push(['  without the unique ID index (and so without ON CONFLICT)', await variant(async () => { await sql`drop index people_id_number`.execute(db); }, async () => { await sql`create unique index people_id_number on people (id_number_index)`.execute(db); },
    () => sql`insert into people (name, id_type, id_number_sealed, id_number_index, grid_id, registration, created_by, import_job_id)
      select data->>'name', data->>'idType', data->>'idNumberSealed', data->>'idNumberIndex', (data->>'gridId')::bigint, data->>'registration', ${user}::bigint, ${job}::bigint
      from import_staging where job_id = ${job}`.execute(db))]);
}
// before: the search vector computed by the first definition (create or replace keeps the function the
// generated column refers to)
await fastNgrams.down(db);
await breakdown('first fq_ngrams (before)');
await fastNgrams.up(db);
await breakdown('PL/pgSQL fq_ngrams (now)');
let worst = 0;
rows.push(['  in chunks of 1 000 rows, each its own transaction (sum)', await variant(noop, noop, async () => {
  worst = 0;
  for (let i = 0; i < N; i += 1000) worst = Math.max(worst, await timed(() => db.transaction().execute((trx) => insert(sql`and row_no > ${i} and row_no <= ${i + 1000}`).execute(trx))));
})]);
rows.push(['  the longest of those chunks', worst]);
await stage();
async function alone(f: string) {
  const t: number[] = [];
  for (let r = 0; r < RUNS; r++) t.push(await timed(() => sql`select count(${sql.raw(f)}(data->>'name')) from import_staging`.execute(db)));
  return median(t);
}
rows.push(['search vector alone, first SQL definition', await alone('fq_ngrams_v1')]);
rows.push(['search vector alone, PL/pgSQL', await alone('fq_ngrams')]);

const base = rows[0][1];
console.log(`${d.kind}, ${N} staged people rows, median of ${RUNS}; ratios against the first row, measured in this run`);
for (const [label, ms] of rows) console.log(`${label.padEnd(66)} ${String(Math.round(ms)).padStart(7)} ms  ${(ms / base).toFixed(2)}`);
await d.close();
