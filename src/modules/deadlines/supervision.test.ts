// 督办 and its reply, 催办, extensions (the deadline moves only on approval; petitions once), 吹哨报到 and
// the lapses the sweep marks once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../test/helpers.js';
import { sweep } from './deadlines.js';

let t: TestApp;
const as: Record<string, string> = {};
const USERS = ['dispatcher', 'village', 'leader', 'dept', 'police', 'grid'];
const relogin = async () => {
  for (const u of USERS) as[u] = await t.login(u);
};
beforeAll(async () => {
  t = await testApp();
  await relogin();
});
afterAll(() => t.close());

const api = (who: string, method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url, payload, headers: { cookie: as[who] } });
const act = async (who: string, id: number, body: object) => {
  const c = (await api(who, 'GET', `/api/cases/${id}`)).json();
  return api(who, 'POST', `/api/cases/${id}/actions`, { version: c.version, ...body });
};
const unitNamed = async (who: string, id: number, name: string) => (await api(who, 'GET', `/api/cases/${id}/assignees`)).json().find((u: { name: string }) => u.name === name).id;
async function atJustice(over: object = {}) {
  const id = (await api('dispatcher', 'POST', '/api/cases', {
    title: '工程款纠纷', description: '包工头拖欠材料款', category: 'dispute', disputeType: '06', channel: 'window',
    regionCode: '150826100001', applicant: { name: '冯军', phone: '13904787777' }, ...over,
  })).json().id;
  await act('dispatcher', id, { action: 'file' });
  await act('dispatcher', id, { action: 'assign', unitId: await unitNamed('dispatcher', id, '杭锦后旗司法局') });
  await act('dept', id, { action: 'start' });
  return id;
}

describe('督办 and 催办', () => {
  it('a leader issues a 红牌督办; the unit sees it in its inbox and replies once (a second reply → 409)', async () => {
    const id = await atJustice();
    const c = (await api('leader', 'GET', `/api/cases/${id}`)).json();
    expect(c.allowedActions).toEqual(['supervise', 'urge']);
    const due = new Date(t.clock.now().getTime() + 2 * 86_400_000).toISOString();
    expect((await act('leader', id, { action: 'supervise', grade: 'red', replyDueAt: due, note: '三日内化解' })).statusCode).toBe(200);
    const inbox = (await api('dept', 'GET', '/api/inbox')).json().items;
    expect(inbox.find((i: { caseId: number }) => i.caseId === id)).toMatchObject({ kind: 'supervise_red' });
    expect((await api('dept', 'GET', `/api/cases/${id}`)).json().allowedActions).toContain('reply_supervision');
    expect((await act('dept', id, { action: 'reply_supervision', note: '已约谈双方，本周内调解' })).statusCode).toBe(200);
    expect((await act('dept', id, { action: 'reply_supervision', note: '再次回复' })).statusCode).toBe(409);
    expect((await api('leader', 'GET', '/api/inbox')).json().items.find((i: { caseId: number; kind: string }) => i.caseId === id && i.kind === 'supervision_reply')).toBeDefined();
    expect((await act('dept', id, { action: 'supervise', grade: 'red', replyDueAt: due })).statusCode).toBe(403);
    expect((await act('leader', id, { action: 'supervise', grade: 'red', replyDueAt: '2020-01-01T00:00:00Z' })).statusCode).toBe(400);
    expect((await act('leader', id, { action: 'urge', note: '请加快' })).statusCode).toBe(200);
  });
  it('a reply that does not come in time is marked once by the sweep', async () => {
    const id = await atJustice();
    await act('leader', id, { action: 'supervise', grade: 'yellow', replyDueAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString() });
    t.clock.advance(2 * 3_600_000);
    const run = () => sweep({ db: t.database.db, clock: t.clock });
    expect((await run()).supervisionLapsed).toBe(1);
    expect((await run()).supervisionLapsed).toBe(0);
    await relogin();
    const c = (await api('dispatcher', 'GET', `/api/cases/${id}`)).json();
    expect(c.timeline.map((s: { action: string }) => s.action)).toContain('warn_supervision');
  });
});

