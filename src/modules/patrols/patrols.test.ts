// Grid patrols through HTTP: checklist templates as data, a log with sealed route points replayed by its
// Idempotency-Key, photos (415/413), one tap from a finding to a case, route access, the daily log rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { liveBus } from '../live/bus.js';
import { multipartFile, testApp, type TestApp } from '../../../test/helpers.js';

let t: TestApp;
const as: Record<string, string> = {};
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
const GRID = '150826100001001';

beforeAll(async () => {
  t = await testApp();
  for (const u of ['village', 'grid', 'grid2', 'volunteer', 'admin', 'dispatcher', 'town']) as[u] = await t.login(u);
});
afterAll(() => t.close());

const req = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, payload: payload as object, headers: { cookie: as[who], ...headers } });
const upload = (who: string, url: string, filename: string, content: Buffer, headers: Record<string, string> = {}) => {
  const m = multipartFile(filename, content, 'image/png');
  return t.app.inject({ method: 'POST', url, payload: m.payload, headers: { ...m.headers, cookie: as[who], ...headers } });
};
const patrol = (over: Record<string, unknown> = {}) => ({
  gridCode: GRID,
  startedAt: '2026-11-28T08:10:00+08:00',
  endedAt: '2026-11-28T08:55:00+08:00',
  route: [{ lat: 40.8881, lng: 107.1402, at: '08:10' }, { lat: 40.8893, lng: 107.1421, at: '08:30' }],
  answers: { si_bi_kan_1: { ok: true }, si_bi_kan_3: { ok: false, note: '团结巷垃圾堆放' } },
  notes: '巡查团结巷、西环路',
  findings: [{ description: '团结巷口垃圾堆放三天未清运', lat: 40.8895, lng: 107.1433 }],
  ...over,
});

describe('checklist templates', () => {
  it('ship the seed report\'s seven lists with their items', async () => {
    const items = (await req('grid', 'GET', '/api/patrol-checklists')).json().items;
    expect(items.map((c: { name: string }) => c.name)).toEqual(['四必看', '五必问', '五必看', '五必清', '五必访', '五必到', '五必报']);
    expect(items[0].items.map((i: { text: string }) => i.text)).toContain('看有无婚丧嫁娶及住户迁入迁出情况');
    expect(items[6].items).toHaveLength(5);
    expect(items.every((c: { editable: boolean }) => !c.editable)).toBe(true);
  });

  it('a village adds its own; the county-wide ones are the administrator\'s, version-checked', async () => {
    const mine = await req('village', 'POST', '/api/patrol-checklists', { code: 'xh_winter', name: '冬季防火必查', items: [{ text: '楼道杂物' }, { text: '电动车充电' }] });
    expect(mine.statusCode).toBe(201);
    expect((await req('grid', 'GET', '/api/patrol-checklists')).json().items.map((c: { name: string }) => c.name)).toContain('冬季防火必查');
    expect((await req('grid2', 'GET', '/api/patrol-checklists')).json().items.map((c: { name: string }) => c.name)).not.toContain('冬季防火必查');
    const list = (await req('village', 'GET', '/api/patrol-checklists')).json().items;
    const county = list.find((c: { code: string }) => c.code === 'wu_bi_bao');
    expect((await req('village', 'PUT', `/api/patrol-checklists/${county.id}`, { name: '五必报', items: [{ text: 'x' }], version: county.version })).statusCode).toBe(403);
    expect((await req('grid', 'PUT', `/api/patrol-checklists/${county.id}`, { name: '五必报', items: [{ text: 'x' }], version: county.version })).statusCode).toBe(403);
    const items = [...county.items, { text: '发现违章搭建必报' }];
    const ok = await req('admin', 'PUT', `/api/patrol-checklists/${county.id}`, { name: '五必报', items, version: county.version });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().items).toHaveLength(6);
    expect((await req('admin', 'PUT', `/api/patrol-checklists/${county.id}`, { name: '五必报', items, version: county.version })).statusCode).toBe(412);
    const edited = await req('village', 'PUT', `/api/patrol-checklists/${mine.json().id}`, { name: '冬季防火必查', items: [{ text: '楼道杂物' }], version: 1 });
    expect(edited.json().items).toEqual([{ key: 'xh_winter_1', text: '楼道杂物' }]);
  });
});

let patrolId = 0;
let findingId = 0;

