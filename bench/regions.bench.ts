// npm run bench:regions — locating a point among many grids, on PostgreSQL (TEST_DATABASE_URL or the local
// server) and on embedded PGlite. Baseline in the same run: the same question answered by testing every
// grid's polygon (what a system without the bounding-box index does). Prints medians and the ratio.
import { withScratchDatabase } from './scratch-database.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { locate } from '../src/modules/regions/regions.service.js';
import { contains, type Geometry } from '../src/modules/regions/regions.geo.js';
import { rectPolygon, split, around } from '../src/seed/geometry.js';
import { sql } from 'kysely';

const TOWNS = Number(process.env.BENCH_TOWNS ?? 20);
const VILLAGES = 10;
const BIG = 5;
const SMALL = 4; // per big grid → TOWNS × 10 × 5 × 4 small grids

async function build(database: Database) {
  const db = database.db;
  await migrateToLatest(db);
  let id = 1;
  const rows: Record<string, unknown>[] = [];
  const add = (code: string, name: string, level: string, parentId: number | null, parentPath: string, depth: number, rect?: { w: number; s: number; e: number; n: number }) => {
    const me = id++;
    const g = rect ? rectPolygon(rect) : null;
    rows.push({
      id: me, code, name, level, parent_id: parentId, path: `${parentPath}${me}/`, depth,
      geometry: g ? JSON.stringify(g) : null,
      bbox: rect ? `((${rect.w},${rect.s}),(${rect.e},${rect.n}))` : null,
    });
    return { id: me, path: `${parentPath}${me}/` };
  };
  const city = add('150800', '巴彦淖尔市', 'city', null, '/', 0);
  const county = add('150826', '杭锦后旗', 'county', city.id, city.path, 1);
  const area = around(107.15, 40.9, 0.5, 0.3);
  const towns = split(area, 5, Math.ceil(TOWNS / 5)).slice(0, TOWNS);
  towns.forEach((tr, t) => {
    const tc = `150826${String(100 + t).padStart(3, '0')}`;
    const town = add(tc, `镇${t}`, 'town', county.id, county.path, 2, tr);
    split(tr, 5, 2).forEach((vr, v) => {
      const vc = `${tc}${String(v + 1).padStart(3, '0')}`;
      const village = add(vc, `村${v}`, 'village', town.id, town.path, 3, vr);
      split(vr, 5, 1).forEach((br, b) => {
        const bc = `${vc}${String(b + 1).padStart(3, '0')}`;
        const big = add(bc, `大${b}`, 'grid_big', village.id, village.path, 4, br);
        split(br, 2, 2).forEach((sr, s) => add(`${bc}${String(s + 1).padStart(3, '0')}`, `小${s}`, 'grid_small', big.id, big.path, 5, sr));
      });
    });
  });
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await sql`insert into regions (id, code, name, level, parent_id, path, depth, geometry, bbox, updated_at)
      select id, code, name, level, parent_id, path, depth, geometry::jsonb, bbox::box, now()
      from json_to_recordset(${JSON.stringify(chunk)}::json) as x(id int8, code text, name text, level text, parent_id int8, path text, depth int, geometry text, bbox text)`.execute(db);
  }
  await sql`select setval(pg_get_serial_sequence('regions','id'), ${id})`.execute(db);
  await sql`analyze regions`.execute(db);
  return { grids: rows.filter((r) => r.level === 'grid_small').length, area };
}

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function measure(label: string, database: Database) {
  const { grids, area } = await build(database);
  const points = Array.from({ length: 200 }, (_, i) => ({
    lng: area.w + ((i * 7919) % 1000) / 1000 * (area.e - area.w),
    lat: area.s + ((i * 104729) % 1000) / 1000 * (area.n - area.s),
  }));
  const ctx = { db: database.db };
  const indexed: number[] = [];
  for (const p of points) {
    const t0 = performance.now();
    await locate(ctx, p.lat, p.lng).catch(() => null);
    indexed.push(performance.now() - t0);
  }
  const scan: number[] = [];
  for (const p of points.slice(0, 40)) {
    const t0 = performance.now();
    const all = await database.db.selectFrom('regions').select(['id', 'depth', 'geometry']).where('geometry', 'is not', null).execute();
    all.filter((r) => contains(r.geometry as Geometry, p.lng, p.lat)).sort((a, b) => b.depth - a.depth)[0];
    scan.push(performance.now() - t0);
  }
  const mi = median(indexed);
  const ms = median(scan);
  console.log(`${label}: ${grids} small grids — locate (bbox GiST + polygon check) median ${mi.toFixed(2)} ms; baseline (test every polygon) median ${ms.toFixed(2)} ms; ratio ${(ms / mi).toFixed(1)}× faster`);
  return { label, grids, indexedMs: mi, scanMs: ms };
}

async function main() {
  const lite = await openDatabase({ timeZone: 'Asia/Shanghai' });
  await measure('PGlite', lite);
  await lite.close();
  await withScratchDatabase('fq_bench', async (url) => {
    const server = await openDatabase({ url, timeZone: 'Asia/Shanghai' });
    await measure('PostgreSQL', server);
    await server.close();
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
