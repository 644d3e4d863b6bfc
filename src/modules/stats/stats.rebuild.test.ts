// Rollups vs rebuild: random streams of real API actions by random demo accounts (and the deadline sweep
// after a jump of days), then the statistics rows the loop wrote and the rows `rebuild` recomputes from the
// cases and their timelines must be the same rows and give the same overview and breakdowns. The rollup is
// compacted at random steps and after each jump, so the live figures mix rollup rows and delta rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import { testApp, TZ, type TestApp } from '../../../test/helpers.js';
import { ACTIONS } from '../cases/cases.workflow.js';
import { DISPOSITIONS } from '../cases/cases.codes.js';
import { sweep } from '../deadlines/deadlines.js';
import { rebuild } from './stats.rebuild.js';
import { compact } from './stats.rollup.js';
import { sessions } from './stats.scenario.test-util.js';

let t: TestApp;
let as: Record<string, string> = {};
beforeAll(async () => {
  t = await testApp();
  as = await sessions(t);
}, 60_000);
afterAll(() => t.close());

const ACCOUNTS = ['village', 'mediator_xh', 'town', 'police', 'dispatcher', 'dept', 'leader'] as const;
const STAFFED = ['西环社区人民调解委员会', '陕坝派出所', '杭锦后旗司法局', '西环社区居委会', '陕坝镇综治中心'];
const get = (who: string, url: string) => t.app.inject({ url, headers: { cookie: as[who] } });

async function bodyFor(action: string, id: number, who: string, pick: number) {
  switch (action) {
    case 'assign': {
      const units = (await get(who, `/api/cases/${id}/assignees`)).json();
      const staffed = Array.isArray(units) ? units.filter((u: { name: string }) => STAFFED.includes(u.name)) : [];
      return staffed.length ? { unitId: staffed[pick % staffed.length].id } : {};
    }
    case 'feedback':
      return { result: '已处理', disposition: DISPOSITIONS[pick % DISPOSITIONS.length] };
    case 'verify':
      return { passed: pick % 3 !== 0 };
    case 'rate':
      return { satisfaction: ['satisfied', 'basically_satisfied', 'dissatisfied'][pick % 3], method: 'phone' };
    case 'request_extension':
      return { days: 1 + (pick % 15), reason: '随机' };
    case 'decide_extension':
      return { approve: pick % 2 === 0 };
    case 'supervise':
      return { grade: 'normal', replyDueAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString() };
    default:
      return { reason: '随机测试', note: '随机测试' };
  }
}

// the loop's likely path first, so random streams reach closing, reopening and the cohort
const LIKELY = ['file', 'assign', 'start', 'feedback', 'verify', 'rate', 'close', 'reopen', 'escalate', 'return', 'request_extension', 'decide_extension'];

const figuresNow = async () => {
  const out: Record<string, unknown> = {};
  for (const region of ['150826', '150826100', '150826100002']) {
    out[`o${region}`] = (await get('leader', `/api/stats/overview?region=${region}&from=2026-11-01&to=2027-03-31`)).json();
    for (const by of ['category', 'level', 'unit', 'region', 'type', 'channel'])
      out[`${by}${region}`] = (await get('leader', `/api/stats/breakdown?by=${by}&region=${region}&from=2026-11-01&to=2027-03-31`)).json();
  }
  out.series = (await get('leader', '/api/stats/series?region=150826&from=2026-11-01&to=2027-03-31&period=week')).json();
  out.months = (await get('leader', '/api/stats/series?region=150826&from=2026-11-01&to=2027-03-31&period=month')).json();
  out.partial = (await get('leader', '/api/stats/overview?region=150826&from=2026-11-29&to=2027-01-10')).json();
  return out;
};

const rowsNow = async () =>
  (await sql<{ r: string }>`select concat_ws('|', case_id, business_date, metric, delta, region_path, category, dispute_type, channel, level, unit_id, first_level, highest_level, days) as r from case_stat_deltas order by 1`.execute(t.database.db)).rows.map((x) => x.r);

