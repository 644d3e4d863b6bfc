// 信访复查、复核 (DOMAIN §4): after a petition is concluded, a review is requested within 30 days and decided
// within 30 days; then a re-review the same way, once. Out of time → 409; a second re-review → 409;
// calendar days by default (a deadline on a day off moves to the next working day), working days when the
// rule says so (and provisional in a year without a calendar).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../test/helpers.js';
import { sweep } from '../deadlines/deadlines.js';
import { outboxSender } from '../notify/sms.js';
import { createCipherSuite, devKeyring } from '../personal/index.js';

let t: TestApp;
const as: Record<string, string> = {};
const USERS = ['dispatcher', 'dept', 'admin'];
const relogin = async () => {
  for (const u of USERS) as[u] = await t.login(u);
};
beforeAll(async () => {
  t = await testApp();
  await relogin();
});
afterAll(() => t.close());

const api = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => t.app.inject({ method, url, payload, headers: { cookie: as[who] } });
const get = async (id: number) => (await api('dispatcher', 'GET', `/api/cases/${id}`)).json();
const act = async (who: string, id: number, body: object) => api(who, 'POST', `/api/cases/${id}/actions`, { version: (await get(id)).version, ...body });
const beijing = (iso: string) => new Date(iso).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' });

/** A petition taken through the loop and closed at the clock's time. */
async function concluded(over: object = { channel: 'petition', category: 'service' }) {
  const id = (await api('dispatcher', 'POST', '/api/cases', {
    title: '信访：征地补偿款', description: '反映征地补偿款未足额发放', regionCode: '150826100001', applicant: { name: '高文', phone: '13904781234' }, ...over,
  })).json().id;
  await act('dispatcher', id, { action: 'file' });
  const unitId = (await api('dispatcher', 'GET', `/api/cases/${id}/assignees`)).json().find((u: { name: string }) => u.name === '杭锦后旗司法局').id;
  await act('dispatcher', id, { action: 'assign', unitId });
  await act('dept', id, { action: 'start' });
  await act('dept', id, { action: 'feedback', result: '已答复信访人', disposition: '已答复/解释' });
  await act('dispatcher', id, { action: 'verify', passed: true });
  expect((await act('dispatcher', id, { action: 'close', note: '信访事项已办结' })).statusCode).toBe(200);
  return id;
}

