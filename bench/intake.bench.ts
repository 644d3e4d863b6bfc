// npm run bench:intake — the full staff intake path over HTTP (session, validation, idempotency key,
// landing, sealed parties, case + timeline + audit + statistics writes) against PostgreSQL with 50
// concurrent clients (autocannon in this process, the server in a child process); then, on the same server, pgbench with four single-row inserts per transaction
// (16 clients) as the baseline. Prints both and the ratio (docs/PERFORMANCE.md).
import autocannon from 'autocannon';
import pg from 'pg';
import { execFileSync, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedDemo } from '../src/seed/demo.js';
import { buildApp } from '../src/app.js';
import { systemClock } from '../src/db/business-time.js';
import { batchStats } from '../src/modules/cases/intake-batch.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const admin = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const url = (db: string) => Object.assign(new URL(admin), { pathname: `/${db}` }).toString();

/** The server under test runs in its own process (as in production), so the load generator does not share its event loop. */
async function serve(dbName: string) {
  const database = await openDatabase({ url: url(dbName), timeZone: 'Asia/Shanghai', poolSize: 20 });
  await migrateToLatest(database.db);
  await seedDemo(database.db);
  const app = await buildApp({ db: database.db, database, clock: systemClock, version: 'bench', demo: true, filesDir: mkdtempSync(path.join(tmpdir(), 'fq-bench-')) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  let cpu = process.cpuUsage();
  process.on('message', async (m: string) => {
    if (m === 'start') cpu = process.cpuUsage();
    if (m === 'stop') {
      const used = process.cpuUsage(cpu);
      process.send!({ cpuMs: (used.user + used.system) / 1000, ...batchStats });
      await app.close();
      await database.close();
      process.exit(0);
    }
  });
  process.send!({ port: (app.server.address() as { port: number }).port });
}

async function main() {
  const name = `fq_bench_intake_${process.pid}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  const server = fork(fileURLToPath(import.meta.url), ['serve', name], { execArgv: [...process.execArgv, ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [])] });
  try {
    const next = () => new Promise<Record<string, number>>((ok, fail) => { server.once('message', ok); server.once('exit', (code) => fail(new Error(`server exited ${code}`))); });
    const { port } = await next();
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dispatcher', password: 'Fq@demo2026' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    let n = 0;
    server.send('start');
    const result = await autocannon({
      url: `http://127.0.0.1:${port}/api/cases`,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [{
        method: 'POST',
        setupRequest: (req: Record<string, unknown> & { headers?: Record<string, string> }) => ({
          ...req,
          headers: { ...req.headers, cookie, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body: JSON.stringify({
            title: `邻里纠纷 ${++n}`, description: '楼上漏水影响楼下住户，协商未果。', category: 'dispute', disputeType: '02', channel: 'window',
            regionCode: '150826100001001001', applicant: { name: '王秀兰', phone: `139${String(10000000 + (n % 89999999)).padStart(8, '0')}` },
          }),
        }),
      }],
    });
    server.send('stop');
    const stats = await next();
    const b = new pg.Client({ connectionString: url(name) });
    await b.connect();
    const created = Number((await b.query('select count(*) as n from cases')).rows[0].n);
    const casesPerSec = result.requests.average;
    console.log(`intake: ${Math.round(casesPerSec)} cases/s with ${CONNECTIONS} connections (2xx ${result['2xx']}, non-2xx ${result.non2xx}, errors ${result.errors}; ${created} cases in the database), latency p50 ${result.latency.p50} ms p99 ${result.latency.p99} ms`);
    console.log(`server: ${(stats.cpuMs / Math.max(1, result['2xx'])).toFixed(2)} ms of Node CPU per case; ${stats.batches} batches, ${(stats.intakes / Math.max(1, stats.batches)).toFixed(1)} intakes per batch, ${stats.failedBatches} retried one by one`);

    // baseline: four single-row inserts per transaction, 16 clients, same server
    await b.query(`create table if not exists bench_a (id bigserial primary key, v text, at timestamptz default now())`);
    await b.end();
    const script = path.join(mkdtempSync(path.join(tmpdir(), 'fq-pgbench-')), 'four.sql');
    writeFileSync(script, ['BEGIN;', ...Array.from({ length: 4 }, () => "INSERT INTO bench_a (v) VALUES ('x');"), 'END;'].join('\n'));
    const out = execFileSync('pgbench', ['-n', '-c', '16', '-j', '2', '-T', String(SECONDS), '-f', script, url(name)], { encoding: 'utf8' });
    const tps = Number(/tps = ([\d.]+)/.exec(out)![1]);
    console.log(`pgbench baseline (4 single-row inserts per transaction, 16 clients): ${Math.round(tps)} tx/s`);
    console.log(`ratio intake / pgbench: ${(casesPerSec / tps).toFixed(2)}`);
  } finally {
    server.kill();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  }
}

const run = process.argv[2] === 'serve' ? serve(process.argv[3]) : main();
run.catch((e) => {
  console.error(e);
  process.exit(1);
});
