// 重点人员 through the API: categories with their own fields (zod at write time; unknown category → 400), sensitive
// facts sealed at rest, access by role, every read audited, next-due dates from the injected clock, and the missed-visit
// sweep firing once onto the grid worker's and the village's work list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { multipartFile, testApp, type TestApp } from '../../../test/helpers.js';
import { fakeResidentId } from '../personal/index.js';
import { rng } from '../../seed/people.js';
import { sweepVisits, markCount } from './keypersons.sweep.js';

let t: TestApp;
const cookies: Record<string, string> = {};
const r = rng(4242);
const G1 = '150826100001001001';
const ALL = ['grid', 'grid2', 'village', 'town', 'dispatcher', 'leader', 'police', 'volunteer', 'auditor', 'admin', 'dept', 'mediator', 'judge'];

beforeAll(async () => {
  t = await testApp();
  for (const u of ALL) cookies[u] = await t.login(u);
});
afterAll(() => t.close());

const as = (u: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { cookie: cookies[u] } });

async function person(u = 'grid') {
  const idNumber = fakeResidentId(r, { areaCode: '150826', birth: '1990-01-20' });
  const res = await as(u, 'POST', '/api/people', { name: '苏和', idNumber, phone: '15804781234', gridCode: G1, registration: 'registered' });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id as number, idNumber };
}
const correction = { correctionType: '缓刑', crime: '盗窃罪', startDate: '2026-03-01', endDate: '2027-03-01' };

describe('categories and fields', () => {
  it('ships the 13 categories with their fields and visit frequencies', async () => {
    const cats = (await as('grid', 'GET', '/api/keyperson-categories')).json().items;
    expect(cats).toHaveLength(13);
    expect(cats.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['刑满释放人员', '社区矫正对象', '严重精神障碍患者', '吸毒人员', '艾滋病危险人员', '农村留守儿童', '重点上访人员']));
    const mental = cats.find((c: { code: string }) => c.code === 'mental');
    expect(mental.fields.find((f: { key: string }) => f.key === 'dangerLevel')).toMatchObject({ type: 'int', min: 0, max: 5, sensitive: true });
    expect(mental.visitDays.red).toBe(7);
    expect((await as('volunteer', 'GET', '/api/keyperson-categories')).statusCode).toBe(403);
  });
  it('validates each category\'s own fields (400 naming the field) and refuses an unknown category (400)', async () => {
    const p = await person();
    const unknown = await as('grid', 'POST', '/api/keypersons', { personId: p.id, categoryCode: 'alien', risk: 'green' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details.fields[0].path).toBe('categoryCode');
    const level = await as('grid', 'POST', '/api/keypersons', { personId: p.id, categoryCode: 'mental', risk: 'red', fields: { dangerLevel: 7 } });
    expect(level.statusCode).toBe(400);
    expect(level.json().details.fields[0].path).toBe('fields.dangerLevel');
    const type = await as('grid', 'POST', '/api/keypersons', { personId: p.id, categoryCode: 'correction', risk: 'yellow', fields: { ...correction, correctionType: '劳教' } });
    expect(type.json().details.fields[0].path).toBe('fields.correctionType');
    const missing = await as('grid', 'POST', '/api/keypersons', { personId: p.id, categoryCode: 'correction', risk: 'yellow', fields: { correctionType: '假释' } });
    expect(missing.json().details.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['fields.startDate', 'fields.endDate']));
    const extra = await as('grid', 'POST', '/api/keypersons', { personId: p.id, categoryCode: 'drug', risk: 'green', fields: { controlStatus: '在控', shoeSize: 42 } });
    expect(extra.statusCode).toBe(400);
    const risk = await as('grid', 'POST', '/api/keypersons', { personId: p.id, categoryCode: 'drug', risk: 'purple', fields: { controlStatus: '在控' } });
    expect(risk.statusCode).toBe(400);
  });
  it('administrators configure the frequency; the next-due dates follow', async () => {
    const p = await person();
    const kp = (await as('grid', 'POST', '/api/keypersons', { personId: p.id, categoryCode: 'petitioner', risk: 'green', fields: { issue: '征地补偿' } })).json();
    expect(kp.nextDueOn).toBe('2026-12-28'); // 30 days from 2026-11-28
    expect((await as('village', 'PUT', '/api/keyperson-categories/petitioner', { visitDays: { green: 10, yellow: 5, red: 2 } })).statusCode).toBe(403);
    const bad = await as('admin', 'PUT', '/api/keyperson-categories/petitioner', { visitDays: { green: 0, yellow: 5, red: 2 } });
    expect(bad.statusCode).toBe(400);
    const ok = await as('admin', 'PUT', '/api/keyperson-categories/petitioner', { visitDays: { green: 10, yellow: 5, red: 2 } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await as('grid', 'GET', `/api/keypersons/${kp.id}`)).json().nextDueOn).toBe('2026-12-08');
    await as('admin', 'PUT', '/api/keyperson-categories/petitioner', { visitDays: { green: 30, yellow: 14, red: 7 } });
  });
});

