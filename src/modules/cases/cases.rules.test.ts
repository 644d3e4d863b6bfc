// Intake rules, scope, confidentiality (回避), on-the-spot resolution, merge, duplicates, search, idempotency.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, onPostgres, type TestApp } from '../../../test/helpers.js';

let t: TestApp;
const as: Record<string, string> = {};
beforeAll(async () => {
  t = await testApp();
  for (const u of ['village', 'town', 'police', 'dispatcher', 'grid', 'grid2', 'dept', 'leader', 'volunteer']) as[u] = await t.login(u);
});
afterAll(() => t.close());

const api = (who: string | null, method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, payload, headers: { ...(who ? { cookie: as[who] } : {}), ...headers } });
const act = async (who: string, id: number, body: object) => {
  const c = (await api(who, 'GET', `/api/cases/${id}`)).json();
  return api(who, 'POST', `/api/cases/${id}/actions`, { version: c.version, ...body });
};
let n = 0;
const body = (over: object = {}) => ({
  title: `邻里纠纷第${++n}件`,
  description: '宅基地边界争议，双方各执一词。',
  category: 'dispute',
  disputeType: '09',
  channel: 'window',
  regionCode: '150826100001002001',
  applicant: { name: '赵大海', phone: `1380478${String(1000 + n).slice(-4)}` },
  ...over,
});

describe('intake rules', () => {
  it('a dispute without a type, an unknown type or an unknown region → 400 naming the field', async () => {
    const noType = await api('dispatcher', 'POST', '/api/cases', body({ disputeType: undefined }));
    expect(noType.statusCode).toBe(400);
    expect(noType.json().details.fields[0].path).toBe('disputeType');
    expect((await api('dispatcher', 'POST', '/api/cases', body({ disputeType: '42' }))).json().details.fields[0].path).toBe('disputeType');
    expect((await api('dispatcher', 'POST', '/api/cases', body({ regionCode: '150826100099' }))).json().details.fields[0].path).toBe('regionCode');
    expect((await api('dispatcher', 'POST', '/api/cases', body({ applicant: { name: '赵大海', phone: '123' } }))).json().details.fields[0].path).toBe('applicant.phone');
    const service = await api('dispatcher', 'POST', '/api/cases', body({ category: 'service', disputeType: undefined }));
    expect(service.statusCode).toBe(201);
  });
  it('a region outside the caller\'s scope → 404', async () => {
    expect((await api('grid2', 'POST', '/api/cases', body({ channel: 'grid' }))).statusCode).toBe(404);
    expect((await api('town', 'POST', '/api/cases', body({ regionCode: '150825100001' }))).statusCode).toBe(404);
  });
  it('lands by channel: window at the county center, police at the town, grid reports at the village', async () => {
    const w = (await api('dispatcher', 'POST', '/api/cases', body())).json();
    expect((await api('dispatcher', 'GET', `/api/cases/${w.id}`)).json()).toMatchObject({ level: 'county', officeUnit: { name: '杭锦后旗社会治理中心' } });
    const p = (await api('police', 'POST', '/api/cases', body({ channel: 'police' }))).json();
    expect((await api('town', 'GET', `/api/cases/${p.id}`)).json()).toMatchObject({ level: 'town', firstLevel: 'town' });
    const g = (await api('grid', 'POST', '/api/cases', body({ channel: 'grid' }))).json();
    expect((await api('village', 'GET', `/api/cases/${g.id}`)).json()).toMatchObject({ level: 'village', officeUnit: { name: '西环社区居委会' } });
  });
});

describe('landing is configurable', () => {
  it('an administrator sends hotline calls to the town office instead of the county center', async () => {
    const admin = await t.login('admin');
    const before = await api('dispatcher', 'POST', '/api/cases', body({ channel: 'hotline' }));
    expect((await api('dispatcher', 'GET', `/api/cases/${before.json().id}`)).json().level).toBe('county');
    const set = await t.app.inject({ method: 'PUT', url: '/api/settings/case-landing', payload: { hotline: 'town' }, headers: { cookie: admin } });
    expect(set.json()).toMatchObject({ hotline: 'town', window: 'county', citizen: 'village' });
    expect((await t.app.inject({ method: 'PUT', url: '/api/settings/case-landing', payload: { hotline: 'moon' }, headers: { cookie: admin } })).statusCode).toBe(400);
    expect((await api('dispatcher', 'PUT' as 'POST', '/api/settings/case-landing', { hotline: 'village' })).statusCode).toBe(403);
    const after = await api('dispatcher', 'POST', '/api/cases', body({ channel: 'hotline' }));
    expect((await api('dispatcher', 'GET', `/api/cases/${after.json().id}`)).json()).toMatchObject({ level: 'town', officeUnit: { name: '陕坝镇综治中心' } });
    await t.app.inject({ method: 'PUT', url: '/api/settings/case-landing', payload: { hotline: 'county' }, headers: { cookie: admin } });
  });
});

