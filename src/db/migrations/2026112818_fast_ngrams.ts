import { sql, type Kysely } from 'kysely';

// fq_ngrams (characters and overlapping pairs, for 1- and 2-character Chinese search) computes every stored
// search_vector column (cases, people, addresses, establishments) on each insert. The first version, one SQL
// statement with generate_series, union and array_agg(distinct), cost ~0.34 ms for a 30-character text and grew
// with the square of the length (~370 ms for 2,000 characters): half of PostgreSQL's time per intake. This one
// returns the same tsvector (array_to_tsvector sorts and removes duplicates; checked against the old one in
// fast-ngrams.test.ts) in ~0.01 ms, linear in the length. Replacing the body keeps the function, so the
// generated columns and their indexes stay as they are.
const body = (language: string, source: string) =>
  sql.raw(`create or replace function fq_ngrams(t text) returns tsvector language ${language} immutable parallel safe as $fq$${source}$fq$`);

export const FAST = `
declare
  c text[] := string_to_array(regexp_replace(lower(coalesce(t, '')), '[[:space:][:punct:]]+', '', 'g'), null);
  n int := coalesce(array_length(c, 1), 0);
  a text[];
begin
  if n = 0 then return ''::tsvector; end if;
  a := c;
  for i in 1 .. n - 1 loop a[n + i] := c[i] || c[i + 1]; end loop;
  return array_to_tsvector(a);
end`;

export const SLOW = `
      select coalesce(array_to_tsvector(array_agg(distinct g)), ''::tsvector) from (
        select substr(s, i, 1) as g from (select regexp_replace(lower(coalesce(t, '')), '[[:space:][:punct:]]+', '', 'g') as s) x, generate_series(1, length(s)) i
        union all
        select substr(s, i, 2) from (select regexp_replace(lower(coalesce(t, '')), '[[:space:][:punct:]]+', '', 'g') as s) x, generate_series(1, greatest(length(s) - 1, 0)) i
      ) grams where g <> ''
    `;

export async function up(db: Kysely<any>) {
  await body('plpgsql', FAST).execute(db);
}

export async function down(db: Kysely<any>) {
  await body('sql', SLOW).execute(db);
}
