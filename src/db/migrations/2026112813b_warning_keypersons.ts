import { sql, type Kysely } from 'kysely';

// 研判预警: a fifth rule now that key persons exist — villages with key persons whose visits are overdue.
export async function up(db: Kysely<any>) {
  await sql`alter table warning_rules drop constraint warning_rules_rule_check`.execute(db);
  await sql`alter table warning_rules add constraint warning_rules_rule_check check (rule in ('type_surge','repeat_filer','group_dispute','petition_deadline','key_person_visits'))`.execute(db);
  await sql`insert into warning_rules (rule, params) values ('key_person_visits', ${JSON.stringify({ overdueDays: 7, minPersons: 1 })}::jsonb)`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`delete from warnings where rule = 'key_person_visits'`.execute(db);
  await sql`delete from warning_rules where rule = 'key_person_visits'`.execute(db);
  await sql`alter table warning_rules drop constraint warning_rules_rule_check`.execute(db);
  await sql`alter table warning_rules add constraint warning_rules_rule_check check (rule in ('type_surge','repeat_filer','group_dispute','petition_deadline'))`.execute(db);
}
