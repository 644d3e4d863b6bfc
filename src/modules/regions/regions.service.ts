// Business rules of the region and grid tree. Services take their dependencies explicitly.
import type { Kysely } from 'kysely';
import type { DB, RegionLevel } from '../../db/schema.js';
import type { Clock } from '../../db/business-time.js';
import { record, type Actor } from '../audit/audit.service.js';
import { AppError, notFound, text } from '../../http/errors.js';
import * as repo from './regions.repo.js';
import { checkCode, childLevel, levelInfo, levelOfCode, nextChildCode, isWellFormedCode, LEVELS } from './regions.codes.js';
import { bounds, boxLiteral, center, checkGeometry, contains, type Geometry } from './regions.geo.js';

export interface Ctx {
  db: Kysely<DB>;
  /** who is changing the tree (written to the audit log with the change); absent for seeding */
  actor?: Actor;
  clock?: Clock;
}

/** Audit a change of the tree in the same transaction. */
export async function audit(trx: repo.Q, ctx: Ctx, action: string, objectId: string | number, details?: Record<string, unknown>) {
  if (ctx.actor) await record(trx, ctx.actor, { action, objectType: 'region', objectId, details }, ctx.clock?.now() ?? new Date());
}

const regionNotFound = (code: string) => notFound(text(`区划 ${code} 不存在`, `region ${code} not found`), { code });

export function assertWellFormed(code: string, field = 'code') {
  if (!isWellFormedCode(code))
    throw new AppError(
      'VALIDATION',
      text(`区划代码 ${code} 格式错误：应为 6、9、12、15、18 或 21 位数字`, `malformed region code ${code}: 6, 9, 12, 15, 18 or 21 digits`),
      { fields: [{ path: field, message: 'malformed region code' }] },
    );
}

/** Resolve a code: the active node, a retired node, or a node that once carried the code. */
export async function resolve(q: repo.Q, code: string) {
  assertWellFormed(code);
  const direct = await repo.byCode(q, code);
  if (direct) return { node: direct, resolvedFrom: undefined as string | undefined };
  const old = await repo.byOldCode(q, code);
  if (old) return { node: (await repo.byId(q, old.regionId))!, resolvedFrom: code };
  throw regionNotFound(code);
}

async function activeByCode(q: repo.Q, code: string, field: string) {
  assertWellFormed(code, field);
  const r = await repo.byCode(q, code);
  if (!r || r.status !== 'active') throw regionNotFound(code);
  return r;
}

export interface TreeNode {
  id: number;
  code: string;
  name: string;
  level: RegionLevel;
  /** whether the node has active children, loaded or not (so a lazy tree knows where to stop) */
  hasChildren: boolean;
  children: TreeNode[];
}

/** Nested tree from `root` (or every top-level node), `depth` levels below it. */
export async function tree(ctx: Ctx, rootCode: string | undefined, depth: number) {
  const roots = rootCode ? [await activeByCode(ctx.db, rootCode, 'root')] : await repo.countryRoots(ctx.db);
  const out: TreeNode[] = [];
  for (const root of roots) {
    const rows = await repo.subtree(ctx.db, root.path, root.depth + depth);
    const edge = rows.filter((r) => r.depth === root.depth + depth).map((r) => r.id);
    const withChildren = new Set([...rows.map((r) => r.parentId), ...(await repo.parentsAmong(ctx.db, edge))]);
    out.push(nest(rows, root.id, withChildren));
  }
  return out;
}

export function nest(rows: { id: number; code: string; name: string; level: RegionLevel; parentId: number | null }[], rootId: number, withChildren?: Set<number | null>): TreeNode {
  const byId = new Map<number, TreeNode>();
  for (const r of rows)
    byId.set(r.id, { id: r.id, code: r.code, name: r.name, level: r.level, hasChildren: withChildren ? withChildren.has(r.id) : false, children: [] });
  for (const r of rows) {
    if (r.id !== rootId && r.parentId !== null) byId.get(r.parentId)?.children.push(byId.get(r.id)!);
  }
  return byId.get(rootId)!;
}

