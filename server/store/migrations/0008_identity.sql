-- Staff accounts and sessions. A staff member has one role (DESIGN.md section 1), the offices they work in and a
-- scope of (department, area) pairs; a null department means every department of the area. Passwords are argon2id
-- hashes; heads of office, monitors and administrators must add a TOTP second factor. Sessions are kept here (not in
-- a process) so any process can serve any request; the cookie holds a random token, this table only its sha256.
create table staff_users (
  id                   uuid primary key,
  username             text not null unique check (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
  display_name         text not null check (length(display_name) between 1 and 200),
  email                text,                                  -- work address, for account notices
  role                 text not null check (role in ('intake_agent', 'officer', 'head_of_office', 'department_monitor',
                         'provincial_monitor', 'analyst', 'administrator')),
  password_hash        text not null,
  password_changed_at  timestamptz not null,
  must_change_password boolean not null default false,       -- set by an administrator's reset: a temporary password
  totp_secret          text,                                  -- base32; present once enrolment starts
  totp_enabled_at      timestamptz,                           -- set when the first code is confirmed
  totp_last_step       bigint,                                -- last accepted time step: a code is never accepted twice
  failed_attempts      integer not null default 0,
  locked_until         timestamptz,
  disabled_at          timestamptz,
  created_at           timestamptz not null,
  updated_at           timestamptz not null
);

create table staff_user_offices (
  user_id    uuid not null references staff_users (id) on delete cascade,
  office_id  text not null references offices (id),
  primary key (user_id, office_id)
);
create index staff_user_offices_office_idx on staff_user_offices (office_id);

create table staff_user_scopes (
  user_id        uuid not null references staff_users (id) on delete cascade,
  department_id  text references departments (id),
  area_id        text not null references areas (id),
  unique nulls not distinct (user_id, department_id, area_id)
);

create table sessions (
  token_hash    bytea primary key,                            -- sha256 of the cookie's token
  user_id       uuid not null references staff_users (id) on delete cascade,
  stage         text not null check (stage in ('second_factor', 'enrol_second_factor', 'change_password', 'active')),
  csrf_token    text not null,                                -- sent back in X-CSRF-Token on every cookie-authenticated write
  created_at    timestamptz not null,
  last_seen_at  timestamptz not null,
  expires_at    timestamptz not null,                         -- absolute limit; the idle limit counts from last_seen_at
  ip            inet,
  user_agent    text
);
create index sessions_user_idx on sessions (user_id);
create index sessions_expires_idx on sessions (expires_at);

-- Staff queues are live: whenever complaints are filed or change (state, office, assignee, escalation, deadline),
-- the offices concerned are told on this channel, old and new place both (a transfer leaves one queue and joins
-- another). One notice per (office, department, area) per statement, so a batch of filings costs a few notices.
create function notify_complaint_queue() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    perform pg_notify('complaint_queue', json_build_object('o', office_id, 'd', department_id, 'a', area_id, 'c', codes)::text)
       from (select office_id, department_id, area_id, (array_agg(code))[1:50] as codes from new_rows group by 1, 2, 3) g;
  else
    perform pg_notify('complaint_queue', json_build_object('o', office_id, 'd', department_id, 'a', area_id, 'c', codes)::text)
       from (select office_id, department_id, area_id, (array_agg(distinct code))[1:50] as codes
               from (select n.code, p.office_id, p.department_id, p.area_id
                       from new_rows n join old_rows o on o.id = n.id
                       cross join lateral (values (n.office_id, n.department_id, n.area_id), (o.office_id, o.department_id, o.area_id)) as p(office_id, department_id, area_id)
                      where n.state is distinct from o.state or n.office_id is distinct from o.office_id
                         or n.assigned_officer_id is distinct from o.assigned_officer_id
                         or n.escalation_level is distinct from o.escalation_level or n.due_at is distinct from o.due_at
                         or n.event_count is distinct from o.event_count) changed
              group by 1, 2, 3) g;
  end if;
  return null;
end $$;

create trigger complaints_queue_insert after insert on complaints
  referencing new table as new_rows for each statement execute function notify_complaint_queue();
create trigger complaints_queue_update after update on complaints
  referencing old table as old_rows new table as new_rows for each statement execute function notify_complaint_queue();
