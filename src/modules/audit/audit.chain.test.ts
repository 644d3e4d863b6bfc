// The audit log: written in the change's transaction, read by the auditor alone with filters and keyset
// paging, append-only on both databases, and sealed into a hash chain whose first broken link is named.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { onPostgres, testApp, type TestApp } from '../../../test/helpers.js';
import { auditLog, call, signIn, userId } from '../../../test/identity-helpers.js';
import { record, seal, systemActor, verify } from './audit.service.js';

const HOUR = 3600_000;
let t: TestApp;
let admin: string;
let auditor: string;
beforeAll(async () => {
  t = await testApp();
});
beforeEach(async () => {
  admin = await signIn(t, 'admin');
  auditor = await signIn(t, 'auditor');
});
afterAll(() => t.close());

const chain = async () => (await call(t, { url: '/api/audit/chain', as: auditor })).json();
const count = async (table: 'audit_log' | 'audit_seals') => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(t.database.db)).rows[0].n);
const rename = (id: number, displayName: string) => call(t, { method: 'PATCH', url: `/api/users/${id}`, as: admin, body: { displayName } });

describe('written with the change', () => {
  it('a change that fails at commit leaves neither the change nor its audit row', async () => {
    const db = t.database.db;
    await sql`create function fq_test_refuse() returns trigger language plpgsql as $$
      begin if new.username = 'boom.user' then raise exception 'refused at commit'; end if; return null; end $$`.execute(db);
    await sql`create constraint trigger fq_test_refuse after insert on users deferrable initially deferred for each row execute function fq_test_refuse()`.execute(db);
    try {
      const res = await call(t, { method: 'POST', url: '/api/users', as: admin, body: { username: 'boom.user', displayName: 'x', password: 'Strong#Pass-123', homeRegionCode: '150826' } });
      expect(res.statusCode).toBe(500);
    } finally {
      await sql`drop trigger fq_test_refuse on users`.execute(db);
      await sql`drop function fq_test_refuse`.execute(db);
    }
    expect(await db.selectFrom('users').select('id').where('username', '=', 'boom.user').execute()).toEqual([]);
    const rows = await auditLog(t, auditor, { action: 'user.create' });
    expect(rows.filter((r) => r.details?.username === 'boom.user')).toEqual([]);
  });

  it('a failing audit write rolls the change back; a refused change (409) writes no success row', async () => {
    const db = t.database.db;
    const id = await userId(t, admin, 'leader');
    await sql`create function fq_test_no_audit() returns trigger language plpgsql as $$
      begin if new.action = 'user.update' then raise exception 'audit write failed'; end if; return new; end $$`.execute(db);
    await sql`create trigger fq_test_no_audit before insert on audit_log for each row execute function fq_test_no_audit()`.execute(db);
    try {
      expect((await rename(id, '改了但没留痕')).statusCode).toBe(500);
    } finally {
      await sql`drop trigger fq_test_no_audit on audit_log`.execute(db);
      await sql`drop function fq_test_no_audit`.execute(db);
    }
    expect((await db.selectFrom('users').select('displayName').where('id', '=', id).executeTakeFirstOrThrow()).displayName).toBe('王建国（杭锦后旗领导）');
    const before = (await auditLog(t, auditor, { action: 'user.create' })).length;
    const dup = await call(t, { method: 'POST', url: '/api/users', as: admin, body: { username: 'Leader', displayName: 'x', password: 'Strong#Pass-123', homeRegionCode: '150826' } });
    expect(dup.statusCode).toBe(409);
    expect((await auditLog(t, auditor, { action: 'user.create' })).length).toBe(before);
  });
});

