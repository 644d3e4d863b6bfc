// Administrator changes to the tree: create, rename, recode, move, retire — and what stays resolvable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../test/helpers.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await testApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { cookie: admin } });
const square = (lng: number, lat: number, d = 0.001) => ({
  type: 'Polygon',
  coordinates: [[[lng, lat], [lng + d, lat], [lng + d, lat + d], [lng, lat + d], [lng, lat]]],
});

describe('create', () => {
  it('creates a child with the level below its parent and the next free code', async () => {
    const res = await call('POST', '/api/regions', { parentCode: '150826101', name: '新建村' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ code: '150826101001', level: 'village', name: '新建村', status: 'active', version: 1 });
  });
  it('creates a grid with a given code and polygon, and locates it', async () => {
    const res = await call('POST', '/api/regions', { parentCode: '150826101001', code: '150826101001001', name: '一组网格', geometry: square(107.3, 40.9) });
    expect(res.statusCode).toBe(201);
    const loc = await call('GET', '/api/regions/locate?lat=40.9005&lng=107.3005');
    expect(loc.json().code).toBe('150826101001001');
  });
  it('refuses a child under a micro grid (422)', async () => {
    const res = await call('POST', '/api/regions', { parentCode: '150826100001001001001', name: '不该有' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'UNPROCESSABLE', message: '微网格是最低一级，不能再建下级' });
  });
  it('refuses a code of the wrong length or prefix (400), a taken code (409), an unclosed polygon (400)', async () => {
    const wrongLen = await call('POST', '/api/regions', { parentCode: '150826101', code: '15082610100', name: 'x' });
    expect(wrongLen.statusCode).toBe(400);
    expect(wrongLen.json().details.fields[0].path).toBe('code');
    const wrongPrefix = await call('POST', '/api/regions', { parentCode: '150826101', code: '150825101001', name: 'x' });
    expect(wrongPrefix.statusCode).toBe(400);
    const taken = await call('POST', '/api/regions', { parentCode: '150826100', code: '150826100001', name: 'x' });
    expect(taken.statusCode).toBe(409);
    const open = { type: 'Polygon', coordinates: [[[107, 40], [107.1, 40], [107.1, 40.1], [107, 40.1]]] };
    const unclosed = await call('POST', '/api/regions', { parentCode: '150826101', name: 'x', geometry: open });
    expect(unclosed.statusCode).toBe(400);
    expect(unclosed.json().message).toContain('未闭合');
  });
  it('an unknown parent → 404, a malformed parent code → 400', async () => {
    expect((await call('POST', '/api/regions', { parentCode: '150826199', name: 'x' })).statusCode).toBe(404);
    expect((await call('POST', '/api/regions', { parentCode: '1508261', name: 'x' })).statusCode).toBe(400);
  });
});

describe('rename and recode', () => {
  it('renames with the current version and refuses a stale one (412)', async () => {
    const before = (await call('GET', '/api/regions/150826100002')).json();
    const ok = await call('PATCH', '/api/regions/150826100002', { name: '东环路社区', version: before.version });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ name: '东环路社区', version: before.version + 1 });
    const stale = await call('PATCH', '/api/regions/150826100002', { name: '又改名', version: before.version });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('PRECONDITION_FAILED');
  });
  it('a code change rewrites the subtree and the old codes still resolve', async () => {
    await call('POST', '/api/regions', { parentCode: '150826100002', name: '东环一网格' });
    const res = await call('PATCH', '/api/regions/150826100002', { code: '150826100009', reason: '村改居重新编码' });
    expect(res.statusCode).toBe(200);
    expect(res.json().code).toBe('150826100009');
    const viaOld = (await call('GET', '/api/regions/150826100002')).json();
    expect(viaOld).toMatchObject({ code: '150826100009', resolvedFrom: '150826100002' });
    expect(viaOld.codeHistory).toEqual([expect.objectContaining({ code: '150826100002', replacedBy: '150826100009', reason: '村改居重新编码' })]);
    const grid = (await call('GET', '/api/regions/150826100002001')).json();
    expect(grid).toMatchObject({ code: '150826100009001', resolvedFrom: '150826100002001' });
    const map = await call('GET', '/api/regions/150826100002/geojson?depth=1');
    expect(map.statusCode).toBe(200);
  });
});

