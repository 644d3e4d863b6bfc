// npm run bench:intake-write — the intake's own work without HTTP, for A/B comparisons of a change: prepare
// 25 intakes (prepareIntake) and write them as one batch statement (writeIntakesAtOnce) on PostgreSQL, one
// batch after another on one connection. Prints the Node CPU per case (and the part spent preparing) and the
// PostgreSQL backend's CPU per case (read from /proc): steadier than bench:intake's figures on a shared box,
// because nothing else in the run competes with the one backend. `BENCH_ROUNDS`, `BENCH_BATCHES` (per round)
// and `BENCH_SQL` (run on the database before the load, e.g. dropping an index) change the run.
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedDemo } from '../src/seed/demo.js';
import { systemClock } from '../src/db/business-time.js';
import { createCipherSuite, devKeyring } from '../src/modules/personal/index.js';
import { prepareIntake, writeIntakesAtOnce, type IntakeInput } from '../src/modules/cases/cases.intake.js';
import { intakeCache } from '../src/modules/cases/intake-cache.js';
import { reserveCaseIds } from '../src/modules/cases/cases.repo.js';
import { userFor } from '../src/modules/auth/auth.service.js';
import { withScratchDatabase } from './scratch-database.js';
import type { Actor } from '../src/modules/audit/audit.service.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 200);
const SIZE = 25;

async function main() {
  await withScratchDatabase('fq_bench_write', async (url) => {
    const database = await openDatabase({ url, timeZone: 'Asia/Shanghai', poolSize: 1 });
    await migrateToLatest(database.db);
    await seedDemo(database.db);
    if (process.env.BENCH_SQL) await sql.raw(process.env.BENCH_SQL).execute(database.db);
    const db = database.db;
    const ctx = { db, clock: systemClock, cipher: createCipherSuite({ ...devKeyring(), algorithm: 'aes-256-gcm' }), timeZone: database.timeZone };
    const account = await db.selectFrom('users').innerJoin('userRoles', 'userRoles.userId', 'users.id').select(['users.id', 'userRoles.id as roleId']).where('username', '=', 'dispatcher').executeTakeFirstOrThrow();
    const user = (await userFor({ db, requireAdminTotp: false } as never, account.id, account.roleId, 'session'))!;
    const actor: Actor = { actorId: user.id, actorName: user.username, role: user.role, regionId: user.regionId, ip: '127.0.0.1', requestId: 'bench' };
    const backend = Number((await sql<{ p: number }>`select pg_backend_pid() as p`.execute(db)).rows[0].p);
    const backendMs = () => {
      const f = readFileSync(`/proc/${backend}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(f[11]) + Number(f[12])) * 10; // USER_HZ 100
    };
    let n = 0;
    let prepareUs = 0;
    const batch = async () => {
      const t0 = process.cpuUsage();
      const items = [];
      for (let i = 0; i < SIZE; i++) {
        n++;
        const input: IntakeInput = {
          title: `邻里纠纷 ${n}`, description: '楼上漏水影响楼下住户，协商未果。', category: 'dispute', disputeType: '02', channel: 'window',
          regionCode: '150826100001001001', applicant: { name: '王秀兰', phone: `139${String(10_000_000 + n).padStart(8, '0')}` },
        };
        items.push(await prepareIntake(ctx, db, intakeCache(db), user, input, actor, { scope: `user:${user.id}`, key: `write-${process.pid}-${n}`, hash: 'h' }));
      }
      const t1 = process.cpuUsage(t0);
      prepareUs += t1.user + t1.system;
      const out = await writeIntakesAtOnce(db, ctx, items, await reserveCaseIds(db, SIZE));
      if (out.some((o) => !('created' in o) || !o.created)) throw new Error('an intake was not created');
    };
    for (let i = 0; i < 300; i++) await batch(); // warm up (JIT, caches, prepared statement)
    const rounds: { node: number; prepare: number; pg: number }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      prepareUs = 0;
      const cpu0 = process.cpuUsage();
      const pg0 = backendMs();
      for (let i = 0; i < BATCHES; i++) await batch();
      const cpu = process.cpuUsage(cpu0);
      const cases = BATCHES * SIZE;
      rounds.push({ node: (cpu.user + cpu.system) / cases, prepare: prepareUs / cases, pg: ((backendMs() - pg0) * 1000) / cases });
    }
    const median = (k: 'node' | 'prepare' | 'pg') => rounds.map((x) => x[k]).sort((a, b) => a - b)[Math.floor(rounds.length / 2)];
    console.log(`intake write path, ${ROUNDS} rounds of ${BATCHES * SIZE} cases in batches of ${SIZE} (medians): Node ${median('node').toFixed(0)} µs per case (preparing ${median('prepare').toFixed(0)} µs), PostgreSQL backend ${median('pg').toFixed(0)} µs per case`);
    console.log(`rounds: Node ${rounds.map((x) => x.node.toFixed(0)).join(' ')} µs; PostgreSQL ${rounds.map((x) => x.pg.toFixed(0)).join(' ')} µs`);
    await database.close();
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
