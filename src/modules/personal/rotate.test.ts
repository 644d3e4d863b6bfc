// Key rotation on a real database: values sealed with k1 are re-sealed with k2, read the same,
// keep their blind index, and a keyring without k1 still reads everything afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createCipherSuite, devKeyring } from './crypto.js';
import { rotateSealedColumns, rotateSealedFiles, sealedColumns } from './rotate.js';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seedPeople, demoPeople } from '../../seed/people.js';
import { DEMO_PEOPLE_COUNT, DEMO_PEOPLE_GRIDS } from '../../seed/demo.js';
import { DEMO_STAFF_PHONES } from '../../seed/phones.js';
import { freshDatabase } from '../../../test/helpers.js';
import type { Database } from '../../db/database.js';

const k1 = Buffer.alloc(32, 11);
const k2 = Buffer.alloc(32, 22);
const indexKey = Buffer.alloc(32, 33);
const before = createCipherSuite({ keys: { k1 }, activeKeyId: 'k1', algorithm: 'aes-256-gcm', indexKey });
// the template's demo residents are sealed with the development key: keep it in the keyring while rotating
const during = createCipherSuite({ keys: { k1, k2, dev: devKeyring().keys.dev }, activeKeyId: 'k2', algorithm: 'aes-256-gcm', indexKey });
const after = createCipherSuite({ keys: { k2 }, activeKeyId: 'k2', algorithm: 'aes-256-gcm', indexKey });
const people = demoPeople(DEMO_PEOPLE_GRIDS, 30, 99);

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
  await database.db.transaction().execute((trx) => seedPeople(trx, before, people));
});
afterAll(() => database.close());

describe('key rotation', () => {
  it('re-seals every value under the new key; values and blind indexes are unchanged', async () => {
    const mine = () => database.db.selectFrom('people').select(['idNumberSealed', 'idNumberIndex', 'phoneSealed']).where('idNumberIndex', 'in', people.map((p) => before.blindIndex('id_number', p.idNumber))).execute();
    const old = await mine();
    expect(old).toHaveLength(30);
    expect(old.every((r) => before.keyIdOf(r.idNumberSealed) === 'k1')).toBe(true);
    expect(() => after.decrypt(old[0].idNumberSealed)).toThrow();
    const columns = await sealedColumns(database.db);
    for (const c of ['people.id_number_sealed', 'people.phone_sealed', 'case_parties.phone_sealed', 'case_parties.id_number_sealed', 'users.phone_sealed'])
      expect(columns.map((x) => `${x.table}.${x.column}`)).toContain(c);
    const sealedValues = async () => {
      const out: string[] = [];
      for (const { table, column } of columns) {
        const r = await sql<{ v: string }>`select ${sql.ref(column)} as v from ${sql.table(table)} where ${sql.ref(column)} is not null`.execute(database.db);
        out.push(...r.rows.map((x) => x.v));
      }
      return out;
    };
    const beforeValues = await sealedValues();
    expect(beforeValues.length).toBeGreaterThanOrEqual(60 + DEMO_PEOPLE_COUNT * 2 + Object.keys(DEMO_STAFF_PHONES).length);
    const n = await rotateSealedColumns(database.db, during, 7);
    expect(n).toBe(beforeValues.length);
    // nothing is left under the old key, in any sealed column of any table
    expect((await sealedValues()).filter((v) => after.keyIdOf(v) !== 'k2')).toEqual([]);
    const rows = await mine();
    expect(rows.every((r) => after.keyIdOf(r.idNumberSealed) === 'k2' && after.keyIdOf(r.phoneSealed!) === 'k2')).toBe(true);
    expect(rows.map((r) => after.decrypt(r.idNumberSealed)).sort()).toEqual(people.map((p) => p.idNumber).sort());
    expect(rows.map((r) => r.idNumberIndex).sort()).toEqual(old.map((r) => r.idNumberIndex).sort());
    expect(await rotateSealedColumns(database.db, during)).toBe(0);
  });
  it('refuses to rotate while a value is sealed with a key missing from the keyring', async () => {
    await database.db.transaction().execute((trx) => seedPeople(trx, before, demoPeople(DEMO_PEOPLE_GRIDS, 2, 5)));
    await expect(rotateSealedColumns(database.db, after)).rejects.toThrow(/k1 is not in the keyring/);
  });
  it('re-seals sealed files (visit photos) too, whole, and only those under an old key', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fq-rotate-'));
    try {
      mkdirSync(path.join(dir, 'keypersons', '7'), { recursive: true });
      const photo = Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3]).toString('base64');
      writeFileSync(path.join(dir, 'keypersons', '7', 'a.sealed'), before.encrypt(photo));
      writeFileSync(path.join(dir, 'keypersons', '7', 'b.sealed'), during.encrypt(photo));
      writeFileSync(path.join(dir, 'keypersons', '7', 'c.jpg'), 'not sealed, not touched');
      expect(await rotateSealedFiles(dir, during)).toBe(1);
      for (const f of ['a.sealed', 'b.sealed']) expect(after.decrypt(readFileSync(path.join(dir, 'keypersons', '7', f), 'utf8'))).toBe(photo);
      expect(readdirSync(path.join(dir, 'keypersons', '7')).sort()).toEqual(['a.sealed', 'b.sealed', 'c.jpg']);
      expect(await rotateSealedFiles(dir, during)).toBe(0);
      expect(await rotateSealedFiles(path.join(dir, 'missing'), during)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