describe('extensions', () => {
  it('the deadline moves only when the office approves; one request at a time', async () => {
    await relogin();
    const id = await atJustice();
    const before = (await api('dept', 'GET', `/api/cases/${id}`)).json().stageDueAt;
    expect((await act('dept', id, { action: 'request_extension', days: 0, reason: 'x' })).statusCode).toBe(400);
    expect((await act('dept', id, { action: 'request_extension', days: 5, reason: '需等待鉴定结果' })).statusCode).toBe(200);
    expect((await act('dept', id, { action: 'request_extension', days: 5, reason: '再申请' })).statusCode).toBe(409);
    expect((await api('dept', 'GET', `/api/cases/${id}`)).json().stageDueAt).toBe(before);
    const decided = (await act('dispatcher', id, { action: 'decide_extension', approve: true, note: '同意' })).json();
    expect(new Date(decided.stageDueAt).getTime()).toBeGreaterThan(new Date(before).getTime());
    expect((await act('dispatcher', id, { action: 'decide_extension', approve: true })).statusCode).toBe(409);
  });
  it('a petition is extended at most once (a second → 409); an extension on a closed case → 409', async () => {
    const id = await atJustice({ category: 'petition', disputeType: undefined, title: '信访：征地补偿' });
    expect((await act('dept', id, { action: 'request_extension', days: 31, reason: '超过30天' })).statusCode).toBe(400);
    await act('dept', id, { action: 'request_extension', days: 30, reason: '需多部门会商' });
    await act('dispatcher', id, { action: 'decide_extension', approve: true });
    expect((await act('dept', id, { action: 'request_extension', days: 10, reason: '再次延期' })).statusCode).toBe(409);
    const g = (await api('grid', 'POST', '/api/cases', { title: '占道经营', description: '已劝离', category: 'city', channel: 'grid', regionCode: '150826100001001001', applicant: { name: '路人', phone: '13904788888' }, resolvedOnSite: true, result: '已劝离' })).json().id;
    await act('village', g, { action: 'verify', passed: true });
    await act('village', g, { action: 'close', note: '申请人电话无人接听' });
    expect((await act('village', g, { action: 'request_extension', days: 3, reason: 'x' })).statusCode).toBe(409);
  });
});

describe('社区吹哨、部门报到', () => {
  it('the village summons departments; they see the case and report in; one that does not turns red once', async () => {
    await relogin();
    const id = (await api('grid', 'POST', '/api/cases', { title: '楼道飞线充电', description: '多户电动车楼道充电', category: 'hazard', channel: 'grid', regionCode: '150826100001001001', applicant: { name: '赵丽华', phone: '13904789999' } })).json().id;
    await act('village', id, { action: 'file' });
    const justice = (await api('village', 'GET', '/api/units?region=150826')).json().find((u: { name: string }) => u.name === '杭锦后旗司法局').id;
    const station = (await api('village', 'GET', '/api/units?region=150826100')).json().find((u: { name: string }) => u.name === '陕坝派出所').id;
    expect((await act('village', id, { action: 'whistle', unitIds: [justice, station], reason: '联合整治飞线充电', dueAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString() })).statusCode).toBe(200);
    expect((await api('dept', 'GET', '/api/cases?limit=200')).json().items.map((c: { id: number }) => c.id)).toContain(id);
    expect((await api('dept', 'GET', `/api/cases/${id}`)).json().allowedActions).toEqual(['report_in']);
    expect((await act('dept', id, { action: 'report_in', note: '司法所已派员' })).statusCode).toBe(200);
    expect((await act('dept', id, { action: 'report_in' })).statusCode).toBe(409);
    t.clock.advance(2 * 86_400_000);
    const run = () => sweep({ db: t.database.db, clock: t.clock });
    expect((await run()).summonsLapsed).toBe(1);
    expect((await run()).summonsLapsed).toBe(0);
    await relogin();
    const c = (await api('village', 'GET', `/api/cases/${id}`)).json();
    expect(c.timeline.filter((s: { action: string }) => s.action === 'warn_summons')).toHaveLength(1);
    expect((await act('dispatcher', id, { action: 'whistle', unitIds: [justice], reason: 'x', dueAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString() })).statusCode).toBe(403);
  });
});
