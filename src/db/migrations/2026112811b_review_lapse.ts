import { sql, type Kysely } from 'kysely';

// 信访复查、复核 answered late: the sweep marks each overdue request once (lapsed_at), like a supervision order.
export async function up(db: Kysely<any>) {
  await sql`alter table case_reviews add column lapsed_at timestamptz`.execute(db);
  await sql`drop index case_reviews_due`.execute(db);
  await sql`create index case_reviews_due on case_reviews (decide_due_at) where decided_at is null and lapsed_at is null`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`drop index case_reviews_due`.execute(db);
  await sql`create index case_reviews_due on case_reviews (decide_due_at) where decided_at is null`.execute(db);
  await sql`alter table case_reviews drop column lapsed_at`.execute(db);
}
