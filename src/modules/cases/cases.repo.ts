// The only place with SQL for cases.
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { DB, CasesTable } from '../../db/schema.js';

export type Q = Kysely<DB>;
export type CaseRow = Omit<Selectable<CasesTable>, 'searchVector'>;

const caseCols = [
  'id', 'caseNumber', 'trackingCode', 'title', 'description', 'category', 'disputeType', 'scale', 'urgency', 'channel',
  'placeRegionId', 'placePath', 'address', 'lat', 'lng', 'level', 'officeUnitId', 'officeRegionId', 'officePath',
  'assignedUnitId', 'assignedUserId', 'coUnitIds', 'firstLevel', 'highestLevel', 'status', 'version', 'confidential',
  'avoidUnitIds', 'resolvedOnSite', 'disposition', 'result', 'satisfaction', 'ratingMethod', 'ratedAt', 'reworkCount',
  'reopened', 'mergedIntoId', 'applicantPhone4', 'applicantPhoneIndex', 'applicantIdIndex', 'stage', 'stageDueAt',
  'createdBy', 'businessDate', 'createdAt', 'updatedAt', 'filedAt', 'closedAt', 'archivedAt', 'campaignId', 'stageSeq', 'stageStartedAt', 'stageDueProvisional',
] as const;
export { caseCols };

/** The office unit of a region node (kind 'office'), or of the nearest ancestor that has one. */
export async function officeFor(q: Q, path: string) {
  const ids = path.split('/').filter(Boolean).map(Number);
  const rows = await q
    .selectFrom('units')
    .innerJoin('regions', 'regions.id', 'units.regionId')
    .select(['units.id as unitId', 'units.name as unitName', 'regions.id as regionId', 'regions.path', 'regions.level', 'regions.depth'])
    .where('units.kind', '=', 'office')
    .where('units.status', '=', 'active')
    .where('regions.id', 'in', ids)
    .orderBy('regions.depth', 'desc')
    .execute();
  return rows;
}

export async function nextCaseNumber(q: Q) {
  const r = await sql<{ n: number }>`select nextval('case_number_seq')::int8 as n`.execute(q);
  return r.rows[0].n;
}

export async function byId(q: Q, id: number) {
  return q.selectFrom('cases').select(caseCols).where('id', '=', id).executeTakeFirst() as Promise<CaseRow | undefined>;
}

export async function byIdForUpdate(q: Q, id: number) {
  return q.selectFrom('cases').select(caseCols).where('id', '=', id).forUpdate().executeTakeFirst() as Promise<CaseRow | undefined>;
}

export async function byTrackingCode(q: Q, code: string) {
  return q.selectFrom('cases').select(caseCols).where('trackingCode', '=', code).executeTakeFirst() as Promise<CaseRow | undefined>;
}

export async function parties(q: Q, caseId: number) {
  return q.selectFrom('caseParties').selectAll().where('caseId', '=', caseId).orderBy('id').execute();
}

export async function timeline(q: Q, caseId: number, publicOnly = false) {
  let query = q
    .selectFrom('caseActions')
    .leftJoin('users', 'users.id', 'caseActions.actorId')
    .selectAll('caseActions')
    .select('users.displayName as actorDisplayName')
    .where('caseActions.caseId', '=', caseId)
    .orderBy('caseActions.id');
  if (publicOnly) query = query.where('caseActions.public', '=', true);
  return query.execute();
}

export async function unitsByIds(q: Q, ids: number[]) {
  if (ids.length === 0) return [];
  return q.selectFrom('units').innerJoin('regions', 'regions.id', 'units.regionId').select(['units.id', 'units.name', 'units.kind', 'units.regionId', 'regions.path', 'regions.level']).where('units.id', 'in', ids).execute();
}

export async function userName(q: Q, id: number | null) {
  if (!id) return null;
  return (await q.selectFrom('users').select('displayName').where('id', '=', id).executeTakeFirst())?.displayName ?? null;
}

export async function regionById(q: Q, id: number) {
  return q.selectFrom('regions').select(['id', 'code', 'name', 'level', 'path', 'status', 'depth']).where('id', '=', id).executeTakeFirst();
}

export async function ancestorsOf(q: Q, path: string) {
  const ids = path.split('/').filter(Boolean).map(Number);
  return q.selectFrom('regions').select(['id', 'code', 'name', 'level', 'path']).where('id', 'in', ids).orderBy('depth').execute();
}

// —— intake batches (cases.intake.ts writeIntakes): one statement per table for many cases ——

/** `n` case numbers from the sequence in one round trip. */
export async function nextCaseNumbers(q: Q, n: number): Promise<number[]> {
  const r = await sql<{ n: string | number }>`select nextval('case_number_seq')::int8 as n from generate_series(1, ${n}::int)`.execute(q);
  return r.rows.map((x) => Number(x.n));
}

export async function insertCases(q: Q, rows: Insertable<CasesTable>[]) {
  return (await q.insertInto('cases').values(rows).returning(caseCols).execute()) as CaseRow[];
}

type Key = { scope: string; key: string; hash: string };

/** Claim idempotency keys (in a stable order); answers the keys this call claimed. A twin in flight makes this wait for its commit. */
export async function claimIdempotencyKeys(q: Q, keys: Key[]) {
  const rows = await q
    .insertInto('idempotencyKeys')
    .values(keys.map((k) => ({ scope: k.scope, key: k.key, requestHash: k.hash, status: 0, response: '{}' })))
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .returning(['scope', 'key'])
    .execute();
  return new Set(rows.map((r) => `${r.scope}\u0000${r.key}`));
}

export async function idempotencyKeys(q: Q, keys: Key[]) {
  return q
    .selectFrom('idempotencyKeys')
    .selectAll()
    .where((eb) => eb.or(keys.map((k) => eb.and([eb('scope', '=', k.scope), eb('key', '=', k.key)]))))
    .execute();
}

/** The answers of claimed keys, in one statement. */
export async function storeIdempotentAnswers(q: Q, rows: { scope: string; key: string; response: string }[]) {
  await sql`
    update idempotency_keys k set status = 201, response = v.response::jsonb
    from unnest(${rows.map((r) => r.scope)}::text[], ${rows.map((r) => r.key)}::text[], ${rows.map((r) => r.response)}::text[]) as v(scope, key, response)
    where k.scope = v.scope and k.key = v.key`.execute(q);
}