describe('reading the log', () => {
  it('only the auditor reads it', async () => {
    for (const account of ['admin', 'secadmin', 'leader', 'dispatcher', 'grid'])
      for (const url of ['/api/audit', '/api/audit/chain']) expect((await call(t, { url, as: await signIn(t, account) })).statusCode, `${account} ${url}`).toBe(403);
  });

  it('filters by actor, action, object and time; to < from → 400', async () => {
    const id = await userId(t, admin, 'dispatcher');
    const t0 = t.clock.now();
    const later = async () => {
      t.clock.advance(HOUR); // past the idle timeout: sign in again
      admin = await signIn(t, 'admin');
      auditor = await signIn(t, 'auditor');
      return t.clock.now();
    };
    const t1 = await later();
    expect((await rename(id, '李晓燕')).statusCode).toBe(204);
    const t2 = await later();
    expect((await rename(id, '李晓燕（受理）')).statusCode).toBe(204);
    const mine = await auditLog(t, auditor, { actor: 'admin', action: 'user.update', objectId: id });
    expect(mine.map((r) => r.details?.displayName)).toEqual(['李晓燕（受理）', '李晓燕']);
    expect(mine.every((r) => r.actorName === 'admin' && r.objectId === String(id))).toBe(true);
    expect((await auditLog(t, auditor, { actor: 'admin' })).every((r) => r.actorName === 'admin')).toBe(true);
    expect((await auditLog(t, auditor, { action: 'login.*' })).every((r) => r.action.startsWith('login.'))).toBe(true);
    const window = await auditLog(t, auditor, { objectId: id, action: 'user.update', from: t1.toISOString(), to: t2.toISOString() });
    expect(window.map((r) => r.details?.displayName)).toEqual(['李晓燕']);
    expect(await auditLog(t, auditor, { objectId: id, action: 'user.update', to: t0.toISOString() })).toEqual([]);
    expect((await auditLog(t, auditor, { from: t2.toISOString() })).every((r) => new Date(r.at) >= t2)).toBe(true);
    const bad = await call(t, { url: `/api/audit?from=${t2.toISOString()}&to=${t1.toISOString()}`, as: auditor });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.fields[0].path).toBe('to');
    expect((await call(t, { url: '/api/audit?from=not-a-date', as: auditor })).statusCode).toBe(400);
  });

  it('pages newest first by keyset cursor, without gaps or repeats', async () => {
    const all = await auditLog(t, auditor);
    expect(all.length).toBeGreaterThan(7);
    const seen: number[] = [];
    let cursor: number | null = null;
    do {
      const res = await call(t, { url: `/api/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`, as: auditor });
      const page = res.json();
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((r: { id: number }) => r.id));
      cursor = page.nextCursor;
    } while (cursor && seen.length <= all.length);
    expect(seen).toEqual(all.map((r) => r.id));
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
  });
});

