// Export a seeded PGlite database to a file and load it into a fresh PGlite and a fresh PostgreSQL 15
// database: every row must come back the same, sequences must continue, and a bad import writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PassThrough } from 'node:stream';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { openDatabase, type Database } from './database.js';
import { migrateToLatest, migrationNames } from './migrate.js';
import * as statsRepo from '../modules/stats/stats.repo.js';
import { compact } from '../modules/stats/stats.rollup.js';
import { exportDatabase, importDatabase, LOCAL_COLUMNS, LOCAL_TABLES, MIGRATION_DEFAULTS, type Header } from './portable.js';
import { seedDemo } from '../seed/demo.js';
import { intake } from '../modules/cases/cases.intake.js';
import { createCipherSuite, devKeyring } from '../modules/personal/index.js';
import { seal, systemActor, verify } from '../modules/audit/audit.service.js';
import { systemClock } from './business-time.js';
import * as regions from '../modules/regions/regions.service.js';
import { withDatabaseName } from '../../test/db-url.js';

const TZ = 'Asia/Shanghai';
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function reachable(url: string) {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}
const pgUp = await reachable(ADMIN_URL);

async function admin(query: string) {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(query);
  } finally {
    await c.end();
  }
}

// Tables outside our migrations, created on both sides: one without a primary key (ctid order), an identity
// column that is `generated always`, a generated column, bytea, numeric beyond a double, arrays.
async function createExtraTables(db: Kysely<any>) {
  await sql`create table portable_extra (
    id bigint generated always as identity, body text, n numeric, blob bytea, tags text[], at timestamptz,
    twice int generated always as (length(body) * 2) stored)`.execute(db);
  await sql`create table portable_pairs (a int, b text, primary key (a, b))`.execute(db); // keyset on two columns
}

/** Every row of every table as PostgreSQL's own jsonb text, in a stable order (without the database-local data). */
async function snapshot(db: Kysely<any>) {
  const raw = db.withoutPlugins();
  const { rows: tables } = await sql<{ name: string }>`
    select table_name::text as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_migration%' order by 1`.execute(raw);
  const out: Record<string, string[]> = {};
  for (const { name } of tables.filter((t) => !LOCAL_TABLES.includes(t.name))) {
    const local = LOCAL_COLUMNS[name] ?? [];
    const row = local.length ? sql`to_jsonb(x.*) - array[${sql.join(local)}]::text[]` : sql`to_jsonb(x.*)`;
    const { rows } = await sql<{ r: string }>`select (${row})::text as r from ${sql.table(name)} x order by 1`.execute(raw);
    out[name] = rows.map((r) => r.r);
  }
  return out;
}

const regionRows = (db: Database['db']) =>
  db
    .selectFrom('regions')
    .select(['id', 'code', 'name', 'level', 'parentId', 'path', 'depth', 'status', 'successorId', 'geometry', 'bbox', 'centerLat', 'centerLng', 'createdAt', 'updatedAt', 'retiredAt', 'version'])
    .orderBy('id')
    .execute();

/** Σ delta by metric of everything, as the statistics read it (rollup + uncompacted rows). */
const statSums = async (db: Database['db']) =>
  (await statsRepo.sums(db, { from: '2000-01-01', to: '2099-12-31', path: '/', unitId: null }, 'all', null)).sums
    .map((r) => `${r.metric} ${Number(r.n)}`).sort();

const counts = async (db: Kysely<any>) => Object.fromEntries(Object.entries(await snapshot(db)).map(([t, rows]) => [t, rows.length]));

