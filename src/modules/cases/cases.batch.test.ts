// Intake batching (intake-batch.ts) and its cache (intake-cache.ts): concurrent intakes written together keep
// every row and answer of a single intake; a failed batch is written again one by one; a twin key in the
// same burst replays. (An administrator's landing change reaching the next intake: cases.rules.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../../../test/helpers.js';
import { batchStats, IntakeBatcher } from './intake-batch.js';
import { prepareIntake } from './cases.intake.js';
import { intakeCache } from './intake-cache.js';
import { createCipherSuite, devKeyring } from '../personal/index.js';
import { systemActor } from '../audit/audit.service.js';
import * as repo from './cases.repo.js';

let t: TestApp;
let cookie: string;
beforeAll(async () => {
  t = await testApp();
  cookie = await t.login('dispatcher');
});
afterAll(() => t.close());

let n = 0;
const body = (over: object = {}) => ({
  title: `批量受理第${++n}件`,
  description: '楼上漏水影响楼下住户，协商未果。',
  category: 'dispute',
  disputeType: '02',
  channel: 'window',
  regionCode: '150826100001001001',
  applicant: { name: '王秀兰', phone: `1390478${String(1000 + n).slice(-4)}` },
  ...over,
});
const post = (payload: object, key?: string) =>
  t.app.inject({ method: 'POST', url: '/api/cases', payload, headers: { cookie, ...(key ? { 'idempotency-key': key } : {}) } });