describe('patrol logs', () => {
  it('a log sent twice with one Idempotency-Key is written once and answers the same', async () => {
    const key = { 'idempotency-key': 'patrol-offline-0001' };
    const first = await req('grid', 'POST', '/api/patrols', patrol(), key);
    expect(first.statusCode).toBe(201);
    const again = await req('grid', 'POST', '/api/patrols', patrol(), key);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    patrolId = first.json().id;
    findingId = first.json().findings[0].id;
    expect(first.json().businessDate).toBe('2026-11-28');
    const n = await t.database.db.selectFrom('patrolLogs').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(n.n).toBe(1);
    expect((await req('grid', 'POST', '/api/patrols', patrol({ notes: '别的内容' }), key)).statusCode).toBe(422);
  });

  it('keeps route points sealed and out of every answer', async () => {
    const row = await t.database.db.selectFrom('patrolLogs').selectAll().where('id', '=', patrolId).executeTakeFirstOrThrow();
    expect(row.routeSealed).not.toContain('40.88');
    expect(row.routePoints).toBe(2);
    const detail = (await req('grid', 'GET', `/api/patrols/${patrolId}`)).json();
    expect(detail).not.toHaveProperty('route');
    expect(JSON.stringify(detail)).not.toContain('107.1402');
    expect(detail.answers.items).toContainEqual({ key: 'si_bi_kan_3', ok: false, note: '团结巷垃圾堆放' });
    expect(detail.findings[0].description).toBe('团结巷口垃圾堆放三天未清运');
    expect(JSON.stringify((await req('village', 'GET', '/api/patrols')).json())).not.toContain('107.1402');
  });

  it('refuses a grid outside the worker\'s grids (403), an unknown checklist item and a future start (400)', async () => {
    expect((await req('grid2', 'POST', '/api/patrols', patrol())).statusCode).toBe(403);
    const unknown = await req('grid', 'POST', '/api/patrols', patrol({ answers: { nope: { ok: true } } }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details.fields[0].path).toBe('answers.nope');
    expect((await req('grid', 'POST', '/api/patrols', patrol({ startedAt: '2026-11-29T09:00:00+08:00' }))).statusCode).toBe(400);
  });

  it('lists: a worker sees their own logs, the village its region\'s, another grid worker none', async () => {
    expect((await req('grid', 'GET', '/api/patrols')).json().items).toHaveLength(1);
    expect((await req('village', 'GET', '/api/patrols?date=2026-11-28')).json().items).toHaveLength(1);
    expect((await req('grid2', 'GET', '/api/patrols')).json().items).toHaveLength(0);
    expect((await req('grid2', 'GET', `/api/patrols/${patrolId}`)).statusCode).toBe(404);
  });

  it('route points: the worker reads them; a supervisor with a reason, audited; others not', async () => {
    expect((await req('grid', 'POST', `/api/patrols/${patrolId}/route`, {})).json().route).toHaveLength(2);
    expect((await req('village', 'POST', `/api/patrols/${patrolId}/route`, {})).statusCode).toBe(400);
    const read = await req('village', 'POST', `/api/patrols/${patrolId}/route`, { reason: '核查巡查到位情况' });
    expect(read.json().route[1]).toMatchObject({ lat: 40.8893, lng: 107.1421 });
    const audit = await t.database.db.selectFrom('auditLog').select(['action', 'details']).where('action', '=', 'patrol.route.read').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0].details)).toContain('核查巡查到位情况');
    expect((await req('dispatcher', 'POST', `/api/patrols/${patrolId}/route`, { reason: '核查巡查到位情况' })).statusCode).toBe(403);
    expect((await req('grid2', 'POST', `/api/patrols/${patrolId}/route`, { reason: '核查巡查到位情况' })).statusCode).toBe(404);
  });
});

describe('photos and the one tap to a case', () => {
  it('takes images only (415), up to the limit (413), once per key', async () => {
    const url = `/api/patrols/${patrolId}/photos?findingId=${findingId}`;
    const key = { 'idempotency-key': 'photo-offline-0001' };
    const ok = await upload('grid', url, '垃圾.png', PNG, key);
    expect(ok.statusCode).toBe(201);
    const again = await upload('grid', url, '垃圾.png', PNG, key);
    expect(again.json()).toEqual(ok.json());
    expect((await req('grid', 'GET', `/api/patrols/${patrolId}`)).json().photos).toHaveLength(1);
    expect((await upload('grid', url, 'note.txt', Buffer.from('hello'))).statusCode).toBe(415);
    expect((await upload('grid', url, 'fake.png', Buffer.from('MZ not a png'))).statusCode).toBe(415);
    expect((await upload('grid', url, 'big.png', Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]))).statusCode).toBe(413);
    expect((await upload('grid2', url, '垃圾.png', PNG)).statusCode).toBe(404);
    const photo = await req('grid', 'GET', `/api/patrols/${patrolId}/photos/${ok.json().id}`);
    expect(photo.rawPayload.equals(PNG)).toBe(true);
  });

  it('makes a grid case with the place and photos, once however often it is tapped', async () => {
    const url = `/api/patrols/${patrolId}/findings/${findingId}/case`;
    const heard: number[] = [];
    const stop = liveBus.subscribe((e) => e.type === 'case' && heard.push(e.case.id));
    const made = await req('grid', 'POST', url, { applicantPhone: '13904781234' }, { 'idempotency-key': 'case-offline-0001' });
    expect(made.statusCode).toBe(201);
    stop();
    expect(heard).toEqual([made.json().id]); // the live stream (command dashboard) hears the new case once
    const c = (await req('grid', 'GET', `/api/cases/${made.json().id}`)).json();
    expect(c.channel).toBe('grid');
    expect(c.title).toContain('团结巷口垃圾堆放');
    const place = await t.database.db.selectFrom('cases').innerJoin('regions', 'regions.id', 'cases.placeRegionId').select(['regions.code', 'cases.lat']).where('cases.id', '=', made.json().id).executeTakeFirstOrThrow();
    expect(place.code.startsWith(GRID)).toBe(true);
    expect(place.lat).toBe(40.8895);
    const files = (await req('grid', 'GET', `/api/cases/${made.json().id}/attachments`)).json();
    expect(files.map((f: { filename: string }) => f.filename)).toEqual(['垃圾.png']);
    const replay = await req('grid', 'POST', url, { applicantPhone: '13904781234' }, { 'idempotency-key': 'case-offline-0001' });
    expect(replay.json().id).toBe(made.json().id);
    const tapAgain = await req('grid', 'POST', url, { applicantPhone: '13904781234' });
    expect(tapAgain.statusCode).toBe(200);
    expect(tapAgain.json().id).toBe(made.json().id);
    const n = await t.database.db.selectFrom('cases').select(sql<number>`count(*)::int`.as('n')).where('channel', '=', 'grid').where('title', 'like', '%团结巷口%').executeTakeFirstOrThrow();
    expect(n.n).toBe(1);
    expect((await req('grid', 'GET', `/api/patrols/${patrolId}`)).json().findings[0].caseNumber).toBe(made.json().caseNumber);
    expect((await req('grid', 'POST', url, { applicantPhone: '123' })).statusCode).toBe(200); // already a case: nothing re-validated or created
  });
});

