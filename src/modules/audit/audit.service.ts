// The audit log: rows written in the caller's transaction (record), a hash chain appended later in
// sealing order (seal), and a walk that names the first broken link (verify).
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { FastifyRequest } from 'fastify';

type Q = Kysely<DB>;

export interface Actor {
  actorId: number | null;
  actorName: string | null;
  role: string | null;
  regionId: number | null;
  ip: string | null;
  requestId: string | null;
}

export interface AuditEntry {
  action: string;
  objectType?: string;
  objectId?: string | number;
  outcome?: 'success' | 'failure' | 'denied';
  details?: Record<string, unknown>;
}

export const GENESIS = '0'.repeat(64);

/** Who is acting, from a request (session user if any). */
export function actorOf(req: FastifyRequest): Actor {
  const u = req.user;
  return {
    actorId: u?.id ?? null,
    actorName: u?.username ?? null,
    role: u?.role ?? null,
    regionId: u?.regionId ?? null,
    ip: req.ip ?? null,
    requestId: String(req.id),
  };
}

export const systemActor = (name = 'system'): Actor => ({ actorId: null, actorName: name, role: null, regionId: null, ip: null, requestId: null });

/** The values of one audit row (record writes one; intake batches write many at once). */
export function auditValues(actor: Actor, e: AuditEntry, at: Date = new Date()) {
  return {
    at,
    ...actor,
    action: e.action,
    objectType: e.objectType ?? null,
    objectId: e.objectId === undefined ? null : String(e.objectId),
    outcome: e.outcome ?? 'success',
    details: e.details ? JSON.stringify(e.details) : null,
  };
}

/** Append one audit row inside the caller's transaction. */
export async function record(q: Q, actor: Actor, e: AuditEntry, at: Date = new Date()) {
  await q.insertInto('auditLog').values(auditValues(actor, e, at)).execute();
}

type AuditRow = {
  id: number; at: Date; actorId: number | null; actorName: string | null; role: string | null; regionId: number | null;
  ip: string | null; requestId: string | null; action: string; objectType: string | null; objectId: string | null;
  outcome: string; details: unknown;
};

const canonical = (v: unknown): string => {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
};

export function linkHash(prev: string, r: AuditRow): string {
  const content = canonical([
    r.id, new Date(r.at).toISOString(), r.actorId, r.actorName, r.role, r.regionId, r.ip, r.requestId,
    r.action, r.objectType, r.objectId, r.outcome, r.details ?? null,
  ]);
  return createHash('sha256').update(prev).update('\n').update(content).digest('hex');
}

const auditCols = ['id', 'at', 'actorId', 'actorName', 'role', 'regionId', 'ip', 'requestId', 'action', 'objectType', 'objectId', 'outcome', 'details'] as const;

/**
 * Seal the rows not yet in the chain, oldest id first, in batches. One sealer at a time
 * (a transaction-scoped advisory lock), so two server processes never fork the chain.
 */
export async function seal(db: Q, batch = 2000): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(72640001)`.execute(trx);
      const last = await trx.selectFrom('auditSeals').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      const rows = (await trx
        .selectFrom('auditLog')
        .select(auditCols.map((c) => `auditLog.${c}` as const))
        .leftJoin('auditSeals', 'auditSeals.auditId', 'auditLog.id')
        .where('auditSeals.seq', 'is', null)
        .orderBy('auditLog.id')
        .limit(batch)
        .execute()) as AuditRow[];
      if (rows.length === 0) return 0;
      let seq = last?.seq ?? 0;
      let prev = last?.hash ?? GENESIS;
      const seals = rows.map((r) => {
        const hash = linkHash(prev, r);
        const s = { seq: ++seq, auditId: r.id, prevHash: prev, hash };
        prev = hash;
        return s;
      });
      await trx.insertInto('auditSeals').values(seals).execute();
      return rows.length;
    });
    total += n;
    if (n < batch) return total;
  }
}

export interface ChainStatus {
  ok: boolean;
  sealed: number;
  unsealed: number;
  lastSealedAt: Date | null;
  firstBroken: { seq: number; auditId: number; reason: string } | null;
}

/** Walk the chain in sealing order and recompute every link. */
export async function verify(db: Q, batch = 5000): Promise<ChainStatus> {
  let prev = GENESIS;
  let expectedSeq = 1;
  let sealed = 0;
  let lastSealedAt: Date | null = null;
  for (;;) {
    const rows = await db
      .selectFrom('auditSeals')
      .leftJoin('auditLog', 'auditLog.id', 'auditSeals.auditId')
      .select(['auditSeals.seq', 'auditSeals.auditId', 'auditSeals.prevHash', 'auditSeals.hash', 'auditSeals.sealedAt', ...auditCols.map((c) => `auditLog.${c}` as const)])
      .where('auditSeals.seq', '>=', expectedSeq)
      .orderBy('auditSeals.seq')
      .limit(batch)
      .execute();
    for (const r of rows) {
      const broken = (reason: string) => ({ ok: false, sealed, unsealed: -1, lastSealedAt, firstBroken: { seq: r.seq, auditId: r.auditId, reason } });
      if (r.seq !== expectedSeq) return finish(db, broken(`missing link ${expectedSeq}`));
      if (r.id === null) return finish(db, broken('audit row deleted'));
      if (r.prevHash !== prev) return finish(db, broken('link does not follow the previous one'));
      const h = linkHash(prev, r as unknown as AuditRow);
      if (h !== r.hash) return finish(db, broken('row content changed after sealing'));
      prev = r.hash;
      expectedSeq++;
      sealed++;
      lastSealedAt = r.sealedAt;
    }
    if (rows.length < batch) break;
  }
  return finish(db, { ok: true, sealed, unsealed: -1, lastSealedAt, firstBroken: null });
}

async function finish(db: Q, s: ChainStatus): Promise<ChainStatus> {
  const r = await db
    .selectFrom('auditLog')
    .leftJoin('auditSeals', 'auditSeals.auditId', 'auditLog.id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('auditSeals.seq', 'is', null)
    .executeTakeFirstOrThrow();
  return { ...s, unsealed: Number(r.n) };
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  objectId?: string;
  from?: Date;
  to?: Date;
  cursor?: number;
  limit: number;
}

/** Newest first, keyset paged by id. */
export async function list(db: Q, f: AuditQuery) {
  let q = db
    .selectFrom('auditLog')
    .leftJoin('auditSeals', 'auditSeals.auditId', 'auditLog.id')
    .select([...auditCols.map((c) => `auditLog.${c}` as const), 'auditSeals.seq'])
    .orderBy('auditLog.id', 'desc')
    .limit(f.limit + 1);
  if (f.actor) q = q.where('auditLog.actorName', '=', f.actor);
  if (f.action) q = q.where('auditLog.action', f.action.endsWith('*') ? 'like' : '=', f.action.replace(/\*$/, '%'));
  if (f.objectId) q = q.where('auditLog.objectId', '=', f.objectId);
  if (f.from) q = q.where('auditLog.at', '>=', f.from);
  if (f.to) q = q.where('auditLog.at', '<', f.to);
  if (f.cursor) q = q.where('auditLog.id', '<', f.cursor);
  const rows = await q.execute();
  const more = rows.length > f.limit;
  const items = rows.slice(0, f.limit);
  return { items, nextCursor: more ? items[items.length - 1].id : null };
}
