// The first register on the personal-data module: sealed at rest, masked in every response,
// exact lookup through the blind index, unmask only with permission + reason + audit, scoped reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../../../test/helpers.js';
import { demoPeople } from '../../seed/people.js';
import { DEMO_PEOPLE_COUNT, DEMO_PEOPLE_GRIDS } from '../../seed/demo.js';
import { fakeResidentId } from '../personal/index.js';
import { rng } from '../../seed/people.js';

let t: TestApp;
const cookies: Record<string, string> = {};
const seeded = demoPeople(DEMO_PEOPLE_GRIDS, DEMO_PEOPLE_COUNT);
const r = rng(7);
const newId = () => fakeResidentId(r, { areaCode: '150826', birth: '1988-03-15' });

beforeAll(async () => {
  t = await testApp();
  for (const u of ['grid', 'grid2', 'village', 'town', 'dispatcher', 'leader', 'police', 'volunteer', 'auditor', 'admin'])
    cookies[u] = await t.login(u);
});
afterAll(() => t.close());

const as = (u: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { cookie: cookies[u] } });

const ID_MASK = /^\d{6}\*{8}[\dX]{4}$/;
const PHONE_MASK = /^1\d{2}\*{4}\d{4}$/;

describe('register a person', () => {
  it('answers 201 with every personal field masked', async () => {
    const idNumber = newId();
    const res = await as('grid', 'POST', '/api/people', { name: '韩志刚', idNumber, phone: '13847801234', gridCode: '150826100001001002', registration: 'registered' });
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect(p).toMatchObject({ name: '韩**', phone: '138****1234', gridCode: '150826100001001002', masked: true });
    expect(p.idNumber).toBe(`${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`);
    expect(res.body).not.toContain(idNumber);
    expect(res.body).not.toContain('13847801234');
  });
  it('accepts names with the middle dot and phones with +86', async () => {
    const res = await as('grid', 'POST', '/api/people', { name: '阿拉坦•苏和', idNumber: newId(), phone: '+86 139 0478 5566', gridCode: '150826100001002001', registration: 'floating' });
    expect(res.statusCode).toBe(201);
    expect(res.json().name).toContain('·');
  });
  it('names the field when the ID checksum, the phone or the name is wrong (400)', async () => {
    const good = newId();
    const badCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const id = await as('grid', 'POST', '/api/people', { name: '张三', idNumber: badCheck, gridCode: '150826100001001002', registration: 'registered' });
    expect(id.statusCode).toBe(400);
    expect(id.json().details.fields[0].path).toBe('idNumber');
    const phone = await as('grid', 'POST', '/api/people', { name: '张三', idNumber: newId(), phone: '1234', gridCode: '150826100001001002', registration: 'registered' });
    expect(phone.statusCode).toBe(400);
    expect(phone.json().details.fields[0].path).toBe('phone');
    const name = await as('grid', 'POST', '/api/people', { name: '张3', idNumber: newId(), gridCode: '150826100001001002', registration: 'registered' });
    expect(name.json().details.fields[0].path).toBe('name');
  });
  it('refuses a grid outside the worker\'s grids (403) and a second registration of an ID (409)', async () => {
    const out = await as('grid', 'POST', '/api/people', { name: '张三', idNumber: newId(), gridCode: '150826100001003001', registration: 'registered' });
    expect(out.statusCode).toBe(403);
    const dup = await as('village', 'POST', '/api/people', { name: '某人', idNumber: seeded[0].idNumber, gridCode: '150826100001001001', registration: 'registered' });
    expect(dup.statusCode).toBe(409);
  });
});

