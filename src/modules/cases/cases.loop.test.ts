// The six-step loop through HTTP: a citizen's report climbs from the village to the town and back to archived.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../test/helpers.js';

let t: TestApp;
const as: Record<string, string> = {};
beforeAll(async () => {
  t = await testApp();
  for (const u of ['village', 'town', 'police', 'dispatcher', 'auditor', 'grid', 'grid2', 'dept', 'leader']) as[u] = await t.login(u);
  // the village secretary is also the mediation committee's mediator: a second session in that role
  as.mediator_xh = await t.login('village');
  const me = (await t.app.inject({ url: '/api/auth/me', headers: { cookie: as.mediator_xh } })).json().user;
  const mediator = me.assignments.find((a: { role: string }) => a.role === 'mediator');
  await t.app.inject({ method: 'POST', url: '/api/auth/role', payload: { roleId: mediator.id }, headers: { cookie: as.mediator_xh } });
});
afterAll(() => t.close());

const api = (who: string | null, method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, payload, headers: { ...(who ? { cookie: as[who] } : {}), ...headers } });
const act = async (who: string, id: number, body: object) => {
  const c = (await api(who, 'GET', `/api/cases/${id}`)).json();
  return api(who, 'POST', `/api/cases/${id}/actions`, { version: c.version, ...body });
};

const report = {
  title: '楼上漏水多次协商未果',
  description: '幸福小区3号楼住户反映楼上卫生间漏水，与邻居多次协商未果，请求社区调解。',
  category: 'dispute',
  disputeType: '02',
  regionCode: '150826100001001001',
  applicant: { name: '王秀兰', phone: '13904781234' },
  respondents: [{ name: '李建军', phone: '13604785678' }],
};