describe('scope', () => {
  it('a grid worker sees its grids\' cases only; a town sees its villages, not another county; a department only its unit\'s', async () => {
    const lantian = (await api('grid2', 'POST', '/api/cases', body({ channel: 'grid', regionCode: '150825100001001' }))).json();
    const grid = (await api('grid', 'GET', '/api/cases?limit=200')).json().items.map((c: { id: number }) => c.id);
    expect(grid).not.toContain(lantian.id);
    expect((await api('grid', 'GET', `/api/cases/${lantian.id}`)).statusCode).toBe(404);
    expect((await api('town', 'GET', `/api/cases/${lantian.id}`)).statusCode).toBe(404);
    expect((await api('grid2', 'GET', `/api/cases/${lantian.id}`)).statusCode).toBe(200);
    const mine = (await api('dept', 'GET', '/api/cases?limit=200')).json().items;
    expect(mine).toEqual([]); // nothing assigned to 司法局 yet
    const c = (await api('dispatcher', 'POST', '/api/cases', body())).json();
    await act('dispatcher', c.id, { action: 'file' });
    const justice = (await api('dispatcher', 'GET', `/api/cases/${c.id}/assignees`)).json().find((u: { name: string }) => u.name === '杭锦后旗司法局');
    await act('dispatcher', c.id, { action: 'assign', unitId: justice.id });
    expect((await api('dept', 'GET', '/api/cases?limit=200')).json().items.map((x: { id: number }) => x.id)).toEqual([c.id]);
  });
});

describe('confidential cases (回避)', () => {
  it('never land at, go to, or show to the units they concern', async () => {
    const units = (await api('dispatcher', 'GET', '/api/units?region=150826100001')).json();
    const village = units.find((u: { name: string }) => u.name === '西环社区居委会');
    const res = await api('dispatcher', 'POST', '/api/cases', body({ channel: 'grid', title: '反映社区干部优亲厚友', confidential: true, avoidUnitIds: [village.id] }));
    const id = res.json().id;
    const c = (await api('dispatcher', 'GET', `/api/cases/${id}`)).json();
    expect(c.officeUnit.name).toBe('陕坝镇综治中心'); // the village office is skipped
    expect((await api('village', 'GET', `/api/cases/${id}`)).statusCode).toBe(404);
    expect((await api('village', 'GET', '/api/cases?limit=200')).json().items.map((x: { id: number }) => x.id)).not.toContain(id);
    await act('town', id, { action: 'file' });
    const assignees = (await api('town', 'GET', `/api/cases/${id}/assignees`)).json();
    expect(assignees.map((u: { id: number }) => u.id)).not.toContain(village.id);
    expect((await act('town', id, { action: 'assign', unitId: village.id })).statusCode).toBe(422);
  });
});