describe('petition review and re-review', () => {
  it('review within 30 days of the decision, then re-review once; each decided within 30 days', async () => {
    t.clock.set('2026-11-28T09:00:00+08:00'); // Saturday
    const id = await concluded();
    const c = await get(id);
    expect(c.status).toBe('closed');
    // 30 calendar days after Saturday 11-28 is Monday 12-28, a working day: due at its end
    expect(beijing(c.petition.reviewRequestDueAt)).toBe('2026-12-29 00:00:00');
    expect(c.petition).toMatchObject({ reviewRequestOpen: true, review: null, rereview: null });
    expect(c.allowedActions).toContain('request_review');
    expect(c.allowedActions).not.toContain('request_rereview');
    expect((await act('dispatcher', id, { action: 'request_review' })).statusCode).toBe(400); // no reason
    t.clock.set('2026-12-01T10:00:00+08:00');
    await relogin();
    expect((await act('dispatcher', id, { action: 'request_review', reason: '对补偿标准不服' })).statusCode).toBe(200);
    const r = await get(id);
    expect(beijing(r.petition.review.decideDueAt)).toBe('2027-01-01 00:00:00'); // 12-31, a Thursday
    expect(r.allowedActions).toContain('decide_review');
    expect(r.allowedActions).not.toContain('archive'); // a pending review keeps the file open
    expect((await act('dispatcher', id, { action: 'request_review', reason: '再次申请' })).statusCode).toBe(409);
    expect((await act('dispatcher', id, { action: 'decide_review', result: '维持原处理意见' })).statusCode).toBe(200);
    const d = await get(id);
    expect(d.petition.review).toMatchObject({ result: '维持原处理意见', overdue: false });
    expect(d.allowedActions).toContain('request_rereview');
    expect((await act('dispatcher', id, { action: 'request_rereview', reason: '不服复查意见' })).statusCode).toBe(200);
    expect((await act('dispatcher', id, { action: 'decide_rereview', result: '维持' })).statusCode).toBe(200);
    const e = await get(id);
    expect(e.allowedActions).not.toContain('request_rereview');
    expect((await act('dispatcher', id, { action: 'request_rereview', reason: '第三次' })).statusCode).toBe(409); // already done
    expect(e.timeline.map((s: { action: string }) => s.action).slice(-4)).toEqual(['request_review', 'decide_review', 'request_rereview', 'decide_rereview']);
    expect((await act('dispatcher', id, { action: 'archive' })).statusCode).toBe(200);
  });

  it('a request after 30 days is refused (409) and not offered', async () => {
    t.clock.set('2026-11-28T09:00:00+08:00');
    await relogin();
    const id = await concluded({ channel: 'window', category: 'petition' });
    t.clock.set('2026-12-29T00:00:01+08:00');
    await relogin();
    expect((await get(id)).allowedActions).not.toContain('request_review');
    const r = await act('dispatcher', id, { action: 'request_review', reason: '迟到的申请' });
    expect(r.statusCode).toBe(409);
    expect(r.json().message).toContain('复查申请期限');
  });

  it('a re-review requested more than 30 days after the review decision → 409', async () => {
    t.clock.set('2026-11-28T09:00:00+08:00');
    await relogin();
    const id = await concluded();
    await act('dispatcher', id, { action: 'request_review', reason: '不服' });
    await act('dispatcher', id, { action: 'decide_review', result: '维持' });
    t.clock.set('2027-01-05T09:00:00+08:00');
    await relogin();
    expect((await act('dispatcher', id, { action: 'request_rereview', reason: '不服复查' })).statusCode).toBe(409);
  });

  it('in working days when the rule says so; a deadline in a year without a calendar is provisional', async () => {
    t.clock.set('2026-11-28T09:00:00+08:00');
    await relogin();
    const rules = (await api('admin', 'GET', '/api/deadline-rules')).json() as { id: number; stage: string }[];
    const review = rules.find((r) => r.stage === 'review')!;
    expect((await api('admin', 'PUT', `/api/deadline-rules/${review.id}`, { amount: 30, unit: 'working_days' })).statusCode).toBe(200);
    const id = await concluded();
    t.clock.set('2026-12-01T10:00:00+08:00');
    await relogin();
    await act('dispatcher', id, { action: 'request_review', reason: '不服' });
    const r = (await get(id)).petition.review;
    // 22 working days left in December 2026, then 2027 on weekends only: 1-01, 1-04…1-08, 1-11, 1-12
    expect(beijing(r.decideDueAt)).toBe('2027-01-13 00:00:00');
    expect(r.decideDueProvisional).toBe(true);
    await api('admin', 'PUT', `/api/deadline-rules/${review.id}`, { amount: 30, unit: 'calendar_days' });
  });

  it('a review not answered in time is marked once by the sweep: timeline, the office\'s inbox, an SMS', async () => {
    t.clock.set('2026-11-28T09:00:00+08:00');
    await relogin();
    const id = await concluded();
    await act('dispatcher', id, { action: 'request_review', reason: '不服' });
    const run = () => sweep({ db: t.database.db, clock: t.clock, sms: outboxSender(createCipherSuite({ ...devKeyring(), algorithm: 'aes-256-gcm' })) });
    t.clock.set('2026-12-28T23:59:00+08:00'); // due at the end of 12-28
    expect((await run()).reviewLapsed).toBe(0);
    t.clock.set('2026-12-29T00:00:01+08:00');
    expect((await run()).reviewLapsed).toBe(1);
    expect((await run()).reviewLapsed).toBe(0);
    await relogin();
    const c = await get(id);
    expect(c.petition.review.overdue).toBe(true);
    expect(c.timeline.filter((s: { action: string }) => s.action === 'warn_review')).toHaveLength(1);
    const inbox = (await api('dispatcher', 'GET', '/api/inbox?limit=200')).json().items;
    expect(inbox.filter((i: { caseId: number; kind: string }) => i.caseId === id && i.kind === 'review_lapsed')).toHaveLength(1);
    const sms = await t.database.db.selectFrom('smsOutbox').select(['kind', 'phoneMasked']).where('caseId', '=', id).where('kind', '=', 'review_lapsed').execute();
    expect(sms).toEqual([{ kind: 'review_lapsed', phoneMasked: '139****0002' }]);
    // answering late is still recorded
    expect((await act('dispatcher', id, { action: 'decide_review', result: '维持' })).statusCode).toBe(200);
    expect((await get(id)).timeline.at(-1).data).toMatchObject({ inTime: false });
  });

  it('only petitions are reviewed', async () => {
    t.clock.set('2026-11-28T09:00:00+08:00');
    await relogin();
    const id = await concluded({ channel: 'window', category: 'dispute', disputeType: '02' });
    const c = await get(id);
    expect(c.petition).toBeNull();
    expect(c.allowedActions).not.toContain('request_review');
    expect((await act('dispatcher', id, { action: 'request_review', reason: '不服' })).statusCode).toBe(409);
  });
});
