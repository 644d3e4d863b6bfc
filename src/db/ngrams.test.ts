// fq_ngrams was rewritten for speed (migration 2026112817_fast_ngrams): its output must be exactly the first
// definition's, or the stored search vectors of existing rows would disagree with new ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { freshDatabase } from '../../test/helpers.js';
import type { Database } from './database.js';

let d: Database;
beforeAll(async () => {
  d = await freshDatabase();
  await sql`
    create function fq_ngrams_v1(t text) returns tsvector language sql immutable as $$
      select coalesce(array_to_tsvector(array_agg(distinct g)), ''::tsvector) from (
        select substr(s, i, 1) as g from (select regexp_replace(lower(coalesce(t, '')), '[[:space:][:punct:]]+', '', 'g') as s) x, generate_series(1, length(s)) i
        union all
        select substr(s, i, 2) from (select regexp_replace(lower(coalesce(t, '')), '[[:space:][:punct:]]+', '', 'g') as s) x, generate_series(1, greatest(length(s) - 1, 0)) i
      ) grams where g <> ''
    $$`.execute(d.db);
});
afterAll(() => d.close());

describe('fq_ngrams', () => {
  it('gives the first definition\'s vector for tricky text and for every text of the demo data', async () => {
    const tricky = ['', ' ', '!!', 'x', 'A B', '宅基地宅基地', '合同纠纷，邻里 土地!!', '阿拉坦·其其格', 'Ⅻ①ａｂ', '😀👍 表情', '150826 19900101 123X', "it's a 'quote'", '\\slash\\', 'aaaa', 'Ab AB ab'];
    const rows = await sql<{ t: string | null; same: boolean }>`
      with texts as (
        select unnest(${tricky}::text[]) as t union all select null
        union all select title || ' ' || description from cases
        union all select full_name from addresses union all select name from people union all select name from establishments
      ) select t, fq_ngrams(t) = fq_ngrams_v1(t) as same from texts`.execute(d.db);
    expect(rows.rows.length).toBeGreaterThan(tricky.length + 50);
    expect(rows.rows.filter((r) => !r.same)).toEqual([]);
    const v = await sql<{ v: string }>`select fq_ngrams('邻里纠纷')::text as v`.execute(d.db);
    expect(v.rows[0].v).toBe("'纠' '纠纷' '纷' '邻' '邻里' '里' '里纠'");
  });
});
