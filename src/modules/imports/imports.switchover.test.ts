// The switch-over of a large import: rows go into the register in chunked transactions, tagged with the job
// and invisible until the job is done, so other requests are answered meanwhile and nobody sees half an
// import; a refused or conflicting all-or-nothing import leaves no tagged row; a job cut by a restart is
// failed and undone by the recovery.
import './exceljs-utf8.js'; // before exceljs
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ExcelJS } from './exceljs-utf8.js';
import { sql } from 'kysely';
import { multipartFile, testApp, type TestApp } from '../../../test/helpers.js';
import { mod11_2CheckChar } from '../personal/index.js';
import { visible } from '../registers/visible.js';
import { CHUNK, INTERRUPTED, loadObserver, recoverInterrupted } from './imports.load.js';

let t: TestApp;
let village = '';
const HEAD = ['姓名', '证件类型', '证件号码', '联系电话', '网格编码', '户籍类型'];
const ROWS = CHUNK * 5;

/** A valid resident ID for person n (area 150822, apart from the seed's and the other import tests'). */
function residentId(n: number) {
  const day = new Date(Date.UTC(1950, 0, 1) + (n % 20000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `150822${day}${String(101 + Math.floor(n / 20000)).padStart(3, '0')}`;
  return first17 + mod11_2CheckChar(first17);
}

async function peopleFile(from: number, n: number) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('实有人口');
  ws.addRow(HEAD);
  for (let i = from; i < from + n; i++) ws.addRow([`导入${'甲乙丙丁戊'[i % 5]}`, '', residentId(i), '', '150826100001001', '户籍']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const upload = async (register: string, file: Buffer) => {
  const m = multipartFile(`${register}.xlsx`, file);
  const res = await t.app.inject({ method: 'POST', url: `/api/imports/${register}`, payload: m.payload, headers: { ...m.headers, cookie: village } });
  expect(res.statusCode).toBe(202);
  return res.json().id as number;
};
async function finished(id: number) {
  for (;;) {
    const job = (await t.app.inject({ method: 'GET', url: `/api/imports/jobs/${id}`, headers: { cookie: village } })).json();
    if (job.finished) return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}
const db = () => t.database.db;
const count = async (table: 'people' | 'housing', onlyVisible: boolean) =>
  Number((await db().selectFrom(table).select(sql<number>`count(*)::int`.as('n')).$if(onlyVisible, (q) => q.where(visible(table))).executeTakeFirstOrThrow()).n);
const tagged = async (jobId: number) => {
  const n = await sql<{ n: number }>`select (select count(*) from people where import_job_id = ${jobId}) + (select count(*) from housing where import_job_id = ${jobId})
    + (select count(*) from addresses where import_job_id = ${jobId}) + (select count(*) from import_staging where job_id = ${jobId}) as n`.execute(db());
  return Number(n.rows[0].n);
};

beforeAll(async () => {
  t = await testApp();
  village = await t.login('village');
});
afterEach(() => {
  loadObserver.afterChunk = undefined;
});
afterAll(() => t.close());

describe('import switch-over', () => {
  it('answers other requests between the chunks, and nobody sees the import before it is done', async () => {
    const before = await count('people', true);
    const events: string[] = [];
    const seen: { visible: number; written: number }[] = [];
    let listed: Promise<unknown> | undefined;
    loadObserver.afterChunk = async (_job, chunk) => {
      seen.push({ visible: await count('people', true), written: (await count('people', false)) - before });
      // a people list and a health check, started while the job loads, not waited for by the load
      if (chunk === 1)
        listed = Promise.all([
          t.app.inject({ method: 'GET', url: '/api/people?limit=5', headers: { cookie: village } }).then((r) => events.push(`list ${r.statusCode}`)),
          t.app.inject({ method: 'GET', url: '/api/registers/stats', headers: { cookie: village } }).then((r) => events.push(`stats ${r.statusCode}`)),
        ]);
    };
    const id = await upload('people', await peopleFile(0, ROWS));
    const job = await finished(id);
    events.push('job done');
    await listed;
    expect(job).toMatchObject({ status: 'done', insertedRows: ROWS });
    // the concurrent requests were answered while the job was still loading (before it finished)
    expect(events.indexOf('list 200')).toBeGreaterThanOrEqual(0);
    expect(events.indexOf('list 200')).toBeLessThan(events.indexOf('job done'));
    expect(events.indexOf('stats 200')).toBeLessThan(events.indexOf('job done'));
    // rows were written chunk by chunk, and not one of them was visible before the switch-over
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect(seen[0].written).toBe(CHUNK);
    expect(seen[4].written).toBe(ROWS);
    for (const s of seen) expect(s.visible).toBe(before);
    expect(await count('people', true)).toBe(before + ROWS);
    const found = await t.app.inject({ method: 'GET', url: `/api/people?idNumber=${residentId(7)}`, headers: { cookie: village } });
    expect(found.json().items).toHaveLength(1);
  }, 120_000);

  it('hides a loading job\'s rows from lists, lookups and counts, and keeps its ID numbers taken', async () => {
    const checks: Record<string, unknown> = {};
    loadObserver.afterChunk = async (_job, chunk) => {
      if (chunk !== 1) return;
      const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: village } });
      checks.byId = (await get(`/api/people?idNumber=${residentId(ROWS + 1)}`)).json().items.length;
      checks.byName = (await get(`/api/people?q=${encodeURIComponent('导入')}&limit=200`)).json().items.length;
      const row = await db().selectFrom('people').select('id').where('idNumberIndex', 'in', (await db().selectFrom('people').select('idNumberIndex').where('importJobId', 'is not', null).orderBy('id', 'desc').limit(1).execute()).map((r) => r.idNumberIndex)).executeTakeFirstOrThrow();
      checks.detail = (await get(`/api/people/${row.id}`)).statusCode;
      const dup = await t.app.inject({ method: 'POST', url: '/api/people', headers: { cookie: village }, payload: { name: '韩志刚', idNumber: residentId(ROWS + 1), gridCode: '150826100001001', registration: 'registered' } });
      checks.create = dup.statusCode;
    };
    const beforeNamed = (await t.app.inject({ method: 'GET', url: `/api/people?q=${encodeURIComponent('导入')}&limit=200`, headers: { cookie: village } })).json().items.length;
    const id = await upload('people', await peopleFile(ROWS, CHUNK * 2));
    expect(await finished(id)).toMatchObject({ status: 'done', insertedRows: CHUNK * 2 });
    expect(checks).toEqual({ byId: 0, byName: beforeNamed, detail: 404, create: 409 });
  }, 120_000);

  it('a conflict met while loading (someone registers one of the people meanwhile) undoes everything the job wrote', async () => {
    const before = await count('people', false);
    const from = ROWS * 2;
    loadObserver.afterChunk = async (_job, chunk) => {
      if (chunk !== 1) return;
      const res = await t.app.inject({ method: 'POST', url: '/api/people', headers: { cookie: village }, payload: { name: '韩志刚', idNumber: residentId(from + CHUNK * 2 - 1), gridCode: '150826100001001', registration: 'registered' } });
      expect(res.statusCode).toBe(201);
    };
    const id = await upload('people', await peopleFile(from, CHUNK * 2));
    const job = await finished(id);
    expect(job).toMatchObject({ status: 'failed', insertedRows: 0 });
    expect(job.message).toContain('已被他人登记');
    expect(await tagged(id)).toBe(0);
    expect(await count('people', false)).toBe(before + 1);
  }, 120_000);

  it('a refused all-or-nothing import (housing outside the area) leaves no tagged row, address or change-log entry', async () => {
    const before = { housing: await count('housing', false), addresses: Number((await sql<{ n: number }>`select count(*)::int as n from addresses`.execute(db())).rows[0].n) };
    const changes = async () => Number((await sql<{ n: number }>`select count(*)::int as n from register_changes`.execute(db())).rows[0].n);
    const changesBefore = await changes();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('实有房屋');
    ws.addRow(['网格编码', '地址', '用途', '是否出租', '房主证件号码', '面积', '备注']);
    for (let i = 0; i < 30; i++) ws.addRow(['150826100001001', `撤销小区/${i}号楼/1单元/101`, '自住', '否', '', '', '']);
    ws.addRow(['150825100001001', '外区小区/1号楼/1单元/101', '自住', '否', '', '', '']);
    const id = await upload('housing', Buffer.from(await wb.xlsx.writeBuffer()));
    const job = await finished(id);
    expect(job.status).toBe('invalid');
    expect(job.errors.map((e: { row: number }) => e.row)).toEqual([32]);
    expect(await tagged(id) - (await db().selectFrom('importStaging').select(sql<number>`count(*)::int`.as('n')).where('jobId', '=', id).executeTakeFirstOrThrow()).n).toBe(0);
    expect(await count('housing', false)).toBe(before.housing);
    expect(Number((await sql<{ n: number }>`select count(*)::int as n from addresses`.execute(db())).rows[0].n)).toBe(before.addresses);
    expect(await changes()).toBe(changesBefore);
    // "import valid rows" then writes the 30 good ones, visible at once
    const done = (await t.app.inject({ method: 'POST', url: `/api/imports/jobs/${id}/commit`, headers: { cookie: village } })).json();
    expect(done).toMatchObject({ status: 'done', insertedRows: 30 });
    expect(await count('housing', true)).toBe(before.housing + 30);
  }, 120_000);

  it('a job cut mid-way (the process stopped) is failed by the recovery, with its rows and staging removed', async () => {
    const before = await count('people', false);
    let release!: () => void;
    const cut = new Promise<void>((r) => (release = r));
    let reached!: () => void;
    const atChunk2 = new Promise<void>((r) => (reached = r));
    loadObserver.afterChunk = async (_job, chunk) => {
      if (chunk === 2) {
        reached();
        await cut; // the process "stops" here: two chunks written, the job still loading
      }
    };
    const id = await upload('people', await peopleFile(ROWS * 3, CHUNK * 3));
    await atChunk2;
    expect((await db().selectFrom('importJobs').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('loading');
    expect(await count('people', false)).toBe(before + CHUNK * 2);
    expect(await count('people', true)).toBe(before);
    // what the server does at start-up (embedded: nothing else can be running a job)
    const failed = await recoverInterrupted({ db: db(), clock: t.clock }, { staleMs: 0 });
    expect(failed).toEqual([id]);
    const job = await db().selectFrom('importJobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'failed', message: INTERRUPTED });
    expect(await tagged(id)).toBe(0);
    expect(await count('people', false)).toBe(before);
    // a running job with a fresh heartbeat is left alone by the periodic sweep
    expect(await recoverInterrupted({ db: db(), clock: t.clock }, { staleMs: 120_000 })).toEqual([]);
    release(); // the cut load wakes up: it finds its job failed and stops without writing
    const end = await finished(id);
    expect(end).toMatchObject({ status: 'failed', message: INTERRUPTED });
    expect(await tagged(id)).toBe(0);
  }, 120_000);
});
