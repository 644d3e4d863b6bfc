// Excel import jobs. The file is read as a stream (exceljs WorkbookReader), every row validated; valid rows
// go, already sealed, into import_staging in batches of short statements, so the platform keeps answering
// while 100k rows load (PGlite has one connection). Then either nothing is written (a row failed and the
// user wanted all or nothing: the row-level report comes back) or the staged rows move into the register in
// chunked transactions, tagged with the job and invisible to readers, and one short transaction makes them
// visible at once, with one audit row (imports.load.ts).
import { Readable } from 'node:stream';
import { exceljsPatched } from './exceljs-utf8.js';
import { ExcelJS } from './exceljs-utf8.js';
import { sql } from 'kysely';
import { AppError, notFound, text } from '../../http/errors.js';
import { record, type Actor } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/auth.service.js';
import { peopleImport } from './imports.people.js';
import { establishmentsImport, housingImport, keypersonsImport } from './imports.generic.js';
import type { ImportCtx, RegisterAdapter, RowProblem } from './imports.registers.js';
import { dropStaging, flipDone, JobLost, loadChunks, undoJob } from './imports.load.js';

/** Registers that can be imported. Housing, units and key persons plug in here as their registers land. */
export const ADAPTERS: Record<string, RegisterAdapter> = { people: peopleImport, housing: housingImport, establishments: establishmentsImport, keypersons: keypersonsImport };
if (!exceljsPatched) console.warn('exceljs was loaded before exceljs-utf8.ts: Chinese text may be garbled at chunk boundaries');
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
export const MAX_REPORTED_ERRORS = 1000;
const BATCH = 1000;

export function adapterFor(register: string) {
  const a = ADAPTERS[register];
  if (!a) throw notFound(text(`没有名为 ${register} 的可导入台账`, `no importable register ${register}`));
  return a;
}

/** In-process progress of running jobs (bytes of the file read), for the UI's bar and the CLI. */
const progress = new Map<number, { read: number; size: number }>();
/** Jobs this process is running (the recovery sweep leaves them alone). */
const live = new Set<number>();
export const runningHere = () => [...live];
/** Longest chunk transaction of the last load per job (ms): what a concurrent request may wait at most on PGlite. */
export const longestChunk = new Map<number, number>();

