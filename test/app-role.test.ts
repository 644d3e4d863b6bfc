// On a PostgreSQL server the application's role cannot UPDATE, DELETE or TRUNCATE the audit tables
// (docs/DATABASE.md, src/db/app-role.sql). PGlite has no roles to speak of: skipped there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { freshDatabase, onPostgres } from './helpers.js';
import type { Database } from '../src/db/database.js';
import { seal } from '../src/modules/audit/audit.service.js';

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(() => database.close());

describe.skipIf(!onPostgres())('PostgreSQL roles (skipped on PGlite: one embedded user, no role separation)', () => {
  it('fengqiao_app may append to the audit log but not change or remove it', async () => {
    await sql.raw(readFileSync('src/db/app-role.sql', 'utf8')).execute(database.db);
    await database.db.transaction().execute(async (trx) => {
      await sql`set local role fengqiao_app`.execute(trx);
      await sql`insert into audit_log (at, action, outcome) values (now(), 'role.probe', 'success')`.execute(trx);
      const r = await sql<{ n: number }>`select count(*) as n from audit_log where action = 'role.probe'`.execute(trx);
      expect(r.rows[0].n).toBe(1);
      await sql`update regions set name = name where id = 1`.execute(trx);
    });
    for (const stmt of ['update audit_log set action = action', 'delete from audit_log', 'truncate audit_log', 'delete from audit_seals']) {
      await expect(
        database.db.transaction().execute(async (trx) => {
          await sql`set local role fengqiao_app`.execute(trx);
          await sql.raw(stmt).execute(trx);
        }),
        stmt,
      ).rejects.toThrow(/permission denied/);
    }
  });
});

describe('append-only triggers (both databases)', () => {
  it('refuse UPDATE, DELETE and TRUNCATE of the audit tables for any role', async () => {
    await sql`insert into audit_log (at, action, outcome) values (now(), 'trigger.probe', 'success')`.execute(database.db);
    expect(await seal(database.db)).toBeGreaterThan(0); // row-level triggers need rows in both tables
    for (const stmt of ['update audit_log set action = action', 'delete from audit_log', 'truncate audit_seals', 'delete from audit_seals'])
      await expect(sql.raw(stmt).execute(database.db), stmt).rejects.toThrow(/append-only/);
    // audit_log is also referenced by audit_seals, so TRUNCATE is refused before the trigger runs
    await expect(sql`truncate audit_log`.execute(database.db)).rejects.toThrow(/append-only|cannot truncate/);
  });
});
