// Statements marked PREPARE run as named prepared statements on PostgreSQL (parsed and planned once per
// connection) and unchanged on PGlite.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { freshDatabase, onPostgres } from '../../test/helpers.js';
import { PREPARE } from './database.js';

describe('PREPARE statements', () => {
  it('answer the same as unmarked ones, and on PostgreSQL stay prepared on the connection', async () => {
    const database = await freshDatabase();
    try {
      await database.db.connection().execute(async (conn) => {
        for (const n of [1, 2, 3]) {
          const r = await sql<{ n: number }>`${sql.raw(PREPARE)}select ${n}::int8 + 1 as n`.execute(conn);
          expect(r.rows).toEqual([{ n: n + 1 }]);
        }
        if (onPostgres()) {
          const p = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(conn);
          expect(p.rows.filter((x) => x.statement.startsWith(PREPARE.trim()))).toHaveLength(1);
        }
      });
      // an unmarked statement is not prepared
      await database.db.connection().execute(async (conn) => {
        await sql`select ${1}::int8 as unmarked`.execute(conn);
        if (onPostgres()) {
          const p = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(conn);
          expect(p.rows.some((x) => x.statement.includes('unmarked'))).toBe(false);
        }
      });
    } finally {
      await database.close();
    }
  });
});
