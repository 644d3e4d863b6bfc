// Stage clocks on the working-day calendar, warnings fired exactly once by the sweep (also by two sweepers
// at once on PostgreSQL), auto-closing of unrated cases, the inbox, and entering a new year's calendar.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, onPostgres, type TestApp } from '../../../test/helpers.js';
import { sweep } from './deadlines.js';
import { liveBus } from '../live/bus.js';
import { sql } from 'kysely';
import { rebuild } from '../stats/stats.rebuild.js';

let t: TestApp;
const as: Record<string, string> = {};
beforeAll(async () => {
  t = await testApp();
  for (const u of ['dispatcher', 'village', 'admin', 'leader', 'auditor']) as[u] = await t.login(u);
});
afterAll(() => t.close());

const api = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => t.app.inject({ method, url, payload, headers: { cookie: as[who] } });
const act = async (who: string, id: number, body: object) => {
  const c = (await api(who, 'GET', `/api/cases/${id}`)).json();
  return api(who, 'POST', `/api/cases/${id}/actions`, { version: c.version, ...body });
};
const relogin = async () => {
  for (const u of Object.keys(as)) as[u] = await t.login(u);
};
const run = () => sweep({ db: t.database.db, clock: t.clock });
const beijing = (iso: string) => new Date(iso).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' });
let n = 0;
const report = (over: object = {}) => ({
  title: `噪音扰民第${++n}件`, description: '夜间装修噪音', category: 'dispute', disputeType: '02', channel: 'window',
  regionCode: '150826100001001001', applicant: { name: '孙红', phone: '13904786666' }, ...over,
});

