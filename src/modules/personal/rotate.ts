// Key rotation, step 3 of docs/PERSONAL-DATA.md: re-seal every sealed column still under an old key
// with the active key, in small batches (short transactions, so the embedded database keeps answering).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { CipherSuite } from './crypto.js';

/** Every column that holds sealed personal data: later registers add theirs here. */
export const SEALED_COLUMNS: { table: string; column: string }[] = [
  { table: 'people', column: 'id_number_sealed' },
  { table: 'people', column: 'phone_sealed' },
  { table: 'users', column: 'phone_sealed' },
  { table: 'sms_outbox', column: 'phone_sealed' },
];

export async function rotateSealedColumns(db: Kysely<DB>, cipher: CipherSuite, batch = 500, onProgress?: (table: string, column: string, n: number) => void) {
  const prefix = `%.${cipher.activeKeyId}.%`;
  let total = 0;
  for (const { table, column } of SEALED_COLUMNS) {
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
