// Random action sequences by random demo accounts through the API (fast-check): whatever happens, the
// state is one of the table's, every change has exactly one timeline row and one audit row, refusals
// change nothing, and the case can still be driven to archived.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { testApp, type TestApp } from '../../../test/helpers.js';
import { ACTIONS, STATES } from './cases.workflow.js';
import { DISPOSITIONS } from './cases.codes.js';

let t: TestApp;
const ACCOUNTS = ['village', 'mediator_xh', 'town', 'police', 'dispatcher', 'grid', 'dept'] as const;
const as: Record<string, string> = {};
beforeAll(async () => {
  t = await testApp();
  for (const u of ACCOUNTS.filter((a) => a !== 'mediator_xh')) as[u] = await t.login(u);
  as.auditor = await t.login('auditor');
  as.mediator_xh = await t.login('village');
  const me = (await t.app.inject({ url: '/api/auth/me', headers: { cookie: as.mediator_xh } })).json().user;
  const roleId = me.assignments.find((a: { role: string }) => a.role === 'mediator').id;
  await t.app.inject({ method: 'POST', url: '/api/auth/role', payload: { roleId }, headers: { cookie: as.mediator_xh } });
});
afterAll(() => t.close());

const STAFFED = ['西环社区人民调解委员会', '陕坝派出所', '杭锦后旗司法局', '西环社区居委会'];
const get = (who: string, url: string) => t.app.inject({ url, headers: { cookie: as[who] } });

async function bodyFor(action: string, id: number, who: string, pick: number) {
  switch (action) {
    case 'assign': {
      // only units one of the test's accounts works in: a unit nobody staffs would hold the case for ever
      const units = ((await get(who, `/api/cases/${id}/assignees`)).json() as { id: number; name: string }[]) ?? [];
      const staffed = Array.isArray(units) ? units.filter((u) => STAFFED.includes(u.name)) : [];
      return staffed.length ? { unitId: staffed[pick % staffed.length].id } : {};
    }
    case 'feedback':
      return { result: '已处理', disposition: DISPOSITIONS[pick % DISPOSITIONS.length] };
    case 'verify':
      return { passed: pick % 3 !== 0 };
    case 'rate':
      return { satisfaction: ['satisfied', 'basically_satisfied', 'dissatisfied'][pick % 3], method: 'phone' };
    case 'merge':
      return { primaryId: 1 };
    default:
      return { reason: '随机测试', note: '随机测试' };
  }
}

/** A unit one of the test's accounts works in, so the case can move on. */
async function staffedUnit(id: number, who: string) {
  const units = (await get(who, `/api/cases/${id}/assignees`)).json() as { id: number; name: string }[];
  const u = units.find((x) => STAFFED.includes(x.name));
  return u ? { unitId: u.id } : {};
}

/** The office drives a case to archived along the shortest allowed path. */
async function driveToArchive(id: number) {
  for (let i = 0; i < 30; i++) {
    for (const who of ACCOUNTS) {
      const c = (await get(who, `/api/cases/${id}`)).json();
      if (c.status === 'archived' || c.status === 'rejected' || c.status === 'merged') return c.status;
      const order = ['archive', 'close', 'rate', 'verify', 'feedback', 'start', 'assign', 'file'];
      const a = order.find((x) => c.allowedActions?.includes(x));
      if (!a) continue;
      const body = a === 'verify' ? { passed: true } : a === 'rate' ? { satisfaction: 'satisfied', method: 'phone' } : a === 'assign' ? await staffedUnit(id, who) : await bodyFor(a, id, who, 1);
      await t.app.inject({ method: 'POST', url: `/api/cases/${id}/actions`, payload: { action: a, version: c.version, ...body }, headers: { cookie: as[who] } });
      break;
    }
  }
  return (await get('town', `/api/cases/${id}`)).json().status;
}

describe('random walks through the real loop', () => {
  it('keeps every invariant', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ who: fc.constantFrom(...ACCOUNTS), action: fc.constantFrom(...ACTIONS), pick: fc.nat(20) }), { minLength: 5, maxLength: 15 }),
        async (steps) => {
          const created = await t.app.inject({
            method: 'POST', url: '/api/cases', headers: { cookie: as.grid },
            payload: { title: `随机案件${++n}`, description: '属性测试', category: 'dispute', disputeType: '02', channel: 'grid', regionCode: '150826100001001001', applicant: { name: '测试人', phone: '13904780001' } },
          });
          const id = created.json().id;
          let changes = 1; // the report
          for (const s of steps) {
            const before = await get(s.who, `/api/cases/${id}`);
            if (before.statusCode !== 200) continue;
            const c = before.json();
            const res = await t.app.inject({ method: 'POST', url: `/api/cases/${id}/actions`, payload: { action: s.action, version: c.version, ...(await bodyFor(s.action, id, s.who, s.pick)) }, headers: { cookie: as[s.who] } });
            expect(res.statusCode, res.body).toBeLessThan(500);
            if (res.statusCode === 200) {
              changes++;
              expect(c.allowedActions).toContain(s.action); // the API did only what the table allowed
            } else {
              expect((await get(s.who, `/api/cases/${id}`)).json().version).toBe(c.version); // a refusal changed nothing
            }
          }
          const final = (await get('town', `/api/cases/${id}`)).json();
          const status = final.status ?? (await get('dispatcher', `/api/cases/${id}`)).json().status;
          expect(STATES).toContain(status);
          const audit = (await get('auditor', `/api/audit?objectId=${id}&action=case.*&limit=500`)).json().items;
          const timeline = (await get('dispatcher', `/api/cases/${id}`)).json().timeline ?? final.timeline;
          expect(audit.length).toBe(timeline.length); // every timeline step has its audit row, and no more
          expect(timeline.length).toBeGreaterThanOrEqual(changes);
          expect(['archived', 'rejected', 'merged']).toContain(await driveToArchive(id));
        },
      ),
      { numRuns: 8 },
    );
  }, 300_000);
});