describe('民情一日一巡查一记录', () => {
  it('the village sees which of its grid workers logged on the business day (injected clock)', async () => {
    const today = (await req('village', 'GET', '/api/patrols/daily')).json();
    expect(today.date).toBe('2026-11-28');
    const by = (name: string) => today.workers.find((w: { displayName: string }) => w.displayName.startsWith(name));
    expect(by('赵丽华')).toMatchObject({ logged: true, patrols: 1 });
    expect(by('陈桂兰')).toMatchObject({ logged: false, patrols: 0 });
    expect(today.workers.some((w: { displayName: string }) => w.displayName.startsWith('孙海军'))).toBe(false);
    // 23:59 Beijing is still the same day; a minute later it is the next one
    t.clock.set('2026-11-28T23:59:00+08:00');
    as.village = await t.login('village');
    expect((await req('village', 'GET', '/api/patrols/daily')).json().logged).toBe(1);
    t.clock.set('2026-11-29T00:01:00+08:00');
    as.village = await t.login('village');
    as.grid = await t.login('grid');
    const next = (await req('village', 'GET', '/api/patrols/daily')).json();
    expect(next.date).toBe('2026-11-29');
    expect(next.logged).toBe(0);
    expect((await req('grid', 'GET', '/api/patrols/daily')).statusCode).toBe(403);
  });
});

describe('the phone app signs in with a device token', () => {
  it('logs patrols and makes cases with it, nothing beyond the device permissions, and not after revocation', async () => {
    t.clock.set('2026-11-29T08:00:00+08:00');
    const grid = await t.login('grid');
    const enrolled = await t.app.inject({ method: 'POST', url: '/api/auth/device-tokens', payload: { name: '赵丽华的手机' }, headers: { cookie: grid } });
    expect(enrolled.statusCode).toBe(201);
    const bearer = { authorization: `Bearer ${enrolled.json().token}` };
    t.clock.set('2026-12-20T08:00:00+08:00'); // three weeks offline: a session would be long gone
    const logged = await t.app.inject({ method: 'POST', url: '/api/patrols', headers: bearer, payload: patrol({ startedAt: '2026-12-20T07:00:00+08:00', endedAt: undefined }) });
    expect(logged.statusCode).toBe(201);
    const made = await t.app.inject({ method: 'POST', url: `/api/patrols/${logged.json().id}/findings/${logged.json().findings[0].id}/case`, headers: bearer, payload: { applicantPhone: '13904781234' } });
    expect(made.statusCode).toBe(201);
    expect((await t.app.inject({ method: 'GET', url: '/api/patrols', headers: bearer })).json().items.length).toBeGreaterThan(0);
    // the account's own session may act on cases; the token may not
    expect((await t.app.inject({ method: 'POST', url: `/api/cases/${made.json().id}/actions`, headers: bearer, payload: { action: 'file', version: 1 } })).statusCode).toBe(403);
    const fresh = await t.login('grid');
    const revoked = await t.app.inject({ method: 'DELETE', url: `/api/auth/device-tokens/${enrolled.json().id}`, headers: { cookie: fresh } });
    expect(revoked.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'POST', url: '/api/patrols', headers: bearer, payload: patrol() })).statusCode).toBe(401);
  });
});