describe('stage clocks and warnings', () => {
  it('a new case must be accepted by the end of the next working day (Saturday → Monday)', async () => {
    t.clock.set('2026-11-28T09:00:00+08:00'); // a Saturday
    const id = (await api('dispatcher', 'POST', '/api/cases', report())).json().id;
    const c = (await api('dispatcher', 'GET', `/api/cases/${id}`)).json();
    expect(c).toMatchObject({ stage: 'accept', dueState: 'normal', stageDueProvisional: false });
    expect(beijing(c.stageDueAt)).toBe('2026-12-01 00:00:00');
  });
  it('yellow at 75% and red when overdue, each exactly once, with inbox items for the office', async () => {
    t.clock.set('2026-11-28T09:00:00+08:00');
    const id = (await api('dispatcher', 'POST', '/api/cases', report())).json().id;
    t.clock.set('2026-11-30T12:00:00+08:00'); // 51 of 63 hours used
    await relogin();
    const first = await run();
    expect(first.yellow).toBeGreaterThanOrEqual(1);
    expect((await run()).yellow).toBe(0);
    expect((await api('dispatcher', 'GET', `/api/cases/${id}`)).json().dueState).toBe('yellow');
    const inbox = (await api('dispatcher', 'GET', '/api/inbox')).json();
    expect(inbox.items.filter((i: { caseId: number; kind: string }) => i.caseId === id && i.kind === 'yellow')).toHaveLength(1);
    expect(inbox.unread).toBeGreaterThan(0);
    t.clock.set('2026-12-01T00:00:01+08:00');
    await relogin();
    const second = await run();
    expect(second.red).toBeGreaterThanOrEqual(1);
    expect((await run()).red).toBe(0);
    const c = (await api('dispatcher', 'GET', `/api/cases/${id}`)).json();
    expect(c.dueState).toBe('red');
    expect(c.timeline.filter((s: { action: string }) => s.action.startsWith('warn_')).map((s: { action: string }) => s.action)).toEqual(['warn_yellow', 'warn_red']);
    expect((await api('dispatcher', 'GET', '/api/cases/workbench')).json().overdue).toBeGreaterThan(0);
    const item = inbox.items.find((i: { caseId: number }) => i.caseId === id);
    expect((await api('dispatcher', 'POST', `/api/inbox/${item.id}/read`)).statusCode).toBe(204);
    expect((await api('village', 'POST', `/api/inbox/${item.id}/read`)).statusCode).toBe(404);
  });
  it('a new stage starts a new clock: filing and assigning move the case to the 30-day handling stage', async () => {
    t.clock.set('2026-12-02T10:00:00+08:00');
    await relogin();
    const id = (await api('dispatcher', 'POST', '/api/cases', report())).json().id;
    await act('dispatcher', id, { action: 'file' });
    const units = (await api('dispatcher', 'GET', `/api/cases/${id}/assignees`)).json();
    const c = (await act('dispatcher', id, { action: 'assign', unitId: units.find((u: { name: string }) => u.name === '杭锦后旗司法局').id })).json();
    expect(c.stage).toBe('handle');
    expect(beijing(c.stageDueAt)).toBe('2027-01-02 00:00:00'); // 30 calendar days; 1 Jan 2027 is not known to be off yet
    expect(c.stageDueProvisional).toBe(true);
  });
  it('unrated cases close by themselves after 7 days, once', async () => {
    t.clock.set('2026-12-03T10:00:00+08:00');
    await relogin();
    const g = await t.login('grid');
    const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: g }, payload: report({ channel: 'grid', category: 'city', disputeType: undefined, resolvedOnSite: true, result: '已处理' }) });
    const id = res.json().id;
    expect((await act('village', id, { action: 'verify', passed: true })).json()).toMatchObject({ status: 'verified', stage: 'rate' });
    t.clock.set('2026-12-11T10:00:00+08:00');
    await relogin();
    const heard: string[] = [];
    const stop = liveBus.subscribe((e) => e.type === 'case' && e.case.id === id && heard.push(`${e.action}:${e.case.status}`));
    expect((await run()).autoClosed).toBe(1);
    expect((await run()).autoClosed).toBe(0);
    stop();
    expect(heard).toEqual(['close:closed']); // the live stream hears the auto-close once
    const c = (await api('village', 'GET', `/api/cases/${id}`)).json();
    expect(c).toMatchObject({ status: 'closed', satisfaction: null, stage: null });
  });
  it('critical items reach the county leader\'s inbox at once', async () => {
    await relogin();
    const id = (await api('dispatcher', 'POST', '/api/cases', report({ urgency: 'critical', scale: '03', title: '百余名工人聚集讨薪' }))).json().id;
    const inbox = (await api('leader', 'GET', '/api/inbox')).json();
    expect(inbox.items.find((i: { caseId: number; kind: string }) => i.caseId === id)).toMatchObject({ kind: 'urgent_case' });
    expect(beijing((await api('dispatcher', 'GET', `/api/cases/${id}`)).json().stageDueAt)).toBe('2026-12-11 11:00:00'); // 1 hour
  });
  it.skipIf(!onPostgres())('two sweepers at once fire each warning exactly once (PostgreSQL)', async () => {
    t.clock.set('2026-12-14T10:00:00+08:00');
    await relogin();
    for (let i = 0; i < 5; i++) await api('dispatcher', 'POST', '/api/cases', report());
    t.clock.set('2026-12-16T00:00:01+08:00');
    const [a, b] = await Promise.all([run(), run()]);
    const marks = await t.database.db.selectFrom('caseDeadlineMarks').select(['caseId', 'stageSeq', 'kind']).execute();
    const keys = marks.map((m) => `${m.caseId}/${m.stageSeq}/${m.kind}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(a.red + b.red).toBeGreaterThanOrEqual(5);
    const warns = await t.database.db.selectFrom('caseActions').select(['caseId', 'action']).where('action', '=', 'warn_red').execute();
    expect(new Set(warns.map((w) => w.caseId)).size).toBe(warns.length);
  });
});

describe('calendar and rules administration', () => {
  it('entering 2027 recomputes provisional deadlines; a date twice is refused (400)', async () => {
    await relogin();
    const twice = await api('admin', 'PUT', '/api/calendar/2027', { holidays: ['2027-01-01', '2027-01-01'], workdays: [] });
    expect(twice.statusCode).toBe(400);
    expect((await api('admin', 'PUT', '/api/calendar/2027', { holidays: ['2026-12-31'], workdays: [] })).statusCode).toBe(400);
    const ok = await api('admin', 'PUT', '/api/calendar/2027', { holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], workdays: [], note: '测试' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().recomputed).toBeGreaterThan(0);
    const cal = (await api('dispatcher', 'GET', '/api/calendar/2027')).json();
    expect(cal).toMatchObject({ entered: true, holidays: ['2027-01-01', '2027-01-02', '2027-01-03'] });
    const list = (await api('dispatcher', 'GET', '/api/cases?limit=200')).json().items as { stage: string; stageDueAt: string; stageDueProvisional: boolean }[];
    const handle = list.find((c) => c.stage === 'handle')!;
    expect(handle.stageDueProvisional).toBe(false);
    expect(beijing(handle.stageDueAt)).toBe('2027-01-05 00:00:00'); // 1 Jan (Fri) off → next working day Mon 4 Jan
    // the due cohort (统计的应结案日) moved with the handle deadline, and a rebuild from the timeline agrees
    const db = t.database.db;
    const row = await db.selectFrom('cases').select(['id', 'handleDueAt', 'stageDueAt']).where('stage', '=', 'handle').where('stageDueProvisional', '=', false).executeTakeFirstOrThrow();
    expect(row.handleDueAt?.getTime()).toBe(row.stageDueAt?.getTime());
    const dueRows = async () => (await sql<{ d: string; n: number }>`
      select business_date::text as d, sum(delta)::int as n from case_stat_deltas where metric = 'due' and case_id = ${row.id}
      group by 1 having sum(delta) <> 0`.execute(db)).rows;
    const live = await dueRows();
    expect(live).toHaveLength(1);
    const all = async () => (await sql<{ m: string; d: string; n: number }>`
      select metric as m, business_date::text as d, sum(delta)::int as n from case_stat_deltas group by 1, 2 having sum(delta) <> 0 order by 1, 2`.execute(db)).rows;
    const before = await all();
    await rebuild(db, 'Asia/Shanghai');
    expect(await dueRows()).toEqual(live);
    expect(await all()).toEqual(before);
  });
  it('a deadline of zero or less is refused (400); a dispatcher may not change rules (403); changes are audited', async () => {
    const rules = (await api('dispatcher', 'GET', '/api/deadline-rules')).json();
    const accept = rules.find((r: { stage: string; category: null; urgency: null }) => r.stage === 'accept' && !r.category && !r.urgency);
    expect((await api('admin', 'PUT', `/api/deadline-rules/${accept.id}`, { amount: 0, unit: 'working_days' })).statusCode).toBe(400);
    expect((await api('admin', 'PUT', `/api/deadline-rules/${accept.id}`, { amount: -2, unit: 'hours' })).statusCode).toBe(400);
    expect((await api('dispatcher', 'PUT', `/api/deadline-rules/${accept.id}`, { amount: 2, unit: 'working_days' })).statusCode).toBe(403);
    expect((await api('admin', 'PUT', `/api/deadline-rules/${accept.id}`, { amount: 2, unit: 'working_days' })).json().amount).toBe(2);
    const audit = (await api('auditor', 'GET', '/api/audit?action=deadline_rule.update')).json().items;
    expect(audit).toHaveLength(1);
  });
});