describe('the whole loop', () => {
  let id = 0;
  let trackingCode = '';
  it('a citizen reports on H5 and gets a number and a tracking code; it lands at the village office', async () => {
    const res = await api(null, 'POST', '/api/public/cases', report);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.caseNumber).toMatch(/^150826-20261128-\d{6}$/);
    expect(body.trackingCode).toMatch(/^[A-Z2-9]{10}$/);
    expect(body.status).toBe('reported');
    id = body.id;
    trackingCode = body.trackingCode;
    const c = (await api('village', 'GET', `/api/cases/${id}`)).json();
    expect(c).toMatchObject({ level: 'village', channel: 'citizen', officeUnit: { name: '西环社区居委会' }, statusName: '待受理' });
    // the place with where it lies, from the county down
    expect(c.place).toMatchObject({ code: '150826100001001001', name: '幸福小区网格', fullName: '杭锦后旗 陕坝镇 西环社区 西环一网格 幸福小区网格' });
    expect(c.allowedActions).toEqual(['file', 'reject', 'merge', 'escalate']);
    expect(c.parties[0]).toMatchObject({ role: 'applicant', name: '王**', phone: '139****1234' });
    expect(JSON.stringify(c)).not.toContain('13904781234');
  });
  it('feedback before start is refused (409); a stale version is refused (412); another office may not act (403/404)', async () => {
    const c = (await api('village', 'GET', `/api/cases/${id}`)).json();
    const early = await api('village', 'POST', `/api/cases/${id}/actions`, { action: 'feedback', version: c.version, result: 'x', disposition: '已解决' });
    expect(early.statusCode).toBe(409);
    const stale = await api('village', 'POST', `/api/cases/${id}/actions`, { action: 'file', version: c.version - 1 });
    expect(stale.statusCode).toBe(412);
    const town = await api('town', 'POST', `/api/cases/${id}/actions`, { action: 'file', version: c.version });
    expect(town.statusCode).toBe(403);
    expect((await api('grid2', 'GET', `/api/cases/${id}`)).statusCode).toBe(404);
  });
  it('the village files and assigns to its mediation committee, which starts and escalates to the town', async () => {
    expect((await act('village', id, { action: 'file' })).statusCode).toBe(200);
    const units = (await api('village', 'GET', `/api/cases/${id}/assignees`)).json();
    const committee = units.find((u: { name: string }) => u.name === '西环社区人民调解委员会');
    expect(committee).toBeDefined();
    const assigned = await act('village', id, { action: 'assign', unitId: committee.id, note: '请调委会组织调解' });
    expect(assigned.json()).toMatchObject({ status: 'assigned', assignedUnit: { name: '西环社区人民调解委员会' } });
    expect((await act('mediator_xh', id, { action: 'start' })).json().status).toBe('in_progress');
    const up = await act('mediator_xh', id, { action: 'escalate', reason: '涉及房屋结构鉴定，需镇里协调' });
    expect(up.statusCode).toBe(200);
    expect(up.json()).toMatchObject({ status: 'filed', level: 'town', highestLevel: 'town', officeUnit: { name: '陕坝镇综治中心' }, assignedUnit: null });
  });
  it('the town assigns to the police station, which feeds back; the town verifies', async () => {
    const units = (await api('town', 'GET', `/api/cases/${id}/assignees`)).json();
    const station = units.find((u: { name: string }) => u.name === '陕坝派出所');
    expect((await act('town', id, { action: 'assign', unitId: station.id })).statusCode).toBe(200);
    expect((await api('police', 'GET', `/api/cases?limit=10`)).json().items.map((c: { id: number }) => c.id)).toContain(id);
    expect((await act('police', id, { action: 'start' })).statusCode).toBe(200);
    const bad = await act('police', id, { action: 'feedback', result: '已调解', disposition: '搞定了' });
    expect(bad.statusCode).toBe(400);
    const fb = await act('police', id, { action: 'feedback', result: '民警联合社区调解，楼上住户同意维修并赔偿 800 元', disposition: '调解成功' });
    expect(fb.json()).toMatchObject({ status: 'to_verify', disposition: '调解成功' });
    expect((await act('town', id, { action: 'verify', passed: false, note: '赔偿未落实' })).json()).toMatchObject({ status: 'in_progress', reworkCount: 1 });
    await act('police', id, { action: 'feedback', result: '赔偿已当面支付', disposition: '调解成功' });
    expect((await act('town', id, { action: 'verify', passed: true })).json().status).toBe('verified');
  });
  it('the citizen tracks with code + last four digits (wrong digits → 404) and rates once (second → 409)', async () => {
    expect((await api(null, 'POST', '/api/public/track', { trackingCode, phone4: '0000' })).statusCode).toBe(404);
    expect((await api(null, 'POST', '/api/public/track', { trackingCode: 'ZZZZZZZZZZ', phone4: '1234' })).statusCode).toBe(404);
    const tr = await api(null, 'POST', '/api/public/track', { trackingCode: trackingCode.toLowerCase(), phone4: '1234' });
    expect(tr.statusCode).toBe(200);
    expect(tr.json()).toMatchObject({ statusName: '待评价', canRate: true, officeName: '陕坝镇综治中心' });
    expect(tr.body).not.toContain('赔偿未落实'); // internal notes stay inside
    expect(tr.body).not.toContain('王秀兰');
    const rate = await api(null, 'POST', '/api/public/rate', { trackingCode, phone4: '1234', satisfaction: 'satisfied', comment: '谢谢' });
    expect(rate.statusCode).toBe(200);
    expect((await api(null, 'POST', '/api/public/rate', { trackingCode, phone4: '1234', satisfaction: 'satisfied' })).statusCode).toBe(409);
  });
  it('the town archives; an archived case refuses every action (409); every step is in the timeline and the audit log', async () => {
    expect((await act('town', id, { action: 'archive' })).json().status).toBe('archived');
    expect((await act('town', id, { action: 'reopen', reason: 'x' })).statusCode).toBe(409);
    const c = (await api('town', 'GET', `/api/cases/${id}`)).json();
    expect(c.allowedActions).toEqual([]);
    expect(c.timeline.map((s: { action: string }) => s.action)).toEqual(['report', 'file', 'assign', 'start', 'escalate', 'assign', 'start', 'feedback', 'verify', 'feedback', 'verify', 'rate', 'archive']);
    const audit = (await api('auditor', 'GET', `/api/audit?objectId=${id}&action=case.*&limit=50`)).json().items;
    expect(audit).toHaveLength(13);
  });
});
