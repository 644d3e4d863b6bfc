// `npm start`: migrate, seed demo data on the first start of an empty embedded database, serve API + web.
import path from 'node:path';
import { loadConfig, ConfigError } from './config.js';
import { DataDirLockedError } from './db/lock.js';
import { openConfigured } from './runtime.js';
import { buildApp } from './app.js';
import { systemClock } from './db/business-time.js';
import { isEmpty, seedDemo, DEMO_PASSWORD } from './seed/demo.js';
import { seedDemoPatrols } from './seed/patrols.js';
import { seedDemoCases } from './seed/cases.js';
import { seal, systemActor } from './modules/audit/audit.service.js';
import { recoverInterrupted, STALE_MS } from './modules/imports/imports.load.js';
import { runningHere } from './modules/imports/imports.service.js';
import { sweep } from './modules/deadlines/deadlines.js';
import { sweepWarnings } from './modules/warnings/warnings.sweep.js';
import { sweepVisits } from './modules/keypersons/keypersons.sweep.js';
import { compact } from './modules/stats/stats.rollup.js';
import { createCipherSuite } from './modules/personal/index.js';
import { smsSender } from './modules/notify/sms.js';

async function main() {
  const config = loadConfig();
  const database = await openConfigured(config);
  const cipher = createCipherSuite(config.crypto);
  const sms = smsSender(config.sms, cipher);
  if (config.demo && (await isEmpty(database.db))) {
    console.log('首次启动：写入演示数据 (first start: seeding demo data)…');
    await seedDemo(database.db, cipher);
    // a few days of the demo grid workers' patrol logs, through the patrol service (routes sealed, one finding made a case)
    await seedDemoPatrols({ db: database.db, clock: systemClock, cipher, timeZone: database.timeZone, filesDir: path.join(config.dataDir, 'files') });
    // about 320 cases over the last ~150 days, through the case services with a clock stepped through the past
    // (timelines, deadlines, supervision, warnings and statistics as real use makes them)
    if (config.demoCases) {
      const t0 = Date.now();
      console.log('写入演示案件，约需半分钟到一分钟 (seeding demo cases, 30-60 s)…');
      const demo = await seedDemoCases({
        db: database.db, clock: systemClock, cipher, timeZone: database.timeZone,
        progress: (n, total) => console.log(`  演示案件 ${Math.round((100 * n) / total)}% (demo cases)`),
      });
      console.log(`演示案件 ${demo.cases} 件、办理步骤 ${demo.actions} 步 (demo cases: ${demo.cases}, actions: ${demo.actions}, ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      if (demo.refused.length) console.warn(`演示案件有 ${demo.refused.length} 步未能执行 (demo steps refused):`, demo.refused.slice(0, 5));
    }
  }
  // import jobs cut by the last stop: failed, with what they wrote removed (embedded: nothing else can be
  // running one; a server database may have another process's job, told apart by its heartbeat)
  const interrupted = await recoverInterrupted({ db: database.db, clock: systemClock }, { staleMs: database.kind === 'pglite' ? 0 : STALE_MS, actor: systemActor('system') });
  if (interrupted.length) console.warn(`导入任务 ${interrupted.join(', ')} 因重启中断，已标为失败 (import jobs cut by the restart, marked failed)`);
  const app = await buildApp({
    db: database.db,
    database,
    clock: systemClock,
    version: config.version,
    demo: config.demo,
    mapTileUrl: config.mapTileUrl,
    https: config.tls,
    logLevel: config.logLevel,
    requireAdminTotp: config.env === 'production',
    cipher,
    filesDir: path.join(config.dataDir, 'files'),
    sms,
  });
  // the audit hash chain is appended in the background, so writers never wait on the previous hash
  let sealing = false;
  const sealer = setInterval(async () => {
    if (sealing) return;
    sealing = true;
    try {
      await seal(database.db);
    } catch (e) {
      app.log.error({ err: e }, 'audit sealing failed');
    } finally {
      sealing = false;
    }
  }, 2000);
  sealer.unref();
  // deadlines: warnings, overdue marks and auto-closing, each fired once (also across server processes)
  let sweeping = false;
  const sweeper = setInterval(async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      await sweep({ db: database.db, clock: systemClock, sms, timeZone: database.timeZone });
      await sweepWarnings({ db: database.db, clock: systemClock }); // 研判预警, once per episode (also across processes)
    } catch (e) {
      app.log.error({ err: e }, 'deadline sweep failed');
    }
    try {
      await recoverInterrupted({ db: database.db, clock: systemClock }, { staleMs: STALE_MS, running: runningHere(), actor: systemActor('system') });
    } catch (e) {
      app.log.error({ err: e }, 'import recovery failed');
    }
    try {
      await sweepVisits({ db: database.db, clock: systemClock, timeZone: database.timeZone });
    } catch (e) {
      app.log.error({ err: e }, 'key-person visit sweep failed');
    }
    try {
      await compact(database.db); // statistics: fold the finished transactions' delta rows into the rollup
    } catch (e) {
      app.log.error({ err: e }, 'statistics compaction failed');
    } finally {
      sweeping = false;
    }
  }, 30_000);
  sweeper.unref();
  const stop = async () => {
    clearInterval(sealer);
    clearInterval(sweeper);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await app.listen({ port: config.port, host: config.host });
  const scheme = config.tls ? 'https' : 'http';
  console.log(`枫桥 Fengqiao ${config.version} — ${scheme}://localhost:${config.port}  (database: ${database.kind}${database.kind === 'pglite' ? ' ' + config.dataDir : ''})`);
  if (config.demo) console.log(`演示账号 demo accounts: admin / dispatcher / town / village / grid …  password ${DEMO_PASSWORD}`);
}

main().catch((e) => {
  if (e instanceof ConfigError || e instanceof DataDirLockedError) {
    console.error(`启动失败 (cannot start): ${e.message}`);
  } else {
    console.error(e);
  }
  process.exit(1);
});
