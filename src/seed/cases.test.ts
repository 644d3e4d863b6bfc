// Demo cases: a deterministic slice of the first-start plan (90 cases over 150 days; the full ~320 run by
// `npm start`) written through the case services with a stepped clock. The database then holds exactly
// what the plan says (state, channel, level of every case), every step the plan took was accepted, the
// statistics overview of the county is alive (rates with numerator and denominator), the rollup equals a
// rebuild from the timelines, and a second run writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testApp, TZ, type TestApp } from '../../test/helpers.js';
import { createCipherSuite, devKeyring } from '../modules/personal/index.js';
import { rebuild } from '../modules/stats/stats.rebuild.js';
import { seedDemoCases, type DemoCasesResult } from './cases.js';

let t: TestApp;
let seeded: DemoCasesResult;
let leader = '';
const ctx = () => ({ db: t.database.db, clock: t.clock, cipher: createCipherSuite({ ...devKeyring(), algorithm: 'aes-256-gcm' }), timeZone: TZ });
const SLICE = { count: 90, days: 150 };
const PERIOD = 'region=150826&from=2026-06-01&to=2026-11-28';

beforeAll(async () => {
  t = await testApp();
  expect(Number((await t.database.db.selectFrom('cases').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(0); // the template has no cases
  seeded = await seedDemoCases(ctx(), SLICE);
  leader = await t.login('leader');
}, 240_000);
afterAll(() => t.close());

const tally = <T>(xs: T[], key: (x: T) => string) => {
  const m: Record<string, number> = {};
  for (const x of xs) m[key(x)] = (m[key(x)] ?? 0) + 1;
  return m;
};
const get = (url: string) => t.app.inject({ url, headers: { cookie: leader } });

describe('demo cases', () => {
  it('every planned case and step went through the services; states, channels and levels are what the plan says', async () => {
    expect(seeded.refused).toEqual([]);
    expect(seeded.cases).toBe(seeded.plan.length);
    expect(seeded.plan.length).toBeGreaterThan(80);
    expect(seeded.actions).toBe(seeded.plan.reduce((n, p) => n + p.steps.length, 0));
    const rows = await t.database.db.selectFrom('cases').select(['id', 'status', 'channel', 'level', 'highestLevel']).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const planned = seeded.plan.map((p) => ({ p, row: byId.get(seeded.ids.get(p.key)!)! }));
    expect(tally(rows, (r) => r.status)).toEqual(tally(seeded.plan, (p) => p.expected.status));
    expect(tally(rows, (r) => r.channel)).toEqual(tally(seeded.plan, (p) => p.channel));
    expect(tally(rows, (r) => `${r.level}/${r.highestLevel}`)).toEqual(tally(seeded.plan, (p) => `${p.expected.level}/${p.expected.highestLevel}`));
    for (const { p, row } of planned) expect([p.key, row.status, row.level], p.steps.map((s) => s.intent.do).join(',')).toEqual([p.key, p.expected.status, p.expected.level]);
    // a living system: most archived, some still open, all three levels, several channels and categories
    const states = tally(rows, (r) => r.status);
    expect(states.archived).toBeGreaterThan(rows.length / 2);
    expect(states.in_progress).toBeGreaterThan(0);
    expect(Object.keys(tally(rows, (r) => r.level)).sort()).toEqual(['county', 'town', 'village']);
    expect(Object.keys(tally(rows, (r) => r.channel)).length).toBeGreaterThanOrEqual(6);
    // timelines and audit rows are what the services write
    const timeline = Number((await t.database.db.selectFrom('caseActions').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(timeline).toBeGreaterThanOrEqual(seeded.cases + seeded.actions);
    const audited = Number((await t.database.db.selectFrom('auditLog').select((e) => e.fn.countAll().as('n')).where('action', 'like', 'case.%').executeTakeFirstOrThrow()).n);
    expect(audited).toBeGreaterThanOrEqual(seeded.actions);
  });

  it('the county overview has received, closed, on-time and satisfaction figures, each rate with its numerator and denominator', async () => {
    const res = await get(`/api/stats/overview?${PERIOD}`);
    expect(res.statusCode).toBe(200);
    const o = res.json();
    for (const k of ['received', 'filed', 'closed', 'closedOnTime', 'due', 'dueClosed', 'rated', 'satisfied', 'disputesClosed', 'resolved']) expect(o[k], k).toBeGreaterThan(0);
    for (const k of ['closureRate', 'onTimeClosureRate', 'satisfactionRate', 'resolutionRate']) {
      expect(o[k].denominator, k).toBeGreaterThan(0);
      expect(o[k].numerator, k).toBeGreaterThan(0);
      expect(o[k].value, k).toBeCloseTo(o[k].numerator / o[k].denominator);
    }
    expect(o.closureRate.value).toBeGreaterThan(0.7);
    expect(o.satisfactionRate.value).toBeGreaterThan(0.7);
  });

  it('the rollup equals a rebuild from the cases and their timelines', async () => {
    const rowsNow = async () =>
      (await sql<{ r: string }>`select concat_ws('|', case_id, business_date, metric, delta, region_path, category, dispute_type, channel, level, unit_id, first_level, highest_level, days) as r from case_stat_deltas order by 1`.execute(t.database.db)).rows.map((x) => x.r);
    const figures = async () => ({
      overview: (await get(`/api/stats/overview?${PERIOD}`)).json(),
      byTown: (await get(`/api/stats/breakdown?by=region&${PERIOD}`)).json(),
      byChannel: (await get(`/api/stats/breakdown?by=channel&${PERIOD}`)).json(),
      months: (await get(`/api/stats/series?${PERIOD}&period=month`)).json(),
    });
    const live = { rows: await rowsNow(), figures: await figures() };
    expect(live.rows.length).toBeGreaterThan(seeded.cases);
    await rebuild(t.database.db, TZ);
    expect(await rowsNow()).toEqual(live.rows);
    expect(await figures()).toEqual(live.figures);
  });

  it('a second run writes nothing', async () => {
    const count = async () => (await sql<{ c: string; a: string; u: string }>`select (select count(*) from cases) c, (select count(*) from case_actions) a, (select count(*) from users) u`.execute(t.database.db)).rows[0];
    const before = await count();
    const again = await seedDemoCases(ctx(), SLICE);
    expect(again).toMatchObject({ cases: 0, actions: 0, refused: [] });
    expect(await count()).toEqual(before);
  });
});
