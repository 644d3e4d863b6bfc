// 研判预警: each rule fires on crafted data, once per episode (not again on the next sweep, nor after a person
// closed it while the condition lasts), again after the episode cleared; thresholds validated; scoped lists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../test/helpers.js';
import { sweepWarnings } from './warnings.sweep.js';

let t: TestApp;
const as: Record<string, string> = {};
const USERS = ['dispatcher', 'leader', 'town', 'village', 'admin', 'grid'];
const login = async () => {
  for (const u of USERS) as[u] = await t.login(u);
};
beforeAll(async () => {
  t = await testApp();
  await login();
});
afterAll(() => t.close());

const api = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => t.app.inject({ method, url, payload, headers: { cookie: as[who] } });
const at = async (iso: string) => {
  t.clock.set(iso);
  await login();
};
const run = () => sweepWarnings({ db: t.database.db, clock: t.clock });
let n = 0;
const phone = () => `139${String(47000000 + ++n).padStart(8, '0')}`;
const file = async (over: object = {}) => {
  const res = await api('dispatcher', 'POST', '/api/cases', {
    title: `测试纠纷第${++n}件`, description: '测试', category: 'dispute', disputeType: '02', channel: 'window',
    regionCode: '150826100001001001', applicant: { name: '孙红', phone: phone() }, ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
};
const warningsOf = async (who: string, rule: string, status = 'all') =>
  (await api(who, 'GET', `/api/warnings?status=${status}&rule=${rule}`)).json().items as { id: number; title: string; regionCode: string; caseIds: number[]; status: string; clearedAt: string | null; severity: string }[];
const inbox = async (who: string) => (await api(who, 'GET', '/api/inbox?limit=200')).json().items as { kind: string; title: string; body: string }[];

describe('a dispute type rising above its baseline', () => {
  // 2 cases of type 06 in 8 weeks before: about 0.25 a week expected; 3 in the last 7 days is more than twice that
  it('fires for the grid once three cases came in a week, once per episode, and again after it cleared', async () => {
    await at('2026-10-20T10:00:00+08:00');
    const base = [await file({ disputeType: '06' }), await file({ disputeType: '06' })];
    await at('2026-11-25T10:00:00+08:00');
    const recent = [await file({ disputeType: '06' }), await file({ disputeType: '06' })];
    await at('2026-11-28T09:00:00+08:00');
    expect((await run()).byRule.type_surge).toBeUndefined(); // two recent cases: below the minimum of three
    recent.push(await file({ disputeType: '06' }));
    const first = await run();
    expect(first.byRule.type_surge).toBe(1);
    const [w] = await warningsOf('leader', 'type_surge');
    expect(w.regionCode).toBe('150826100001001001'); // the grid, not its village as well
    expect(w.title).toContain('合同');
    expect(w.caseIds).toEqual(recent);
    expect(w.caseIds).not.toContain(base[0]);
    const detail = (await api('town', 'GET', `/api/warnings/${w.id}`)).json();
    expect(detail.cases.map((c: { id: number }) => c.id).sort()).toEqual(recent);
    // on the leader's and the town's work lists
    expect((await inbox('leader')).filter((i) => i.kind === 'warning' && i.body === `/warnings/${w.id}`)).toHaveLength(1);
    expect((await inbox('town')).filter((i) => i.kind === 'warning' && i.body === `/warnings/${w.id}`)).toHaveLength(1);
    // the next sweeps fire nothing, even after the town closed it while the surge lasts
    expect((await run()).byRule.type_surge).toBeUndefined();
    expect((await api('town', 'POST', `/api/warnings/${w.id}/close`, { note: '已约谈网格员，加强排查' })).statusCode).toBe(200);
    expect((await run()).byRule.type_surge).toBeUndefined();
    expect((await inbox('leader')).filter((i) => i.body === `/warnings/${w.id}`)).toHaveLength(1);
    // a week later the three cases left the window: the episode clears
    await at('2026-12-05T10:00:00+08:00');
    const later = await run();
    expect(later.cleared).toBeGreaterThanOrEqual(1);
    expect((await warningsOf('leader', 'type_surge'))[0].clearedAt).not.toBeNull();
    // a new surge is a new episode and fires again
    for (let i = 0; i < 3; i++) await file({ disputeType: '06' });
    expect((await run()).byRule.type_surge).toBe(1);
    const all = await warningsOf('leader', 'type_surge');
    expect(all).toHaveLength(2);
    expect(all[0].status).toBe('open');
  });
});

describe('the same applicant filing repeatedly', () => {
  it('matches on the phone blind index, fires once, and never stores the phone', async () => {
    await at('2026-12-06T10:00:00+08:00');
    const p = '13800471234';
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await file({ disputeType: '10', applicant: { name: '钱多多', phone: p }, regionCode: '150826100002' }));
    const r = await run();
    expect(r.byRule.repeat_filer).toBe(1);
    const [w] = await warningsOf('dispatcher', 'repeat_filer');
    expect(w.caseIds).toEqual(ids);
    expect(w.title).toContain('电话尾号1234');
    const raw = await t.database.db.selectFrom('warnings').selectAll().where('id', '=', w.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(raw)).not.toContain(p);
    expect(JSON.stringify(raw)).not.toContain('钱多多');
    expect((await run()).byRule.repeat_filer).toBeUndefined();
  });
});

describe('several households against the same party', () => {
  it('fires a red warning for the village (possible group event), scoped to those who see the village', async () => {
    await at('2026-12-07T10:00:00+08:00');
    const respondents = [{ name: '金穗物业服务有限公司', kind: 'organisation' }];
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await file({ disputeType: '04', regionCode: '150826100002', respondents }));
    const r = await run();
    expect(r.byRule.group_dispute).toBe(1);
    const [w] = await warningsOf('town', 'group_dispute');
    expect(w).toMatchObject({ severity: 'red', regionCode: '150826100002' });
    expect(w.title).toContain('3户');
    expect(w.title).toContain('金穗物业服务有限公司');
    expect(w.caseIds).toEqual(ids);
    // 西环社区's village office does not see 东环社区's warning
    expect(await warningsOf('village', 'group_dispute')).toHaveLength(0);
    expect((await api('village', 'GET', `/api/warnings/${w.id}`)).statusCode).toBe(404);
    expect((await api('grid', 'GET', '/api/warnings')).statusCode).toBe(403);
    expect((await run()).byRule.group_dispute).toBeUndefined();
  });
  it('two sweepers at once fire it once', async () => {
    await at('2026-12-08T10:00:00+08:00');
    const respondents = [{ name: '富民农机合作社', kind: 'organisation' }];
    for (let i = 0; i < 3; i++) await file({ disputeType: '09', regionCode: '150826100001', respondents });
    const [a, b] = await Promise.all([run(), run()]);
    expect((a.byRule.group_dispute ?? 0) + (b.byRule.group_dispute ?? 0)).toBe(1);
  });
});

