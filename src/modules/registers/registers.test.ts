// 一标三实 through the API: the address tree inside grids (403 outside a worker's grid), housing with owner and
// tenants, establishments with a sealed contact phone, people's household/address link, the change log, Chinese
// search through the ngram index, counts per region, masked exports (unmasked only with permission + reason, audited)
// and no plaintext ID number or phone anywhere in the database.
import '../imports/exceljs-utf8.js'; // first: exceljs loads with the UTF-8-safe parser
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExcelJS } from '../imports/exceljs-utf8.js';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../../../test/helpers.js';
import { fakeResidentId } from '../personal/index.js';
import { rng } from '../../seed/people.js';

let t: TestApp;
const cookies: Record<string, string> = {};
const r = rng(99);
const newId = () => fakeResidentId(r, { areaCode: '150826', birth: '1979-06-02' });
const G1 = '150826100001001001'; // 西环一 / 幸福小区 (grid's grid)
const G_OTHER = '150826100001003001'; // not the grid worker's
const ID_MASK = /^\d{6}\*{8}[\dX]{4}$/;
const PHONE_MASK = /^1\d{2}\*{4}\d{4}$/;
const plain: string[] = [];

beforeAll(async () => {
  t = await testApp();
  for (const u of ['grid', 'grid2', 'village', 'town', 'dispatcher', 'leader', 'police', 'volunteer', 'auditor'])
    cookies[u] = await t.login(u);
});
afterAll(() => t.close());

const as = (u: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { cookie: cookies[u] } });

