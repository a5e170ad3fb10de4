-- Spike alerts for monitors (server/ai/spikes, SpikeAlertService): each morning a job judges yesterday per
-- category × district; an alert day opens an episode, and alert days that follow it (holidays, which are not judged,
-- in between) extend it. One row per episode; department and provincial monitors whose scope covers it are told once.
create table spike_alerts (
  id                   uuid primary key,
  category_id          text not null references categories (id),
  department_id        text not null references departments (id),
  district_id          text not null references areas (id),
  first_day            date not null,
  last_day             date not null check (last_day >= first_day),
  alert_days           integer not null default 1 check (alert_days >= 1),
  -- The most surprising day of the episode: its count, what was expected, its tail probability and which test fired.
  peak_day             date not null,
  peak_observed        integer not null,
  peak_expected        real not null,
  peak_p_value         double precision not null,
  peak_test            text not null check (peak_test in ('day', 'window')),
  status               text not null default 'open' check (status in ('open', 'acknowledged')),
  acknowledged_by      uuid references staff_users (id),
  acknowledged_at      timestamptz,
  acknowledgement_note text,
  created_at           timestamptz not null,
  updated_at           timestamptz not null,
  -- Reached like a complaint of that department in that district (migration 0013): monitors of the department or
  -- the province over an area containing the district.
  jurisdiction_keys    text[] generated always as (ekhtyar_jurisdiction_keys(null, department_id, district_id)) stored
);
-- A rerun of the job for the same day finds the episode it opened instead of opening another.
create unique index spike_alerts_cell_idx on spike_alerts (category_id, district_id, first_day);
create index spike_alerts_cell_last_idx on spike_alerts (category_id, district_id, last_day);
create index spike_alerts_jurisdiction_idx on spike_alerts using gin (jurisdiction_keys);
create index spike_alerts_status_idx on spike_alerts (status, last_day desc);

-- Who was told of which episode: one row per (episode, monitor), so no rerun tells anyone twice. The e-mail, if the
-- monitor has an address, is the outbox row (outbox.recipient_staff_id).
create table spike_alert_notifications (
  alert_id       uuid not null references spike_alerts (id) on delete cascade,
  staff_user_id  uuid not null references staff_users (id) on delete cascade,
  outbox_id      bigint references outbox (id),
  created_at     timestamptz not null,
  primary key (alert_id, staff_user_id)
);

-- Staff-facing messages in the outbox (the spike alert e-mails): addressed to a staff account, not a citizen.
alter table outbox add column recipient_staff_id uuid references staff_users (id);

alter table spike_alerts enable row level security;
alter table spike_alert_notifications enable row level security;
create policy app_all on spike_alerts to ekhtyar_app using (true) with check (true);
create policy app_all on spike_alert_notifications to ekhtyar_app using (true) with check (true);
-- Staff see and acknowledge the episodes their keys reach; who may acknowledge is the application's rule.
create policy staff_read on spike_alerts for select to ekhtyar_staff using (jurisdiction_keys && (select ekhtyar_keys()));
create policy staff_change on spike_alerts for update to ekhtyar_staff using (jurisdiction_keys && (select ekhtyar_keys())) with check (jurisdiction_keys && (select ekhtyar_keys()));
