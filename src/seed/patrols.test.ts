// Demo patrols: written through the patrol service (routes sealed, one finding made a grid case), shown in
// the worker's list and the village's daily view, and written once however often the seed runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, TZ, type TestApp } from '../../test/helpers.js';
import { createCipherSuite, devKeyring } from '../modules/personal/index.js';
import { seedDemoPatrols } from './patrols.js';

let t: TestApp;
const cookies: Record<string, string> = {};
const ctx = () => ({ db: t.database.db, clock: t.clock, cipher: createCipherSuite({ ...devKeyring(), algorithm: 'aes-256-gcm' }), timeZone: TZ, filesDir: t.filesDir });

beforeAll(async () => {
  t = await testApp();
  for (const u of ['grid', 'grid2', 'village']) cookies[u] = await t.login(u);
});
afterAll(() => t.close());

const get = (u: string, url: string) => t.app.inject({ url, headers: { cookie: cookies[u] } });
const count = async (table: 'patrolLogs' | 'patrolFindings' | 'cases') => Number((await t.database.db.selectFrom(table).select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('demo patrols', () => {
  it('seeds a few days of logs for grid and grid2 through the service, once', async () => {
    const before = { logs: await count('patrolLogs'), cases: await count('cases') };
    expect(before.logs).toBe(0); // the demo template itself has none: tests that count patrols start from zero
    const first = await seedDemoPatrols(ctx());
    expect(first.patrols).toBeGreaterThanOrEqual(5);
    expect(first.cases).toBe(1);
    expect(await count('patrolLogs')).toBe(first.patrols);
    expect(await count('cases')).toBe(before.cases + 1);
    const findings = await count('patrolFindings');
    expect(findings).toBeGreaterThanOrEqual(2);

    // running it again writes nothing
    expect(await seedDemoPatrols(ctx())).toEqual({ patrols: 0, cases: 0 });
    expect(await count('patrolLogs')).toBe(first.patrols);
    expect(await count('patrolFindings')).toBe(findings);
    expect(await count('cases')).toBe(before.cases + 1);
  });

  it('routes are stored sealed and read back by their worker; the lists and the daily view are not empty', async () => {
    const rows = await t.database.db.selectFrom('patrolLogs').select(['id', 'routeSealed', 'routePoints', 'answers']).execute();
    for (const r of rows) {
      expect(r.routePoints).toBeGreaterThan(5);
      expect(r.routeSealed).toMatch(/^v1\./); // a sealed envelope, not the points' JSON
      expect(r.routeSealed).not.toContain('"lat"');
      expect((r.answers as { items: unknown[] }).items.length).toBeGreaterThan(0);
    }
    const mine = (await get('grid', '/api/patrols')).json().items as { id: number; gridCode: string; businessDate: string }[];
    expect(mine.length).toBeGreaterThanOrEqual(3);
    expect(new Set(mine.map((p) => p.businessDate)).size).toBeGreaterThanOrEqual(3);
    expect((await get('grid2', '/api/patrols')).json().items.length).toBeGreaterThanOrEqual(2);
    const route = await t.app.inject({ method: 'POST', url: `/api/patrols/${mine[0].id}/route`, payload: {}, headers: { cookie: cookies.grid } });
    expect(route.statusCode, route.body).toBe(200);
    expect(route.json().route[0]).toMatchObject({ lat: expect.any(Number), lng: expect.any(Number) });

    // the village's daily view: today's round (moved earlier this morning at the 09:00 test clock) counts 赵丽华 as logged
    const daily = (await get('village', '/api/patrols/daily')).json();
    expect(daily.logged).toBeGreaterThanOrEqual(1);
    expect((await get('village', '/api/patrols')).json().items.length).toBeGreaterThanOrEqual(3);

    // the finding turned into a case: a grid case in the worker's grid, named on the finding
    const withCase = await t.database.db.selectFrom('patrolFindings').innerJoin('cases', 'cases.id', 'patrolFindings.caseId').select(['cases.channel', 'cases.title']).execute();
    expect(withCase).toHaveLength(1);
    expect(withCase[0]).toMatchObject({ channel: 'grid', title: expect.stringContaining('柴草') });
  });
});
