// The whole database to one portable file and back (PGlite ⇄ PostgreSQL), in plain SQL.
// Format: gzip of NDJSON. Line 1 is a header; then `{"table":…,"rows":[…]}` batches of ≤ 1000 rows.
// Rows are PostgreSQL's own `to_jsonb(row)` text. It is never re-serialised on the way (numbers keep
// their precision): import hands each line to `jsonb_populate_recordset`, which types it again.
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { sql, type Kysely, type Transaction } from 'kysely';

export const FORMAT = 'fengqiao-export';
export const VERSION = 1;
const BATCH = 1000;

export interface Header {
  format: typeof FORMAT;
  version: typeof VERSION;
  createdAt: string;
  source?: 'pglite' | 'postgres';
  migrations: string[];
  tables: Record<string, number>;
}

export interface Progress {
  table: string;
  /** rows of this table done so far, of `total` */
  rows: number;
  total: number;
}

export interface PortableOptions {
  onProgress?: (p: Progress) => void;
}

export class PortableError extends Error {}

const fail = (zh: string, en: string) => new PortableError(`${zh} (${en})`);

type Q = Kysely<any> | Transaction<any>;
const tbl = (name: string) => sql.id('public', name);
const regclass = (name: string) => sql`format('%I.%I', 'public', ${name}::text)::regclass`;

/**
 * Data that only means something in the database that wrote it, so it is neither exported nor imported: the
 * statistics rollup and its compaction horizon (rebuilt by the next compaction; an import empties them), and
 * the writing transaction's id on each delta row (the target's own import transaction takes its place).
 */
export const LOCAL_TABLES = ['case_stat_rollup', 'case_stat_compaction'];
export const LOCAL_COLUMNS: Record<string, string[]> = { case_stat_deltas: ['tx'] };

/** Base tables of schema public except Kysely's own and the local ones, by name, with their primary key columns. */
async function listTables(q: Q) {
  const { rows } = await sql<{ name: string; pk: string[] | null }>`
    select c.relname::text as name,
      (select array_agg(a.attname::text order by k.ord)
         from pg_index i
         cross join unnest(i.indkey::int2[]) with ordinality as k(attnum, ord)
         join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
        where i.indrelid = c.oid and i.indisprimary) as pk
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      and c.relname not in ('kysely_migration', 'kysely_migration_lock', ${sql.join(LOCAL_TABLES)})
    order by c.relname`.execute(q);
  return rows.map((r) => ({ name: r.name, pk: r.pk ?? [] }));
}

async function appliedMigrations(q: Q): Promise<string[]> {
  const { rows } = await sql<{ there: boolean }>`select to_regclass('public.kysely_migration') is not null as there`.execute(q);
  if (!rows[0].there) return [];
  const m = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(q);
  return m.rows.map((r) => r.name);
}

async function countRows(q: Q, table: string) {
  const { rows } = await sql<{ n: string | number }>`select count(*)::int8 as n from ${tbl(table)}`.execute(q);
  return Number(rows[0].n);
}

/** Write the whole database to `out`: a path (written to `<path>.partial`, renamed when complete) or a stream. */
export async function exportDatabase(
  db: Kysely<any>,
  out: Writable | string,
  opts: PortableOptions & { source?: Header['source'] } = {},
): Promise<{ tables: Record<string, number> }> {
  const tables: Record<string, number> = {};
  async function* lines() {
    // one snapshot, so that the header's counts and the rows agree
    const trx = await db.withoutPlugins().startTransaction().setIsolationLevel('repeatable read').execute();
    try {
      const list = await listTables(trx);
      for (const t of list) tables[t.name] = await countRows(trx, t.name);
      const migrations = await appliedMigrations(trx);
      const header: Header = { format: FORMAT, version: VERSION, createdAt: new Date().toISOString(), source: opts.source, migrations, tables };
      yield JSON.stringify(header) + '\n'; // an unknown source is left out
      for (const t of list) {
        let done = 0;
        for await (const batch of readTable(trx, t.name, t.pk)) {
          for (const rows of bySize(batch)) yield `{"table":${JSON.stringify(t.name)},"rows":[${rows.join(',')}]}\n`;
          done += batch.length;
          opts.onProgress?.({ table: t.name, rows: done, total: tables[t.name] });
        }
      }
      await trx.commit().execute();
    } finally {
      if (!trx.isCommitted) await trx.rollback().execute();
    }
  }
  const tmp = typeof out === 'string' ? `${out}.partial` : undefined;
  try {
    await pipeline(Readable.from(lines()), createGzip(), tmp ? createWriteStream(tmp) : (out as Writable));
    if (tmp) await rename(tmp, out as string);
  } catch (e) {
    if (tmp) await unlink(tmp).catch(() => {});
    throw e;
  }
  return { tables };
}

/** Splits a batch so that a line stays well below V8's string limit even with large bytea values. */
function* bySize(rows: string[], max = 16 << 20) {
  let start = 0;
  let size = 0;
  for (let i = 0; i < rows.length; i++) {
    if (i > start && size + rows[i].length > max) {
      yield rows.slice(start, i);
      [start, size] = [i, 0];
    }
    size += rows[i].length;
  }
  yield rows.slice(start);
}