describe('on-the-spot resolution, merge, duplicates, take-over, reopen', () => {
  it('a grid worker\'s report resolved on the spot goes straight to verification', async () => {
    const res = await api('grid', 'POST', '/api/cases', body({ channel: 'grid', category: 'city', disputeType: undefined, resolvedOnSite: true, result: '已劝离占道摊贩' }));
    expect(res.json().status).toBe('to_verify');
    const c = (await api('village', 'GET', `/api/cases/${res.json().id}`)).json();
    expect(c).toMatchObject({ resolvedOnSite: true, disposition: '已解决', allowedActions: ['verify'] });
    expect((await act('village', c.id, { action: 'verify', passed: true })).json().status).toBe('verified');
    expect((await api('dispatcher', 'POST', '/api/cases', body({ resolvedOnSite: true, result: 'x' }))).statusCode).toBe(422);
  });
  it('finds duplicates (same phone, same place and type, similar title) and merges; the applicant follows the primary', async () => {
    const phone = '13704789999';
    const a = (await api('dispatcher', 'POST', '/api/cases', body({ title: '宅基地边界纠纷调处', applicant: { name: '孙立', phone } }))).json();
    const b = (await api('dispatcher', 'POST', '/api/cases', body({ title: '宅基地边界纠纷再次反映', applicant: { name: '孙立', phone } }))).json();
    const dups = (await api('dispatcher', 'GET', `/api/cases/${b.id}/duplicates`)).json();
    const hit = dups.find((d: { id: number }) => d.id === a.id);
    expect(hit.reasons).toEqual(expect.arrayContaining(['同一手机号', '同地点同类型']));
    expect((await act('dispatcher', b.id, { action: 'merge', primaryId: a.id })).json()).toMatchObject({ status: 'merged', mergedIntoId: a.id });
    const primary = (await api('dispatcher', 'GET', `/api/cases/${a.id}`)).json();
    expect(primary.parties.filter((p: { role: string }) => p.role === 'applicant')).toHaveLength(2);
    expect(primary.timeline.at(-1).note).toContain(b.caseNumber);
    expect((await act('dispatcher', b.id, { action: 'file' })).statusCode).toBe(409);
  });
  it('the county center takes over a village case; a case is reopened once, only after 不满意; a refusal needs a reason', async () => {
    const g = (await api('grid', 'POST', '/api/cases', body({ channel: 'grid' }))).json();
    const tk = await act('dispatcher', g.id, { action: 'take_over', reason: '涉及多个部门' });
    expect(tk.json()).toMatchObject({ level: 'county', highestLevel: 'county', status: 'filed' });
    const r = (await api('dispatcher', 'POST', '/api/cases', body())).json();
    expect((await act('dispatcher', r.id, { action: 'reject' })).statusCode).toBe(400);
    expect((await act('dispatcher', r.id, { action: 'reject', reason: '不属于受理范围，已告知向法院起诉' })).json().status).toBe('rejected');
    const c = (await api('grid', 'POST', '/api/cases', body({ channel: 'grid', category: 'city', disputeType: undefined, resolvedOnSite: true, result: '已清理' }))).json();
    await act('village', c.id, { action: 'verify', passed: true });
    await act('village', c.id, { action: 'rate', satisfaction: 'dissatisfied', method: 'phone' });
    expect((await act('village', c.id, { action: 'reopen', reason: '群众不满意' })).json()).toMatchObject({ status: 'filed', reopened: true });
    const cu = (await api('village', 'GET', `/api/cases/${c.id}/assignees`)).json()[0];
    await act('village', c.id, { action: 'assign', unitId: cu.id });
  });
});

describe('Chinese search and the workbench', () => {
  it('finds 1-, 2- and 3+-character words through the index, exactly like LIKE', async () => {
    await api('dispatcher', 'POST', '/api/cases', body({ title: '拖欠农民工工资', description: '某工地拖欠工资三个月' , category: 'dispute', disputeType: '07' }));
    const count = async (q: string) => (await api('dispatcher', 'GET', `/api/cases?limit=200&q=${encodeURIComponent(q)}`)).json().items.length;
    expect(await count('工资')).toBe(1);
    expect(await count('拖欠农民工')).toBe(1);
    expect(await count('欠')).toBe(1);
    expect(await count('宅基地')).toBeGreaterThan(3);
    await api('dispatcher', 'POST', '/api/cases', body({ title: '张三李四', description: '李四张三', category: 'service', disputeType: undefined }));
    expect(await count('四李')).toBe(0); // the bigram 四李 exists only across the title/description boundary
    expect(await count('三李四张')).toBe(0); // every bigram is in the index, the phrase is not: the LIKE recheck removes it
    expect(await count('张三')).toBe(1);
    expect((await api('dispatcher', 'GET', `/api/cases?q=${encodeURIComponent('，。')}`)).statusCode).toBe(400);
  });
  it('counts the workbench within the caller\'s office', async () => {
    const w = (await api('village', 'GET', '/api/cases/workbench')).json();
    expect(w.toAccept).toBeGreaterThan(0);
    expect(Object.keys(w)).toEqual(['toAccept', 'toAssign', 'myTodo', 'toVerify', 'toRate', 'open', 'closed', 'dueSoon', 'overdue', 'supervising']);
  });
});

describe('Idempotency-Key', () => {
  it('the same key and body give the same answer; the same key with another body → 422', async () => {
    const b = body();
    const h = { 'idempotency-key': 'intake-test-0001' };
    const first = await api('dispatcher', 'POST', '/api/cases', b, h);
    const again = await api('dispatcher', 'POST', '/api/cases', b, h);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    const other = await api('dispatcher', 'POST', '/api/cases', { ...b, title: '另一件事' }, h);
    expect(other.statusCode).toBe(422);
    const pub = { ...body(), channel: undefined };
    const p1 = await api(null, 'POST', '/api/public/cases', pub, { 'idempotency-key': 'public-key-0001' });
    const p2 = await api(null, 'POST', '/api/public/cases', pub, { 'idempotency-key': 'public-key-0001' });
    expect(p2.json().id).toBe(p1.json().id);
  });
  it.skipIf(!onPostgres())('parallel replays create one case (PostgreSQL; PGlite serialises everything)', async () => {
    const b = body();
    const h = { 'idempotency-key': 'parallel-key-0001' };
    const results = await Promise.all(Array.from({ length: 8 }, () => api('dispatcher', 'POST', '/api/cases', b, h)));
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
  });
});
