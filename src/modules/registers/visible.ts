// Which register rows a reader may see. Imports write their rows in short chunks, each row tagged with its
// import job (import_job_id); such a row stays invisible to every reader until its job is done, so nobody
// ever sees half an import. Every read of people, housing, establishments, key persons (lists, details,
// search, counts, exports, blind-index lookups, joins from other modules) goes through `visible`.
// Write-side uniqueness checks deliberately do not: a key held by a loading import is taken (`heldByImport`).
import { sql, type Expression, type SqlBool } from 'kysely';

export type ImportedTable = 'people' | 'housing' | 'establishments' | 'keypersons' | 'addresses';

/** SQL: the row of `alias` (a table name or its alias in the query) is not part of an unfinished import. */
export function visible(alias: string): Expression<SqlBool> {
  const col = sql.ref(`${alias}.importJobId`);
  return sql<SqlBool>`(${col} is null or ${col} in (select fq_ij.id from import_jobs fq_ij where fq_ij.status = 'done'))`;
}

/** A 409 message for a key (ID number, address) held by a row of an import that is still running. */
export const heldByImport = { zh: '该记录正在由一个导入任务写入，请在导入结束后再试', en: 'an import that is still running holds this record; try again when it has finished' };