/** One node with what a details page needs. */
export async function details(ctx: Ctx, code: string) {
  const { node, resolvedFrom } = await resolve(ctx.db, code);
  const [ancestors, history, childCount, successor] = await Promise.all([
    repo.ancestors(ctx.db, node.path),
    repo.codeHistory(ctx.db, node.id),
    repo.countActiveChildren(ctx.db, node.id),
    node.successorId ? repo.byId(ctx.db, node.successorId) : Promise.resolve(undefined),
  ]);
  return {
    id: node.id,
    code: node.code,
    name: node.name,
    level: node.level,
    levelName: levelInfo(node.level).zh,
    status: node.status,
    parent: ancestors.length > 1 ? ancestors[ancestors.length - 2] : null,
    ancestors: ancestors.slice(0, -1),
    successor: successor ? { id: successor.id, code: successor.code, name: successor.name, level: successor.level, status: successor.status } : null,
    childCount,
    geometry: node.geometry ?? null,
    center: node.centerLat !== null ? { lat: node.centerLat, lng: node.centerLng } : null,
    codeHistory: history,
    resolvedFrom: resolvedFrom ?? null,
    version: node.version,
    createdAt: node.createdAt,
    updatedAt: node.updatedAt,
    retiredAt: node.retiredAt,
  };
}

/** The subtree's geometries as a GeoJSON FeatureCollection, for the map. */
export async function geojson(ctx: Ctx, code: string, depth: number) {
  const { node: root } = await resolve(ctx.db, code); // old codes follow their node
  if (root.status !== 'active') throw regionNotFound(code);
  const rows = await repo.subtree(ctx.db, root.path, root.depth + depth, true);
  return {
    type: 'FeatureCollection' as const,
    features: rows
      .filter((r) => r.geometry)
      .map((r) => ({
        type: 'Feature' as const,
        id: r.id,
        geometry: r.geometry,
        properties: { id: r.id, code: r.code, name: r.name, level: r.level, parentId: r.parentId },
      })),
  };
}

function geometryColumns(g: unknown | null | undefined) {
  if (g === null || g === undefined) return { geometry: null, bbox: null, centerLat: null, centerLng: null };
  const problem = checkGeometry(g);
  if (problem) throw new AppError('VALIDATION', text(problem.zh, problem.en), { fields: [{ path: 'geometry', message: problem.en }] });
  const b = bounds(g as Geometry);
  const c = center(b);
  return { geometry: g, bbox: boxLiteral(b), centerLat: c.lat, centerLng: c.lng };
}

export interface CreateInput {
  parentCode?: string;
  code?: string;
  name: string;
  level?: RegionLevel;
  geometry?: unknown;
}

/** Create a node under its parent; the level follows from the parent, the code is checked or assigned. */
export async function create(ctx: Ctx, input: CreateInput) {
  return ctx.db.transaction().execute(async (trx) => {
    const node = await createIn(trx, input);
    await audit(trx, ctx, 'region.create', node.code, { name: node.name, level: node.level, parentCode: input.parentCode ?? null });
    return node;
  });
}

