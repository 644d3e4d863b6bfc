// probe: where does the people switch-over time go on PGlite (100k staged rows)
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedDemo } from '../src/seed/demo.js';

const N = Number(process.env.N ?? 100_000);
const url = process.env.DB_URL;
const d = await openDatabase({ timeZone: 'Asia/Shanghai', url });
const db = d.db;
if (url) { await sql`drop schema public cascade`.execute(db); await sql`create schema public`.execute(db); }
await migrateToLatest(db);
await seedDemo(db);
const grid = (await sql<{ id: number }>`select id from regions where code = '150826100001001'`.execute(db)).rows[0].id;
const user = (await sql<{ id: number }>`select id from users order by id limit 1`.execute(db)).rows[0].id;
await sql`insert into import_jobs (register, filename, status, valid_only, created_by, created_at) values ('people','x','loading',false,${user},now())`.execute(db);
const job = (await sql<{ id: number }>`select max(id) as id from import_jobs`.execute(db)).rows[0].id;
async function stage() {
  await sql`delete from import_staging`.execute(db);
  for (let i = 0; i < N; i += 10000)
    await sql`insert into import_staging (job_id, row_no, data)
      select ${job}, g, jsonb_build_object('name', '居民' || substr('甲乙丙丁戊己庚辛壬癸', (g % 10) + 1, 1), 'idType','resident_id',
        'idNumberSealed', md5(g::text) || md5(g::text || 'a') || md5(g::text || 'b'), 'idNumberIndex', md5('id' || g::text), 'phoneSealed', null, 'phoneIndex', null,
        'gridId', ${grid}::bigint, 'registration', 'registered')
      from generate_series(${i + 1}::int, ${Math.min(N, i + 10000)}::int) g`.execute(db);
}
const ins = (where = sql``) => sql`insert into people (name, id_type, id_number_sealed, id_number_index, phone_sealed, phone_index, grid_id, registration, created_by, created_at, updated_at)
        select data->>'name', data->>'idType', data->>'idNumberSealed', data->>'idNumberIndex', data->>'phoneSealed', data->>'phoneIndex',
               (data->>'gridId')::bigint, data->>'registration', ${user}::bigint, now(), now()
        from import_staging where job_id = ${job} ${where} order by row_no on conflict (id_number_index) do nothing`;
async function run(label: string, setup: () => Promise<void>, teardown: () => Promise<void>, body = async () => { await ins().execute(db); }) {
  await stage();
  await setup();
  const s = performance.now();
  await body();
  const ms = performance.now() - s;
  await sql`delete from people where created_by = ${user} and id_number_index like '________________________________'`.execute(db);
  await teardown();
  console.log(`${label.padEnd(50)} ${ms.toFixed(0)} ms`);
}
const noop = async () => {};
await sql`vacuum`.execute(db).catch(() => {});
await run('as is (all indexes)', noop, noop);
await run('FK/RI triggers off', async () => { await sql`alter table people disable trigger all`.execute(db); }, async () => { await sql`alter table people enable trigger all`.execute(db); });
await run('without people_search (GIN ngram)', async () => { await sql`drop index people_search`.execute(db); }, async () => { await sql`create index people_search on people using gin (search_vector)`.execute(db); });
await run('without unique id_number (no on conflict)', async () => { await sql`drop index people_id_number`.execute(db); }, async () => { await sql`create unique index people_id_number on people (id_number_index)`.execute(db); },
  async () => { await sql`insert into people (name, id_type, id_number_sealed, id_number_index, phone_sealed, phone_index, grid_id, registration, created_by, created_at, updated_at)
        select data->>'name', data->>'idType', data->>'idNumberSealed', data->>'idNumberIndex', data->>'phoneSealed', data->>'phoneIndex',
               (data->>'gridId')::bigint, data->>'registration', ${user}::bigint, now(), now() from import_staging where job_id = ${job}`.execute(db); });
await run('without the three btree (phone, grid, address)', async () => { for (const i of ['people_phone','people_grid','people_address']) await sql`drop index ${sql.ref(i)}`.execute(db); },
  async () => { await sql`create index people_phone on people (phone_index)`.execute(db); await sql`create index people_grid on people (grid_id)`.execute(db); await sql`create index people_address on people (address_id)`.execute(db); });
await run('GIN with fastupdate=off', async () => { await sql`alter index people_search set (fastupdate = off)`.execute(db); }, async () => { await sql`alter index people_search set (fastupdate = on)`.execute(db); });
// select-only cost (jsonb decode + fq_ngrams)
await stage();
let s = performance.now();
await sql`select count(*) from (select data->>'name', data->>'idType', data->>'idNumberSealed', data->>'idNumberIndex', (data->>'gridId')::bigint from import_staging where job_id = ${job} order by row_no) x`.execute(db);
console.log(`${'select from staging only'.padEnd(50)} ${(performance.now() - s).toFixed(0)} ms`);
s = performance.now();
await sql`select count(fq_ngrams(data->>'name')) from import_staging where job_id = ${job}`.execute(db);
console.log(`${'fq_ngrams over staged names'.padEnd(50)} ${(performance.now() - s).toFixed(0)} ms`);
// chunked: 2000 rows per statement
await run('chunked by 2000 rows (sum)', noop, noop, async () => {
  let worst = 0;
  for (let i = 0; i < N; i += 2000) {
    const t = performance.now();
    await ins(sql`and row_no > ${i} and row_no <= ${i + 2000}`).execute(db);
    worst = Math.max(worst, performance.now() - t);
  }
  console.log(`  worst 2000-row chunk ${worst.toFixed(0)} ms`);
});
await d.close();
