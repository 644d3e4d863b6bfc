// Each figure of DOMAIN §8 on the hand-made month of stats.scenario.test-util.ts, through the real API.
// The expected numbers are worked out case by case in the comments. The rows are compacted first, so the
// figures come from the rollup (December's month rows; day rows for partial periods) plus the few rows after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../test/helpers.js';
import { buildScenario, sessions } from './stats.scenario.test-util.js';
import { compact } from './stats.rollup.js';

let t: TestApp;
let as: Record<string, string>;
beforeAll(async () => {
  t = await testApp();
  as = await sessions(t);
  await buildScenario(t, as);
  await compact(t.database.db);
}, 240_000);
afterAll(() => t.close());

const get = (who: string, url: string) => t.app.inject({ url, headers: { cookie: as[who] } });
const DEC = 'from=2026-12-01&to=2026-12-31';
const r = (numerator: number, denominator: number) => ({ value: denominator ? numerator / denominator : null, numerator, denominator });

describe('the figures of December for the county', () => {
  let o: Record<string, unknown>;
  beforeAll(async () => {
    const res = await get('leader', `/api/stats/overview?region=150826&${DEC}`);
    expect(res.statusCode, res.body).toBe(200);
    o = res.json();
  });
  it('counts by the day of the event', () => {
    expect(o.region).toMatchObject({ code: '150826', name: '杭锦后旗' });
    // A B C D E F G H J K L (I was reported in November)
    expect(o.received).toBe(11);
    // all but G (rejected), H (merged) and I (never filed)
    expect(o.filed).toBe(9);
    expect(o.rejected).toBe(1);
    expect(o.merged).toBe(1);
    // A B C D F J K; D counts once, at its last closing (the first one was undone by the reopening)
    expect(o.closed).toBe(7);
    expect(o.reopened).toBe(1);
    // K fed back after its deadline; the others in time (B, C, J, D against their later deadlines)
    expect(o.closedOnTime).toBe(6);
    expect(o.closedOverdue).toBe(1);
  });
  it('stocks are now: open I, E, L; overdue I (accept by Nov 30) and L (handle by Dec 16), not E (extended to Jan 13)', () => {
    expect(o.inProgress).toBe(3);
    expect(o.overdueOpen).toBe(2);
  });
  it('结案率 and 按期结案率 on the cohort due in December: A (Dec 31), F (Dec 16), K (Dec 15), L (Dec 16)', () => {
    // out of the cohort: B, C, J (due in January), D (reassigned after reopening: Jan 1), E (extended: Jan 13)
    expect(o.due).toBe(4);
    expect(o.dueClosed).toBe(3); // A F K
    expect(o.dueClosedOnTime).toBe(2); // A F
    expect(o.closureRate).toEqual(r(3, 4));
    expect(o.onTimeClosureRate).toEqual(r(2, 4));
  });
  it('化解率: disputes closed A (调解成功) B (调解成功 at last) C (已解决) J (调解不成)', () => {
    expect(o.disputesClosed).toBe(4);
    expect(o.resolutionRate).toEqual(r(3, 4));
  });
  it('返工率: verifications passed A B C D D F J K = 8, of which B had failed once', () => {
    expect(o.verified).toBe(8);
    expect(o.reworkRate).toEqual(r(1, 8));
  });
  it('满意率: rated A 满意, C 基本满意, D 满意 (its 不满意 closing undone), F 不满意, J 满意; B and K unrated beside it', () => {
    expect(o.rated).toBe(5);
    expect(o.unrated).toBe(2);
    expect(o.satisfactionRate).toEqual(r(4, 5));
  });
  it('不出村率 A B kept of A B C; 不出镇率 A B C; 不上交率 A B C J', () => {
    expect(o.villageRetentionRate).toEqual(r(2, 3));
    expect(o.townRetentionRate).toEqual(r(3, 3));
    expect(o.countyRetentionRate).toEqual(r(4, 4));
  });
  it('handling time in working days: J 2, A 3, B 5, C 6, F 7, K 13, D 15', () => {
    expect(o.handlingDays).toEqual({ count: 7, average: 7.29, median: 6 });
  });
  it('unrated closings counted as satisfied when asked (a local rule): 6 of 7', async () => {
    const res = (await get('leader', `/api/stats/overview?region=150826&${DEC}&unratedAsSatisfied=true`)).json();
    expect(res.satisfactionRate).toEqual(r(6, 7));
  });
});