export async function createIn(trx: repo.Q, input: CreateInput) {
  let parent: repo.RegionRow | null = null;
  let level: RegionLevel;
  if (input.parentCode) {
    parent = await activeByCode(trx, input.parentCode, 'parentCode');
    const below = childLevel(parent.level);
    if (!below)
      throw new AppError('UNPROCESSABLE', text('微网格是最低一级，不能再建下级', 'a micro grid is the lowest level: it cannot have children'), {
        parentCode: parent.code,
      });
    if (input.level && input.level !== below)
      throw new AppError('UNPROCESSABLE', text(`${levelInfo(parent.level).zh}的下级只能是${levelInfo(below).zh}`, `the level below ${parent.level} is ${below}`));
    level = below;
  } else {
    level = input.level ?? (input.code ? (levelOfCode(input.code) ?? 'city') : 'city');
    if (level !== 'city')
      throw new AppError('UNPROCESSABLE', text('只有市级可以没有上级', 'only a city may have no parent'), { level });
  }
  let code = input.code;
  if (code) {
    const p = checkCode(code, level, parent ? parent.code : null);
    if (p) throw new AppError('VALIDATION', text(p.zh, p.en), { fields: [{ path: 'code', message: p.en }] });
  } else {
    if (!parent) throw new AppError('VALIDATION', text('市级必须提供代码', 'a city needs a code'), { fields: [{ path: 'code', message: 'required' }] });
    code = nextChildCode(parent.code, level, await repo.childCodes(trx, parent.id)) ?? undefined;
    if (!code) throw new AppError('UNPROCESSABLE', text('该上级下的代码已用完', 'no free code left under this parent'));
  }
  if (await repo.activeCodeExists(trx, code))
    throw new AppError('CONFLICT', text(`区划代码 ${code} 已存在`, `region code ${code} already exists`), { code });
  return repo.insert(trx, {
    code,
    name: input.name,
    level,
    parentId: parent?.id ?? null,
    parentPath: parent?.path ?? null,
    parentDepth: parent?.depth ?? -1,
    ...geometryColumns(input.geometry),
  });
}

function checkVersion(node: repo.RegionRow, version: number | undefined) {
  if (version !== undefined && version !== node.version)
    throw new AppError('PRECONDITION_FAILED', text('记录已被他人修改，请刷新后重试', 'the record changed since you read it: reload and retry'), {
      currentVersion: node.version,
    });
}

export interface UpdateInput {
  name?: string;
  code?: string;
  geometry?: unknown | null;
  version?: number;
  reason?: string;
}

/** Rename, recode (the old code goes into the history) or redraw a node. */
export async function update(ctx: Ctx, code: string, input: UpdateInput) {
  return ctx.db.transaction().execute(async (trx) => {
    let node = await activeByCode(trx, code, 'code');
    checkVersion(node, input.version);
    if (input.name !== undefined && input.name !== node.name) node = await repo.rename(trx, node.id, input.name);
    if (input.geometry !== undefined) node = await repo.setGeometry(trx, node.id, geometryColumns(input.geometry));
    if (input.code !== undefined && input.code !== node.code) {
      const parent = node.parentId ? (await repo.byId(trx, node.parentId))! : null;
      const p = checkCode(input.code, node.level, parent?.code ?? null);
      if (p) throw new AppError('VALIDATION', text(p.zh, p.en), { fields: [{ path: 'code', message: p.en }] });
      if (await repo.activeCodeExists(trx, input.code))
        throw new AppError('CONFLICT', text(`区划代码 ${input.code} 已存在`, `region code ${input.code} already exists`));
      node = await repo.relocate(trx, node, parent, input.code, input.reason ?? '代码变更');
    }
    await audit(trx, ctx, 'region.update', node.code, { code, name: input.name, newCode: input.code, geometry: input.geometry === undefined ? undefined : 'changed', reason: input.reason });
    return node;
  });
}