async function address(u: string, body: object) {
  const res = await as(u, 'POST', '/api/addresses', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; fullName: string; gridCode: string };
}
async function person(u: string, body: Partial<Record<string, unknown>> = {}) {
  const idNumber = newId();
  const phone = `139${String(Math.floor(r() * 1e8)).padStart(8, '0')}`;
  plain.push(idNumber, phone);
  const res = await as(u, 'POST', '/api/people', { name: '韩志刚', idNumber, phone, gridCode: G1, registration: 'registered', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return { ...(res.json() as { id: number; version: number }), idNumber, phone };
}

describe('standard addresses', () => {
  it('builds place → building → unit → room inside a grid, with full names', async () => {
    const place = await address('grid', { kind: 'place', name: '测试花园', gridCode: G1 });
    const b = await address('grid', { parentId: place.id, kind: 'building', name: '3号楼' });
    const u = await address('grid', { parentId: b.id, kind: 'unit', name: '2单元' });
    const room = await address('grid', { parentId: u.id, kind: 'room', name: '501' });
    expect(room.fullName).toBe('测试花园3号楼2单元501');
    expect(room.gridCode).toBe(G1);
    const kids = (await as('grid', 'GET', `/api/addresses?parentId=${u.id}`)).json().items;
    expect(kids.map((a: { name: string }) => a.name)).toEqual(['501']);
  });
  it('refuses a child no deeper than its parent, a unit without a parent (400) and a duplicate sibling (409)', async () => {
    const place = await address('village', { kind: 'place', name: '层级校验小区', gridCode: G1 });
    expect((await as('village', 'POST', '/api/addresses', { parentId: place.id, kind: 'place', name: '再一个' })).json().details.fields[0].path).toBe('kind');
    expect((await as('village', 'POST', '/api/addresses', { kind: 'unit', name: '1单元', gridCode: G1 })).statusCode).toBe(400);
    expect((await as('village', 'POST', '/api/addresses', { kind: 'place', name: '层级校验小区', gridCode: G1 })).statusCode).toBe(409);
  });
  it('a grid worker cannot add or link an address outside their grids (403), nor see it (404)', async () => {
    expect((await as('grid', 'POST', '/api/addresses', { kind: 'place', name: '别人的小区', gridCode: G_OTHER })).statusCode).toBe(403);
    const other = await address('village', { kind: 'place', name: '建设平房区一排', gridCode: G_OTHER });
    expect((await as('grid', 'POST', '/api/addresses', { parentId: other.id, kind: 'building', name: '1号' })).statusCode).toBe(403);
    expect((await as('grid', 'GET', `/api/addresses/${other.id}`)).statusCode).toBe(404);
    const p = await person('grid');
    const link = await as('grid', 'PATCH', `/api/people/${p.id}`, { addressId: other.id });
    expect(link.statusCode).toBe(403);
    const create = await as('grid', 'POST', '/api/housing', { addressId: other.id, use: 'residential' });
    expect(create.statusCode).toBe(403);
  });
  it('finds 2-character words through the ngram index, and renaming carries the full names below', async () => {
    const place = await address('village', { kind: 'place', name: '锦绣华庭', gridCode: G1 });
    const b = await address('village', { parentId: place.id, kind: 'building', name: '8号楼' });
    const found = (await as('village', 'GET', `/api/addresses?q=${encodeURIComponent('华庭')}`)).json().items.map((a: { id: number }) => a.id);
    expect(found).toEqual(expect.arrayContaining([place.id, b.id]));
    expect((await as('village', 'GET', `/api/addresses?q=${encodeURIComponent('庭华')}`)).json().items).toHaveLength(0);
    const renamed = await as('village', 'PATCH', `/api/addresses/${place.id}`, { name: '锦绣华苑' });
    expect(renamed.statusCode).toBe(200);
    expect((await as('village', 'GET', `/api/addresses/${b.id}`)).json().fullName).toBe('锦绣华苑8号楼');
    const h = (await as('village', 'GET', `/api/addresses/${place.id}/history`)).json().items;
    expect(h.map((x: { action: string }) => x.action)).toEqual(['create', 'update']);
    expect(h[1].changes.name).toEqual({ from: '锦绣华庭', to: '锦绣华苑' });
    expect(h[1].actorName).toBe('village');
  });
});

describe('housing and people', () => {
  it('registers a rented house with owner and tenants, all masked, and counts it', async () => {
    const place = await address('grid', { kind: 'place', name: '出租测试楼', gridCode: G1 });
    const room = await address('grid', { parentId: place.id, kind: 'room', name: '101' });
    const owner = await person('grid', { addressId: room.id, householdNo: 'H0001', householdRelation: '户主' });
    const tenant = await person('grid', { registration: 'floating', addressId: room.id });
    const before = (await as('village', 'GET', '/api/registers/stats?regionCode=150826100001')).json();
    const res = await as('grid', 'POST', '/api/housing', { addressId: room.id, use: 'residential', ownerPersonId: owner.id, rented: true, tenantIds: [tenant.id], area: 62.5 });
    expect(res.statusCode, res.body).toBe(201);
    const h = res.json();
    expect(h).toMatchObject({ address: '出租测试楼101', rented: true, tenantCount: 1, area: 62.5, useName: '自住' });
    expect(h.ownerName).toContain('*');
    expect(h.tenants[0].name).toContain('*');
    expect(h.residents).toHaveLength(2);
    expect(res.body).not.toContain(owner.idNumber);
    expect((await as('grid', 'POST', '/api/housing', { addressId: room.id, use: 'residential' })).statusCode).toBe(409);
    const after = (await as('village', 'GET', '/api/registers/stats?regionCode=150826100001')).json();
    expect(after.total.houses - before.total.houses).toBe(1);
    expect(after.total.rented - before.total.rented).toBe(1);
    expect(after.total.people - before.total.people).toBe(0); // people were registered before "before"
    const big = after.children.find((c: { code: string }) => c.code === '150826100001001');
    expect(big.houses).toBeGreaterThanOrEqual(1);
    // the person's household and address show, masked
    const p = (await as('grid', 'GET', `/api/people/${owner.id}`)).json();
    expect(p).toMatchObject({ address: '出租测试楼101', householdNo: 'H0001', householdRelation: '户主' });
    expect(p.idNumber).toMatch(ID_MASK);
  });
  it('tenants only for a rented house (400); the change log shows the rental change', async () => {
    const place = await address('grid', { kind: 'place', name: '自住测试楼', gridCode: G1 });
    const tenant = await person('grid', { registration: 'floating' });
    expect((await as('grid', 'POST', '/api/housing', { addressId: place.id, use: 'residential', tenantIds: [tenant.id] })).json().details.fields[0].path).toBe('tenantIds');
    const h = (await as('grid', 'POST', '/api/housing', { addressId: place.id, use: 'residential' })).json();
    const upd = await as('grid', 'PATCH', `/api/housing/${h.id}`, { rented: true, tenantIds: [tenant.id], version: h.version });
    expect(upd.statusCode, upd.body).toBe(200);
    expect((await as('grid', 'PATCH', `/api/housing/${h.id}`, { rented: false, version: h.version })).statusCode).toBe(412);
    const hist = (await as('grid', 'GET', `/api/housing/${h.id}/history`)).json().items;
    expect(hist[1].changes.rented).toEqual({ from: false, to: true });
    expect(hist[1].changes.tenantIds).toEqual({ from: [], to: [tenant.id] });
    expect((await as('grid', 'GET', '/api/housing?rented=true&q=' + encodeURIComponent('自住'))).json().items.map((x: { id: number }) => x.id)).toContain(h.id);
  });
  it('updates a person in the change log (the phone only as "changed"); grid workers only in their grids', async () => {
    const p = await person('grid');
    const upd = await as('grid', 'PATCH', `/api/people/${p.id}`, { registration: 'floating', phone: '13700001111', version: p.version });
    expect(upd.statusCode, upd.body).toBe(200);
    plain.push('13700001111');
    expect(upd.json().phone).toBe('137****1111');
    const hist = (await as('grid', 'GET', `/api/people/${p.id}/history`)).json();
    expect(hist.items[1].changes).toEqual({ registration: { from: 'registered', to: 'floating' }, phone: { changed: true } });
    expect(JSON.stringify(hist)).not.toContain('13700001111');
    expect((await as('grid', 'PATCH', `/api/people/${p.id}`, { gridCode: G_OTHER })).statusCode).toBe(403);
    const [other] = (await as('grid2', 'GET', '/api/people?limit=1')).json().items;
    expect((await as('grid', 'PATCH', `/api/people/${other.id}`, { registration: 'floating' })).statusCode).toBe(404);
    expect((await as('grid', 'PATCH', `/api/people/${p.id}`, { phone: '12345' })).json().details.fields[0].path).toBe('phone');
  });
  it('finds people by a 2-character name through the ngram index and filters floating people', async () => {
    await person('village', { name: '欧阳明月', registration: 'floating' });
    const hits = (await as('village', 'GET', `/api/people?q=${encodeURIComponent('明月')}&registration=floating`)).json().items;
    expect(hits.length).toBeGreaterThanOrEqual(1);
    expect(hits.every((p: { name: string; registration: string }) => p.registration === 'floating' && p.name.startsWith('欧阳'))).toBe(true);
  });
  it('POST /api/people follows the contract: addressId links, bad checksum names idNumber, no reason → 400', async () => {
    const good = newId();
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const res = await as('grid', 'POST', '/api/people', { name: '张三', idNumber: bad, phone: '13800001234', gridCode: G1, registration: 'registered' });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.fields[0].path).toBe('idNumber');
    const [p] = (await as('village', 'GET', '/api/people?limit=1')).json().items;
    expect((await as('village', 'POST', `/api/people/${p.id}/unmask`, {})).statusCode).toBe(400);
  });
});

describe('establishments', () => {
  it('registers a shop with a sealed contact phone, masked for every role, unmask audited', async () => {
    const place = await address('grid', { kind: 'place', name: '胜利街商铺', gridCode: G1 });
    plain.push('13912340000');
    const res = await as('grid', 'POST', '/api/establishments', { name: '西环便民超市', kind: 'shop', addressId: place.id, contactName: '李春梅', contactPhone: '13912340000', employees: 3 });
    expect(res.statusCode, res.body).toBe(201);
    const e = res.json();
    expect(e).toMatchObject({ name: '西环便民超市', kindName: '商铺', contactPhone: '139****0000', gridCode: G1, address: '胜利街商铺' });
    expect(e.contactName).toContain('*');
    for (const u of ['grid', 'village', 'town', 'dispatcher', 'leader', 'police']) {
      const list = await as(u, 'GET', `/api/establishments?q=${encodeURIComponent('便民')}`);
      expect(list.statusCode, u).toBe(200);
      expect(list.body).not.toContain('13912340000');
      for (const x of list.json().items) if (x.contactPhone) expect(x.contactPhone).toMatch(PHONE_MASK);
    }
    expect((await as('grid', 'POST', `/api/establishments/${e.id}/unmask`, { reason: '核实联系人' })).statusCode).toBe(403);
    expect((await as('village', 'POST', `/api/establishments/${e.id}/unmask`, {})).statusCode).toBe(400);
    const full = await as('village', 'POST', `/api/establishments/${e.id}/unmask`, { reason: '核实经营者联系方式' });
    expect(full.json()).toMatchObject({ contactPhone: '13912340000', contactName: '李春梅', masked: false });
    const audit = (await as('auditor', 'GET', `/api/audit?action=establishment.unmask&objectId=${e.id}`)).json().items;
    expect(audit).toHaveLength(1);
    expect((await as('grid', 'POST', '/api/establishments', { name: '外网格商店', kind: 'shop', gridCode: G_OTHER })).statusCode).toBe(403);
    expect((await as('grid', 'POST', '/api/establishments', { name: '错号商店', kind: 'shop', gridCode: G1, contactPhone: '139' })).json().details.fields[0].path).toBe('contactPhone');
    expect((await as('village', 'GET', `/api/establishments?contactPhone=13912340000`)).json().items.map((x: { id: number }) => x.id)).toEqual([e.id]);
  });
});

async function sheet(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const rows: string[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
}

describe('exports', () => {
  it('exports people masked within the caller\'s scope; unmasked needs the permission and a reason, audited', async () => {
    const res = await as('grid', 'GET', '/api/people/export.xlsx');
    expect(res.statusCode).toBe(200);
    const rows = await sheet(res.rawPayload);
    expect(rows[0][0]).toBe('姓名');
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows.slice(1)) {
      expect(row[1]).toMatch(ID_MASK);
      expect(row[5].startsWith('150826100001001') || row[5].startsWith('150826100001002')).toBe(true);
    }
    expect((await as('grid', 'POST', '/api/people/export.xlsx', { reason: '核对台账信息' })).statusCode).toBe(403);
    expect((await as('village', 'POST', '/api/people/export.xlsx', {})).statusCode).toBe(400);
    const full = await as('village', 'POST', '/api/people/export.xlsx?registration=floating', { reason: '流动人口核查' });
    expect(full.statusCode).toBe(200);
    const frows = await sheet(full.rawPayload);
    expect(frows.slice(1).every((row) => /^\d{17}[\dX]$/.test(row[1]))).toBe(true);
    const audit = (await as('auditor', 'GET', '/api/audit?action=person.export_unmasked')).json().items;
    expect(audit[0].details.reason).toBe('流动人口核查');
  });
  it('exports housing and establishments masked', async () => {
    const h = await sheet((await as('village', 'GET', '/api/housing/export.xlsx')).rawPayload);
    expect(h[0][0]).toBe('地址');
    const e = await as('village', 'GET', '/api/establishments/export.xlsx');
    expect(e.rawPayload.length).toBeGreaterThan(0);
    const erows = await sheet(e.rawPayload);
    for (const row of erows.slice(1)) if (row[5]) expect(row[5]).toMatch(PHONE_MASK);
  });
  it('volunteers see no register (403)', async () => {
    for (const url of ['/api/addresses', '/api/housing', '/api/establishments', '/api/registers/stats', '/api/people/export.xlsx'])
      expect((await as('volunteer', 'GET', url)).statusCode, url).toBe(403);
  });
});

describe('nothing in plain text at rest', () => {
  it('no table holds any ID number or phone written by these tests in any column', async () => {
    const cols = await sql<{ t: string; c: string }>`
      select table_name as t, column_name as c from information_schema.columns
      where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb', 'json')`.execute(t.database.db);
    expect(plain.length).toBeGreaterThan(5);
    for (const c of cols.rows) {
      const hits = await sql<{ n: number }>`select count(*) as n from ${sql.table(c.t)}
        where ${sql.ref(c.c)}::text like any (${plain.map((n) => `%${n}%`)})`.execute(t.database.db);
      expect(Number(hits.rows[0].n), `${c.t}.${c.c}`).toBe(0);
    }
  });
});
