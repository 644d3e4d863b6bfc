// The only place that writes SQL for regions.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, RegionsTable, RegionLevel } from '../../db/schema.js';

export type Q = Kysely<DB>;
export type RegionRow = Omit<Selectable<RegionsTable>, 'bbox'>;

const cols = [
  'id', 'code', 'name', 'level', 'parentId', 'path', 'depth', 'status', 'successorId', 'geometry',
  'centerLat', 'centerLng', 'createdAt', 'updatedAt', 'retiredAt', 'version',
] as const;

export async function byId(q: Q, id: number) {
  return q.selectFrom('regions').select(cols).where('id', '=', id).executeTakeFirst();
}

export async function byIds(q: Q, ids: number[]) {
  if (ids.length === 0) return [];
  return q.selectFrom('regions').select(['id', 'code', 'name', 'level', 'status']).where('id', 'in', ids).execute();
}

/** The active node with this code, else the most recently retired one. */
export async function byCode(q: Q, code: string) {
  return q
    .selectFrom('regions')
    .select(cols)
    .where('code', '=', code)
    .orderBy(sql`status = 'active'`, 'desc')
    .orderBy('retiredAt', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The region that last carried `code` before it changed. */
export async function byOldCode(q: Q, code: string) {
  return q
    .selectFrom('regionCodeHistory')
    .select(['regionId', 'code', 'replacedBy', 'changedAt'])
    .where('code', '=', code)
    .orderBy('changedAt', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function codeHistory(q: Q, regionId: number) {
  return q
    .selectFrom('regionCodeHistory')
    .select(['code', 'replacedBy', 'changedAt', 'reason'])
    .where('regionId', '=', regionId)
    .orderBy('changedAt')
    .orderBy('id')
    .execute();
}

export async function activeCodeExists(q: Q, code: string) {
  const r = await q.selectFrom('regions').select('id').where('code', '=', code).where('status', '=', 'active').executeTakeFirst();
  return r !== undefined;
}

/** Codes of all children (active or retired) and of all active nodes under the prefix. */
export async function childCodes(q: Q, parentId: number) {
  const rows = await q.selectFrom('regions').select('code').where('parentId', '=', parentId).execute();
  return rows.map((r) => r.code);
}

export async function countryRoots(q: Q) {
  return q.selectFrom('regions').select(cols).where('parentId', 'is', null).where('status', '=', 'active').orderBy('code').execute();
}

/** Active nodes of the subtree under `path` (the node included), at most `maxDepth` absolute depth. */
export async function subtree(q: Q, path: string, maxDepth: number, withGeometry = false) {
  let query = q
    .selectFrom('regions')
    .select(['id', 'code', 'name', 'level', 'parentId', 'depth', 'status', 'centerLat', 'centerLng'])
    .where('path', 'like', `${path}%`)
    .where('status', '=', 'active')
    .where('depth', '<=', maxDepth)
    .orderBy('depth')
    .orderBy('code');
  if (withGeometry) query = query.select('geometry');
  return query.execute() as Promise<(Pick<RegionRow, 'id' | 'code' | 'name' | 'level' | 'parentId' | 'depth' | 'status' | 'centerLat' | 'centerLng'> & { geometry?: unknown })[]>;
}

export async function countActiveChildren(q: Q, id: number) {
  const r = await q
    .selectFrom('regions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parentId', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function activeChildren(q: Q, id: number) {
  return q.selectFrom('regions').select(cols).where('parentId', '=', id).where('status', '=', 'active').orderBy('code').execute();
}

export interface NewRegion {
  code: string;
  name: string;
  level: RegionLevel;
  parentId: number | null;
  parentPath: string | null;
  parentDepth: number;
  geometry: unknown | null;
  bbox: string | null;
  centerLat: number | null;
  centerLng: number | null;
  id?: number;
}

export async function insert(q: Q, r: NewRegion) {
  const id =
    r.id ??
    Number(
      (await sql<{ id: number }>`select nextval(pg_get_serial_sequence('regions', 'id'))::int8 as id`.execute(q)).rows[0].id,
    );
  return q
    .insertInto('regions')
    .values({
      id,
      code: r.code,
      name: r.name,
      level: r.level,
      parentId: r.parentId,
      path: `${r.parentPath ?? '/'}${id}/`,
      depth: r.parentId === null ? 0 : r.parentDepth + 1,
      geometry: r.geometry === null ? null : JSON.stringify(r.geometry),
      bbox: r.bbox,
      centerLat: r.centerLat,
      centerLng: r.centerLng,
      updatedAt: new Date(),
    })
    .returning(cols)
    .executeTakeFirstOrThrow();
}

export async function rename(q: Q, id: number, name: string) {
  return q
    .updateTable('regions')
    .set({ name, updatedAt: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .returning(cols)
    .executeTakeFirstOrThrow();
}

export async function setGeometry(q: Q, id: number, g: { geometry: unknown | null; bbox: string | null; centerLat: number | null; centerLng: number | null }) {
  return q
    .updateTable('regions')
    .set({
      geometry: g.geometry === null ? null : JSON.stringify(g.geometry),
      bbox: g.bbox,
      centerLat: g.centerLat,
      centerLng: g.centerLng,
      updatedAt: new Date(),
      version: sql`version + 1`,
    })
    .where('id', '=', id)
    .returning(cols)
    .executeTakeFirstOrThrow();
}

/**
 * Put node `n` (and its subtree) under `parent` with the code `newCode`. Every active node of the
 * subtree whose code changes keeps its old code in the history.
 */
export async function relocate(q: Q, n: RegionRow, parent: RegionRow | null, newCode: string, reason: string) {
  const newPath = `${parent?.path ?? '/'}${n.id}/`;
  const depthShift = (parent ? parent.depth + 1 : 0) - n.depth;
  const oldLen = n.code.length;
  if (newCode !== n.code) {
    await sql`
      insert into region_code_history (region_id, code, replaced_by, reason)
      select id, code, ${newCode} || substr(code, ${oldLen + 1}), ${reason}
      from regions where path like ${n.path + '%'} and status = 'active'`.execute(q);
  }
  await sql`
    update regions set
      path = ${newPath} || substr(path, ${n.path.length + 1}),
      depth = depth + ${depthShift},
      code = case when status = 'active' then ${newCode} || substr(code, ${oldLen + 1}) else code end,
      parent_id = case when id = ${n.id} then ${parent?.id ?? null}::int8 else parent_id end,
      updated_at = now(),
      version = version + 1
    where path like ${n.path + '%'}`.execute(q);
  return (await byId(q, n.id))!;
}

export async function retire(q: Q, id: number, successorId: number) {
  return q
    .updateTable('regions')
    .set({ status: 'retired', successorId, retiredAt: new Date(), updatedAt: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .returning(cols)
    .executeTakeFirstOrThrow();
}

/** Active nodes with geometry whose bounding box holds the point (x = lng, y = lat). */
export async function boxesContaining(q: Q, lng: number, lat: number) {
  return q
    .selectFrom('regions')
    .select(['id', 'code', 'name', 'level', 'depth', 'geometry', 'path'])
    .where('status', '=', 'active')
    .where(sql<boolean>`bbox @> point(${lng}, ${lat})`)
    .orderBy('depth', 'desc')
    .execute();
}

export async function ancestors(q: Q, path: string) {
  const ids = path.split('/').filter(Boolean).map(Number);
  const rows = await byIds(q, ids);
  return ids.map((id) => rows.find((r) => r.id === id)!).filter(Boolean);
}

/** Which of `ids` have active children. */
export async function parentsAmong(q: Q, ids: number[]) {
  if (ids.length === 0) return [];
  const rows = await q.selectFrom('regions').select('parentId').distinct().where('parentId', 'in', ids).where('status', '=', 'active').execute();
  return rows.map((r) => r.parentId!);
}

export async function search(q: Q, text: string, rootPath: string | undefined, limit: number) {
  const like = `%${text.replace(/[%_\\]/g, '\\$&')}%`;
  let query = q
    .selectFrom('regions')
    .select(['id', 'code', 'name', 'level', 'path', 'depth'])
    .where('status', '=', 'active')
    .where((eb) => (/^\d+$/.test(text) ? eb('code', 'like', `${text}%`) : eb('name', 'like', like)))
    .orderBy('depth')
    .orderBy('code')
    .limit(limit);
  if (rootPath) query = query.where('path', 'like', `${rootPath}%`);
  return query.execute();
}
