-- PostgreSQL roles for a county server (docs/DATABASE.md). Run once as a superuser, replacing the password.
-- fengqiao_owner owns the schema and runs migrations; fengqiao_app is what the server connects as.
-- The app may read and write every table except the audit tables, which it may only read and append to.
do $$ begin
  if not exists (select from pg_roles where rolname = 'fengqiao_app') then
    create role fengqiao_app login password 'change-me';
  end if;
end $$;
grant usage on schema public to fengqiao_app;
grant select, insert, update, delete on all tables in schema public to fengqiao_app;
grant usage, select on all sequences in schema public to fengqiao_app;
revoke update, delete, truncate on audit_log, audit_seals from fengqiao_app;
alter default privileges in schema public grant select, insert, update, delete on tables to fengqiao_app;
alter default privileges in schema public grant usage, select on sequences to fengqiao_app;