let dir: string;
let file: string;
let source: Database;
let expected: Record<string, number>;
let before: Awaited<ReturnType<typeof snapshot>>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'fq-portable-'));
  file = path.join(dir, 'export.fqx.gz');
  source = await openDatabase({ timeZone: TZ });
  await migrateToLatest(source.db);
  await seedDemo(source.db);
  const ctx = { db: source.db };
  await regions.update(ctx, '150826101', { code: '150826102', name: '头道桥镇 "新" \\ 🏯', reason: '代码调整' });
  await regions.move(ctx, '150824100001', { parentCode: '150826100' }); // 乌兰嘎查 → 陕坝镇, new code
  await regions.retire(ctx, '150826100002', { successorCode: '150826100001' }); // 东环社区 into 西环社区
  const ring = [[107.1234567891, 40.1], [107.2, 40.1], [107.2, 40.2], [107.1234567891, 40.1]];
  await regions.update(ctx, '150824100', { geometry: { type: 'Polygon', coordinates: [ring] } });
  // a case with sealed parties, its timeline, audit rows (sealed) and statistics deltas
  const cipher = createCipherSuite({ ...devKeyring(), algorithm: 'aes-256-gcm' });
  await intake({ db: source.db, clock: systemClock, cipher, timeZone: TZ }, null, {
    title: '宅基地边界纠纷', description: '两户宅基地边界争议，多次协商未果。', category: 'dispute', disputeType: '09', channel: 'citizen',
    regionCode: '150826100001', applicant: { name: '王五', phone: '13904780000' },
  }, systemActor('citizen'));
  await seal(source.db);
  await compact(source.db); // the statistics rollup is local: not exported (the target compacts its own)
  const raw = source.db.withoutPlugins();
  await createExtraTables(raw);
  await sql`insert into portable_extra (body, n, blob, tags, at)
    select '第' || g || '行', 12345678901234567890.123456789 + g, '\\x00ff'::bytea, array['网格', 'a,b', null], '2026-05-01 07:30:00.123456+08'
    from generate_series(1, 2100) g`.execute(raw);
  await sql`insert into portable_extra (body) values (null)`.execute(raw);
  await sql`insert into portable_pairs select g % 7, md5(g::text) from generate_series(1, 2500) g`.execute(raw);
  await exportDatabase(source.db, file, { source: 'pglite' });
  before = await snapshot(source.db);
  expected = await counts(source.db);
});