describe('access and audit', () => {
  let id: number;
  let idNumber: string;
  beforeAll(async () => {
    const p = await person();
    idNumber = p.idNumber;
    const res = await as('grid', 'POST', '/api/keypersons', { personId: p.id, categoryCode: 'correction', risk: 'yellow', fields: correction });
    expect(res.statusCode, res.body).toBe(201);
    id = res.json().id;
  });
  it('answers masked identity with the facts for the roles that need them; others get 403; every read is audited', async () => {
    for (const u of ALL) {
      const res = await as(u, 'GET', `/api/keypersons/${id}`);
      const may = ['grid', 'village', 'town', 'leader', 'police'].includes(u);
      expect(res.statusCode, u).toBe(may ? 200 : u === 'grid2' ? 404 : 403);
      if (res.statusCode !== 200) continue;
      const k = res.json();
      expect(k.idNumber, u).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      expect(k.phone).toBe('158****1234');
      expect(res.body).not.toContain(idNumber);
      expect(k.facts).toMatchObject({ correctionType: '缓刑', crime: '盗窃罪' });
      expect(k.attributes).toEqual({ startDate: '2026-03-01', endDate: '2027-03-01' });
    }
    const audit = (await as('auditor', 'GET', `/api/audit?action=keyperson.read&objectId=${id}&limit=50`)).json().items;
    expect([...new Set(audit.map((a: { actorName: string }) => a.actorName))].sort()).toEqual(['grid', 'leader', 'police', 'town', 'village']);
    const list = await as('town', 'GET', '/api/keypersons?categoryCode=correction');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.every((k: { facts: unknown; idNumber: string }) => k.facts === null && /\*/.test(k.idNumber))).toBe(true);
    const listAudit = (await as('auditor', 'GET', '/api/audit?action=keyperson.list')).json().items;
    expect(listAudit[0].details.ids).toContain(id);
  });
  it('keeps the sensitive facts sealed at rest', async () => {
    const row = await sql<{ attributes: unknown; factsSealed: string }>`select attributes, facts_sealed from keypersons where id = ${id}`.execute(t.database.db);
    expect(JSON.stringify(row.rows[0].attributes)).not.toContain('缓刑');
    expect(row.rows[0].factsSealed).toBeTruthy();
    expect(row.rows[0].factsSealed).not.toContain('盗窃');
    const hits = await sql<{ n: number }>`select count(*) as n from keypersons where attributes::text like '%盗窃%' or facts_sealed like '%盗窃%'`.execute(t.database.db);
    expect(Number(hits.rows[0].n)).toBe(0);
  });
  it('unmask needs keyperson.unmask and a reason (400), and is audited', async () => {
    expect((await as('grid', 'POST', `/api/keypersons/${id}/unmask`, { reason: '走访核实身份' })).statusCode).toBe(403);
    const noReason = await as('village', 'POST', `/api/keypersons/${id}/unmask`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().details.fields[0].path).toBe('reason');
    const full = await as('village', 'POST', `/api/keypersons/${id}/unmask`, { reason: '矫正衔接核实身份' });
    expect(full.json()).toMatchObject({ idNumber, phone: '15804781234', masked: false });
    expect((await as('auditor', 'GET', `/api/audit?action=keyperson.unmask&objectId=${id}`)).json().items).toHaveLength(1);
  });
  it('the ledger exports per category and region, masked; the full ledger needs permission and a reason', async () => {
    const res = await as('town', 'GET', '/api/keypersons/ledger.xlsx?categoryCode=correction&gridCode=150826100001');
    expect(res.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as string[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['类别', '证件号码', '矫正起始日']));
    expect(header).not.toContain('矫正类别'); // a sensitive field stays out of the masked ledger
    expect(String(ws.getRow(2).getCell(3).value)).toMatch(/\*{8}/);
    expect((await as('leader', 'POST', '/api/keypersons/ledger.xlsx', { reason: '专项检查' })).statusCode).toBe(403);
    const full = await as('town', 'POST', '/api/keypersons/ledger.xlsx?categoryCode=correction', { reason: '矫正专项检查' });
    expect(full.statusCode).toBe(200);
    expect((await as('auditor', 'GET', '/api/audit?action=keyperson.ledger_unmasked')).json().items[0].details.reason).toBe('矫正专项检查');
  });
});

