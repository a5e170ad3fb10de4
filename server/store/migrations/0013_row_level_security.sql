-- Jurisdiction enforced by PostgreSQL itself, under the application's own checks. The application's pools connect
-- with the startup option `role=ekhtyar_app`: a role that is neither superuser nor owner nor BYPASSRLS, so every row
-- it reads or writes in the tables below passes these policies. (Set at connection start, RESET ROLE returns to it.)
-- Each staff request sets its scope with set_config(..., true), i.e. SET LOCAL, inside its own transaction:
--   ekhtyar.role     the staff role, or 'service' for the application's own work (intake, public tracking, citizens'
--                    actions, jobs), which its pool sets for the whole session
--   ekhtyar.offices  the offices the staff member works in (text[] literal)
--   ekhtyar.scope_keys  the (department, area) scope pairs as keys (see ekhtyar_jurisdiction_keys)
-- With nothing set, nothing is visible: a forgotten scope fails closed.
do $$
begin
  create role ekhtyar_app nologin nosuperuser nobypassrls;
exception when duplicate_object or unique_violation then
  null; -- made by an earlier migration of another database of this cluster (roles are cluster-wide)
end $$;

do $$
begin
  -- The migrating role must be able to become ekhtyar_app (superusers always can).
  execute format('grant ekhtyar_app to %I', current_user);
exception when others then
  raise notice 'could not grant ekhtyar_app to %: %', current_user, sqlerrm;
end $$;

grant usage on schema public to ekhtyar_app;
grant select, insert, update, delete on all tables in schema public to ekhtyar_app;
grant usage, select on all sequences in schema public to ekhtyar_app;
alter default privileges in schema public grant select, insert, update, delete on tables to ekhtyar_app;
alter default privileges in schema public grant usage, select on sequences to ekhtyar_app;

-- The scope, read once per statement (each call below is wrapped in a scalar subquery, so it becomes an InitPlan).
create function ekhtyar_role() returns text language sql stable as $$ select current_setting('ekhtyar.role', true) $$;
create function ekhtyar_offices() returns text[] language sql stable as $$ select coalesce(nullif(current_setting('ekhtyar.offices', true), '')::text[], '{}') $$;

-- Scope matching as array overlap, so that it is cheap per row and can use an index. A complaint carries the keys
-- "<department>:<area>" and "*:<area>" for its area and every area above it (none below: scope reaches down, not
-- up); a scope pair (department or "*", area) becomes the one key "<department or *>:<area>". A complaint with no
-- area yet (triage) carries "<department>:" and "*:", which only a province-wide pair (an area without a dot) adds
-- to its keys. server/domain/permissions/jurisdiction.ts (inScope) is the same rule; tests hold them together.
create function ekhtyar_jurisdiction_keys(p_department text, p_area text) returns text[] language sql immutable parallel safe as $$
  select case when p_area is null then
      array['*:'] || case when p_department is null then '{}'::text[] else array[p_department || ':'] end
    else (
      select array_agg(k order by k)
        from (select array_to_string(parts[1:i], '.') as a
                from (select string_to_array(p_area, '.') as parts) x, generate_series(1, cardinality(string_to_array(p_area, '.'))) as i) up,
             lateral (select '*:' || up.a as k union all select p_department || ':' || up.a where p_department is not null) keys)
  end
$$;

alter table complaints add column jurisdiction_keys text[] generated always as (ekhtyar_jurisdiction_keys(department_id, area_id)) stored;
create index complaints_jurisdiction_idx on complaints using gin (jurisdiction_keys);

create function ekhtyar_scope_keys() returns text[] language sql stable as $$ select coalesce(nullif(current_setting('ekhtyar.scope_keys', true), '')::text[], '{}') $$;

-- The jurisdiction rules of server/domain/permissions/jurisdiction.ts (canWorkOn), in SQL.
create function ekhtyar_may_work_on(p_office text, p_keys text[]) returns boolean language sql stable as $$
  select case (select ekhtyar_role())
    when 'service' then true
    when 'officer' then p_office = any ((select ekhtyar_offices())::text[])
    when 'head_of_office' then p_office = any ((select ekhtyar_offices())::text[]) or p_keys && (select ekhtyar_scope_keys())
    when 'department_monitor' then p_keys && (select ekhtyar_scope_keys())
    when 'provincial_monitor' then p_keys && (select ekhtyar_scope_keys())
    else false
  end
$$;

alter table complaints enable row level security;
alter table complaint_events enable row level security;
alter table attachments enable row level security;
alter table citizens enable row level security;

-- Reading and changing: only complaints in the scope. A transfer may move a complaint out of the actor's scope
-- (that is its point), so the row after an update is not held to the scope; who may transfer is the app's rule.
create policy complaints_read on complaints for select to ekhtyar_app using (ekhtyar_may_work_on(office_id, jurisdiction_keys));
create policy complaints_change on complaints for update to ekhtyar_app using (ekhtyar_may_work_on(office_id, jurisdiction_keys)) with check (true);
create policy complaints_add on complaints for insert to ekhtyar_app with check ((select ekhtyar_role()) = 'service');
create policy complaints_remove on complaints for delete to ekhtyar_app using ((select ekhtyar_role()) = 'service');

-- Events, attachments and citizens follow their complaint: visible when the complaint is (the subquery is itself
-- filtered by the complaints policy).
create policy events_read on complaint_events for select to ekhtyar_app
  using ((select ekhtyar_role()) = 'service' or exists (select 1 from complaints c where c.id = complaint_events.complaint_id));
create policy events_add on complaint_events for insert to ekhtyar_app
  with check ((select ekhtyar_role()) = 'service' or exists (select 1 from complaints c where c.id = complaint_events.complaint_id));

create policy attachments_read on attachments for select to ekhtyar_app
  using ((select ekhtyar_role()) = 'service' or exists (select 1 from complaints c where c.id = attachments.complaint_id));
create policy attachments_add on attachments for insert to ekhtyar_app
  with check ((select ekhtyar_role()) = 'service' or exists (select 1 from complaints c where c.id = attachments.complaint_id));
create policy attachments_service on attachments for update to ekhtyar_app using ((select ekhtyar_role()) = 'service');
create policy attachments_service_delete on attachments for delete to ekhtyar_app using ((select ekhtyar_role()) = 'service');

create policy citizens_read on citizens for select to ekhtyar_app
  using ((select ekhtyar_role()) = 'service' or exists (select 1 from complaints c where c.citizen_id = citizens.id));
create policy citizens_service on citizens for all to ekhtyar_app using ((select ekhtyar_role()) = 'service') with check ((select ekhtyar_role()) = 'service');

-- Moving a complaint to another office: PostgreSQL holds an updated row to the reader's SELECT policy as well, so a
-- staff member could never hand a complaint to an office outside their own scope — which is what a transfer is.
-- This function (running with its owner's rights, so outside the policies) makes that one move, and only on a
-- complaint the caller's scope may work on now; who may transfer, and to where, is the application's rule.
create function ekhtyar_place_complaint(p_id uuid, p_office text, p_department text, p_area text) returns boolean
  language plpgsql security definer set search_path = public, pg_temp as $$
begin
  update complaints set office_id = p_office, department_id = p_department, area_id = p_area, assigned_officer_id = null
   where id = p_id and ekhtyar_may_work_on(office_id, jurisdiction_keys);
  return found;
end $$;
revoke all on function ekhtyar_place_complaint(uuid, text, text, text) from public;
grant execute on function ekhtyar_place_complaint(uuid, text, text, text) to ekhtyar_app;
