// Housing and units through the import framework, via the registers' validateRow/insertMany: a row the
// register refuses at switch-over (outside the importer's area) is reported and nothing is written, then
// "import valid rows" writes the rest; the sealed staging holds no contact phone in plaintext.
import './exceljs-utf8.js'; // before exceljs
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExcelJS } from './exceljs-utf8.js';
import { sql } from 'kysely';
import { multipartFile, testApp, type TestApp } from '../../../test/helpers.js';

let t: TestApp;
let village = '';

async function xlsx(head: string[], rows: string[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('sheet');
  ws.addRow(head);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
async function run(register: string, file: Buffer, query = '') {
  const m = multipartFile(`${register}.xlsx`, file);
  const res = await t.app.inject({ method: 'POST', url: `/api/imports/${register}${query}`, payload: m.payload, headers: { ...m.headers, cookie: village } });
  expect(res.statusCode).toBe(202);
  for (;;) {
    const job = (await t.app.inject({ method: 'GET', url: `/api/imports/jobs/${res.json().id}`, headers: { cookie: village } })).json();
    if (job.finished) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}
const count = async (table: 'housing' | 'establishments') => Number((await t.database.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  t = await testApp();
  village = await t.login('village');
});
afterAll(() => t.close());

describe('registers plugged into the import framework', () => {
  it('lists people, housing, units and key persons, each with a template', async () => {
    const list = (await t.app.inject({ method: 'GET', url: '/api/imports/registers', headers: { cookie: village } })).json();
    expect(list.map((r: { register: string }) => r.register)).toEqual(['people', 'housing', 'establishments', 'keypersons']);
    for (const r of list) expect((await t.app.inject({ method: 'GET', url: `/api/imports/${r.register}/template.xlsx`, headers: { cookie: village } })).statusCode).toBe(200);
  });

  it('housing: a shape error and a refused row are reported with nothing written; then the valid rows go in', async () => {
    const before = await count('housing');
    const head = ['网格编码', '地址', '用途', '是否出租', '房主证件号码', '面积', '备注'];
    const job = await run('housing', await xlsx(head, [
      ['150826100001001', '导入小区/1号楼/1单元/101', '自住', '否', '', '86.5', ''],
      ['150826100001001', '导入小区/1号楼/1单元/102', '别墅', '否', '', '', ''],
      ['150825100001001', '外区小区/1号楼/1单元/101', '自住', '否', '', '', ''],
      ['150826100001002', '导入小区/2号楼/1单元/201', '商用', '是', '', '', ''],
    ]));
    expect(job.status).toBe('invalid');
    expect(job.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([[3, '用途'], [4, '网格编码']]);
    expect(await count('housing')).toBe(before);
    const done = (await t.app.inject({ method: 'POST', url: `/api/imports/jobs/${job.id}/commit`, headers: { cookie: village } })).json();
    expect(done).toMatchObject({ status: 'done', insertedRows: 2 });
    expect(await count('housing')).toBe(before + 2);
  });

  it('units: contact phones are sealed in staging and the register; validOnly writes the good rows at once', async () => {
    const before = await count('establishments');
    const head = ['单位名称', '单位类别', '统一社会信用代码', '网格编码', '地址', '联系人', '联系电话', '从业人数', '备注'];
    const job = await run('establishments', await xlsx(head, [
      ['西环便民超市', '商铺', '', '150826100001001', '', '高娃', '13904785678', '3', ''],
      ['无名', '火箭', '', '150826100001001', '', '', '', '', ''],
    ]), '?validOnly=true');
    expect(job).toMatchObject({ status: 'done', insertedRows: 1, errorRows: 1 });
    expect(await count('establishments')).toBe(before + 1);
    const dump = JSON.stringify(await t.database.db.selectFrom('establishments').selectAll().execute()) + JSON.stringify(await t.database.db.selectFrom('importStaging').selectAll().execute());
    expect(dump).not.toContain('13904785678');
  });
});
