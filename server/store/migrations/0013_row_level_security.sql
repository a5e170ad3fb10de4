-- Jurisdiction enforced by PostgreSQL itself, under the application's own checks. The application's two pools
-- connect with the startup option `role=…`, so from the first byte (and after any RESET ROLE) they act as roles that
-- are neither superuser nor owner nor BYPASSRLS:
--   ekhtyar_app    the application's own work (intake, public tracking, citizens' actions, jobs): sees every row
--   ekhtyar_staff  what staff read and do: sees only the rows whose jurisdiction keys meet the keys the request set
--                  for its transaction with set_config('ekhtyar.keys', …, true), i.e. SET LOCAL. Nothing set, nothing seen.
do $$
begin
  create role ekhtyar_app nologin nosuperuser nobypassrls;
exception when duplicate_object or unique_violation then
  null; -- made by an earlier migration of another database of this cluster (roles are cluster-wide)
end $$;
do $$
begin
  create role ekhtyar_staff nologin nosuperuser nobypassrls;
exception when duplicate_object or unique_violation then
  null;
end $$;

do $$
begin
  -- The migrating role must be able to become either (superusers always can).
  execute format('grant ekhtyar_app, ekhtyar_staff to %I', current_user);
exception when others then
  raise notice 'could not grant the application roles to %: %', current_user, sqlerrm;
end $$;

grant usage on schema public to ekhtyar_app, ekhtyar_staff;
grant select, insert, update, delete on all tables in schema public to ekhtyar_app, ekhtyar_staff;
grant usage, select on all sequences in schema public to ekhtyar_app, ekhtyar_staff;
alter default privileges in schema public grant select, insert, update, delete on tables to ekhtyar_app, ekhtyar_staff;
alter default privileges in schema public grant usage, select on sequences to ekhtyar_app, ekhtyar_staff;

-- Jurisdiction as keys, so that the check is one array overlap per row, served by a GIN index. A complaint carries
--   "o:<office>"                        for its office,
--   "<department>:<area>", "*:<area>"   for its area and every area above it (scope reaches down, never up),
--   "<department>:", "*:"               instead, while it has no area yet (triage).
-- A staff member's keys (server/domain/permissions/jurisdiction.ts, jurisdictionKeys) are "o:<office>" for the
-- offices they work in (officers, heads of office) and "<department or *>:<area>" for each scope pair (heads of
-- office, monitors), plus "<department or *>:" for a province-wide pair. canWorkOn is the same rule, in TypeScript;
-- test/row-level-security.test.ts holds the two together.
create function ekhtyar_jurisdiction_keys(p_office text, p_department text, p_area text) returns text[] language sql immutable parallel safe as $$
  select case when p_office is null then '{}'::text[] else array['o:' || p_office] end
      || case when p_area is null then
           array['*:'] || case when p_department is null then '{}'::text[] else array[p_department || ':'] end
         else (
           select array_agg(k order by k)
             from (select array_to_string(parts[1:i], '.') as a
                     from (select string_to_array(p_area, '.') as parts) x, generate_series(1, cardinality(string_to_array(p_area, '.'))) as i) up,
                  lateral (select '*:' || up.a as k union all select p_department || ':' || up.a where p_department is not null) keys)
         end
$$;

alter table complaints add column jurisdiction_keys text[] generated always as (ekhtyar_jurisdiction_keys(office_id, department_id, area_id)) stored;
create index complaints_jurisdiction_idx on complaints using gin (jurisdiction_keys);

-- The request's keys, read once per statement (wrapped in a scalar subquery below, so it becomes an InitPlan).
create function ekhtyar_keys() returns text[] language sql stable as $$ select coalesce(nullif(current_setting('ekhtyar.keys', true), '')::text[], '{}') $$;

alter table complaints enable row level security;
alter table complaint_events enable row level security;
alter table attachments enable row level security;
alter table citizens enable row level security;

create policy app_all on complaints to ekhtyar_app using (true) with check (true);
create policy app_all on complaint_events to ekhtyar_app using (true) with check (true);
create policy app_all on attachments to ekhtyar_app using (true) with check (true);
create policy app_all on citizens to ekhtyar_app using (true) with check (true);

-- Staff read and change only complaints in their jurisdiction. A transfer may move one out of it (that is its point),
-- so the row after an update is not held to the keys here; who may transfer is the application's rule.
create policy staff_read on complaints for select to ekhtyar_staff using (jurisdiction_keys && (select ekhtyar_keys()));
create policy staff_change on complaints for update to ekhtyar_staff using (jurisdiction_keys && (select ekhtyar_keys())) with check (true);

-- Events, attachments and citizens follow their complaint (the subqueries are filtered by the complaints policy).
create policy staff_read on complaint_events for select to ekhtyar_staff using (exists (select 1 from complaints c where c.id = complaint_events.complaint_id));
create policy staff_add on complaint_events for insert to ekhtyar_staff with check (exists (select 1 from complaints c where c.id = complaint_events.complaint_id));
create policy staff_read on attachments for select to ekhtyar_staff using (exists (select 1 from complaints c where c.id = attachments.complaint_id));
create policy staff_add on attachments for insert to ekhtyar_staff with check (exists (select 1 from complaints c where c.id = attachments.complaint_id));
create policy staff_read on citizens for select to ekhtyar_staff using (exists (select 1 from complaints c where c.citizen_id = citizens.id));

-- Moving a complaint to another office: PostgreSQL holds an updated row to the SELECT policy as well, so staff could
-- never hand a complaint to an office outside their own jurisdiction, which is what a transfer is. This function
-- (running with its owner's rights, so outside the policies) makes that one move, and only on a complaint the
-- caller's keys reach now (staff actions are its only callers).
create function ekhtyar_place_complaint(p_id uuid, p_office text, p_department text, p_area text) returns boolean
  language plpgsql security definer set search_path = public, pg_temp as $$
begin
  update complaints set office_id = p_office, department_id = p_department, area_id = p_area, assigned_officer_id = null
   where id = p_id and jurisdiction_keys && ekhtyar_keys();
  return found;
end $$;
revoke all on function ekhtyar_place_complaint(uuid, text, text, text) from public;
grant execute on function ekhtyar_place_complaint(uuid, text, text, text) to ekhtyar_staff;
