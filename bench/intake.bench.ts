// npm run bench:intake — the full staff intake path over HTTP (session, validation, idempotency key,
// landing, sealed parties, case + timeline + audit + statistics writes) against PostgreSQL with 50
// concurrent clients; then, on the same server, pgbench with four single-row inserts per transaction
// (16 clients) as the baseline. Prints both and the ratio (docs/PERFORMANCE.md).
import autocannon from 'autocannon';
import pg from 'pg';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedDemo } from '../src/seed/demo.js';
import { buildApp } from '../src/app.js';
import { systemClock } from '../src/db/business-time.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const admin = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `fq_bench_intake_${process.pid}`;
const url = (db: string) => Object.assign(new URL(admin), { pathname: `/${db}` }).toString();

async function main() {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  try {
    const database = await openDatabase({ url: url(name), timeZone: 'Asia/Shanghai', poolSize: 20 });
    await migrateToLatest(database.db);
    await seedDemo(database.db);
    const app = await buildApp({ db: database.db, database, clock: systemClock, version: 'bench', demo: true, filesDir: mkdtempSync(path.join(tmpdir(), 'fq-bench-')) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dispatcher', password: 'Fq@demo2026' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    let n = 0;
    const result = await autocannon({
      url: `http://127.0.0.1:${port}/api/cases`,
      connections: 50,
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
    const created = await database.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await app.close();
    await database.close();
    const casesPerSec = result.requests.average;
    console.log(`intake: ${Math.round(casesPerSec)} cases/s (2xx ${result['2xx']}, non-2xx ${result.non2xx}, errors ${result.errors}; ${created.n} cases in the database), latency p50 ${result.latency.p50} ms p99 ${result.latency.p99} ms`);

    // baseline: four single-row inserts per transaction, 16 clients, same server
    const b = new pg.Client({ connectionString: url(name) });
    await b.connect();
    await b.query(`create table if not exists bench_a (id bigserial primary key, v text, at timestamptz default now())`);
    await b.end();
    const script = path.join(mkdtempSync(path.join(tmpdir(), 'fq-pgbench-')), 'four.sql');
    writeFileSync(script, ['BEGIN;', ...Array.from({ length: 4 }, () => "INSERT INTO bench_a (v) VALUES ('x');"), 'END;'].join('\n'));
    const out = execFileSync('pgbench', ['-n', '-c', '16', '-j', '2', '-T', String(SECONDS), '-f', script, url(name)], { encoding: 'utf8' });
    const tps = Number(/tps = ([\d.]+)/.exec(out)![1]);
    console.log(`pgbench baseline (4 single-row inserts per transaction, 16 clients): ${Math.round(tps)} tx/s`);
    console.log(`ratio intake / pgbench: ${(casesPerSec / tps).toFixed(2)}`);
  } finally {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