describe('rollups from the live loop equal the rebuild', () => {
  it('on random streams of actions', async () => {
    let n = 0;
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            { weight: 8, arbitrary: fc.record({ kind: fc.constant('act' as const), who: fc.constantFrom(...ACCOUNTS), action: fc.constantFrom(...LIKELY, ...ACTIONS), pick: fc.nat(20), choice: fc.nat(20), minutes: fc.nat(6) }) },
            { weight: 1, arbitrary: fc.record({ kind: fc.constant('jump' as const), days: fc.integer({ min: 1, max: 9 }) }) },
            { weight: 1, arbitrary: fc.record({ kind: fc.constant('report' as const), place: fc.constantFrom('150826100001001001', '150826100002'), category: fc.constantFrom('dispute', 'service', 'hazard'), onSite: fc.boolean() }) },
          ),
          { minLength: 20, maxLength: 60 },
        ),
        async (steps) => {
          const ids: number[] = [];
          let sinceLogin = 0; // sessions end after 30 idle minutes of the test clock
          const report = async (place = '150826100001001001', category = 'dispute', onSite = false) => {
            const res = await t.app.inject({
              method: 'POST', url: '/api/cases', headers: { cookie: place === '150826100002' ? as.dispatcher : as.village },
              payload: {
                title: `重建${++n}`, description: '属性测试', category, channel: place === '150826100002' ? 'window' : 'grid', regionCode: place,
                applicant: { name: '测试人', phone: '13904780001' }, ...(category === 'dispute' ? { disputeType: '02' } : {}),
                ...(onSite && place !== '150826100002' ? { resolvedOnSite: true, result: '当场化解' } : {}),
              },
            });
            expect(res.statusCode, res.body).toBe(201);
            ids.push(res.json().id);
          };
          await report();
          for (const s of steps) {
            if (s.kind === 'report') {
              await report(s.place, s.category, s.onSite);
              continue;
            }
            if (s.kind === 'jump') {
              t.clock.advance(s.days * 86_400_000);
              await sweep({ db: t.database.db, clock: t.clock, timeZone: TZ });
              await compact(t.database.db);
              await sessions(t, as);
              sinceLogin = 0;
              continue;
            }
            if (s.minutes % 3 === 0) await compact(t.database.db); // now and then (from a field the streams already have, so the seed's streams stay the same)
            t.clock.advance(s.minutes * 60_000);
            sinceLogin += s.minutes;
            if (sinceLogin > 20) {
              await sessions(t, as);
              sinceLogin = 0;
            }
            const id = ids[s.pick % ids.length];
            // the first account (from a random one on) that may act, takes a random one of its allowed actions
            // (the leader may supervise or urge any open case: it goes first only now and then, or it would take most steps)
            const order = [...(s.choice % 5 === 0 ? ['leader'] : []), ...ACCOUNTS.filter((a) => a !== 'leader').map((_, k, xs) => xs[(s.pick + k) % xs.length])];
            for (const who of order) {
              const c = (await get(who, `/api/cases/${id}`)).json();
              const allowed: string[] = c.allowedActions ?? [];
              if (!allowed.length) continue;
              // mostly forward along the loop (so streams reach closing, rating and reopening), sometimes anything allowed
              const forward = (s.choice % 2 ? ['reopen', 'rate', 'close'] : ['close', 'rate', 'reopen']).concat(['verify', 'feedback', 'start', 'assign', 'file']);
              const action = allowed.includes(s.action) ? s.action
                : s.choice % 4 !== 0 ? (forward.find((a) => allowed.includes(a)) ?? allowed[s.choice % allowed.length])
                : allowed[s.choice % allowed.length];
              const res = await t.app.inject({ method: 'POST', url: `/api/cases/${id}/actions`, payload: { action, version: c.version, ...(await bodyFor(action, id, who, s.choice)) }, headers: { cookie: as[who] } });
              expect(res.statusCode, res.body).toBeLessThan(500);
              break;
            }
          }
          const liveRows = await rowsNow();
          for (const r of liveRows) seen.add(r.split('|')[2]);
          const live = await figuresNow();
          await rebuild(t.database.db, TZ);
          expect(await rowsNow()).toEqual(liveRows);
          expect(await figuresNow()).toEqual(live);
          // the next run starts on a later day with fresh sessions
          t.clock.advance(86_400_000);
          await sessions(t, as);
        },
      ),
      // a fixed seed keeps the coverage check below stable; FQ_STATS_SEED explores other streams
      { numRuns: 6, seed: Number(process.env.FQ_STATS_SEED ?? 2026) },
    );
    // the streams reached the figures that matter (closings, the cohort, rework, reopening)
    console.log('metrics seen:', [...seen].sort().join(' '));
    for (const m of ['received', 'filed', 'closed', 'due', 'due_closed', 'verified', 'rework', 'rated', 'reopened']) expect(seen).toContain(m);
  }, 600_000);
});
