// 督办看板: open orders in scope with grade, unit, reply time and state, and counts; a town leader sees only
// its town. And the case list's due-state filter (?due=yellow|red|overdue|ok): in scope, keyset paging.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../test/helpers.js';
import { createAccount, firstLogin } from '../../../test/identity-helpers.js';

let t: TestApp;
const as: Record<string, string> = {};
const USERS = ['dispatcher', 'leader', 'dept', 'admin', 'grid2', 'town'];
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
let n = 0;
const intake = async (regionCode: string, over: object = {}) =>
  (await api('dispatcher', 'POST', '/api/cases', {
    title: `邻里纠纷第${++n}件`, description: '占用公共通道', category: 'dispute', disputeType: '02', channel: 'window', regionCode, applicant: { name: '韩梅', phone: '13904785555' }, ...over,
  })).json().id as number;
const hours = (h: number) => new Date(t.clock.now().getTime() + h * 3_600_000).toISOString();
type Item = { id: number; caseId: number; grade: string; state: string; unitName: string; replyDueAt: string; caseNumber: string };

describe('督办看板', () => {
  let shaba: number, toudao: number, townLeader: string;
  beforeAll(async () => {
    t.clock.set('2026-11-28T09:00:00+08:00');
    await relogin();
    shaba = await intake('150826100001'); // 陕坝镇 西环社区
    toudao = await intake('150826101'); // 头道桥镇
    expect((await act('leader', shaba, { action: 'supervise', grade: 'red', replyDueAt: hours(48), note: '红牌：两日内化解' })).statusCode).toBe(200);
    expect((await act('leader', toudao, { action: 'supervise', grade: 'yellow', replyDueAt: hours(2) })).statusCode).toBe(200);
    await createAccount(t, as.admin, { username: 'leader_sb', homeRegionCode: '150826100', roles: [{ role: 'leader', regionCode: '150826100' }] });
    townLeader = await firstLogin(t, 'leader_sb');
  });

  it('the county leader sees both, with grade, unit, reply time and counts', async () => {
    const res = await api('leader', 'GET', '/api/supervision/board');
    expect(res.statusCode).toBe(200);
    const b = res.json();
    const red = b.items.find((i: Item) => i.caseId === shaba);
    expect(red).toMatchObject({ grade: 'red', state: 'waiting', unitName: '杭锦后旗社会治理中心', issuedByName: '王建国（杭锦后旗领导）' });
    expect(b.items.find((i: Item) => i.caseId === toudao)).toMatchObject({ grade: 'yellow', state: 'waiting' });
    expect(b.counts).toMatchObject({ all: 2, waiting: 2, overdue: 0, replied: 0, open: { normal: 0, yellow: 1, red: 1 } });
    expect((await api('leader', 'GET', '/api/supervision/board?grade=red')).json().items.map((i: Item) => i.caseId)).toEqual([shaba]);
    expect((await api('leader', 'GET', '/api/supervision/board?region=150826101')).json().items.map((i: Item) => i.caseId)).toEqual([toudao]);
  });

  it('a town leader sees only its town', async () => {
    const b = (await t.app.inject({ method: 'GET', url: '/api/supervision/board?state=all', headers: { cookie: townLeader } })).json();
    expect(b.items.map((i: Item) => i.caseId)).toEqual([shaba]);
    expect(b.counts.all).toBe(1);
  });

  it('overdue and replied states, and their filters', async () => {
    t.clock.advance(3 * 3_600_000);
    await relogin();
    const b = (await api('leader', 'GET', '/api/supervision/board')).json();
    expect(b.counts).toMatchObject({ waiting: 1, overdue: 1 });
    expect((await api('leader', 'GET', '/api/supervision/board?state=overdue')).json().items.map((i: Item) => i.caseId)).toEqual([toudao]);
    expect((await act('dispatcher', toudao, { action: 'reply_supervision', note: '已处理' })).statusCode).toBe(200);
    const after = (await api('leader', 'GET', '/api/supervision/board')).json();
    expect(after.items.map((i: Item) => i.caseId)).toEqual([shaba]);
    expect(after.counts).toMatchObject({ all: 2, waiting: 1, overdue: 0, replied: 1 });
    expect((await api('leader', 'GET', '/api/supervision/board?state=replied')).json().items[0]).toMatchObject({ caseId: toudao, state: 'replied', reply: '已处理' });
    expect((await api('dept', 'GET', '/api/supervision/board')).statusCode).toBe(403);
    // keyset paging
    const p1 = (await api('leader', 'GET', '/api/supervision/board?state=all&limit=1')).json();
    const p2 = (await api('leader', 'GET', `/api/supervision/board?state=all&limit=1&cursor=${p1.nextCursor}`)).json();
    expect([...p1.items, ...p2.items].map((i: Item) => i.caseId).sort()).toEqual([shaba, toudao].sort());
    expect(p2.nextCursor).toBeNull();
  });

  it('the workbench counts cases under supervision not yet replied to, and the list shows them (?supervised=open)', async () => {
    const list = (await api('dispatcher', 'GET', '/api/cases?supervised=open')).json();
    expect(list.items.map((c: { id: number }) => c.id)).toEqual([shaba]);
    expect((await api('dispatcher', 'GET', '/api/cases/workbench')).json().supervising).toBe(1);
    expect((await api('dispatcher', 'GET', '/api/cases?supervised=yes')).statusCode).toBe(400);
  });
});

