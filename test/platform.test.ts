// The ground: health, OpenAPI, the error model, time zone and type parsing on both drivers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import { freshDatabase, onPostgres, testApp, testClock, type TestApp } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('health and API docs', () => {
  it('GET /api/health names the database', async () => {
    const res = await t.app.inject('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: onPostgres() ? 'postgres' : 'pglite', version: 'test' });
  });
  it('serves OpenAPI generated from the schemas, and Swagger UI', async () => {
    const res = await t.app.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.0.3');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/regions/tree', '/api/regions/{code}', '/api/regions/locate']));
    expect(doc.paths['/api/regions'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('name');
    const ui = await t.app.inject('/api/docs/');
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
  });
  it('every /api route declares a permission (the app refuses to build otherwise)', async () => {
    const database = await freshDatabase();
    const app = await buildApp({ db: database.db, database, clock: testClock(), version: 'x', demo: false });
    expect(() => app.get('/api/undeclared', async () => 'x')).toThrow(/declares no permission/);
    await app.close();
    await database.close();
  });
});

describe('one error model', () => {
  it('unknown route → 404 {code, message} in Chinese, English on request', async () => {
    const zh = await t.app.inject('/api/nope');
    expect(zh.statusCode).toBe(404);
    expect(zh.json()).toMatchObject({ code: 'NOT_FOUND', message: '接口不存在' });
    const en = await t.app.inject({ url: '/api/nope', headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(en.json().message).toMatch(/no route/);
  });
  it('zod failures → 400 naming the fields', async () => {
    const cookie = await t.login('admin');
    const res = await t.app.inject({ method: 'POST', url: '/api/regions', headers: { cookie }, payload: { parentCode: '150826', name: '' } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('VALIDATION');
    expect(body.message).toContain('name');
    expect(body.details.fields[0].path).toBe('body.name');
  });
  it('malformed JSON → 400, unsupported content type → 415', async () => {
    const cookie = await t.login('admin');
    const bad = await t.app.inject({ method: 'POST', url: '/api/regions', headers: { cookie, 'content-type': 'application/json' }, payload: '{"name":' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION');
    const media = await t.app.inject({ method: 'POST', url: '/api/regions', headers: { cookie, 'content-type': 'text/csv' }, payload: 'a,b' });
    expect(media.statusCode).toBe(415);
    expect(media.json().code).toBe('UNSUPPORTED_MEDIA');
  });
  it('a body over the limit → 413', async () => {
    const cookie = await t.login('admin');
    const res = await t.app.inject({ method: 'POST', url: '/api/regions', headers: { cookie, 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x'.repeat(2_000_000) }) });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('TOO_LARGE');
  });
  it('an unexpected error → 500 with a request id and no stack', async () => {
    const database = await freshDatabase();
    const app = await buildApp({ db: database.db, database, clock: testClock(), version: 'x', demo: false });
    app.get('/api/boom', { config: { permission: 'public' } }, async () => {
      throw new Error('secret internals at /src/file.ts:12');
    });
    const res = await app.inject('/api/boom');
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body.code).toBe('INTERNAL');
    expect(body.details.requestId).toMatch(/[0-9a-f-]{36}/);
    expect(res.body).not.toContain('secret');
    expect(res.body).not.toContain('.ts');
    await app.close();
    await database.close();
  });
  it('no session → 401; a role without the permission → 403', async () => {
    expect((await t.app.inject('/api/regions/tree')).statusCode).toBe(401);
    const cookie = await t.login('dispatcher');
    const res = await t.app.inject({ method: 'POST', url: '/api/regions', headers: { cookie }, payload: { parentCode: '150826', name: '新镇' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });
});

describe('data layer on ' + (onPostgres() ? 'PostgreSQL' : 'PGlite'), () => {
  it('every connection runs in the business time zone: 07:30 Beijing is still that day', async () => {
    const r = await sql<{ d: string; tz: string; h: number }>`
      select ('2026-05-01 07:30+08'::timestamptz)::date as d, current_setting('TimeZone') as tz,
             extract(hour from '2026-05-01 07:30+08'::timestamptz)::int as h`.execute(t.database.db);
    expect(r.rows[0]).toEqual({ d: '2026-05-01', tz: 'Asia/Shanghai', h: 7 });
  });
  it('date, int8, numeric and timestamptz parse the same on both drivers', async () => {
    const r = await sql<{ d: unknown; n: unknown; big: unknown; num: unknown; ts: unknown; ids: unknown; none: unknown }>`
      select '2026-02-14'::date as d, count(*) as n, 9007199254740991::int8 as big, 12.50::numeric as num,
             array[3, 12]::int8[] as ids, '{}'::int8[] as none,
             '2026-05-01 07:30+08'::timestamptz as ts from (values (1), (2)) v(x)`.execute(t.database.db);
    const row = r.rows[0];
    expect(row.d).toBe('2026-02-14');
    expect(row.n).toBe(2);
    expect(row.big).toBe(9007199254740991);
    expect(row.num).toBe('12.50');
    expect(row.ids).toEqual([3, 12]);
    expect(row.none).toEqual([]);
    expect(row.ts).toBeInstanceOf(Date);
    expect((row.ts as Date).toISOString()).toBe('2026-04-30T23:30:00.000Z');
  });
  it('transactions are isolated from concurrent queries (serialised on PGlite)', async () => {
    const db = t.database.db;
    await sql`create table if not exists tx_probe (v int)`.execute(db);
    const inTx = db.transaction().execute(async (trx) => {
      await sql`insert into tx_probe values (1)`.execute(trx);
      await new Promise((r) => setTimeout(r, 50));
      throw new Error('roll back');
    });
    const outside = sql<{ n: number }>`select count(*) as n from tx_probe`.execute(db);
    await expect(inTx).rejects.toThrow('roll back');
    expect((await outside).rows[0].n).toBe(0);
    await sql`drop table tx_probe`.execute(db);
  });
});