describe('the hash chain', () => {
  it('seals every row once: ok, sealed = rows, unsealed 0', async () => {
    const s = await chain();
    expect(s).toMatchObject({ ok: true, unsealed: 0, firstBroken: null });
    expect(s.sealed).toBe(await count('audit_log'));
    expect(await count('audit_seals')).toBe(s.sealed);
    await rename(await userId(t, admin, 'town'), '张志强');
    const again = await chain();
    expect(again.ok).toBe(true);
    expect(again.sealed).toBeGreaterThan(s.sealed);
  });

  it('UPDATE, DELETE and TRUNCATE are refused on audit_log and audit_seals', async () => {
    const db = t.database.db;
    await chain();
    const rows = await count('audit_log');
    for (const statement of [
      sql`update audit_log set action = 'x' where id = (select min(id) from audit_log)`,
      sql`delete from audit_log where id = (select max(id) from audit_log)`,
      sql`update audit_seals set hash = 'x' where seq = 1`,
      sql`delete from audit_seals where seq = (select max(seq) from audit_seals)`,
      sql`truncate audit_seals`,
      sql`truncate audit_log cascade`,
    ]) await expect(statement.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow();
    expect(await count('audit_log')).toBe(rows);
    expect((await chain()).ok).toBe(true);
  });

  it('an edited sealed row breaks the chain at that row', async () => {
    const db = t.database.db;
    await chain();
    const target = (await sql<{ id: number; action: string }>`select l.id, l.action from audit_log l join audit_seals s on s.audit_id = l.id order by s.seq offset 3 limit 1`.execute(db)).rows[0];
    const setAction = async (action: string) => {
      await sql`alter table audit_log disable trigger audit_log_no_change`.execute(db);
      await sql`update audit_log set action = ${action} where id = ${target.id}`.execute(db);
      await sql`alter table audit_log enable trigger audit_log_no_change`.execute(db);
    };
    await setAction('login.harmless');
    const broken = await chain();
    expect(broken).toMatchObject({ ok: false, firstBroken: { auditId: target.id, reason: 'row content changed after sealing' } });
    await setAction(target.action);
    expect((await chain()).ok).toBe(true);
  });

  it('a deleted sealed row, or a row deleted with its link, is detected', async () => {
    const db = t.database.db;
    await chain();
    const [victim, next] = (await sql<{ id: number; seq: number }>`select l.id, s.seq from audit_log l join audit_seals s on s.audit_id = l.id order by s.seq offset 4 limit 2`.execute(db)).rows;
    const row = await db.selectFrom('auditLog').selectAll().where('id', '=', victim.id).executeTakeFirstOrThrow();
    const link = await db.selectFrom('auditSeals').selectAll().where('seq', '=', victim.seq).executeTakeFirstOrThrow();
    // what an intruder with superuser rights would do: no triggers, no foreign-key checks
    const bypass = (f: (trx: typeof db) => Promise<unknown>) =>
      db.transaction().execute(async (trx) => {
        await sql`set local session_replication_role = replica`.execute(trx);
        await f(trx);
      });
    await bypass((trx) => trx.deleteFrom('auditLog').where('id', '=', victim.id).execute());
    expect(await chain()).toMatchObject({ ok: false, firstBroken: { auditId: victim.id, seq: victim.seq, reason: 'audit row deleted' } });
    await bypass((trx) => trx.deleteFrom('auditSeals').where('seq', '=', victim.seq).execute());
    expect(await chain()).toMatchObject({ ok: false, firstBroken: { auditId: next.id, reason: `missing link ${victim.seq}` } });
    await bypass(async (trx) => {
      await trx.insertInto('auditLog').values({ ...row, details: row.details === null ? null : JSON.stringify(row.details) }).execute();
      await trx.insertInto('auditSeals').values(link).execute();
    });
    expect((await chain()).ok).toBe(true);
  });

  // PGlite has a single connection: two seal() calls there run one after the other anyway.
  it.skipIf(!onPostgres())('two concurrent sealers on PostgreSQL make one chain, each row sealed once', async () => {
    const db = t.database.db;
    await seal(db);
    for (let i = 0; i < 300; i++) await record(db, systemActor('concurrency'), { action: 'test.concurrent', objectId: i }, t.clock.now());
    const sealed = await Promise.all([seal(db, 25), seal(db, 25), seal(db, 40)]);
    expect(sealed.reduce((a, b) => a + b, 0)).toBe(300);
    const s = await verify(db);
    expect(s).toMatchObject({ ok: true, unsealed: 0 });
    expect(s.sealed).toBe(await count('audit_log'));
    const dup = await sql<{ n: number }>`select count(*) as n from (select audit_id from audit_seals group by audit_id having count(*) > 1) d`.execute(db);
    expect(Number(dup.rows[0].n)).toBe(0);
  });
});

describe('npm run audit:verify', () => {
  it.skipIf(onPostgres())('migrates an empty embedded database and reports an intact chain (exit 0)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fq-audit-verify-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, FQ_DATA_DIR: dir, NODE_ENV: 'test', FQ_LOG_LEVEL: 'silent' };
      delete env.DATABASE_URL;
      delete env.TEST_DATABASE_URL;
      const run = promisify(execFile);
      const { stdout } = await run(path.resolve('node_modules/.bin/tsx'), ['src/cli/audit-verify.ts'], { env, timeout: 60_000 });
      expect(stdout).toContain('audit chain intact');
      expect(stdout).toMatch(/chain: 0 links; unsealed rows: 0/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
