// npm run bench:intake — the full staff intake path over HTTP (session, validation, idempotency key,
// landing, sealed parties, case + timeline + audit + statistics writes) against PostgreSQL with 50
// concurrent clients (wrk, a C load generator — `apt-get install wrk` — the server in a child process); then, on the same server, pgbench with four single-row inserts per transaction
// (16 clients) as the baseline. Prints both and the ratio (docs/PERFORMANCE.md).
import pg from 'pg';
import { sql } from 'kysely';
import { execFile, execFileSync, fork, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { writeFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import inspector from 'node:inspector';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedDemo } from '../src/seed/demo.js';
import { buildApp } from '../src/app.js';
import { systemClock } from '../src/db/business-time.js';
import { batchStats } from '../src/modules/cases/intake-batch.js';
import { adminUrl, databaseUrl } from './scratch-database.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** Node flags of the server processes: those of `npm start` (package.json), or BENCH_NODE_FLAGS (space-separated; "" for none) to compare. */
const SERVER_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '--max-semi-space-size=64').split(' ').filter(Boolean);

/** The server under test runs in its own process (as in production), so the load generator does not share its event loop. */
async function serve(dbName: string) {
  const database = await openDatabase({ url: databaseUrl(dbName), timeZone: 'Asia/Shanghai', poolSize: 20 });
  await migrateToLatest(database.db);
  await seedDemo(database.db);
  // BENCH_SQL: an experiment run on the bench database before the load (e.g. dropping an index to see what it costs)
  if (process.env.BENCH_SQL) await sql.raw(process.env.BENCH_SQL).execute(database.db);
  const app = await buildApp({ db: database.db, database, clock: systemClock, version: 'bench', demo: true, filesDir: mkdtempSync(path.join(tmpdir(), 'fq-bench-')) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  controlled(app.server.address() as { port: number }, () => ({ ...batchStats }), async () => {
    await app.close();
    await database.close();
  }, process.env.BENCH_PROFILE);
}

/**
 * A forked server under the parent's control: answers its port, then 'start' resets its CPU clock and 'stop' reports the CPU used (and `extra`) and ends.
 * With `profile` (BENCH_PROFILE=<dir>), a CPU profile of exactly that window (not start-up, migrations or seeding) is written to <dir>.
 */
function controlled(address: { port: number }, extra: () => Record<string, number>, close: () => Promise<void>, profile?: string) {
  let cpu = process.cpuUsage();
  const session = profile ? new inspector.Session() : undefined;
  const post = (method: string, params?: object) => new Promise<any>((ok, fail) => session!.post(method, params, (e, r) => (e ? fail(e) : ok(r))));
  process.on('message', async (m: string) => {
    if (m === 'start') {
      if (session) {
        session.connect();
        await post('Profiler.enable');
        await post('Profiler.setSamplingInterval', { interval: 200 });
        await post('Profiler.start');
      }
      cpu = process.cpuUsage();
    }
    if (m === 'stop') {
      const used = process.cpuUsage(cpu);
      if (session) {
        const { profile: p } = await post('Profiler.stop');
        writeFileSync(path.join(profile!, `intake-${process.pid}.cpuprofile`), JSON.stringify(p));
      }
      process.send!({ cpuMs: (used.user + used.system) / 1000, ...extra() });
      await close();
      process.exit(0);
    }
  });
  process.send!({ port: address.port });
}

/**
 * CPU seconds of each live PostgreSQL process serving this database or writing for the server (walwriter, checkpointer,
 * background writer, walsender), by pid; with `reaped`, also the postmaster's ended children under pid 0 — which on a
 * shared box holds every other database's ended backends too (other people's test runs), so the intake figure leaves it out.
 */
function postgresProcesses(db: string, reaped = false): Map<number, number> {
  const tick = 100; // USER_HZ
  const out = new Map<number, number>();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      // the postmaster's children's time holds the backends that ended (pgbench closes its connections)
      if (reaped && /\/bin\/postgres\b/.test(cmd.split('\0')[0])) out.set(0, (Number(f[13]) + Number(f[14])) / tick);
      if (!cmd.startsWith('postgres: ') || !(cmd.includes(` ${db} `) || /walwriter|checkpointer|background writer|walsender/.test(cmd))) continue;
      out.set(Number(pid), (Number(f[11]) + Number(f[12])) / tick);
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/**
 * CPU seconds PostgreSQL used since `before` (from postgresProcesses with the same `reaped`): each live process's
 * growth (one started since counts whole). A process gone since is counted in `ended`; with `reaped` its part is in
 * the postmaster's reaped time (pid 0), so its earlier part is taken off there; without, its last part is lost.
 */
function postgresCpuSince(db: string, before: Map<number, number>, reaped = false) {
  const now = postgresProcesses(db, reaped);
  let cpu = 0;
  for (const [pid, v] of now) cpu += v - (before.get(pid) ?? 0);
  const gone = [...before.keys()].filter((pid) => !now.has(pid));
  if (reaped) for (const pid of gone) cpu -= before.get(pid)!;
  return { cpu, ended: gone.length };
}

/**
 * The whole box's CPU time (all cores, /proc/stat: everything but idle and iowait), in seconds, and the cores: read
 * around each phase, it says how busy the box was and what one case (or one pgbench transaction) cost it in all —
 * the server, PostgreSQL, the load generator and the kernel under them.
 */
function boxCpu() {
  const lines = readFileSync('/proc/stat', 'utf8').split('\n');
  const f = lines[0].trim().split(/\s+/).slice(1).map(Number);
  const cores = lines.filter((l) => /^cpu\d/.test(l)).length;
  return { busy: (f.reduce((a, b) => a + b, 0) - f[3] - f[4]) / 100, cores };
}
const boxLine = (before: { busy: number; cores: number }, seconds: number, units: number, unit: string) => {
  const used = boxCpu().busy - before.busy;
  return `box: ${Math.round((used / (seconds * before.cores)) * 100)}% of ${before.cores} cores busy, ${((used * 1000) / Math.max(1, units)).toFixed(2)} ms of CPU per ${unit} in all`;
};

/** wrk with the request script against a port; its summary line (the script's `done`). Async: the bench's own process must not block. */
async function runWrk(lua: string, port: number) {
  const { stdout } = await promisify(execFile)('wrk', ['-t', '2', '-c', String(CONNECTIONS), '-d', `${SECONDS}s`, '-s', lua, `http://127.0.0.1:${port}`], { encoding: 'utf8' });
  return stdout;
}

async function main() {
  for (const tool of ['wrk', 'pgbench'])
    if (spawnSync(tool, ['--version']).error) throw new Error(`${tool} is not installed (apt-get install -y ${tool === 'wrk' ? 'wrk' : 'postgresql-client'})`);
  const name = `fq_bench_intake_${process.pid}`;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`create database ${name}`);
  const server = fork(fileURLToPath(import.meta.url), ['serve', name], { execArgv: [...process.execArgv, ...SERVER_FLAGS] });
  try {
    const next = () => new Promise<Record<string, number>>((ok, fail) => { server.once('message', ok); server.once('exit', (code) => fail(new Error(`server exited ${code}`))); });
    const { port } = await next();
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dispatcher', password: 'Fq@demo2026' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    server.send('start');
    const pgBefore = postgresProcesses(name);
    // wrk (C, in its own process) is the load generator: a JS one would take a core from the server and the database
    const dir = mkdtempSync(path.join(tmpdir(), 'fq-wrk-'));
    const lua = path.join(dir, 'intake.lua');
    writeFileSync(lua, `
local counter = 0
local tid = 0
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
function init(args) tid = tonumber(wrk.thread:get("tid") or 0) or 0 end
function request()
  counter = counter + 1
  local n = tid * 100000000 + counter
  local body = '{"title":"邻里纠纷 ' .. n .. '","description":"楼上漏水影响楼下住户，协商未果。","category":"dispute","disputeType":"02","channel":"window","regionCode":"150826100001001001","applicant":{"name":"王秀兰","phone":"139' .. string.format("%08d", 10000000 + (n % 89999999)) .. '"}}'
  return wrk.format("POST", "/api/cases", { ["content-type"] = "application/json", ["cookie"] = "${cookie}", ["idempotency-key"] = "${randomUUID().slice(0, 18)}" .. tid .. "-" .. counter }, body)
end
function done(summary, latency, requests)
  io.write(string.format("WRK %d %d %d %d %d %d\\n", summary.requests, summary.duration, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, latency:percentile(50), latency:percentile(99)))
end
`);
    let box = boxCpu();
    const wrkOut = await runWrk(lua, port);
    const [requests, durationUs, non2xx, errors, p50us, p99us] = /WRK (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(wrkOut)!.slice(1).map(Number);
    const boxIntake = boxLine(box, durationUs / 1e6, requests, 'case');
    const ok = requests - non2xx;
    const result = { '2xx': ok, non2xx, errors, requests: { average: ok / (durationUs / 1e6) }, latency: { p50: Math.round(p50us / 1000), p99: Math.round(p99us / 1000) } };
    const { cpu: pgIntake, ended: pgEnded } = postgresCpuSince(name, pgBefore);
    server.send('stop');
    const stats = await next();
    // the server's pool connections end with it: wait, so none ends (and moves its whole CPU time) during pgbench's measurement
    await new Promise((ok) => (server.exitCode !== null ? ok(null) : server.once('exit', ok)));
    await new Promise((ok) => setTimeout(ok, 300));
    const b = new pg.Client({ connectionString: databaseUrl(name) });
    await b.connect();
    const created = Number((await b.query('select count(*) as n from cases')).rows[0].n);
    const casesPerSec = result.requests.average;
    console.log(`intake: ${Math.round(casesPerSec)} cases/s with ${CONNECTIONS} connections (2xx ${result['2xx']}, non-2xx ${result.non2xx}, errors ${result.errors}; ${created} cases in the database), latency p50 ${result.latency.p50} ms p99 ${result.latency.p99} ms`);
    console.log(`server: ${(stats.cpuMs / Math.max(1, result['2xx'])).toFixed(2)} ms of Node CPU per case; ${stats.batches} batches, ${(stats.intakes / Math.max(1, stats.batches)).toFixed(1)} intakes per batch, ${stats.failedBatches} retried one by one`);
    console.log(boxIntake);
    console.log(`postgres: ${((pgIntake * 1000) / Math.max(1, result['2xx'])).toFixed(2)} ms of CPU per case (its live processes for this database and the server's writers${pgEnded ? `; ${pgEnded} ended during the run, their last part not counted` : ''})`);

    // baseline: four single-row inserts per transaction, 16 clients, same server
    await b.query(`create table if not exists bench_a (id bigserial primary key, v text, at timestamptz default now())`);
    await b.end();
    const script = path.join(mkdtempSync(path.join(tmpdir(), 'fq-pgbench-')), 'four.sql');
    writeFileSync(script, ['BEGIN;', ...Array.from({ length: 4 }, () => "INSERT INTO bench_a (v) VALUES ('x');"), 'END;'].join('\n'));
    const pgBench = postgresProcesses(name, true);
    box = boxCpu();
    const out = execFileSync('pgbench', ['-n', '-c', '16', '-j', '2', '-T', String(SECONDS), '-f', script, databaseUrl(name)], { encoding: 'utf8' });
    const tps = Number(/tps = ([\d.]+)/.exec(out)![1]);
    const pgBenchCpu = postgresCpuSince(name, pgBench, true).cpu;
    const txs = Number(/number of transactions actually processed: (\d+)/.exec(out)![1]);
    console.log(`pgbench baseline (4 single-row inserts per transaction, 16 clients): ${Math.round(tps)} tx/s; postgres: ${((pgBenchCpu * 1000) / Math.max(1, txs)).toFixed(2)} ms of CPU per transaction`);
    console.log(boxLine(box, SECONDS, txs, 'transaction'));
    console.log(`ratio intake / pgbench: ${(casesPerSec / tps).toFixed(2)}`);

    // the floor: what a bare Fastify route costs per request under the same wrk load (no database)
    const bare = fork(fileURLToPath(import.meta.url), ['floor'], { execArgv: [...process.execArgv, ...SERVER_FLAGS] });
    try {
      const msg = () => new Promise<Record<string, number>>((ok) => bare.once('message', ok));
      const { port: barePort } = await msg();
      bare.send('start');
      const bareOut = await runWrk(lua, barePort);
      bare.send('stop');
      const { cpuMs } = await msg();
      const bareReqs = Number(/WRK (\d+)/.exec(bareOut)![1]);
      console.log(`floor (a bare Fastify route, same requests, no database): ${Math.round(bareReqs / SECONDS)} requests/s, ${(cpuMs / Math.max(1, bareReqs)).toFixed(3)} ms of Node CPU per request`);
    } finally {
      bare.kill();
    }
  } finally {
    server.kill();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  }
}

/** The floor: a bare Fastify route answering the same POST with a constant, to show what HTTP alone costs. */
async function floor() {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ bodyLimit: 1024 * 1024 });
  app.post('/api/cases', async (_req, reply) => reply.status(201).send({ id: 1, caseNumber: '150826-20261128-000001', trackingCode: 'ABCDEFGHJK', status: 'reported', version: 1 }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  controlled(app.server.address() as { port: number }, () => ({}), () => app.close());
}

const run = process.argv[2] === 'serve' ? serve(process.argv[3]) : process.argv[2] === 'floor' ? floor() : main();
run.catch((e) => {
  console.error(e);
  process.exit(1);
});