describe('the due-state filter of the case list', () => {
  it('yellow, red/overdue and ok, in scope, with keyset paging; the workbench counts agree', async () => {
    t.clock.set('2027-03-01T09:00:00+08:00'); // every earlier clock is long overdue now; new ones start fresh
    await relogin();
    // handling a dispute: 30 calendar days; hazards: 24 hours
    const fresh = await intake('150826100001');
    const hazard = await intake('150826100001', { category: 'hazard', disputeType: undefined, title: '燃气泄漏隐患' });
    const ids = (q: string) => api('dispatcher', 'GET', `/api/cases?limit=200&${q}`).then((r) => r.json().items.map((c: { id: number }) => c.id) as number[]);
    // accept stage: 1 working day (Monday 09:00 → Tuesday 24:00, 39 h); at 09:00 Tuesday 24 h of 39 h have passed
    t.clock.set('2027-03-02T09:00:00+08:00');
    await relogin();
    expect(await ids('due=ok')).toEqual(expect.arrayContaining([fresh, hazard]));
    t.clock.set('2027-03-02T20:00:00+08:00'); // 35 of 39 h: yellow
    await relogin();
    const yellow = await ids('due=yellow');
    expect(yellow).toEqual(expect.arrayContaining([fresh, hazard]));
    expect(await ids('due=ok')).not.toContain(fresh);
    expect((await api('dispatcher', 'GET', '/api/cases/workbench')).json().dueSoon).toBe(yellow.length);
    const overdue = await ids('due=overdue');
    expect(overdue.length).toBeGreaterThan(1); // the board's cases, left unaccepted since 2026
    expect(await ids('due=red')).toEqual(overdue);
    expect(overdue).not.toContain(fresh);
    expect((await api('dispatcher', 'GET', '/api/cases/workbench')).json().overdue).toBe(overdue.length);
    const all = await Promise.all(['due=yellow', 'due=overdue', 'due=ok'].map(ids));
    expect(new Set(all.flat()).size).toBe(all.flat().length); // the three never overlap
    // keyset paging through the overdue ones, one at a time
    const seen: number[] = [];
    let cursor: number | null = null;
    do {
      const page: { items: { id: number }[]; nextCursor: number | null } = (await api('dispatcher', 'GET', `/api/cases?due=overdue&limit=1${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(overdue);
    // scope: another county's grid worker sees none of them
    expect(await api('grid2', 'GET', '/api/cases?due=overdue&limit=200').then((r) => r.json().items)).toEqual([]);
    expect((await api('dispatcher', 'GET', '/api/cases?due=late')).statusCode).toBe(400);
  });
});