describe('petitions close to their deadline', () => {
  it('fires when fewer than three days remain, and clears when the case moves on', async () => {
    await at('2026-12-09T10:00:00+08:00');
    const id = await file({ category: 'petition', disputeType: undefined, channel: 'petition' });
    expect((await run()).byRule.petition_deadline).toBeUndefined(); // 15 days to accept
    await at('2026-12-22T10:00:00+08:00');
    expect((await run()).byRule.petition_deadline).toBe(1);
    const [w] = await warningsOf('leader', 'petition_deadline');
    expect(w.caseIds).toEqual([id]);
    expect((await run()).byRule.petition_deadline).toBeUndefined();
    expect((await api('leader', 'POST', `/api/warnings/${w.id}/acknowledge`, {})).json().status).toBe('acknowledged');
    expect((await api('leader', 'POST', `/api/warnings/${w.id}/acknowledge`, {})).statusCode).toBe(409);
    expect((await api('leader', 'POST', `/api/warnings/${w.id}/close`, {})).statusCode).toBe(400);
    expect((await api('leader', 'GET', '/api/warnings/count')).json().open).toBeGreaterThanOrEqual(0);
    // filed and assigned: a new stage with 60 days; the near-deadline episode ends
    const c = (await api('dispatcher', 'GET', `/api/cases/${id}`)).json();
    const filed = (await api('dispatcher', 'POST', `/api/cases/${id}/actions`, { version: c.version, action: 'file' })).json();
    const units = (await api('dispatcher', 'GET', `/api/cases/${id}/assignees`)).json();
    const assigned = await api('dispatcher', 'POST', `/api/cases/${id}/actions`, { version: filed.version, action: 'assign', unitId: units[0].id });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect((await run()).cleared).toBeGreaterThanOrEqual(1);
    expect((await warningsOf('leader', 'petition_deadline'))[0].clearedAt).not.toBeNull();
  });
});

