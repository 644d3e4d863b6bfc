// One entry point for both databases: embedded PGlite (default) or a PostgreSQL server.
// Both get the same Kysely API, the business time zone on every connection and the same
// parsing of date (string 'YYYY-MM-DD'), int8 (number), numeric (string) and timestamptz (Date).
import { Kysely, PostgresDialect, CamelCasePlugin, sql } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGliteDialect } from './pglite-dialect.js';
import type { DB } from './schema.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  kind: DatabaseKind;
  timeZone: string;
  /** the PGlite instance, when embedded (used to save test templates) */
  pglite?: PGlite;
  /** the server's address, on PostgreSQL (the live relay opens its own LISTEN connection) */
  url?: string;
  close(): Promise<void>;
}

const OID = { int8: 20, int8Array: 1016, numeric: 1700, date: 1082, timestamptz: 1184 } as const;

const parseInt8 = (v: string) => Number(v);
/** '{1,2,NULL}' → [1, 2, null] — int8[] the same on both drivers (pg would give strings) */
const parseInt8Array = (v: string) => (v === '{}' ? [] : v.slice(1, -1).split(',').map((x) => (x === 'NULL' ? null : Number(x))));
const identity = (v: string) => v;

export interface OpenOptions {
  timeZone: string;
  /** postgres://… to use a server; otherwise embedded */
  url?: string;
  /** embedded: directory, or undefined for an in-memory database */
  dataDir?: string;
  /** embedded: start from a saved data directory tarball */
  loadDataDir?: Blob;
  /** pool size for a server */
  poolSize?: number;
}

export async function openDatabase(o: OpenOptions): Promise<Database> {
  assertTimeZoneName(o.timeZone);
  if (o.url) return openPostgres(o.url, o.timeZone, o.poolSize ?? 10);
  return openPGlite(o.dataDir, o.timeZone, o.loadDataDir);
}

/**
 * Statements whose text starts with PREPARE (a comment, so PGlite and other drivers run them as they are) are
 * sent to PostgreSQL as named prepared statements: each connection parses and plans such a text once and then
 * reuses it (a generic plan after five runs), instead of parsing, analysing and planning it on every run.
 * Meant for a hot statement with a fixed text and only parameters varying (the intake batch, cases.repo.ts).
 */
export const PREPARE = '/* prepare */ ';
const MAX_PREPARED = 64;
const preparedNames = new Map<string, string>();
class PreparingClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && config.startsWith(PREPARE) && Array.isArray(values)) {
      let name = preparedNames.get(config);
      if (!name && preparedNames.size < MAX_PREPARED) preparedNames.set(config, (name = `fq_prepared_${preparedNames.size + 1}`));
      if (name) return super.query({ name, text: config, values }, callback);
    }
    return super.query(config, values, callback);
  }
}

async function openPostgres(url: string, timeZone: string, max: number): Promise<Database> {
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === OID.int8) return parseInt8;
      if (oid === OID.int8Array) return parseInt8Array;
      if (oid === OID.numeric || oid === OID.date) return identity;
      return pg.types.getTypeParser(oid, format as 'text');
    },
  };
  const pool = new pg.Pool({ connectionString: url, max, types, options: `-c TimeZone=${timeZone}`, Client: PreparingClient });
  // an idle client whose connection the server ended (restart, DROP DATABASE … WITH (FORCE)) must not crash
  // the process: the pool drops it and the next query opens a new connection
  pool.on('error', (err) => console.warn(`PostgreSQL idle connection ended: ${err.message}`));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
  await sql`select 1`.execute(db); // fail early with a clear connection error
  return { db, kind: 'postgres', timeZone, url, close: () => db.destroy() };
}

async function openPGlite(dataDir: string | undefined, timeZone: string, loadDataDir?: Blob): Promise<Database> {
  const pglite = new PGlite({
    dataDir,
    loadDataDir,
    extensions: { pg_trgm },
    parsers: {
      [OID.int8]: parseInt8,
      [OID.int8Array]: parseInt8Array,
      [OID.numeric]: identity,
      [OID.date]: identity,
    },
  });
  await pglite.waitReady;
  await pglite.exec(`set time zone '${timeZone}'`);
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite), plugins: [new CamelCasePlugin()] });
  return { db, kind: 'pglite', timeZone, pglite, close: () => db.destroy() };
}

function assertTimeZoneName(tz: string) {
  if (!/^[A-Za-z_]+(\/[A-Za-z_+-]+)*$/.test(tz)) throw new Error(`invalid time zone name: ${tz}`);
}