/** The row as jsonb without its local columns. */
function localColumnsOut(table: string) {
  const cols = LOCAL_COLUMNS[table] ?? [];
  return cols.length ? sql`(to_jsonb(t.*) - array[${sql.join(cols)}]::text[])` : sql`to_jsonb(t.*)`;
}

/** Batches of row texts in primary-key order (keyset), or in ctid order for a table without one. */
async function* readTable(q: Q, table: string, pk: string[]): AsyncGenerator<string[]> {
  const keys = pk.length ? sql.join(pk.map((c) => sql.id('t', c))) : sql`t.ctid`;
  let last: string | undefined;
  for (;;) {
    const after =
      last === undefined
        ? sql``
        : pk.length
          ? sql`where (${keys}) > (select ${sql.join(pk.map((c) => sql.id(c)))} from jsonb_populate_record(null::${tbl(table)}, ${last}::jsonb))`
          : sql`where t.ctid > ${last}::tid`;
    const { rows } = await sql<{ r: string; k: string }>`
      select ${localColumnsOut(table)}::text as r, t.ctid::text as k
      from ${tbl(table)} as t ${after} order by ${keys} limit ${sql.lit(BATCH)}`.execute(q);
    if (rows.length) yield rows.map((r) => r.r);
    if (rows.length < BATCH) return;
    last = pk.length ? rows[rows.length - 1].r : rows[rows.length - 1].k;
  }
}

/** Lines of a gzip'd NDJSON file; a damaged or truncated file throws a PortableError while reading. */
async function* readLines(input: Readable | string): AsyncGenerator<string> {
  const source = typeof input === 'string' ? createReadStream(input) : input;
  const gunzip = createGunzip();
  source.once('error', (e: Error) => gunzip.destroy(e));
  source.pipe(gunzip).setEncoding('utf8');
  let rest = '';
  try {
    for await (const chunk of gunzip as AsyncIterable<string>) {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      yield* parts.filter(Boolean);
    }
  } catch (e) {
    if (!String((e as { code?: string }).code).startsWith('Z_')) throw e;
    throw fail('导出文件不完整或已损坏，未写入任何数据', `the export file is truncated or damaged, nothing was written: ${(e as Error).message}`);
  } finally {
    gunzip.destroy();
    source.destroy();
  }
  if (rest) yield rest;
}

function parseLine<T>(line: string, n: number): T {
  try {
    return JSON.parse(line) as T;
  } catch {
    throw fail(`导出文件第 ${n} 行已损坏，未写入任何数据`, `line ${n} of the export file is damaged, nothing was written`);
  }
}

function checkHeader(h: Partial<Header> | undefined): asserts h is Header {
  if (!h || h.format !== FORMAT || typeof h.tables !== 'object' || !Array.isArray(h.migrations))
    throw fail('不是枫桥导出文件', 'not a Fengqiao export file');
  if (h.version !== VERSION) throw fail(`不支持的导出文件版本 ${h.version}`, `unsupported export file version ${h.version}`);
}

/**
 * Load an export into a migrated database whose tables are all empty, in one transaction:
 * everything or nothing. Foreign keys are checked at the end (ours are all DEFERRABLE).
 */
export async function importDatabase(
  db: Kysely<any>,
  input: Readable | string,
  opts: PortableOptions = {},
): Promise<{ tables: Record<string, number> }> {
  const lines = readLines(input);
  try {
    const first = await lines.next();
    const header = first.done ? undefined : parseLine<Header>(first.value, 1);
    checkHeader(header);
    const tables = await db
      .withoutPlugins()
      .transaction()
      .execute(async (trx) => {
        await checkTarget(trx, header);
        for (const t of LOCAL_TABLES) await sql`delete from ${tbl(t)}`.execute(trx); // the target compacts its own
        await sql`set constraints all deferred`.execute(trx);
        const columns = new Map<string, Map<string, boolean>>();
        const loaded: Record<string, number> = {};
        let n = 1;
        for await (const line of lines) {
          n++;
          const { table, rows } = parseLine<{ table?: unknown; rows?: unknown }>(line, n);
          if (typeof table !== 'string' || !Object.hasOwn(header.tables, table) || !Array.isArray(rows))
            throw fail(`导出文件第 ${n} 行格式错误`, `line ${n} of the export file is malformed`);
          if (!rows.length) continue;
          if (!columns.has(table)) columns.set(table, await tableColumns(trx, table));
          const cols = insertColumns(table, columns.get(table)!, rows[0]);
          await sql`
            insert into ${tbl(table)} (${cols}) overriding system value
            select ${cols} from jsonb_populate_recordset(null::${tbl(table)}, ${line}::jsonb -> 'rows')`.execute(trx);
          loaded[table] = (loaded[table] ?? 0) + rows.length;
          opts.onProgress?.({ table, rows: loaded[table], total: header.tables[table] });
        }
        const incomplete = (name: string, n: number, expected: number) =>
          fail(
            `表 ${name} 导入 ${n} 行，但文件头记载 ${expected} 行；文件不完整，未写入任何数据`,
            `table ${name}: ${n} rows imported but the header says ${expected}; the file is incomplete, nothing was written`,
          );
        for (const [name, expected] of Object.entries(header.tables))
          if ((loaded[name] ?? 0) !== expected) throw incomplete(name, loaded[name] ?? 0, expected);
        try {
          await sql`set constraints all immediate`.execute(trx); // foreign-key errors surface here, still inside
        } catch (e) {
          throw fail('导出文件中的数据违反外键约束，未写入任何数据', `rows in the file break a foreign key, nothing was written: ${(e as Error).message}`);
        }
        const counts: Record<string, number> = {};
        for (const [name, expected] of Object.entries(header.tables)) {
          await resetSequences(trx, name);
          counts[name] = await countRows(trx, name);
          if (counts[name] !== expected) throw incomplete(name, counts[name], expected);
        }
        return counts;
      });
    return { tables };
  } finally {
    await lines.return(undefined); // closes the file if we stopped early
  }
}

