// fq_ngrams was rewritten for speed (migration 2026112818): it must give exactly what the first version gave,
// since stored search vectors made by the old body stay in the tables and the search queries use the new one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import fc from 'fast-check';
import { freshDatabase } from './helpers.js';
import { SLOW } from '../src/db/migrations/2026112818_fast_ngrams.js';
import type { Database } from '../src/db/database.js';

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
  await sql.raw(`create function fq_ngrams_v1(t text) returns tsvector language sql immutable as $fq$${SLOW}$fq$`).execute(database.db);
});
afterAll(async () => {
  await sql`drop function fq_ngrams_v1`.execute(database.db);
  await database.close();
});

async function differences(texts: (string | null)[]) {
  const r = await sql<{ t: string | null; now: string; before: string }>`
    select t, fq_ngrams(t)::text as now, fq_ngrams_v1(t)::text as before from unnest(${texts}::text[]) t`.execute(database.db);
  return r.rows.filter((x) => x.now !== x.before);
}

describe('fq_ngrams', () => {
  it('gives the same characters and pairs as the first version on edge cases', async () => {
    const edge = [null, '', ' ', '!!', 'a', 'ab', 'abc', 'A B', '  中 ', '邻里纠纷 12 楼上漏水，影响ABC  x', '的的的的', "O'Brien", 'é ü ß', '😀中😀', '一\t二\n三', '巴彦淖尔市杭锦后旗陕坝镇',
      '宅基地宅基地', '阿拉坦·其其格', 'Ⅻ①ａｂ', '😀👍 表情', '150826 19900101 123X', '\\slash\\', 'Ab AB ab'];
    expect(await differences(edge)).toEqual([]);
    const r = await sql<{ v: string }>`select fq_ngrams('楼上漏水')::text as v`.execute(database.db);
    expect(r.rows[0].v).toBe(`'上' '上漏' '楼' '楼上' '水' '漏' '漏水'`);
  });

  it('gives the same answer on random text of Chinese, Latin, digits, spaces and punctuation', async () => {
    const alphabet = [...'邻里纠纷楼上漏水影响住户协商未果的一二三abcXYZ019 ，。、！!?.-_\t'];
    const text = fc.array(fc.constantFrom(...alphabet), { maxLength: 60 }).map((a) => a.join(''));
    await fc.assert(fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 50 }), async (texts) => {
      expect(await differences(texts)).toEqual([]);
    }), { numRuns: 20 });
  });

  it('gives the same answer for every text of the demo data (cases, addresses, people, units)', async () => {
    const r = await sql<{ t: string }>`
      select title || ' ' || description as t from cases union all select full_name from addresses
      union all select name from people union all select name from establishments`.execute(database.db);
    expect(r.rows.length).toBeGreaterThan(50);
    expect(await differences(r.rows.map((x) => x.t))).toEqual([]);
  });

  it('handles a long text (linear, not quadratic)', async () => {
    const long = '邻里纠纷楼上漏水影响楼下住户协商未果'.repeat(300);
    expect(await differences([long])).toEqual([]);
  });
});
