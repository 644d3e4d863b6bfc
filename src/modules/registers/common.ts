// What the registers (一标三实, key persons) share: field errors, the grid a record lives in and whether the caller
// may write there, the change log (who changed what, when) written in the caller's transaction, Chinese search
// through the fq_ngrams index, and the Excel answer.
import { ExcelJS } from '../imports/exceljs-utf8.js';
import { sql, type Kysely, type SqlBool, type Expression } from 'kysely';
import type { FastifyReply } from 'fastify';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../db/business-time.js';
import { AppError, text, type Text } from '../../http/errors.js';
import { pathInScope } from '../../http/scope.js';
import type { Actor } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/auth.service.js';
import { GRID_LEVELS } from '../regions/regions.codes.js';
import { resolve } from '../regions/regions.service.js';
import type { CipherSuite } from '../personal/index.js';

export interface RegisterCtx {
  db: Kysely<DB>;
  clock: Clock;
  cipher: CipherSuite;
}

/** Who writes: the session user (scope) and the audit actor. Import jobs pass the importing user. */
export interface WriteActor {
  user: SessionUser;
  audit: Actor;
  /** set by the import framework: rows written are tagged with the job (invisible until it is done, see
   * registers/visible.ts) and the job writes one audit row for the whole import instead of one per row */
  importJobId?: number;
}

export type FieldProblem = { column: string; message: string };
export type RowCheck<T> = { ok: true; value: T } | { ok: false; errors: FieldProblem[] };

export const fieldError = (path: string, t: Text) => new AppError('VALIDATION', text(t.zh, t.en), { fields: [{ path, message: t.en }] });

/** A 400 from a failed row check (the first problem names the field). */
export function throwRowErrors(errors: FieldProblem[]): never {
  const first = errors[0];
  throw new AppError('VALIDATION', text(`${first.column}：${first.message}`, `${first.column}: ${first.message}`), {
    fields: errors.map((e) => ({ path: e.column, message: e.message })),
  });
}

export const outsideArea = (details?: unknown) => new AppError('FORBIDDEN', text('该网格不在您的管辖范围内', 'this grid is outside your area'), details);

/** An active grid node by code; 400 when the code names something that is not a grid, 403 outside the caller's area. */
export async function writableGrid(q: Kysely<DB>, user: SessionUser, gridCode: string, field = 'gridCode') {
  const { node } = await resolve(q, gridCode);
  if (node.status !== 'active' || !GRID_LEVELS.includes(node.level))
    throw fieldError(field, text('请选择一个网格', `${field} must name an active grid`));
  if (!pathInScope(node.path, user.scopePaths)) throw outsideArea({ [field]: gridCode });
  return node;
}

/** A grid by id, checked for writing by this user (403 outside the area). */
export async function assertGridWritable(q: Kysely<DB>, user: SessionUser, gridId: number, details?: unknown) {
  const g = await q.selectFrom('regions').select(['id', 'code', 'path']).where('id', '=', gridId).executeTakeFirstOrThrow();
  if (!pathInScope(g.path, user.scopePaths)) throw outsideArea(details);
  return g;
}

export type Entity = 'address' | 'housing' | 'person' | 'establishment' | 'keyperson';

/** What changed between two versions of a record; sensitive keys only say that they changed. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>, sensitive: string[] = []) {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(after)) {
    if (after[k] === undefined) continue;
    const a = before[k] ?? null;
    const b = after[k] ?? null;
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    out[k] = sensitive.includes(k) ? { changed: true } : { from: a, to: b };
  }
  return out;
}

export async function logChange(q: Kysely<DB>, actor: Actor, at: Date, entity: Entity, entityId: number, action: string, changes: Record<string, unknown> = {}) {
  await q.insertInto('registerChanges').values({ entity, entityId, action, changes: JSON.stringify(changes), actorId: actor.actorId, actorName: actor.actorName, at }).execute();
}

export async function logChanges(q: Kysely<DB>, actor: Actor, at: Date, entity: Entity, ids: number[], action: string) {
  for (let i = 0; i < ids.length; i += 1000)
    await q.insertInto('registerChanges').values(ids.slice(i, i + 1000).map((entityId) => ({ entity, entityId, action, changes: '{}', actorId: actor.actorId, actorName: actor.actorName, at }))).execute();
}

export async function history(q: Kysely<DB>, entity: Entity, entityId: number) {
  const rows = await q
    .selectFrom('registerChanges')
    .leftJoin('users', 'users.id', 'registerChanges.actorId')
    .select(['registerChanges.id', 'registerChanges.action', 'registerChanges.changes', 'registerChanges.actorName', 'users.displayName as actorDisplayName', 'registerChanges.at'])
    .where('entity', '=', entity)
    .where('entityId', '=', entityId)
    .orderBy('registerChanges.id')
    .execute();
  return { items: rows };
}

/** Characters and overlapping pairs of a search term: what the fq_ngrams index holds. */
export function ngrams(q: string): string[] {
  const s = [...q.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '')];
  if (s.length === 1) return s;
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) out.add(s[i] + s[i + 1]);
  return [...out];
}

/** SQL: the ngram index holds every gram of `q`, rechecked with LIKE on the text column. */
export function textMatch(vectorCol: string, textCol: string, q: string): Expression<SqlBool> {
  const grams = ngrams(q);
  if (grams.length === 0) throw fieldError('q', text('请输入要查找的文字', 'enter some text to search'));
  const tsq = grams.map((g) => `'${g.replace(/'/g, "''")}'`).join(' & ');
  const like = `%${q.trim().replace(/[%_\\]/g, '\\$&')}%`;
  return sql<SqlBool>`(${sql.ref(vectorCol)} @@ ${tsq}::tsquery and ${sql.ref(textCol)} like ${like})`;
}

export const ExportBody = { reason: 'reason' };

/** Send a one-sheet workbook. */
export async function sendXlsx(reply: FastifyReply, filename: string, sheet: string, columns: { header: string; key: string; width?: number }[], rows: Record<string, unknown>[]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.columns = columns.map((c) => ({ width: 16, ...c }));
  for (const r of rows) ws.addRow(r);
  ws.getRow(1).font = { bold: true };
  reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`);
  return reply.send(Buffer.from(await wb.xlsx.writeBuffer()));
}

/** Read every page of a keyset-paged list (capped). */
export async function allPages<T extends { id: number }>(page: (cursor: number | undefined) => Promise<{ items: T[]; nextCursor: number | null }>, cap = 50_000) {
  const out: T[] = [];
  let cursor: number | undefined;
  do {
    const p = await page(cursor);
    out.push(...p.items);
    cursor = p.nextCursor ?? undefined;
  } while (cursor && out.length < cap);
  return out;
}

export const canUnmask = (u: SessionUser) => u.permissions.includes('personal.unmask');
