// Excel import through HTTP: template, the row-level report with nothing written, "import valid rows",
// 415/413, nothing in plaintext, and a 100k-row people file streamed through the staging table.
import './exceljs-utf8.js'; // before exceljs
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { ExcelJS } from './exceljs-utf8.js';
import { sql } from 'kysely';
import { multipartFile, testApp, type TestApp } from '../../../test/helpers.js';
import { mod11_2CheckChar } from '../personal/index.js';
import { longestChunk } from './imports.service.js';

let t: TestApp;
let village = '';
const HEAD = ['姓名', '证件类型', '证件号码', '联系电话', '网格编码', '户籍类型'];

/** A valid resident ID for person n (unique for n < 100 000). */
export function residentId(n: number) {
  // area 150821 (五原县): the demo seed's people are from 150826
  const day = new Date(Date.UTC(1950, 0, 1) + (n % 20000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `150821${day}${String(101 + Math.floor(n / 20000)).padStart(3, '0')}`;
  return first17 + mod11_2CheckChar(first17);
}

async function xlsx(rows: (string | number)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('实有人口');
  ws.addRow(HEAD);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const upload = (filename: string, content: Buffer, query = '') => {
  const m = multipartFile(filename, content);
  return t.app.inject({ method: 'POST', url: `/api/imports/people${query}`, payload: m.payload, headers: { ...m.headers, cookie: village } });
};
const people = async () => Number((await t.database.db.selectFrom('people').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n);

async function finished(id: number) {
  for (;;) {
    const job = (await t.app.inject({ method: 'GET', url: `/api/imports/jobs/${id}`, headers: { cookie: village } })).json();
    if (job.finished) return job;
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  t = await testApp();
  village = await t.login('village');
});
afterAll(() => t.close());

describe('people import', () => {
  it('offers a template with the register\'s columns', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/imports/people/template.xlsx', headers: { cookie: village } });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect((wb.worksheets[0].getRow(1).values as string[]).slice(1)).toEqual(HEAD);
    expect(wb.worksheets[1].name).toBe('说明');
  });

  it('a file with bad rows: the report names row, column and problem, and nothing is written', async () => {
    const before = await people();
    const file = await xlsx([
      ['其木格', '居民身份证', residentId(1), '13904781234', '150826100001001', '户籍'],
      ['张 三', '', residentId(2).slice(0, 17) + (residentId(2)[17] === '0' ? '1' : '0'), '', '150826100001001', '户籍'],
      ['李四', '', residentId(3), '1390478', '150826100001002', '流动'],
      ['王五', '', residentId(4), '', '150825100001001', '户籍'],
      ['赵六', '', residentId(1), '', '150826100001001', '户籍'],
      ['钱七', '', residentId(5), '', '150826100001001', '外地'],
      ['阿拉坦·其其格', '', residentId(6), '0478-8123456', '150826100001002', '流动'],
    ]);
    const res = await upload('人口.xlsx', file);
    expect(res.statusCode).toBe(202);
    const job = await finished(res.json().id);
    expect(job.status).toBe('invalid');
    expect(job).toMatchObject({ totalRows: 7, validRows: 2, errorRows: 5, insertedRows: 0 });
    const at = (row: number) => job.errors.filter((e: { row: number }) => e.row === row);
    expect(at(3)[0]).toMatchObject({ column: '证件号码' });
    expect(at(4)[0]).toMatchObject({ column: '联系电话' });
    expect(at(5)[0]).toMatchObject({ column: '网格编码', message: '该网格不在您的管辖范围内' });
    expect(at(6)[0]).toMatchObject({ column: '证件号码', message: '与第 2 行重复' });
    expect(at(7)[0]).toMatchObject({ column: '户籍类型' });
    expect(await people()).toBe(before);

    // "import valid rows": the two good ones, once
    const commit = await t.app.inject({ method: 'POST', url: `/api/imports/jobs/${job.id}/commit`, headers: { cookie: village } });
    expect(commit.json()).toMatchObject({ status: 'done', insertedRows: 2 });
    expect(await people()).toBe(before + 2);
    expect((await t.app.inject({ method: 'POST', url: `/api/imports/jobs/${job.id}/commit`, headers: { cookie: village } })).statusCode).toBe(409);
    const found = await t.app.inject({ method: 'GET', url: `/api/people?idNumber=${residentId(6)}`, headers: { cookie: village } });
    expect(found.json().items[0]).toMatchObject({ registration: 'floating', gridCode: '150826100001002' });
    expect(found.json().items[0].idNumber).not.toBe(residentId(6));
  });

  it('validOnly=true imports the good rows straight away; already registered people are errors', async () => {
    const before = await people();
    const res = await upload('人口2.xlsx', await xlsx([
      ['其木格', '', residentId(1), '', '150826100001001', '户籍'],
      ['孙八', '', residentId(7), '', '150826100001001', '流动'],
    ]), '?validOnly=true');
    const job = await finished(res.json().id);
    expect(job).toMatchObject({ status: 'done', insertedRows: 1, errorRows: 1 });
    expect(job.errors[0]).toMatchObject({ row: 2, column: '证件号码' });
    expect(await people()).toBe(before + 1);
  });

  it('refuses what is not .xlsx (415) and a file over the limit (413)', async () => {
    expect((await upload('people.csv', Buffer.from('姓名,证件号码\n'))).statusCode).toBe(415);
    expect((await upload('people.xlsx', Buffer.from('not a zip file at all'))).statusCode).toBe(415);
    expect((await upload('huge.xlsx', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(50 * 1024 * 1024 + 10)]))).statusCode).toBe(413);
  });

  it('keeps no ID number or phone in plaintext, in the register or the staging table', async () => {
    const dump = JSON.stringify([
      await t.database.db.selectFrom('people').selectAll().execute(),
      await t.database.db.selectFrom('importStaging').selectAll().execute(),
      await t.database.db.selectFrom('importJobs').selectAll().execute(),
    ]);
    for (const n of [1, 3, 6, 7]) expect(dump).not.toContain(residentId(n));
    expect(dump).not.toContain('13904781234');
  });

  it('streams a 100 000-row file through the staging table while the platform keeps answering', async () => {
    const out = new PassThrough();
    const parts: Buffer[] = [];
    out.on('data', (c: Buffer) => parts.push(c));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
    const ws = wb.addWorksheet('实有人口');
    ws.addRow(HEAD).commit();
    for (let i = 0; i < 100_000; i++) ws.addRow([`居民${'甲乙丙丁戊己庚辛壬癸'[i % 10]}`, '', residentId(i + 10), '', i % 2 ? '150826100001001' : '150826100001002', i % 3 ? '户籍' : '流动']).commit();
    ws.commit();
    await wb.commit();
    const file = Buffer.concat(parts);
    const before = await people();
    const res = await upload('十万人口.xlsx', file);
    expect(res.statusCode).toBe(202);
    // another request is served while the file loads
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    // a people list asked again and again while the job runs: each is answered. Printed: the longest a request
    // could have waited, by the job's status when it was due — from the moment it was due (the end of the
    // previous round's 20 ms pause) to its answer, so time the event loop was blocked counts too (PGlite runs
    // in this thread: while it executes a statement, nothing else runs)
    const stalls: Record<string, number> = {};
    let running = true;
    const probe = (async () => {
      let status = 'queued';
      let due = performance.now();
      while (running) {
        const list = await t.app.inject({ method: 'GET', url: '/api/people?limit=20', headers: { cookie: village } });
        expect(list.statusCode).toBe(200);
        stalls[status] = Math.max(stalls[status] ?? 0, performance.now() - due);
        const job = (await t.app.inject({ method: 'GET', url: `/api/imports/jobs/${res.json().id}`, headers: { cookie: village } })).json();
        status = job.status;
        if (job.finished) break;
        const pause = performance.now();
        await new Promise((r) => setTimeout(r, 20));
        due = pause + 20;
      }
    })();
    const job = await finished(res.json().id);
    running = false;
    await probe;
    console.log(`100k import on ${t.database.kind}: longest wait of a concurrent people list, by job status (ms): ${JSON.stringify(Object.fromEntries(Object.entries(stalls).map(([k, v]) => [k, Math.round(v)])))}; longest chunk transaction ${Math.round(longestChunk.get(job.id) ?? 0)} ms`);
    expect(job).toMatchObject({ status: 'done', totalRows: 100_000, validRows: 100_000, errorRows: 0, insertedRows: 100_000, percent: 100 });
    expect(await people()).toBe(before + 100_000);
    const staged = await t.database.db.selectFrom('importStaging').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(Number(staged.n)).toBe(0);
  }, 240_000);
});
