// SMS: every notification whose kind goes by SMS writes its outbox rows in the same transaction — from an
// action and from the sweep (injected clock), once; the applicant's closing notice; none when SMS is off;
// the outbox list masks phones and hides tracking codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testApp, testClock, type TestApp } from '../../../test/helpers.js';
import { buildApp } from '../../app.js';
import { DEMO_PASSWORD } from '../../seed/demo.js';
import { sweep } from '../deadlines/deadlines.js';
import { smsOff, outboxSender } from './sms.js';
import { createCipherSuite, devKeyring } from '../personal/index.js';

let t: TestApp;
const as: Record<string, string> = {};
const USERS = ['dispatcher', 'leader', 'dept', 'auditor'];
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
const outbox = (caseId: number) => t.database.db.selectFrom('smsOutbox').selectAll().where('caseId', '=', caseId).orderBy('id').execute();
const cipher = createCipherSuite({ ...devKeyring(), algorithm: 'aes-256-gcm' });

async function atJustice(title = '工程款纠纷') {
  const id = (await api('dispatcher', 'POST', '/api/cases', {
    title, description: '包工头拖欠材料款', category: 'dispute', disputeType: '06', channel: 'window',
    regionCode: '150826100001', applicant: { name: '冯军', phone: '13904787777' },
  })).json().id;
  await act('dispatcher', id, { action: 'file' });
  const unitId = (await api('dispatcher', 'GET', `/api/cases/${id}/assignees`)).json().find((u: { name: string }) => u.name === '杭锦后旗司法局').id;
  await act('dispatcher', id, { action: 'assign', unitId });
  await act('dept', id, { action: 'start' });
  return id;
}

describe('SMS from actions', () => {
  it('a critical intake texts the leaders above the place at once, in the intake\'s transaction', async () => {
    const id = (await api('dispatcher', 'POST', '/api/cases', {
      title: '百余名工人聚集讨薪', description: '工地门口聚集', category: 'warning', channel: 'window', urgency: 'critical',
      regionCode: '150826100001', applicant: { name: '冯军', phone: '13904787777' },
    })).json().id;
    const rows = await outbox(id);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.every((r) => r.kind === 'urgent_case' && r.notificationId !== null)).toBe(true);
    const leader = await t.database.db.selectFrom('users').select('id').where('username', '=', 'leader').executeTakeFirstOrThrow();
    const notes = await t.database.db.selectFrom('notifications').select(['id', 'userId']).where('caseId', '=', id).where('kind', '=', 'urgent_case').execute();
    expect(notes.map((n) => n.userId)).toContain(leader.id);
    expect(rows.map((r) => r.notificationId).sort()).toEqual(expect.arrayContaining([notes.find((n) => n.userId === leader.id)!.id]));
  });

  it('a 红牌督办 texts the unit\'s staff once, tied to the inbox item; the phone stays sealed and is listed masked', async () => {
    const id = await atJustice();
    expect(await outbox(id)).toHaveLength(0);
    const due = new Date(t.clock.now().getTime() + 2 * 86_400_000).toISOString();
    expect((await act('leader', id, { action: 'supervise', grade: 'red', replyDueAt: due, note: '三日内化解' })).statusCode).toBe(200);
    const rows = await outbox(id);
    expect(rows).toHaveLength(1); // the justice bureau has one account with a phone (周明)
    expect(rows[0]).toMatchObject({ kind: 'supervise_red', phoneMasked: '139****0005', sentAt: null });
    expect(rows[0].body).toMatch(/^【枫桥】.*红牌督办/);
    expect(rows[0].phoneSealed).not.toContain('13904780005');
    expect(cipher.decrypt(rows[0].phoneSealed)).toBe('13904780005');
    const notice = await t.database.db.selectFrom('notifications').selectAll().where('id', '=', rows[0].notificationId!).executeTakeFirstOrThrow();
    expect(notice).toMatchObject({ caseId: id, kind: 'supervise_red' });
    // a reply and an urge are inbox-only
    await act('dept', id, { action: 'reply_supervision', note: '已约谈' });
    await act('leader', id, { action: 'urge', note: '请加快' });
    expect(await outbox(id)).toHaveLength(1);
  });

  it('the applicant gets the "done, please rate" text at verification and the closing notice', async () => {
    const id = await atJustice('邻里漏水纠纷');
    await act('dept', id, { action: 'feedback', result: '已调解', disposition: '调解成功' });
    await act('dispatcher', id, { action: 'verify', passed: true });
    await act('dispatcher', id, { action: 'close', note: '申请人电话无人接听' });
    const rows = await outbox(id);
    expect(rows.map((r) => [r.kind, r.recipient, r.phoneMasked])).toEqual([
      ['verified', 'applicant', '139****7777'],
      ['closed', 'applicant', '139****7777'],
    ]);
    const c = (await api('dispatcher', 'GET', `/api/cases/${id}`)).json();
    expect(rows[1].body).toContain(c.caseNumber);
  });
});

