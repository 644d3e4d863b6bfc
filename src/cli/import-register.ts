// `npm run import -- <register> <file.xlsx> [--valid-only]`: import a register from Excel.
//   Through the running server (the usual case, and the only one while the server holds the embedded database):
//     --url http://host:3000 --user <name> --password <pw>     (or --token fqd_… — a device token may lack import.run)
//   Without a server: --as <username> opens the database directly (refused while another process holds it).
// Progress and the row-level report are printed; exit code 0 done, 2 rows with errors, 1 failure.
import '../modules/imports/exceljs-utf8.js';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, ConfigError } from '../config.js';
import { DataDirLockedError } from '../db/lock.js';
import { openConfigured } from '../runtime.js';
import { systemClock } from '../db/business-time.js';
import { createCipherSuite } from '../modules/personal/index.js';
import { PolicyStore } from '../modules/auth/policy.js';
import { SessionCache } from '../modules/auth/session-cache.js';
import { userFor } from '../modules/auth/auth.service.js';
import * as authRepo from '../modules/auth/auth.repo.js';
import { checkXlsx, createJob, getJob, runJob, adapterFor } from '../modules/imports/imports.service.js';
import { recoverInterrupted, STALE_MS } from '../modules/imports/imports.load.js';
import { systemActor } from '../modules/audit/audit.service.js';

class UsageError extends Error {}
const USAGE = '用法 usage: npm run import -- <register> <file.xlsx> [--valid-only] (--url <server> (--user <u> --password <p> | --token fqd_…) | --as <username>)';

function args(argv: string[]) {
  const o: Record<string, string | boolean> = {};
  const pos: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--valid-only') o.validOnly = true;
    else if (a.startsWith('--')) o[a.slice(2)] = argv[++i] ?? '';
    else pos.push(a);
  }
  return { o, pos };
}

type Job = { status: string; percent: number; totalRows: number; validRows: number; errorRows: number; insertedRows: number; message: string | null; errors: { row: number; column: string; message: string }[]; finished: boolean };

function report(job: Job) {
  for (const e of job.errors.slice(0, 50)) console.log(`  第 ${e.row} 行 row ${e.row} · ${e.column}: ${e.message}`);
  if (job.errorRows > 50) console.log(`  …（共 ${job.errorRows} 行有错误 ${job.errorRows} rows with errors）`);
  console.log(`${job.status}: 共 ${job.totalRows} 行，有效 ${job.validRows}，错误 ${job.errorRows}，已写入 ${job.insertedRows} (rows ${job.totalRows}, valid ${job.validRows}, errors ${job.errorRows}, written ${job.insertedRows})${job.message ? ` — ${job.message}` : ''}`);
  return job.status === 'done' ? 0 : job.status === 'invalid' ? 2 : 1;
}

let lastShown = -1;
const show = (job: Job) => {
  if (job.percent === lastShown) return;
  lastShown = job.percent;
  console.log(`  ${job.percent}% · ${job.totalRows} 行 rows · ${job.errorRows} 错误 errors · ${job.status}`);
};

async function viaServer(url: string, o: Record<string, string | boolean>, register: string, file: string, validOnly: boolean) {
  const base = url.replace(/\/$/, '');
  const headers: Record<string, string> = {};
  if (typeof o.token === 'string') headers.authorization = `Bearer ${o.token}`;
  else {
    if (typeof o.user !== 'string' || typeof o.password !== 'string') throw new UsageError(USAGE);
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: o.user, password: o.password }) });
    if (!res.ok) throw new UsageError(`登录失败 login failed: ${res.status} ${((await res.json().catch(() => ({}))) as { message?: string }).message ?? ''}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    headers.cookie = cookie;
  }
  const form = new FormData();
  form.append('file', new Blob([readFileSync(file)]), path.basename(file));
  const up = await fetch(`${base}/api/imports/${register}${validOnly ? '?validOnly=true' : ''}`, { method: 'POST', headers, body: form });
  const started = (await up.json()) as { id: number; message?: string };
  if (up.status !== 202) throw new UsageError(`上传失败 upload refused: ${up.status} ${started.message ?? ''}`);
  for (;;) {
    const job = (await (await fetch(`${base}/api/imports/jobs/${started.id}`, { headers })).json()) as Job;
    show(job);
    if (job.finished) return report(job);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function direct(as: string, register: string, file: string, validOnly: boolean) {
  const config = loadConfig();
  const database = await openConfigured(config); // refuses while the server (or another CLI) holds the embedded database
  try {
    const cipher = createCipherSuite(config.crypto);
    const authCtx = { db: database.db, clock: systemClock, policy: new PolicyStore(database.db, systemClock), requireAdminTotp: false, sessions: new SessionCache() };
    const account = await authRepo.userByUsername(database.db, as);
    const roles = account ? await authRepo.assignmentsOf(database.db, account.id) : [];
    const user = account && roles.length ? await userFor(authCtx, account.id, roles[0].id, 'session') : null;
    if (!user || !user.permissions.includes('import.run')) throw new UsageError(`账号 ${as} 不存在或无导入权限 (no such account, or it may not import)`);
    const buffer = readFileSync(file);
    checkXlsx(file, buffer);
    const ctx = { db: database.db, clock: systemClock, cipher, timeZone: config.timeZone };
    await recoverInterrupted(ctx, { staleMs: database.kind === 'pglite' ? 0 : STALE_MS, actor: systemActor('system') });
    const actor = { actorId: user.id, actorName: `${user.username} (cli)`, role: user.role, regionId: user.regionId, ip: null, requestId: null };
    const id = await createJob(ctx, user, register, path.basename(file), validOnly, actor);
    const timer = setInterval(() => void getJob(ctx, user, id).then(show, () => {}), 1000);
    await runJob(ctx, user, id, buffer, actor);
    clearInterval(timer);
    return report((await getJob(ctx, user, id)) as unknown as Job);
  } finally {
    await database.close();
  }
}

async function main() {
  const { o, pos } = args(process.argv.slice(2));
  const [register, fileArg] = pos;
  if (!register || !fileArg) throw new UsageError(USAGE);
  adapterFor(register);
  const file = path.resolve(fileArg);
  if (!existsSync(file)) throw new UsageError(`找不到文件 ${file} (no such file)`);
  console.log(`导入 importing ${register} ← ${file}`);
  if (typeof o.url === 'string') return viaServer(o.url, o, register, file, Boolean(o.validOnly));
  if (typeof o.as !== 'string') throw new UsageError(USAGE);
  return direct(o.as, register, file, Boolean(o.validOnly));
}

main().then(
  (code) => process.exit(code),
  (e) => {
    const known = e instanceof ConfigError || e instanceof DataDirLockedError || e instanceof UsageError;
    const msg = known ? e.message : (e as { text?: { zh: string; en: string } }).text ? `${e.text.zh} (${e.text.en})` : ((e as Error).message ?? String(e));
    console.error(`导入失败 (import failed): ${msg}`);
    process.exit(1);
  },
);
