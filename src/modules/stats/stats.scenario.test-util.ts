// A hand-made month of cases driven through the real API with the test clock (December 2026, no holidays;
// weekends 5–6, 12–13, 19–20, 26–27). Expected figures are worked out in stats.metrics.test.ts.
//   I  service, reported Nov 28 (outside the period), never filed: open, accept deadline Nov 30 passed
//   A  dispute, village, assigned Dec 1 (due Dec 31), 调解成功, verified Dec 3, rated 满意 Dec 4
//   H  dispute, reported Dec 2, merged into A
//   B  dispute, assigned Dec 2 (due Jan 1), 调解不成 → verification failed Dec 7 (rework; due Jan 6), 调解成功 Dec 8, closed unrated Dec 9
//   C  dispute, village Dec 3 → escalated to the town, police 已解决 Dec 10, rated 基本满意 Dec 11 (due Jan 4)
//   G  city, reported Dec 4, rejected
//   J  dispute at the county window for 东环社区, Dec 7, 司法局 调解不成 Dec 8, rated 满意 Dec 9 (due Jan 6)
//   D  service, assigned Dec 1 (due Dec 15), late feedback Dec 16, rated 不满意 Dec 17, reopened Dec 18,
//      reassigned (due Jan 1), feedback Dec 21, rated 满意 Dec 22
//   E  service, assigned Dec 1 (due Dec 15), extension of 20 working days approved Dec 10 (due Jan 13), open
//   F  service, assigned Dec 2 (due Dec 16), 已解决 Dec 10, rated 不满意 Dec 11
//   K  service, assigned Dec 1 (due Dec 15), late feedback Dec 17, closed unrated Dec 18
//   L  service, assigned Dec 2 (due Dec 16), started, open and overdue
import { expect } from 'vitest';
import type { TestApp } from '../../../test/helpers.js';

export type Who = 'village' | 'mediator_xh' | 'town' | 'police' | 'dispatcher' | 'grid' | 'dept' | 'leader';

/** Log every account in (again: moving the clock past the idle timeout ends sessions), into `as`. */
export async function sessions(t: TestApp, as: Record<string, string> = {}) {
  for (const u of ['village', 'town', 'police', 'dispatcher', 'grid', 'dept', 'leader', 'auditor']) as[u] = await t.login(u);
  as.mediator_xh = await t.login('village');
  const me = (await t.app.inject({ url: '/api/auth/me', headers: { cookie: as.mediator_xh } })).json().user;
  const roleId = me.assignments.find((a: { role: string }) => a.role === 'mediator').id;
  await t.app.inject({ method: 'POST', url: '/api/auth/role', payload: { roleId }, headers: { cookie: as.mediator_xh } });
  return as;
}

