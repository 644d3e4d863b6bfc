// After seeding, no ID number or phone of the demo residents appears in the embedded database's files
// (tables, indexes and write-ahead log alike): they exist only sealed.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedDemo, DEMO_PEOPLE_COUNT, DEMO_PEOPLE_GRIDS } from '../src/seed/demo.js';
import { demoPeople } from '../src/seed/people.js';
import { demoEstablishmentPhones } from '../src/seed/registers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'fq-plain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function* files(d: string): Generator<string> {
  for (const name of readdirSync(d)) {
    const p = path.join(d, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else yield p;
  }
}

describe('database files after seeding', () => {
  it('hold no plaintext ID number or phone', async () => {
    const db = await openDatabase({ dataDir: dir, timeZone: 'Asia/Shanghai' });
    await migrateToLatest(db.db);
    await seedDemo(db.db);
    const n = await sql<{ n: number }>`select count(*) as n from people`.execute(db.db);
    expect(n.rows[0].n).toBe(DEMO_PEOPLE_COUNT);
    await sql`checkpoint`.execute(db.db);
    await db.close();
    const needles = demoPeople(DEMO_PEOPLE_GRIDS, DEMO_PEOPLE_COUNT).flatMap((p) => [p.idNumber, p.phone]).concat(demoEstablishmentPhones()).map((s) => Buffer.from(s));
    let scanned = 0;
    let sawName = false;
    for (const f of files(dir)) {
      const buf = readFileSync(f);
      scanned += buf.length;
      for (const needle of needles) expect(buf.includes(needle), `${needle} in ${path.relative(dir, f)}`).toBe(false);
      if (buf.includes(Buffer.from('西环社区'))) sawName = true;
    }
    expect(scanned).toBeGreaterThan(1_000_000);
    expect(sawName).toBe(true); // the scan does see plain text where there is some
  }, 120_000); // migrating and seeding a file-backed database on a busy machine
});