describe('SMS from the sweep', () => {
  it('a red mark texts the office and the unit once; a yellow one does not; a lapsed 督办 texts the leader once', async () => {
    const id = await atJustice('拖欠工资');
    await act('leader', id, { action: 'supervise', grade: 'yellow', replyDueAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString() });
    const before = (await outbox(id)).length;
    const run = () => sweep({ db: t.database.db, clock: t.clock, sms: outboxSender(cipher) });
    t.clock.advance(2 * 3_600_000);
    expect((await run()).supervisionLapsed).toBeGreaterThanOrEqual(1);
    const lapsed = (await outbox(id)).slice(before);
    expect(lapsed.map((r) => [r.kind, r.phoneMasked])).toEqual([['supervision_lapsed', '139****0001']]);
    // dispute handling: 30 calendar days; at 80% yellow (no SMS), then overdue: red
    t.clock.advance(25 * 86_400_000);
    await run();
    expect((await outbox(id)).length).toBe(before + 1);
    t.clock.advance(6 * 86_400_000);
    expect((await run()).red).toBeGreaterThanOrEqual(1);
    const red = (await outbox(id)).filter((r) => r.kind === 'red');
    // the county center's dispatcher and the justice bureau's handler
    expect(red.map((r) => r.phoneMasked).sort()).toEqual(['139****0002', '139****0005']);
    await run();
    expect((await outbox(id)).filter((r) => r.kind === 'red')).toHaveLength(2);
    const notices = await t.database.db.selectFrom('notifications').select('id').where('caseId', '=', id).where('kind', '=', 'red').execute();
    expect(new Set(red.map((r) => r.notificationId))).toEqual(new Set(notices.map((n) => n.id)));
  });

  it('a sweep with SMS off writes no SMS', async () => {
    await relogin();
    const id = await atJustice('拖欠货款');
    const all = async () => (await t.database.db.selectFrom('smsOutbox').select('id').execute()).length;
    const n = await all();
    t.clock.advance(40 * 86_400_000);
    expect((await sweep({ db: t.database.db, clock: t.clock, sms: smsOff })).red).toBeGreaterThanOrEqual(1);
    expect(await all()).toBe(n);
    expect((await t.database.db.selectFrom('notifications').select('id').where('caseId', '=', id).where('kind', '=', 'red').execute()).length).toBe(2);
  });
});

describe('the outbox list', () => {
  it('shows the system administrator delivery state only: no text, no case, the last four digits', async () => {
    await relogin();
    as.admin = await t.login('admin');
    const res = await api('admin', 'GET', '/api/sms-outbox?limit=200');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Record<string, unknown>[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.find((i) => i.kind === 'closed')).toMatchObject({ recipient: 'applicant', phoneLast4: '7777', sentAt: null });
    expect(Object.keys(items[0]).sort()).toEqual(['createdAt', 'id', 'kind', 'length', 'phoneLast4', 'recipient', 'sentAt']);
    expect(JSON.stringify(res.json())).not.toMatch(/139\d|案件|查询码/);
    for (const who of ['auditor', 'leader']) expect((await api(who, 'GET', '/api/sms-outbox')).statusCode).toBe(403);
  });
});

describe('FQ_SMS=off', () => {
  it('an app built with SMS off writes inbox items but no SMS', async () => {
    const database = await freshDatabase();
    const app = await buildApp({ db: database.db, database, clock: testClock(), version: 'test', demo: true, sms: smsOff });
    try {
      const login = async (username: string) => {
        const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
        return `fq_session=${r.cookies.find((c) => c.name === 'fq_session')!.value}`;
      };
      const [disp, leader] = [await login('dispatcher'), await login('leader')];
      const id = (await app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: disp }, payload: { title: '噪音扰民', description: '夜间施工', category: 'dispute', disputeType: '02', channel: 'window', regionCode: '150826100001', applicant: { name: '孙红', phone: '13904786666' } } })).json().id;
      const c = (await app.inject({ method: 'GET', url: `/api/cases/${id}`, headers: { cookie: leader } })).json();
      const r = await app.inject({ method: 'POST', url: `/api/cases/${id}/actions`, headers: { cookie: leader }, payload: { version: c.version, action: 'supervise', grade: 'red', replyDueAt: new Date(Date.parse('2026-12-05T00:00:00Z')).toISOString() } });
      expect(r.statusCode).toBe(200);
      expect((await database.db.selectFrom('notifications').select('id').where('caseId', '=', id).where('kind', '=', 'supervise_red').execute()).length).toBe(1);
      expect(await database.db.selectFrom('smsOutbox').select('id').execute()).toHaveLength(0);
    } finally {
      await app.close();
      await database.close();
    }
  });
});