/** Move a node (with its subtree) under another parent of the level above; codes follow the new parent. */
export async function move(ctx: Ctx, code: string, input: { parentCode: string; code?: string; version?: number; reason?: string }) {
  return ctx.db.transaction().execute(async (trx) => {
    const node = await activeByCode(trx, code, 'code');
    checkVersion(node, input.version);
    const parent = await activeByCode(trx, input.parentCode, 'parentCode');
    if (parent.path.startsWith(node.path))
      throw new AppError('UNPROCESSABLE', text('不能移动到自己的下级之下', 'cannot move a node under its own subtree'));
    if (childLevel(parent.level) !== node.level)
      throw new AppError(
        'UNPROCESSABLE',
        text(`${levelInfo(node.level).zh}只能放在${levelInfo(LEVELS[LEVELS.findIndex((l) => l.level === node.level) - 1]?.level ?? 'city').zh}之下`, `a ${node.level} must sit under the level directly above it`),
      );
    if (parent.id === node.parentId && (!input.code || input.code === node.code)) return node;
    let newCode = input.code;
    if (newCode) {
      const p = checkCode(newCode, node.level, parent.code);
      if (p) throw new AppError('VALIDATION', text(p.zh, p.en), { fields: [{ path: 'code', message: p.en }] });
      if (await repo.activeCodeExists(trx, newCode))
        throw new AppError('CONFLICT', text(`区划代码 ${newCode} 已存在`, `region code ${newCode} already exists`));
    } else {
      newCode = nextChildCode(parent.code, node.level, await repo.childCodes(trx, parent.id)) ?? undefined;
      if (!newCode) throw new AppError('UNPROCESSABLE', text('新上级下的代码已用完', 'no free code left under the new parent'));
    }
    const moved = await repo.relocate(trx, node, parent, newCode, input.reason ?? `调整隶属至 ${parent.code}`);
    await audit(trx, ctx, 'region.move', moved.code, { from: code, parentCode: parent.code, reason: input.reason });
    return moved;
  });
}

/** Retire a node (撤并): its active children move under the successor, its code keeps resolving. */
export async function retire(ctx: Ctx, code: string, input: { successorCode: string; reason?: string; version?: number }) {
  return ctx.db.transaction().execute(async (trx) => {
    const node = await activeByCode(trx, code, 'code');
    checkVersion(node, input.version);
    const successor = await activeByCode(trx, input.successorCode, 'successorCode');
    if (successor.id === node.id || successor.path.startsWith(node.path))
      throw new AppError('UNPROCESSABLE', text('承继区划不能是自身或其下级', 'the successor cannot be the node or inside it'));
    if (successor.level !== node.level)
      throw new AppError('UNPROCESSABLE', text('承继区划须与被撤并区划同级', 'the successor must be of the same level'));
    const reason = input.reason ?? `${node.name}撤并入${successor.name}`;
    for (const child of await repo.activeChildren(trx, node.id)) {
      const used = await repo.childCodes(trx, successor.id);
      const newCode = nextChildCode(successor.code, child.level, used);
      if (!newCode) throw new AppError('UNPROCESSABLE', text('承继区划下的代码已用完', 'no free code left under the successor'));
      await repo.relocate(trx, child, successor, newCode, reason);
    }
    const retired = await repo.retire(trx, node.id, successor.id);
    await audit(trx, ctx, 'region.retire', node.code, { successorCode: successor.code, reason });
    return retired;
  });
}

/** Active nodes whose name or code contains `q`, shallowest first, with their ancestors' names. */
export async function search(ctx: Ctx, q: string, rootCode: string | undefined, limit: number) {
  const root = rootCode ? await activeByCode(ctx.db, rootCode, 'root') : undefined;
  const rows = await repo.search(ctx.db, q, root?.path, limit);
  const ids = [...new Set(rows.flatMap((r) => r.path.split('/').filter(Boolean).map(Number)))];
  const names = new Map((await repo.byIds(ctx.db, ids)).map((r) => [r.id, r.name]));
  return rows.map((r) => ({
    id: r.id, code: r.code, name: r.name, level: r.level,
    pathNames: r.path.split('/').filter(Boolean).map(Number).slice(0, -1).map((id) => names.get(id) ?? ''),
  }));
}

/** The smallest active region (a grid where there is one) whose polygon contains the point. */
export async function locate(ctx: Ctx, lat: number, lng: number) {
  const candidates = await repo.boxesContaining(ctx.db, lng, lat);
  const hit = candidates.find((c) => c.geometry && contains(c.geometry as Geometry, lng, lat));
  if (!hit) throw notFound(text('该位置不在任何已划定的网格内', 'no mapped region contains this point'), { lat, lng });
  const chain = await repo.ancestors(ctx.db, hit.path);
  return { id: hit.id, code: hit.code, name: hit.name, level: hit.level, ancestors: chain.slice(0, -1) };
}
