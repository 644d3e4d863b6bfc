// Importing a tree from GeoJSON or Excel: all rows or nothing, with a row-level report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExcelJS } from '../imports/exceljs-utf8.js';
import { multipartFile, testApp, type TestApp } from '../../../test/helpers.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await testApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

const upload = (filename: string, content: Buffer | string, cookie = admin) => {
  const m = multipartFile(filename, content);
  return t.app.inject({ method: 'POST', url: '/api/regions/import', payload: m.payload, headers: { ...m.headers, cookie } });
};
const square = (lng: number, lat: number, d = 0.002) => ({
  type: 'Polygon',
  coordinates: [[[lng, lat], [lng + d, lat], [lng + d, lat + d], [lng, lat + d], [lng, lat]]],
});
const feature = (code: string, name: string, geometry?: object, extra: object = {}) => ({
  type: 'Feature',
  properties: { code, name, ...extra },
  geometry: geometry ?? null,
});
const countUnder = async (code: string) => {
  const res = await t.app.inject({ url: `/api/regions/tree?root=${code}&depth=3`, headers: { cookie: admin } });
  const walk = (n: { children: unknown[] }): number => 1 + (n.children as { children: unknown[] }[]).reduce((s, c) => s + walk(c), 0);
  return walk(res.json()[0]);
};

describe('GeoJSON import', () => {
  it('imports a village with grids, parents from the file or the system, in any row order', async () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        feature('150824100002001', '新村一网格', square(108.51, 41.58)),
        feature('150824100002', '新村嘎查', square(108.5, 41.57, 0.03)),
        feature('150824100002002', '新村二网格', square(108.515, 41.58)),
      ],
    };
    const res = await upload('grids.geojson', JSON.stringify(fc));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ created: 3, byLevel: { village: 1, grid_big: 2 } });
    const loc = await t.app.inject({ url: '/api/regions/locate?lat=41.581&lng=108.511', headers: { cookie: admin } });
    expect(loc.json().code).toBe('150824100002001');
  });

  it('a file with bad rows gets a row-level report and writes nothing', async () => {
    const before = await countUnder('150824100');
    const open = { type: 'Polygon', coordinates: [[[108.5, 41.5], [108.6, 41.5], [108.6, 41.6], [108.5, 41.6]]] };
    const fc = {
      type: 'FeatureCollection',
      features: [
        feature('150824100003', '好村', square(108.53, 41.55)),
        feature('15082410004', '代码太短'),
        feature('150824100005', '边界不闭合', open),
        feature('150824100003', '重复'),
        feature('150824199001', '上级不存在'),
        feature('150826100001001001001001', '微网格之下'),
      ],
    };
    const res = await upload('bad.geojson', JSON.stringify(fc));
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('UNPROCESSABLE');
    expect(body.message).toContain('未写入任何数据');
    const errors = body.details.errors as { row: number; column: string; message: string }[];
    expect(errors.find((e) => e.row === 2)).toMatchObject({ column: 'code' });
    expect(errors.find((e) => e.row === 3)).toMatchObject({ column: 'geometry' });
    expect(errors.find((e) => e.row === 3)!.message).toContain('未闭合');
    expect(errors.find((e) => e.row === 4)!.message).toContain('重复');
    expect(errors.find((e) => e.row === 5)).toMatchObject({ column: 'parentCode' });
    expect(errors.find((e) => e.row === 6)).toBeDefined();
    expect(errors.find((e) => e.row === 1)).toBeUndefined();
    expect(await countUnder('150824100')).toBe(before);
    const good = await t.app.inject({ url: '/api/regions/150824100003', headers: { cookie: admin } });
    expect(good.statusCode).toBe(404);
  });

  it('refuses a code that already exists', async () => {
    const res = await upload('dup.geojson', JSON.stringify({ type: 'FeatureCollection', features: [feature('150826100001', '西环社区')] }));
    expect(res.statusCode).toBe(422);
    expect(res.json().details.errors[0].message).toContain('已存在');
  });
});

describe('Excel import', () => {
  async function workbook(rows: (string | undefined)[][]) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('regions');
    ws.addRow(['代码 code', '名称 name', '上级代码 parentCode', '级别 level', '边界 geometry (GeoJSON)']);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('downloads a template and imports a valid sheet', async () => {
    const tpl = await t.app.inject({ url: '/api/regions/import/template.xlsx', headers: { cookie: admin } });
    expect(tpl.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
    expect(String(wb.worksheets[0].getRow(1).getCell(1).value)).toContain('代码');
    const file = await workbook([
      ['150825100002', '巴音社区', '', '', JSON.stringify(square(107.05, 41.07, 0.01))],
      ['150825100002001', '巴音一网格', '150825100002', 'grid_big', JSON.stringify(square(107.051, 41.071))],
    ]);
    const res = await upload('regions.xlsx', file);
    expect(res.statusCode).toBe(201);
    expect(res.json().created).toBe(2);
  });

  it('reports the row and column of each bad cell, and writes nothing', async () => {
    const file = await workbook([
      ['150825100003', '合格社区'],
      ['150825100004', '', '', '', ''],
      ['150825100005', '坏边界', '', '', '{not json'],
      ['1508251000', '代码长度错'],
    ]);
    const res = await upload('bad.xlsx', file);
    expect(res.statusCode).toBe(422);
    const errors = res.json().details.errors;
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 3, column: 'name' }),
        expect.objectContaining({ row: 4, column: 'geometry' }),
        expect.objectContaining({ row: 5, column: 'code' }),
      ]),
    );
    expect((await t.app.inject({ url: '/api/regions/150825100003', headers: { cookie: admin } })).statusCode).toBe(404);
  });

  it('refuses a file that is not .xlsx/.geojson (415), a broken workbook (415), no permission (403)', async () => {
    expect((await upload('regions.csv', 'a,b')).statusCode).toBe(415);
    const broken = await upload('regions.xlsx', 'this is not a zip');
    expect(broken.statusCode).toBe(415);
    const dispatcher = await t.login('dispatcher');
    expect((await upload('x.geojson', '{}', dispatcher)).statusCode).toBe(403);
    const plain = await t.app.inject({ method: 'POST', url: '/api/regions/import', payload: { a: 1 }, headers: { cookie: admin } });
    expect(plain.statusCode).toBe(415);
  });
});
