// The only place with SQL for cases.
import { sql, type Kysely, type Selectable } from 'kysely';
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
