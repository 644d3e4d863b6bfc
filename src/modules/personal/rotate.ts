// Key rotation, step 3 of docs/PERSONAL-DATA.md: re-seal every sealed column still under an old key
// with the active key, in small batches (short transactions, so the embedded database keeps answering).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { CipherSuite } from './crypto.js';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Every column that holds sealed personal data, found by its name: a text column `…_sealed` in a table
 * with an `id` key. A register that adds one is covered without being listed anywhere.
 */
export async function sealedColumns(db: Kysely<DB>): Promise<{ table: string; column: string }[]> {
  const r = await sql<{ table: string; column: string }>`
    select c.table_name as "table", c.column_name as "column"
    from information_schema.columns c
    where c.table_schema = current_schema() and c.column_name like '%\_sealed' and c.data_type = 'text'
      and exists (select 1 from information_schema.columns k
                  where k.table_schema = c.table_schema and k.table_name = c.table_name and k.column_name = 'id')
    order by 1, 2`.execute(db);
  return r.rows;
}

export async function rotateSealedColumns(db: Kysely<DB>, cipher: CipherSuite, batch = 500, onProgress?: (table: string, column: string, n: number) => void) {
  const prefix = `%.${cipher.activeKeyId}.%`;
  let total = 0;
  for (const { table, column } of await sealedColumns(db)) {
    let lastId = 0;
    for (;;) {
      const rows = await sql<{ id: number; v: string }>`
        select id, ${sql.ref(column)} as v from ${sql.table(table)}
        where id > ${lastId} and ${sql.ref(column)} is not null and ${sql.ref(column)} not like ${prefix}
        order by id limit ${batch}`.execute(db);
      if (rows.rows.length === 0) break;
      await db.transaction().execute(async (trx) => {
        for (const r of rows.rows) {
          if (!cipher.needsRotation(r.v)) continue;
          await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${cipher.reencrypt(r.v)} where id = ${r.id} and ${sql.ref(column)} = ${r.v}`.execute(trx);
          total++;
        }
      });
      lastId = rows.rows[rows.rows.length - 1].id;
      onProgress?.(table, column, rows.rows.length);
    }
  }
  return total;
}

/**
 * Sealed files (key-person visit photos: `…/*.sealed` under the files directory, each one sealed value) are
 * re-sealed the same way: written beside and renamed over, so a file is always whole. Answers how many.
 */
export async function rotateSealedFiles(filesDir: string, cipher: CipherSuite, onProgress?: (file: string) => void) {
  let total = 0;
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile() && e.name.endsWith('.sealed')) {
        const v = await readFile(full, 'utf8');
        if (!cipher.needsRotation(v)) continue;
        const tmp = `${full}.rotating`;
        await writeFile(tmp, cipher.reencrypt(v));
        await rename(tmp, full);
        total++;
        onProgress?.(full);
      }
    }
  };
  await walk(filesDir);
  return total;
}