const count = async (table: string, ids: number[]) =>
  Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where case_id = any(${ids}::int8[])`.execute(t.database.db)).rows[0].n);

describe('intake batches', () => {
  it('twelve intakes at once: each answers 201 with its own case, and every case has its party, timeline, audit and statistics rows', async () => {
    const bodies = Array.from({ length: 12 }, () => body());
    const res = await Promise.all(bodies.map((b, i) => post(b, `batch-key-${i}-0001`)));
    expect(res.map((r) => r.statusCode)).toEqual(Array(12).fill(201));
    const ids = res.map((r) => r.json().id as number);
    expect(new Set(ids).size).toBe(12);
    expect(new Set(res.map((r) => r.json().caseNumber)).size).toBe(12);
    expect(await count('case_parties', ids)).toBe(12);
    expect(await count('case_actions', ids)).toBe(12);
    const audit = await t.database.db.selectFrom('auditLog').select('objectId').where('action', '=', 'case.report').where('objectId', 'in', ids.map(String)).execute();
    expect(audit).toHaveLength(12);
    const deltas = await t.database.db.selectFrom('caseStatDeltas').select((eb) => eb.fn.countAll<string>().as('n')).where('metric', '=', 'received').executeTakeFirstOrThrow();
    expect(Number(deltas.n)).toBeGreaterThanOrEqual(12);
    // the stored answer replays; another body under the same key is refused
    const replay = await post(bodies[3], 'batch-key-3-0001');
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(res[3].json());
    expect((await post(body(), 'batch-key-3-0001')).statusCode).toBe(422);
    // the stage clock was set at intake
    const c = (await t.app.inject({ method: 'GET', url: `/api/cases/${ids[0]}`, headers: { cookie } })).json();
    expect(c.stage).toBe('accept');
    expect(c.stageDueAt).not.toBeNull();
  });

  it('a key used twice in one burst makes one case; another body under a taken key answers 422 without sinking the others', async () => {
    const same = body();
    const burst = await Promise.all([post(same, 'burst-twin-0001'), post(same, 'burst-twin-0001'), post(body(), 'burst-other-0001')]);
    expect(burst.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(burst[0].json().id).toBe(burst[1].json().id);
    expect(burst.slice(0, 2).filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(1);
    // the taken key's intake is left out of the batch statement's every insert (its rows are filtered by case id),
    // so the statement itself succeeds: no foreign-key failure sends the batch to the one-by-one retry
    const failed = batchStats.failedBatches;
    const next = await Promise.all([post(body(), 'burst-twin-0001'), post(body(), 'burst-other-0002')]);
    expect(next.map((r) => r.statusCode)).toEqual([422, 201]);
    expect(batchStats.failedBatches).toBe(failed);
  });

  it('a batch that fails is written again one by one: the good intakes are created, the bad one alone fails', async () => {
    const ctx = { db: t.database.db, clock: t.clock, cipher: createCipherSuite({ ...devKeyring(), algorithm: 'aes-256-gcm' }), timeZone: 'Asia/Shanghai' };
    const prepare = async () => prepareIntake(ctx, ctx.db, intakeCache(ctx.db), null, { ...body(), channel: 'citizen' } as never, systemActor('citizen'));
    const good = [await prepare(), await prepare(), await prepare()];
    const bad = await prepare();
    bad.row = { ...bad.row, category: 'no-such-category' }; // the check constraint refuses it
    const batcher = new IntakeBatcher(ctx, 1);
    const failed = batchStats.failedBatches;
    // the first submit runs alone; the next four queue up and go as one batch, which fails on the bad row
    const first = batcher.submit(await prepare());
    const rest = [...good, bad].map((it) => batcher.submit(it).then((r) => r, (e: unknown) => e));
    await first;
    const out = await Promise.all(rest);
    expect(out.slice(0, 3).every((r) => r && typeof r === 'object' && 'created' in r && (r as { created: { id: number } }).created.id > 0)).toBe(true);
    expect(out[3]).toBeInstanceOf(Error);
    const ids = out.slice(0, 3).map((r) => (r as { created: { id: number } }).created.id);
    expect(await count('case_actions', ids)).toBe(3);
    expect(batchStats.failedBatches).toBe(failed + 1);
  });
});

describe('batches in flight', () => {
  it('a second batch starts beside a running one only once `full` intakes wait; fewer wait for the running one to end', async () => {
    const ctx = { db: t.database.db, clock: t.clock, cipher: createCipherSuite({ ...devKeyring(), algorithm: 'aes-256-gcm' }), timeZone: 'Asia/Shanghai' };
    const prepare = async () => prepareIntake(ctx, ctx.db, intakeCache(ctx.db), null, { ...body(), channel: 'citizen' } as never, systemActor('citizen'));
    const run = async (waiting: number) => {
      const batcher = new IntakeBatcher(ctx, 2, 100, 3);
      const items = await Promise.all(Array.from({ length: 1 + waiting }, prepare));
      const before = batchStats.batches;
      const first = batcher.submit(items[0]); // runs alone at once
      const rest = items.slice(1).map((it) => batcher.submit(it));
      const startedBeside = batchStats.batches - before; // batches started before the first one ended
      await Promise.all([first, ...rest]);
      return { startedBeside, total: batchStats.batches - before };
    };
    // two waiting (< 3): they wait for the first batch, then go as one
    expect(await run(2)).toEqual({ startedBeside: 1, total: 2 });
    // three waiting (≥ 3): the second batch starts beside the first
    expect(await run(3)).toEqual({ startedBeside: 2, total: 2 });
  });

  it('twins in two batches written at once: one is created, the other waits on its key and replays its answer', async () => {
    const ctx = { db: t.database.db, clock: t.clock, cipher: createCipherSuite({ ...devKeyring(), algorithm: 'aes-256-gcm' }), timeZone: 'Asia/Shanghai' };
    const input = { ...body(), channel: 'citizen' } as never;
    const idem = { scope: 'twins', key: `twins-in-flight-${n}`, hash: 'same-body' };
    const prepare = async () => prepareIntake(ctx, ctx.db, intakeCache(ctx.db), null, input, systemActor('citizen'), idem);
    const batcher = new IntakeBatcher(ctx, 2, 100, 1); // a second batch starts at once
    const [a, b] = await Promise.all([prepare(), prepare()]);
    const before = batchStats.batches;
    const both = await Promise.all([batcher.submit(a), batcher.submit(b)]);
    expect(batchStats.batches - before).toBe(2);
    // which statement reaches the database first is not fixed (each batch first reserves its case ids)
    const made = both.flatMap((r) => (r.created ? [r.created] : []));
    const replayed = both.flatMap((r) => (r.replay ? [r.replay] : []));
    expect(made).toHaveLength(1);
    expect(replayed).toHaveLength(1);
    expect(replayed[0].status).toBe(201);
    expect(replayed[0].body).toEqual({ id: made[0].id, caseNumber: made[0].caseNumber, trackingCode: made[0].trackingCode, status: 'reported', version: 1 });
    const keyRows = await t.database.db.selectFrom('idempotencyKeys').select('key').where('scope', '=', 'twins').execute();
    expect(keyRows).toHaveLength(1);
  });
});

describe('the batch statement answers', () => {
  it('each created case exactly as reading it back gives: the sent values, and the defaults the database filled in', async () => {
    const ctx = { db: t.database.db, clock: t.clock, cipher: createCipherSuite({ ...devKeyring(), algorithm: 'aes-256-gcm' }), timeZone: 'Asia/Shanghai' };
    const prepare = async (over: object) => prepareIntake(ctx, ctx.db, intakeCache(ctx.db), null, { ...body(over), channel: 'citizen' } as never, systemActor('citizen'), { scope: 'answers', key: `answers-${n}`, hash: 'h' });
    const batcher = new IntakeBatcher(ctx, 1);
    const items = [await prepare({}), await prepare({ address: '陕坝镇团结路 8 号', lat: 40.8891, lng: 107.1476, urgency: 'urgent' }), await prepare({ scale: '02', confidential: true })];
    const out = await Promise.all(items.map((it) => batcher.submit(it)));
    for (const r of out) {
      expect(r.created).toBeDefined();
      expect(r.created).toEqual(await repo.byId(ctx.db, r.created!.id));
    }
  });
});