/**
 * Tables whose rows the migrations seed as defaults (the official calendar, deadline rules): an import
 * replaces them with the file's rows instead of refusing a target that holds only those defaults.
 */
export const MIGRATION_DEFAULTS = ['calendar_years', 'calendar_days', 'deadline_rules', 'warning_rules', 'keyperson_categories', 'patrol_checklists'];

/** The target has the file's migrations and tables, and every one of its tables is empty. */
async function checkTarget(trx: Q, header: Header) {
  const applied = new Set(await appliedMigrations(trx));
  const missing = header.migrations.filter((m) => !applied.has(m));
  if (missing.length)
    throw fail(`目标数据库缺少迁移 ${missing.join(', ')}，请先升级`, `the target lacks migrations ${missing.join(', ')}: migrate it first`);
  const target = await listTables(trx);
  const names = new Set(target.map((t) => t.name));
  for (const name of Object.keys(header.tables))
    if (!names.has(name)) throw fail(`目标数据库没有表 ${name}`, `the target database has no table ${name}`);
  for (const t of target) {
    if (MIGRATION_DEFAULTS.includes(t.name)) {
      await sql`delete from ${tbl(t.name)}`.execute(trx);
      continue;
    }
    const { rows } = await sql<{ found: boolean }>`select exists (select 1 from ${tbl(t.name)}) as found`.execute(trx);
    if (rows[0].found) throw fail(`目标数据库的表 ${t.name} 不是空的，拒绝导入`, `target table ${t.name} is not empty: import refused`);
  }
}

/** Column name → whether it is generated (computed, never inserted). */
async function tableColumns(q: Q, table: string) {
  const { rows } = await sql<{ name: string; generated: boolean }>`
    select column_name::text as name, is_generated <> 'NEVER' as generated from information_schema.columns
    where table_schema = 'public' and table_name = ${table} order by ordinal_position`.execute(q);
  return new Map(rows.map((r) => [r.name, r.generated]));
}

/** The file's columns minus generated ones; one the target lacks would lose data, so it is refused. */
function insertColumns(table: string, columns: Map<string, boolean>, sample: unknown) {
  const names = Object.keys(sample as object);
  const lost = names.filter((c) => !columns.has(c));
  if (lost.length) throw fail(`目标表 ${table} 没有列 ${lost.join(', ')}`, `target table ${table} has no column ${lost.join(', ')}`);
  return sql.join(names.filter((c) => !columns.get(c)).map((c) => sql.id(c)));
}

/** Every sequence owned by a column of `table` (serial or identity) continues after its largest value. */
async function resetSequences(q: Q, table: string) {
  const { rows } = await sql<{ col: string; seq: string }>`
    select col, seq from (
      select a.attname::text as col, pg_get_serial_sequence(format('%I.%I', 'public', ${table}::text), a.attname) as seq
      from pg_attribute a where a.attrelid = ${regclass(table)} and a.attnum > 0 and not a.attisdropped) s
    where seq is not null`.execute(q);
  for (const r of rows)
    await sql`select setval(${r.seq}::regclass, m, true)
      from (select max(${sql.id(r.col)}) as m from ${tbl(table)}) x where m is not null`.execute(q);
}

/** A plain-text table of row counts, for the command-line tools. */
export function formatCounts(tables: Record<string, number>) {
  const cols = (s: string) => [...s].reduce((w, ch) => w + (ch.codePointAt(0)! >= 0x2e80 ? 2 : 1), 0); // CJK is double width
  const rows: [string, string][] = [['表 table', '行 rows'], ...Object.entries(tables).map(([t, n]): [string, string] => [t, String(n)])];
  rows.push(['合计 total', String(Object.values(tables).reduce((a, b) => a + b, 0))]);
  const w1 = Math.max(...rows.map(([a]) => cols(a)));
  const w2 = Math.max(...rows.map(([, b]) => cols(b)));
  return rows.map(([a, b]) => `  ${a}${' '.repeat(w1 - cols(a))}  ${' '.repeat(w2 - cols(b))}${b}`).join('\n');
}