describe('reading is scoped and always masked', () => {
  it('masks every person in every response for every role that may read', async () => {
    for (const u of ['grid', 'grid2', 'village', 'town', 'dispatcher', 'leader', 'police']) {
      const res = await as(u, 'GET', '/api/people?limit=200');
      expect(res.statusCode, u).toBe(200);
      const items = res.json().items as { idNumber: string; phone: string | null; name: string }[];
      for (const p of items) {
        expect(p.idNumber).toMatch(ID_MASK);
        if (p.phone) expect(p.phone).toMatch(PHONE_MASK);
        expect(p.name).toContain('*');
      }
      for (const s of seeded) {
        expect(res.body).not.toContain(s.idNumber);
        expect(res.body).not.toContain(s.phone);
      }
    }
  });
  it('grid workers see their grids only; a town sees its villages, not another county', async () => {
    const grid = (await as('grid', 'GET', '/api/people?limit=200')).json().items as { gridCode: string }[];
    expect(grid.length).toBeGreaterThan(0);
    expect(grid.every((p) => /^150826100001(001|002)/.test(p.gridCode))).toBe(true);
    const grid2 = (await as('grid2', 'GET', '/api/people?limit=200')).json().items as { gridCode: string }[];
    expect(grid2.every((p) => p.gridCode.startsWith('150825100001001'))).toBe(true);
    const town = (await as('town', 'GET', '/api/people?limit=200')).json().items as { gridCode: string }[];
    expect(town.every((p) => p.gridCode.startsWith('150826100'))).toBe(true);
    expect(town.length).toBeGreaterThan(grid.length);
    const lantian = seeded.findIndex((p) => p.gridCode.startsWith('150825'));
    const found = (await as('grid2', 'GET', `/api/people?idNumber=${seeded[lantian].idNumber}`)).json().items;
    expect(found).toHaveLength(1);
    const outside = await as('town', 'GET', `/api/people/${found[0].id}`);
    expect(outside.statusCode).toBe(404);
  });
  it('finds a person by exact ID number or phone through the blind index', async () => {
    const target = seeded[3];
    const byId = (await as('village', 'GET', `/api/people?idNumber=${target.idNumber.toLowerCase()}`)).json().items;
    expect(byId).toHaveLength(1);
    expect(byId[0].idNumber).toBe(`${target.idNumber.slice(0, 6)}********${target.idNumber.slice(-4)}`);
    const byPhone = (await as('village', 'GET', `/api/people?phone=${target.phone}`)).json().items;
    expect(byPhone.map((p: { id: number }) => p.id)).toContain(byId[0].id);
  });
  it('volunteers and the administrator roles have no access to the register (403)', async () => {
    for (const u of ['volunteer', 'auditor', 'admin']) expect((await as(u, 'GET', '/api/people')).statusCode, u).toBe(403);
  });
});

describe('unmask', () => {
  it('needs a reason (400), the permission (403), and writes an audit row', async () => {
    const target = seeded[1];
    const [p] = (await as('village', 'GET', `/api/people?idNumber=${target.idNumber}`)).json().items;
    const noReason = await as('village', 'POST', `/api/people/${p.id}/unmask`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().details.fields[0].path).toBe('reason');
    expect((await as('grid', 'POST', `/api/people/${p.id}/unmask`, { reason: '核实身份信息' })).statusCode).toBe(403);
    const ok = await as('village', 'POST', `/api/people/${p.id}/unmask`, { reason: '调解需核实当事人身份' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ idNumber: target.idNumber, phone: target.phone, name: target.name, masked: false });
    const audit = (await as('auditor', 'GET', `/api/audit?action=person.unmask&objectId=${p.id}`)).json().items;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorName: 'village', role: 'village_staff', outcome: 'success' });
    expect(audit[0].details.reason).toBe('调解需核实当事人身份');
  });
  it('an id outside the caller\'s scope answers 404, even with a reason', async () => {
    const [p] = (await as('grid2', 'GET', '/api/people?limit=1')).json().items;
    expect((await as('town', 'POST', `/api/people/${p.id}/unmask`, { reason: '核实身份信息' })).statusCode).toBe(404);
  });
});

describe('nothing in plain text at rest', () => {
  it('no table holds a seeded ID number or phone in any column', async () => {
    const cols = await sql<{ t: string; c: string }>`
      select table_name as t, column_name as c from information_schema.columns
      where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb', 'json')`.execute(t.database.db);
    const needles = seeded.flatMap((s) => [s.idNumber, s.phone]);
    for (const c of cols.rows) {
      const hits = await sql<{ n: number }>`select count(*) as n from ${sql.table(c.t)}
        where ${sql.ref(c.c)}::text like any (${needles.map((n) => `%${n}%`)})`.execute(t.database.db);
      expect(hits.rows[0].n, `${c.t}.${c.c}`).toBe(0);
    }
  });
});
