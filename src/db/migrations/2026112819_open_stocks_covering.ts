import { sql, type Kysely } from 'kysely';

// The open-case stocks (open now, overdue open) of a statistics query are counted from the cases through the
// partial index `cases_open`. It held only the place path, so each open case's row was read from the table:
// a cost that grew with the table (more scattered pages) although the open cases stayed as many. The index
// now carries every column the stocks statement groups or filters by, so it becomes an index-only scan
// (on pages the vacuum has marked all-visible).
const OPEN = sql`status in ('reported','filed','assigned','in_progress','to_verify','verified')`;

export async function up(db: Kysely<any>) {
  await sql`drop index cases_open`.execute(db);
  await sql`create index cases_open on cases (place_path text_pattern_ops)
    include (stage_due_at, category, dispute_type, channel, level, assigned_unit_id, office_unit_id, business_date) where ${OPEN}`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`drop index cases_open`.execute(db);
  await sql`create index cases_open on cases (place_path text_pattern_ops) where ${OPEN}`.execute(db);
}