describe('key persons with missed visits', () => {
  // 东环社区 has no demo key persons (西环社区's and 蓝天社区's may fall due on their own as the clock moves)
  it('fires for the village once a visit is more than a week late, once, and clears when the visits are done', async () => {
    await at('2026-12-09T10:00:00+08:00');
    const db = t.database.db;
    const [person] = await db.selectFrom('people').select('id').orderBy('id').limit(1).execute();
    const cat = await db.selectFrom('keypersonCategories').select('code').where('code', 'not in', db.selectFrom('keypersons').select('categoryCode').where('personId', '=', person.id)).orderBy('sort').limit(1).executeTakeFirstOrThrow();
    const village = await db.selectFrom('regions').select('id').where('code', '=', '150826100002').executeTakeFirstOrThrow();
    const kp = await db.insertInto('keypersons').values({ personId: person.id, categoryCode: cat.code, gridId: village.id, risk: 'red', attributes: '{}', nextDueOn: '2026-12-05' }).returning('id').executeTakeFirstOrThrow();
    const mine = async () => (await warningsOf('town', 'key_person_visits')).filter((w) => w.regionCode === '150826100002');
    await run();
    expect(await mine()).toHaveLength(0); // four days late: within the week allowed
    await at('2026-12-13T10:00:00+08:00');
    await run();
    const [w] = await mine();
    expect(w).toMatchObject({ severity: 'red', clearedAt: null });
    expect(w.title).toContain('东环社区有1名重点人员');
    await run();
    expect(await mine()).toHaveLength(1);
    await db.updateTable('keypersons').set({ lastVisitOn: '2026-12-13', nextDueOn: '2027-01-12' }).where('id', '=', kp.id).execute();
    await run();
    const after = await mine();
    expect(after).toHaveLength(1);
    expect(after[0].clearedAt).not.toBeNull();
  });
});

describe('thresholds', () => {
  it('an administrator changes them; out-of-range or unknown values are a 400 naming the field', async () => {
    const rules = (await api('admin', 'GET', '/api/warning-rules')).json();
    expect(rules.map((r: { rule: string }) => r.rule)).toEqual(['type_surge', 'repeat_filer', 'group_dispute', 'petition_deadline', 'key_person_visits']);
    const bad = await api('admin', 'PUT', '/api/warning-rules/type_surge', { params: { factor: 0 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.fields[0].path).toBe('params.factor');
    expect((await api('admin', 'PUT', '/api/warning-rules/type_surge', { params: { minCount: 2.5 } })).statusCode).toBe(400);
    expect((await api('admin', 'PUT', '/api/warning-rules/type_surge', { params: { bogus: 1 } })).statusCode).toBe(400);
    expect((await api('admin', 'PUT', '/api/warning-rules/no_such_rule', { enabled: false })).statusCode).toBe(400);
    expect((await api('leader', 'PUT', '/api/warning-rules/type_surge', { params: { factor: 3 } })).statusCode).toBe(403);
    const ok = await api('admin', 'PUT', '/api/warning-rules/repeat_filer', { params: { minCases: 5 } });
    expect(ok.json()).toMatchObject({ enabled: true, params: { windowDays: 30, minCases: 5 } });
    // with five needed, the three-case applicant no longer qualifies: that episode clears
    await at('2026-12-10T10:00:00+08:00');
    const before = (await warningsOf('leader', 'repeat_filer')).filter((w) => !w.clearedAt).length;
    expect(before).toBeGreaterThanOrEqual(1);
    await run();
    expect((await warningsOf('leader', 'repeat_filer')).filter((w) => !w.clearedAt)).toHaveLength(0);
    const disabled = await api('admin', 'PUT', '/api/warning-rules/group_dispute', { enabled: false });
    expect(disabled.json().enabled).toBe(false);
  });
});
