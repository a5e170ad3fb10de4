-- Saved views of the staff queue: a staff member keeps the filters they use often under a name. They are their
-- own: nobody else reads, changes or deletes them. The application role sees a row only while its transaction has
-- set ekhtyar.user_id to the row's owner (SavedViewService sets it), under the repository's own user_id checks.
create table saved_views (
  id          uuid primary key,
  user_id     uuid not null references staff_users (id) on delete cascade,
  name        text not null check (char_length(name) between 1 and 80),
  filters     jsonb not null,
  created_at  timestamptz not null default now()
);

-- Names are unique per user, whatever their case.
create unique index saved_views_user_name_idx on saved_views (user_id, lower(name));

alter table saved_views enable row level security;
create function ekhtyar_user_id() returns uuid language sql stable as $$ select nullif(current_setting('ekhtyar.user_id', true), '')::uuid $$;
create policy own_views on saved_views to ekhtyar_app
  using (user_id = (select ekhtyar_user_id())) with check (user_id = (select ekhtyar_user_id()));

grant select, insert, delete on saved_views to ekhtyar_app;