describe('breakdowns, periods and scope', () => {
  it('by region: the town\'s children (西环 10 received, 东环 1)', async () => {
    const res = (await get('leader', `/api/stats/breakdown?by=region&region=150826100&${DEC}`)).json();
    const byName = Object.fromEntries(res.items.map((i: { name: string; received: number; closed: number; code: string }) => [i.name, i]));
    expect(byName['西环社区']).toMatchObject({ code: '150826100001', received: 10, closed: 6, inProgress: 3 });
    expect(byName['东环社区']).toMatchObject({ code: '150826100002', received: 1, closed: 1, inProgress: 0 });
    // the parts add up to the whole
    const whole = (await get('leader', `/api/stats/overview?region=150826100&${DEC}`)).json();
    expect(res.items.reduce((s: number, i: { received: number }) => s + i.received, 0)).toBe(whole.received);
  });
  it('by category, channel and level', async () => {
    const cat = (await get('leader', `/api/stats/breakdown?by=category&region=150826&${DEC}`)).json().items;
    expect(Object.fromEntries(cat.map((i: { key: string; received: number }) => [i.key, i.received]))).toEqual({ dispute: 5, service: 5, city: 1 });
    expect(cat.find((i: { key: string }) => i.key === 'dispute')).toMatchObject({ name: '矛盾纠纷', closed: 4, resolutionRate: r(3, 4) });
    const ch = (await get('leader', `/api/stats/breakdown?by=channel&region=150826&${DEC}`)).json().items;
    expect(Object.fromEntries(ch.map((i: { key: string; received: number }) => [i.key, i.received]))).toEqual({ grid: 10, window: 1 });
    const lv = (await get('leader', `/api/stats/breakdown?by=level&region=150826&${DEC}`)).json().items;
    // closings by the level of the office that closed: J at the county, C at the town, the rest at the village
    expect(Object.fromEntries(lv.map((i: { key: string; closed: number }) => [i.key, i.closed]))).toEqual({ village: 5, town: 1, county: 1 });
  });
  it('by unit and dispute type', async () => {
    const units = (await get('leader', `/api/stats/breakdown?by=unit&region=150826&${DEC}`)).json().items;
    const justice = units.find((i: { name: string }) => i.name === '杭锦后旗司法局');
    expect(justice).toMatchObject({ closed: 1, verified: 1 });
    const types = (await get('leader', `/api/stats/breakdown?by=type&region=150826&${DEC}`)).json().items;
    expect(types.find((i: { key: string }) => i.key === '02')).toMatchObject({ name: '邻里纠纷', received: 4 });
    expect(types.find((i: { key: string }) => i.key === '06')).toMatchObject({ name: '合同纠纷', received: 1 });
  });
  it('series by month: November has I; December the rest', async () => {
    const res = (await get('leader', '/api/stats/series?region=150826&from=2026-11-01&to=2026-12-31&period=month')).json();
    expect(res.items.map((i: { period: string; received: number }) => [i.period, i.received])).toEqual([['2026-11', 1], ['2026-12', 11]]);
    const one = (await get('leader', '/api/stats/series?region=150826&from=2026-11-01&to=2026-12-31&period=quarter&metric=closureRate')).json();
    expect(one.items).toEqual([{ period: '2026-Q4', closureRate: r(3, 4) }]);
    const weeks = (await get('leader', `/api/stats/series?region=150826&${DEC}&period=week&metric=received`)).json();
    // weeks start on Monday: Nov 30 – Dec 6 holds A D E K B F L H C G; Dec 7 – 13 holds J; later weeks only closings (received 0)
    expect(weeks.items.slice(0, 2)).toEqual([{ period: '2026-11-30', received: 10 }, { period: '2026-12-07', received: 1 }]);
  });
  it('a village sees its own subtree by default; the county is outside its scope (403); a department sees its unit', async () => {
    const v = await get('village', `/api/stats/overview?${DEC}`);
    expect(v.json()).toMatchObject({ region: { code: '150826100001' }, received: 10 });
    expect((await get('village', `/api/stats/overview?region=150826&${DEC}`)).statusCode).toBe(403);
    const dept = (await get('dept', `/api/stats/overview?region=150826&${DEC}`)).json();
    expect(dept).toMatchObject({ received: 0, closed: 1, verified: 1 });
  });
  it('bad input: end before start, unknown dimension, unknown metric (400); grid workers have no statistics (403)', async () => {
    expect((await get('leader', '/api/stats/overview?from=2026-12-31&to=2026-12-01')).statusCode).toBe(400);
    expect((await get('leader', '/api/stats/overview?from=2026-02-30')).statusCode).toBe(400);
    expect((await get('leader', '/api/stats/breakdown?by=colour')).statusCode).toBe(400);
    expect((await get('leader', '/api/stats/series?metric=happiness')).statusCode).toBe(400);
    expect((await get('grid', '/api/stats/overview')).statusCode).toBe(403);
  });
});