afterAll(async () => {
  await source?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('exportDatabase', () => {
  it('writes a header and batches of at most 1000 rows', () => {
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n');
    const header = JSON.parse(lines[0]) as Header;
    expect(header).toMatchObject({ format: 'fengqiao-export', version: 1, source: 'pglite', migrations: migrationNames() });
    expect(header.tables).toEqual(expected);
    expect(Object.keys(header.tables)).toEqual(Object.keys(header.tables).sort());
    expect(expected.region_code_history).toBeGreaterThan(0);
    const batches = lines.slice(1).map((l) => JSON.parse(l) as { table: string; rows: unknown[] });
    expect(Math.max(...batches.map((b) => b.rows.length))).toBe(1000);
    expect(batches.filter((b) => b.table === 'portable_pairs').map((b) => b.rows.length)).toEqual([1000, 1000, 500]);
    expect(batches.filter((b) => b.table === 'portable_extra').map((b) => b.rows.length)).toEqual([1000, 1000, 101]);
  });

  it('writes to a stream as well as to a path', async () => {
    const chunks: Buffer[] = [];
    const out = new PassThrough().on('data', (c: Buffer) => chunks.push(c));
    const { tables } = await exportDatabase(source.db, out);
    expect(tables).toEqual(expected);
    const header = JSON.parse(gunzipSync(Buffer.concat(chunks)).toString('utf8').split('\n')[0]) as Header;
    expect(header.tables).toEqual(expected);
    expect(header.source).toBeUndefined();
  });
});

/** The shared checks for one target kind. */
function importSuite(open: () => Promise<Database>, dropTarget: () => Promise<void> = async () => {}) {
  let target: Database;
  beforeAll(async () => {
    target = await open();
    await migrateToLatest(target.db);
    await createExtraTables(target.db.withoutPlugins());
  });
  afterAll(async () => {
    await target?.close();
    await dropTarget();
  });

  it('refuses a truncated, damaged or too new file and writes nothing', async () => {
    const bytes = readFileSync(file);
    const cut = path.join(dir, 'cut.fqx.gz');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(importDatabase(target.db, cut)).rejects.toThrow(/truncated or damaged/);
    // a well-formed gzip that lost its last batches: the header's counts catch it
    const lines = gunzipSync(bytes).toString('utf8').trim().split('\n');
    writeFileSync(cut, gzipSync(lines.slice(0, -2).join('\n') + '\n'));
    await expect(importDatabase(target.db, cut)).rejects.toThrow(/the header says/);
    const header = { ...JSON.parse(lines[0]), migrations: [...migrationNames(), '2099010101_future'] };
    writeFileSync(cut, gzipSync([JSON.stringify(header), ...lines.slice(1)].join('\n')));
    await expect(importDatabase(target.db, cut)).rejects.toThrow(/lacks migrations 2099010101_future/);
    writeFileSync(cut, 'not gzip at all');
    await expect(importDatabase(target.db, cut)).rejects.toThrow(/truncated or damaged/);
    // nothing written: every table empty but the defaults the migrations seed (kept, as the import rolled back)
    const left = Object.entries(await counts(target.db)).filter(([name, n]) => n > 0).map(([name]) => name);
    expect(left.sort()).toEqual([...MIGRATION_DEFAULTS].sort());
  });

  it('loads every row back identically', async () => {
    const progress: string[] = [];
    const res = await importDatabase(target.db, createReadStream(file), { onProgress: (p) => progress.push(`${p.table} ${p.rows}/${p.total}`) });
    expect(res.tables).toEqual(expected);
    expect(progress).toContain(`portable_pairs 2500/2500`);
    expect(await counts(target.db)).toEqual(expected);
    expect(await regionRows(target.db)).toEqual(await regionRows(source.db));
    expect(await snapshot(target.db)).toEqual(before);
    // generated columns are recomputed on import: the case is found by a two-character word
    const found = await sql<{ n: number }>`select count(*) as n from cases where search_vector @@ '''宅基'''::tsquery`.execute(target.db);
    expect(found.rows[0].n).toBe(1);
    expect((await verify(target.db)).ok).toBe(true);
    // no rollup came along: the statistics read the delta rows until the target's own compaction, same figures
    expect(Number((await sql<{ n: string }>`select count(*) as n from case_stat_rollup`.execute(target.db)).rows[0].n)).toBe(0);
    expect(Number((await sql<{ n: string }>`select count(*) as n from case_stat_rollup`.execute(source.db)).rows[0].n)).toBeGreaterThan(0);
    expect(await statSums(target.db)).toEqual(await statSums(source.db));
    await compact(target.db);
    expect(await statSums(target.db)).toEqual(await statSums(source.db));
    const town = await target.db.selectFrom('regions').selectAll().where('code', '=', '150826102').executeTakeFirstOrThrow();
    expect(town.name).toBe('头道桥镇 "新" \\ 🏯');
    const retired = await target.db.selectFrom('regions').select(['status', 'successorId']).where('code', '=', '150826100002').executeTakeFirstOrThrow();
    expect(retired).toMatchObject({ status: 'retired', successorId: expect.any(Number) });
  });

  it('continues every sequence after the imported ids', async () => {
    const { max } = await target.db.selectFrom('regions').select((e) => e.fn.max('id').as('max')).executeTakeFirstOrThrow();
    const made = await regions.create({ db: target.db }, { parentCode: '150826', name: '新设镇' });
    expect(made.id).toBeGreaterThan(Number(max));
    const { rows } = await sql<{ id: number }>`insert into portable_extra (body) values ('x') returning id`.execute(target.db);
    expect(Number(rows[0].id)).toBe(expected.portable_extra + 1);
  });

  it('refuses a target that is not empty and writes nothing', async () => {
    const n = await counts(target.db);
    await expect(importDatabase(target.db, file)).rejects.toThrow(/表 \w+ 不是空的.*is not empty: import refused/);
    expect(await counts(target.db)).toEqual(n);
  });
}

describe('import into PGlite', () => {
  importSuite(() => openDatabase({ timeZone: TZ }));
});

const dbName = `fq_portable_${randomBytes(5).toString('hex')}`;
describe.skipIf(!pgUp)(pgUp ? 'import into PostgreSQL' : `import into PostgreSQL — skipped: no server reachable at ${ADMIN_URL}`, () => {
  importSuite(
    async () => {
      await admin(`create database ${dbName}`);
      return openDatabase({ url: withDatabaseName(ADMIN_URL, dbName), timeZone: TZ, poolSize: 2 });
    },
    () => admin(`drop database if exists ${dbName} with (force)`),
  );
});

describe('migration defaults', () => {
  it('lists every table a migration seeds rows into (else an import into a fresh database is refused)', () => {
    const dir = path.join(import.meta.dirname, 'migrations');
    const seeded = new Set<string>();
    for (const f of readdirSync(dir).filter((n) => /^\d{10}.*\.ts$/.test(n)))
      for (const m of readFileSync(path.join(dir, f), 'utf8').matchAll(/insert\s+into\s+([a-z_]+)/gi)) seeded.add(m[1].toLowerCase());
    expect([...seeded].filter((t) => !MIGRATION_DEFAULTS.includes(t))).toEqual([]);
  });
});
