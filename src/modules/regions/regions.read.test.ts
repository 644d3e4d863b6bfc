import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../test/helpers.js';

let t: TestApp;
let cookie: string;
beforeAll(async () => {
  t = await testApp();
  cookie = await t.login('dispatcher');
});
afterAll(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers: { cookie, ...headers } });

describe('GET /api/regions/tree', () => {
  it('nests the demo tree from 巴彦淖尔市 with its seven county-level divisions', async () => {
    const res = await get('/api/regions/tree?depth=1');
    expect(res.statusCode).toBe(200);
    const [city] = res.json();
    expect(city).toMatchObject({ code: '150800', name: '巴彦淖尔市', level: 'city' });
    expect(city.children.map((c: { code: string }) => c.code)).toEqual(['150802', '150821', '150822', '150823', '150824', '150825', '150826']);
    expect(city.children[0].children).toEqual([]);
  });
  it('starts at a root and stops at the depth asked for', async () => {
    const res = await get('/api/regions/tree?root=150826100001&depth=2');
    const [v] = res.json();
    expect(v).toMatchObject({ code: '150826100001', name: '西环社区', level: 'village' });
    expect(v.children).toHaveLength(4);
    expect(v.children.every((b: { level: string }) => b.level === 'grid_big')).toBe(true);
    expect(v.children[0].children).toHaveLength(4);
    expect(v.children[0].children[0].children).toEqual([]);
    expect(Object.keys(v)).toEqual(['id', 'code', 'name', 'level', 'hasChildren', 'children']);
    // the first small grid has micro grids below the loaded depth; the others have none
    expect(v.children[0].children.map((c: { hasChildren: boolean }) => c.hasChildren)).toEqual([true, false, false, false]);
    expect(v.hasChildren).toBe(true);
  });
  it('answers a malformed root code with 400 and an unknown one with 404', async () => {
    const bad = await get('/api/regions/tree?root=1508261');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION');
    const unknown = await get('/api/regions/tree?root=150826999');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'NOT_FOUND', message: '区划 150826999 不存在' });
  });
  it('refuses a depth out of range', async () => {
    expect((await get('/api/regions/tree?depth=99')).statusCode).toBe(400);
  });
});

describe('GET /api/regions/search', () => {
  it('finds nodes by name fragment (two characters too) and by code prefix, with the names above them', async () => {
    const byName = (await get(`/api/regions/search?q=${encodeURIComponent('西环')}`)).json();
    expect(byName[0]).toMatchObject({ code: '150826100001', name: '西环社区', pathNames: ['巴彦淖尔市', '杭锦后旗', '陕坝镇'] });
    expect(byName.length).toBeGreaterThan(4);
    const byCode = (await get('/api/regions/search?q=150825100')).json();
    expect(byCode.map((r: { code: string }) => r.code)).toContain('150825100001');
    const within = (await get(`/api/regions/search?q=${encodeURIComponent('网格')}&root=150825100001&limit=50`)).json();
    expect(within.every((r: { code: string }) => r.code.startsWith('150825100001'))).toBe(true);
    expect((await get('/api/regions/search?q=')).statusCode).toBe(400);
  });
});

describe('GET /api/regions/:code', () => {
  it('returns the node with its ancestors, level name and child count', async () => {
    const res = await get('/api/regions/150826100001001');
    expect(res.statusCode).toBe(200);
    const n = res.json();
    expect(n).toMatchObject({ code: '150826100001001', level: 'grid_big', levelName: '大网格', status: 'active', childCount: 4 });
    expect(n.ancestors.map((a: { name: string }) => a.name)).toEqual(['巴彦淖尔市', '杭锦后旗', '陕坝镇', '西环社区']);
    expect(n.parent.code).toBe('150826100001');
    expect(n.geometry.type).toBe('Polygon');
  });
  it('malformed → 400 (English on request); unknown → 404', async () => {
    const bad = await get('/api/regions/12345', { 'accept-language': 'en' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/malformed region code/);
    expect((await get('/api/regions/150826100099')).statusCode).toBe(404);
  });
});

describe('GET /api/regions/:code/geojson and locate', () => {
  it('gives 西环社区 and its grids as a FeatureCollection', async () => {
    const res = await get('/api/regions/150826100001/geojson?depth=2');
    const fc = res.json();
    expect(fc.type).toBe('FeatureCollection');
    const levels = fc.features.map((f: { properties: { level: string } }) => f.properties.level);
    expect(levels.filter((l: string) => l === 'grid_big')).toHaveLength(4);
    expect(levels.filter((l: string) => l === 'grid_small')).toHaveLength(16);
  });
  it('locates a point to the smallest grid that contains it', async () => {
    // the first small grid of 西环一网格 holds two micro grids (1号楼, 2号楼)
    const grid = (await get('/api/regions/150826100001001001001')).json();
    const ring = grid.geometry.coordinates[0] as [number, number][];
    const lng = (ring[0][0] + ring[1][0]) / 2;
    const lat = (ring[0][1] + ring[3][1]) / 2;
    const res = await get(`/api/regions/locate?lat=${lat}&lng=${lng}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ code: '150826100001001001001', level: 'grid_micro' });
    expect(res.json().ancestors.map((a: { code: string }) => a.code)).toContain('150826100001');
  });
  it('a point in a grid without micro grids resolves to the small grid', async () => {
    const g = (await get('/api/regions/150826100001003002')).json();
    const ring = g.geometry.coordinates[0] as [number, number][];
    const res = await get(`/api/regions/locate?lat=${(ring[0][1] + ring[3][1]) / 2}&lng=${(ring[0][0] + ring[1][0]) / 2}`);
    expect(res.json().code).toBe('150826100001003002');
  });
  it('a point far from every grid → 404; bad coordinates → 400', async () => {
    expect((await get('/api/regions/locate?lat=30&lng=120')).statusCode).toBe(404);
    expect((await get('/api/regions/locate?lat=abc&lng=120')).statusCode).toBe(400);
    expect((await get('/api/regions/locate?lat=95&lng=120')).statusCode).toBe(400);
  });
});
