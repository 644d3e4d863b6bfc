// 季季评 on a hand-made quarter (2026-Q4) in 陕坝镇, worked out below; 头道桥镇 has no case and no score.
//   A  dispute, village office, assigned Nov 2 (handle due Dec 2), 调解成功, verified, rated 满意 Nov 5
//   B  dispute, assigned Nov 2, 调解不成 → verification failed (rework) Nov 5, 调解成功, verified, rated 不满意 Nov 7
//   C  dispute, assigned Nov 2 (due Dec 2), still open on Dec 10
//      supervised Nov 10 (reply due Nov 12, replied Nov 11: on time) and Nov 13 (due Nov 14, replied Nov 16: late)
// 陕坝镇: 按期结案率 2/3 (A, B of the three due), 满意率 1/2, 返工率 1/2, 不出镇率 2/2, 督办按时回复 1/2
//   default weights 30/25/15/15/15: 30×2/3 + 25×1/2 + 15×(1 − 1/2) + 15×1 + 15×1/2 = 20 + 12.5 + 7.5 + 15 + 7.5 = 62.5
//   weights 40/20/20/10/10: 40×2/3 + 20×1/2 + 20×1/2 + 10×1 + 10×1/2 = 26.67 + 10 + 10 + 10 + 5 = 61.67
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../test/helpers.js';
import { driver, sessions } from '../stats/stats.scenario.test-util.js';

let t: TestApp;
const as: Record<string, string> = {};
let ids: Record<string, number> = {};
const get = (who: string, url: string) => t.app.inject({ url, headers: { cookie: as[who] } });

beforeAll(async () => {
  t = await testApp();
  t.clock.set('2026-11-02T08:00:00+08:00'); // before any login: the login limiter does not like a clock going back
  await sessions(t, as);
  as.admin = await t.login('admin');
  const d = driver(t, as);
  await d.at('2026-11-02T09:00:00');
  const A = await d.report('grid', 'dispute');
  const B = await d.report('grid', 'dispute');
  const C = await d.report('grid', 'dispute');
  for (const id of [A, B, C]) await d.fileAndStart(id);
  await d.at('2026-11-04T10:00:00');
  await d.feedback('mediator_xh', A, '调解成功');
  await d.verify('village', A);
  await d.at('2026-11-05T10:00:00');
  await d.rate('village', A, 'satisfied');
  await d.feedback('mediator_xh', B, '调解不成');
  await d.verify('village', B, false);
  await d.at('2026-11-06T10:00:00');
  await d.feedback('mediator_xh', B, '调解成功');
  await d.verify('village', B);
  await d.at('2026-11-07T10:00:00');
  await d.rate('village', B, 'dissatisfied');
  await d.at('2026-11-10T10:00:00');
  await d.act('leader', C, 'supervise', { grade: 'yellow', replyDueAt: '2026-11-12T18:00:00+08:00', note: '请尽快化解' });
  await d.at('2026-11-11T10:00:00');
  await d.act('mediator_xh', C, 'reply_supervision', { note: '已约双方调解' });
  await d.at('2026-11-13T10:00:00');
  await d.act('leader', C, 'supervise', { grade: 'red', replyDueAt: '2026-11-14T18:00:00+08:00', note: '仍未化解' });
  await d.at('2026-11-16T10:00:00');
  await d.act('mediator_xh', C, 'reply_supervision', { note: '本周内再调' });
  await d.at('2026-12-10T10:00:00');
  as.admin = await t.login('admin');
  ids = { A, B, C };
});
afterAll(() => t.close());

interface Part { part: string; weight: number; rate: { value: number | null; numerator: number; denominator: number }; points: number | null }
interface Row { id: number; code: string | null; name: string; score: number | null; rank: number | null; parts: Part[] }
const frac = (r: Row, part: string) => {
  const p = r.parts.find((x) => x.part === part)!;
  return `${p.rate.numerator}/${p.rate.denominator}`;
};