export async function template(register: string) {
  const a = adapterFor(register);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(a.name);
  ws.columns = a.columns.map((c) => ({ header: c.header, key: c.key, width: Math.max(14, c.example.length + 4), style: { numFmt: '@' } }));
  ws.getRow(1).font = { bold: true };
  const help = wb.addWorksheet('说明');
  help.columns = [{ header: '列', key: 'header', width: 14 }, { header: '必填', key: 'required', width: 8 }, { header: '说明', key: 'hint', width: 60 }, { header: '示例', key: 'example', width: 24 }];
  for (const c of a.columns) help.addRow({ header: c.header, required: c.required ? '是' : '', hint: c.hint, example: c.example });
  help.addRow({});
  help.addRow({ header: '提示', hint: `在第一张表“${a.name}”中从第 2 行起填写，一行一条；第 1 行表头请勿修改。整份文件校验通过才会写入，也可选择“仅导入有效行”。` });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const isXlsx = (b: Buffer) => b.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'));

export function checkXlsx(filename: string, head: Buffer) {
  if (!/\.xlsx$/i.test(filename) || !isXlsx(head))
    throw new AppError('UNSUPPORTED_MEDIA', text('请上传 Excel .xlsx 文件（可先下载模板）', 'upload an Excel .xlsx file (download the template first)'));
}

export async function createJob(ctx: ImportCtx, user: SessionUser, register: string, filename: string, validOnly: boolean, actor: Actor) {
  const a = adapterFor(register);
  return ctx.db.transaction().execute(async (trx) => {
    const job = await trx
      .insertInto('importJobs')
      .values({ register: a.register, filename: filename.slice(0, 200), status: 'queued', validOnly, createdBy: user.id, createdAt: ctx.clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await record(trx, actor, { action: 'import.start', objectType: 'import_job', objectId: job.id, details: { register, filename, validOnly } }, ctx.clock.now());
    return job.id;
  });
}

const cellText = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('').trim();
    if (o.result !== undefined) return cellText(o.result);
    if (o.text !== undefined) return String(o.text).trim();
  }
  return String(v).trim();
};

function chunks(buffer: Buffer, onRead: (n: number) => void) {
  return Readable.from((function* () {
    for (let i = 0; i < buffer.length; i += 256 * 1024) {
      const c = buffer.subarray(i, i + 256 * 1024);
      onRead(i + c.length);
      yield c;
    }
  })());
}

/**
 * Validate and stage the file, then switch over (or stop with the report). Runs after the upload answered;
 * the caller polls the job. Never throws: a failure is the job's status.
 */
export async function runJob(ctx: ImportCtx, user: SessionUser, jobId: number, file: Buffer, actor: Actor) {
  const job = await ctx.db.selectFrom('importJobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
  const a = adapterFor(job.register);
  progress.set(jobId, { read: 0, size: file.length });
  live.add(jobId);
  try {
    await ctx.db.updateTable('importJobs').set({ status: 'validating', heartbeatAt: ctx.clock.now() }).where('id', '=', jobId).execute();
    const v = a.validator(ctx, user);
    const report: { row: number; column: string; message: string }[] = [];
    let total = 0, valid = 0, bad = 0;
    const seen = new Map<string, number>();
    let batch: { rowNo: number; value: Record<string, unknown>; unique?: string }[] = [];
    const fail = (row: number, problems: RowProblem[]) => {
      bad++;
      for (const p of problems) if (report.length < MAX_REPORTED_ERRORS) report.push({ row, ...p });
    };
    const flush = async () => {
      if (batch.length === 0) return;
      const exists = await v.existing(batch.flatMap((b) => (b.unique ? [b.unique] : [])));
      const keep = batch.filter((b) => {
        if (b.unique && exists.has(b.unique)) {
          fail(b.rowNo, [{ column: uniqueColumn(a), message: '该记录已登记（证件号重复）' }]);
          return false;
        }
        return true;
      });
      if (keep.length)
        await ctx.db.insertInto('importStaging').values(keep.map((b) => ({ jobId, rowNo: b.rowNo, data: JSON.stringify(b.value) }))).execute();
      valid += keep.length;
      batch = [];
      await ctx.db.updateTable('importJobs').set({ totalRows: total, validRows: valid, errorRows: bad, heartbeatAt: ctx.clock.now() }).where('id', '=', jobId).execute();
      await new Promise<void>((r) => setImmediate(r)); // validation is mostly microtasks: let queued requests in
    };
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(chunks(file, (n) => progress.set(jobId, { read: n, size: file.length })), {
      sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'emit',
    });
    let columns: (string | undefined)[] | null = null;
    for await (const ws of reader) {
      for await (const row of ws) {
        const values = (row.values as unknown[]) ?? [];
        if (!columns) {
          const heads = values.map(cellText);
          columns = heads.map((h) => a.columns.find((c) => c.header === h || c.key === h)?.key);
          const missing = a.columns.filter((c) => c.required && !columns!.includes(c.key));
          if (missing.length) {
            fail(row.number, missing.map((m) => ({ column: m.header, message: '表头缺少此列（请使用模板）' })));
            break;
          }
          continue;
        }
        const cells: Record<string, string> = {};
        let empty = true;
        columns.forEach((key, i) => {
          if (!key) return;
          cells[key] = cellText(values[i]);
          if (cells[key]) empty = false;
        });
        if (empty) continue;
        total++;
        const r = await v.row(cells);
        if (!r.ok) {
          fail(row.number, r.problems);
          continue;
        }
        if (r.unique) {
          const first = seen.get(r.unique);
          if (first) {
            fail(row.number, [{ column: uniqueColumn(a), message: `与第 ${first} 行重复` }]);
            continue;
          }
          seen.set(r.unique, row.number);
        }
        batch.push({ rowNo: row.number, value: r.value, unique: r.unique });
        if (batch.length >= BATCH) await flush();
      }
      break; // the first sheet only
    }
    await flush();
    if (!columns && bad === 0) fail(1, [{ column: '-', message: '文件中没有数据（请使用模板）' }]);
    await ctx.db.updateTable('importJobs').set({ totalRows: total, validRows: valid, errorRows: bad, errors: JSON.stringify(report) }).where('id', '=', jobId).execute();
    if (bad > 0 && !job.validOnly) {
      let extra: { row: number; column: string; message: string }[] = [];
      if (a.checksAtSwitch && valid > 0) extra = await trialRun(ctx, a, user, jobId, actor);
      const all = [...report, ...extra].sort((x, y) => x.row - y.row).slice(0, MAX_REPORTED_ERRORS);
      bad += extra.length;
      await ctx.db.updateTable('importJobs').set({ status: 'invalid', errors: JSON.stringify(all), errorRows: bad, validRows: valid - extra.length, message: `${bad} 行有错误，未写入任何数据`, finishedAt: ctx.clock.now() }).where('id', '=', jobId).execute();
      return;
    }
    await switchOver(ctx, a, user, jobId, actor, bad > 0);
  } catch (e) {
    await failJob(ctx, jobId, e);
  } finally {
    progress.delete(jobId);
    live.delete(jobId);
  }
}

/** The job failed: say why, remove what it wrote (compensating delete) and its staging rows. */
async function failJob(ctx: ImportCtx, jobId: number, e: unknown) {
  if (e instanceof JobLost) return; // failed meanwhile by the recovery sweep, which undoes it
  const message = e instanceof AppError ? e.text.zh : `文件无法读取：${(e as Error).message}`;
  await ctx.db.updateTable('importJobs').set({ status: 'failed', message: message.slice(0, 500), insertedRows: 0, finishedAt: ctx.clock.now() }).where('id', '=', jobId).where('status', '!=', 'done').execute().catch(() => {});
  await undoJob(ctx.db, jobId).catch(() => {}); // what is left is invisible and removed by recoverInterrupted
  await dropStaging(ctx.db, jobId).catch(() => {});
}

const uniqueColumn = (a: RegisterAdapter) => a.columns.find((c) => c.key === 'idNumber')?.header ?? a.columns[0].header;

/** A trial load (chunked, tagged, invisible) that is always undone: which rows would the register refuse? */
async function trialRun(ctx: ImportCtx, a: RegisterAdapter, user: SessionUser, jobId: number, actor: Actor) {
  try {
    const r = await loadChunks(ctx, a, user, jobId, actor, 'validating');
    return r.refused;
  } finally {
    await undoJob(ctx.db, jobId);
  }
}

/**
 * Load the staged rows in chunks (invisible), then either make them visible in one short transaction (job done,
 * one audit row) or, when the register refused rows in all-or-nothing mode or someone registered some of
 * them meanwhile, undo them: nothing was ever visible.
 */
async function switchOver(ctx: ImportCtx, a: RegisterAdapter, user: SessionUser, jobId: number, actor: Actor, validOnly: boolean) {
  await ctx.db.updateTable('importJobs').set({ status: 'loading', heartbeatAt: ctx.clock.now() }).where('id', '=', jobId).execute();
  let longest = 0;
  const r = await loadChunks(ctx, a, user, jobId, actor, 'loading', (ms) => (longest = Math.max(longest, ms)));
  longestChunk.set(jobId, longest);
  const n = r.inserted;
  let refused = r.refused;
  const job = await ctx.db.selectFrom('importJobs').select(['errors', 'errorRows', 'validRows']).where('id', '=', jobId).executeTakeFirstOrThrow();
  if (refused.length && !validOnly) {
    // the register refused rows: report them, nothing visible; the staging is kept for "import valid rows"
    await ctx.db.updateTable('importJobs').set({
      status: 'invalid', errors: JSON.stringify([...job.errors, ...refused].slice(0, MAX_REPORTED_ERRORS)), errorRows: job.errorRows + refused.length, insertedRows: 0,
      validRows: job.validRows - refused.length, message: `${job.errorRows + refused.length} 行有错误，未写入任何数据`, finishedAt: ctx.clock.now(),
    }).where('id', '=', jobId).where('status', '=', 'loading').execute();
    await undoJob(ctx.db, jobId);
    return 0;
  }
  if (n + refused.length !== r.staged && !validOnly)
    throw new AppError('CONFLICT', text(`导入期间有 ${r.staged - n - refused.length} 条记录已被他人登记，未写入任何数据，请重新导入`, `${r.staged - n - refused.length} rows were registered meanwhile: nothing written, import again`));
  const known = new Set(job.errors.map((x) => `${x.row}:${x.message}`));
  refused = refused.filter((x) => !known.has(`${x.row}:${x.message}`)); // already reported by an earlier attempt
  await dropStaging(ctx.db, jobId); // before the flip, so a done job has none; a crash from here on fails and undoes the job
  await flipDone(ctx.db, jobId, {
    insertedRows: n, finishedAt: ctx.clock.now(), message: null,
    ...(refused.length ? { errors: JSON.stringify([...job.errors, ...refused].slice(0, MAX_REPORTED_ERRORS)), errorRows: job.errorRows + refused.length, validRows: job.validRows - refused.length } : {}),
  }, (trx) => record(trx, actor, { action: `import.${a.register}`, objectType: 'import_job', objectId: jobId, details: { inserted: n, validOnly } }, ctx.clock.now()).then(() => {}));
  return n;
}

/** "Import valid rows" after a report: the rows already staged and sealed go in; the bad ones stay out. */
export async function commitValid(ctx: ImportCtx, user: SessionUser, jobId: number, actor: Actor) {
  const job = await ctx.db.selectFrom('importJobs').selectAll().where('id', '=', jobId).where('createdBy', '=', user.id).executeTakeFirst();
  if (!job) throw notFound(text('导入任务不存在', 'import job not found'));
  if (job.status !== 'invalid') throw new AppError('CONFLICT', text('只有校验未通过的任务可以“仅导入有效行”', 'only a job with errors can import its valid rows'), { status: job.status });
  const claimed = await ctx.db.updateTable('importJobs').set({ status: 'loading', validOnly: true }).where('id', '=', jobId).where('status', '=', 'invalid').executeTakeFirst();
  if (Number(claimed.numUpdatedRows) === 0) throw new AppError('CONFLICT', text('该任务正在导入', 'the job is being imported'));
  live.add(jobId);
  try {
    await switchOver(ctx, adapterFor(job.register), user, jobId, actor, true);
  } catch (e) {
    if (e instanceof JobLost) throw new AppError('CONFLICT', text('该导入任务已中断，请重新导入', 'the import job was interrupted; import again'));
    {
      await ctx.db.updateTable('importJobs').set({ status: 'invalid', insertedRows: 0 }).where('id', '=', jobId).where('status', '=', 'loading').execute();
      await undoJob(ctx.db, jobId);
    }
    throw e;
  } finally {
    live.delete(jobId);
  }
  return getJob(ctx, user, jobId);
}

export async function getJob(ctx: ImportCtx, user: SessionUser, jobId: number) {
  const job = await ctx.db.selectFrom('importJobs').selectAll().where('id', '=', jobId).where('createdBy', '=', user.id).executeTakeFirst();
  if (!job) throw notFound(text('导入任务不存在', 'import job not found'));
  const p = progress.get(jobId);
  // finished once its work is over here too: a failed or refused job first removes what it wrote (invisible meanwhile)
  const finished = ['done', 'invalid', 'failed'].includes(job.status) && !live.has(jobId);
  const percent = finished ? 100 : ['loading', 'done', 'invalid', 'failed'].includes(job.status) ? 99 : p ? Math.min(98, Math.floor((p.read / p.size) * 98)) : 0;
  const { heartbeatAt: _h, ...shown } = job;
  return { ...shown, percent, finished };
}

export async function listJobs(ctx: ImportCtx, user: SessionUser) {
  return ctx.db.selectFrom('importJobs').select(['id', 'register', 'filename', 'status', 'totalRows', 'validRows', 'errorRows', 'insertedRows', 'createdAt', 'finishedAt'])
    .where('createdBy', '=', user.id).orderBy('id', 'desc').limit(20).execute();
}