describe('move and retire', () => {
  it('moves a village to another town: codes follow the new parent, ids do not change', async () => {
    const before = (await call('GET', '/api/regions/150826101001')).json();
    const res = await call('POST', '/api/regions/150826101001/move', { parentCode: '150826100', reason: '调整隶属' });
    expect(res.statusCode).toBe(200);
    const moved = res.json();
    expect(moved.id).toBe(before.id);
    expect(moved.code).toMatch(/^150826100\d{3}$/);
    const child = (await call('GET', `/api/regions/${moved.code}001`)).json();
    expect(child.ancestors.map((a: { code: string }) => a.code)).toContain('150826100');
    const tree = (await call('GET', '/api/regions/tree?root=150826101&depth=1')).json();
    expect(tree[0].children).toEqual([]);
  });
  it('refuses a move to the wrong level or into its own subtree (422)', async () => {
    expect((await call('POST', '/api/regions/150826100001/move', { parentCode: '150826' })).statusCode).toBe(422);
    expect((await call('POST', '/api/regions/150826100001001/move', { parentCode: '150826100001001001' })).statusCode).toBe(422);
  });
  it('retires a town into its successor (撤乡并镇): villages move, the old code still resolves', async () => {
    await call('POST', '/api/regions', { parentCode: '150826', code: '150826102', name: '三道桥镇' });
    await call('POST', '/api/regions', { parentCode: '150826102', code: '150826102001', name: '和平村' });
    const res = await call('POST', '/api/regions/150826102/retire', { successorCode: '150826101', reason: '撤并入头道桥镇' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('retired');
    const old = (await call('GET', '/api/regions/150826102')).json();
    expect(old).toMatchObject({ status: 'retired', successor: { code: '150826101', name: '头道桥镇' }, childCount: 0 });
    const village = (await call('GET', '/api/regions/150826102001')).json();
    expect(village).toMatchObject({ name: '和平村', status: 'active', resolvedFrom: '150826102001' });
    expect(village.code.startsWith('150826101')).toBe(true);
    const county = (await call('GET', '/api/regions/tree?root=150826&depth=1')).json();
    expect(county[0].children.map((c: { code: string }) => c.code)).not.toContain('150826102');
  });
  it('refuses a successor of another level or inside the node (422), an unknown successor (404)', async () => {
    expect((await call('POST', '/api/regions/150826101/retire', { successorCode: '150826' })).statusCode).toBe(422);
    expect((await call('POST', '/api/regions/150826100/retire', { successorCode: '150826100001' })).statusCode).toBe(422);
    expect((await call('POST', '/api/regions/150826101/retire', { successorCode: '150826188' })).statusCode).toBe(404);
  });
});

describe('grid members', () => {
  it('lists the members of a grid with their duties', async () => {
    const res = await call('GET', '/api/regions/150826100001001/members');
    expect(res.statusCode).toBe(200);
    expect(res.json().map((m: { username: string; dutyName: string }) => `${m.username}:${m.dutyName}`)).toEqual([
      'village:网格长', 'grid:网格员', 'police:民警', 'volunteer:志愿者',
    ]);
  });
  it('adds, changes and removes a member; a person may serve several grids', async () => {
    expect((await call('PUT', '/api/regions/150826100001003/members', { username: 'volunteer', duty: 'volunteer' })).statusCode).toBe(204);
    expect((await call('PUT', '/api/regions/150826100001003/members', { username: 'volunteer', duty: 'grid_worker' })).statusCode).toBe(204);
    const list = (await call('GET', '/api/regions/150826100001003/members')).json();
    expect(list).toEqual([expect.objectContaining({ username: 'volunteer', duty: 'grid_worker' })]);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/regions/150826100001003/members/${list[0].userId}`, headers: { cookie: admin } });
    expect(del.statusCode).toBe(204);
    expect((await call('GET', '/api/regions/150826100001003/members')).json()).toEqual([]);
  });
  it('refuses members on a village (422), an unknown account (404), an administrator (422)', async () => {
    expect((await call('PUT', '/api/regions/150826100001/members', { username: 'grid', duty: 'grid_worker' })).statusCode).toBe(422);
    expect((await call('PUT', '/api/regions/150826100001001/members', { username: 'nobody', duty: 'grid_worker' })).statusCode).toBe(404);
    expect((await call('PUT', '/api/regions/150826100001001/members', { username: 'auditor', duty: 'grid_worker' })).statusCode).toBe(422);
  });
});

describe('audit of tree changes', () => {
  it('every change of the tree is in the audit log with its actor', async () => {
    const auditor = await t.login('auditor');
    const res = await t.app.inject({ url: '/api/audit?action=region.*&limit=100', headers: { cookie: auditor } });
    const actions = new Set((res.json().items as { action: string; actorName: string }[]).map((i) => `${i.action}:${i.actorName}`));
    for (const a of ['region.create', 'region.update', 'region.move', 'region.retire']) expect(actions).toContain(`${a}:admin`);
    const members = await t.app.inject({ url: '/api/audit?action=grid.*', headers: { cookie: auditor } });
    expect(members.json().items.map((i: { action: string }) => i.action)).toEqual(expect.arrayContaining(['grid.member_set', 'grid.member_remove']));
  });
});