describe('季季评', () => {
  it('ranks the towns with the worked-out score and its breakdown', async () => {
    expect(ids.C).toBeGreaterThan(0);
    const res = await get('leader', '/api/evaluation?quarter=2026-Q4&kind=region');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ quarter: '2026-Q4', from: '2026-10-01', to: '2026-12-31', region: { code: '150826' } });
    const sb = body.items.find((r: Row) => r.code === '150826100') as Row;
    expect(['onTimeClosureRate', 'satisfactionRate', 'reworkRate', 'townRetentionRate', 'supervisionOnTime'].map((p) => frac(sb, p))).toEqual(['2/3', '1/2', '1/2', '2/2', '1/2']);
    expect(sb.parts.map((p) => p.points)).toEqual([20, 12.5, 7.5, 15, 7.5]);
    expect(sb).toMatchObject({ score: 62.5, rank: 1 });
    const tdq = body.items.find((r: Row) => r.code === '150826101') as Row;
    expect(tdq).toMatchObject({ score: null, rank: null });
    expect(body.items.at(-1).score).toBeNull();
  });

  it('takes every rate but supervision from the statistics module', async () => {
    const ev = (await get('leader', '/api/evaluation?quarter=2026-Q4&kind=region')).json();
    const st = (await get('leader', '/api/stats/breakdown?by=region&region=150826&from=2026-10-01&to=2026-12-31')).json();
    const sb = ev.items.find((r: Row) => r.code === '150826100') as Row;
    const s = st.items.find((g: { code?: string }) => g.code === '150826100');
    for (const p of ['onTimeClosureRate', 'satisfactionRate', 'reworkRate', 'townRetentionRate']) expect(sb.parts.find((x) => x.part === p)!.rate, p).toEqual(s[p]);
  });

  it('ranks departments too: the mediation committee that handled the cases', async () => {
    const ev = (await get('dispatcher', '/api/evaluation?quarter=2026-Q4&kind=unit')).json();
    const committee = ev.items.find((r: Row) => r.name === '西环社区人民调解委员会') as Row;
    expect(frac(committee, 'supervisionOnTime')).toBe('1/2');
    expect(committee.score).not.toBeNull();
    expect(ev.items.every((r: Row) => !r.name.endsWith('综治中心') && !r.name.endsWith('居委会'))).toBe(true); // offices are not departments
    const st = (await get('dispatcher', '/api/stats/breakdown?by=unit&region=150826&from=2026-10-01&to=2026-12-31')).json();
    const s = st.items.find((g: { key: string }) => g.key === String(committee.id));
    expect(committee.parts.find((p) => p.part === 'satisfactionRate')!.rate).toEqual(s.satisfactionRate);
  });

  it('weights are set by an administrator, add up to 100, and change the score', async () => {
    const bad = await t.app.inject({ method: 'PUT', url: '/api/evaluation/weights', headers: { cookie: as.admin }, payload: { onTimeClosureRate: 40, satisfactionRate: 20, reworkRate: 20, townRetentionRate: 10, supervisionOnTime: 20 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.fields[0].path).toBe('weights');
    expect((await t.app.inject({ method: 'PUT', url: '/api/evaluation/weights', headers: { cookie: as.admin }, payload: { onTimeClosureRate: 40.5, satisfactionRate: 19.5, reworkRate: 20, townRetentionRate: 10, supervisionOnTime: 10 } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'PUT', url: '/api/evaluation/weights', headers: { cookie: as.leader }, payload: {} })).statusCode).toBe(403);
    const ok = await t.app.inject({ method: 'PUT', url: '/api/evaluation/weights', headers: { cookie: as.admin }, payload: { onTimeClosureRate: 40, satisfactionRate: 20, reworkRate: 20, townRetentionRate: 10, supervisionOnTime: 10 } });
    expect(ok.statusCode, ok.body).toBe(200);
    const sb = (await get('leader', '/api/evaluation?quarter=2026-Q4')).json().items.find((r: Row) => r.code === '150826100') as Row;
    expect(sb.score).toBe(61.67);
  });

  it('a bad quarter is a 400, a region outside the caller\'s scope a 403, a role without the right a 403', async () => {
    expect((await get('leader', '/api/evaluation?quarter=2026-Q5')).statusCode).toBe(400);
    expect((await get('leader', '/api/evaluation?quarter=2026-Q4&region=150825')).statusCode).toBe(403);
    expect((await get('town', '/api/evaluation?quarter=2026-Q4')).statusCode).toBe(403);
  });
});
