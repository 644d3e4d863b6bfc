// The only place with SQL for cases.
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { DB, CasesTable } from '../../db/schema.js';
import { PREPARE } from '../../db/database.js';

export type Q = Kysely<DB>;
export type CaseRow = Omit<Selectable<CasesTable>, 'searchVector'>;

const caseCols = [
  'id', 'caseNumber', 'trackingCode', 'title', 'description', 'category', 'disputeType', 'scale', 'urgency', 'channel',
  'placeRegionId', 'placePath', 'address', 'lat', 'lng', 'level', 'officeUnitId', 'officeRegionId', 'officePath',
  'assignedUnitId', 'assignedUserId', 'coUnitIds', 'firstLevel', 'highestLevel', 'status', 'version', 'confidential',
  'avoidUnitIds', 'resolvedOnSite', 'disposition', 'result', 'satisfaction', 'ratingMethod', 'ratedAt', 'reworkCount',
  'reopened', 'mergedIntoId', 'applicantPhone4', 'applicantPhoneIndex', 'applicantIdIndex', 'stage', 'stageDueAt',
  'createdBy', 'businessDate', 'createdAt', 'updatedAt', 'filedAt', 'closedAt', 'archivedAt', 'campaignId', 'stageSeq', 'stageStartedAt', 'stageDueProvisional', 'handleDueAt',
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

export async function byIds(q: Q, ids: number[]) {
  return q.selectFrom('cases').select(caseCols).where('id', 'in', ids).execute() as Promise<CaseRow[]>;
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

/** `n` case ids and case numbers from their sequences in one round trip (reserved ahead by the intake batcher). */
export async function reserveCaseIds(q: Q, n: number): Promise<{ id: number; n: number }[]> {
  const r = await sql<{ id: string | number; n: string | number }>`
    select nextval(pg_get_serial_sequence('cases', 'id'))::int8 as id, nextval('case_number_seq')::int8 as n from generate_series(1, ${n}::int)`.execute(q);
  return r.rows.map((x) => ({ id: Number(x.id), n: Number(x.n) }));
}

const snakes = new Map<string, string>();
const snake = (k: string) => {
  let s = snakes.get(k);
  if (s === undefined) snakes.set(k, (s = k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)));
  return s;
};
/** Columns whose values arrive as JSON text (kysely convention) and go in as json objects here. */
const JSON_TEXT = new Set(['data', 'details', 'response']);

/**
 * Rows of one table as a JSON array parameter with snake_case keys, written out directly (half the time of
 * building objects for JSON.stringify): a null or missing value is left out (json_populate_recordset gives
 * it null, as the column list still names it), a JSON-text column (`data`, `details`, `response`) goes in
 * as the JSON it already is.
 */
function tableRows(rows: Record<string, unknown>[]) {
  const keys = Object.keys(rows[0]);
  const cols = keys.map(snake);
  for (const c of cols) if (!/^[a-z_0-9]+$/.test(c)) throw new Error(`bad column ${c}`);
  const raw = keys.map((k) => JSON_TEXT.has(k));
  let out = '[';
  for (let r = 0; r < rows.length; r++) {
    const v = rows[r];
    let sep = r ? ',{' : '{';
    for (let i = 0; i < keys.length; i++) {
      const x = v[keys[i]];
      if (x === null || x === undefined) continue;
      out += `${sep}"${cols[i]}":${raw[i] && typeof x === 'string' ? x : typeof x === 'number' ? (Number.isFinite(x) ? String(x) : 'null') : typeof x === 'boolean' ? String(x) : x instanceof Date ? `"${x.toISOString()}"` : JSON.stringify(x)}`;
      sep = ',';
    }
    out += sep === ',' ? '}' : `${sep}}`;
  }
  return { cols, json: `${out}]` };
}

export interface AtOnceTables {
  keys: { caseId: number; values: Record<string, unknown> }[];
  cases: { caseId: number; values: Record<string, unknown> }[];
  children: { table: 'case_parties' | 'case_actions' | 'audit_log' | 'case_stat_deltas'; rows: Record<string, unknown>[] }[];
}

/**
 * One statement (atomic on its own, no transaction round trips): claim the idempotency keys with their
 * answers, then insert each table's rows only for cases whose key was claimed (or that have none).
 * Answers the ids of the cases it inserted (the caller holds their rows). The rows are built by the same functions as single writes; this only moves them.
 */
export async function insertIntakesAtOnce(q: Q, t: AtOnceTables): Promise<Set<number>> {
  const insert = (table: AtOnceTables['children'][number]['table'], name: string, rows: Record<string, unknown>[]) => {
    const { cols, json } = tableRows(rows);
    const list = sql.raw(cols.join(', '));
    // the case a row belongs to, from the populated record: its case_id, or for the audit log the object id (objectType 'case')
    const caseOf = cols.includes('case_id') ? 'r.case_id' : 'r.object_id::int8';
    return sql`${sql.raw(name)} as (insert into ${sql.raw(table)} (${list}) select ${sql.raw(cols.map((c) => `r.${c}`).join(', '))}
      from json_populate_recordset(null::${sql.raw(table)}, ${json}::json) r
      where ${sql.raw(caseOf)} in (select id from live))`;
  };
  const keys = t.keys.length ? tableRows(t.keys.map((k) => k.values)) : null;
  const claims = keys
    ? sql`claims as (insert into idempotency_keys (${sql.raw(keys.cols.join(', '))})
        select ${sql.raw(keys.cols.map((c) => `r.${c}`).join(', '))}
        from json_populate_recordset(null::idempotency_keys, ${keys.json}::json) r order by r.scope, r.key
        on conflict do nothing returning scope, key)`
    : sql`claims as (select null::text as scope, null::text as key where false)`;
  const keyOf = new Map(t.keys.map((k) => [k.caseId, k.values]));
  const ids = JSON.stringify(t.cases.map((c) => ({ id: c.caseId, scope: keyOf.get(c.caseId)?.scope ?? null, key: keyOf.get(c.caseId)?.key ?? null })));
  const cases = tableRows(t.cases.map((c) => c.values));
  const parts = [
    claims,
    sql`live as (select x.id from json_to_recordset(${ids}::json) as x(id int8, scope text, key text)
      where x.key is null or exists (select 1 from claims c where c.scope = x.scope and c.key = x.key))`,
    sql`c as (insert into cases (${sql.raw(cases.cols.join(', '))}) select ${sql.raw(cases.cols.map((c) => `r.${c}`).join(', '))}
      from json_populate_recordset(null::cases, ${cases.json}::json) r
      where r.id in (select id from live) returning id)`,
    ...t.children.filter((ch) => ch.rows.length).map((ch, i) => insert(ch.table, `w${i}`, ch.rows)),
  ];
  // a named prepared statement on PostgreSQL (database.ts): its text is the same from batch to batch, so each connection plans it once
  const r = await sql<{ id: number }>`${sql.raw(PREPARE)}with ${sql.join(parts, sql`, `)} select id from c`.execute(q);
  return new Set(r.rows.map((x) => Number(x.id)));
}