export function driver(t: TestApp, as: Record<string, string>) {
  const at = async (when: string) => {
    t.clock.set(`${when}+08:00`);
    await sessions(t, as);
  };
  const get = (who: string, url: string) => t.app.inject({ url, headers: { cookie: as[who] } });
  async function report(who: Who, category: string, extra: Record<string, unknown> = {}) {
    const res = await t.app.inject({
      method: 'POST', url: '/api/cases', headers: { cookie: as[who] },
      payload: {
        title: `统计样例${category}`, description: '统计测试数据', category, channel: 'grid', regionCode: '150826100001001001',
        applicant: { name: '测试人', phone: '13904780001' }, ...(category === 'dispute' ? { disputeType: '02' } : {}), ...extra,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as number;
  }
  async function act(who: Who, id: number, action: string, body: Record<string, unknown> = {}) {
    const c = (await get(who, `/api/cases/${id}`)).json();
    const res = await t.app.inject({ method: 'POST', url: `/api/cases/${id}/actions`, headers: { cookie: as[who] }, payload: { action, version: c.version, ...body } });
    expect(res.statusCode, `${action} ${res.body}`).toBe(200);
    return res.json();
  }
  async function assign(who: Who, id: number, unitName: string) {
    const units = (await get(who, `/api/cases/${id}/assignees`)).json() as { id: number; name: string }[];
    const u = units.find((x) => x.name === unitName);
    expect(u, unitName).toBeDefined();
    return act(who, id, 'assign', { unitId: u!.id });
  }
  const COMMITTEE = '西环社区人民调解委员会';
  /** village files, assigns to its mediation committee, which starts */
  async function fileAndStart(id: number) {
    await act('village', id, 'file');
    await assign('village', id, COMMITTEE);
    await act('mediator_xh', id, 'start');
  }
  const feedback = (who: Who, id: number, disposition: string) => act(who, id, 'feedback', { result: '已办理', disposition });
  const verify = (who: Who, id: number, passed = true) => act(who, id, 'verify', { passed, note: passed ? '核查通过' : '未落实' });
  const rate = (who: Who, id: number, satisfaction: string) => act(who, id, 'rate', { satisfaction, method: 'phone' });
  return { at, get, report, act, assign, fileAndStart, feedback, verify, rate, COMMITTEE };
}

export async function buildScenario(t: TestApp, as: Record<string, string>) {
  const d = driver(t, as);
  const { at, report, act, assign, fileAndStart, feedback, verify, rate } = d;
  await at('2026-11-28T09:00:00');
  const I = await report('grid', 'service');
  await at('2026-12-01T09:00:00');
  const A = await report('grid', 'dispute');
  const D = await report('grid', 'service');
  const E = await report('grid', 'service');
  const K = await report('grid', 'service');
  await at('2026-12-01T10:00:00');
  for (const id of [A, D, E, K]) await fileAndStart(id);
  await at('2026-12-02T09:00:00');
  const B = await report('grid', 'dispute');
  const F = await report('grid', 'service');
  const L = await report('grid', 'service');
  const H = await report('grid', 'dispute');
  await at('2026-12-02T10:00:00');
  await act('village', H, 'merge', { primaryId: A });
  for (const id of [B, F, L]) await fileAndStart(id);
  await at('2026-12-03T09:00:00');
  const C = await report('grid', 'dispute');
  await fileAndStart(C);
  await act('mediator_xh', C, 'escalate', { reason: '需镇里协调' });
  await assign('town', C, '陕坝派出所');
  await act('police', C, 'start');
  await at('2026-12-03T10:00:00');
  await feedback('mediator_xh', A, '调解成功');
  await verify('village', A);
  await at('2026-12-04T10:00:00');
  await rate('village', A, 'satisfied');
  const G = await report('grid', 'city');
  await act('village', G, 'reject', { reason: '不属于受理范围' });
  await at('2026-12-07T09:00:00');
  const J = await report('dispatcher', 'dispute', { channel: 'window', regionCode: '150826100002', disputeType: '06' });
  await act('dispatcher', J, 'file');
  await assign('dispatcher', J, '杭锦后旗司法局');
  await act('dept', J, 'start');
  await feedback('mediator_xh', B, '调解不成');
  await verify('village', B, false);
  await at('2026-12-08T10:00:00');
  await feedback('mediator_xh', B, '调解成功');
  await verify('village', B);
  await feedback('dept', J, '调解不成');
  await verify('dispatcher', J);
  await at('2026-12-09T10:00:00');
  await act('village', B, 'close', { note: '联系不上申请人' });
  await rate('dispatcher', J, 'satisfied');
  await at('2026-12-10T10:00:00');
  await feedback('police', C, '已解决');
  await verify('town', C);
  await feedback('mediator_xh', F, '已解决');
  await verify('village', F);
  await act('mediator_xh', E, 'request_extension', { days: 20, reason: '需等待鉴定结果' });
  await act('village', E, 'decide_extension', { approve: true });
  await at('2026-12-11T10:00:00');
  await rate('town', C, 'basically_satisfied');
  await rate('village', F, 'dissatisfied');
  await at('2026-12-16T10:00:00');
  await feedback('mediator_xh', D, '已解决');
  await verify('village', D);
  await at('2026-12-17T10:00:00');
  await rate('village', D, 'dissatisfied');
  await feedback('mediator_xh', K, '已解决');
  await verify('village', K);
  await at('2026-12-18T10:00:00');
  await act('village', K, 'close', { note: '申请人未接电话' });
  await act('village', D, 'reopen', { reason: '群众不满意' });
  await assign('village', D, d.COMMITTEE);
  await act('mediator_xh', D, 'start');
  await at('2026-12-21T10:00:00');
  await feedback('mediator_xh', D, '已解决');
  await verify('village', D);
  await at('2026-12-22T10:00:00');
  await rate('village', D, 'satisfied');
  await at('2026-12-31T12:00:00');
  return { A, B, C, D, E, F, G, H, I, J, K, L };
}
