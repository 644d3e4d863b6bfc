import { sql, type Kysely } from 'kysely';

// fq_ngrams (characters + overlapping pairs, the Chinese search vector of cases, people, addresses and units)
// was a SQL function with two generate_series, a union and a distinct aggregate: it could not be inlined and
// cost ~0.2 ms a row on PGlite — about half of what an import of people spent per row (docs/PERFORMANCE.md,
// "Import switch-over"). The same result from a PL/pgSQL loop is 6–15 times cheaper on both databases.
// array_to_tsvector sorts and removes duplicates, as the distinct did. Stored vectors stay valid: the output
// is identical (src/db/ngrams.test.ts compares it with the first definition).
export async function up(db: Kysely<any>) {
  await sql`
    create or replace function fq_ngrams(t text) returns tsvector language plpgsql immutable parallel safe as $$
    declare
      s text := regexp_replace(lower(coalesce(t, '')), '[[:space:][:punct:]]+', '', 'g');
      n int := length(s);
      a text[] := '{}';
    begin
      for i in 1..n loop a := a || substr(s, i, 1); end loop;
      for i in 1..n - 1 loop a := a || substr(s, i, 2); end loop;
      return array_to_tsvector(a);
    end $$`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`
    create or replace function fq_ngrams(t text) returns tsvector language sql immutable parallel safe as $$
      select coalesce(array_to_tsvector(array_agg(distinct g)), ''::tsvector) from (
        select substr(s, i, 1) as g from (select regexp_replace(lower(coalesce(t, '')), '[[:space:][:punct:]]+', '', 'g') as s) x, generate_series(1, length(s)) i
        union all
        select substr(s, i, 2) from (select regexp_replace(lower(coalesce(t, '')), '[[:space:][:punct:]]+', '', 'g') as s) x, generate_series(1, greatest(length(s) - 1, 0)) i
      ) grams where g <> ''
    $$`.execute(db);
}