describe('visits and the work list', () => {
  it('computes next-due from the last visit and the risk; a visit in the future is refused', async () => {
    const p = await person();
    const kp = (await as('grid', 'POST', '/api/keypersons', { personId: p.id, categoryCode: 'mental', risk: 'red', fields: { dangerLevel: 3 } })).json();
    expect(kp.nextDueOn).toBe('2026-12-05'); // red: weekly
    expect(kp.cadres.map((c: { displayName: string }) => c.displayName)).toEqual([expect.stringContaining('赵丽华')]);
    expect((await as('grid', 'POST', `/api/keypersons/${kp.id}/visits`, { visitedOn: '2026-11-29', findings: '情绪稳定' })).statusCode).toBe(400);
    const v = await as('grid', 'POST', `/api/keypersons/${kp.id}/visits`, { findings: '按时服药，情绪稳定', photos: [] });
    expect(v.statusCode, v.body).toBe(201);
    expect(v.json()).toMatchObject({ lastVisitOn: '2026-11-28', nextDueOn: '2026-12-05' });
    expect(v.json().visits[0]).toMatchObject({ findings: '按时服药，情绪稳定', visitedOn: '2026-11-28' });
    const sealed = await sql<{ f: string }>`select findings_sealed as f from keyperson_visits where keyperson_id = ${kp.id}`.execute(t.database.db);
    expect(sealed.rows[0].f).not.toContain('服药');
    const lower = await as('grid', 'PATCH', `/api/keypersons/${kp.id}`, { risk: 'green', version: v.json().version });
    expect(lower.json().nextDueOn).toBe('2026-12-28'); // green: 30 days from the last visit
    const hist = (await as('grid', 'GET', `/api/keypersons/${kp.id}/history`)).json().items;
    expect(hist.map((h: { action: string }) => h.action)).toEqual(['create', 'visit', 'update']);
  });
  it('a visit replayed from the phone\'s offline queue with its Idempotency-Key is written once', async () => {
    const p = await person();
    const kp = (await as('grid', 'POST', '/api/keypersons', { personId: p.id, categoryCode: 'mental', risk: 'yellow', fields: { dangerLevel: 1 } })).json();
    const send = (body: object) => t.app.inject({ method: 'POST', url: `/api/keypersons/${kp.id}/visits`, payload: body, headers: { cookie: cookies.grid, 'idempotency-key': `visit-${kp.id}-offline-1` } });
    const first = await send({ findings: '离线走访，情况稳定' });
    expect(first.statusCode, first.body).toBe(201);
    const again = await send({ findings: '离线走访，情况稳定' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().visits).toHaveLength(1);
    expect((await send({ findings: '另一次走访' })).statusCode).toBe(422); // same key, other body
    const n = await sql<{ n: number }>`select count(*)::int as n from keyperson_visits where keyperson_id = ${kp.id}`.execute(t.database.db);
    expect(n.rows[0].n).toBe(1);
  });
  it('a missed visit becomes one yellow item for the grid worker and the village, then one red; never twice', async () => {
    t.clock.set('2026-11-28T09:00:00+08:00');
    const p = await person();
    const kp = (await as('grid', 'POST', '/api/keypersons', { personId: p.id, categoryCode: 'released', risk: 'yellow', fields: { crime: '诈骗罪', releaseDate: '2026-10-01' } })).json();
    expect(kp.nextDueOn).toBe('2026-12-28'); // yellow: 30 days
    const inbox = async (u: string) => {
      cookies[u] = await t.login(u); // the moved clock ended the idle session
      const res = await as(u, 'GET', '/api/inbox?limit=200');
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items.filter((n: { keypersonId: number | null }) => n.keypersonId === kp.id);
    };
    const ctx = { db: t.database.db, clock: t.clock, timeZone: 'Asia/Shanghai' };
    t.clock.set('2026-12-28T20:00:00+08:00');
    await sweepVisits(ctx);
    expect(await inbox('grid')).toHaveLength(0); // due today: not missed yet
    t.clock.set('2026-12-29T08:00:00+08:00');
    cookies.grid = await t.login('grid');
    expect((await as('grid', 'GET', `/api/keypersons?due=overdue`)).json().items.map((k: { id: number }) => k.id)).toContain(kp.id);
    await sweepVisits(ctx);
    await sweepVisits(ctx);
    const yellow = await inbox('grid');
    expect(yellow).toHaveLength(1);
    expect(yellow[0].kind).toBe('visit_overdue_yellow');
    expect(await inbox('village')).toHaveLength(1);
    expect(await markCount(t.database.db, kp.id)).toBe(1);
    t.clock.set('2027-01-28T08:00:00+08:00'); // a whole period later: red, once
    await Promise.all([sweepVisits(ctx), sweepVisits(ctx)]);
    await sweepVisits(ctx);
    const all = await inbox('grid');
    expect(all.map((n: { kind: string }) => n.kind).sort()).toEqual(['visit_overdue_red', 'visit_overdue_yellow']);
    expect(await markCount(t.database.db, kp.id)).toBe(2);
    // a visit clears it: the next due moves on and nothing more fires
    await as('grid', 'POST', `/api/keypersons/${kp.id}/visits`, { findings: '已走访，工作稳定' });
    await sweepVisits(ctx);
    expect(await inbox('grid')).toHaveLength(2);
    t.clock.set('2026-11-28T09:00:00+08:00');
    cookies.grid = await t.login('grid');
  });
  it('visit photos: uploaded sealed, named by the visit, read back audited; 415 not an image, 413 too large', async () => {
    const p = await person();
    const kp = (await as('grid', 'POST', '/api/keypersons', { personId: p.id, categoryCode: 'youth_left_behind', risk: 'green', fields: { guardian: '祖母' } })).json();
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('FQ-PHOTO-MARKER-留守儿童走访')]);
    const up = multipartFile('visit.png', png, 'image/png');
    const res = await t.app.inject({ method: 'POST', url: `/api/keypersons/${kp.id}/photos`, payload: up.payload, headers: { ...up.headers, cookie: cookies.grid } });
    expect(res.statusCode, res.body).toBe(201);
    const { photo } = res.json();
    const txt = multipartFile('notes.txt', 'hello', 'text/plain');
    expect((await t.app.inject({ method: 'POST', url: `/api/keypersons/${kp.id}/photos`, payload: txt.payload, headers: { ...txt.headers, cookie: cookies.grid } })).statusCode).toBe(415);
    const big = multipartFile('big.jpg', Buffer.alloc(5 * 1024 * 1024 + 10), 'image/jpeg');
    expect((await t.app.inject({ method: 'POST', url: `/api/keypersons/${kp.id}/photos`, payload: big.payload, headers: { ...big.headers, cookie: cookies.grid } })).statusCode).toBe(413);
    expect((await as('grid', 'POST', `/api/keypersons/${kp.id}/visits`, { findings: '走访', photos: ['../../etc/passwd'] })).json().details.fields[0].path).toBe('photos.0');
    const v = await as('grid', 'POST', `/api/keypersons/${kp.id}/visits`, { findings: '与祖母交流，孩子学习正常', photos: [photo] });
    expect(v.statusCode, v.body).toBe(201);
    expect(v.json().visits[0].photos).toEqual([photo]);
    const back = await as('village', 'GET', `/api/keypersons/${kp.id}/photos/${photo}`);
    expect(back.statusCode).toBe(200);
    expect(back.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(back.rawPayload, png)).toBe(0);
    expect((await as('grid2', 'GET', `/api/keypersons/${kp.id}/photos/${photo}`)).statusCode).toBe(404);
    const dir = path.join(t.filesDir, 'keypersons', String(kp.id));
    for (const f of readdirSync(dir)) expect(readFileSync(path.join(dir, f)).includes(Buffer.from('FQ-PHOTO-MARKER'))).toBe(false);
    expect((await as('auditor', 'GET', `/api/audit?action=keyperson.photo_read&objectId=${kp.id}`)).json().items).toHaveLength(1);
  });
  it('a visit photo replayed with the same Idempotency-Key (the phone resending its queue) is stored once', async () => {
    const p = await person();
    const kp = (await as('grid', 'POST', '/api/keypersons', { personId: p.id, categoryCode: 'youth_left_behind', risk: 'green', fields: { guardian: '祖母' } })).json();
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('离线走访照片')]);
    const send = (content: Buffer, key: string) => {
      const up = multipartFile('visit.png', content, 'image/png');
      return t.app.inject({ method: 'POST', url: `/api/keypersons/${kp.id}/photos`, payload: up.payload, headers: { ...up.headers, cookie: cookies.grid, 'idempotency-key': key } });
    };
    const first = await send(png, 'm-visit-photo-0001');
    expect(first.statusCode, first.body).toBe(201);
    const again = await send(png, 'm-visit-photo-0001');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().photo).toBe(first.json().photo);
    const dir = path.join(t.filesDir, 'keypersons', String(kp.id));
    expect(readdirSync(dir)).toHaveLength(1);
    expect((await send(Buffer.concat([png, Buffer.from('x')]), 'm-visit-photo-0001')).statusCode).toBe(422);
    expect(readdirSync(dir)).toHaveLength(1);
    expect((await as('auditor', 'GET', `/api/audit?action=keyperson.photo_upload&objectId=${kp.id}`)).json().items).toHaveLength(1);
    // another user's key space is their own: the same key from grid2 is not grid's replay (and grid2 cannot see this person)
    const up2 = multipartFile('visit.png', png, 'image/png');
    expect((await t.app.inject({ method: 'POST', url: `/api/keypersons/${kp.id}/photos`, payload: up2.payload, headers: { ...up2.headers, cookie: cookies.grid2, 'idempotency-key': 'm-visit-photo-0001' } })).statusCode).toBe(404);
    const v = await as('grid', 'POST', `/api/keypersons/${kp.id}/visits`, { findings: '离线走访，情况稳定', photos: [first.json().photo] });
    expect(v.statusCode, v.body).toBe(201);
    expect(v.json().visits[0].photos).toEqual([first.json().photo]);
  });
});
