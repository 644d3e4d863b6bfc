import { sql, type Kysely } from 'kysely';

// A grid has several members (网格长, 网格员, 民警, 志愿者); a person may serve several grids.
export async function up(db: Kysely<any>) {
  await sql`
    create table grid_members (
      region_id bigint not null references regions(id) deferrable initially immediate,
      user_id bigint not null references users(id) on delete cascade deferrable initially immediate,
      duty text not null check (duty in ('grid_leader','grid_worker','police','volunteer')),
      added_at timestamptz not null default now(),
      primary key (region_id, user_id)
    )`.execute(db);
  await sql`create index grid_members_user on grid_members (user_id)`.execute(db);
  await sql`comment on table grid_members is '网格成员：网格长、网格员、民警、志愿者 — grid members (many to many)'`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`drop table grid_members`.execute(db);
}
